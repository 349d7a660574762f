"""A hostile corpus: articles, file names and catalog entries built to break a terminal.

Shared by the CLI and the app tests (``tests/cli/test_cli_hostile.py``,
``tests/tui/test_tui_hostile.py``).
"""

from __future__ import annotations

import codecs
import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from sahel_tui.core.ids import article_id_for_file

ESC, BEL = "\x1b", "\x07"
LEAD = "Convoy report from Gao on Friday: the army said the road north was open again."

# Every code point that must never reach a terminal from untrusted text.
DANGEROUS = frozenset(
    {chr(c) for c in range(0x20) if c not in (0x09, 0x0A)}
    | {chr(c) for c in range(0x7F, 0xA0)}
    | set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
)


@dataclass(frozen=True)
class Hostile:
    """One loadable article: its id, the word that finds it, what it must keep and show."""

    id: str
    marker: str  # a made-up word found in this article only
    kept: str  # text the article (and --json) must contain exactly, NFC-normalised
    shown: str  # what a terminal must show for it (control pictures, verbatim brackets, ...)


def _marker(n: int) -> str:
    return "xq" + chr(ord("a") + n // 26) + chr(ord("a") + n % 26) + "z"  # xqaaz, xqabz, ...: no prefix of another


# family -> (hostile text, what the terminal must show for it)
FAMILIES: dict[str, tuple[str, str]] = {
    "markup": (
        "Text [bold]red[/] [@click=app.quit]quit[/] [link=https://evil.example]y[/link] [$accent] "
        "[/] [b unterminated \\ and [@click=app.quit]Q said",
        "[@click=app.quit]quit[/]",
    ),
    "csi": (
        f"Clear {ESC}[2J{ESC}[H screen {ESC}[31mred{ESC}[0m leave {ESC}[?1049l cursor {ESC}[?25l report {ESC}[6n done",
        "␛[2J␛[H",
    ),
    "osc52": (f"Clip {ESC}]52;c;ZWNobyBwd25lZA=={BEL} and {ESC}]52;p;cHduZWQ={ESC}\\ end", "␛]52;c;ZWNobyBwd25lZA==␇"),
    "osc-title": (
        f"Title {ESC}]0;owned title{BEL} and {ESC}]2;owned too{ESC}\\ and {ESC}]1;icon{BEL} end",
        "␛]0;owned",
    ),
    "c0": ("C0 " + "".join(chr(c) for c in range(1, 32) if c not in (9, 10, 13)) + " DEL \x7f end", "␁␂␃␄␅␆␇␈"),
    "c1": ("C1 \u0085 next \u009b31m csi \u009d0;c1 title\u0007 osc \u0090dcs\u009c end", "\ufffd31m"),
    "bidi": (
        "Evil \u202egnp.exe\u202c and \u2066isolate\u2069 \u2067rtl\u2069 \u2068fsi\u2069 "
        "\u200emarks\u200f \u061calm end",
        "\ufffdgnp.exe\ufffd",
    ),
    "zero-width": (
        "zero\u200bwidth\u200cnon\u200djoiner\u2060word\ufeffjoiner \u180e\ufff9\ufffb end",
        "zero◌width◌non◌joiner",
    ),
    "combining": ("Zalgo Z" + "".join(chr(0x300 + i) for i in range(60)) + "algo and Die\u0301ma e\u0301 end", "Diéma"),
    "wide": ("北京市 日本語の記事 🇲🇱 👨\u200d👩\u200d👧 ＡＢＣ full width and مالي and emoji 🤖 end", "北京市"),
}
HOSTILE_TEXT = "".join(text for text, _ in FAMILIES.values())  # every family at once

# id -> (raw bytes builder, hostile text inside, what must show); bytes are built from the article text.
ENCODED = {
    "enc-utf16le": lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"),
    "enc-utf16be": lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
    "enc-utf8-bom": lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
    "enc-crlf": lambda t: t.replace("\n", "\r\n").encode("utf-8"),
    "enc-cr": lambda t: t.replace("\n", "\r").encode("utf-8"),
}
# file stems that are not plain ids: each loads under a derived id (slug + hash of the name)
ODD_NAMES = [
    "with spaces",
    "article with  two spaces ",
    "-rf",
    "--help",
    "[b]odd[@click=app.quit]",
    "Niamey–Bamako é 北京",
    "Tillabéri  report 2025",
    f"esc{ESC}[2J",
    f"osc{ESC}]0;t{BEL}",
    "line\nbreak",
    "x" * 246,
]
ODD_IDS = {name: article_id_for_file(f"{name}.txt") for name in ODD_NAMES}

# skipped files: name -> bytes (None: a 20 MB sparse file)
SKIPPED_CONTENT = {
    "skip-empty.txt": b"",
    "skip-blank.txt": b" \n\t\r\n ",
    "skip-binary.txt": b"\x89PNG\r\n\x1a\n" + b"\x00" * 300,
    "skip-huge.txt": None,
}

ENTITIES_YAML = (
    "version: 1\n"
    "entities:\n"
    "- id: evil-group\n"
    '  name: "Evil \\e]52;c;AAAA\\a [bold]Group[/] \\e[2J \\u202e end"\n'
    "  type: ARMED_GROUP\n"
    '  aliases: ["\\e]0;alias title\\a", "[@click=app.quit]Q"]\n'
    '  note: "\\e]2;note title\\e\\\\ note"\n'
    "- id: gao\n"
    "  name: Gao\n"
    "  type: LOCATION\n"
)


def article_text(marker: str, hostile: str, title: str) -> str:
    return (
        f"{title}\n\n{LEAD} {marker} appears here.\n\n{hostile}\n\n"
        f"The convoy reached Kidal two days later after the {marker} check.\n"
    )


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def build_corpus(corpus: Path, workspace: Path) -> dict[str, Hostile]:
    """Write the hostile corpus and catalog; the articles that must load, by id."""
    corpus.mkdir(parents=True, exist_ok=True)
    workspace.mkdir(parents=True, exist_ok=True)
    loaded: dict[str, Hostile] = {}
    n = 0

    def add(article_id: str, data: bytes, kept: str, shown: str, marker: str, file_name: str | None = None) -> None:
        (corpus / (file_name or f"{article_id}.txt")).write_bytes(data)
        loaded[article_id] = Hostile(article_id, marker, nfc(kept), shown)

    for family, (hostile, shown) in FAMILIES.items():
        marker = _marker(n)
        n += 1
        text = article_text(marker, hostile, f"Hostile {family} {hostile[:50]}")
        add(f"h-{family}", text.encode("utf-8"), hostile, shown, marker)
    for article_id, encode in ENCODED.items():
        marker = _marker(n)
        n += 1
        hostile = FAMILIES["csi"][0]
        add(article_id, encode(article_text(marker, hostile, f"Encoded {article_id}")), hostile, "␛[2J", marker)
    marker = _marker(n)
    n += 1
    legacy = (
        f"Encoded legacy\n\n{LEAD} {marker} appears here.\n\nLe march\xe9 de Gao a rouvert apr\xe8s deux semaines.\n"
    )
    add(
        "enc-invalid-utf8",
        legacy.encode("cp1252"),
        "Le marché de Gao a rouvert après deux semaines.",
        "Le marché de Gao",
        marker,
    )
    marker = _marker(n)
    n += 1
    long_line = f"{LEAD} {marker} appears here. {HOSTILE_TEXT} " + "The convoy moved north again today. " * 9000
    add("long-line", f"Long line\n\n{long_line}\n".encode(), HOSTILE_TEXT, "␛]52;c;", marker)
    marker = _marker(n)
    n += 1
    paragraph = "Fighters attacked a convoy near Gao on Monday and the army answered with drones.\n\n"
    large = f"Large file\n\n{LEAD} {marker} appears here.\n\n{HOSTILE_TEXT}\n\n" + paragraph * 40_000  # ~3.3 MB
    add("large", large.encode(), HOSTILE_TEXT, "␛]0;owned", marker)
    for name in ODD_NAMES:
        marker = _marker(n)
        n += 1
        add(
            ODD_IDS[name],
            article_text(marker, FAMILIES["osc52"][0], f"Odd name {name[:60]}".replace("\n", " ")).encode(),
            FAMILIES["osc52"][0],
            "␛]52;c;",
            marker,
            file_name=f"{name}.txt",
        )
    for name, data in SKIPPED_CONTENT.items():
        if data is None:
            with (corpus / name).open("wb") as handle:
                handle.truncate(20 * 1024 * 1024)
        else:
            (corpus / name).write_bytes(data)
    os.symlink("/etc/hostname", corpus / "escape-link.txt")  # leads outside the corpus: skipped
    (workspace / "entities.yaml").write_text(ENTITIES_YAML, encoding="utf-8")
    return loaded


def assert_terminal_safe(text: str) -> None:
    bad = sorted({f"U+{ord(c):04X}" for c in text if c in DANGEROUS})
    assert not bad, f"dangerous characters reach the terminal: {bad}"


LOADED_IDS = [f"h-{f}" for f in FAMILIES] + [*ENCODED, "enc-invalid-utf8", "long-line", "large", *ODD_IDS.values()]
