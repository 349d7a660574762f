"""The comparison screen, driven from the keyboard as an analyst would."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import IDS
from textual.content import Content
from textual.widgets import Static
from tui_helpers import settle

from sahel_tui.core.workspace import Workspace
from sahel_tui.tui.app import SahelApp
from sahel_tui.tui.screens.compare import CompareScreen
from sahel_tui.tui.screens.main import MainScreen
from sahel_tui.tui.screens.partner_picker import PartnerList, PartnerPicker
from sahel_tui.tui.widgets.compare_view import CompareRow, CompareView, SideCell
from sahel_tui.tui.widgets.reader import AnnotatingView
from sahel_tui.tui.widgets.results_list import ResultsList

A, C = IDS["c130_a"], IDS["c130_c"]


def text_of(widget: Static) -> str:
    content = widget.content
    return content.plain if isinstance(content, Content) else str(content)


def make_app(corpus_dir: Path, workspace_dir: Path) -> tuple[SahelApp, Workspace]:
    ws = Workspace(corpus=corpus_dir, root=workspace_dir, author="tester")
    return SahelApp(ws), ws


async def open_compare(pilot, ws: Workspace, left: str, right: str) -> CompareScreen:
    await settle(pilot)
    screen = CompareScreen(ws, left, right)
    await pilot.app.push_screen(screen)
    await settle(pilot)
    assert screen.prepared is not None
    return screen


def header(screen: CompareScreen, part: str) -> str:
    return text_of(screen.query_one(f"#cmp-{part}", Static))


async def test_compare_flow_from_the_results_list(corpus_dir, workspace_dir):
    app, ws = make_app(corpus_dir, workspace_dir)
    titles = {i: ws.article(i).title for i in (A, C)}
    expected = ws.compare(C, A).similarity
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press(*"C130 aircraft")
        await settle(pilot)
        results = app.screen.query_one(ResultsList)
        ids = results.article_ids
        assert A in ids and C in ids
        await pilot.press("down")  # from the search box into the results
        assert app.focused is results
        # mark C first, then A: C is the left article
        for target in (C, A):
            while results.highlighted_id != target:
                await pilot.press("down" if ids.index(target) > ids.index(results.highlighted_id) else "up")
            await pilot.press("m")
        assert results.marked == [C, A]
        await pilot.press("c")
        await settle(pilot)

        screen = app.screen
        assert isinstance(screen, CompareScreen)
        assert titles[C] in header(screen, "title-left")
        assert titles[A] in header(screen, "title-right")
        assert f"similarity {expected:.3f}" in header(screen, "summary")

        # swap: the sides change places
        await pilot.press("s")
        await settle(pilot)
        assert titles[A] in header(screen, "title-left")
        assert titles[C] in header(screen, "title-right")
        assert (screen.left_id, screen.right_id) == (A, C)

        # next difference: the row cursor moves down to the next row that differs
        view = screen.query_one(CompareView)
        rows = screen.prepared.rows
        start = view.current
        assert "difference 1/" in header(screen, "summary")
        await pilot.press("n")
        await pilot.pause()
        assert view.current > start
        assert rows[view.current].kind != "same"
        assert view.query(CompareRow)[view.current].has_class("-current")
        assert not view.query(CompareRow)[start].has_class("-current")
        assert "difference 2/" in header(screen, "summary")
        await pilot.press("N")
        await pilot.pause()
        assert view.current == start

        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    ws.close()


async def test_next_difference_scrolls_the_rows_into_view(corpus_dir, workspace_dir):
    app, ws = make_app(corpus_dir, workspace_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_compare(pilot, ws, A, C)
        view = screen.query_one(CompareView)
        assert view.scroll_y == 0
        for _ in range(6):
            await pilot.press("]")
        await pilot.pause()
        row = view.query(CompareRow)[view.current]
        assert view.current >= 6
        assert view.scroll_y > 0
        # the current row is on screen
        assert row.region.y < view.region.bottom and row.region.bottom > view.region.y
        await pilot.press("[")
        await pilot.pause()
        assert view.current < screen.prepared.differences[6]
    ws.close()


async def test_rows_pair_sentences_and_leave_gaps(corpus_dir, workspace_dir):
    app, ws = make_app(corpus_dir, workspace_dir)
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_compare(pilot, ws, A, C)
        comparison = screen.prepared.comparison
        rows = list(screen.query(CompareRow))
        assert len(rows) == len(comparison.pairs) + len(comparison.left_only) + len(comparison.right_only)
        left_body = ws.article(A).body
        for row in rows:
            left, right = row.query(SideCell)
            if row.row.left is not None:
                shown = text_of(left.query_one(".side-text", Static))
                assert shown == left_body[row.row.left.start : row.row.left.end].replace("\n", " ")
            if row.row.kind == "left_only":
                assert right.has_class("-missing") and left.has_class("-unique")
            if row.row.kind == "right_only":
                assert left.has_class("-missing") and right.has_class("-unique")
        # side by side: the two sentences of a pair share a row, left column left of right column
        pair = next(r for r in rows if r.row.kind == "paraphrase")
        left, right = pair.query(SideCell)
        assert left.region.y == right.region.y and left.region.right <= right.region.x
        assert screen.has_class("-columns")
    ws.close()


async def test_header_lists_what_each_side_adds(corpus_dir, workspace_dir):
    app, ws = make_app(corpus_dir, workspace_dir)
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_compare(pilot, ws, A, C)
        left_facts, right_facts = header(screen, "facts-left"), header(screen, "facts-right")
        comparison = screen.prepared.comparison
        names = comparison.entities.names
        for entity in comparison.entities.right_only:
            assert names[entity] in right_facts and names[entity] not in left_facts
        assert "European Union" in right_facts
        assert "numbers: two" in right_facts
        assert "Malian Armed Forces" in left_facts
        # shared entities are not called out as additions
        for entity in comparison.entities.shared:
            assert f": {names[entity]}," not in left_facts + right_facts
        assert "Mali," not in right_facts
    ws.close()


async def test_one_sided_entity_is_marked_in_the_text(corpus_dir, workspace_dir):
    app, ws = make_app(corpus_dir, workspace_dir)
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_compare(pilot, ws, A, C)
        # "European Union" is only in C: its words are drawn reversed there
        marked = []
        for row in screen.query(CompareRow):
            cell = row.query(SideCell)[1].query_one(".side-text", Static)
            content = cell.content
            if isinstance(content, Content) and "European Union" in content.plain:
                start = content.plain.index("European Union")
                marked += [s for s in content.spans if s.start <= start < s.end and getattr(s.style, "reverse", False)]
        assert marked
    ws.close()


async def test_narrow_terminal_stacks_then_shows_one_side_at_a_time(corpus_dir, workspace_dir):
    app, ws = make_app(corpus_dir, workspace_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_compare(pilot, ws, A, C)
        assert screen.has_class("-stacked")
        pair = next(r for r in screen.query(CompareRow) if r.row.kind == "paraphrase")
        left, right = pair.query(SideCell)
        assert right.region.y > left.region.y  # left sentence above the right one
        assert left.region.x == right.region.x

        await pilot.press("v")  # one side at a time: the left one
        await pilot.pause()
        assert screen.has_class("-single")
        assert left.display and not right.display
        only_right = next(r for r in screen.query(CompareRow) if r.row.kind == "right_only")
        note = only_right.query(SideCell)[0].query_one(".side-text", Static)
        assert "only in R" in text_of(note)

        await pilot.press("tab")  # the other side
        await pilot.pause()
        assert right.display and not left.display
        assert screen.active == "right"

        await pilot.press("v")  # back to side by side, even on a narrow terminal
        await pilot.pause()
        assert screen.has_class("-columns")
        assert left.display and right.display
        assert left.region.y == right.region.y
    ws.close()


async def test_wide_terminal_switches_layout_on_resize(corpus_dir, workspace_dir):
    app, ws = make_app(corpus_dir, workspace_dir)
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_compare(pilot, ws, A, C)
        assert screen.has_class("-columns")
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert screen.has_class("-stacked")
    ws.close()


async def test_open_left_or_right_article_in_the_reader(corpus_dir, workspace_dir):
    app, ws = make_app(corpus_dir, workspace_dir)
    async with app.run_test(size=(160, 50)) as pilot:
        await open_compare(pilot, ws, A, C)
        await pilot.press("O")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        reader = app.screen.query_one(AnnotatingView)
        assert reader.article is not None and reader.article.id == C

        await open_compare(pilot, ws, A, C)
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.screen.query_one(AnnotatingView).article.id == A

        # Enter opens the active side; tab makes the other side active
        await open_compare(pilot, ws, A, C)
        await pilot.press("tab", "enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.screen.query_one(AnnotatingView).article.id == C
    ws.close()


async def test_f_shows_every_fact_on_a_small_terminal(corpus_dir, workspace_dir):
    app, ws = make_app(corpus_dir, workspace_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_compare(pilot, ws, A, C)
        facts = screen.query_one("#cmp-facts-left", Static)
        assert "Niger Air Force C-130H 5U-MBH" in text_of(facts)
        cut = facts.region.height
        assert cut <= 2  # cut to fit, the rows keep most of the screen
        await pilot.press("f")
        await pilot.pause()
        assert facts.region.height > cut
        await pilot.press("f")
        await pilot.pause()
        assert facts.region.height == cut
    ws.close()


async def test_partner_picker_lists_rewrites_and_compares_the_choice(corpus_dir, workspace_dir):
    app, ws = make_app(corpus_dir, workspace_dir)
    b = IDS["c130_b"]
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_compare(pilot, ws, A, C)
        await pilot.press("p")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, PartnerPicker)
        options = picker.query_one(PartnerList)
        ids = [o.id for o in options.options]
        assert ids[:2] == [C, b]  # best first; the partner compared now is highlighted
        assert IDS["airstrikes"] not in ids and IDS["aes_air"] not in ids
        assert options.highlighted_option.id == C
        first = options.get_option_at_index(0).prompt
        assert "0.165" in first.plain and "compared now" in first.plain
        await pilot.press("down", "enter")
        await settle(pilot)
        assert app.screen is screen
        assert (screen.left_id, screen.right_id) == (A, b)
        assert ws.article(b).title in header(screen, "title-right")

        await pilot.press("p")
        await settle(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and screen.right_id == b
    ws.close()


async def test_unknown_article_shows_an_error_instead_of_crashing(corpus_dir, workspace_dir):
    app, ws = make_app(corpus_dir, workspace_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = CompareScreen(ws, A, "999_missing")
        await app.push_screen(screen)
        await settle(pilot)
        assert screen.prepared is None
        assert "Cannot compare" in header(screen, "title-left")
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    ws.close()


HOSTILE = (
    "Title [bold]x[/] [@click=app.quit]boom[/]\n\n"
    "Fighters of [red]JNIM[/red] attacked Boulkessi on 3 June \x1b[2J\x1b]0;pwned\x07 with 40 trucks. "
    "The army said [/] nothing \\ about it.\n\n"
    "A trailing bracket [ and a $variable stay literal."
)


@pytest.mark.parametrize("size", [(80, 24), (160, 50)])
async def test_markup_and_escape_sequences_in_articles_stay_literal(corpus_dir, workspace_dir, size):
    (corpus_dir / "hostile_a.txt").write_text(HOSTILE, encoding="utf-8")
    (corpus_dir / "hostile_b.txt").write_text(
        HOSTILE.replace("40 trucks", "[link=https://example.org]60[/link] trucks"), encoding="utf-8"
    )
    app, ws = make_app(corpus_dir, workspace_dir)
    async with app.run_test(size=size) as pilot:
        screen = await open_compare(pilot, ws, "hostile_a", "hostile_b")
        shown = "\n".join(text_of(s) for s in screen.query(".side-text").results(Static))
        assert "[red]JNIM[/red]" in shown
        assert "The army said [/] nothing \\ about it." in shown
        assert "A trailing bracket [ and a $variable stay literal." in shown
        assert "\x1b" not in shown and "\x07" not in shown
        assert "␛[2J" in shown
        assert "[link=https://example.org]60[/link]" in shown
        assert "Title [bold]x[/] [@click=app.quit]boom[/]" in header(screen, "title-left")
        assert "numbers: 60" in header(screen, "facts-right")
        await pilot.press("n", "s")
        await settle(pilot)
        assert app.is_running and app.screen is screen
    ws.close()
