"""Helpers shared by the app tests."""

from __future__ import annotations

from pathlib import Path

import yaml
from conftest import IDS

from sahel_tui.core.articles import load_article
from sahel_tui.core.workspace import Workspace
from sahel_tui.tui.app import SahelApp


class RecordingApp(SahelApp):
    """The app, keeping every notification it shows (severity, text)."""

    def __init__(self, workspace: Workspace) -> None:
        super().__init__(workspace)
        self.messages: list[tuple[str, str]] = []

    def notify(self, message, *, title="", severity="information", timeout=None, markup=True):
        self.messages.append((severity, str(message)))
        return super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)


async def wait_until(pilot, predicate, what: str) -> None:
    """Let the app run until ``predicate()`` holds; fail naming ``what`` after ~10 s."""
    for _ in range(500):
        if predicate():
            return
        await pilot.pause(0.02)
    raise AssertionError(f"timed out waiting for {what}")


async def settle(pilot) -> None:
    """Let timers fire, workers finish and their results land on screen."""
    for _ in range(3):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def write_flagged(corpus_dir: Path, workspace_dir: Path, article_id: str = IDS["c130_a"]) -> None:
    """An annotation file saved on an older text of the article.

    * ``Niamey`` was corrected to ``Niamay`` since: found again, reworded (moved);
    * ``Modibo Keita International Airport`` now starts 40 characters later (moved);
    * ``Tombouctou`` is gone from the text (orphaned).
    """
    body = load_article(corpus_dir / f"{article_id}.txt", article_id).body
    old_sha = "0" * 64

    def quote(exact: str, start: int, as_saved: str | None = None) -> dict:
        return {
            "exact": as_saved or exact,
            "prefix": body[max(0, start - 32) : start],
            "suffix": body[start + len(exact) : start + len(exact) + 32],
        }

    def mention(mid: str, entity: str, start: int, end: int, q: dict, minute: int) -> dict:
        return {
            "id": mid,
            "label": "LOCATION",
            "entity": entity,
            "start": start,
            "end": end,
            "quote": q,
            "body_sha256": old_sha,
            "state": "ok",
            "author": "analyst1",
            "created": f"2026-11-20T10:0{minute}:00Z",
        }

    niamay = body.index("Niamay")
    airport_text = "Modibo Keita International Airport"
    airport = body.index(airport_text)
    mentions = [
        mention("m-00000000000a", "niamey", niamay, niamay + 6, quote("Niamay", niamay, "Niamey"), 0),
        mention(
            "m-00000000000b",
            "modibo-keita-airport",
            airport - 40,
            airport - 40 + len(airport_text),
            quote(airport_text, airport),
            1,
        ),
        mention(
            "m-00000000000c",
            "timbuktu",
            120,
            130,
            {"exact": "Tombouctou", "prefix": "the convoy left ", "suffix": " at dawn"},
            2,
        ),
    ]
    folder = workspace_dir / "annotations"
    folder.mkdir(exist_ok=True)
    (folder / f"{article_id}.yaml").write_text(
        yaml.safe_dump({"article": article_id, "mentions": mentions}, sort_keys=False, allow_unicode=True),
        encoding="utf-8",
    )


# -- labelling and linking ------------------------------------------------------------------
