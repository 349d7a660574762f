"""The crash log: where an unexpected error's traceback goes, privately.

The CLI and the TUI show the user one line and append the traceback here, at
``$XDG_STATE_HOME/sahel-tui/crash.log`` (``~/.local/state/sahel-tui/crash.log``
when the variable is unset or not an absolute path).  The log is private to its
user on a shared server:

* the directory is created with mode 0700 and must be a directory owned by the
  user (one that others can write to is made private, or refused when it is not
  the user's);
* the file is opened with ``O_NOFOLLOW | O_APPEND | O_CREAT`` and mode 0600:
  a symlink, anything but a regular file, or a file owned by someone else is
  refused, so nobody can make the app append to a file of their choice.

Writing a crash log never raises: when it cannot be written the caller is told
(``None``) and says so instead of naming a file.
"""

from __future__ import annotations

import os
import stat
import traceback
from pathlib import Path

APP_DIR = "sahel-tui"
LOG_FILE = "crash.log"

_FLAGS = (
    os.O_WRONLY
    | os.O_APPEND
    | os.O_CREAT
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)  # a FIFO planted in place of the log must not hang the app
    | getattr(os, "O_CLOEXEC", 0)
)


class CrashLogRefused(OSError):
    """The crash log's place is not private to this user."""


def crash_log_path() -> Path:
    """Where this user's crash log is (whether or not it exists yet)."""
    state = os.environ.get("XDG_STATE_HOME", "")
    base = Path(state) if state and os.path.isabs(state) else Path.home() / ".local" / "state"
    return base / APP_DIR / LOG_FILE


def _uid() -> int | None:
    return os.getuid() if hasattr(os, "getuid") else None


def _private_directory(directory: Path) -> None:
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = os.stat(directory)  # the user's own symlinked state directory is fine if it is theirs
    if not stat.S_ISDIR(info.st_mode):
        raise CrashLogRefused(f"{directory} is not a directory")
    uid = _uid()
    if uid is not None and info.st_uid != uid:
        raise CrashLogRefused(f"{directory} belongs to another user")
    if stat.S_IMODE(info.st_mode) & 0o077:
        os.chmod(directory, 0o700)


def open_crash_log(path: Path | None = None) -> int:
    """A file descriptor open for appending to the private crash log; :class:`OSError` if refused."""
    path = path if path is not None else crash_log_path()
    _private_directory(path.parent)
    fd = os.open(path, _FLAGS, 0o600)
    try:
        info = os.fstat(fd)
        uid = _uid()
        if not stat.S_ISREG(info.st_mode):
            raise CrashLogRefused(f"{path} is not a regular file")
        if uid is not None and info.st_uid != uid:
            raise CrashLogRefused(f"{path} belongs to another user")
        if stat.S_IMODE(info.st_mode) & 0o077:
            os.fchmod(fd, 0o600)
    except BaseException:
        os.close(fd)
        raise
    return fd


def log_exception(error: BaseException, path: Path | None = None) -> Path | None:
    """Append the traceback of ``error`` to the crash log; its path, or None when it was not written."""
    try:
        target = path if path is not None else crash_log_path()
        fd = open_crash_log(target)
    except (OSError, RuntimeError):  # RuntimeError: no home directory to put it in
        return None
    text = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    try:
        with os.fdopen(fd, "a", encoding="utf-8", errors="replace") as fh:
            fh.write(text)
    except OSError:
        return None
    return target
