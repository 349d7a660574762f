"""The per-article mention files: round trips, layout, validation, failures."""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import os
import stat
from pathlib import Path

import pytest

from sahel_tui.core.annotations import AnnotationStore
from sahel_tui.core.catalog import Catalog
from sahel_tui.core.errors import InvalidInput, NotFound, ReadOnlyWorkspace, SahelError
from sahel_tui.core.models import Article
from sahel_tui.core.yamlio import load_yaml

BODY = (
    "Niger lent Mali a C-130 for operations against the CSP-PSD. The aircraft, registered 5U-MBH, "
    "was photographed at Bamako on 27 October.\n\nIt later flew to Gao and Tessalit."
)
NOW = dt.datetime(2026, 11, 24, 8, 15, 2, tzinfo=dt.UTC)


def make_article(body: str = BODY, article_id: str = "001_23b65a7a60091617") -> Article:
    return Article(
        id=article_id,
        path=Path(f"{article_id}.txt"),
        title="Niger lends Mali a C-130",
        date=None,
        source=None,
        url=None,
        body=body,
        paragraphs=((0, len(body)),),
        body_sha256=hashlib.sha256(body.encode("utf-8")).hexdigest(),
    )


def span(text: str, occurrence: int = 0, body: str = BODY) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = body.index(text, start + 1)
    return start, start + len(text)


@pytest.fixture
def store(tmp_path: Path) -> AnnotationStore:
    return AnnotationStore(tmp_path)


def file_text(store: AnnotationStore, article_id: str = "001_23b65a7a60091617") -> str:
    return store.path_for(article_id).read_text(encoding="utf-8")


def test_added_mentions_are_written_sorted_with_a_fixed_layout(store: AnnotationStore) -> None:
    art = make_article()
    gao = store.add(art, *span("Gao"), "location", entity="gao", author="analyst1", now=NOW)
    niger = store.add(art, *span("Niger"), "LOCATION", entity="niger", author="analyst1", now=NOW)
    assert (niger.start, niger.end, niger.text, niger.created) == (0, 5, "Niger", "2026-11-24T08:15:02Z")
    assert gao.quote.prefix == BODY[gao.start - 32 : gao.start]
    assert gao.quote.suffix == BODY[gao.end : gao.end + 32]
    text = file_text(store)
    assert text.index(niger.id) < text.index(gao.id)  # sorted by start although added later
    assert text.splitlines()[:12] == [
        "article: 001_23b65a7a60091617",
        "mentions:",
        f"- id: {niger.id}",
        "  label: LOCATION",
        "  entity: niger",
        "  start: 0",
        "  end: 5",
        "  quote: {exact: Niger, prefix: '', suffix: ' lent Mali a C-130 for operation'}",
        f"  body_sha256: {art.body_sha256}",
        "  state: ok",
        "  author: analyst1",
        "  created: '2026-11-24T08:15:02Z'",
    ]
    mentions, problems = store.load(art.id)
    assert problems == [] and mentions == [niger, gao]


def test_update_remove_restore_round_trip_back_to_the_same_file(store: AnnotationStore) -> None:
    art = make_article()
    first = store.add(art, *span("C-130"), "EQUIPMENT", author="a", now=NOW)
    store.add(art, *span("Bamako"), "LOCATION", author="a", now=NOW)
    original = file_text(store)
    updated = store.update(art.id, first.id, label="equipment", entity="c-130")
    assert (updated.label, updated.entity) == ("EQUIPMENT", "c-130")
    assert store.update(art.id, first.id, entity=None).entity is None
    assert file_text(store) == original
    removed = store.remove(art.id, first.id)
    assert removed == first and first.id not in file_text(store)
    store.restore(art.id, removed)
    assert file_text(store) == original
    with pytest.raises(NotFound):
        store.remove(art.id, "m-ffffffffffff")
    with pytest.raises(NotFound):
        store.update(art.id, "m-ffffffffffff", label="PERSON")


def test_same_span_label_and_entity_is_not_added_twice(store: AnnotationStore) -> None:
    art = make_article()
    one = store.add(art, *span("Tessalit"), "LOCATION", entity="tessalit")
    again = store.add(art, *span("Tessalit"), "location", entity="tessalit")
    other_label = store.add(art, *span("Tessalit"), "EVENT")
    assert again == one and other_label.id != one.id
    assert len(store.load(art.id)[0]) == 2


