"""Per-article metadata overrides: ``<workspace>/metadata.yaml``.

When the heuristics of the article loader get a title, date, source or url
wrong, the analyst records the right value here::

    001_23b65a7a60091617:
      title: Niger lends Mali a C-130 for operations against CSP-PSD
      date: 2024-03-22
      source: Example Outlet
      url: https://example.org/...

``import`` also records where an article came from: ``author``, ``language``
and ``original_name`` (the imported file's name, exactly as it was).

A value of ``null`` (or a missing key) means "no override".  Invalid entries are
reported as ``file:line`` problems and skipped; they are written back unchanged
when another article's overrides are saved.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from sahel_tui.core import ids
from sahel_tui.core.errors import InvalidInput, Problem, ReadOnlyWorkspace, SahelError
from sahel_tui.core.text import safe_line
from sahel_tui.core.yamlio import YamlDoc, atomic_write_text, dump_yaml, leading_comments, load_yaml, locked_document

METADATA_FILE = "metadata.yaml"
FIELDS = ("title", "date", "source", "url", "author", "language", "original_name")
MAX_FIELD = 500
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PARTIAL_DATE_RE = re.compile(r"^\d{4}(-(?:0[1-9]|1[0-2]))?$")
_HEADER = "# Per-article overrides of title, date (YYYY-MM-DD), source and url.\n"


def metadata_path(workspace_dir: str | Path) -> Path:
    return Path(workspace_dir) / METADATA_FILE


def load_overrides(workspace_dir: str | Path) -> tuple[dict[str, dict[str, str]], list[Problem]]:
    """``{article_id: {field: value}}`` of the valid overrides, and the problems of the rest."""
    try:
        doc = load_yaml(metadata_path(workspace_dir))
    except SahelError as exc:
        return {}, [Problem(exc.path or METADATA_FILE, exc.line, exc.message)]
    return parse_overrides(doc)


def parse_overrides(doc: YamlDoc) -> tuple[dict[str, dict[str, str]], list[Problem]]:
    if doc.data is None:
        return {}, []
    if not isinstance(doc.data, dict):
        return {}, [doc.problem("expected a mapping of article ids to their overrides")]
    overrides: dict[str, dict[str, str]] = {}
    problems: list[Problem] = []
    for article_id, entry in doc.data.items():
        if not isinstance(article_id, str) or not ids.is_valid_article_id(article_id):
            problems.append(
                doc.problem(f"bad article id {article_id!r} (quote ids that look like numbers)", article_id)
            )
            continue
        if not isinstance(entry, dict):
            problems.append(
                doc.problem(f"overrides of {article_id} must be a mapping of title/date/source/url", article_id)
            )
            continue
        fields = _parse_fields(doc, article_id, entry, problems)
        if fields:
            overrides[article_id] = fields
    return overrides, problems


def _parse_fields(doc: YamlDoc, article_id: str, entry: dict[Any, Any], problems: list[Problem]) -> dict[str, str]:
    fields: dict[str, str] = {}
    for key, value in entry.items():
        if key not in FIELDS:
            problems.append(
                doc.problem(
                    f"unknown key {key!r} for {article_id}; use {', '.join(FIELDS)}",
                    article_id,
                    key,
                    severity="warning",
                )
            )
            continue
        if value is None:
            continue
        try:
            fields[key] = check_field(key, value)
        except InvalidInput as exc:
            problems.append(doc.problem(f"{exc.message} (override of {article_id} ignored)", article_id, key))
    return fields


def check_field(key: str, value: Any) -> str:
    """The clean value of one override field, else :class:`InvalidInput`.

    The only validator of overrides: ``metadata.yaml`` and the article loader
    (``articles.load_article(override=...)``) both use it.
    """
    if key not in FIELDS:
        raise InvalidInput(f"unknown metadata field {key!r}; use {', '.join(FIELDS)}")
    if key == "date":
        return check_date(value)
    if not isinstance(value, str):
        raise InvalidInput(f"{key} must be text, not {type(value).__name__}")
    if not value.strip():
        raise InvalidInput(f"{key} must be non-empty text")
    clean = value if key == "original_name" else " ".join(value.split())
    if len(clean) > MAX_FIELD:
        raise InvalidInput(f"{key} is too long ({len(clean)} characters; at most {MAX_FIELD})")
    if key == "url" and not re.match(r"^https?://\S+$", clean):
        raise InvalidInput(f"url must start with http:// or https:// and have no spaces: {_shown(clean)}")
    return clean


def check_date(value: Any) -> str:
    """``YYYY-MM-DD`` of a date override (text or a ``date`` object), else :class:`InvalidInput`.

    Only a full day is a date: the index, the date filters and the results list
    sort and filter by day, so a month (``2024-03``) or a year would silently
    make the article undated.  The message says which day to write instead.
    """
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)  # YAML reads "date: 2024" as a number
    if not isinstance(value, str):
        raise InvalidInput(f"date must be YYYY-MM-DD text, not {_shown(value)}")
    clean = value.strip()
    partial = _PARTIAL_DATE_RE.match(clean)
    if partial:
        first = f"{clean}-01" if partial.group(1) else f"{clean}-01-01"
        raise InvalidInput(f"date must be a full day, YYYY-MM-DD, not {_shown(clean)} (e.g. {first})")
    if not _DATE_RE.match(clean):
        raise InvalidInput(f"date must be YYYY-MM-DD, not {_shown(clean)}")
    try:
        return dt.date.fromisoformat(clean).isoformat()
    except ValueError:
        raise InvalidInput(f"date {_shown(clean)} does not exist (YYYY-MM-DD)") from None


def _shown(value: Any) -> str:
    """An untrusted value quoted for a message: one line, capped."""
    return repr(safe_line(str(value), 40))


def set_override(
    workspace_dir: str | Path, article_id: str, *, read_only: bool = False, **fields: str | None
) -> dict[str, str]:
    """Set (a value) or remove (``None``) override fields of one article; return its overrides.

    Locked re-read + merge + atomic write: other articles' entries, valid or not,
    are kept as they are.
    """
    ids.check_article_id(article_id)
    path = metadata_path(workspace_dir)
    if read_only:
        raise ReadOnlyWorkspace("the workspace is open read-only; metadata was not changed", path=path)
    clean = {key: (None if value is None else check_field(key, value)) for key, value in fields.items()}
    with locked_document(path) as doc:
        data = doc.data if doc.data is not None else {}
        if not isinstance(data, dict):
            raise SahelError("not saved: the file is not a mapping of article ids; fix it first", path=path)
        entry = data.get(article_id)
        if entry is not None and not isinstance(entry, dict):
            raise SahelError(
                f"not saved: the entry of {article_id} is not a mapping; fix it first",
                path=path,
                line=doc.line(article_id),
            )
        entry = _merged_entry(entry or {}, clean)
        if entry:
            data[article_id] = entry
        else:
            data.pop(article_id, None)
        header = leading_comments(doc.text) if doc.text else _HEADER
        atomic_write_text(path, dump_yaml(_sorted(data), header=header), locked=True)
    return {key: value for key, value in entry.items() if key in FIELDS and isinstance(value, str)}


def _merged_entry(entry: dict[Any, Any], changes: dict[str, str | None]) -> dict[Any, Any]:
    merged = dict(entry)
    for key, value in changes.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    ordered = {key: merged[key] for key in FIELDS if key in merged}
    ordered.update({k: v for k, v in merged.items() if k not in ordered})
    return ordered


def _sorted(data: dict[Any, Any]) -> dict[Any, Any]:
    """Entries sorted by article id (ids that are not text keep their place at the end)."""
    text_keys = sorted(k for k in data if isinstance(k, str))
    return {**{k: data[k] for k in text_keys}, **{k: v for k, v in data.items() if not isinstance(k, str)}}
