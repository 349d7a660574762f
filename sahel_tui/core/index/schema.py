"""The Whoosh schema and the Whoosh document of an :class:`IndexDoc`."""

from __future__ import annotations

from typing import Any

from whoosh import columns, fields

from sahel_tui.core import analysis
from sahel_tui.core.index.rows import IndexedArticle, clean_cell, date_number, valid_ids
from sahel_tui.core.models import IndexDoc

#: Bump when fields change; together with the analysis version it must match
#: the version recorded beside an index, else the index is rebuilt.
SCHEMA_VERSION = 2
INDEX_VERSION = f"{SCHEMA_VERSION}.{analysis.ANALYSIS_VERSION}"


def build_schema() -> fields.Schema:
    """The Whoosh schema (see the module docstring of :mod:`analysis` for analyzers)."""
    text = analysis.text_analyzer
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        title=fields.TEXT(analyzer=text(), stored=True, field_boost=2.0),
        body=fields.TEXT(analyzer=text(), stored=True),
        names=fields.TEXT(analyzer=text()),
        # edge n-grams of title and entity names: search-as-you-type
        prefix=fields.TEXT(analyzer=analysis.prefix_analyzer(), phrase=False),
        # (scorable: a field without a length column makes Whoosh stat a file per posting)
        entity=fields.KEYWORD(scorable=True),
        type=fields.KEYWORD(lowercase=True, scorable=True),
        author=fields.KEYWORD(lowercase=True, commas=True, scorable=True),
        source=fields.TEXT(analyzer=analysis.plain_analyzer(), stored=True),
        date_num=fields.NUMERIC(int, bits=32),  # signed: unsigned ranges are buggy in Whoosh
        date=fields.STORED(),
        story=fields.STORED(),
        entities=fields.STORED(),
        # everything the listing, the facets and fingerprints() need, one value per doc
        row=fields.COLUMN(columns.VarBytesColumn()),
    )


def doc_fields(doc: IndexDoc) -> dict[str, Any]:
    """The Whoosh document for one IndexDoc (ids validated, text kept as is)."""
    entity_ids = valid_ids((*doc.entities, *doc.detected))
    labels = tuple(dict.fromkeys(clean_cell(label).replace(" ", "_") for label in doc.labels if label))
    names = "\n".join(n for n in doc.names if n)
    date = doc.date if date_number(doc.date) is not None else None
    row = IndexedArticle(
        doc.id,
        clean_cell(doc.title),
        date,
        clean_cell(doc.source) or None,
        entity_ids,
        labels,
        clean_cell(doc.story) or None,
        clean_cell(doc.fingerprint),
    )
    values: dict[str, Any] = {
        "id": doc.id,
        "title": doc.title,
        "body": doc.body,
        "names": names,
        "prefix": f"{doc.title}\n{names}",
        "entity": " ".join(entity_ids),
        "type": " ".join(labels),
        "author": ",".join(a.replace(",", " ") for a in doc.authors if a),
        "source": doc.source or "",
        "date": date,
        "story": doc.story,
        "entities": entity_ids,
        "row": row.encode(),
    }
    number = date_number(date)
    if number is not None:
        values["date_num"] = number
    return values
