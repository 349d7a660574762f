"""Text handling shared by the loader, the index and both shells.

* :func:`normalize` gives the canonical form every offset refers to: NFC, ``\\n``
  line endings, no leading byte-order mark.
* :func:`decode_bytes` turns raw file bytes into text (UTF-8, UTF-16/32 with or
  without BOM, legacy Windows-1252 as a fallback) and refuses binary files.
* :func:`safe_display` and :func:`safe_line` make untrusted text harmless in a
  terminal.  The mapping replaces each dangerous code point with exactly one
  visible code point, so offsets into the original text stay valid in the
  displayed text (only the ``max_len`` cap shortens it):

  ==========================================  ===================================
  code points                                 shown as
  ==========================================  ===================================
  C0 controls except TAB and LF (U+0000-001F)  control pictures U+2400-U+241F (␛)
  DEL (U+007F)                                ␡ (U+2421)
  C1 controls (U+0080-U+009F)                 � (U+FFFD)
  bidi controls (U+202A-202E, U+2066-2069,    � (U+FFFD)
  U+200E, U+200F, U+061C)
  zero-width and other invisible format       ◌ (U+25CC, dotted circle)
  characters (U+200B-200D, U+2060-2064,
  U+FEFF, U+180E, U+FFF9-FFFB)
  line / paragraph separators (U+2028/2029)   ␤ (U+2424)
  tag characters (U+E0000-E007F), lone        � (U+FFFD)
  surrogates (U+D800-DFFF)
  ==========================================  ===================================

  Nothing else changes: the output is plain text, never markup, because the
  shells render untrusted text literally.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata

from sahel_tui.core.errors import SahelError

ELLIPSIS = "\u2026"
REPLACEMENT = "\ufffd"
INVISIBLE_MARK = "\u25cc"
NEWLINE_MARK = "\u2424"

BIDI_CONTROLS = frozenset([0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)])
ZERO_WIDTH = frozenset([*range(0x200B, 0x200E), *range(0x2060, 0x2065), 0xFEFF, 0x180E, *range(0xFFF9, 0xFFFC)])
LINE_SEPARATORS = frozenset([0x2028, 0x2029])


def _display_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0x20):
        if code not in (0x09, 0x0A):
            table[code] = chr(0x2400 + code)
    table[0x7F] = "\u2421"
    for code in range(0x80, 0xA0):
        table[code] = REPLACEMENT
    for code in BIDI_CONTROLS:
        table[code] = REPLACEMENT
    for code in ZERO_WIDTH:
        table[code] = INVISIBLE_MARK
    for code in LINE_SEPARATORS:
        table[code] = NEWLINE_MARK
    for code in [*range(0xE0000, 0xE0080), *range(0xD800, 0xE000)]:
        table[code] = REPLACEMENT
    return table


_DISPLAY = _display_table()
_LINE = {**_DISPLAY, 0x09: " ", 0x0A: " ", 0x2028: " ", 0x2029: " "}

# -- normalisation -------------------------------------------------------------------

_NEWLINES = re.compile(r"\r\n?")


def normalize(text: str) -> str:
    """NFC, ``\\r\\n`` and lone ``\\r`` to ``\\n``, leading byte-order marks removed."""
    text = _NEWLINES.sub("\n", text.lstrip("\ufeff"))
    return unicodedata.normalize("NFC", text)


def sha256_text(text: str) -> str:
    """Hex sha256 of ``text`` encoded as UTF-8 (lone surrogates escaped, never an error)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def line_of(text: str, offset: int) -> int:
    """1-based line number of ``offset`` in ``text``."""
    return text.count("\n", 0, max(0, offset)) + 1


# -- decoding ------------------------------------------------------------------------

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_SAMPLE = 8192
_CONTROL_BYTES = bytes(sorted(set(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D, 0x1B}))
_CONTROL_CHARS = frozenset(chr(byte) for byte in _CONTROL_BYTES)
_MAX_CONTROL_RATIO = 0.3
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")


