"""Normalisation, decoding of raw bytes and safe display of untrusted text."""

from __future__ import annotations

import codecs
import hashlib
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sahel_tui.core.errors import SahelError
from sahel_tui.core.text import decode_bytes, hazards, normalize, safe_display, safe_line, sha256_text

# Code points that must never reach a terminal from safe_display.
DANGEROUS = (
    {chr(c) for c in range(0x20) if c not in (0x09, 0x0A)}
    | {"\x7f"}
    | {chr(c) for c in range(0x80, 0xA0)}
    | set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
    | set("\u200b\u200c\u200d\u2060\ufeff\u2028\u2029")
)


def dangerous_in(text: str) -> set[str]:
    return {ch for ch in text if ch in DANGEROUS or 0xD800 <= ord(ch) <= 0xDFFF or 0xE0000 <= ord(ch) <= 0xE007F}


# -- normalize ---------------------------------------------------------------------


def test_normalize_composes_accents_to_nfc():
    decomposed = "Die\u0301ma"
    assert normalize(decomposed) == "Diéma"
    assert len(normalize(decomposed)) == 5


def test_normalize_line_endings_and_bom():
    assert normalize("\ufeffa\r\nb\rc\n") == "a\nb\nc\n"


def test_normalize_keeps_inner_zero_width_no_break_space():
    assert normalize("a\ufeffb") == "a\ufeffb"


@given(st.text())
def test_normalize_is_idempotent(text):
    once = normalize(text)
    assert normalize(once) == once
    assert "\r" not in once
    assert not once.startswith("\ufeff")


# -- decode_bytes ------------------------------------------------------------------

SAMPLE = "Mali’s army took Diéma.\nNiamey – Bamako.\n"


@pytest.mark.parametrize(
    "data",
    [
        SAMPLE.encode("utf-8"),
        codecs.BOM_UTF8 + SAMPLE.encode("utf-8"),
        codecs.BOM_UTF16_LE + SAMPLE.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be"),
        codecs.BOM_UTF32_LE + SAMPLE.encode("utf-32-le"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf32le-bom"],
)
def test_decode_unicode_encodings_without_warnings(data):
    text, warnings = decode_bytes(data)
    assert normalize(text) == SAMPLE
    assert warnings == []


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_decode_bomless_utf16_is_detected_with_a_warning(encoding):
    text, warnings = decode_bytes(SAMPLE.encode(encoding))
    assert text == SAMPLE
    assert len(warnings) == 1 and encoding.upper() in warnings[0]


def test_decode_cp1252_fallback_names_first_bad_byte():
    data = b"Line one\n" + b"Caf\xe9 \x93quoted\x94"
    text, warnings = decode_bytes(data)
    assert text == "Line one\nCafé “quoted”"
    assert len(warnings) == 1
    assert "byte 12" in warnings[0] and "line 2" in warnings[0] and "Windows-1252" in warnings[0]


def test_decode_mixed_utf8_keeps_the_valid_utf8():
    data = "Mali’s ".encode() + b"\xe9t\xe9"
    text, warnings = decode_bytes(data)
    assert text == "Mali’s été"
    assert warnings


def test_decode_unassigned_cp1252_byte_falls_back_to_latin1():
    text, warnings = decode_bytes(b"abc \x81 def \xff")
    assert text == "abc \x81 def ÿ"
    assert warnings


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 64 + b"IHDR",
        b"hello\x00world",
        bytes(range(0, 32)) * 20,
    ],
    ids=["png", "nul", "controls"],
)
def test_decode_rejects_binary(data):
    with pytest.raises(SahelError, match="binary file, skipped"):
        decode_bytes(data)


def test_decode_text_with_a_few_escapes_is_not_binary():
    data = ("Some article text. " * 10 + "\x1b[2J\x07").encode()
    text, _ = decode_bytes(data)
    assert "\x1b[2J" in text


@given(st.binary(max_size=300))
def test_decode_arbitrary_bytes_returns_text_or_says_binary(data):
    try:
        text, warnings = decode_bytes(data)
    except SahelError as exc:
        assert str(exc) == "binary file, skipped"
    else:
        assert isinstance(text, str)
        assert all(isinstance(w, str) and "\n" not in w for w in warnings)


