"""Annotating from the keyboard: the reader's keys and the dialogs they open.

Each test drives the app as an analyst would (keys on an open article) and checks
what they would notice: the YAML file that changed, what search finds, what the
dialog shows.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import yaml
from conftest import IDS
from tui_helpers import RecordingApp, settle, write_flagged

from sahel_tui.tui.screens.entity_picker import EntityList, EntityPicker
from sahel_tui.tui.screens.label_menu import LabelMenu
from sahel_tui.tui.screens.legend import LegendScreen
from sahel_tui.tui.screens.main import MainScreen
from sahel_tui.tui.screens.occurrences import KwicList, OccurrencesScreen
from sahel_tui.tui.screens.review import ReviewScreen
from sahel_tui.tui.widgets.reader import AnnotatingView
from sahel_tui.tui.widgets.results_list import ResultsList

C130_A = IDS["c130_a"]  # "Since August 20, Niger's junta has solidified military ties with Mali"
AIRSTRIKES = IDS["airstrikes"]  # "Mali Launches Airstrikes to Break Militant Blockade ..."
SIZE = (120, 40)


@pytest.fixture
def workspace(workspace, workspace_dir):
    """conftest's workspace (bundled catalog), without the bundled annotations.

    The tests count mentions in annotation files; starting from none keeps them
    independent of the annotations shipped in ``index/``.
    """
    for path in (workspace_dir / "annotations").glob("*.yaml"):
        path.unlink()
    return workspace


# -- helpers ---------------------------------------------------------------------------------


def saved_mentions(workspace_dir: Path, article_id: str) -> list[dict]:
    """The mentions in the article's YAML file, as written."""
    path = workspace_dir / "annotations" / f"{article_id}.yaml"
    if not path.exists():
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return list(data.get("mentions") or [])


def catalog_entry(workspace_dir: Path, entity_id: str) -> dict | None:
    data = yaml.safe_load((workspace_dir / "entities.yaml").read_text(encoding="utf-8"))
    return next((e for e in data["entities"] if e.get("id") == entity_id), None)


async def open_article(pilot, article_id: str) -> AnnotatingView:
    """Open an article as Enter on a search result does, with the reader focused."""
    await settle(pilot)
    main = pilot.app.screen
    assert isinstance(main, MainScreen)
    main.query_one(ResultsList).post_message(ResultsList.Opened(article_id))
    await pilot.pause()
    view = main.query_one(AnnotatingView)
    view.focus()
    await pilot.pause()
    assert view.article is not None and view.article.id == article_id
    return view


async def cursor_to(pilot, view: AnnotatingView, text: str, nth: int = 0) -> int:
    """Put the reader's cursor on the ``nth`` occurrence of ``text``; its offset."""
    body = view.article.body
    offset = -1
    for _ in range(nth + 1):
        offset = body.index(text, offset + 1)
    view.move_to(offset)
    await pilot.pause()
    return offset


async def flushed(pilot, workspace) -> None:
    """Wait for the background index updates (off the UI thread, which their callbacks need)."""
    await asyncio.to_thread(workspace.flush)
    await settle(pilot)


async def test_label_key_saves_the_word_under_the_cursor(workspace, workspace_dir):
    app = RecordingApp(workspace)
    async with app.run_test(size=SIZE) as pilot:
        view = await open_article(pilot, AIRSTRIKES)
        start = await cursor_to(pilot, view, "militants seeking")
        await pilot.press("3")  # ARMED_GROUP
        await settle(pilot)
        assert isinstance(app.screen, EntityPicker)
        await pilot.press("escape")  # leave it unlinked
        await settle(pilot)
        if isinstance(app.screen, OccurrencesScreen):
            await pilot.press("escape")
            await settle(pilot)
        assert isinstance(app.screen, MainScreen)

    [saved] = saved_mentions(workspace_dir, AIRSTRIKES)
    assert (saved["label"], saved["entity"], saved["start"], saved["end"]) == (
        "ARMED_GROUP",
        None,
        start,
        start + len("militants"),
    )
    assert saved["quote"]["exact"] == "militants"
    assert saved["author"] == "tester"