def _guess_utf16(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` when NUL bytes sit in every other position, as in ASCII-heavy UTF-16."""
    sample = data[:_SAMPLE]
    if len(sample) < 4 or len(data) % 2:
        return None
    half = len(sample) // 2
    even_nuls = sample[0::2].count(0) / half
    odd_nuls = sample[1::2].count(0) / half
    if odd_nuls > 0.3 and even_nuls < 0.05:
        return "utf-16-le"
    if even_nuls > 0.3 and odd_nuls < 0.05:
        return "utf-16-be"
    return None


def _check_not_binary(data: bytes) -> None:
    """NUL bytes, or bytes that are not UTF-8 and mostly controls, make a file binary.

    Valid UTF-8 with stray control characters (form feed, BEL, escape sequences
    from a scraped page) is text: they are shown as symbols.
    """
    if b"\x00" in data:
        raise SahelError("binary file, skipped")
    sample = data[:_SAMPLE]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))  # counted in C, not per byte
    if not sample or controls / len(sample) <= _MAX_CONTROL_RATIO:
        return
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        raise SahelError("binary file, skipped") from None


def _mostly_controls(text: str) -> bool:
    sample = text[:_SAMPLE]
    controls = sum(ch in _CONTROL_CHARS for ch in sample)
    return bool(sample) and controls / len(sample) > _MAX_CONTROL_RATIO


def _decode_unicode(data: bytes, encoding: str, label: str) -> tuple[str, list[str]]:
    try:
        return data.decode(encoding), []
    except UnicodeDecodeError as exc:
        text = data.decode(encoding, errors="replace")
        return text, [f"invalid {label} at byte {exc.start}; undecodable bytes shown as {REPLACEMENT}"]


def _cp1252_byte(match: re.Match[str]) -> str:
    byte = bytes([ord(match.group()) - 0xDC00])
    try:
        return byte.decode("cp1252")
    except UnicodeDecodeError:  # 0x81, 0x8D, 0x8F, 0x90, 0x9D are unassigned in cp1252
        return byte.decode("latin-1")


def _decode_legacy(data: bytes, error: UnicodeDecodeError) -> tuple[str, list[str]]:
    """UTF-8 where possible, each invalid byte read as Windows-1252 (Latin-1 when unassigned)."""
    escaped = data.decode("utf-8", errors="surrogateescape")
    bad = len(_ESCAPED_BYTE.findall(escaped))
    text = _ESCAPED_BYTE.sub(_cp1252_byte, escaped)
    first = error.start
    line = data.count(b"\n", 0, first) + 1
    warning = (
        f"invalid UTF-8 at byte {first} (line {line}, 0x{data[first]:02x}); "
        f"{bad} byte{'s' if bad != 1 else ''} read as Windows-1252"
    )
    return text, [warning]


def decode_bytes(data: bytes) -> tuple[str, list[str]]:
    """Decode a raw article file: ``(text, warnings)``; ``text`` is not yet normalised.

    UTF-8 (with or without BOM), UTF-16 and UTF-32 with a BOM, UTF-16 without a
    BOM when its NUL pattern gives it away; otherwise invalid UTF-8 bytes are read
    as Windows-1252 with a warning naming the first bad byte.  Raises
    :class:`SahelError` ``binary file, skipped`` for NUL bytes outside UTF-16/32 or
    a high share of control bytes.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text, warnings = _decode_unicode(data[len(bom) :], encoding, encoding.upper())
            if encoding != "utf-8" or "\x00" not in text:
                return text, warnings
            raise SahelError("binary file, skipped")
    guessed = _guess_utf16(data)
    if guessed is not None:
        utf16: str | None
        try:
            utf16 = data.decode(guessed)
        except UnicodeDecodeError:
            utf16 = None
        if utf16 is not None and "\x00" not in utf16 and not _mostly_controls(utf16):
            return utf16, [f"no byte-order mark; decoded as {guessed.upper()}"]
    _check_not_binary(data)
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        return _decode_legacy(data, exc)


# -- safe display ----------------------------------------------------------------------


def _cap(text: str, max_len: int | None) -> str:
    if max_len is None or len(text) <= max_len:
        return text
    if max_len <= 0:
        return ""
    return text[: max_len - 1] + ELLIPSIS


def safe_display(text: str, max_len: int | None = None) -> str:
    """Untrusted text made harmless for a terminal (see the module docstring for the mapping).

    Tabs and newlines are kept; the result is capped to ``max_len`` code points,
    the last one an ellipsis when text was cut.
    """
    return _cap(text, max_len).translate(_DISPLAY)


def safe_line(text: str, max_len: int | None = None) -> str:
    """:func:`safe_display` for one-line displays: newlines, tabs and line separators become spaces."""
    return _cap(text, max_len).translate(_LINE)


# -- hazards -------------------------------------------------------------------------

_HAZARDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("terminal escape sequence", re.compile(r"\x1b[\[\]PX^_]|\x9b|\x9d")),
    ("control character", re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")),
    ("bidirectional control character", re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")),
    ("invisible character", re.compile("[\u200b-\u200d\u2060-\u2064\ufeff\u180e\ufff9-\ufffb\U000e0000-\U000e007f]")),
)


def hazards(text: str) -> list[tuple[str, int, int]]:
    """Kinds of terminal-unsafe characters in ``text``: ``(kind, count, first offset)``.

    The text itself is kept as it is; :func:`safe_display` shows these characters
    as visible symbols.
    """
    found = []
    for kind, pattern in _HAZARDS:
        first = pattern.search(text)
        if first is not None:
            found.append((kind, len(pattern.findall(text)), first.start()))
    return found
