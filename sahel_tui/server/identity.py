"""Who may log in and under which author name: authorized_keys, the users file, file modes.

The built-in server and its tests share these rules; nothing here touches the network.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

import asyncssh

from sahel_tui.core.errors import SahelError

#: What an author name may contain once taken from a key comment or the users file.
_AUTHOR = re.compile(r"[^\w.@+ -]", re.UNICODE)
MAX_AUTHOR = 64


@dataclass(frozen=True)
class AllowedKey:
    key: asyncssh.SSHKey
    author: str
    line: int

    @property
    def fingerprint(self) -> str:
        return self.key.get_fingerprint("sha256")


def clean_author(text: str) -> str:
    """A key comment or users-file value as an author name: ``amina@laptop`` -> ``amina``."""
    name = text.strip().split("@", 1)[0] if "@" in text.strip() and " " not in text.strip() else text.strip()
    name = _AUTHOR.sub("", name).strip()
    return name[:MAX_AUTHOR]


def check_private(path: Path, what: str) -> None:
    """Refuse a file that others can read or change: a host key or the list of who may log in."""
    try:
        info = path.stat()
    except OSError as exc:
        raise SahelError(f"{path}: cannot read the {what}: {exc.strerror or exc}") from None
    if not stat.S_ISREG(info.st_mode):
        raise SahelError(f"{path}: the {what} is not a regular file")
    if info.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise SahelError(
            f"{path}: the {what} is readable or writable by others (mode {stat.S_IMODE(info.st_mode):04o});"
            f" run: chmod 600 {path}"
        )


def load_users(path: Path | None) -> dict[str, str] | None:
    """The ``--users`` file: a YAML mapping from a key's comment or SHA256 fingerprint to an author."""
    if path is None:
        return None
    from sahel_tui.core.yamlio import load_yaml

    check_private(path, "users file")
    data = load_yaml(path).data or {}
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise SahelError(f"{path}: the users file must map key comments or fingerprints to author names")
    users = {}
    for key, value in data.items():
        author = clean_author(value)
        if not author:
            raise SahelError(f"{path}: no usable author name for {key!r}")
        users[key.strip()] = author
    return users


def load_authorized_keys(path: Path, users: dict[str, str] | None = None) -> list[AllowedKey]:
    """Parse an OpenSSH ``authorized_keys`` file; the author is the users-file entry or the comment.

    With a users file, a key it does not name (by comment or fingerprint) is left out:
    the file is then the list of who may log in. Options before the key type are ignored
    (this server never runs commands or forwards anything, whatever they say).
    """
    check_private(path, "authorized_keys file")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise SahelError(f"{path}: cannot read the authorized_keys file: {exc}") from None
    allowed: list[AllowedKey] = []
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        words = line.split()
        start = next((i for i, w in enumerate(words) if w.startswith(("ssh-", "ecdsa-", "sk-"))), None)
        if start is None or start + 1 >= len(words):
            raise SahelError(f"{path}:{number}: not a public key line")
        try:
            key = asyncssh.import_public_key(f"{words[start]} {words[start + 1]}")
        except (asyncssh.KeyImportError, ValueError):
            raise SahelError(f"{path}:{number}: not a public key this server can read") from None
        comment = " ".join(words[start + 2 :])
        fingerprint = key.get_fingerprint("sha256")
        if users is not None:
            mapped = users.get(fingerprint) or users.get(comment)
            if mapped is None:
                continue
            author = mapped
        else:
            author = clean_author(comment)
        if not author:
            raise SahelError(f"{path}:{number}: the key has no comment to name its analyst (or use --users)")
        allowed.append(AllowedKey(key=key, author=author, line=number))
    if not allowed:
        raise SahelError(f"{path}: no key may log in")
    return allowed


def find_author(allowed: list[AllowedKey], key: asyncssh.SSHKey) -> str | None:
    data = key.public_data
    for entry in allowed:
        if entry.key.public_data == data:
            return entry.author
    return None


def ensure_host_key(path: Path) -> asyncssh.SSHKey:
    """Load the server's host key, generating an Ed25519 one (mode 0600) on first start."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        key = asyncssh.generate_private_key("ssh-ed25519", comment="sahel-tui serve")
        data = key.export_private_key()
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        except FileExistsError:  # another server started at the same moment: use its key
            pass
        except OSError as exc:
            raise SahelError(f"{path}: cannot write the host key: {exc.strerror or exc}") from None
        else:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
    check_private(path, "host key")
    try:
        return asyncssh.read_private_key(str(path))
    except (OSError, asyncssh.KeyImportError) as exc:
        raise SahelError(f"{path}: not a private key this server can read: {exc}") from None
