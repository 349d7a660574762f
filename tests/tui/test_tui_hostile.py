"""The app over a hostile corpus: every article is searched for and opened, and nothing
in them (nor in a hostile catalog entry or a hostile query) reaches the terminal as
anything but visible text.

Two views of "what reaches the terminal":

* in-process (``App.run_test``): what the compositor would send for the whole
  screen (``Strip.render``), the SVG screenshot, and the screen's plain text;
* end to end: the real ``sahel-tui`` in a pseudo-terminal, driven by keystrokes,
  with every byte it writes captured.  The only escape sequences allowed are the
  ones Textual itself emits (cursor moves, colours, terminal modes, the pointer
  shape); no OSC 52 clipboard write, no OSC 0/2 title, no C1 byte, no clear
  screen; the article's own sequences must show as control pictures (␛ ␇).

The hostile corpus is built by ``test_cli_hostile.build_corpus``: every text
family (markup-like brackets, CSI, OSC 52, OSC 0/2, C0, C1, bidi, zero-width,
combining, wide), odd encodings and line endings, a 330 kB line, a 3 MB file,
odd but valid file names, and files that are skipped (empty, blank, binary,
over the size limit, unusable names, a symlink out of the corpus).
"""

from __future__ import annotations

import codecs
import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest
from conftest import ROOT
from hostile_corpus import DANGEROUS, LOADED_IDS, ODD_IDS, Hostile, build_corpus
from rich.cells import get_character_cell_size
from tui_helpers import RecordingApp, wait_until

from sahel_tui.core.workspace import Workspace
from sahel_tui.tui.app import SahelApp
from sahel_tui.tui.screens.main import MainScreen
from sahel_tui.tui.widgets.entity_sidebar import EntitySidebar
from sahel_tui.tui.widgets.reader import AnnotatingView
from sahel_tui.tui.widgets.results_list import ResultsList
from sahel_tui.tui.widgets.search_bar import PLACEHOLDER, SearchBar

SIZE = (120, 40)
PTY_SIZE = (200, 45)  # wide enough for the notifications to cover only the entity pane, not the reader
HOSTILE_QUERY = '[@click=app.quit] [/] "unbalanced (convoy AND'  # typed in the real app
TYPED_QUERY = '[@click=app.quit] "x (AND'  # typed in the in-process app (each key costs a wait for idle)
# The articles opened in the real app: every text family, and the encodings, sizes and names that
# change how the text is read or shown (the in-process test opens every article).
PTY_IDS = [i for i in LOADED_IDS if i.startswith("h-")] + [
    "enc-utf16le",
    "long-line",
    "large",
    ODD_IDS["[b]odd[@click=app.quit]"],
]
SGR = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, Hostile]]:
    base = tmp_path_factory.mktemp("tui-hostile")
    corpus, workspace = base / "corpus", base / "index"
    loaded = build_corpus(corpus, workspace)
    with Workspace(corpus=corpus, root=workspace, author="tester") as ws:
        ws.sync_index()
    return corpus, workspace, loaded


# -- in-process: what the compositor would send --------------------------------------------------


def screen_output(app: SahelApp) -> tuple[str, str]:
    """(what the driver would write for the whole screen, the screen's plain text)."""
    strips = app.screen._compositor.render_strips()
    assert [strip.cell_length for strip in strips] == [app.size.width] * app.size.height
    for strip in strips:
        for segment in strip:
            style = segment.style
            if style is not None and ("app.quit" in segment.text or "evil.example" in segment.text):
                assert not style.link and "@click" not in (style.meta or {}), segment  # no live link or action
    return "".join(strip.render(app.console) for strip in strips), "\n".join(strip.text for strip in strips)


def assert_screen_safe(app: SahelApp, *, svg: bool = True) -> str:
    """The screen's text, after checking that only colour codes and visible characters reach the terminal."""
    raw, text = screen_output(app)
    rest = SGR.sub("", raw)  # the only sequence Strip.render emits: no OSC 8 link, nothing else
    bad = sorted({f"U+{ord(c):04X}" for c in rest if c in DANGEROUS})
    assert not bad, f"reaches the terminal: {bad}"
    if svg:
        assert not set(app.export_screenshot()) & DANGEROUS
    assert app.is_running and app.return_code is None
    return text


