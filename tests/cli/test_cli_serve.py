"""The team server's rules without a network: keys and authors, file modes, the OpenSSH launcher."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import asyncssh
import pytest
from conftest import ROOT

from sahel_tui.core.errors import SahelError
from sahel_tui.server import login
from sahel_tui.server.identity import ensure_host_key, find_author, load_authorized_keys, load_users

LAUNCHER = Path(sys.executable).parent / "sahel-tui-login"


def _key(comment: str = "") -> asyncssh.SSHKey:
    return asyncssh.generate_private_key("ssh-ed25519", comment=comment or None)


def _public_line(key: asyncssh.SSHKey, comment: str) -> str:
    data = key.export_public_key().decode().split()
    return " ".join([*data[:2], comment]).strip()


def _private_file(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    path.chmod(0o600)
    return path


def test_the_author_is_the_key_comment_and_only_listed_keys_log_in(tmp_path):
    amina, moussa, stranger = _key(), _key(), _key()
    keys = _private_file(
        tmp_path / "authorized_keys",
        "# the team\n"
        + _public_line(amina, "amina@laptop")
        + "\n"
        + 'restrict,command="/bin/sh" '
        + _public_line(moussa, "Moussa Traoré")
        + "\n",
    )
    allowed = load_authorized_keys(keys)
    assert find_author(allowed, amina) == "amina"
    assert find_author(allowed, moussa) == "Moussa Traoré"
    assert find_author(allowed, stranger) is None


def test_the_users_file_names_keys_by_fingerprint_or_comment_and_leaves_the_others_out(tmp_path):
    amina, nameless, other = _key(), _key(), _key()
    keys = _private_file(
        tmp_path / "authorized_keys",
        "\n".join([_public_line(amina, "amina@laptop"), _public_line(nameless, ""), _public_line(other, "other")]),
    )
    users = _private_file(
        tmp_path / "users.yaml", f"amina@laptop: Amina D.\n'{nameless.get_fingerprint('sha256')}': moussa\n"
    )
    allowed = load_authorized_keys(keys, load_users(users))
    assert find_author(allowed, amina) == "Amina D."
    assert find_author(allowed, nameless) == "moussa"
    assert find_author(allowed, other) is None  # in authorized_keys, not in the users file


def test_a_key_without_a_name_is_an_error_naming_the_line(tmp_path):
    keys = _private_file(tmp_path / "authorized_keys", "\n" + _public_line(_key(), ""))
    with pytest.raises(SahelError, match=r"authorized_keys:2: .*no comment"):
        load_authorized_keys(keys)


@pytest.mark.parametrize("mode", [0o640, 0o604, 0o620])
def test_files_others_can_read_or_change_are_refused(tmp_path, mode):
    keys = _private_file(tmp_path / "authorized_keys", _public_line(_key(), "amina"))
    keys.chmod(mode)
    with pytest.raises(SahelError, match="chmod 600"):
        load_authorized_keys(keys)
    host = tmp_path / "host_key"
    ensure_host_key(host)
    host.chmod(mode)
    with pytest.raises(SahelError, match="chmod 600"):
        ensure_host_key(host)


def test_the_host_key_is_made_once_private_and_then_kept(tmp_path):
    path = tmp_path / "keys" / "ssh_host_key"
    first = ensure_host_key(path)
    assert path.stat().st_mode & 0o777 == 0o600
    again = ensure_host_key(path)
    assert again.public_data == first.public_data


def test_serve_refuses_to_start_with_a_readable_authorized_keys_file(tmp_path, run, workspace_dir):
    keys = tmp_path / "authorized_keys"
    keys.write_text(_public_line(_key(), "amina"))
    keys.chmod(0o644)
    code, out, err = run("serve", "--port", "0", "--authorized-keys", str(keys))
    assert code == 1
    assert out == ""
    assert err.count("\n") == 1 and "chmod 600" in err and str(keys) in err
    assert not (workspace_dir / "ssh_host_key").exists()  # nothing made before the keys are right


def test_serve_without_an_authorized_keys_file_says_which_file_it_looked_for(run, workspace_dir):
    code, _, err = run("serve", "--port", "0")
    assert code == 1
    assert str(workspace_dir / "authorized_keys") in err


# -- the OpenSSH launcher ----------------------------------------------------------------------


def _launch(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[bytes]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("SAHEL_TUI_", "TEXTUAL", "SSH_"))}
    return subprocess.run(
        [str(LAUNCHER), *args], env={**base, **env}, stdin=subprocess.DEVNULL, capture_output=True, timeout=60
    )


def test_the_launcher_refuses_any_command_the_client_asked_for(corpus_dir, workspace_dir):
    for command in ("bash", "sahel-tui search x", "scp -t /tmp", "internal-sftp"):
        done = _launch(
            {"SSH_ORIGINAL_COMMAND": command}, "--corpus", str(corpus_dir), "--workspace", str(workspace_dir)
        )
        assert done.returncode == 2
        assert done.stdout == b""
        assert done.stderr.decode().count("\n") == 1 and "no commands" in done.stderr.decode()


def test_the_launcher_without_a_terminal_ends_in_the_apps_one_line_refusal(corpus_dir, workspace_dir):
    done = _launch({"TERM": "xterm-256color"}, "--corpus", str(corpus_dir), "--workspace", str(workspace_dir))
    assert done.returncode == 2
    assert b"\x1b" not in done.stdout + done.stderr
    assert "needs a terminal" in done.stderr.decode()


def test_the_launcher_without_its_settings_says_so_in_one_line():
    done = _launch({})
    assert done.returncode == 2
    assert "--corpus and --workspace" in done.stderr.decode()


def test_the_launcher_passes_only_terminal_locale_and_colour_hints():
    env = login.clean_environment(
        {
            "TERM": "xterm-256color",
            "COLORTERM": "truecolor",
            "NO_COLOR": "1",
            "LC_CTYPE": "C.UTF-8",
            "TEXTUAL_DRIVER": "evil:Driver",
            "SAHEL_TUI_DEBUG": "1",
            "PYTHONPATH": "/tmp/evil",
            "LD_PRELOAD": "/tmp/evil.so",
            "PATH": "/tmp/evil:/usr/bin",
            "USER": "someone-else",
        },
        "amina",
    )
    assert env["TERM"] == "xterm-256color" and env["COLORTERM"] == "truecolor" and env["NO_COLOR"] == "1"
    assert env["LC_CTYPE"] == "C.UTF-8"
    assert env["USER"] == env["LOGNAME"] == "amina"
    assert "/tmp/evil" not in env["PATH"]
    assert not {"TEXTUAL_DRIVER", "SAHEL_TUI_DEBUG", "PYTHONPATH", "LD_PRELOAD"} & set(env)
    command = login.build_command(Path("/srv/c"), Path("/srv/w"), "amina")
    assert command[1] == "-I"  # isolated: no PYTHON* variables, no user site
    assert command[command.index("--author") + 1] == "amina" and command[-1] == "tui"


def test_the_readme_shows_the_match_block_the_package_ships():
    block = (ROOT / "sahel_tui" / "deploy" / "sshd_config.sahel").read_text(encoding="utf-8")
    assert block in (ROOT / "README.md").read_text(encoding="utf-8")
