"""Hostile and broken article files: each loads with its problem reported, or is skipped
with a one-line message, and the rest of the corpus still loads."""

from __future__ import annotations

import codecs
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sahel_tui.core.articles import MAX_ARTICLE_BYTES, load_article, load_corpus, scan_corpus
from sahel_tui.core.errors import SahelError
from sahel_tui.core.ids import PLAIN_ARTICLE_ID_RE, article_id_for_file
from sahel_tui.core.text import safe_display, safe_line

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
SEED_IDS = sorted(p.stem for p in SEEDS.glob("*.txt"))
TEXT = "Mali’s army reopened the road between Gao and Diéma on Friday after two weeks of fighting.\n"

DANGEROUS = (
    {chr(c) for c in range(0x20) if c not in (0x09, 0x0A)}
    | {chr(c) for c in range(0x7F, 0xA0)}
    | set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """The five seeds plus whatever a test adds."""
    target = tmp_path / "corpus"
    shutil.copytree(SEEDS, target)
    return target


def load_with(corpus: Path, name: str, data: bytes):
    (corpus / name).write_bytes(data)
    articles, problems = load_corpus(corpus)
    assert set(SEED_IDS) <= set(articles), "the rest of the corpus still loads"
    mine = [p for p in problems if Path(p.path).name == name]
    for problem in problems:
        assert "\n" not in str(problem) and "Traceback" not in str(problem)
    return articles.get(article_id_for_file(name)), mine


# -- skipped with a clear message ------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty file, skipped"),
        (b"  \n\t\n \r\n  ", "empty file, skipped"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 200 + b"IHDR\x00\x00", "binary file, skipped"),
    ],
    ids=["empty", "whitespace", "png"],
)
def test_unusable_files_are_skipped_with_a_message(corpus, data, message):
    article, problems = load_with(corpus, "bad.txt", data)
    assert article is None
    assert [p.message for p in problems] == [message]


def test_load_article_errors_name_the_file(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 32)
    with pytest.raises(SahelError) as info:
        load_article(path)
    assert str(info.value) == f"{path}: binary file, skipped"


def test_huge_file_is_skipped_without_being_read(corpus):
    path = corpus / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(20 * 1024 * 1024)  # sparse: 20 MB of NULs that must never be read
    articles, problems = load_corpus(corpus)
    assert "huge" not in articles and set(SEED_IDS) <= set(articles)
    (problem,) = [p for p in problems if p.path.endswith("huge.txt")]
    assert "20.0 MB" in problem.message and "limit" in problem.message


def test_file_just_under_the_limit_loads(tmp_path):
    line = "The army said the road was open again on Friday after two weeks of fighting. "
    path = tmp_path / "big.txt"
    path.write_text(line * ((MAX_ARTICLE_BYTES - 1000) // len(line)))
    article = load_article(path)
    assert article.body.endswith("fighting.")


# -- loaded, with the problem reported --------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        codecs.BOM_UTF8 + TEXT.encode(),
        codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
        TEXT.replace("\n", "\r\n").encode(),
        TEXT.replace("\n", "\r").encode() * 2,
    ],
    ids=["utf8-bom", "utf16le-bom", "utf16be-bom", "crlf", "cr"],
)
def test_encodings_and_line_endings_give_the_same_text(corpus, data):
    article, problems = load_with(corpus, "enc.txt", data)
    assert article.body.startswith(TEXT.strip())
    assert "\r" not in article.body and "\ufeff" not in article.body
    assert problems == []


def test_invalid_utf8_loads_as_windows_1252_with_a_warning(corpus):
    article, problems = load_with(
        corpus, "legacy.txt", b"Le march\xe9 de Gao a rouvert vendredi apr\xe8s deux semaines.\n"
    )
    assert article.body == "Le marché de Gao a rouvert vendredi après deux semaines."
    (problem,) = problems
    assert problem.severity == "warning" and "byte 8" in problem.message  # 0-based offset of the first bad byte


