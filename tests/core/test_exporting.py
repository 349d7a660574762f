"""export: each format from the bundled workspace; jsonl and brat import back into an empty workspace as they were."""

from __future__ import annotations

import csv
import io
import itertools
import json
from pathlib import Path

import pytest

from sahel_tui.core.errors import InvalidInput
from sahel_tui.core.sentences import split_sentences
from sahel_tui.core.workspace import Workspace

C130_A, C130_B, C130_C = "001_23b65a7a60091617", "002_e3712bf52d55873d", "004_5984911fe5230ab5"


def empty_ws(tmp_path: Path) -> Workspace:
    (tmp_path / "fresh-corpus").mkdir()
    # Without the shipped gazetteer: the round trip compares the catalog with the exported one.
    return Workspace(corpus=tmp_path / "fresh-corpus", root=tmp_path / "fresh-ws", author="importer", gazetteer=False)


def mention_rows(ws: Workspace, article_id: str) -> list[tuple]:
    return [
        (m.start, m.end, m.label, m.entity, m.text, m.author, m.created, m.state)
        for m in ws.mentions(article_id)
        if m.state != "orphaned"
    ]


@pytest.mark.parametrize("fmt", ["jsonl", "brat"])
def test_an_export_imports_into_an_empty_workspace_with_identical_bodies_and_mentions(
    workspace: Workspace, tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / ("export.jsonl" if fmt == "jsonl" else "brat")
    report = workspace.export(fmt, out=out)
    assert report.articles == len(workspace.article_ids()) and report.mentions > 100
    fresh = empty_ws(tmp_path)
    imported = fresh.import_paths([out])
    assert not imported.refused and not imported.notes
    assert sorted(a.id for a in imported.added) == workspace.article_ids()
    for article_id in workspace.article_ids():
        assert fresh.article(article_id).body == workspace.article(article_id).body
        rows = mention_rows(fresh, article_id)
        expected = mention_rows(workspace, article_id)
        if fmt == "brat":  # brat has no authors or times: those of the import
            rows, expected = [r[:5] for r in rows], [r[:5] for r in expected]
        assert rows == expected, article_id
    if fmt == "jsonl":
        for article_id in workspace.article_ids():
            old, new = workspace.article(article_id), fresh.article(article_id)
            assert (new.title, new.date, new.source, new.url) == (old.title, old.date, old.source, old.url)
            assert [m.id for m in fresh.mentions(article_id)] == [
                m.id for m in workspace.mentions(article_id) if m.state != "orphaned"
            ]
    used = {m.entity for i in workspace.article_ids() for m in workspace.mentions(i) if m.entity}
    assert {e.id for e in fresh.catalog.all()} == used
    fresh.sync_index()
    assert {h.id for h in fresh.search("entity:jnim", limit=50).hits} == {
        h.id for h in (workspace.sync_index(), workspace.search("entity:jnim", limit=50))[1].hits
    }


def test_brat_files_pair_text_and_standoff_with_catalog_normalisation(workspace: Workspace, tmp_path: Path) -> None:
    workspace.export("brat", out=tmp_path / "brat")
    article_id = C130_A
    body = (tmp_path / "brat" / f"{article_id}.txt").read_text(encoding="utf-8")
    assert body == workspace.article(article_id).body
    lines = (tmp_path / "brat" / f"{article_id}.ann").read_text(encoding="utf-8").splitlines()
    spans = [line for line in lines if line.startswith("T")]
    links = [line for line in lines if line.startswith("N")]
    assert len(spans) == len([m for m in workspace.mentions(article_id) if m.state != "orphaned"])
    _, kind, text = spans[0].split("\t")
    label, start, end = kind.split(" ")
    assert body[int(start) : int(end)] == text and label in workspace.labels
    assert any(line.split("\t")[1].startswith("Reference T") and "catalog:" in line for line in links)
    assert "[entities]\nPERSON\n" in (tmp_path / "brat" / "annotation.conf").read_text(encoding="utf-8")


def test_conll_gives_one_sentence_a_block_with_bio_tags(workspace: Workspace) -> None:
    stream = io.StringIO()
    workspace.export("conll", stream=stream)
    text = stream.getvalue()
    article_id = C130_A
    section = text.split(f"# id = {article_id}\n", 1)[1].split("# id = ", 1)[0]
    blocks = [block for block in section.split("\n\n") if block.strip()]
    assert len(blocks) == len(split_sentences(workspace.article(article_id).body))
    tags = [line.split("\t")[1] for block in blocks for line in block.splitlines()]
    assert all(tag == "O" or tag[:2] in ("B-", "I-") for tag in tags)
    for previous, tag in itertools.pairwise(tags):
        if tag.startswith("I-"):
            assert previous[2:] == tag[2:]  # an inside tag continues a mention of the same label
    assert tags.count("B-LOCATION") >= 1


def test_conll_tags_a_two_word_mention_b_then_i(tmp_path: Path) -> None:
    ws = empty_ws(tmp_path)
    line = {"title": "Mercenaries", "text": "Troops of the Africa Corps left Bamako. They flew home.",
            "mentions": [{"start": 14, "end": 26, "label": "EXTERNAL_FORCE"}, {"start": 32, "end": 38, "label": "GPE"}]}  # fmt: skip
    (tmp_path / "x.jsonl").write_text(json.dumps(line), encoding="utf-8")
    ws.import_paths([tmp_path / "x.jsonl"])
    stream = io.StringIO()
    ws.export("conll", stream=stream)
    blocks = stream.getvalue().split("\n", 1)[1].strip("\n").split("\n\n")
    assert [block.splitlines() for block in blocks] == [
        ["Troops\tO", "of\tO", "the\tO", "Africa\tB-EXTERNAL_FORCE", "Corps\tI-EXTERNAL_FORCE", "left\tO",
         "Bamako\tB-LOCATION", ".\tO"],
        ["They\tO", "flew\tO", "home\tO", ".\tO"],
    ]  # fmt: skip


def test_w3c_annotations_have_both_selectors_creator_and_created(workspace: Workspace) -> None:
    stream = io.StringIO()
    workspace.export("w3c", stream=stream)
    collection = json.loads(stream.getvalue())
    assert collection["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert collection["type"] == "AnnotationCollection"
    items = collection["first"]["items"]
    assert collection["total"] == len(items) > 100
    annotation = items[0]
    quote, position = annotation["target"]["selector"]
    article_id = annotation["id"].split(":")[3]
    body = workspace.article(article_id).body
    assert quote["type"] == "TextQuoteSelector" and position["type"] == "TextPositionSelector"
    assert body[position["start"] : position["end"]] == quote["exact"]
    assert body[: position["start"]].endswith(quote["prefix"])
    assert annotation["creator"]["name"] and annotation["created"].endswith("Z")
    assert annotation["body"][0] == {
        "type": "TextualBody",
        "purpose": "tagging",
        "value": annotation["body"][0]["value"],
    }


def test_csv_has_a_header_and_one_row_a_mention(workspace: Workspace, tmp_path: Path) -> None:
    out = tmp_path / "mentions.csv"
    report = workspace.export("csv", out=out)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # spreadsheets read it as UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    total = sum(len(workspace.mentions(i)) for i in workspace.article_ids())
    assert len(rows) == total and report.articles == 5
    assert list(rows[0]) == [
        "article_id", "title", "date", "source", "url", "start", "end", "text",
        "label", "entity_id", "entity_name", "author", "state",
    ]  # fmt: skip
    row = next(r for r in rows if r["entity_id"] == "jnim")
    assert row["entity_name"] == workspace.catalog.get("jnim").name  # type: ignore[union-attr]
    body = workspace.article(row["article_id"]).body
    assert body[int(row["start"]) : int(row["end"])] == row["text"]


def test_csv_cells_that_a_spreadsheet_would_run_are_defused(tmp_path: Path) -> None:
    ws = empty_ws(tmp_path)
    line = {
        "title": '=HYPERLINK("http://evil.example")',
        "text": "Report from Gao: =1+2 was written on a wall.",
        "mentions": [{"start": 17, "end": 21, "label": "EVENT"}],
    }
    (tmp_path / "x.jsonl").write_text(json.dumps(line), encoding="utf-8")
    ws.import_paths([tmp_path / "x.jsonl"])
    stream = io.StringIO()
    ws.export("csv", stream=stream)
    row = next(csv.DictReader(io.StringIO(stream.getvalue())))
    assert row["title"].startswith("'=") and row["text"] == "'=1+2"


def test_export_of_a_query_has_only_its_results(workspace: Workspace) -> None:
    stream = io.StringIO()
    workspace.export("jsonl", query="C-130", stream=stream)
    exported = [json.loads(line)["id"] for line in stream.getvalue().splitlines()]
    assert set(exported) == {C130_A, C130_B, C130_C}


def test_an_unknown_format_and_brat_without_a_folder_are_refused(workspace: Workspace) -> None:
    with pytest.raises(InvalidInput, match="unknown export format"):
        workspace.export("docx", stream=io.StringIO())
    with pytest.raises(InvalidInput, match="-o DIR"):
        workspace.export("brat", stream=io.StringIO())