async def test_a_label_key_on_an_existing_mention_changes_its_type_instead_of_nesting(workspace, workspace_dir):
    """'1' on "Mali's Air Force" (an organisation) makes it a person, not a second mention "Mali's" inside."""
    body = workspace.article(AIRSTRIKES).body
    start = body.index("Air Force")
    mention = workspace.annotate(AIRSTRIKES, start, start + len("Air Force"), "ORGANIZATION")
    app = RecordingApp(workspace)
    async with app.run_test(size=SIZE) as pilot:
        view = await open_article(pilot, AIRSTRIKES)
        await cursor_to(pilot, view, "Air Force")
        await pilot.press("2")  # STATE_FORCE
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)  # no entity picker: nothing new was annotated
        [saved] = saved_mentions(workspace_dir, AIRSTRIKES)
        assert (saved["id"], saved["label"], saved["start"]) == (mention.id, "STATE_FORCE", start)
        await pilot.press("u")  # one undo takes the type back
        await settle(pilot)
    [saved] = saved_mentions(workspace_dir, AIRSTRIKES)
    assert saved["label"] == "ORGANIZATION"


async def test_picked_entity_is_saved_and_found_by_search(workspace, workspace_dir):
    # Nothing in this article names the Kayes blockade event: only the mention can link them.
    assert AIRSTRIKES not in {h.id for h in workspace.search("entity:kayes-blockade").hits}
    app = RecordingApp(workspace)
    async with app.run_test(size=SIZE) as pilot:
        view = await open_article(pilot, AIRSTRIKES)
        start = await cursor_to(pilot, view, "blockade aims")
        await pilot.press("8")  # EVENT
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, EntityPicker)
        assert picker.query_one("#picker-input").value == "blockade"
        first = picker.query_one(EntityList).get_option_at_index(0)
        assert first.id == "e:kayes-blockade"  # events come first for an EVENT mention
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, OccurrencesScreen)  # the other places "blockade" occurs
        await pilot.press("escape")
        await flushed(pilot, workspace)
        assert any("Linked 'blockade'" in text for _, text in app.messages)

    [saved] = saved_mentions(workspace_dir, AIRSTRIKES)
    assert (saved["label"], saved["entity"], saved["start"]) == ("EVENT", "kayes-blockade", start)
    assert AIRSTRIKES in {h.id for h in workspace.search("entity:kayes-blockade").hits}


async def test_typing_in_the_picker_searches_the_catalog(workspace, workspace_dir):
    app = RecordingApp(workspace)
    async with app.run_test(size=SIZE) as pilot:
        view = await open_article(pilot, AIRSTRIKES)
        await cursor_to(pilot, view, "group Jama")
        await pilot.press("3")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, EntityPicker)
        await pilot.press("ctrl+u", *"gsim")  # an alias of JNIM
        await pilot.pause()
        entities = picker.query_one(EntityList)
        assert entities.get_option_at_index(0).id == "e:jnim"
        assert "aka GSIM" in str(entities.get_option_at_index(0).prompt)
        await pilot.press("enter")
        await settle(pilot)
        if isinstance(app.screen, OccurrencesScreen):
            await pilot.press("escape")
            await settle(pilot)

    [saved] = saved_mentions(workspace_dir, AIRSTRIKES)
    assert (saved["quote"]["exact"], saved["entity"]) == ("group", "jnim")


async def test_the_picker_offers_gazetteer_entities(workspace, workspace_dir):
    assert catalog_entry(workspace_dir, "issp") is None  # not in the seeds' own catalog
    app = RecordingApp(workspace)
    async with app.run_test(size=SIZE) as pilot:
        view = await open_article(pilot, AIRSTRIKES)
        await cursor_to(pilot, view, "group Jama")
        await pilot.press("3")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, EntityPicker)
        await pilot.press("ctrl+u", *"eigs")  # the French acronym of IS Sahel
        await pilot.pause()
        first = picker.query_one(EntityList).get_option_at_index(0)
        assert first.id == "e:issp"
        assert "Islamic State Sahel Province" in str(first.prompt)
        await pilot.press("enter")
        await settle(pilot)
        if isinstance(app.screen, OccurrencesScreen):
            await pilot.press("escape")
            await settle(pilot)

    [saved] = saved_mentions(workspace_dir, AIRSTRIKES)
    assert saved["entity"] == "issp"