def test_selection_is_trimmed_and_bad_spans_are_refused(store: AnnotationStore) -> None:
    art = make_article()
    start, end = span("Gao")
    assert store.add(art, start - 1, end + 1, "LOCATION").text == "Gao"
    blank = BODY.index("\n\n")
    for bad in [(-1, 3), (5, 5), (9, 2), (0, len(BODY) + 1), (blank, blank + 2)]:
        with pytest.raises(InvalidInput):
            store.add(art, *bad, "LOCATION")
    with pytest.raises(InvalidInput, match="valid labels: PERSON"):
        store.add(art, start, end, "TOWN")
    with pytest.raises(InvalidInput, match="invalid entity id"):
        store.add(art, start, end, "LOCATION", entity="Not An Id")
    assert len(store.load(art.id)[0]) == 1


def test_entities_are_checked_against_the_catalog_when_given(tmp_path: Path) -> None:
    (tmp_path / "entities.yaml").write_text(
        "version: 1\nentities:\n- id: gao\n  name: Gao\n  type: LOCATION\n", encoding="utf-8"
    )
    catalog, _ = Catalog.load(tmp_path)
    store = AnnotationStore(tmp_path, catalog=catalog)
    art = make_article()
    store.add(art, *span("Gao"), "LOCATION", entity="gao")
    with pytest.raises(InvalidInput, match="unknown entity 'tessalit'"):
        store.add(art, *span("Tessalit"), "LOCATION", entity="tessalit")


def test_article_ids_that_escape_the_folder_are_refused(store: AnnotationStore) -> None:
    for bad in ["../entities", "a/b", ".hidden", ""]:
        with pytest.raises(InvalidInput):
            store.load(bad)
        with pytest.raises(InvalidInput):
            store.add(make_article(article_id=bad), 0, 5, "LOCATION")
    assert not (store.workspace_dir / "entities.yaml").exists()


def test_load_all_and_check_find_every_file(store: AnnotationStore) -> None:
    store.add(make_article(article_id="001_a"), 0, 5, "LOCATION")
    store.add(make_article(article_id="002_b"), 0, 5, "LOCATION")
    store.add(make_article(article_id="003_gone"), 0, 5, "LOCATION")
    (store.folder / "notes.txt").write_text("not annotations", encoding="utf-8")
    found, problems = store.load_all()
    assert sorted(found) == ["001_a", "002_b", "003_gone"] and problems == []
    assert store.load_all(["001_a", "009_none"])[0] == {"001_a": found["001_a"], "009_none": []}
    check = store.check(["001_a", "002_b"])
    assert [(Path(p.path).name, p.severity) for p in check] == [("003_gone.yaml", "warning")]
    assert "not in the corpus" in check[0].message


def test_changed_body_reanchors_in_memory_and_on_save(store: AnnotationStore) -> None:
    art = make_article()
    bamako = store.add(art, *span("Bamako"), "LOCATION", now=NOW)
    before = file_text(store)
    edited = make_article("Updated on 28 October. " + BODY)
    mentions, problems = store.load(art.id, article=edited)
    assert problems == []
    assert mentions[0].state == "moved" and edited.body[mentions[0].start : mentions[0].end] == "Bamako"
    assert file_text(store) == before  # loading never writes
    store.add(edited, *span("Gao", body=edited.body), "LOCATION")  # the next save persists the move
    saved = {m.id: m for m in store.load(art.id)[0]}
    assert saved[bamako.id].start == bamako.start + len("Updated on 28 October. ")
    assert saved[bamako.id].body_sha256 == edited.body_sha256


def test_reanchor_and_save_writes_only_when_something_moved(store: AnnotationStore) -> None:
    art = make_article()
    store.add(art, *span("Tessalit"), "LOCATION")
    mtime = store.path_for(art.id).stat().st_mtime_ns
    assert store.reanchor_and_save(art)[1] is False
    assert store.path_for(art.id).stat().st_mtime_ns == mtime
    edited = make_article(BODY.replace(" and Tessalit", ""))
    mentions, changed = store.reanchor_and_save(edited)
    assert changed and mentions[0].state == "orphaned"
    _, problems = store.load(art.id, article=edited)
    assert [p.severity for p in problems] == ["warning"] and "orphaned" in problems[0].message


def test_validate_reports_offsets_outside_the_body_with_the_line(store: AnnotationStore) -> None:
    art = make_article()
    store.add(art, *span("Tessalit"), "LOCATION")
    path = store.path_for(art.id)
    path.write_text(
        path.read_text(encoding="utf-8").replace(f"end: {span('Tessalit')[1]}", "end: 99999"), encoding="utf-8"
    )
    mentions, _ = store.load(art.id)
    problems = store.validate(art, mentions)
    assert len(problems) == 1 and problems[0].line == 3 and "outside the article" in problems[0].message


