"""``sahel-tui serve``: a small SSH server (asyncssh) giving every connection its own app.

Each session runs the ordinary app (``sahel-tui tui``) as a child process in a
pseudo-terminal of its own, exactly as a local terminal would: the server only
relays bytes between the SSH channel and the terminal, passes window-size
changes on (the kernel tells the app with SIGWINCH), and hangs the terminal up
when the client goes away. A crash or a hang in one session cannot touch the
others or the server; the sessions share the workspace the way several
terminals on one machine do.

What a client can do: public-key login against the authorized_keys file, then
one interactive session with a pty. No shell, no command, no subsystem (sftp),
no port, agent or X11 forwarding.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import fcntl
import logging
import os
import pty
import signal
import struct
import sys
import termios
import time
from dataclasses import dataclass
from pathlib import Path

import asyncssh

from sahel_tui.core.errors import SahelError
from sahel_tui.server.identity import AllowedKey, ensure_host_key, find_author, load_authorized_keys, load_users

log = logging.getLogger("sahel_tui.serve")

#: Environment variables a client may send that reach the app (colour hints only).
CLIENT_ENV = ("COLORTERM", "NO_COLOR")
REFUSED_NO_PTY = "sahel-tui: this server runs the full-screen app only; connect with a terminal: ssh -t"
REFUSED_COMMAND = "sahel-tui: this server runs no commands, only the app; connect without one: ssh -t"
REFUSED_FULL = "sahel-tui: the server has as many sessions as it allows; try again later"
READ_CHUNK = 65536


@dataclass(frozen=True)
class ServeConfig:
    corpus: Path
    workspace: Path
    authorized_keys: Path
    host_key: Path
    users: Path | None = None
    host: str = "127.0.0.1"
    port: int = 2222
    max_sessions: int = 16
    idle_timeout: float = 3600.0  # seconds without a keystroke before the session ends
    session_timeout: float = 12 * 3600.0  # seconds a session may last at most


def _set_size(fd: int, width: int, height: int) -> None:
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", max(height, 1), max(width, 1), 0, 0))


def _take_terminal() -> None:  # runs in the child between fork and exec, after setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class AppSession(asyncssh.SSHServerSession[bytes]):
    """One SSH session channel: the app in a pseudo-terminal, relayed to the client."""

    def __init__(self, server: SahelServer) -> None:
        self.server = server
        self.chan: asyncssh.SSHServerChannel[bytes] | None = None
        self.term_type: str | None = None
        self.size = (80, 24)
        self.command: str | None = None
        self.master = -1
        self.proc: asyncio.subprocess.Process | None = None
        self.pending = bytearray()  # keystrokes the terminal could not take yet
        self.last_input = time.monotonic()
        self.started = time.monotonic()
        self._reading = False
        self._timer: asyncio.TimerHandle | None = None
        self._task: asyncio.Future[None] | None = None

    # -- requests the client makes --------------------------------------------------------
    def connection_made(self, chan: asyncssh.SSHServerChannel[bytes]) -> None:
        self.chan = chan

    def pty_requested(self, term_type: str, term_size: tuple[int, int, int, int], term_modes: object) -> bool:
        self.term_type = term_type
        if term_size[0] and term_size[1]:
            self.size = (term_size[0], term_size[1])
        return True

    def shell_requested(self) -> bool:
        return True

    def exec_requested(self, command: str) -> bool:
        self.command = command  # accepted only to answer with one line in session_started
        return True

    def subsystem_requested(self, subsystem: str) -> bool:
        return False

    def terminal_size_changed(self, width: int, height: int, pixwidth: int, pixheight: int) -> None:
        self.size = (width, height)
        if self.master >= 0 and width and height:
            with contextlib.suppress(OSError):
                _set_size(self.master, width, height)

    def session_started(self) -> None:
        assert self.chan is not None
        if self.command is not None:
            self._refuse(REFUSED_COMMAND, "asked to run a command")
        elif self.term_type is None:
            self._refuse(REFUSED_NO_PTY, "asked for no terminal")
        elif not self.server.owner.take_slot():
            self._refuse(REFUSED_FULL, "refused: too many sessions")
        else:
            self._task = asyncio.ensure_future(self._start_app())

    def _refuse(self, message: str, why: str) -> None:
        assert self.chan is not None
        self.server.note(why)
        self.chan.write_stderr((message + "\r\n" if self.term_type else message + "\n").encode())
        self.chan.exit(2)

    # -- the app ----------------------------------------------------------------------------
    def _environment(self) -> dict[str, str]:
        assert self.chan is not None
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": os.environ.get("HOME", "/"),
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            "TERM": self.term_type or "dumb",
        }
        sent = self.chan.get_environment()
        for name in CLIENT_ENV:
            value = sent.get(name)
            if value is not None and value.isprintable() and len(value) < 64:
                env[name] = value
        return env

    async def _start_app(self) -> None:
        assert self.chan is not None
        owner = self.server.owner
        master, slave = pty.openpty()
        try:
            _set_size(slave, *self.size)
            self.proc = await asyncio.create_subprocess_exec(
                *owner.app_command(self.server.author),
                stdin=slave,
                stdout=slave,
                stderr=slave,
                env=self._environment(),
                cwd=str(owner.config.workspace),
                start_new_session=True,
                preexec_fn=_take_terminal,
            )
        except OSError as exc:
            os.close(master)
            owner.release_slot()
            self.server.note(f"could not start the app: {exc}")
            self.chan.write_stderr(b"sahel-tui: the server could not start the app\r\n")
            self.chan.exit(1)
            return
        finally:
            os.close(slave)
        self.master = master
        os.set_blocking(master, False)
        self.server.note(f"session started (pid {self.proc.pid}, {self.size[0]}x{self.size[1]}, {self.term_type})")
        self._resume_reading()
        self._schedule_timeout_check()
        code = await self.proc.wait()
        await self._drain_output()
        self._close_terminal()
        owner.release_slot()
        self.server.note(f"session ended (exit {code})")
        if self.chan is not None:
            with contextlib.suppress(OSError, asyncssh.Error):
                self.chan.exit(code if code >= 0 else 128 - code)

    def _resume_reading(self) -> None:
        if self.master >= 0 and not self._reading:
            asyncio.get_running_loop().add_reader(self.master, self._read_terminal)
            self._reading = True

    def _pause_reading(self) -> None:
        if self.master >= 0 and self._reading:
            asyncio.get_running_loop().remove_reader(self.master)
            self._reading = False

    def _read_terminal(self) -> None:
        try:
            data = os.read(self.master, READ_CHUNK)
        except BlockingIOError:
            return
        except OSError:  # EIO: the app has closed its terminal
            data = b""
        if not data:
            self._pause_reading()
            return
        if self.chan is not None:
            with contextlib.suppress(OSError, asyncssh.Error):
                self.chan.write(data)

    async def _drain_output(self) -> None:
        """The app's last bytes (it restores the client's terminal on the way out)."""
        if self.master < 0:
            return
        self._pause_reading()
        for _ in range(64):
            try:
                data = os.read(self.master, READ_CHUNK)
            except OSError:
                return
            if not data or self.chan is None:
                return
            with contextlib.suppress(OSError, asyncssh.Error):
                self.chan.write(data)

    def _close_terminal(self) -> None:
        self._pause_reading()
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self.master >= 0:
            with contextlib.suppress(ValueError, OSError):
                asyncio.get_running_loop().remove_writer(self.master)
            os.close(self.master)  # hangs the terminal up: the app gets SIGHUP
            self.master = -1

    # -- data from the client ----------------------------------------------------------------
    def data_received(self, data: bytes, datatype: int | None) -> None:
        self.last_input = time.monotonic()
        if self.master < 0:
            return
        self.pending.extend(data)
        self._write_terminal()

    def _write_terminal(self) -> None:
        loop = asyncio.get_running_loop()
        while self.pending and self.master >= 0:
            try:
                written = os.write(self.master, self.pending)
            except BlockingIOError:
                loop.add_writer(self.master, self._write_terminal)
                return
            except OSError:
                self.pending.clear()
                break
            del self.pending[:written]
        if self.master >= 0:
            with contextlib.suppress(ValueError, OSError):
                loop.remove_writer(self.master)

    def pause_writing(self) -> None:  # the client is slow: stop reading the app's output
        self._pause_reading()

    def resume_writing(self) -> None:
        self._resume_reading()

    def eof_received(self) -> bool:
        return False  # the client has nothing more to type: end the session

    def break_received(self, msec: int) -> bool:
        return False

    def signal_received(self, signal: str) -> None:
        pass  # no signals from the client

    def connection_lost(self, exc: Exception | None) -> None:
        self.chan = None
        self._hang_up()

    def _hang_up(self) -> None:
        proc = self.proc
        self._close_terminal()
        if proc is not None and proc.returncode is None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGHUP)
            asyncio.get_running_loop().call_later(10.0, self._kill_if_running)

    def _kill_if_running(self) -> None:
        proc = self.proc
        if proc is not None and proc.returncode is None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)

    # -- limits --------------------------------------------------------------------------------
    def _schedule_timeout_check(self) -> None:
        self._timer = asyncio.get_running_loop().call_later(30.0, self._check_timeouts)

    def _check_timeouts(self) -> None:
        self._timer = None
        config = self.server.owner.config
        now = time.monotonic()
        if now - self.last_input > config.idle_timeout:
            self.server.note("session ended: idle")
        elif now - self.started > config.session_timeout:
            self.server.note("session ended: time limit")
        else:
            self._schedule_timeout_check()
            return
        if self.chan is not None:
            with contextlib.suppress(OSError, asyncssh.Error):
                self.chan.close()
        self._hang_up()


class SahelServer(asyncssh.SSHServer):
    """One SSH connection: public-key authentication, then sessions (and nothing else)."""

    def __init__(self, owner: TeamServer) -> None:
        self.owner = owner
        self.peer = "?"
        self.login = ""
        self.author = ""

    def note(self, what: str) -> None:
        who = f"{self.login}({self.author})" if self.author else self.login or "-"
        log.info("%s %s %s", self.peer, who, what)

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        peer = conn.get_extra_info("peername")
        self.peer = f"{peer[0]}:{peer[1]}" if peer else "?"
        self.note("connected")

    def connection_lost(self, exc: Exception | None) -> None:
        self.note("disconnected" + (f" ({exc})" if exc else ""))

    def begin_auth(self, username: str) -> bool:
        self.login = "".join(ch for ch in username if ch.isprintable())[:64]
        return True

    def password_auth_supported(self) -> bool:
        return False

    def kbdint_auth_supported(self) -> bool:
        return False

    def public_key_auth_supported(self) -> bool:
        return True

    def validate_public_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        author = find_author(self.owner.allowed, key)
        if author is None:
            return False
        self.author = author
        return True

    def auth_completed(self) -> None:
        self.note("logged in")

    def session_requested(self) -> AppSession:
        return AppSession(self)

    def connection_requested(self, dest_host: str, dest_port: int, orig_host: str, orig_port: int) -> bool:
        return False

    def server_requested(self, listen_host: str, listen_port: int) -> bool:
        return False

    def unix_connection_requested(self, dest_path: str) -> bool:
        return False

    def unix_server_requested(self, listen_path: str) -> bool:
        return False


class TeamServer:
    """The listening server: its configuration, keys and session count."""

    def __init__(self, config: ServeConfig) -> None:
        self.config = config
        if config.corpus is None or not Path(config.corpus).is_dir():
            raise SahelError(f"{config.corpus}: the corpus folder does not exist")
        self.allowed: list[AllowedKey] = load_authorized_keys(config.authorized_keys, load_users(config.users))
        self.host_key = ensure_host_key(config.host_key)
        self.sessions = 0

    def take_slot(self) -> bool:
        if self.sessions >= self.config.max_sessions:
            return False
        self.sessions += 1
        return True

    def release_slot(self) -> None:
        self.sessions = max(0, self.sessions - 1)

    def app_command(self, author: str) -> list[str]:
        c = self.config
        return [
            sys.executable,
            "-I",  # isolated: no PYTHON* variables, no user site, not the working folder on sys.path
            "-m",
            "sahel_tui",
            "--corpus",
            str(Path(c.corpus).resolve()),
            "--workspace",
            str(Path(c.workspace).resolve()),
            "--author",
            author,
            "tui",
        ]

    async def start(self) -> asyncssh.SSHAcceptor:
        return await asyncssh.create_server(
            lambda: SahelServer(self),
            self.config.host,
            self.config.port,
            server_host_keys=[self.host_key],
            encoding=None,
            line_editor=False,
            allow_pty=True,
            x11_forwarding=False,
            agent_forwarding=False,
            allow_scp=False,
            sftp_factory=None,
            password_auth=False,
            kbdint_auth=False,
            login_timeout=60,
            keepalive_interval=60,
            keepalive_count_max=3,
        )


def serve(config: ServeConfig) -> int:
    """Run the server until SIGINT or SIGTERM; one log line per connection and session on stderr."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s sahel-tui serve: %(message)s", "%Y-%m-%dT%H:%M:%S"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False
    logging.getLogger("asyncssh").setLevel(logging.WARNING)
    team = TeamServer(config)
    return asyncio.run(_serve(team))


async def _serve(team: TeamServer) -> int:
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    try:
        acceptor = await team.start()
    except OSError as exc:
        reason = errno.errorcode.get(exc.errno or 0, "") if exc.errno else ""
        raise SahelError(
            f"cannot listen on {team.config.host}:{team.config.port}: {exc.strerror or exc}"
            + (f" ({reason})" if reason else "")
        ) from None
    port = acceptor.get_port()
    log.info(
        "listening on %s:%s for %d key(s); host key %s %s",
        team.config.host,
        port,
        len(team.allowed),
        team.config.host_key,
        team.host_key.get_fingerprint("sha256"),
    )
    await stop.wait()
    log.info("stopping")
    acceptor.close()
    await acceptor.wait_closed()
    return 0
