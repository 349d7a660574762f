"""The headless command line: the same Workspace calls the TUI makes, for scripts.

Every command that prints data has ``--json``; errors are one line on stderr
(exit 1; usage errors exit 2); no traceback ever reaches the user.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from sahel_tui import __version__
from sahel_tui.core.errors import InvalidInput, SahelError
from sahel_tui.core.paths import default_corpus, default_workspace
from sahel_tui.core.text import safe_line

if TYPE_CHECKING:  # pragma: no cover - typing only; the workspace is imported when a command runs
    from sahel_tui.core.workspace import IndexReport, Workspace

log = logging.getLogger("sahel_tui")

EPILOG = """\
examples:
  sahel-tui                                  launch the app on the bundled corpus
  sahel-tui index --rebuild                  rebuild the search index from corpus + YAML
  sahel-tui search blockade
  sahel-tui search '"Africa Corps"' --json
  sahel-tui search 'entity:jnim date:2024' --limit 5
  sahel-tui show 000_986fb1dc2309a942
  sahel-tui entities --json
  sahel-tui annotate 001_23b65a7a60091617 --start 10 --end 16 --label location --entity niamey
  sahel-tui annotate 000_986fb1dc2309a942 --text "Africa Corps" --all --label external_force --auto-link
  sahel-tui unannotate 001_23b65a7a60091617 m-1a2b3c4d5e6f
  sahel-tui suggestions 001_23b65a7a60091617
  sahel-tui accept 001_23b65a7a60091617 --all
  sahel-tui similar 001_23b65a7a60091617
  sahel-tui compare 001_23b65a7a60091617 004_5984911fe5230ab5
  sahel-tui check
  sahel-tui serve --port 2222                team server over SSH (see README, "Team server")
  sahel-tui import ~/saved-pages feeds/sahel.rss inbox.mbox
  sahel-tui export --format csv --query 'entity:jnim' -o jnim-mentions.csv