def test_one_megabyte_single_line(corpus):
    data = ("Gao convoy reported moving north " * 32_000 + "today.").encode()
    article, problems = load_with(corpus, "oneline.txt", data)
    assert len(article.body) == len(data.decode())
    assert len(article.title) <= 100
    assert problems == []


def test_twenty_thousand_small_files(tmp_path):
    corpus = tmp_path / "many"
    corpus.mkdir()
    for i in range(20_000):
        (corpus / f"{i:05d}.txt").write_bytes(b"Convoy %d reached Gao on Friday after a long trip north.\n" % i)
    paths, problems = scan_corpus(corpus)
    assert len(paths) == 20_000 and problems == []
    assert list(paths)[:3] == ["00000", "00001", "00002"]
    articles, problems = load_corpus(corpus)
    assert len(articles) == 20_000 and problems == []
    assert articles["19999"].body == "Convoy 19999 reached Gao on Friday after a long trip north."


ODD_FILE_NAMES = {
    "spaces": "with spaces.txt",
    "doubled-trailing-spaces": "article with  two spaces .txt",
    "leading-space": " lead.txt",
    "unicode": "Niamey–Bamako é 北京.txt",
    "accents": "Tillabéri  report 2025.txt",
    "arabic": "تقرير تيلابيري.txt",
    "dash": "-rf.txt",
    "double-dash": "--help.txt",
    "200-char-stem": "x" * 196 + ".txt",
    "250-chars": "x" * 246 + ".txt",
    "newline": "line\nbreak.txt",
    "escape": "esc\x1b[2J.txt",
    "tab": "tab\there.txt",
    "upper-suffix": "report.TXT",
}


@pytest.mark.parametrize("name", list(ODD_FILE_NAMES.values()), ids=list(ODD_FILE_NAMES))
def test_any_file_name_loads_with_a_safe_stable_id_and_its_original_name(corpus, name):
    article, problems = load_with(corpus, name, TEXT.encode())
    assert article is not None and problems == []
    assert PLAIN_ARTICLE_ID_RE.match(article.id), "the id is safe as a file name and a command-line word"
    assert not article.id.startswith("-")
    assert article.original_name == name
    assert load_corpus(corpus)[0][article.id].id == article.id, "the same id on the next load"
    assert load_article(corpus / name).id == article.id


def test_plain_file_names_keep_their_stem_as_id(tmp_path):
    for name in ["000_986fb1dc2309a942.txt", "h-csi.txt", "Report_2025.v2.txt"]:
        (tmp_path / name).write_text(TEXT)
    articles, problems = load_corpus(tmp_path)
    assert sorted(articles) == ["000_986fb1dc2309a942", "Report_2025.v2", "h-csi"] and problems == []
    assert all(article.original_name is None for article in articles.values())


def test_names_differing_only_in_case_or_spaces_are_different_articles(tmp_path):
    names = ["Report.txt", "report.txt", "report.TXT", "a b.txt", "a  b.txt", "a b .txt"]
    for n, name in enumerate(names):
        (tmp_path / name).write_text(f"Article {n}\n\nConvoy {n} reached Gao on Friday after a long trip north.\n")
    articles, problems = load_corpus(tmp_path)
    assert problems == [] and len(articles) == len(names)
    assert len({article_id.casefold() for article_id in articles}) == len(names), "safe on case-blind disks"
    by_name = {article.path.name: article for article in articles.values()}
    for n, name in enumerate(names):
        assert f"Convoy {n} reached" in by_name[name].body


def test_the_id_of_an_odd_name_does_not_depend_on_its_content(tmp_path):
    path = tmp_path / "Tillabéri  report 2025.txt"
    path.write_text(TEXT)
    before = load_article(path).id
    path.write_text(TEXT + "\nA new paragraph was added by the analyst on Monday after the talks.\n")
    assert load_article(path).id == before


def test_markup_like_brackets_are_kept_verbatim(corpus):
    text = "Headline [bold]red[/] [@click=app.quit]quit[/]\n\nThe army [link=https://x]said[/link] the road was [b]open[/b] again on Friday.\n"
    article, problems = load_with(corpus, "markup.txt", text.encode())
    assert article.title == "Headline [bold]red[/] [@click=app.quit]quit[/]"
    assert "[link=https://x]said[/link]" in article.body
    assert safe_line(article.title) == article.title  # no escaping: shells render literally
    assert problems == []