def test_unknown_keys_and_invalid_entries_survive_a_save(store: AnnotationStore) -> None:
    art = make_article()
    good = store.add(art, *span("Gao"), "LOCATION", now=NOW)
    path = store.path_for(art.id)
    text = path.read_text(encoding="utf-8")
    text = text.replace("  created:", "  reviewed_by: analyst2\n  created:")
    text += "- id: m-bad\n  label: LOCATION\n  start: 3\n"
    path.write_text(text + "reviewer_note: check the dates\n", encoding="utf-8")
    mentions, problems = store.load(art.id)
    assert [m.id for m in mentions] == [good.id]
    assert sorted(p.severity for p in problems) == ["error", "warning", "warning"]
    store.add(art, *span("Tessalit"), "LOCATION")
    saved = load_yaml(path).data
    assert saved["reviewer_note"] == "check the dates"
    assert saved["mentions"][0]["reviewed_by"] == "analyst2"
    assert saved["mentions"][-1] == {"id": "m-bad", "label": "LOCATION", "start": 3}


def test_unparsable_file_is_never_overwritten(store: AnnotationStore) -> None:
    art = make_article()
    path = store.path_for(art.id)
    path.parent.mkdir(parents=True)
    broken = "article: 001_23b65a7a60091617\nmentions:\n- id: m-aaaaaaaaaaaa\n  start: [1\n"
    path.write_text(broken, encoding="utf-8")
    mentions, problems = store.load(art.id)
    assert mentions == [] and len(problems) == 1 and problems[0].line is not None
    for edit in (
        lambda: store.add(art, 0, 5, "LOCATION"),
        lambda: store.remove(art.id, "m-aaaaaaaaaaaa"),
        lambda: store.reanchor_and_save(art),
    ):
        with pytest.raises(SahelError) as caught:
            edit()
        assert "must be fixed first" in str(caught.value) and "\n" not in str(caught.value)
    assert path.read_text(encoding="utf-8") == broken


def test_read_only_store_reads_but_refuses_every_write(tmp_path: Path) -> None:
    art = make_article()
    AnnotationStore(tmp_path).add(art, *span("Gao"), "LOCATION")
    folder = tmp_path / "annotations"
    os.chmod(folder, stat.S_IRUSR | stat.S_IXUSR)  # 0o500; root ignores it, hence the explicit mode
    try:
        store = AnnotationStore(tmp_path, read_only=True)
        assert [m.text for m in store.load(art.id)[0]] == ["Gao"]
        with pytest.raises(ReadOnlyWorkspace):
            store.add(art, *span("Tessalit"), "LOCATION")
        with pytest.raises(ReadOnlyWorkspace):
            store.remove(art.id, store.load(art.id)[0][0].id)
    finally:
        os.chmod(folder, 0o755)
    assert [m.text for m in AnnotationStore(tmp_path).load(art.id)[0]] == ["Gao"]


def test_write_permission_error_becomes_read_only_workspace(
    store: AnnotationStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    art = make_article()
    store.add(art, *span("Gao"), "LOCATION")
    before = file_text(store)

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "replace", denied)
    with pytest.raises(ReadOnlyWorkspace) as caught:
        store.add(art, *span("Tessalit"), "LOCATION")
    assert str(caught.value).startswith(str(store.path_for(art.id)))
    monkeypatch.undo()
    assert file_text(store) == before
    assert [p.name for p in store.folder.iterdir() if p.name.endswith(".tmp")] == []


def test_full_disk_during_save_keeps_every_saved_mention(
    store: AnnotationStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    art = make_article()
    kept = store.add(art, *span("Gao"), "LOCATION")

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(SahelError, match="No space left on device; the previous version is intact"):
        store.add(art, *span("Tessalit"), "LOCATION")
    monkeypatch.undo()
    assert store.load(art.id)[0] == [kept]
    assert [p.name for p in store.folder.iterdir() if p.name.endswith(".tmp")] == []


def test_changes_made_elsewhere_are_seen_by_the_next_load(store: AnnotationStore) -> None:
    art = make_article()
    store.add(art, *span("Gao"), "LOCATION")
    assert len(store.load(art.id)[0]) == 1
    AnnotationStore(store.workspace_dir).add(art, *span("Tessalit"), "LOCATION")  # another process
    assert [m.text for m in store.load(art.id)[0]] == ["Gao", "Tessalit"]
    path = store.path_for(art.id)
    info = path.stat()
    edited = path.read_text(encoding="utf-8").replace("label: LOCATION", "label: EVENTXXX", 1)
    path.write_text(edited.replace("EVENTXXX", "EVENT   "), encoding="utf-8")  # same size, in place
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))  # and the same modification time
    assert [m.label for m in store.load(art.id)[0]] == ["EVENT", "LOCATION"]


