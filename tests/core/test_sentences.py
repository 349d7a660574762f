"""Sentence splitting of messy news text."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sahel_tui.core.sentences import sentence_texts, split_sentences

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

CASES = [
    # abbreviations and titles
    (
        "Gen. Traoré met Col. Goïta in Bamako. They spoke for an hour.",
        ["Gen. Traoré met Col. Goïta in Bamako.", "They spoke for an hour."],
    ),
    (
        "Dr. Ali and Mr. Diallo arrived in Gao. The talks began.",
        ["Dr. Ali and Mr. Diallo arrived in Gao.", "The talks began."],
    ),
    (
        "The U.S. and the U.N. condemned the coup. France did not.",
        ["The U.S. and the U.N. condemned the coup.", "France did not."],
    ),
    (
        "The last drones left the U.S. The army confirmed it.",
        ["The last drones left the U.S.", "The army confirmed it."],
    ),
    (
        "Several groups, e.g. JNIM and ISGS, were active. Others, i.e. Wagner, were not.",
        ["Several groups, e.g. JNIM and ISGS, were active.", "Others, i.e. Wagner, were not."],
    ),
    (
        "Fuel, food, etc. were seized at the checkpoint. Nobody was hurt.",
        ["Fuel, food, etc. were seized at the checkpoint.", "Nobody was hurt."],
    ),
    # months
    (
        "The convoy left on Sept. 3 and reached Gao. Dec. 5 was calm.",
        ["The convoy left on Sept. 3 and reached Gao.", "Dec. 5 was calm."],
    ),
    # initials
    (
        "A. B. Traoré spoke on state radio. He denied the report.",
        ["A. B. Traoré spoke on state radio.", "He denied the report."],
    ),
    # numbers and decimals
    (
        "Some 1,200 people fled. No. 5 battalion moved 3.5 km north.",
        ["Some 1,200 people fled.", "No. 5 battalion moved 3.5 km north."],
    ),
    # ellipses
    ("They waited... Then the convoy came.", ["They waited...", "Then the convoy came."]),
    ("They waited… and waited.", ["They waited… and waited."]),
    # quotes after the final mark
    (
        '"We will not leave," he said. "The army is here."',
        ['"We will not leave," he said.', '"The army is here."'],
    ),
    (
        "He said: “The city is calm.” Residents disagreed.",
        ["He said: “The city is calm.”", "Residents disagreed."],
    ),
    ('He trailed off: "and then..." Officials left.', ['He trailed off: "and then..."', "Officials left."]),
    ('"Why?" he asked. Why now? Because fuel ran out!', ['"Why?" he asked.', "Why now?", "Because fuel ran out!"]),
    # datelines and date markers
    (
        "BAMAKO, Mali (AP) — Gunmen attacked a convoy. Five soldiers died.",
        ["BAMAKO, Mali (AP) —", "Gunmen attacked a convoy.", "Five soldiers died."],
    ),
    ("NIAMEY (Reuters) - The junta spoke.", ["NIAMEY (Reuters) -", "The junta spoke."]),
    (
        " date 2024-03-22 Since August 20, Niger's junta has helped Mali.",
        ["date 2024-03-22", "Since August 20, Niger's junta has helped Mali."],
    ),
    # headings
    (
        "Strategic Air Operations\n\nThe collaboration grew.",
        ["Strategic Air Operations", "The collaboration grew."],
    ),
    (
        "Regional Implications\nThe enhanced cooperation occurs in Africa.",
        ["Regional Implications", "The enhanced cooperation occurs in Africa."],
    ),
    # hard-wrapped lines are joined, paragraphs are not
    (
        "In return, the Malian authorities\naccuse Algeria of complacency.",
        ["In return, the Malian authorities\naccuse Algeria of complacency."],
    ),
    (
        "For the first time, the air force chiefs of the three members of the AES held an official"
        " meeting in Bamako chaired by the Chief of the General Staff of the Malian\nArmed Forces. It mattered.",
        [
            "For the first time, the air force chiefs of the three members of the AES held an official"
            " meeting in Bamako chaired by the Chief of the General Staff of the Malian\nArmed Forces.",
            "It mattered.",
        ],
    ),
    ("The convoy left Gao\n\nit reached Kidal at night.", ["The convoy left Gao", "it reached Kidal at night."]),
    ("", []),
    (" \n\n \n", []),
]


@pytest.mark.parametrize(("body", "expected"), CASES, ids=[c[0][:40] or "empty" for c in CASES])
def test_splits_like_a_reader(body: str, expected: list[str]) -> None:
    assert sentence_texts(body) == expected


def test_spans_are_code_point_offsets_into_the_body() -> None:
    body = "Diéma 🙂 fell to JNIM.  \n\n  Gao held.  "
    spans = split_sentences(body)
    assert [body[s:e] for s, e in spans] == ["Diéma 🙂 fell to JNIM.", "Gao held."]
    assert spans[1] == (body.index("Gao"), body.index("Gao") + len("Gao held."))


def test_a_seed_article_splits_into_its_sentences_and_headings() -> None:
    body = (SEEDS / "001_23b65a7a60091617.txt").read_text(encoding="utf-8")
    sentences = sentence_texts(body)
    assert "Strategic Air Operations" in sentences
    assert "Regional Implications" in sentences
    assert (
        "The C130 aircraft, bearing the identifier 5UMBH, has been documented making multiple journeys"
        " along the Bamako-Gao-Tessalit-Niamay-Bamako route." in sentences
    )
    assert sentences[0] == "date 2024-03-22"
    assert len(sentences) == 20


_TEXT = st.text(alphabet=st.sampled_from(list('ab .!?"”\n Gen.U.S.1,2 —')), max_size=120)


@given(_TEXT)
def test_spans_are_ordered_trimmed_and_inside_the_body(body: str) -> None:
    spans = split_sentences(body)
    last = 0
    for start, end in spans:
        assert last <= start < end <= len(body)
        assert body[start:end] == body[start:end].strip()
        assert "\n\n" not in body[start:end].replace(" ", "")
        last = end


# -- the one first-sentence rule --------------------------------------------------------

FIRST_SENTENCE_TEXTS = [
    "Gen. Oumar Diarra met U.S. envoys in Bamako on Jan. 5. The talks ended.",
    "Envoys arrived in the U.S. The army said nothing. Talks went on.",
    "A. B. Traoré spoke at Mt. Hombori. He left at noon.",
    "No full stop at all",
    "Fighters (JNIM) attacked. “We saw it,” he said.",
]


@pytest.mark.parametrize("text", FIRST_SENTENCE_TEXTS)
def test_first_sentence_is_the_first_of_split_sentences(text: str) -> None:
    from sahel_tui.core.articles import derive_title
    from sahel_tui.core.sentences import first_sentence

    assert first_sentence(text) == sentence_texts(text)[0]
    # titles derived from a lead start from that same sentence
    assert derive_title(text).rstrip("…")[:20] == first_sentence(text)[:20]