def test_escape_sequences_are_kept_reported_and_displayed_inert(corpus):
    text = (
        "Clear \x1b[2J screen and \x1b]52;c;ZWNobyBwd25lZA==\x07 clipboard and \x1b]0;owned title\x07 set.\n\n"
        "Then C0 \x01\x02\x08 and C1 \u0085\u009b controls with DEL \x7f appear in the story text.\n"
    )
    article, problems = load_with(corpus, "ansi.txt", text.encode())
    assert "\x1b[2J" in article.body  # the text is kept as it is ...
    kinds = " | ".join(p.message for p in problems)
    assert "terminal escape sequence" in kinds and "control character" in kinds
    assert all(p.severity == "warning" and p.line == 1 for p in problems if "escape" in p.message)
    shown = safe_display(article.body) + safe_line(article.title)
    assert not set(shown) & DANGEROUS  # ... and shown inert


def test_bidi_zero_width_combining_and_wide_characters(corpus):
    text = (
        "Evil \u202egnp.exe\u202c name and zero\u200bwidth and joiner\u2060 text.\n\n"
        "Die\u0301ma e\u0301 and 北京市 and مالي appear in the report on the convoy to Gao on Friday.\n"
    )
    article, problems = load_with(corpus, "bidi.txt", text.encode())
    assert "Diéma" in article.body  # combining accents composed (NFC)
    assert "北京市" in article.body and "مالي" in article.body
    messages = " | ".join(p.message for p in problems)
    assert "bidirectional control character" in messages and "invisible characters" in messages
    shown = safe_display(article.body)
    assert not set(shown) & DANGEROUS
    assert len(shown) == len(article.body)


# -- properties ----------------------------------------------------------------------------

PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@PROPERTY
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=600))
def test_load_article_raises_only_sahel_errors(tmp_path, text):
    path = tmp_path / "prop.txt"
    path.write_bytes(text.encode("utf-8"))
    try:
        article = load_article(path)
    except SahelError as exc:
        assert "\n" not in str(exc)
        return
    assert article.body and article.body == article.body.strip()
    assert "\r" not in article.body
    assert "\n" not in article.title


@PROPERTY
@given(
    st.lists(
        st.one_of(
            st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\r\n"), max_size=120),
            st.sampled_from(["", "Advertisment", "2 min read", "Related Stories", "Some Heading", "MD/ac/APA"]),
        ),
        max_size=25,
    )
)
def test_paragraph_spans_index_into_the_body(tmp_path, lines):
    path = tmp_path / "spans.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    try:
        article = load_article(path)
    except SahelError:
        return
    texts = [article.body[s:e] for s, e in article.paragraphs]
    assert "\n\n".join(texts) == article.body
    assert all(t and "\n" not in t and t == t.strip() for t in texts)
    starts = [s for s, _ in article.paragraphs]
    assert starts == sorted(starts) and starts[0] == 0


@PROPERTY
@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_crash_the_loader(tmp_path, data):
    path = tmp_path / "bytes.txt"
    path.write_bytes(data)
    try:
        load_article(path)
    except SahelError as exc:
        assert "\n" not in str(exc)


def test_a_scraped_page_with_a_few_control_characters_is_an_article_not_a_binary_file(corpus):
    data = (
        "Road open\x07\n\nThe army\x0c said the \x1b[1mroad\x1b[0m to Ségou was open on Friday.\x07\x08\x01\n".encode()
    )
    article, problems = load_with(corpus, "scraped.txt", data)
    assert article is not None
    assert "The army\x0c said the \x1b[1mroad\x1b[0m to Ségou was open" in article.body
    assert "␌" in safe_display(article.body) and "␛[1m" in safe_display(article.body)
    assert problems and all(p.severity == "warning" and "shown as symbols" in p.message for p in problems)
