"""The corpus loader on the five seed articles and on small hand-made pages."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from sahel_tui.core.articles import (
    clean_text,
    derive_title,
    first_sentence,
    load_article,
    load_corpus,
    scan_corpus,
)
from sahel_tui.core.errors import InvalidInput, SahelError
from sahel_tui.core.metadata import check_date

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
A000, A001, A002, A003, A004 = (
    "000_986fb1dc2309a942",
    "001_23b65a7a60091617",
    "002_e3712bf52d55873d",
    "003_783cb80014228163",
    "004_5984911fe5230ab5",
)


@pytest.fixture(scope="module")
def seeds():
    articles, problems = load_corpus(SEEDS)
    assert problems == []
    return articles


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def paragraph_texts(article) -> list[str]:
    return [article.body[s:e] for s, e in article.paragraphs]


# -- the seeds: titles, dates, sources ------------------------------------------------


def test_all_five_seeds_load_sorted_by_id(seeds):
    assert list(seeds) == [A000, A001, A002, A003, A004]


def test_seed_title_from_the_page(seeds):
    article = seeds[A000]
    assert article.title == "Mali Launches Airstrikes to Break Militant Blockade of Key Trade Routes"
    assert article.title_derived is False
    assert not article.body.startswith("Mali Launches Airstrikes")


@pytest.mark.parametrize(
    ("article_id", "date"),
    [(A000, None), (A001, "2024-03-22"), (A002, "2024-03-31"), (A003, None), (A004, None)],
)
def test_seed_dates_come_only_from_the_marker(seeds, article_id, date):
    assert seeds[article_id].date == date
    assert "date 20" not in seeds[article_id].body


@pytest.mark.parametrize(
    ("article_id", "source"),
    [(A000, "Inter Bellum News"), (A001, None), (A002, None), (A003, "APA"), (A004, None)],
)
def test_seed_sources(seeds, article_id, source):
    assert seeds[article_id].source == source
    assert seeds[article_id].url is None


# -- the seeds: boilerplate gone ------------------------------------------------------


@pytest.mark.parametrize(
    "junk",
    [
        "Advertisment",
        "2 min read",
        "Updated on",
        "Related Stories",
        "No stories found.",
        "interbellumnews.com",
        "Inter Bellum News",
        "MD/ac/Sf/fss/as/APA",
        "Kassim Traoré (VOA)",
        "Burned vehicles as a result of the Malian War in Timbuktu",
        "Mali Arrests Dozens of Soldiers in Coup Plot",
        "Mali Jails Former Prime Minister on Incitement Charges",
        "Mali's Escalating Conflict Traps Civilians, Foreigners in Crossfire",
    ],
)
def test_seed_boilerplate_is_removed(seeds, junk):
    for article in seeds.values():
        assert junk not in article.body
        assert junk not in article.title


def test_removed_lines_are_recorded_in_page_order(seeds):
    removed = seeds[A000].removed
    assert removed.count("Burned vehicles as a result of the Malian War in Timbuktu, 2017.") == 4
    assert removed[-4:] == ("Related Stories", "No stories found.", "Inter Bellum News", "interbellumnews.com")
    assert removed.index("2 min read") < removed.index("Mali Arrests Dozens of Soldiers in Coup Plot")
    assert seeds[A001].removed == ("date 2024-03-22",)
    assert seeds[A002].removed == ("date 2024-03-31", "Advertisment", "Advertisment")
    assert seeds[A003].removed == ("MD/ac/Sf/fss/as/APA",)
    assert seeds[A004].removed == ()


def test_nothing_but_removed_lines_is_lost(seeds):
    """Every line of each raw file is either in the body, the title, or the removed list."""
    for article in seeds.values():
        flat_body = " ".join(article.body.split())
        raw = article.path.read_text(encoding="utf-8")
        for line in raw.split("\n"):
            line = line.strip()
            if not line:
                continue
            kept = line in flat_body or line == article.title
            dropped = line in article.removed or any(line.endswith(r) or line.startswith(r) for r in article.removed)
            assert kept or dropped, line


# -- the seeds: the article text is all there --------------------------------------

SENTENCES = {
    A000: [
        "JNIM blockade aims to cut off fuel imports and disrupt gold exports amid escalating conflict",
        "Mali’s Air Force launched a series of airstrikes over the weekend targeting Al-Qaeda-linked militants",
        "The blockade, according to local authorities, has already disrupted the Bamako–Dakar trade route, a key "
        "artery for both fuel imports and gold exports to Senegal’s capital.",
        "Since 2022, Russia has supported Bamako’s counterinsurgency efforts, initially through the Wagner Group and, "
        "as of June this year, via the Russian Ministry of Defense-controlled Africa Corps.",
        "The escalation underscores the growing international dimensions of Mali’s conflict, where resource control, "
        "foreign influence, and regional stability remain deeply intertwined.",
    ],
    A001: [
        "Since August 20, Niger's junta has solidified military ties with Mali, employing its C130 aircraft",
        "Strategic Air Operations",
        "Regional Implications",
        "Broader Geopolitical Context",
        "The C130 aircraft, bearing the identifier 5UMBH, has been documented making multiple journeys along the "
        "Bamako-Gao-Tessalit-Niamay-Bamako route.",
        "However, recent moves by the Nigerien government to expel US troops signal a recalibration of Niger's "
        "foreign military engagements and alliances.",
        "As the situation unfolds, the actions of Niger and Mali will likely influence not only their own security "
        "landscapes but also the strategic calculations of other regional and international actors.",
    ],
    A002: [
        "Amid escalating tensions and a complex geopolitical landscape in the Sahel region, Niger has taken a bold step",
        "Deepening Military Ties Amid Regional Instability",
        "Strategic Implications and International Reactions",
        "Future Trajectory of Sahel's Security Landscape",
        "This alliance, aimed at tackling security threats and fostering a unified front against Islamist groups,",
        "The international community has kept a keen eye on these developments, with mixed reactions.",
        "present a fascinating case study of regionalism, sovereignty, and the quest for stability in a tumultuous "
        "global context.",
    ],
    A003: [
        "Air force chiefs of Burkina Faso, Mali, and Niger meeting in Bamako have laid the foundations for an "
        "integrated air defense system within the Confederation of Sahel States, amid growing regional tensions.",
        "chaired by General Oumar Diarra, Chief of the General Staff of the Malian Armed Forces.",
        "“Air power is now an essential tool for responding quickly and precisely to asymmetric threats in the "
        "tri-border area,” the military officials emphasised,",
        "On March 31, the Algerian army claimed to have shot down a Malian drone accused of violating its airspace.",
        "In return, the Malian authorities accuse Algeria of complacency toward certain armed groups in the north",
        "the Sahelian states now intend to take charge of their security without external help.",
    ],
    A004: [
        "Amid escalating tensions and shifting alliances in Western Sahel, Niger has extended military support to Mali",
        "Escalating Regional Tensions and Strategic Shifts",
        "Strategic Military Collaboration",
        "Implications for Regional Stability and International Relations",
        "The partnership extends beyond mere logistics, embodying a concerted effort to counteract the threats posed "
        "by jihadist groups and other destabilizing elements within the Sahel.",
        "As such, the cooperation between Niger and Mali serves as a critical focal point for understanding the "
        "evolving security and political dynamics in the region.",
    ],
}


@pytest.mark.parametrize("article_id", sorted(SENTENCES))
def test_seed_sentences_are_in_the_body(seeds, article_id):
    body = seeds[article_id].body
    for sentence in SENTENCES[article_id]:
        assert sentence in body, sentence


def test_dek_is_the_first_paragraph(seeds):
    first = paragraph_texts(seeds[A000])[0]
    assert first == "JNIM blockade aims to cut off fuel imports and disrupt gold exports amid escalating conflict"


def test_section_headings_are_paragraphs_of_their_own(seeds):
    paragraphs = paragraph_texts(seeds[A001])
    assert paragraphs[1] == "Strategic Air Operations"
    assert "Regional Implications" in paragraphs
    assert "Future Trajectory of Sahel's Security Landscape" in paragraph_texts(seeds[A002])


def test_hard_wrapped_lines_are_rejoined(seeds):
    paragraphs = paragraph_texts(seeds[A003])
    assert len(paragraphs) == 12
    assert not any(p == "Armed Forces." for p in paragraphs)
    assert "\nArmed Forces" not in seeds[A003].body
    assert any(p.startswith("This dispute adds") and p.endswith("interfering in Tuareg politics.") for p in paragraphs)


def test_paragraph_spans_and_hash(seeds):
    for article in seeds.values():
        texts = paragraph_texts(article)
        assert "\n\n".join(texts) == article.body
        assert all(text and text == text.strip() and "\n" not in text for text in texts)
        assert article.body_sha256 == hashlib.sha256(article.body.encode("utf-8")).hexdigest()


# -- derived titles -------------------------------------------------------------------

DERIVED = {
    A001: "Since August 20, Niger's junta has solidified military ties with Mali",
    A002: "Niger has taken a bold step by providing military support to the Malian government",
    A003: "Air force chiefs of Burkina Faso, Mali, and Niger meeting in Bamako have laid the foundations",
    A004: "Niger has extended military support to Mali",
}


@pytest.mark.parametrize("article_id", sorted(DERIVED))
def test_derived_titles_are_short_and_come_from_the_lead(seeds, article_id):
    article = seeds[article_id]
    assert article.title_derived is True
    assert article.title == DERIVED[article_id]
    assert 20 <= len(article.title) <= 100
    lead = paragraph_texts(article)[0]
    assert article.title in lead
    assert article.title[-1] not in ",;:"


def test_derive_title_keeps_a_short_sentence_whole():
    assert derive_title("Mali closes its border with Algeria. Officials said more.") == (
        "Mali closes its border with Algeria"
    )


def test_derive_title_cuts_long_sentence_without_clause_at_a_word():
    title = derive_title("word " * 60 + "end.")
    assert len(title) <= 90 and title.endswith("…")


def test_first_sentence_skips_abbreviations_and_initials():
    text = "Gen. Oumar Diarra met U.S. envoys in Bamako on Jan. 5. The talks ended."
    assert first_sentence(text) == "Gen. Oumar Diarra met U.S. envoys in Bamako on Jan. 5."


# -- cleaning rules on hand-made pages --------------------------------------------------


def test_boilerplate_variants_are_dropped():
    page = (
        "Junta Extends Curfew in Gao\n\n"
        "- ADVERTISEMENT -\nAdvertisement\n5 min read\nUpdated on 12 March 2024, 10:02\nShare this article\n\n"
        "The junta extended the curfew in Gao by two weeks, the governor said on Tuesday evening.\n"
    )
    cleaned = clean_text(page)
    assert cleaned.title == "Junta Extends Curfew in Gao"
    assert cleaned.paragraphs == (
        "The junta extended the curfew in Gao by two weeks, the governor said on Tuesday evening.",
    )
    assert len(cleaned.removed) == 5


def test_boilerplate_words_inside_sentences_are_kept():
    text = "Strategic Plans\n\nThe advertisement campaign was updated on Monday, and 2 min read times were cited.\n"
    cleaned = clean_text(text)
    assert (
        cleaned.paragraphs[-1] == "The advertisement campaign was updated on Monday, and 2 min read times were cited."
    )


def test_text_wrapped_at_a_fixed_width_becomes_one_paragraph():
    page = (
        "Background\n"
        "The Confederation of Sahel States was formed by Mali, Burkina Faso and\n"
        "Niger after the three juntas left ECOWAS. Its charter provides for a\n"
        "joint force and, in time, a common currency and passport for the three\n"
        "countries.\n\n"
        "A second paragraph with the counter-\ninsurgency word split across lines.\n"
    )
    paragraphs = clean_text(page).paragraphs
    assert paragraphs[0].startswith(
        "The Confederation of Sahel States was formed by Mali, Burkina Faso and Niger after"
    )
    assert paragraphs[0].endswith("common currency and passport for the three countries.")
    assert "left ECOWAS. Its charter" in paragraphs[0]
    assert paragraphs[1] == "A second paragraph with the counter-insurgency word split across lines."


def test_one_sentence_per_line_stays_separate_paragraphs():
    page = "".join(f"Sentence number {i} of this dispatch ends here with a full stop.\n" for i in range(5))
    assert len(clean_text(page).paragraphs) == 5


def test_outlet_name_and_domain_footer_give_the_source():
    page = "The army said the road to Gao was reopened on Friday after two weeks of fighting.\n\nSahel Watch\nsahelwatch.org\n"
    cleaned = clean_text(page)
    assert cleaned.source == "Sahel Watch"
    assert cleaned.removed == ("Sahel Watch", "sahelwatch.org")


@pytest.mark.parametrize(
    ("footer", "source"),
    [
        ("© 2024 Sahel Monitor. All rights reserved.", "Sahel Monitor"),
        ("Source: AFP", "AFP"),
        ("KS/ab/APA", "APA"),
        ("www.example-news.com", "example-news.com"),
    ],
)
def test_footer_variants(footer, source):
    page = f"The army said the road to Gao was reopened on Friday after two weeks of fighting.\n{footer}\n"
    cleaned = clean_text(page)
    assert cleaned.source == source
    assert footer not in cleaned.paragraphs


def test_related_marker_followed_by_article_text_is_not_a_tail():
    page = (
        "Related Stories\n\n"
        "Related stories in the regional press describe how the convoy was stopped near Kidal on Monday.\n"
    )
    cleaned = clean_text(page)
    assert cleaned.paragraphs[-1].startswith("Related stories in the regional press")


def test_related_tail_with_link_list_is_cut():
    page = (
        "The army said the road to Gao was reopened on Friday after two weeks of fighting.\n\n"
        "Mali Arrests Soldiers\nNiger Expels Envoy\n\nMore Stories\n\nSome Other Headline\n"
    )
    cleaned = clean_text(page)
    assert cleaned.paragraphs == ("The army said the road to Gao was reopened on Friday after two weeks of fighting.",)
    assert "Niger Expels Envoy" in cleaned.removed


def test_no_date_is_invented_from_the_text():
    cleaned = clean_text("On 2024-03-22 the army said on March 22, 2024 that the road was open again to all traffic.\n")
    assert cleaned.date is None


def test_invalid_date_marker_is_a_warning_not_a_date():
    cleaned = clean_text(" date 2024-13-45 The army said the road was open again to all traffic on Friday.\n")
    assert cleaned.date is None
    assert cleaned.warnings and "2024-13-45" in cleaned.warnings[0][1]
    assert cleaned.paragraphs[0].startswith("The army said")


def test_repeated_lines_alone_are_kept_as_text():
    cleaned = clean_text("Chant of the day repeated twice\nChant of the day repeated twice\n")
    assert cleaned.paragraphs


def test_page_of_boilerplate_only_is_skipped(tmp_path):
    path = write(tmp_path, "junk.txt", "Advertisement\n2 min read\n")
    with pytest.raises(SahelError, match="no article text left"):
        load_article(path)


# -- overrides ---------------------------------------------------------------------------


def test_override_wins_over_heuristics():
    override = {
        "title": "Niger lends Mali a C-130",
        "date": dt.date(2024, 3, 20),
        "source": "Example",
        "url": "https://e.org/x",
    }
    article = load_article(SEEDS / f"{A001}.txt", override=override)
    assert (article.title, article.date, article.source, article.url) == (
        "Niger lends Mali a C-130",
        "2024-03-20",
        "Example",
        "https://e.org/x",
    )
    assert article.title_derived is False
    assert article.problems == ()


def test_override_partial_dates_are_refused_with_the_day_to_write():
    # The index and the date filters work by day: a month would make the article undated.
    article = load_article(SEEDS / f"{A001}.txt", override={"date": "2025-04"})
    assert article.date == "2024-03-22"
    assert any("2025-04" in p.message and "2025-04-01" in p.message for p in article.problems)
    assert load_article(SEEDS / f"{A001}.txt", override={"date": 2025}).date == "2024-03-22"


def test_override_bad_date_is_a_problem_on_the_article():
    article = load_article(SEEDS / f"{A001}.txt", override={"date": "2024-02-30", "title": ["not", "text"]})
    assert article.date == "2024-03-22"
    assert article.title_derived is True
    messages = [p.message for p in article.problems]
    assert any("2024-02-30" in m and "YYYY-MM-DD" in m for m in messages)
    assert any("title must be text" in m for m in messages)
    assert all(p.path.endswith(f"{A001}.txt") for p in article.problems)


def test_override_that_is_not_a_mapping_is_a_problem():
    article = load_article(SEEDS / f"{A003}.txt", override=["title", "x"])
    assert article.source == "APA"
    assert [p.message for p in article.problems] == [
        "metadata entry must be a mapping of title/date/source/url; ignored"
    ]


@pytest.mark.parametrize(
    "value", ["22/03/2024", "2024-3-22", "March 2024", "0999", "2024-13", "2024-03", "2024", 2024, "", True, 3.5]
)
def test_check_date_rejects(value):
    with pytest.raises(InvalidInput):
        check_date(value)


def test_load_corpus_applies_overrides_and_reports_their_problems():
    articles, problems = load_corpus(SEEDS, {A000: {"date": "yesterday"}, A004: {"source": "Example"}})
    assert articles[A004].source == "Example"
    assert articles[A000].date is None
    assert [p.message for p in problems if "yesterday" in p.message]


# -- files --------------------------------------------------------------------------------


def test_raw_file_is_left_untouched(corpus_dir):
    path = corpus_dir / f"{A000}.txt"
    before, mtime = path.read_bytes(), path.stat().st_mtime_ns
    load_corpus(corpus_dir)
    assert path.read_bytes() == before
    assert path.stat().st_mtime_ns == mtime


def test_load_article_id_comes_from_the_file_name_and_is_validated(tmp_path):
    path = write(tmp_path, "story one.txt", "A short article text that says the road was open again on Friday.\n")
    article = load_article(path)
    assert article.id.startswith("story-one-") and article.original_name == "story one.txt"
    with pytest.raises(SahelError, match="invalid article id"):
        load_article(path, article_id="../escape")


def test_scan_corpus_lists_txt_files_only(tmp_path):
    write(tmp_path, "b.txt", "x")
    write(tmp_path, "a.txt", "x")
    write(tmp_path, "README.md", "notes")
    write(tmp_path, ".hidden.txt", "x")
    write(tmp_path, "c.TXT", "x")
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub", "d.txt", "x")
    (tmp_path / "folder.txt").mkdir()
    paths, problems = scan_corpus(tmp_path)
    assert [path.name for path in paths.values()] == ["a.txt", "b.txt", "c.TXT"]
    assert list(paths)[:2] == ["a", "b"] and list(paths)[2].startswith("c-")
    assert problems == []


def test_scan_corpus_same_stem_in_another_suffix_case_is_its_own_article(tmp_path):
    write(tmp_path, "a.txt", "x")
    write(tmp_path, "a.TXT", "x")
    paths, problems = scan_corpus(tmp_path)
    assert paths["a"].name == "a.txt"
    assert len(paths) == 2 and problems == []


def test_scan_corpus_reports_a_file_named_like_another_files_derived_id(tmp_path):
    write(tmp_path, "a b.txt", "x")
    derived = next(iter(scan_corpus(tmp_path)[0]))
    write(tmp_path, f"{derived}.txt", "x")
    paths, problems = scan_corpus(tmp_path)
    assert len(paths) == 1
    assert len(problems) == 1 and "already has the id" in problems[0].message


def test_scan_corpus_symlinks(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    outside = write(tmp_path, "secret.txt", "outside the corpus")
    inside = write(corpus, "real.txt", "x")
    (corpus / "out.txt").symlink_to(outside)
    (corpus / "alias.txt").symlink_to(inside)
    (corpus / "dangling.txt").symlink_to(tmp_path / "missing.txt")
    paths, problems = scan_corpus(corpus)
    assert sorted(paths) == ["alias", "real"]
    assert sorted(Path(p.path).name for p in problems) == ["dangling.txt", "out.txt"]


def test_scan_corpus_missing_folder_is_one_line_error(tmp_path):
    with pytest.raises(SahelError, match="cannot read the corpus folder") as info:
        scan_corpus(tmp_path / "nope")
    assert "\n" not in str(info.value)


def test_derived_title_is_never_empty():
    assert derive_title("...") == "..."
    assert load_article_text("…\n").title == "…"


def load_article_text(text: str):
    cleaned = clean_text(text)
    assert cleaned.paragraphs
    return cleaned