async def test_every_hostile_article_is_searched_opened_and_shown_inert(hostile) -> None:
    corpus, workspace, loaded = hostile
    app = RecordingApp(Workspace(corpus=corpus, root=workspace, author="tester"))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await wait_until(pilot, lambda: screen.ready and screen.results is not None, "the first results")
        results = screen.query_one(ResultsList)
        assert sorted(results.article_ids) == sorted(LOADED_IDS)  # the skipped files stop nothing
        skipped = [text for severity, text in app.messages if severity == "warning" and "skipped" in text]
        assert skipped  # the first problems are shown ...
        await wait_until(pilot, lambda: "skipped" in screen_output(app)[1], "the problems on screen")
        assert_screen_safe(app)  # ... safely
        search = screen.query_one(SearchBar)
        view = screen.query_one(AnnotatingView)
        for article_id in LOADED_IDS:
            item = loaded[article_id]
            search.set_query(item.marker)
            await wait_until(
                pilot,
                lambda: (
                    screen.results is not None
                    and screen.results.query == item.marker
                    and results.article_ids == [article_id]
                ),
                f"the search for {article_id!r}",
            )
            results.focus()
            await pilot.press("enter")
            await wait_until(
                pilot,
                lambda: view.article is not None and view.article.id == article_id,
                f"{article_id!r} in the reader",
            )
            await pilot.pause()
            text = assert_screen_safe(app, svg=article_id.startswith("h-"))  # the SVG of each text family
            assert item.shown in text, article_id  # legible: the control pictures are on screen
            assert item.marker in text
        assert not [m for m in app.messages if m[0] == "error"]


async def test_hostile_catalog_entry_and_typed_query_are_shown_inert(hostile) -> None:
    corpus, workspace, loaded = hostile
    app = RecordingApp(Workspace(corpus=corpus, root=workspace, author="tester"))
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await wait_until(pilot, lambda: screen.ready and screen.results is not None, "the first results")
        screen.query_one(SearchBar).set_query(loaded["h-markup"].marker)  # it contains an alias of evil-group
        results = screen.query_one(ResultsList)
        await wait_until(pilot, lambda: results.article_ids == ["h-markup"], "the search")
        results.focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen.query_one(AnnotatingView).article is not None, "the article")
        await pilot.press("f3")  # the entity list: its first row's details show below it
        await wait_until(pilot, lambda: screen.query_one(EntitySidebar).has_focus_within, "the sidebar")
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = assert_screen_safe(app)
        assert "Evil ␛]52;c;AAAA␇ [bold]Group[/]" in text  # name, with its escapes as pictures
        assert "␛]0;alias title␇" in text  # alias
        assert "␛]2;note title␛\\ note" in text  # note
        # A hostile query typed into the search box: searched for, shown verbatim, nothing interpreted.
        await pilot.press("slash", "ctrl+u")
        await pilot.press(*TYPED_QUERY)
        await wait_until(
            pilot,
            lambda: screen.results is not None and screen.results.query == TYPED_QUERY,
            "the search for the typed query",
        )
        await pilot.press("enter")  # the exact (not as-you-type) search
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = assert_screen_safe(app)
        assert TYPED_QUERY in text
        assert isinstance(app.screen, MainScreen) and not [m for m in app.messages if m[0] == "error"]


# -- end to end: the bytes the real app writes to a terminal --------------------------------------

_TOKEN = re.compile(
    r"(?P<csi>\x1b\[[0-?]*[ -/]*[@-~])|(?P<osc>\x1b\][^\x07\x1b]*(?:\x07|\x1b\\))|(?P<esc>\x1b.?)"
    r"|(?P<nl>[\r\n])|(?P<text>[^\x1b\r\n]+)",
    re.S,
)
# What Textual 8 itself writes: colours, cursor positions, terminal modes (alternate screen, mouse,
# focus, bracketed paste, wrap, cursor), the kitty keyboard push/pop and two mode queries.
_TEXTUAL_CSI = re.compile(
    r"\x1b\[(?:[0-9;]*m|\d+;\d+H|\?(?:1049|1000|1003|1015|1006|1004|2004|25|7|2026)[hl]"
    r"|>\d+u|<u|\?(?:2026|2048)\$p)"
)
_TEXTUAL_OSC = re.compile(r"\x1b\]22;[a-z-]*\x07")  # the mouse pointer's shape


