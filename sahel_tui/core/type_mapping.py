"""Entity types of other annotation tools, mapped onto sahel-tui's labels.

spaCy/OntoNotes, CoNLL-2003, ACE, TimeML, brat and Prodigy projects name
their types differently (``ORG``, ``GPE``, ``PER``...).  This table says which
of our labels each one means.  It is used wherever a type is read: the
importers, ``labels.get`` (so annotation files and ``entities.yaml`` written by
hand or by another tool may say ``type: ORG``) and the command line.

Keys are matched case-insensitively after the same normalisation as label ids
(spaces and hyphens become ``_``): ``gpe``, ``GPE`` and ``Gpe`` are one key.  A
label a workspace defines itself always wins over this table.

==================================  ============  ==========================================
foreign type (any case)             our label     where it comes from
==================================  ============  ==========================================
PER, PERS, PEOPLE                   PERSON        CoNLL-2003, ACE, brat, Prodigy
ORG, ORGANISATION                   ORGANIZATION  CoNLL, spaCy/OntoNotes, ACE; UK spelling
NORP                                ORGANIZATION  OntoNotes: nationalities, religious and
                                                  political groups (re-label armed ones)
LOC, GPE, PLACE                     LOCATION      CoNLL (LOC), OntoNotes and ACE (GPE, LOC)
FAC, FACILITY                       LOCATION      OntoNotes, ACE: bases, airports, bridges
MISC, MISCELLANEOUS                 EVENT         CoNLL's catch-all: review after import
EVT, EVENT_NAME                     EVENT         other schemes' event types
TIME, TIMEX, TIMEX3                 DATE          OntoNotes (TIME), TimeML
WEA, VEH, VEHICLE, PRODUCT          EQUIPMENT     ACE (WEA, VEH), OntoNotes (PRODUCT)
==================================  ============  ==========================================

Our own ids (``PERSON``, ``LOCATION``, ``EVENT``, ``DATE``...) need no row.
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
    "WEA": "EQUIPMENT",
    "VEHICLE": "EQUIPMENT",
    "VEH": "EQUIPMENT",
    "PRODUCT": "EQUIPMENT",
}


def type_key(text: str) -> str:
    """``gpe`` -> ``GPE``, ``event name`` -> ``EVENT_NAME`` (the normalisation of label ids)."""
    return re.sub(r"[\s\-]+", "_", text.strip()).upper()


def foreign_label(text: str) -> str | None:
    """Our label id for a foreign type name (any case), or ``None`` when the table has none."""
    if not isinstance(text, str):
        return None
    return FOREIGN_TYPES.get(type_key(text))
