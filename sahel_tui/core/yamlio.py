"""Safe YAML in and out of the workspace.

Reading (:func:`load_yaml`, :func:`parse_yaml`):

* only plain YAML: a safe loader (libyaml's when installed, else PyYAML's own
  :class:`yaml.SafeLoader`), so ``!!python/...`` and
  other language tags are refused with a one-line ``file:line`` error;
* duplicate mapping keys are refused (a hand-edited file must not silently lose
  the first value);
* alias bombs ("billion laughs") and self-referencing aliases are refused before
  anything walks the data; files above :data:`MAX_FILE_BYTES` are refused;
* timestamps stay strings (``2024-03-22`` is the text ``"2024-03-22"``), so an
  impossible date is a validation problem instead of a crash;
* every mapping entry and sequence item gets a line number in a side table
  (:class:`LineMap`), so validators can report ``file:line: message``.

Writing (:func:`atomic_write_text`, :func:`dump_yaml`, :func:`write_lock`):

* the text goes to a temporary file beside the target, is flushed and fsync'ed,
  then renamed over the target, and the directory is fsync'ed: a reader sees the
  old file or the new one, never half of one;
* writers that hold the lock use a fixed temporary name, so the leftover of a
  writer killed mid-save is overwritten and renamed away by the next save;
* a failed write removes its temporary file, leaves the old file as it was and
  raises a one-line :class:`~sahel_tui.core.errors.SahelError`
  (:class:`~sahel_tui.core.errors.ReadOnlyWorkspace` for permission and
  read-only file system errors);
* writers serialise on ``.locks/<file>.lock`` in the workspace (``fcntl.flock`` through
  :mod:`filelock`; the kernel drops the lock when its process dies, so a crashed
  writer never blocks the others).  Readers take no lock: thanks to the atomic
  rename they never see a partial file, and reading works in a read-only
  workspace where no lock file can be created;
* :func:`dump_yaml` writes block style with the caller's key order, unicode as
  is and no line wrapping, so git diffs of analyst work stay small.
"""

from __future__ import annotations

import errno
import os
import secrets
from collections.abc import Hashable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from filelock import FileLock, Timeout

from sahel_tui.core.errors import Problem, ReadOnlyWorkspace, SahelError

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_NODES = 1_000_000  # nodes of the document once every alias is expanded
MAX_DEPTH = 200  # nesting depth of collections
LOCK_TIMEOUT = 30.0  # seconds a writer waits for another writer of the same file
LOCK_POLL = 0.005  # seconds between attempts to take a busy lock

_READ_ONLY_ERRNOS = frozenset({errno.EACCES, errno.EPERM, errno.EROFS})
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_STR_TAG = "tag:yaml.org,2002:str"

Key = Hashable
PathKey = tuple[Key, ...]


# --------------------------------------------------------------------------- reading


@dataclass
class LineMap:
    """1-based line numbers of the entries of a loaded document.

    Keys are paths from the root: ``("mentions", 3, "start")`` is the ``start``
    field of the fourth mention.  A mapping entry's line is the line of its key,
    a sequence item's line is the line where the item begins.
    """

    lines: dict[PathKey, int] = field(default_factory=dict)

    def line(self, *path: Key) -> int | None:
        """Line of ``path``, or of its nearest ancestor that has one."""
        for cut in range(len(path), -1, -1):
            found = self.lines.get(tuple(path[:cut]))
            if found is not None:
                return found
        return None


@dataclass
class YamlDoc:
    """A parsed YAML file: plain Python data plus the line of every entry."""

    path: str
    data: Any
    lines: LineMap
    text: str = ""

    def line(self, *path: Key) -> int | None:
        return self.lines.line(*path)

    def problem(self, message: str, *path: Key, severity: str = "error") -> Problem:
        """A :class:`Problem` located at ``path`` in this file."""
        return Problem(self.path, self.line(*path), message, severity)


_LIBYAML = bool(getattr(yaml, "__with_libyaml__", False))
_BaseLoader: type = yaml.CSafeLoader if _LIBYAML else yaml.SafeLoader
_BaseDumper: type = yaml.CSafeDumper if _LIBYAML else yaml.SafeDumper


class _SafeLoader(_BaseLoader):
    """Safe loader (libyaml when present) without implicit timestamps, refusing duplicate keys."""

    def construct_mapping(self, node: yaml.Node, deep: bool = False) -> dict[Any, Any]:
        if isinstance(node, yaml.MappingNode):
            _refuse_duplicate_keys(self, node)
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        return mapping

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except yaml.YAMLError:
            raise
        except (ValueError, TypeError, OverflowError) as exc:  # e.g. an explicit "!!int abc"
            raise yaml.constructor.ConstructorError(
                None, None, f"invalid {node.tag.rsplit(':', 1)[-1]} value ({exc})", node.start_mark
            ) from None


_SafeLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _key_of(loader: Any, key_node: yaml.ScalarNode) -> Any:
    """The Python value of a scalar mapping key (plain strings without a constructor call)."""
    return key_node.value if key_node.tag == _STR_TAG else loader.construct_object(key_node)


def _refuse_duplicate_keys(loader: _SafeLoader, node: yaml.MappingNode) -> None:
    seen: dict[Any, int] = {}
    for key_node, _value in node.value:
        if key_node.tag == _MERGE_TAG or not isinstance(key_node, yaml.ScalarNode):
            continue
        key = _key_of(loader, key_node)
        line = key_node.start_mark.line + 1
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r} (first at line {seen[key]})", key_node.start_mark
            )
        seen[key] = line


def load_yaml(path: str | Path) -> YamlDoc:
    """Read and parse one YAML file; a missing file is an empty document.

    Raises :class:`SahelError` (``path:line: message``) for anything that is not
    small, plain, well-formed UTF-8 YAML.
    """
    raw = read_capped(path)
    if raw is None:
        return YamlDoc(str(path), None, LineMap())
    return parse_yaml_bytes(raw, path)


def read_capped(path: str | Path) -> bytes | None:
    """The bytes of a file no larger than :data:`MAX_FILE_BYTES`; ``None`` when it does not exist."""
    path = Path(path)
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise SahelError("is a directory, not a YAML file", path=path) from None
    except OSError as exc:
        raise SahelError(f"cannot read: {exc.strerror or exc}", path=path) from None
    if len(raw) > MAX_FILE_BYTES:
        raise SahelError(f"file is too large (the limit is {MAX_FILE_BYTES} bytes)", path=path)
    return raw


def parse_yaml_bytes(raw: bytes, path: str | Path = "<bytes>") -> YamlDoc:
    """Parse the UTF-8 bytes of a YAML file (``path`` only names it in messages)."""
    return parse_yaml(_decode(raw, Path(path)), path)


def _decode(raw: bytes, path: Path) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SahelError(f"not UTF-8 text (byte {exc.start})", path=path, line=line) from None


def parse_yaml(text: str, path: str | Path = "<string>") -> YamlDoc:
    """Parse YAML text; ``path`` only names the source in error messages."""
    if len(text) > MAX_FILE_BYTES:
        raise SahelError(f"text is too large (limit {MAX_FILE_BYTES} characters)", path=path)
    loader: _SafeLoader | None = None
    try:
        if _LIBYAML:
            _check_depth(text, path)
        loader = _SafeLoader(text)
        node = loader.get_single_node()
        if node is None:
            return YamlDoc(str(path), None, LineMap(), text)
        _check_size(node, path)
        data = loader.construct_document(node)
        lines = LineMap()
        _record_lines(loader, node, (), lines)
        return YamlDoc(str(path), data, lines, text)
    except yaml.MarkedYAMLError as exc:
        raise _marked_error(exc, path) from None
    except yaml.reader.ReaderError as exc:
        line = _line_of_position(text, exc.position)
        char = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        raise SahelError(f"character {char} is not allowed in YAML", path=path, line=line) from None
    except yaml.YAMLError as exc:
        raise SahelError(f"invalid YAML: {exc}", path=path) from None
    except RecursionError:
        raise SahelError("YAML is nested too deeply", path=path) from None
    finally:
        if loader is not None:
            loader.dispose()


def _line_of_position(text: str, position: int) -> int:
    """Line of a reader error position (a UTF-8 byte offset with libyaml, else a character index)."""
    if _LIBYAML:
        return text.encode("utf-8")[:position].count(b"\n") + 1
    return text[:position].count("\n") + 1


def _marked_error(exc: yaml.MarkedYAMLError, path: str | Path) -> SahelError:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark is not None else None
    problem = exc.problem or exc.context or "invalid YAML"
    if "could not determine a constructor for the tag" in problem:
        tag = problem.split("tag", 1)[1].strip(" '")
        tag = tag.replace("tag:yaml.org,2002:", "!!")
        problem = f"tag {tag} is not allowed (only plain YAML data is read)"
    elif exc.context and exc.problem and "duplicate key" not in problem:
        problem = f"{exc.problem} ({exc.context})"
    return SahelError(f"invalid YAML: {problem}", path=path, line=line)


