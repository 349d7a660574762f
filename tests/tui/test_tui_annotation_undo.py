"""One key, one undo: batches saved from the reader come back with a single `u`.

"Accept all occurrences" and "accept all suggestions" save many mentions at once;
the analyst expects one `u` to take all of them back (and Ctrl+R to redo them).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import IDS
from tui_helpers import RecordingApp, settle

from sahel_tui.tui.screens.entity_picker import EntityPicker
from sahel_tui.tui.screens.main import MainScreen
from sahel_tui.tui.screens.occurrences import OccurrencesScreen
from sahel_tui.tui.widgets.reader import AnnotatingView
from sahel_tui.tui.widgets.results_list import ResultsList

C130_A = IDS["c130_a"]
AIRSTRIKES = IDS["airstrikes"]
SIZE = (120, 40)


@pytest.fixture
def workspace(workspace, workspace_dir):
    """The bundled workspace without its annotations: counts start at zero."""
    for path in (workspace_dir / "annotations").glob("*.yaml"):
        path.unlink()
    return workspace


def saved(workspace_dir: Path, article_id: str) -> list[dict]:
    path = workspace_dir / "annotations" / f"{article_id}.yaml"
    if not path.exists():
        return []
    return list((yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("mentions") or [])


def total(workspace_dir: Path) -> int:
    return sum(len(saved(workspace_dir, i)) for i in IDS.values())


async def open_article(pilot, article_id: str) -> AnnotatingView:
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


async def test_annotate_all_occurrences_then_one_undo_removes_them_all(workspace, workspace_dir):
    app = RecordingApp(workspace)
    async with app.run_test(size=SIZE) as pilot:
        view = await open_article(pilot, C130_A)
        first = view.article.body.index("aircraft")
        view.move_to(first)
        await pilot.press("7")  # EQUIPMENT
        await settle(pilot)
        assert isinstance(app.screen, EntityPicker)
        await pilot.press("escape")  # no entity
        await settle(pilot)
        assert isinstance(app.screen, OccurrencesScreen)
        listed = len(app.screen.occurrences)
        await pilot.press("A", "enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert total(workspace_dir) == 1 + listed > 3  # the word, then its occurrences here and elsewhere

        await pilot.press("u")
        await settle(pilot)
        [left] = saved(workspace_dir, C130_A)  # only the first label remains, in every article
        assert left["start"] == first and total(workspace_dir) == 1
        assert [m.start for m in view.mentions] == [first]  # and the reader shows it

        await pilot.press("ctrl+r")
        await settle(pilot)
        assert total(workspace_dir) == 1 + listed
        assert len(view.mentions) == len(saved(workspace_dir, C130_A))


async def test_accept_all_suggestions_then_one_undo(workspace, workspace_dir):
    app = RecordingApp(workspace)
    async with app.run_test(size=SIZE) as pilot:
        view = await open_article(pilot, C130_A)
        suggested = len(view.suggestions)
        assert suggested > 3
        await pilot.press("Y")
        await settle(pilot)
        assert len(saved(workspace_dir, C130_A)) == suggested
        assert view.suggestions == [] and len(view.mentions) == suggested

        await pilot.press("u")
        await settle(pilot)
        assert saved(workspace_dir, C130_A) == []
        assert view.mentions == [] and len(view.suggestions) == suggested
        assert ("information", f"Undo: add {suggested} mentions") in app.messages

        await pilot.press("u")  # the batch was the only step
        await settle(pilot)
        assert ("information", "Nothing to undo") in app.messages


async def test_number_key_links_only_to_an_entity_of_that_type(workspace, workspace_dir):
    # "Africa Corps" is an EXTERNAL_FORCE in the catalog: labelled so it is linked at once,
    # labelled as another type it is saved unlinked.
    app = RecordingApp(workspace)
    external = workspace.labels.resolve("EXTERNAL_FORCE").key
    armed = workspace.labels.resolve("ARMED_GROUP").key
    async with app.run_test(size=SIZE) as pilot:
        view = await open_article(pilot, AIRSTRIKES)
        at = view.article.body.index("Africa Corps")
        for key in (external, armed):
            view.move_to(at)
            await pilot.press("v", "v", key)  # select the two words, then the type key
            await settle(pilot)
            assert isinstance(app.screen, EntityPicker)
            await pilot.press("escape")
            await settle(pilot)
            if isinstance(app.screen, OccurrencesScreen):
                await pilot.press("escape")
                await settle(pilot)
    links = {(m["label"], m["entity"]) for m in saved(workspace_dir, AIRSTRIKES)}
    assert links == {("EXTERNAL_FORCE", "africa-corps"), ("ARMED_GROUP", None)}