# -- safe_display / safe_line ------------------------------------------------------


def test_safe_display_control_pictures():
    assert safe_display("a\x1b[2Jb") == "a\u241b[2Jb"
    assert safe_display("\x00\x07\x7f") == "\u2400\u2407\u2421"
    assert safe_display("\x85\x9b") == "\ufffd\ufffd"


def test_safe_display_keeps_tabs_newlines_and_ordinary_text():
    text = "Diéma\tBamako\n北京 مالي e\u0301 [bold]x[/] [@click=app.quit]"
    assert safe_display(text) == text


def test_safe_display_makes_bidi_and_zero_width_visible():
    shown = safe_display("abc\u202edcba\u2066x\u2069 zero\u200bwidth\ufeff")
    assert shown == "abc\ufffddcba\ufffdx\ufffd zero\u25ccwidth\u25cc"


def test_safe_display_osc_sequences_are_inert():
    text = "\x1b]52;c;ZWNobyBwd25lZA==\x07 \x1b]0;owned\x07"
    shown = safe_display(text)
    assert "\x1b" not in shown and "\x07" not in shown
    assert "52;c;ZWNobyBwd25lZA==" in shown


def test_safe_display_preserves_length_so_offsets_stay_valid():
    text = "x\x1b\u202e\u200b\x85\ud800y"
    assert len(safe_display(text)) == len(text)


def test_safe_display_caps_with_ellipsis():
    assert safe_display("abcdef", 4) == "abc…"
    assert safe_display("abcd", 4) == "abcd"
    assert safe_display("abcdef", 0) == ""
    assert safe_display("abcdef", 1) == "…"


def test_safe_line_flattens_newlines_and_tabs():
    assert safe_line("Title\nsecond\tpart\u2028x\r") == "Title second part x\u240d"
    assert safe_line("a" * 50, 10) == "a" * 9 + "…"


@given(st.text(), st.one_of(st.none(), st.integers(min_value=0, max_value=200)))
def test_safe_display_never_lets_dangerous_code_points_through(text, max_len):
    shown = safe_display(text, max_len)
    assert not dangerous_in(shown)
    line = safe_line(text, max_len)
    assert not dangerous_in(line) and "\n" not in line and "\t" not in line
    if max_len is not None:
        assert len(shown) <= max_len and len(line) <= max_len
    shown.encode("utf-8")  # always printable as UTF-8


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_safe_display_is_identity_on_harmless_text(text):
    harmless = "".join(
        ch for ch in text if not dangerous_in(ch) and unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Zl", "Zp")
    )
    assert safe_display(harmless) == harmless


# -- misc ----------------------------------------------------------------------------


def test_sha256_text_is_utf8_sha256():
    assert sha256_text("Diéma") == hashlib.sha256("Diéma".encode()).hexdigest()


def test_hazards_reports_kind_count_and_first_offset():
    found = {kind: (count, first) for kind, count, first in hazards("ok \x1b[2J and \u202e and \u200b\u200b")}
    assert found["terminal escape sequence"] == (1, 3)
    assert found["bidirectional control character"][0] == 1
    assert found["invisible character"][0] == 2
    assert hazards("plain text, Diéma – 北京") == []


@pytest.mark.parametrize(
    "data",
    [
        b"Road open\x07\x07\x08\x01\n\x0b\x0b\x0b\x0bok.\x02\x03\x04\x05\x06",
        "Ségou\x0c\x07\x1b[1mvillage\x1b[0m\x07\x08".encode(),
    ],
    ids=["short-with-controls", "accents-form-feed-bell-escape"],
)
def test_utf8_text_with_stray_control_characters_is_text(data):
    text, warnings = decode_bytes(data)
    assert text == data.decode("utf-8") and warnings == []


def test_undecodable_bytes_that_are_mostly_controls_are_binary():
    with pytest.raises(SahelError, match="binary file, skipped"):
        decode_bytes(bytes(range(1, 32)) * 20 + b"\xff\xfe\x81")
