"""Hostile articles, catalog entries and arguments through the headless CLI.

The human-readable output of every command is safe to print on a terminal: no
escape sequence, C0/C1 control or bidi control reaches it, the dangerous
characters show as visible symbols (␛, ␇, �, ◌) and markup-like brackets are
printed verbatim.  ``--json`` keeps the text exact (NFC-normalised, as every
offset in the app refers to it).

The hostile corpus built here is also what ``test_tui_hostile.py`` drives the app
over.
"""

from __future__ import annotations

import codecs
import json
import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import cli_runner

from sahel_tui.cli import main

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
    "markup": ("Text [bold]red[/] [@click=app.quit]quit[/] [link=https://evil.example]y[/link] [$accent] "
               "[/] [b unterminated \\ and [@click=app.quit]Q said", "[@click=app.quit]quit[/]"),
    "csi": (f"Clear {ESC}[2J{ESC}[H screen {ESC}[31mred{ESC}[0m leave {ESC}[?1049l cursor {ESC}[?25l "
            f"report {ESC}[6n done", "␛[2J␛[H"),
    "osc52": (f"Clip {ESC}]52;c;ZWNobyBwd25lZA=={BEL} and {ESC}]52;p;cHduZWQ={ESC}\\ end",
              "␛]52;c;ZWNobyBwd25lZA==␇"),
    "osc-title": (f"Title {ESC}]0;owned title{BEL} and {ESC}]2;owned too{ESC}\\ and {ESC}]1;icon{BEL} end",
                  "␛]0;owned"),
    "c0": ("C0 " + "".join(chr(c) for c in range(1, 32) if c not in (9, 10, 13)) + " DEL \x7f end",
           "␁␂␃␄␅␆␇␈"),
    "c1": ("C1 \u0085 next \u009b31m csi \u009d0;c1 title\u0007 osc \u0090dcs\u009c end", "\ufffd31m"),
    "bidi": ("Evil \u202egnp.exe\u202c and \u2066isolate\u2069 \u2067rtl\u2069 \u2068fsi\u2069 "
             "\u200emarks\u200f \u061calm end", "\ufffdgnp.exe\ufffd"),
    "zero-width": ("zero\u200bwidth\u200cnon\u200djoiner\u2060word\ufeffjoiner \u180e\ufff9\ufffb end",
                   "zero◌width◌non◌joiner"),
    "combining": ("Zalgo Z" + "".join(chr(0x300 + i) for i in range(60)) + "algo and Die\u0301ma e\u0301 end",
                  "Diéma"),
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
ODD_NAMES = ["with spaces", "-rf", "--help", "[b]odd[@click=app.quit]", "Niamey–Bamako é 北京"]

# skipped files: name -> bytes (None: a 20 MB sparse file)
SKIPPED_CONTENT = {"skip-empty.txt": b"", "skip-blank.txt": b" \n\t\r\n ",
                   "skip-binary.txt": b"\x89PNG\r\n\x1a\n" + b"\x00" * 300, "skip-huge.txt": None}
SKIPPED_NAMES = [f"esc{ESC}[2J.txt", f"osc{ESC}]0;t{BEL}.txt", "line\nbreak.txt", "x" * 246 + ".txt"]

ENTITIES_YAML = (
    "version: 1\n"
    "entities:\n"
    '- id: evil-group\n'
    '  name: "Evil \\e]52;c;AAAA\\a [bold]Group[/] \\e[2J \\u202e end"\n'
    "  type: ARMED_GROUP\n"
    '  aliases: ["\\e]0;alias title\\a", "[@click=app.quit]Q"]\n'
    '  note: "\\e]2;note title\\e\\\\ note"\n'
    "- id: gao\n"
    "  name: Gao\n"
    "  type: LOCATION\n"
)