def test_unknown_entity_warning_follows_the_catalog(tmp_path: Path) -> None:
    (tmp_path / "entities.yaml").write_text("version: 1\nentities: []\n", encoding="utf-8")
    art = make_article()
    AnnotationStore(tmp_path).add(art, *span("Gao"), "LOCATION", entity="gao")
    catalog, _ = Catalog.load(tmp_path)
    store = AnnotationStore(tmp_path, catalog=catalog)
    problems = store.load(art.id)[1]
    assert [(p.line, p.severity) for p in problems] == [(5, "warning")] and "'gao'" in problems[0].message
    catalog.add_entity("Gao", "LOCATION")
    assert store.load(art.id)[1] == []


def test_fingerprint_changes_with_the_file(store: AnnotationStore) -> None:
    art = make_article()
    assert store.fingerprint(art.id) == ""
    store.add(art, *span("Gao"), "LOCATION")
    first = store.fingerprint(art.id)
    store.add(art, *span("Tessalit"), "LOCATION")
    assert first and store.fingerprint(art.id) not in ("", first)


def test_check_reports_the_problems_of_every_file(tmp_path: Path) -> None:
    (tmp_path / "entities.yaml").write_text(
        "version: 1\nentities:\n- id: gao\n  name: Gao\n  type: LOCATION\n", encoding="utf-8"
    )
    store = AnnotationStore(tmp_path)
    art = make_article()
    store.add(art, *span("Gao"), "LOCATION", entity="gao")
    store.add(art, *span("Tessalit"), "LOCATION", entity="tessalit")
    (store.folder / "002_broken.yaml").write_text("mentions: [\n", encoding="utf-8")
    edited = make_article(BODY.replace(" and Tessalit", ""))
    problems = store.check(
        articles={art.id: edited, "002_broken": make_article(article_id="002_broken")},
        catalog=Catalog.load(tmp_path)[0],
    )
    found = sorted((Path(p.path).name, p.line, p.severity) for p in problems)
    assert found == [
        ("001_23b65a7a60091617.yaml", 13, "warning"),
        ("001_23b65a7a60091617.yaml", 15, "warning"),
        ("002_broken.yaml", 2, "error"),
    ]
    messages = " | ".join(p.message for p in problems)
    assert "entity 'tessalit' is not in the catalog" in messages
    assert "'Tessalit' is no longer in the article" in messages
    assert "invalid YAML" in messages


HANDWRITTEN = (
    "article: 001_23b65a7a60091617\n"
    "mentions:\n"
    "- label: LOCATION\n"
    "  entity: gao\n"
    "  start: {start}\n"
    "  end: {end}\n"
    "  quote: {{exact: Gao}}\n"
)


def test_a_mention_written_by_hand_without_an_id_gets_a_stable_one_saved_next_time(store: AnnotationStore) -> None:
    art = make_article()
    start, end = span("Gao")
    path = store.path_for(art.id)
    path.parent.mkdir(parents=True)
    path.write_text(HANDWRITTEN.format(start=start, end=end), encoding="utf-8")
    (mention,), problems = store.load(art.id, article=art)
    assert (mention.text, mention.entity, mention.label) == ("Gao", "gao", "LOCATION")
    assert [p.severity for p in problems] == ["warning"] and mention.id in problems[0].message
    assert AnnotationStore(store.workspace_dir).load(art.id)[0][0].id == mention.id, "the same id every time"
    assert "id:" not in path.read_text(encoding="utf-8"), "reading never writes"
    other = store.add(art, *span("Bamako"), "LOCATION", now=NOW)
    saved = load_yaml(path).data["mentions"]
    assert {entry["id"] for entry in saved} == {mention.id, other.id}
    assert store.load(art.id)[1] == [], "once saved, the file is clean"
    assert store.remove(art.id, mention.id).text == "Gao"


def test_two_handwritten_mentions_get_different_ids(store: AnnotationStore) -> None:
    art = make_article()
    path = store.path_for(art.id)
    path.parent.mkdir(parents=True)
    first, second = span("Gao"), span("Bamako")
    text = HANDWRITTEN.format(start=first[0], end=first[1])
    text += f"- label: LOCATION\n  start: {second[0]}\n  end: {second[1]}\n  quote: {{exact: Bamako}}\n"
    path.write_text(text, encoding="utf-8")
    mentions, _ = store.load(art.id)
    assert len({m.id for m in mentions}) == 2


def test_saving_leaves_no_lock_file_in_the_annotations_folder(store: AnnotationStore) -> None:
    art = make_article()
    store.add(art, *span("Gao"), "LOCATION", now=NOW)
    store.add(art, *span("Bamako"), "LOCATION", now=NOW)
    assert [p.name for p in store.folder.iterdir()] == [f"{art.id}.yaml"]
    assert (store.workspace_dir / ".locks" / "annotations" / f"{art.id}.yaml.lock").exists()
