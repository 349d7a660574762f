"""Hand a worker thread's result to the UI thread, unless its screen has gone meanwhile.

A search, an index update or an entity lookup runs in a thread and may finish while
the analyst quits or closes the screen that asked: the widgets it would fill are
already removed (Textual prunes children before the screen). The result is then
dropped instead of failing in the UI thread and ending the app with exit code 1.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from textual.dom import DOMNode


def still_showing(owner: DOMNode) -> bool:
    """True while ``owner`` (a screen or widget) is mounted and the app is not leaving."""
    if not owner.app.is_running:  # shutting down: the screens are being pruned
        return False
    return owner.is_attached and owner.is_running and not (owner._closing or owner._closed or owner._pruning)


def deliver(owner: DOMNode, callback: Callable[..., Any], *args: Any) -> None:
    """From a worker thread: run ``callback(*args)`` on the UI thread if ``owner`` is still showing."""

    def run() -> Any:
        if not still_showing(owner):
            return None
        return callback(*args)  # an async handler's coroutine is awaited by Textual's hand-off

    try:
        app = owner.app
    except RuntimeError:  # no active app: it has quit
        return
    if not app.is_running:
        return  # quitting: nothing would run the callback
    with contextlib.suppress(RuntimeError):  # the app stopped running meanwhile
        app.call_from_thread(run)