def article_text(marker: str, hostile: str, title: str) -> str:
    return (f"{title}\n\n{LEAD} {marker} appears here.\n\n{hostile}\n\n"
            f"The convoy reached Kidal two days later after the {marker} check.\n")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def build_corpus(corpus: Path, workspace: Path) -> dict[str, Hostile]:
    """Write the hostile corpus and catalog; the articles that must load, by id."""
    corpus.mkdir(parents=True, exist_ok=True)
    workspace.mkdir(parents=True, exist_ok=True)
    loaded: dict[str, Hostile] = {}
    n = 0

    def add(article_id: str, data: bytes, kept: str, shown: str, marker: str) -> None:
        (corpus / f"{article_id}.txt").write_bytes(data)
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
    legacy = f"Encoded legacy\n\n{LEAD} {marker} appears here.\n\nLe march\xe9 de Gao a rouvert apr\xe8s deux semaines.\n"
    add("enc-invalid-utf8", legacy.encode("cp1252"), "Le marché de Gao a rouvert après deux semaines.",
        "Le marché de Gao", marker)
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
        add(name, article_text(marker, FAMILIES["osc52"][0], f"Odd name {name}").encode(), FAMILIES["osc52"][0],
            "␛]52;c;", marker)
    for name, data in SKIPPED_CONTENT.items():
        if data is None:
            with (corpus / name).open("wb") as handle:
                handle.truncate(20 * 1024 * 1024)
        else:
            (corpus / name).write_bytes(data)
    for name in SKIPPED_NAMES:
        (corpus / name).write_bytes(article_text("xqskip", "skipped", "Skipped").encode())
    os.symlink("/etc/hostname", corpus / "escape-link.txt")  # leads outside the corpus: skipped
    (workspace / "entities.yaml").write_text(ENTITIES_YAML, encoding="utf-8")
    return loaded


def assert_terminal_safe(text: str) -> None:
    bad = sorted({f"U+{ord(c):04X}" for c in text if c in DANGEROUS})
    assert not bad, f"dangerous characters reach the terminal: {bad}"


# -- fixtures -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory):
    """The hostile corpus, its workspace (indexed once) and the articles that must load."""
    base = tmp_path_factory.mktemp("hostile")
    corpus, workspace = base / "corpus", base / "index"
    loaded = build_corpus(corpus, workspace)
    assert main(["--corpus", str(corpus), "--workspace", str(workspace), "index"]) == 0
    return corpus, workspace, loaded


@pytest.fixture
def run(hostile, capsys):
    """The CLI on the hostile corpus."""
    corpus, workspace, _ = hostile
    return cli_runner(corpus, workspace, capsys)


LOADED_IDS = [f"h-{f}" for f in FAMILIES] + [*ENCODED, "enc-invalid-utf8", "long-line", "large", *ODD_NAMES]


# -- show ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("article_id", LOADED_IDS)
def test_show_is_terminal_safe_and_json_keeps_the_exact_text(run, hostile, article_id: str) -> None:
    item = hostile[2][article_id]
    code, out, err = run("show", "--", article_id)  # "--": ids like "-rf" and "--help" are not options
    assert code == 0, err
    assert_terminal_safe(out + err)
    assert item.shown in out
    code, out, err = run("show", "--json", "--", article_id)
    assert code == 0, err
    data = json.loads(out)
    assert data["id"] == article_id
    assert item.kept in data["body"]  # exact, control characters and all
    assert item.marker in data["body"]


def test_titles_keep_their_escapes_in_json_and_show_them_as_symbols(run) -> None:
    code, out, _ = run("show", "h-osc-title", "--json")
    assert f"{ESC}]0;owned title{BEL}" in json.loads(out)["title"]
    code, out, _ = run("show", "h-osc-title")
    first_line = out.split("\n", 1)[0]
    assert "␛]0;owned title␇" in first_line
    assert_terminal_safe(out)


# -- search ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("article_id", LOADED_IDS)
def test_search_finds_each_article_and_prints_it_safely(run, hostile, article_id: str) -> None:
    item = hostile[2][article_id]
    code, out, err = run("search", item.marker)
    assert code == 0, err
    assert_terminal_safe(out + err)
    assert f"  {article_id}  " in out and out.startswith("1 result\n")
    code, out, err = run("search", item.marker, "--json")
    hits = json.loads(out)
    assert [hit["id"] for hit in hits] == [article_id]


def test_search_json_titles_keep_the_escape_sequences(run) -> None:
    code, out, _ = run("search", _marker(list(FAMILIES).index("osc52")), "--json")
    (hit,) = json.loads(out)
    assert f"{ESC}]52;c;ZWNobyBwd25lZA=={BEL}" in hit["title"]


@pytest.mark.parametrize("query", [
    f"{ESC}]0;query title{BEL} convoy",
    f"{ESC}[2J{ESC}]52;c;AAAA{BEL}",
    "\u009b31m \u202econvoy",
    "[@click=app.quit] [/] [b convoy",
    '"unbalanced (convoy',
])
def test_hostile_queries_print_safely(run, query: str) -> None:
    code, out, err = run("search", query)
    assert code in (0, 1)
    assert_terminal_safe(out + err)
    assert "Traceback" not in err
    if code == 1:
        assert err.count("\n") == 1


# -- entities, check, annotate, compare ------------------------------------------------------------