def _check_depth(text: str, path: str | Path) -> None:
    """Refuse deep nesting before libyaml's recursive composer could overflow the C stack."""
    scanner = yaml.CSafeLoader(text)
    depth = 0
    try:
        while scanner.check_event():
            event = scanner.get_event()
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    line = event.start_mark.line + 1 if event.start_mark is not None else None
                    raise SahelError("YAML is nested too deeply", path=path, line=line)
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    finally:
        scanner.dispose()


def _check_size(root: yaml.Node, path: str | Path) -> None:
    """Refuse documents whose alias-expanded size or nesting is unreasonable."""
    sizes: dict[int, int] = {}
    active: set[int] = set()

    def size(node: yaml.Node, depth: int) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in active:
            raise SahelError("recursive alias: a node contains itself", path=path, line=node.start_mark.line + 1)
        if depth > MAX_DEPTH:
            raise SahelError("YAML is nested too deeply", path=path, line=node.start_mark.line + 1)
        total = 1
        if isinstance(node, (yaml.SequenceNode, yaml.MappingNode)):
            active.add(key)
            children = node.value if isinstance(node, yaml.SequenceNode) else [n for pair in node.value for n in pair]
            for child in children:
                total += size(child, depth + 1)
                if total > MAX_NODES:
                    raise SahelError(
                        f"too many nodes once aliases are expanded (over {MAX_NODES}): refusing a possible alias bomb",
                        path=path,
                        line=node.start_mark.line + 1,
                    )
            active.discard(key)
        sizes[key] = total
        return total

    size(root, 0)


def _record_lines(loader: _SafeLoader, node: yaml.Node, path: PathKey, lines: LineMap) -> None:
    lines.lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines.lines[(*path, index)] = item.start_mark.line + 1
            _record_lines(loader, item, (*path, index), lines)
    elif isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _MERGE_TAG:
                continue
            key = _key_of(loader, key_node)
            child = (*path, key)
            if child not in lines.lines:  # first wins: merged entries come before own keys
                lines.lines[child] = key_node.start_mark.line + 1
            _record_lines(loader, value_node, child, lines)


def leading_comments(text: str) -> str:
    """The comment block at the top of a YAML file (kept when the file is rewritten)."""
    kept: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("#") or (not stripped and kept):
            kept.append(line.rstrip())
        elif stripped:
            break
    while kept and not kept[-1]:
        kept.pop()
    return "\n".join(kept) + "\n" if kept else ""


# --------------------------------------------------------------------------- writing


class FlowList(list[Any]):
    """A list written on one line: ``[JNIM, GSIM]``."""


class FlowDict(dict[Any, Any]):
    """A mapping written on one line: ``{exact: Niamay, prefix: ...}``."""


class _StableDumper(_BaseDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True  # never write anchors: each entry stands alone in a diff


class _DoubleQuoted(str):
    """A string written with escapes (``"a\\nb"``): multi-line text inside a flow collection."""


def _in_flow(value: Any) -> Any:
    return _DoubleQuoted(value) if isinstance(value, str) and "\n" in value else value


def _represent_flow_list(dumper: Any, data: FlowList) -> Any:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", [_in_flow(v) for v in data], flow_style=True)


def _represent_flow_dict(dumper: Any, data: FlowDict) -> Any:
    items = [(k, _in_flow(v)) for k, v in data.items()]
    return dumper.represent_mapping("tag:yaml.org,2002:map", items, flow_style=True)


def _represent_str(dumper: Any, data: str) -> Any:
    # Multi-line text in block style keeps one line of YAML per line of text.
    style = None
    if "\n" in data:
        style = "|" if data == data.strip() and _block_safe(data) else '"'
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


def _represent_double_quoted(dumper: Any, data: str) -> Any:
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(data), style='"')


def _block_safe(text: str) -> bool:
    return all(ch == "\n" or ch == "\t" or ch.isprintable() for ch in text) and "\r" not in text


_StableDumper.add_representer(FlowList, _represent_flow_list)
_StableDumper.add_representer(FlowDict, _represent_flow_dict)
_StableDumper.add_representer(str, _represent_str)
_StableDumper.add_representer(_DoubleQuoted, _represent_double_quoted)


def dump_yaml(data: Any, header: str = "") -> str:
    """YAML text of ``data`` in the caller's key order, block style, unwrapped."""
    body = yaml.dump(
        data,
        Dumper=_StableDumper,
        sort_keys=False,
        default_flow_style=False,
        allow_unicode=True,
        width=-1 if _LIBYAML else float("inf"),  # no wrapping
    )
    return header + body


