"""``sahel-tui import`` and ``sahel-tui export`` through the headless CLI."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import cli_runner

RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Sahel Wire</title>
<item><title>Convoy ambushed near Gao</title><link>https://wire.example/1</link>
<pubDate>Tue, 05 Mar 2024 08:00:00 GMT</pubDate>
<description>A supply convoy was ambushed near Gao on Monday, officials said.</description></item>
</channel></rss>
"""


def fresh(tmp_path: Path, capsys):
    (tmp_path / "corpus").mkdir()
    return cli_runner(tmp_path / "corpus", tmp_path / "ws", capsys)


def mixed_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "incoming"
    (folder / "feeds").mkdir(parents=True)
    (folder / "feeds" / "wire.rss").write_text(RSS, encoding="utf-8")
    (folder / "Tillabéri  report 2025 .txt").write_text(
        "Tillabéri report\n\nGunmen attacked a market near Tillabéri on Sunday\x07, residents said.\n",
        encoding="utf-8",
    )
    (folder / "copy.txt").write_text(
        "Tillabéri report\n\nGunmen attacked a market near Tillabéri on Sunday\x07, residents said.\n",
        encoding="utf-8",
    )
    (folder / "dump.jsonl").write_text('{"title": "Kidal", "text": "Water ran out in Kidal."}\nnot json\n', "utf-8")
    return folder


def test_import_prints_a_summary_and_names_each_refused_file_on_stderr(tmp_path: Path, capsys) -> None:
    run = fresh(tmp_path, capsys)
    code, out, err = run("import", str(mixed_folder(tmp_path)))
    assert code == 1  # a line was refused
    assert out.splitlines()[-1] == "3 added, 1 skipped as copies, 0 joined to story groups, 1 refused"
    assert "exact copy of tillaberi-report-2025-" in out
    [line] = err.splitlines()
    assert line.startswith(f"sahel-tui: {tmp_path / 'incoming' / 'dump.jsonl'}:2: not valid JSON")
    assert "\x07" not in out + err
    code, out, _ = run("search", "Tillaberi", "--json")
    assert code == 0 and [hit["title"] for hit in json.loads(out)["hits"]] == ["Tillabéri report"]
    code, out, _ = run("search", "convoy", "--json")
    [hit] = json.loads(out)["hits"]
    assert (hit["title"], hit["date"], hit["source"]) == ("Convoy ambushed near Gao", "2024-03-05", "Sahel Wire")
    code, out, _ = run("show", hit["id"])
    assert code == 0 and "A supply convoy was ambushed near Gao on Monday, officials said." in out


def test_import_json_reports_every_outcome(tmp_path: Path, capsys) -> None:
    run = fresh(tmp_path, capsys)
    code, out, _ = run("import", str(mixed_folder(tmp_path)), "--json")
    report = json.loads(out)
    assert code == 1
    assert len(report["added"]) == 3 and len(report["skipped_copies"]) == 1
    assert report["refused"][0]["line"] == 2 and report["refused"][0]["file"].endswith("dump.jsonl")
    names = {a["original_name"] for a in report["added"]}
    assert "Tillabéri  report 2025 .txt" in names and "wire.rss#1" in names
    assert report["index"]["articles"] == 3


def test_import_of_a_missing_path_is_one_line_and_exit_1(tmp_path: Path, capsys) -> None:
    run = fresh(tmp_path, capsys)
    code, out, err = run("import", str(tmp_path / "nowhere.txt"))
    assert code == 1
    assert err == f"sahel-tui: {tmp_path / 'nowhere.txt'}: no such file or folder\n"
    assert out.splitlines()[-1] == "0 added, 0 skipped as copies, 0 joined to story groups, 1 refused"


def test_export_writes_each_format_and_jsonl_imports_back(run, tmp_path: Path, capsys) -> None:
    for fmt, name in (("jsonl", "all.jsonl"), ("conll", "all.conll"), ("w3c", "all.json"), ("csv", "all.csv")):
        code, out, err = run("export", "--format", fmt, "-o", str(tmp_path / name))
        assert code == 0 and out == "", err
        assert err.startswith("exported 5 articles, ") and (tmp_path / name).stat().st_size > 1000
    code, _, err = run("export", "--format", "brat", "-o", str(tmp_path / "brat"))
    assert code == 0 and len(list((tmp_path / "brat").glob("*.ann"))) == 5
    other = tmp_path / "other"
    other.mkdir()
    run_other = cli_runner(other / "corpus", other / "ws", capsys)
    (other / "corpus").mkdir()
    code, out, _ = run_other("import", str(tmp_path / "all.jsonl"), "--json")
    assert code == 0 and len(json.loads(out)["added"]) == 5
    _, original, _ = run("show", "001_23b65a7a60091617", "--json")
    _, copied, _ = run_other("show", "001_23b65a7a60091617", "--json")
    assert json.loads(copied)["body"] == json.loads(original)["body"]


def test_export_of_a_query_to_stdout(run) -> None:
    code, out, _ = run("export", "--format", "jsonl", "--query", "C-130")
    assert code == 0 and len(out.splitlines()) == 3


def test_export_usage_errors(run) -> None:
    code, _, err = run("export", "--format", "docx")
    assert code == 2 and "docx" in err and "jsonl" in err and len(err.splitlines()) == 1
    code, _, err = run("export", "--format", "brat")
    assert code == 1 and err.startswith("sahel-tui: ") and "-o DIR" in err
