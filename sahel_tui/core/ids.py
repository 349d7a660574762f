"""Validation of ids that end up in file names.

Article ids come from file names in the corpus (:func:`article_id_for_file`);
mention and entity ids come from YAML files and the command line.  None of them
is ever used as a path without passing through :func:`safe_child`.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata
from pathlib import Path

from sahel_tui.core.errors import InvalidInput

ENTITY_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,63}$")
MENTION_ID_RE = re.compile(r"^m-[0-9a-f]{6,32}$")
_MAX_ARTICLE_ID = 200
# A file stem used as the article id as it is: ASCII letters, digits, '_', '.', '-'.
PLAIN_ARTICLE_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")
_ID_SLUG_MAX = 48
_ID_HASH_LEN = 10


def is_valid_article_id(article_id: str) -> bool:
    """Article ids are file stems: printable, no separators, no leading dot."""
    if not isinstance(article_id, str) or not article_id or len(article_id) > _MAX_ARTICLE_ID:
        return False
    if PLAIN_ARTICLE_ID_RE.match(article_id):  # the common case, checked once per article per sync
        return True
    if article_id.startswith(".") or article_id != article_id.strip():
        return False
    return all(not (ch in "/\\" or (unicodedata.category(ch)[0] in "CZ" and ch != " ")) for ch in article_id)


def article_id_for_file(name: str) -> str:
    """The article id of a corpus file called ``name`` (the file name, not a path).

    ``<stem>.txt`` whose stem is already a plain id (ASCII letters, digits, ``_``,
    ``.``, ``-``; at most 100 characters) keeps its stem, so existing ids never
    change.  Any other name (spaces, accents, other scripts, control characters,
    long names, another suffix case) gets :func:`derived_article_id`.
    """
    stem, dot, suffix = name.rpartition(".")
    if dot and suffix == "txt" and PLAIN_ARTICLE_ID_RE.match(stem):
        return stem
    return derived_article_id(name)


def derived_article_id(name: str) -> str:
    """``<ascii slug of the stem>-<10 hex of the name's sha256>``: safe in any file system, stable.

    The hash is of the whole file name (NFC, so a name read back in another
    normalisation form keeps its id); names that differ only in case or spacing
    get different ids.
    """
    name = unicodedata.normalize("NFC", name)
    stem = name.rpartition(".")[0] or name
    digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:_ID_HASH_LEN]
    folded = unicodedata.normalize("NFKD", stem)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:_ID_SLUG_MAX].rstrip("-") or "article"
    return f"{slug}-{digest}"


def check_article_id(article_id: str) -> str:
    if not is_valid_article_id(article_id):
        raise InvalidInput(f"invalid article id {article_id!r}")
    return article_id


def check_entity_id(entity_id: str) -> str:
    if not isinstance(entity_id, str) or not ENTITY_ID_RE.match(entity_id):
        raise InvalidInput(f"invalid entity id {entity_id!r}: use lowercase letters, digits, '_', '.' or '-'")
    return entity_id


def new_mention_id() -> str:
    return "m-" + secrets.token_hex(6)


def slugify(name: str) -> str:
    """A catalog id proposed for a new entity name (``Africa Corps`` -> ``africa-corps``)."""
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")
    return (slug or "entity")[:64].rstrip("-") or "entity"


def safe_child(folder: Path, name: str, suffix: str = "", *, root: Path | None = None) -> Path:
    """``folder/name+suffix``, refusing any name that would land outside ``folder``.

    ``root`` is ``folder.resolve()`` when the caller already knows it (a store asks once per article).
    """
    check_article_id(name)
    candidate = (folder / f"{name}{suffix}").resolve()
    root = root if root is not None else folder.resolve()
    if candidate.parent != root:
        raise InvalidInput(f"id {name!r} does not name a file inside {folder}")
    return candidate