corpus and workspace: --corpus/--workspace, else SAHEL_TUI_CORPUS/SAHEL_TUI_WORKSPACE,
else the checkout's seeds/ and index/ (see README).
"""


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, exit 2
        raise UsageError(f"{self.prog}: {message} (see --help)")


def build_parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    common.add_argument(
        "--corpus",
        type=Path,
        default=argparse.SUPPRESS,
        metavar="DIR",
        help="folder of article .txt files (default: the bundled seeds/)",
    )
    common.add_argument(
        "--workspace",
        type=Path,
        default=argparse.SUPPRESS,
        metavar="DIR",
        help="folder of YAML annotations and the index (default: index/)",
    )
    common.add_argument(
        "--author",
        default=argparse.SUPPRESS,
        help="name recorded on new mentions (default: $SAHEL_TUI_AUTHOR or login)",
    )
    common.add_argument(
        "--read-only", action="store_true", default=argparse.SUPPRESS, help="never write to the workspace"
    )
    common.add_argument(
        "--no-gazetteer",
        action="store_true",
        default=argparse.SUPPRESS,
        help="leave the shipped regional gazetteer out of the catalog (the workspace's entities.yaml alone)",
    )

    parser = _Parser(
        prog="sahel-tui",
        description="Terminal intelligence browser for Sahel conflict analysts.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"sahel-tui {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=help_text, description=help_text, parents=[common])

    p = add("tui", "launch the app (the default with no command)")
    p = add("index", "build or update the search index")
    p.add_argument("--rebuild", action="store_true", help="throw the index away and build it again")
    p.add_argument(
        "--engine",
        choices=("auto", "whoosh", "tantivy"),
        help="search engine of this workspace, recorded in it (auto: whoosh up to 20,000 articles, then tantivy)",
    )
    p.add_argument("--json", action="store_true")

    p = add("search", "search articles (Whoosh syntax plus entity:, type:, source:, date:, author:)")
    p.add_argument(
        "query", help="the query; plain words also match their usual synonyms (a leading '=' turns that off)"
    )
    p.add_argument("--limit", type=_positive_int, default=20, help="show at most this many results (default 20)")
    p.add_argument("--exact", action="store_true", help="the words as typed: no synonyms (same as a leading '=')")
    p.add_argument(
        "--json",
        action="store_true",
        help="one JSON object: total, hits, notices, error, suggestion, fuzzy (approximate matches), also_matched",
    )

    p = add("show", "show one article with its mentions")
    p.add_argument("id")
    p.add_argument("--json", action="store_true")

    p = add("entities", "list the entity catalog with mention and article counts")
    p.add_argument("--json", action="store_true")

    p = add("annotate", "add a mention to an article (by offsets, or by text: first or every occurrence)")
    p.add_argument("id")
    p.add_argument("--start", type=int, help="code-point offset into the body")
    p.add_argument("--end", type=int)
    p.add_argument("--text", help="annotate where this text occurs (ignoring case and accents), not by offsets")
    p.add_argument(
        "--all", action="store_true", help="with --text: every occurrence not yet annotated, as one undo step"
    )
    p.add_argument("--label", required=True, help="entity type, e.g. ARMED_GROUP (any case)")
    p.add_argument("--entity", help="catalog entity id (or a name unique within the type)")
    p.add_argument(
        "--auto-link",
        action="store_true",
        help="without --entity: link to the one catalog entity of this type with this name or alias",
    )
    p.add_argument("--json", action="store_true")

    p = add("suggestions", "list catalog names found in an article but not yet annotated")
    p.add_argument("id")
    p.add_argument("--json", action="store_true")

    p = add("accept", "save suggestions as mentions (type and link of the matched entity)")
    p.add_argument("id")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--start", type=int, help="the suggestion that starts at this offset")
    which.add_argument("--all", action="store_true", help="every suggestion of the article, as one undo step")
    p.add_argument("--json", action="store_true")

    p = add("unannotate", "delete a mention")
    p.add_argument("id")
    p.add_argument("mention_id")
    p.add_argument("--json", action="store_true")

    p = add("similar", "rank the other articles by similarity (rewrites first)")
    p.add_argument("id")
    p.add_argument("--limit", type=_positive_int, default=10)
    p.add_argument("--json", action="store_true")

    p = add("compare", "compare two articles sentence by sentence")
    p.add_argument("left")
    p.add_argument("right")
    p.add_argument("--json", action="store_true")

    p = add("check", "validate corpus, catalog and annotations")
    p.add_argument("--json", action="store_true")

    p = add("serve", "serve the app to the team over SSH (one app session per connection)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    p.add_argument("--port", type=_port, default=2222, help="port to listen on (default: 2222)")
    p.add_argument(
        "--authorized-keys",
        type=Path,
        metavar="FILE",
        help="public keys that may log in, OpenSSH format, the comment names the analyst"
        " (default: authorized_keys in the workspace)",
    )
    p.add_argument(
        "--host-key",
        type=Path,
        metavar="FILE",
        help="the server's private key, made on first start (default: ssh_host_key in the workspace)",
    )
    p.add_argument("--users", type=Path, metavar="FILE", help="YAML: key comment or SHA256 fingerprint -> author name")
    p.add_argument("--max-sessions", type=_positive_int, default=16, help="sessions at once (default: 16)")
    p.add_argument(
        "--idle-timeout", type=_positive_int, default=60, metavar="MINUTES", help="end a silent session (default: 60)"
    )

    p = add(
        "import",
        "copy articles into the corpus (.txt .md .html .rss .atom .xml .json .eml .mbox .jsonl, brat .ann); "
        "folders are walked; exit 1 if a file was refused",
    )
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    p.add_argument("--json", action="store_true")

    p = add("export", "export the corpus or a query's results with their mentions")
    p.add_argument(
        "--format",
        required=True,
        choices=EXPORT_FORMATS,
        dest="fmt",
        metavar="FORMAT",
        help=f"one of {', '.join(EXPORT_FORMATS)}",
    )
    p.add_argument("--query", help="export only the articles matching this search")
    p.add_argument(
        "-o", "--output", type=Path, metavar="PATH", help="file to write (a folder for brat); default stdout"
    )
    return parser


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError("a port is 0 to 65535 (0: any free port)")
    return value


EXPORT_FORMATS = ("jsonl", "brat", "conll", "w3c", "csv")


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except UsageError as exc:
        print(safe_line(str(exc), 300), file=sys.stderr)
        return 2
    command = args.command or "tui"
    try:
        return COMMANDS[command](args)
    except SahelError as exc:
        print(f"sahel-tui: {safe_line(str(exc), 500)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("sahel-tui: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:
        log_path = _log_crash(exc)
        print(
            f"sahel-tui: internal error: {safe_line(str(exc) or type(exc).__name__, 300)} (details in {log_path})",
            file=sys.stderr,
        )
        return 1


def _log_crash(exc: BaseException) -> str:
    from sahel_tui.core.crashlog import log_exception

    path = log_exception(exc)
    return str(path) if path is not None else "no log: its private location could not be written"


def open_workspace(args: argparse.Namespace, *, need_corpus: bool = True):
    from sahel_tui.core.workspace import Workspace

    corpus = getattr(args, "corpus", None) or default_corpus()
    if corpus is None and need_corpus:
        raise SahelError("no corpus: pass --corpus DIR or set SAHEL_TUI_CORPUS")
    return Workspace(
        corpus=corpus,
        root=getattr(args, "workspace", None) or default_workspace(),
        author=getattr(args, "author", None),
        read_only=getattr(args, "read_only", False),
        gazetteer=not getattr(args, "no_gazetteer", False),
        engine=getattr(args, "engine", None),
    )


@contextlib.contextmanager
def workspace_session(
    args: argparse.Namespace, *, need_corpus: bool = True, need_catalog: bool = False
) -> Iterator[Workspace]:
    """The workspace for one command; its changes reach the shared index before the command ends.

    ``need_catalog``: a broken ``entities.yaml`` ends the command (exit 1, ``file:line``)
    instead of running it with an empty catalog.
    """
    ws = open_workspace(args, need_corpus=need_corpus)
    if need_catalog:
        ws.catalog.require_intact()
    with ws:
        yield ws
    if ws.unindexed:
        print(
            f"sahel-tui: note: the search index is busy (another writer); {len(ws.unindexed)} changed"
            " article(s) will be searchable after the next index sync",
            file=sys.stderr,
        )


def _emit(args: argparse.Namespace, data: Any, human: Callable[[], None]) -> int:
    if getattr(args, "json", False):
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        human()
    return 0


def _progress_printer() -> Callable[[int, int], None] | None:
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        width = 30
        filled = int(width * done / total) if total else width
        sys.stderr.write(f"\rindexing [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show


def cmd_tui(args: argparse.Namespace) -> int:
    from sahel_tui.tui.app import NO_TERMINAL, run_app, terminal_problem

    problem = terminal_problem()  # before the workspace is opened: nothing to do without a screen
    if problem is not None:
        print(problem, file=sys.stderr)
        return NO_TERMINAL
    workspace = open_workspace(args)
    workspace.check_corpus()  # the same one line as the other commands, not an app on an old index
    return run_app(workspace)


def _print_index_notes(report: IndexReport, *, rebuilt: bool) -> None:
    """Say on stderr (never stdout, which scripts parse) what the index check did behind a command."""
    notes = report.read_only_notices()
    if rebuilt and report.rebuilt:
        notes.append(report.summary())
    for note in notes:
        print(f"sahel-tui: {safe_line(note, 300)}", file=sys.stderr)


def cmd_index(args: argparse.Namespace) -> int:
    from sahel_tui.core.engine.choice import record_engine

    with workspace_session(args) as ws:
        if args.engine and not ws.read_only:
            record_engine(ws.root, args.engine)
        report = ws.sync_index(rebuild=args.rebuild, progress=_progress_printer())
        _print_index_notes(report, rebuilt=False)
        return _emit(
            args, {**report.to_json(), "engine": ws.engine}, lambda: print(f"{report.summary()} ({ws.engine})")
        )


def _word(count: int, word: str) -> str:
    """``word`` agreeing with ``count`` (``1 result``, ``2 results``)."""
    return word if count == 1 else word + "s"


def _plural(count: int, word: str) -> str:
    return f"{count} {_word(count, word)}"


def cmd_search(args: argparse.Namespace) -> int:
    with workspace_session(args) as ws:
        _print_index_notes(ws.sync_index(), rebuilt=True)
        query = "=" + args.query if args.exact and not args.query.lstrip().startswith("=") else args.query
        results = ws.search(query, limit=args.limit)
        if results.error and not results.hits:
            raise SahelError(results.error)

        def human() -> None:
            for note in (*results.notices, *([results.error] if results.error else [])):
                print(f"note: {safe_line(note, 200)}")
            if results.fuzzy:
                print("no exact match; showing approximate matches")
            if not results.hits:
                hint = f" (did you mean: {safe_line(results.suggestion, 100)}?)" if results.suggestion else ""
                print(f"no results{hint}")
                return
            print(_plural(results.total, "result"))
            if results.also_matched:
                print(f"also matched: {safe_line(', '.join(results.also_matched), 200)} (--exact: the words alone)")
            for hit in results.hits:
                meta = " · ".join(x for x in (hit.date or "no date", hit.source or "") if x)
                print(f"{hit.score:7.2f}  {hit.id}  {safe_line(hit.title, 80)}  [{safe_line(meta, 40)}]")
                if hit.snippet:
                    print(f"         {safe_line(hit.snippet, 160)}")
            if results.suggestion:
                print(f"did you mean: {safe_line(results.suggestion, 100)}")

        data = results.to_json()
        data.pop("facets", None)
        return _emit(args, data, human)


def cmd_show(args: argparse.Namespace) -> int:
    with workspace_session(args) as ws:
        article = ws.article(args.id)
        mentions = ws.mentions(args.id)
        data = {
            "id": article.id,
            "title": article.title,
            "date": article.date,
            "source": article.source,
            "url": article.url,
            "original_name": article.original_name,
            "body": article.body,
            "mentions": [m.to_json() for m in mentions],
        }

        def human() -> None:
            print(safe_line(article.title, 200))
            print(
                safe_line(
                    " · ".join(
                        x
                        for x in (
                            article.date or "date unknown",
                            article.source or "source unknown",
                            article.id,
                            f"file {article.original_name}" if article.original_name else "",
                        )
                        if x
                    ),
                    200,
                )
            )
            print()
            from sahel_tui.core.text import safe_display

            print(safe_display(article.body))
            if mentions:
                print()
                print(f"{len(mentions)} mention{'s' if len(mentions) != 1 else ''}:")
                for m in mentions:
                    flag = "" if m.state == "ok" else f" [{m.state}]"
                    print(
                        f"  {m.id}  {m.start}-{m.end}  {m.label:<14} {m.entity or '-':<22} "
                        f"{safe_line(m.quote.exact, 40)}{flag}"
                    )

        return _emit(args, data, human)


def cmd_entities(args: argparse.Namespace) -> int:
    with workspace_session(args, need_catalog=True) as ws:
        rows = ws.entity_table()

        def human() -> None:
            for row in rows:
                entity = row.entity
                aliases = ", ".join(entity.aliases)
                print(
                    f"{entity.id:<28} {entity.type:<14} {row.mentions:>4} {_word(row.mentions, 'mention'):<8} "
                    f"{row.articles:>3} {_word(row.articles, 'article'):<8}  "
                    f"{safe_line(entity.name, 50)}" + (f"  ({safe_line(aliases, 60)})" if aliases else "")
                )

        return _emit(args, [row.to_json() for row in rows], human)


def _mention_line(mention: Any) -> str:
    return f"saved {mention.id}: {mention.label} '{safe_line(mention.quote.exact, 60)}'" + (
        f" -> {mention.entity}" if mention.entity else ""
    )


def _print_mentions(mentions: list[Any], nothing: str) -> None:
    for mention in mentions:
        print(_mention_line(mention))
    if not mentions:
        print(nothing)


def cmd_annotate(args: argparse.Namespace) -> int:
    by_offsets = args.start is not None or args.end is not None
    if args.text is not None and by_offsets:
        raise InvalidInput("annotate: give --text or --start/--end, not both")
    if args.all and args.text is None:
        raise InvalidInput("annotate: --all needs --text")
    if args.text is None and (args.start is None or args.end is None):
        raise InvalidInput("annotate: give --start and --end, or --text")
    link = {"entity": args.entity, "auto_link": args.auto_link}
    with workspace_session(args, need_catalog=True) as ws:
        if args.text is None:
            mention = ws.annotate(args.id, args.start, args.end, args.label, **link)
            return _emit(args, mention.to_json(), lambda: print(_mention_line(mention)))
        mentions = ws.annotate_text(args.id, args.text, args.label, every=args.all, **link)
        if not args.all:
            [mention] = mentions
            return _emit(args, mention.to_json(), lambda: print(_mention_line(mention)))
        return _emit(
            args,
            [m.to_json() for m in mentions],
            lambda: _print_mentions(mentions, "nothing to save: every occurrence is already annotated"),
        )


def cmd_suggestions(args: argparse.Namespace) -> int:
    with workspace_session(args, need_catalog=True) as ws:
        found = ws.suggestions(args.id)

        def human() -> None:
            for s in found:
                print(f"{s.start:>6}-{s.end:<6} {s.entity or '-':<22} {safe_line(s.text, 60)}")
            if not found:
                print("no suggestions")

        return _emit(args, [s.to_json() for s in found], human)


def cmd_accept(args: argparse.Namespace) -> int:
    with workspace_session(args, need_catalog=True) as ws:
        chosen = ws.suggestions(args.id)
        if not args.all:
            chosen = [s for s in chosen if s.start == args.start]
            if not chosen:
                raise InvalidInput(
                    f"no suggestion starts at {args.start} in article {args.id}: see 'sahel-tui suggestions'"
                )
        mentions = ws.accept_suggestions(args.id, chosen)
        return _emit(args, [m.to_json() for m in mentions], lambda: _print_mentions(mentions, "no suggestions"))


def cmd_unannotate(args: argparse.Namespace) -> int:
    with workspace_session(args, need_catalog=True) as ws:
        mention = ws.unannotate(args.id, args.mention_id)
        return _emit(
            args,
            mention.to_json(),
            lambda: print(f"deleted {mention.id}: {mention.label} '{safe_line(mention.quote.exact, 60)}'"),
        )


def cmd_similar(args: argparse.Namespace) -> int:
    with workspace_session(args) as ws:
        rows = ws.similar(args.id, limit=args.limit)

        def human() -> None:
            if not rows:
                print("no similar articles")
            for row in rows:
                why = f"  · same story: {row.why}" if row.same_story else ""
                print(f"{row.score:.3f}  {row.id}  {safe_line(row.title, 80)}{why}")

        return _emit(args, [row.to_json() for row in rows], human)


def cmd_compare(args: argparse.Namespace) -> int:
    with workspace_session(args) as ws:
        comparison = ws.compare(args.left, args.right)
        from sahel_tui.core.compare import render_text

        width = min(os.get_terminal_size().columns if sys.stdout.isatty() else 100, 160)
        labels = [label.id for label in ws.labels]  # fact groups in the TUI's order

        def human() -> None:
            print(safe_display_block(render_text(comparison, width, labels)))

        return _emit(args, comparison.to_json(), human)


def safe_display_block(text: str) -> str:
    from sahel_tui.core.text import safe_display

    return safe_display(text)


def cmd_check(args: argparse.Namespace) -> int:
    with workspace_session(args) as ws:
        problems = ws.check()
        errors = [p for p in problems if p.severity == "error"]
        if args.json:
            _emit(
                args,
                [{"path": p.path, "line": p.line, "message": p.message, "severity": p.severity} for p in problems],
                lambda: None,
            )
        else:
            for p in problems:
                stream = sys.stderr if p.severity == "error" else sys.stdout
                print(safe_line(str(p), 400) + ("" if p.severity == "error" else " (warning)"), file=stream)
            if not problems:
                print(f"ok: {ws.summary()}")
        return 1 if errors else 0


def cmd_serve(args: argparse.Namespace) -> int:
    from sahel_tui.server.ssh import ServeConfig, serve

    corpus = getattr(args, "corpus", None) or default_corpus()
    if corpus is None:
        raise SahelError("no corpus: pass --corpus DIR or set SAHEL_TUI_CORPUS")
    workspace = getattr(args, "workspace", None) or default_workspace()
    config = ServeConfig(
        corpus=corpus,
        workspace=workspace,
        authorized_keys=args.authorized_keys or workspace / "authorized_keys",
        host_key=args.host_key or workspace / "ssh_host_key",
        users=args.users,
        host=args.host,
        port=args.port,
        max_sessions=args.max_sessions,
        idle_timeout=args.idle_timeout * 60.0,
    )
    return serve(config)


def _counter(label: str, minimum: int) -> Callable[[int, int], None] | None:
    """A progress bar on stderr for ``label`` when it is a terminal and there are at least ``minimum`` steps."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        if total < minimum:
            return
        width = 30
        filled = int(width * done / total) if total else width
        sys.stderr.write(f"\r{label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show


def cmd_import(args: argparse.Namespace) -> int:
    with workspace_session(args, need_catalog=True) as ws:
        report = ws.import_paths(
            args.paths, progress=_counter("importing", 20), index_progress=_counter("indexing", 20)
        )
        for refusal in report.refused:
            print(f"sahel-tui: {safe_line(str(refusal), 400)}", file=sys.stderr)

        def human() -> None:
            for added in report.added:
                extra = f" ({_plural(added.mentions, 'mention')})" if added.mentions else ""
                print(f"added {added.id}  {safe_line(added.title, 70)}{extra}  <- {safe_line(added.original_name, 80)}")
            for copy in report.copies:
                print(f"skipped {safe_line(copy.where, 120)}: exact copy of {copy.copy_of}")
            for joined in report.joined:
                print(f"joined {joined.id} to the story of {', '.join(joined.group[:5])}")
            for note in report.notes:
                print(f"note: {safe_line(note, 300)}")
            print(report.summary())

        _emit(args, report.to_json(), human)
        return 1 if report.refused else 0


def cmd_export(args: argparse.Namespace) -> int:
    if args.output is None and args.fmt != "brat" and sys.stdout.isatty():
        raise SahelError("export writes data, not text for the terminal: give -o PATH or pipe it")
    with workspace_session(args, need_catalog=True) as ws:
        report = ws.export(args.fmt, query=args.query, out=args.output, stream=sys.stdout)
        if args.output is not None:
            print(
                f"exported {_plural(report.articles, 'article')}, {_plural(report.mentions, 'mention')} as {report.format} "
                f"to {safe_line(str(args.output), 200)}",
                file=sys.stderr,
            )
        return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "import": cmd_import,
    "export": cmd_export,
    "tui": cmd_tui,
    "index": cmd_index,
    "search": cmd_search,
    "show": cmd_show,
    "entities": cmd_entities,
    "annotate": cmd_annotate,
    "suggestions": cmd_suggestions,
    "accept": cmd_accept,
    "unannotate": cmd_unannotate,
    "similar": cmd_similar,
    "compare": cmd_compare,
    "check": cmd_check,
    "serve": cmd_serve,
}
