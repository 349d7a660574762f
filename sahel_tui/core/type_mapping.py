"""Entity types of other annotation tools, mapped onto sahel-tui's labels.

spaCy/OntoNotes, CoNLL-2003, brat, Prodigy, ACLED exports and the like name
their types differently (``ORG``, ``GPE``, ``PER``...).  This table says which
of our labels each one means.  It is used wherever a type is read: the
importers, ``labels.get`` (so annotation files and ``entities.yaml`` written by
hand or by another tool may say ``type: ORG``) and the command line.

Keys are matched case-insensitively after the same normalisation as label ids
(spaces and hyphens become ``_``): ``gpe``, ``GPE`` and ``Gpe`` are one key.  A
label a workspace defines itself always wins over this table.

======================  ===============  ===============================================
foreign type            our label        where it comes from
======================  ===============  ===============================================
PER, PERS, PERSON       PERSON           CoNLL, spaCy, brat, Prodigy
ORG, ORGANISATION       ORGANIZATION     CoNLL, spaCy (ORG), British spelling
NORP                    ORGANIZATION     spaCy/OntoNotes: nationalities, religious or
                                         political groups (re-label armed ones by hand)
LOC, GPE, PLACE         LOCATION         CoNLL (LOC), spaCy/OntoNotes (GPE, LOC)
FAC, FACILITY           LOCATION         OntoNotes: buildings, airports, bases, bridges
MISC, MISCELLANEOUS     EVENT            CoNLL's catch-all; review after import
EVT, EVENT_NAME         EVENT            spaCy (EVENT), other schemes
DATE, TIME, TIMEX       DATE             spaCy, TimeML
WEAPON, VEHICLE, PRODUCT EQUIPMENT       ACE (WEA, VEH), OntoNotes (PRODUCT)
MILITARY, ARMY          STATE_FORCE      custom military schemes
ARMED_ACTOR, MILITIA,   ARMED_GROUP      ACLED-style schemes
REBEL, INSURGENT,
TERRORIST_GROUP
FOREIGN_FORCE, PMC      EXTERNAL_FORCE   custom schemes
======================  ===============  ===============================================
"""

from __future__ import annotations

import re

FOREIGN_TYPES: dict[str, str] = {
    "PER": "PERSON",
    "PERS": "PERSON",
    "PEOPLE": "PERSON",
    "ORG": "ORGANIZATION",
    "ORGANISATION": "ORGANIZATION",
    "NORP": "ORGANIZATION",
    "LOC": "LOCATION",
    "GPE": "LOCATION",
    "PLACE": "LOCATION",
    "FAC": "LOCATION",
    "FACILITY": "LOCATION",
    "MISC": "EVENT",
    "MISCELLANEOUS": "EVENT",
    "EVT": "EVENT",
    "EVENT_NAME": "EVENT",
    "TIME": "DATE",
    "TIMEX": "DATE",
    "TIMEX3": "DATE",
    "WEAPON": "EQUIPMENT",
    "WEA": "EQUIPMENT",
    "VEHICLE": "EQUIPMENT",
    "VEH": "EQUIPMENT",
    "PRODUCT": "EQUIPMENT",
    "MILITARY": "STATE_FORCE",
    "ARMY": "STATE_FORCE",
    "ARMED_ACTOR": "ARMED_GROUP",
    "MILITIA": "ARMED_GROUP",
    "REBEL": "ARMED_GROUP",
    "INSURGENT": "ARMED_GROUP",
    "TERRORIST_GROUP": "ARMED_GROUP",
    "FOREIGN_FORCE": "EXTERNAL_FORCE",
    "PMC": "EXTERNAL_FORCE",
}


def type_key(text: str) -> str:
    """``b-gpe`` stays ``B_GPE``; ``armed group`` -> ``ARMED_GROUP`` (the label-id normalisation)."""
    return re.sub(r"[\s\-]+", "_", text.strip()).upper()


def foreign_label(text: str) -> str | None:
    """Our label id for a foreign type name (any case), or ``None`` when the table has none."""
    if not isinstance(text, str):
        return None
    return FOREIGN_TYPES.get(type_key(text))