def atomic_write_text(path: str | Path, text: str, *, locked: bool = False) -> None:
    """Replace ``path`` with ``text`` (UTF-8) so that no reader ever sees a partial file.

    ``locked=True`` says the caller holds :func:`write_lock` for ``path``: the
    temporary file then has a fixed name (``.<name>.tmp``), so a temporary file
    left by a writer killed mid-save is simply overwritten and renamed away by
    the next save, without scanning the folder.  Otherwise the temporary file
    gets a random name.

    On failure the temporary file is removed, the old file is left untouched and
    a one-line :class:`SahelError` is raised.
    """
    path = Path(path)
    data = text.encode("utf-8")
    tmp = path.with_name(f".{path.name}.tmp" if locked else f".{path.name}.{secrets.token_hex(6)}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_file(tmp, data, _existing_mode(path), exclusive=not locked)
        os.replace(tmp, path)
    except OSError as exc:
        with suppress(OSError):
            os.unlink(tmp)
        raise write_error(path, exc) from None
    _fsync_directory(path.parent)


def _existing_mode(path: Path) -> int | None:
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        return None


def _write_file(tmp: Path, data: bytes, mode: int | None, *, exclusive: bool) -> None:
    flags = os.O_WRONLY | os.O_CREAT | getattr(os, "O_CLOEXEC", 0) | (os.O_EXCL if exclusive else os.O_TRUNC)
    fd = os.open(tmp, flags, 0o666)
    try:
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        if mode is not None:
            os.fchmod(fd, mode)
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_directory(folder: Path) -> None:
    """Make the rename durable; file systems that cannot fsync a directory are fine."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # the rename happened; some file systems (and Windows) refuse directory fsync
    finally:
        os.close(fd)


def write_error(path: str | Path, exc: OSError) -> SahelError:
    """The one-line error for a failed write of ``path``."""
    reason = exc.strerror or str(exc) or type(exc).__name__
    if exc.errno in _READ_ONLY_ERRNOS:
        return ReadOnlyWorkspace(f"cannot save: {reason} (the workspace is read-only here)", path=path)
    return SahelError(f"cannot save: {reason}; the previous version is intact", path=path)


LOCKS_DIR = ".locks"


def lock_path(path: str | Path, lock_root: str | Path | None = None) -> Path:
    """The lock file that writers of ``path`` share.

    Locks live in one hidden folder, ``<lock_root>/.locks/``, mirroring the
    file's place below ``lock_root`` (the workspace folder; by default the
    file's own folder): ``annotations/a.yaml`` -> ``.locks/annotations/a.yaml.lock``.
    They never sit beside the files analysts read.
    """
    path = Path(path)
    root = path.parent if lock_root is None else Path(lock_root)
    try:
        relative = path.relative_to(root)
    except ValueError:
        relative = Path(path.name)
    return root / LOCKS_DIR / relative.with_name(relative.name + ".lock")


@contextmanager
def write_lock(
    path: str | Path, timeout: float = LOCK_TIMEOUT, *, lock_root: str | Path | None = None
) -> Iterator[None]:
    """Hold the exclusive writer lock of ``path`` (not the lock file itself; see :func:`lock_path`)."""
    path = Path(path)
    try:
        lock_file = lock_path(path, lock_root)
        lock_file.parent.mkdir(parents=True, exist_ok=True)
        lock = FileLock(lock_file, timeout=timeout, poll_interval=LOCK_POLL)
        lock.acquire()
    except Timeout:
        raise SahelError(
            f"another sahel-tui process has been saving this file for over {timeout:g} s; try again",
            path=path,
        ) from None
    except OSError as exc:
        raise write_error(path, exc) from None
    try:
        yield
    finally:
        lock.release()


@contextmanager
def locked_document(
    path: str | Path, timeout: float = LOCK_TIMEOUT, *, lock_root: str | Path | None = None
) -> Iterator[YamlDoc]:
    """Hold the writer lock of ``path`` and yield its current content, freshly read.

    The caller computes the new content and writes it with
    ``atomic_write_text(path, text, locked=True)`` before leaving the block.  A file that cannot be
    parsed is never rewritten: that raises a one-line :class:`SahelError` telling
    the user to fix the file first, so no content is lost.  ``lock_root``: see :func:`lock_path`.
    """
    with write_lock(path, timeout=timeout, lock_root=lock_root):
        try:
            doc = load_yaml(path)
        except SahelError as exc:
            raise SahelError(
                f"not saved, the file must be fixed first: {exc.message}", path=exc.path, line=exc.line
            ) from None
        yield doc
