"""End to end over SSH: the real ``ssh`` client in tmux, against OpenSSH's ``sshd`` and ``sahel-tui serve``.

sshd runs as the current user on a loopback port with a throwaway config, host key
and client key, and the sshd_config Match block the package ships (only its
``Match`` line and paths adapted): the ForceCommand launcher gives the login the
app, with the author = the login name. ``sahel-tui serve`` gets two analysts' keys.
The screen is polled with a deadline: nothing here depends on fixed sleeps.
"""

from __future__ import annotations

import os
import pwd
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from conftest import IDS, ROOT
from tmux_terminal import DEADLINE, Terminal, need

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

BIN = Path(sys.executable).parent
MATCH_BLOCK = ROOT / "sahel_tui" / "deploy" / "sshd_config.sahel"
LOGIN = pwd.getpwuid(os.getuid()).pw_name


@pytest.fixture
def terminals():
    made: list[Terminal] = []

    def make(command: list[str], *, width: int = 100, height: int = 30) -> Terminal:
        env = {"TERM": "xterm-256color", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "COLORTERM": "truecolor"}
        term = Terminal(command, width=width, height=height, env=env)
        made.append(term)
        return term

    yield make
    for term in made:
        term.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_port(port: int, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"the server exited ({proc.returncode}): {log.read_text(errors='replace')[-2000:]}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    pytest.fail(f"the server never listened on {port}: {log.read_text(errors='replace')[-2000:]}")


def _keygen(path: Path, comment: str) -> Path:
    subprocess.run(
        [need("ssh-keygen"), "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", str(path)],
        check=True,
        capture_output=True,
        timeout=30,
    )
    return path


def _ssh(key: Path, port: int, user: str, *extra: str) -> list[str]:
    return [
        need("ssh"),
        "-F",
        os.devnull,
        "-o",
        "StrictHostKeyChecking=no",
        "-o",
        f"UserKnownHostsFile={os.devnull}",
        "-o",
        "IdentitiesOnly=yes",
        "-o",
        "BatchMode=yes",
        "-o",
        "LogLevel=ERROR",
        "-o",
        "SendEnv=COLORTERM",
        "-i",
        str(key),
        "-p",
        str(port),
        *extra,
        f"{user}@127.0.0.1",
    ]


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _mentions(workspace: Path, article: str) -> list[dict]:
    path = workspace / "annotations" / f"{article}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None
    return list((data or {}).get("mentions") or [])


# -- the two annotations the tests make, by keystrokes ------------------------------------------


def annotate_militants(term: Terminal) -> None:
    """In the airstrikes article, the second 'blockade' and three words back: 'militants' -> armed group."""
    term.keys("blockade", literal=True)
    term.wait_for("1 result for blockade")
    term.keys("Enter")
    term.wait_for("Mark for compare")
    term.keys("Enter")
    term.wait_for("Mali Launches Airstrikes to Break", "Esc results")
    for key in ("n", "b", "b", "b", "3"):
        term.keys(key)
    term.wait_for("Link to a catalog entity")
    term.keys("Escape")
    term.wait_for("Other occurrences", absent=("Link to a catalog entity",))
    term.keys("Escape")
    term.wait_for("Esc results", absent=("Other occurrences", "Link to a catalog entity"))


def annotate_foundations(term: Terminal) -> None:
    """In the air-defence article, its one 'foundations' -> armed group (type 3)."""
    term.keys("foundations", literal=True)
    term.wait_for("1 result for foundations")
    term.keys("Enter")
    term.wait_for("Mark for compare")
    term.keys("Enter")
    term.wait_for("Air force chiefs of Burkina Faso", "Esc results")
    term.keys("3")
    term.wait_for("Link to a catalog entity")
    term.keys("Escape")
    term.wait_for("Esc results", absent=("Link to a catalog entity",))


def _new_mention(workspace: Path, article: str, word: str) -> dict:
    found = [m for m in _mentions(workspace, article) if m["quote"]["exact"] == word]
    assert len(found) == 1, f"expected one new {word!r} mention in {article}, found {found}"
    return found[0]


# -- OpenSSH ----------------------------------------------------------------------------------


@pytest.fixture
def sshd(tmp_path: Path, corpus_dir: Path, workspace_dir: Path):
    """A real sshd on a loopback port whose config ends with the shipped Match block."""
    sshd_bin = need("sshd", "/usr/sbin/sshd")
    if os.geteuid() == 0 and not Path("/run/sshd").is_dir():
        # Started as root, OpenSSH insists on its privilege-separation directory (the
        # package's service normally makes it at boot).
        Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)
    base = tmp_path / "sshd"
    base.mkdir()
    host_key = _keygen(base / "host_key", "sahel-e2e-host")
    client_key = _keygen(base / "client_key", "analyst@e2e")
    authorized = base / "authorized_keys"
    authorized.write_text(client_key.with_suffix(".pub").read_text())
    authorized.chmod(0o600)
    block = MATCH_BLOCK.read_text(encoding="utf-8")
    assert "Match Group sahel" in block and "/opt/sahel-tui/bin/sahel-tui-login" in block
    block = (
        block.replace("Match Group sahel", f"Match User {LOGIN}")
        .replace("/opt/sahel-tui/bin/sahel-tui-login", str(BIN / "sahel-tui-login"))
        .replace("/srv/sahel/corpus", str(corpus_dir))
        .replace("/srv/sahel/workspace", str(workspace_dir))
    )
    port = _free_port()
    config = base / "sshd_config"
    config.write_text(
        "\n".join(
            [
                f"Port {port}",
                "ListenAddress 127.0.0.1",
                f"HostKey {host_key}",
                f"PidFile {base / 'sshd.pid'}",
                f"AuthorizedKeysFile {authorized}",
                "StrictModes no",
                "UsePAM no",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "PermitRootLogin prohibit-password",
                "PrintMotd no",
                "PrintLastLog no",
                block,
            ]
        )
        + "\n"
    )
    check = subprocess.run([sshd_bin, "-t", "-f", str(config)], capture_output=True, text=True, timeout=30)
    if check.returncode != 0:
        pytest.skip(f"sshd cannot run on this machine: {check.stderr.strip()}")
    log = base / "sshd.log"
    with log.open("wb") as fh:
        proc = subprocess.Popen([sshd_bin, "-D", "-e", "-f", str(config)], stdout=fh, stderr=subprocess.STDOUT)
    try:
        _wait_port(port, proc, log)
        yield {"port": port, "key": client_key, "workspace": workspace_dir}
    finally:
        _stop(proc)