async def test_picker_adds_the_mention_text_as_an_alias(workspace, workspace_dir):
    assert "junta" not in catalog_entry(workspace_dir, "nigerien-junta")["aliases"]
    app = RecordingApp(workspace)
    async with app.run_test(size=SIZE) as pilot:
        view = await open_article(pilot, C130_A)
        await cursor_to(pilot, view, "junta has")
        await pilot.press("5")  # ORGANIZATION
        await settle(pilot)
        assert isinstance(app.screen, EntityPicker)
        await pilot.press("ctrl+u", *"CNSP")
        await pilot.pause()
        await pilot.press("ctrl+a")  # link and add "junta" as an alias
        await settle(pilot)
        if isinstance(app.screen, OccurrencesScreen):
            await pilot.press("escape")
            await settle(pilot)
        assert any("alias 'junta' added" in text for _, text in app.messages)

    assert "junta" in catalog_entry(workspace_dir, "nigerien-junta")["aliases"]
    [saved] = saved_mentions(workspace_dir, C130_A)
    assert (saved["quote"]["exact"], saved["entity"]) == ("junta", "nigerien-junta")


async def test_new_entity_from_the_picker_then_undo_and_redo(workspace, workspace_dir):
    assert catalog_entry(workspace_dir, "cargo-ship") is None
    app = RecordingApp(workspace)
    async with app.run_test(size=SIZE) as pilot:
        view = await open_article(pilot, C130_A)
        start = await cursor_to(pilot, view, "cargo ship")
        await pilot.press("v", "v", "7")  # select "cargo", extend to "cargo ship", EQUIPMENT
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, EntityPicker)
        assert picker.query_one("#picker-input").value == "cargo ship"
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert not isinstance(app.screen, EntityPicker)

        entry = catalog_entry(workspace_dir, "cargo-ship")
        assert entry is not None and (entry["name"], entry["type"]) == ("cargo ship", "EQUIPMENT")
        [saved] = saved_mentions(workspace_dir, C130_A)
        assert (saved["start"], saved["end"], saved["entity"]) == (start, start + 10, "cargo-ship")

        view.focus()
        await pilot.press("u")  # undo the link
        await pilot.pause()
        assert [m["entity"] for m in saved_mentions(workspace_dir, C130_A)] == [None]
        await pilot.press("u")  # undo the mention
        await pilot.pause()
        assert saved_mentions(workspace_dir, C130_A) == []
        assert view.mention_at_cursor() is None

        await pilot.press("ctrl+r", "ctrl+r")
        await pilot.pause()
        [again] = saved_mentions(workspace_dir, C130_A)
        assert (again["id"], again["entity"]) == (saved["id"], "cargo-ship")
        assert view.mention_at_cursor() is not None


async def test_enter_on_a_new_name_that_only_resembles_an_entity_creates_it(workspace, workspace_dir):
    """A loose fuzzy match must not capture Enter: the analyst typed a new name."""
    app = RecordingApp(workspace)
    async with app.run_test(size=SIZE) as pilot:
        view = await open_article(pilot, AIRSTRIKES)
        await cursor_to(pilot, view, "colonel")
        await pilot.press("1")  # PERSON
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, EntityPicker)
        await pilot.press("ctrl+u", *"Malian army spokesman colonel")
        await settle(pilot)
        assert picker.matches, "the catalog has loose matches for this name"
        await pilot.press("enter")
        await settle(pilot)
        [saved] = saved_mentions(workspace_dir, AIRSTRIKES)
        assert saved["entity"] == "malian-army-spokesman-colonel"
        entry = catalog_entry(workspace_dir, "malian-army-spokesman-colonel")
        assert entry is not None and entry["type"] == "PERSON"


