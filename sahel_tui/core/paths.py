"""Where the corpus and the workspace are, whichever directory the app starts from.

The rule (also in the README):

1. ``--corpus DIR`` / ``--workspace DIR`` on the command line;
2. else ``SAHEL_TUI_CORPUS`` / ``SAHEL_TUI_WORKSPACE`` in the environment;
3. else, when sahel-tui runs from a source checkout (``pip install -e .``), that
   checkout's ``seeds/`` and ``index/``, so the bundled demo works from any
   directory;
4. else no corpus (the CLI says so) and a per-user workspace in the platform's
   data directory (``~/.local/share/sahel-tui/workspace`` on Linux).
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

CORPUS_ENV = "SAHEL_TUI_CORPUS"
WORKSPACE_ENV = "SAHEL_TUI_WORKSPACE"
AUTHOR_ENV = "SAHEL_TUI_AUTHOR"


def checkout_root() -> Path | None:
    """The source checkout this package runs from, if any."""
    root = Path(__file__).resolve().parents[2]
    if (root / "pyproject.toml").is_file() and (root / "sahel_tui").is_dir():
        return root
    return None


def default_corpus() -> Path | None:
    env = os.environ.get(CORPUS_ENV)
    if env:
        return Path(env).expanduser()
    root = checkout_root()
    if root is not None and (root / "seeds").is_dir():
        return root / "seeds"
    return None


def default_workspace() -> Path:
    env = os.environ.get(WORKSPACE_ENV)
    if env:
        return Path(env).expanduser()
    root = checkout_root()
    if root is not None:
        return root / "index"
    return Path(user_data_dir("sahel-tui", appauthor=False)) / "workspace"


def default_author() -> str:
    """``SAHEL_TUI_AUTHOR``, else the login name, else ``analyst``."""
    env = os.environ.get(AUTHOR_ENV, "").strip()
    if env:
        return env
    for var in ("LOGNAME", "USER", "USERNAME"):
        value = os.environ.get(var, "").strip()
        if value:
            return value
    try:
        import getpass

        return getpass.getuser()
    except Exception:
        return "analyst"