def test_entities_human_output_is_safe_and_json_exact(run) -> None:
    code, out, err = run("entities")
    assert code == 0, err
    assert_terminal_safe(out + err)
    line = next(row for row in out.splitlines() if row.startswith("evil-group"))
    assert "Evil ␛]52;c;AAAA␇ [bold]Group[/] ␛[2J \ufffd end" in line
    assert "␛]0;alias title␇" in line and "[@click=app.quit]Q" in line
    code, out, _ = run("entities", "--json")
    row = next(r for r in json.loads(out) if r["id"] == "evil-group")
    assert row["name"] == f"Evil {ESC}]52;c;AAAA{BEL} [bold]Group[/] {ESC}[2J \u202e end"
    assert row["aliases"] == [f"{ESC}]0;alias title{BEL}", "[@click=app.quit]Q"]


def test_check_names_every_skipped_file_safely_and_the_rest_loads(run, hostile) -> None:
    code, out, err = run("check")
    assert_terminal_safe(out + err)
    text = out + err
    for name in SKIPPED_CONTENT:
        assert f"{name}: " in text
    assert "empty file, skipped" in text and "binary file, skipped" in text and "limit" in text
    assert text.count("file name is not a usable article id; skipped") == len(SKIPPED_NAMES)
    assert "esc␛[2J.txt" in text and "osc␛]0;t␇.txt" in text
    assert "escape-link.txt" in text and "symlink leads outside the corpus" in text
    code, out, _ = run("check", "--json")
    paths = {Path(p["path"]).name for p in json.loads(out)}
    assert "h-csi.txt" in paths  # the escape sequences are reported (as warnings) ...
    code, out, _ = run("search", "*", "--json", "--limit", "100")
    assert sorted(hit["id"] for hit in json.loads(out)) == sorted(LOADED_IDS)  # ... and every article loads


def test_annotating_a_hostile_span_prints_it_safely(run) -> None:
    code, out, _ = run("show", "h-csi", "--json")
    body = json.loads(out)["body"]
    start = body.index(f"{ESC}[2J")
    code, out, err = run("annotate", "h-csi", "--start", str(start - 6), "--end", str(start + 4),
                         "--label", "event")
    assert code == 0, err
    assert_terminal_safe(out + err)
    assert "'Clear ␛[2J'" in out
    mention_id = out.split()[1].rstrip(":")
    code, out, err = run("show", "h-csi")
    assert_terminal_safe(out)
    assert f"{mention_id}" in out and "Clear ␛[2J" in out
    code, out, _ = run("show", "h-csi", "--json")
    (mention,) = [m for m in json.loads(out)["mentions"] if m["id"] == mention_id]
    assert mention["text"] == f"Clear {ESC}[2J"
    code, out, err = run("unannotate", "h-csi", mention_id)
    assert code == 0 and "␛[2J" in out
    assert_terminal_safe(out + err)


def test_compare_and_similar_print_hostile_articles_safely(run) -> None:
    code, out, err = run("compare", "h-csi", "enc-utf16le")
    assert code == 0, err
    assert_terminal_safe(out + err)
    assert "␛[2J" in out
    code, out, err = run("similar", "h-osc-title")
    assert code == 0, err
    assert_terminal_safe(out + err)


# -- hostile arguments -------------------------------------------------------------------------------


@pytest.mark.parametrize("args", [
    ("show", f"{ESC}]0;x{BEL}\u202e"),
    ("show", "../../etc/passwd"),
    ("show", "/etc/passwd"),
    ("annotate", "h-csi", "--start", "0", "--end", "3", "--label", f"{ESC}]0;t{BEL}"),
    ("annotate", "h-csi", "--start", "0", "--end", "3", "--label", "event", "--entity", f"{ESC}[2J"),
    ("annotate", "h-csi", "--start", f"{ESC}[2J", "--end", "3", "--label", "event"),
    ("unannotate", "h-csi", f"{ESC}]52;c;AAAA{BEL}"),
    ("compare", f"{ESC}[2J", "\u009b"),
    (f"{ESC}]0;command{BEL}",),
    ("search", "x", "--limit", f"{ESC}[2J"),
], ids=["show-escape", "show-dotdot", "show-absolute", "label", "entity", "offset", "mention", "compare",
        "command", "limit"])
def test_hostile_arguments_fail_in_one_safe_line(run, hostile, args: tuple[str, ...]) -> None:
    corpus, workspace, _ = hostile
    before = sorted(p.name for p in workspace.rglob("*"))
    code, out, err = run(*args)
    assert code in (1, 2) and out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    assert_terminal_safe(err)
    assert sorted(p.name for p in workspace.rglob("*")) == before  # nothing written