async def test_escape_in_the_picker_keeps_an_existing_link(workspace, workspace_dir):
    body = workspace.article(C130_A).body
    start = body.index("Mali, employing")
    workspace.annotate(C130_A, start, start + 4, "LOCATION", entity="mali")
    app = RecordingApp(workspace)
    async with app.run_test(size=SIZE) as pilot:
        view = await open_article(pilot, C130_A)
        await cursor_to(pilot, view, "Mali, employing")
        await pilot.press("enter")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, EntityPicker)
        ids = [
            picker.query_one(EntityList).get_option_at_index(i).id
            for i in range(picker.query_one(EntityList).option_count)
        ]
        assert "unlink" in ids  # a linked mention can also be unlinked from here
        await pilot.press(*"xyz", "escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    assert [m["entity"] for m in saved_mentions(workspace_dir, C130_A)] == ["mali"]


# -- occurrences -----------------------------------------------------------------------------


async def test_accept_all_occurrences_annotates_this_and_other_articles(workspace, workspace_dir):
    app = RecordingApp(workspace)
    async with app.run_test(size=SIZE) as pilot:
        view = await open_article(pilot, C130_A)
        await cursor_to(pilot, view, "aircraft")
        await pilot.press("7")  # EQUIPMENT
        await settle(pilot)
        await pilot.press("escape")  # no entity
        await settle(pilot)
        occurrences = app.screen
        assert isinstance(occurrences, OccurrencesScreen)
        listed = occurrences.occurrences
        here = [o for o in listed if o.article_id == C130_A]
        elsewhere = {o.article_id for o in listed} - {C130_A}
        assert len(here) == 2 and elsewhere  # two more in this article, some in others
        await pilot.press("A", "enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        await flushed(pilot, workspace)

    mine = saved_mentions(workspace_dir, C130_A)
    assert [m["quote"]["exact"] for m in mine] == ["aircraft"] * 3
    assert all(m["label"] == "EQUIPMENT" for m in mine)
    for other in elsewhere:
        texts = {m["quote"]["exact"].lower() for m in saved_mentions(workspace_dir, other)}
        assert texts == {"aircraft"}
    hits = {h.id for h in workspace.search("type:equipment aircraft").hits}
    assert {C130_A, *elsewhere} <= hits


async def test_occurrences_saves_only_the_accepted_rows(workspace, workspace_dir):
    app = RecordingApp(workspace)
    async with app.run_test(size=SIZE) as pilot:
        view = await open_article(pilot, C130_A)
        await cursor_to(pilot, view, "aircraft")
        await pilot.press("7")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, OccurrencesScreen)
        first, second = screen.occurrences[0], screen.occurrences[1]
        await pilot.press("y", "x")  # accept the first row, reject the second
        await pilot.pause()
        rows = screen.query_one(KwicList)
        prompts = [str(rows.get_option_at_index(i).prompt) for i in range(rows.option_count)]
        assert sum(p.startswith("✓") for p in prompts) == 1
        assert sum(p.startswith("✗") for p in prompts) == 1
        await pilot.press("enter")
        await settle(pilot)

    starts = {m["start"] for m in saved_mentions(workspace_dir, first.article_id)}
    assert first.start in starts
    assert second.start not in {m["start"] for m in saved_mentions(workspace_dir, second.article_id)}
    total = sum(len(saved_mentions(workspace_dir, i)) for i in IDS.values())
    assert total == 2  # the labelled word and the one accepted occurrence


async def test_escape_in_occurrences_saves_nothing_more(workspace, workspace_dir):
    app = RecordingApp(workspace)
    async with app.run_test(size=SIZE) as pilot:
        view = await open_article(pilot, C130_A)
        await cursor_to(pilot, view, "aircraft")
        await pilot.press("7")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, OccurrencesScreen)
        await pilot.press("A", "escape")
        await settle(pilot)
    assert sum(len(saved_mentions(workspace_dir, i)) for i in IDS.values()) == 1


# -- suggestions, deleting, changing the type -----------------------------------------------------