def test_openssh_forcecommand_search_annotate_quit_records_the_login_name(sshd, terminals):
    term = terminals(_ssh(sshd["key"], sshd["port"], LOGIN, "-t"))
    term.wait_for("index fresh", "All 5 articles", f"as {LOGIN}")
    annotate_militants(term)
    term.keys("C-q")
    assert term.wait_exit() == 0
    mention = _new_mention(sshd["workspace"], IDS["airstrikes"], "militants")
    assert mention["label"] == "ARMED_GROUP"
    assert mention["author"] == LOGIN


def test_openssh_refuses_commands_and_sessions_without_a_terminal(sshd):
    no_tty = subprocess.run(
        _ssh(sshd["key"], sshd["port"], LOGIN, "-T"), stdin=subprocess.DEVNULL, capture_output=True, timeout=60
    )
    assert no_tty.returncode == 2
    assert b"\x1b" not in no_tty.stdout + no_tty.stderr  # not one escape code
    assert no_tty.stderr.decode().strip().count("\n") == 0
    assert "needs a terminal" in no_tty.stderr.decode() and "ssh -t" in no_tty.stderr.decode()

    shell = subprocess.run(
        [*_ssh(sshd["key"], sshd["port"], LOGIN), "cat", "/etc/passwd"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=60,
    )
    assert shell.returncode == 2
    assert shell.stdout == b""
    assert "runs the sahel-tui app only" in shell.stderr.decode()


# -- sahel-tui serve --------------------------------------------------------------------------


@pytest.fixture
def serve(tmp_path: Path, corpus_dir: Path, workspace_dir: Path):
    """``sahel-tui serve`` on a free loopback port with two analysts' keys (one named by --users), two sessions at most."""
    base = tmp_path / "serve"
    base.mkdir()
    amina = _keygen(base / "amina", "amina@laptop")
    moussa = _keygen(base / "moussa", "")
    authorized = base / "authorized_keys"
    authorized.write_text(amina.with_suffix(".pub").read_text() + moussa.with_suffix(".pub").read_text())
    authorized.chmod(0o600)
    fingerprint = subprocess.run(
        [need("ssh-keygen"), "-l", "-E", "sha256", "-f", str(moussa.with_suffix(".pub"))],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    ).stdout.split()[1]
    users = base / "users.yaml"
    users.write_text(f"amina@laptop: amina\n'{fingerprint}': moussa\n")
    users.chmod(0o600)
    host_key = base / "keys" / "host_key"
    port = _free_port()
    log = base / "serve.log"
    command = [
        str(BIN / "sahel-tui"),
        "--corpus",
        str(corpus_dir),
        "--workspace",
        str(workspace_dir),
        "serve",
        "--port",
        str(port),
        "--authorized-keys",
        str(authorized),
        "--host-key",
        str(host_key),
        "--users",
        str(users),
        "--max-sessions",
        "2",
    ]
    with log.open("wb") as fh:
        proc = subprocess.Popen(command, stdout=fh, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:
        _wait_port(port, proc, log)
        yield {"port": port, "amina": amina, "moussa": moussa, "workspace": workspace_dir, "host_key": host_key}
    finally:
        _stop(proc)
    text = log.read_text(errors="replace")
    assert "Traceback" not in text, text


def test_serve_search_and_window_resize(serve, terminals):
    assert serve["host_key"].stat().st_mode & 0o777 == 0o600  # made on first start, private
    term = terminals(_ssh(serve["amina"], serve["port"], "anyone", "-t"), width=100, height=30)
    screen = term.wait_for("index fresh", "All 5 articles", "as amina")
    assert "(empty: all, newest first)" not in screen  # the search hint is cut at 100 columns
    term.resize(140, 36)
    term.wait_for("(empty: all, newest first)")  # the app redrew at the new width
    assert int(term.pane("#{pane_width}")) == 140
    term.keys("blockade", literal=True)
    term.wait_for("1 result for blockade", "Mali Launches Airstrikes to Break")
    term.keys("C-q")
    assert term.wait_exit() == 0


def test_serve_refuses_a_session_without_a_terminal_and_commands(serve):
    for extra, command, expected in (("-T", [], "connect with a terminal"), ("-T", ["ls", "/"], "runs no commands")):
        done = subprocess.run(
            [*_ssh(serve["amina"], serve["port"], "anyone", extra), *command],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=60,
        )
        assert done.returncode == 2
        assert done.stdout == b""
        err = done.stderr.decode()
        assert expected in err and err.strip().count("\n") == 0


def test_serve_refuses_an_unknown_key(serve, tmp_path):
    stranger = _keygen(tmp_path / "stranger", "stranger@nowhere")
    done = subprocess.run(
        _ssh(stranger, serve["port"], "anyone", "-T"), stdin=subprocess.DEVNULL, capture_output=True, timeout=60
    )
    assert done.returncode == 255  # ssh's own code: authentication failed
    assert re.search(rb"[Pp]ermission denied", done.stderr)


def test_serve_two_concurrent_sessions_annotating_different_articles(serve, terminals):
    first = terminals(_ssh(serve["amina"], serve["port"], "a", "-t"))
    second = terminals(_ssh(serve["moussa"], serve["port"], "b", "-t"))
    first.wait_for("index fresh", "as amina")
    second.wait_for("index fresh", "as moussa")
    third = subprocess.run(  # a pty (-tt) but one session too many
        _ssh(serve["amina"], serve["port"], "c", "-tt"), stdin=subprocess.DEVNULL, capture_output=True, timeout=60
    )
    assert third.returncode == 2
    assert b"as many sessions as it allows" in third.stdout + third.stderr
    annotate_militants(first)
    annotate_foundations(second)
    for term in (first, second):
        term.keys("C-q")
    assert first.wait_exit() == 0
    assert second.wait_exit() == 0
    assert _new_mention(serve["workspace"], IDS["airstrikes"], "militants")["author"] == "amina"
    assert _new_mention(serve["workspace"], IDS["aes_air"], "foundations")["author"] == "moussa"
