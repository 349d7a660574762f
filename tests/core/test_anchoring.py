"""Re-anchoring mentions when the text of an article changes."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from sahel_tui.core.anchoring import CONTEXT_CHARS, make_quote, reanchor, reanchor_all
from sahel_tui.core.models import Article, Mention

BODY = (
    "BAMAKO, 27 October - Fighters of Jama'at Nusrat al-Islam wal-Muslimin attacked a convoy near Gao on "
    "Monday, the army said. The convoy had left Bamako two days earlier.\n\n"
    "A Niger Air Force C-130H was photographed at Modibo Keita International Airport the same week, "
    "according to flight trackers. Gao remains under curfew."
)


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def article(body: str, article_id: str = "001_test") -> Article:
    return Article(
        id=article_id,
        path=Path(f"{article_id}.txt"),
        title="Test",
        date=None,
        source=None,
        url=None,
        body=body,
        paragraphs=((0, len(body)),),
        body_sha256=sha(body),
    )


def mention_of(body: str, text: str, occurrence: int = 0, mention_id: str = "m-000001") -> Mention:
    start = -1
    for _ in range(occurrence + 1):
        start = body.index(text, start + 1)
    end = start + len(text)
    return Mention(
        id=mention_id,
        label="LOCATION",
        entity=None,
        start=start,
        end=end,
        quote=make_quote(body, start, end),
        author="analyst1",
        created="2026-11-24T08:15:02Z",
        body_sha256=sha(body),
    )


def test_quote_keeps_context_on_both_sides() -> None:
    quote = make_quote(BODY, 10, 20)
    assert quote.exact == BODY[10:20] and quote.prefix == BODY[:10]
    assert quote.suffix == BODY[20 : 20 + CONTEXT_CHARS]


def test_unchanged_body_returns_the_mention_as_is() -> None:
    mention = mention_of(BODY, "Gao")
    assert reanchor(mention, BODY, sha(BODY)) is mention


def test_text_added_after_the_mention_keeps_it_ok() -> None:
    mention = mention_of(BODY, "Gao")
    body = BODY + "\n\nUpdate: the curfew was lifted."
    placed = reanchor(mention, body, sha(body))
    assert (placed.state, placed.start, placed.end) == ("ok", mention.start, mention.end)
    assert placed.body_sha256 == sha(body)


def test_text_inserted_before_moves_the_mention_to_the_same_words() -> None:
    mention = mention_of(BODY, "Modibo Keita International Airport")
    body = "UPDATED 28 October.\n" + BODY
    placed = reanchor(mention, body, sha(body))
    assert placed.state == "moved"
    assert body[placed.start : placed.end] == "Modibo Keita International Airport"
    assert placed.start == mention.start + len("UPDATED 28 October.\n")
    assert placed.quote == make_quote(body, placed.start, placed.end)


def test_repeated_word_reanchors_to_the_occurrence_with_the_same_context() -> None:
    second_gao = mention_of(BODY, "Gao", occurrence=1)
    body = BODY.replace("the army said.", "the army said in a statement on state television.")
    placed = reanchor(second_gao, body, sha(body))
    assert placed.state == "moved"
    assert body[placed.start : placed.end] == "Gao"
    assert body[placed.start :].startswith("Gao remains under curfew")


def test_deleting_text_around_the_mention_keeps_it_attached() -> None:
    mention = mention_of(BODY, "Bamako", occurrence=0)  # "The convoy had left Bamako two days earlier."
    body = BODY.replace("BAMAKO, 27 October - ", "").replace("The convoy had left ", "It left ")
    placed = reanchor(mention, body, sha(body))
    assert placed.state == "moved"
    assert body[placed.start : placed.end] == "Bamako"
    assert body[placed.start - 8 : placed.start] == "It left "


def test_slight_rewording_of_the_quote_moves_it_to_the_new_wording() -> None:
    mention = mention_of(BODY, "Jama'at Nusrat al-Islam wal-Muslimin")
    body = BODY.replace("wal-Muslimin", "wa al-Muslimin").replace("Fighters of", "Militants from")
    placed = reanchor(mention, body, sha(body))
    assert placed.state == "moved"
    assert body[placed.start : placed.end] == "Jama'at Nusrat al-Islam wa al-Muslimin"
    assert placed.quote.exact == "Jama'at Nusrat al-Islam wa al-Muslimin"


def test_deleted_quote_is_orphaned_not_dropped_or_reattached() -> None:
    mention = mention_of(BODY, "Modibo Keita International Airport")
    body = BODY.replace(" at Modibo Keita International Airport", "")
    placed = reanchor(mention, body, sha(body))
    assert placed.state == "orphaned"
    assert (placed.start, placed.end, placed.quote, placed.body_sha256) == (
        mention.start,
        mention.end,
        mention.quote,
        mention.body_sha256,
    )


def test_deleted_short_word_is_not_reattached_to_another_occurrence() -> None:
    first_gao = mention_of(BODY, "Gao", occurrence=0)
    body = BODY.replace("attacked a convoy near Gao on Monday", "attacked a convoy on Monday")
    assert "Gao" in body  # the other, unrelated "Gao" is still there
    assert reanchor(first_gao, body, sha(body)).state == "orphaned"


def test_orphan_comes_back_when_the_text_returns() -> None:
    mention = mention_of(BODY, "Modibo Keita International Airport")
    edited = BODY.replace(" at Modibo Keita International Airport", "")
    orphan = reanchor(mention, edited, sha(edited))
    back = reanchor(orphan, BODY, sha(BODY))
    assert back.state == "ok" and (back.start, back.end) == (mention.start, mention.end)


def test_offsets_beyond_a_shortened_body_do_not_crash() -> None:
    mention = mention_of(BODY, "curfew")
    body = BODY[:200]
    placed = reanchor(mention, body, sha(body))
    assert placed.state == "orphaned"


def test_moved_mentions_stay_moved_until_confirmed() -> None:
    mention = replace(mention_of(BODY, "Gao"), state="moved")
    body = BODY + " More."
    assert reanchor(mention, body, sha(body)).state == "moved"


def test_reanchor_all_reports_whether_anything_changed() -> None:
    mentions = [mention_of(BODY, "Gao"), mention_of(BODY, "Bamako", mention_id="m-000002")]
    same, changed = reanchor_all(mentions, article(BODY))
    assert same == mentions and changed is False
    moved, changed = reanchor_all(mentions, article("Breaking. " + BODY))
    assert changed is True and all(m.state == "moved" for m in moved)


WORDS = st.text(alphabet="abcdefghij klmnop.,", min_size=0, max_size=60)


@settings(max_examples=200, deadline=None)
@given(
    before=WORDS,
    quote=st.text(alphabet="ABCDEFGH -", min_size=1, max_size=20),
    after=WORDS,
    insertion=st.text(alphabet="qrstuvwxyz ,.\n", min_size=1, max_size=40),
    where=st.floats(min_value=0, max_value=1),
    side=st.booleans(),
)
def test_insertions_elsewhere_keep_the_mention_on_the_same_text(
    before: str, quote: str, after: str, insertion: str, where: float, side: bool
) -> None:
    assume(any(ch.isupper() for ch in quote))  # the quoted text occurs once, as in a real mention
    body = before + quote + after
    start, end = len(before), len(before) + len(quote)
    mention = replace(mention_of(body, quote), start=start, end=end, quote=make_quote(body, start, end))
    if side:  # somewhere before the quote
        at = int(where * len(before))
        new_body = body[:at] + insertion + body[at:]
        shift = len(insertion)
    else:  # somewhere after it
        at = end + int(where * len(after))
        new_body = body[:at] + insertion + body[at:]
        shift = 0
    placed = reanchor(mention, new_body, sha(new_body))
    assert placed.state in ("ok", "moved")
    assert new_body[placed.start : placed.end] == quote
    assert (placed.start, placed.end) == (start + shift, end + shift)