async def test_accept_a_suggestion(workspace, workspace_dir):
    app = RecordingApp(workspace)
    async with app.run_test(size=SIZE) as pilot:
        view = await open_article(pilot, C130_A)
        start = await cursor_to(pilot, view, "Niamay")  # "Niamay" is an alias of Niamey in the catalog
        assert view.suggestion_at_cursor() is not None
        await pilot.press("y")
        await pilot.pause()
        assert view.suggestion_at_cursor() is None and view.mention_at_cursor() is not None
    [saved] = saved_mentions(workspace_dir, C130_A)
    assert (saved["label"], saved["entity"], saved["start"], saved["end"]) == ("LOCATION", "niamey", start, start + 6)


async def test_delete_a_mention_and_undo(workspace, workspace_dir):
    body = workspace.article(C130_A).body
    start = body.index("CSP-PSD")
    mention = workspace.annotate(C130_A, start, start + 7, "ARMED_GROUP", entity="csp-psd")
    app = RecordingApp(workspace)
    async with app.run_test(size=SIZE) as pilot:
        view = await open_article(pilot, C130_A)
        await cursor_to(pilot, view, "CSP-PSD")
        await pilot.press("d")
        await pilot.pause()
        assert saved_mentions(workspace_dir, C130_A) == []
        assert view.mention_at_cursor() is None
        await pilot.press("u")
        await pilot.pause()
        assert [m["id"] for m in saved_mentions(workspace_dir, C130_A)] == [mention.id]


async def test_change_the_type_from_the_label_menu(workspace, workspace_dir):
    body = workspace.article(C130_A).body
    start = body.index("CSP-PSD")
    workspace.annotate(C130_A, start, start + 7, "ORGANIZATION")
    app = RecordingApp(workspace)
    async with app.run_test(size=SIZE) as pilot:
        view = await open_article(pilot, C130_A)
        await cursor_to(pilot, view, "CSP-PSD")
        await pilot.press("t")
        await pilot.pause()
        menu = app.screen
        assert isinstance(menu, LabelMenu)
        assert menu.query_one("#label-list").highlighted == 4  # ORGANIZATION, the current type
        await pilot.press("3")  # ARMED_GROUP's key
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert saved_mentions(workspace_dir, C130_A)[0]["label"] == "ARMED_GROUP"

        await pilot.press("t")
        await pilot.pause()
        await pilot.press("down", "enter")  # EXTERNAL_FORCE, below ARMED_GROUP
        await pilot.pause()
        assert saved_mentions(workspace_dir, C130_A)[0]["label"] == "EXTERNAL_FORCE"

        await pilot.press("t")
        await pilot.pause()
        await pilot.press("escape")  # keeps the type
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert saved_mentions(workspace_dir, C130_A)[0]["label"] == "EXTERNAL_FORCE"


async def test_legend_lists_every_type_with_its_key(workspace):
    app = RecordingApp(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await open_article(pilot, C130_A)
        await pilot.press("L")
        await pilot.pause()
        legend = app.screen
        assert isinstance(legend, LegendScreen)
        rows = legend.query_one("#legend-list")
        shown = [str(rows.get_option_at_index(i).prompt) for i in range(rows.option_count)]
        for label in workspace.labels:
            assert any(row.strip().startswith(label.key) and label.name in row and label.id in row for row in shown), (
                label.id
            )
        await pilot.press("down", "down")
        await pilot.pause()
        assert "non-state armed group" in str(legend.query_one("#legend-detail").render())
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


# -- review ---------------------------------------------------------------------------------------


async def test_review_accepts_moved_and_deletes_orphaned(workspace, corpus_dir, workspace_dir):
    write_flagged(corpus_dir, workspace_dir)
    body = workspace.article(C130_A).body
    app = RecordingApp(workspace)
    async with app.run_test(size=SIZE) as pilot:
        view = await open_article(pilot, C130_A)
        view.focus()
        await pilot.press("r")
        await pilot.pause()
        review = app.screen
        assert isinstance(review, ReviewScreen)
        # in text order: Tombouctou (orphaned, old offsets 120), Niamay (596), the airport (634)
        assert [m.id for m in review.flagged] == ["m-00000000000c", "m-00000000000a", "m-00000000000b"]
        detail = str(review.query_one("#review-detail").render())
        assert "no longer in the article" in detail

        await pilot.press("a")  # an orphaned mention has no new position: refused
        await pilot.pause()
        assert any(sev == "warning" and "gone from the article" in text for sev, text in app.messages)
        await pilot.press("d")  # delete it; the cursor moves to the next one
        await pilot.pause()
        detail = str(review.query_one("#review-detail").render())
        assert "Niamey" in detail and "Niamay" in detail  # as saved, and as the text says now
        await pilot.press("a")  # accept Niamey -> Niamay; on to the airport
        await pilot.pause()
        assert "Modibo Keita" in str(review.query_one("#review-detail").render())
        await pilot.press("s")  # skip the airport for now
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)  # the airport is still open
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)

    saved = {m["id"]: m for m in saved_mentions(workspace_dir, C130_A)}
    assert "m-00000000000c" not in saved
    niamay = saved["m-00000000000a"]
    assert (niamay["state"], niamay["quote"]["exact"]) == ("ok", "Niamay")
    assert body[niamay["start"] : niamay["end"]] == "Niamay"
    assert niamay["body_sha256"] == workspace.article(C130_A).body_sha256
    assert saved["m-00000000000b"]["body_sha256"] == "0" * 64  # skipped: untouched


