"""``sahel-tui-login``: the OpenSSH ``ForceCommand`` that gives an analyst the app and nothing else.

sshd runs it for every login of a user its ``Match`` block names (the block ships as
``sahel_tui/deploy/sshd_config.sahel``; see the README, "Team server"). It

* refuses any command the client asked for (``ssh host CMD``, scp, sftp: sshd puts it in
  ``SSH_ORIGINAL_COMMAND``) with one line: this account runs the app only, never a shell
  and never the CLI (its writes would go around the app's author rule);
* runs the app on the team's corpus and workspace, with the author set to the login
  name of the Unix account (not anything the client sent);
* starts Python isolated (``-I``: no ``PYTHON*`` variables, no user site) in a clean
  environment: only the terminal, locale and colour hints pass, never ``TEXTUAL_*`` or
  ``SAHEL_TUI_DEBUG`` (which would show tracebacks);
* sets umask 002 so the YAML it writes stays writable for the team's group.

Without a terminal (``ssh -T``) the app itself refuses with one line (exit 2).
"""

from __future__ import annotations

import argparse
import os
import pwd
import sys
from collections.abc import Sequence
from pathlib import Path

KEEP_ENV = ("TERM", "COLORTERM", "NO_COLOR", "LANG", "HOME", "SSH_CONNECTION", "SSH_TTY")
REFUSED_COMMAND = "sahel-tui: this account runs the sahel-tui app only, no commands; connect with: ssh -t HOST"


def _say(message: str) -> int:
    print(message, file=sys.stderr)
    return 2


def build_command(corpus: Path, workspace: Path, author: str) -> list[str]:
    return [
        sys.executable,
        "-I",
        "-m",
        "sahel_tui",
        "--corpus",
        str(corpus),
        "--workspace",
        str(workspace),
        "--author",
        author,
        "tui",
    ]


def clean_environment(environ: dict[str, str], login: str) -> dict[str, str]:
    env = {name: environ[name] for name in KEEP_ENV if name in environ}
    env.update({name: value for name, value in environ.items() if name.startswith("LC_")})
    env["PATH"] = "/usr/bin:/bin"
    env["USER"] = env["LOGNAME"] = login
    env.setdefault("LANG", "C.UTF-8")
    return env


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="sahel-tui-login", description="OpenSSH ForceCommand: run the sahel-tui app for the login user."
    )
    parser.add_argument("--corpus", type=Path, default=os.environ.get("SAHEL_TUI_CORPUS"), required=False)
    parser.add_argument("--workspace", type=Path, default=os.environ.get("SAHEL_TUI_WORKSPACE"), required=False)
    try:
        args = parser.parse_args(argv)
    except SystemExit:
        return 2
    if os.environ.get("SSH_ORIGINAL_COMMAND"):
        return _say(REFUSED_COMMAND)
    if args.corpus is None or args.workspace is None:
        return _say("sahel-tui-login: the server is not set up: --corpus and --workspace are missing (ask the admin)")
    try:
        login = pwd.getpwuid(os.getuid()).pw_name
    except KeyError:
        return _say("sahel-tui-login: this account has no login name (ask the admin)")
    os.umask(0o002)
    command = build_command(args.corpus, args.workspace, login)
    try:
        os.execve(command[0], command, clean_environment(dict(os.environ), login))
    except OSError as exc:
        return _say(f"sahel-tui-login: cannot start the app: {exc.strerror or exc}")
    return 1  # not reached


def run() -> None:
    try:
        code = main()
    except Exception as exc:  # never a traceback to the remote user
        code = _say(f"sahel-tui-login: internal error: {type(exc).__name__}")
    raise SystemExit(code)