class Terminal:
    """The real app in a pseudo-terminal: all the bytes it writes, and a minimal screen.

    The screen understands exactly what Textual sends (cursor positions, text,
    carriage return, line feed) with the same cell widths; it is used to wait for
    what a user would wait for, and to check that the panes' borders line up.
    """

    def __init__(self, args: list[str], size: tuple[int, int]) -> None:
        self.width, self.height = size
        self.rows = [[" "] * self.width for _ in range(self.height)]
        self.x = self.y = 0
        self.raw = bytearray()
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self._partial = ""
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", self.height, self.width, 0, 0))
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SAHEL_TUI_", "TEXTUAL"))}
        env.update(TERM="xterm-256color", COLORTERM="truecolor", LANG="C.UTF-8", LC_ALL="C.UTF-8")
        # The size also by name: a loaded machine once started the app at the 80x25 fallback.
        env.update(COLUMNS=str(self.width), LINES=str(self.height))
        self.proc = subprocess.Popen(
            args, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=ROOT, start_new_session=True, close_fds=True
        )
        os.close(slave)

    # -- input and output ----------------------------------------------------------------
    def send(self, data: str) -> None:
        os.write(self.master, data.encode("utf-8"))

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return True
        try:
            data = os.read(self.master, 65536)
        except OSError:  # EIO: the app has exited and the terminal is closed
            return False
        if not data:
            return False
        self.raw.extend(data)
        self._feed(self._decoder.decode(data))  # keeps a character cut off by the read for later
        return True

    def _feed(self, text: str) -> None:
        """Apply ``text`` to the screen, keeping an escape sequence cut off by the read for later."""
        text = self._partial + text
        last = text.rfind("\x1b")
        match = _TOKEN.match(text, last) if last >= 0 else None
        if match is not None and match.group("esc") is not None:  # incomplete sequence
            text, self._partial = text[:last], text[last:]
        else:
            self._partial = ""
        self._apply(text)

    def wait(self, predicate, what: str, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline or not self._read(0.05):
                if predicate():
                    return
                raise AssertionError(
                    f"timed out waiting for {what} ({len(self.raw)} bytes read, app running:"
                    f" {self.proc.poll() is None}); the screen:\n{self.text()}"
                )

    def quit(self) -> int:
        self.send("\x11")  # ctrl+q
        deadline = time.monotonic() + 20
        while self.proc.poll() is None and time.monotonic() < deadline:
            self._read(0.05)
        if self.proc.poll() is None:
            self.close()
            raise AssertionError("the app did not quit on ctrl+q")
        deadline = time.monotonic() + 10
        while self._read(0.05) and time.monotonic() < deadline:  # the last bytes, up to end of file
            pass
        return self.proc.returncode

    def close(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        if self.master >= 0:
            os.close(self.master)
            self.master = -1

    # -- the screen ----------------------------------------------------------------------
    def _apply(self, text: str) -> None:
        for match in _TOKEN.finditer(text):
            csi, chars, newline = match.group("csi"), match.group("text"), match.group("nl")
            if csi and csi.endswith("H") and not csi.startswith("\x1b[?"):
                row, _, col = csi[2:-1].partition(";")
                self.y, self.x = int(row or 1) - 1, int(col or 1) - 1
            elif newline == "\r":
                self.x = 0
            elif newline == "\n":
                self.y = min(self.y + 1, self.height - 1)
            elif chars and chars.isascii():  # the common case, fast: one cell per character
                if 0 <= self.y < self.height and self.x < self.width:
                    end = min(self.x + len(chars), self.width)
                    self.rows[self.y][self.x : end] = chars[: end - self.x]
                self.x += len(chars)
            elif chars:
                for ch in chars:
                    cells = get_character_cell_size(ch)
                    if cells and 0 <= self.y < self.height and 0 <= self.x < self.width:
                        self.rows[self.y][self.x] = ch
                        if cells == 2 and self.x + 1 < self.width:
                            self.rows[self.y][self.x + 1] = ""
                    self.x += cells

    def row(self, y: int) -> str:
        return "".join(self.rows[y])

    def text(self) -> str:
        return "\n".join(self.row(y) for y in range(self.height))

    def pane(self, title: str) -> str:
        """The text inside the pane whose top border shows ``title``."""
        for top in range(self.height):
            line = self.row(top)
            at = line.find(f"─ {title}")
            if at > 0 and line[at - 1] == "╭":
                left = at - 1
                right = line.index("╮", left)
                inside = []
                for y in range(top + 1, self.height):
                    cells = self.rows[y]  # by cell: a wide character's second cell is ""
                    if cells[left] == "╰":
                        break
                    inside.append("".join(cells[left + 1 : right]))
                return "\n".join(inside)
        return ""

    def borders_line_up(self) -> bool:
        """Every pane's side borders are where its corners say: no stray cursor move, no width surprise."""
        for top in range(self.height):
            line = self.row(top)
            if "╭" not in line:
                continue
            corners = [i for i, ch in enumerate(line) if ch in "╭╮"]
            bottom = next((y for y in range(top + 1, self.height) if "╰" in self.row(y)), None)
            if bottom is None:
                return False
            rows = [self.rows[y] for y in range(top + 1, bottom)]  # by cell
            rows = [cells for cells in rows if "▌" not in cells]  # a notification lies over this row
            return bool(rows) and all(cells[c] in "│▁▂▃▄▅▆▇█▔" for cells in rows for c in corners)
        return False

    def footer(self) -> str:
        return self.row(self.height - 1)


def _footer_label(widget: type, binding_id: str) -> str:
    """What the footer shows for a binding (read from the app, so rewording it breaks nothing here)."""
    return next(b.description for b in widget.BINDINGS if b.id == binding_id)


def test_real_app_in_a_terminal_writes_no_escape_from_the_articles(hostile) -> None:
    corpus, workspace, loaded = hostile
    in_search = _footer_label(SearchBar, "search.clear")  # the footer while the search box has the focus
    in_results = _footer_label(ResultsList, "results.mark")  # ... while the results have it
    empty_box = PLACEHOLDER[:30]
    term = Terminal(
        [
            sys.executable,
            "-m",
            "sahel_tui",
            "--corpus",
            str(corpus),
            "--workspace",
            str(workspace),
            "--author",
            "tester",
        ],
        size=PTY_SIZE,
    )
    try:
        term.wait(
            lambda: "index fresh" in term.text() and f"Results {len(LOADED_IDS)}" in term.text(), "the first screen"
        )
        for n, article_id in enumerate(PTY_IDS):
            item = loaded[article_id]
            if n:  # from the reader back to the search box, and empty it
                term.send("/")
                term.wait(lambda: in_search in term.footer(), "the search box")
                term.send("\x15")  # ctrl+u, alone: keys that arrive in the same read are cleared too
                term.wait(lambda: empty_box in term.text(), "an empty search box")
            term.send(item.marker + "\r")
            term.wait(
                lambda: (
                    f"for {item.marker}" in term.text() and "Results 1 " in term.text() and in_results in term.footer()
                ),
                f"the search for {article_id!r}",
            )
            term.send("\r")
            term.wait(
                lambda: item.marker in term.pane("Reader") and item.shown in term.pane("Reader"),
                f"{article_id!r} in the reader",
            )
            assert term.borders_line_up(), f"{article_id!r} broke the layout:\n{term.text()}"
        term.send("/")
        term.wait(lambda: in_search in term.footer(), "the search box")
        term.send("\x15")
        term.wait(lambda: empty_box in term.text(), "an empty search box")
        term.send(HOSTILE_QUERY + "\r")
        term.wait(
            lambda: term.text().count('"unbalanced (convoy') >= 2 and in_results in term.footer(),
            "the typed query, in the box and in the notice",
        )
        assert term.borders_line_up()
        assert term.quit() == 0
    finally:
        term.close()

    output = bytes(term.raw).decode("utf-8")  # strict: the app writes valid UTF-8 only
    unexpected = []
    for match in _TOKEN.finditer(output):
        token = match.group(0)
        if (
            (match.group("csi") and not _TEXTUAL_CSI.fullmatch(token))
            or (match.group("osc") and not _TEXTUAL_OSC.fullmatch(token))
            or match.group("esc")
            or (match.group("text") and set(token) & DANGEROUS)
        ):
            unexpected.append(token)
    assert not unexpected, f"sequences Textual does not write reached the terminal: {unexpected[:5]}"
    assert "\x1b]52" not in output and "\x1b]0;" not in output and "\x1b]2;" not in output
    assert "\x1b[2J" not in output and "\x1b[6n" not in output
    # Textual enters and leaves the alternate screen and hides the cursor once; an article's copy would be extra.
    assert output.count("\x1b[?1049h") == output.count("\x1b[?1049l") == output.count("\x1b[?25l") == 1
    assert output.index("\x1b[?1049l") > output.rindex(HOSTILE_QUERY)  # left only when quitting
    for picture in ("␛]52;c;ZWNobyBwd25lZA==␇", "␛]0;owned", "␛[2J␛[H", "␁␂␃␄␅␆␇␈", "[@click=app.quit]quit[/]"):
        assert picture in output, picture  # the articles' sequences were shown, as symbols


async def test_pasted_or_facet_made_queries_show_their_control_characters_as_symbols(hostile) -> None:
    """The search box keeps the exact query but never draws its escapes raw."""
    from textual import events

    corpus, workspace, _ = hostile
    app = RecordingApp(Workspace(corpus=corpus, root=workspace, author="tester"))
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await wait_until(pilot, lambda: screen.ready and screen.results is not None, "the first results")
        box = screen.query_one(SearchBar)
        box.focus()
        box.post_message(events.Paste("\x1b]0;owned\x07 \x1b[2J\u202eevil\u009b31m"))
        await pilot.pause()
        assert box.value.startswith("\x1b]0;owned\x07")  # the query itself stays exact
        assert "␛]0;owned␇ ␛[2J" in assert_screen_safe(app)
        box.set_query('source:"Evil \x1b[2J\x1b]0;pwn\x07 Wire"')
        await pilot.pause()
        assert "␛[2J␛]0;pwn␇" in assert_screen_safe(app)