async def test_review_closes_when_every_mention_is_handled(workspace, corpus_dir, workspace_dir):
    write_flagged(corpus_dir, workspace_dir)
    app = RecordingApp(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await open_article(pilot, C130_A)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("d", "a", "a")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        view = app.screen.query_one(AnnotatingView)
        assert [m.state for m in view.mentions] == ["ok", "ok"]
    states = [m["state"] for m in saved_mentions(workspace_dir, C130_A)]
    assert states == ["ok", "ok"]


# -- a broken annotation file -------------------------------------------------------------------


async def test_malformed_annotation_file_is_reported_and_never_overwritten(workspace, workspace_dir):
    broken = workspace_dir / "annotations" / f"{C130_A}.yaml"
    broken.parent.mkdir(exist_ok=True)
    garbage = "article: [unclosed\nmentions:\n  - {id: m-1, label: : :\n\t- oops\n"
    broken.write_text(garbage, encoding="utf-8")
    app = RecordingApp(workspace)
    async with app.run_test(size=SIZE) as pilot:
        view = await open_article(pilot, C130_A)
        assert view.article.title.startswith("Since August 20")  # the article still opens
        assert any(f"{C130_A}.yaml" in text for sev, text in app.messages if sev in ("warning", "error"))

        await cursor_to(pilot, view, "aircraft")
        await pilot.press("7")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)  # nothing saved, so no picker
        assert any(sev == "error" and "not saved" in text for sev, text in app.messages)

        other = await open_article(pilot, AIRSTRIKES)  # the rest of the workspace still works
        await cursor_to(pilot, other, "militants seeking")
        await pilot.press("3")
        await settle(pilot)
        assert isinstance(app.screen, EntityPicker)
        await pilot.press("escape")
        await settle(pilot)
    assert broken.read_text(encoding="utf-8") == garbage
    assert len(saved_mentions(workspace_dir, AIRSTRIKES)) == 1


@pytest.mark.parametrize("name", ["[/]", "[@click=app.quit]x[/]", "\x1b]0;pwned\x07Mopti"])
async def test_hostile_names_are_shown_literally_in_the_picker(workspace, workspace_dir, name):
    workspace.add_entity(f"{name} Brigade", "ARMED_GROUP")
    app = RecordingApp(workspace)
    async with app.run_test(size=SIZE) as pilot:
        view = await open_article(pilot, AIRSTRIKES)
        await cursor_to(pilot, view, "militants seeking")
        await pilot.press("3")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, EntityPicker)
        await pilot.press("ctrl+u", *"Brigade")
        await pilot.pause()
        rows = picker.query_one(EntityList)
        prompts = [str(rows.get_option_at_index(i).prompt) for i in range(rows.option_count)]
        assert any("Brigade" in p for p in prompts)
        assert not any("\x1b" in p or "\x07" in p for p in prompts)
        if name.startswith("["):
            assert any(name in p for p in prompts)
        await pilot.press("escape")
        await settle(pilot)
        assert app.is_running
