"""Batch annotation in the core: accept all, annotate every occurrence, one undo step each.

What the analyst notices: N mentions saved together come back as one undo (and
one redo), each article file is written once per batch, and a mention is linked
at once only when one catalog entity of the chosen type has that name.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import IDS

from sahel_tui.core import annotations as annotations_module
from sahel_tui.core.errors import InvalidInput, NotFound

C130_A = IDS["c130_a"]
AIRSTRIKES = IDS["airstrikes"]


@pytest.fixture
def workspace(workspace, workspace_dir):
    """The bundled workspace without its annotations: counts start at zero."""
    for path in (workspace_dir / "annotations").glob("*.yaml"):
        path.unlink()
    return workspace


@pytest.fixture
def writes(monkeypatch) -> list[Path]:
    """Paths of the annotation files written, one entry per save."""
    written: list[Path] = []
    real = annotations_module.atomic_write_text

    def spy(path, *args, **kwargs):
        written.append(Path(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(annotations_module, "atomic_write_text", spy)
    return written


def saved(workspace_dir: Path, article_id: str) -> list[dict]:
    path = workspace_dir / "annotations" / f"{article_id}.yaml"
    if not path.exists():
        return []
    return list((yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("mentions") or [])


def spans_of(body: str, text: str) -> list[tuple[int, int]]:
    out, at = [], body.find(text)
    while at >= 0:
        out.append((at, at + len(text)))
        at = body.find(text, at + 1)
    return out


def test_annotate_many_is_one_save_and_one_undo_step(workspace, workspace_dir, writes):
    spans = spans_of(workspace.article(C130_A).body, "aircraft")
    assert len(spans) == 3
    mentions = workspace.annotate_many(C130_A, spans, "equipment")
    assert [(m.start, m.end, m.label) for m in mentions] == [(s, e, "EQUIPMENT") for s, e in spans]
    assert writes == [workspace_dir / "annotations" / f"{C130_A}.yaml"]
    assert len(saved(workspace_dir, C130_A)) == 3

    writes.clear()
    step = workspace.undo()
    assert step is not None and len(step.changes) == 3
    assert saved(workspace_dir, C130_A) == []
    assert len(writes) == 1  # the undo of the batch is one save too
    assert workspace.undo() is None

    workspace.redo()
    assert sorted(m["id"] for m in saved(workspace_dir, C130_A)) == sorted(m.id for m in mentions)


def test_one_undo_leaves_the_earlier_single_mention(workspace, workspace_dir):
    body = workspace.article(C130_A).body
    first, *rest = spans_of(body, "aircraft")
    single = workspace.annotate(C130_A, *first, "equipment")
    workspace.annotate_many(C130_A, rest, "equipment")
    workspace.undo()
    assert [m["id"] for m in saved(workspace_dir, C130_A)] == [single.id]


def test_a_bad_span_saves_nothing_and_leaves_no_undo_step(workspace, workspace_dir, writes):
    good = spans_of(workspace.article(C130_A).body, "aircraft")[0]
    with pytest.raises(InvalidInput):
        workspace.annotate_many(C130_A, [good, (10**6, 10**6 + 3)], "equipment")
    assert writes == [] and saved(workspace_dir, C130_A) == []
    assert workspace.undo() is None


def test_undo_of_a_batch_keeps_a_mention_that_was_already_there(workspace, workspace_dir):
    spans = spans_of(workspace.article(C130_A).body, "aircraft")
    first = workspace.annotate(C130_A, *spans[0], "equipment")
    again = workspace.annotate_many(C130_A, spans, "equipment")  # the first span is saved already
    assert again[0].id == first.id and len(again) == 3
    workspace.undo()
    assert [m["id"] for m in saved(workspace_dir, C130_A)] == [first.id]


def test_occurrences_across_articles_save_each_file_once_and_undo_together(workspace, workspace_dir, writes):
    workspace.sync_index()
    found = [o for o in workspace.occurrences("aircraft") if not o.annotated]
    articles = {o.article_id for o in found}
    assert len(articles) >= 2 and len(found) > len(articles)

    mentions = workspace.annotate_occurrences(found, "equipment")
    assert len(mentions) == len(found)
    assert sorted(writes) == sorted(workspace_dir / "annotations" / f"{a}.yaml" for a in articles)
    assert sum(len(saved(workspace_dir, a)) for a in articles) == len(found)

    step = workspace.undo()
    assert step is not None and set(step.article_ids) == articles
    assert all(saved(workspace_dir, a) == [] for a in articles)


def test_accept_all_suggestions_then_one_undo(workspace, workspace_dir, writes):
    suggestions = workspace.suggestions(C130_A)
    assert len(suggestions) > 3
    mentions = workspace.accept_suggestions(C130_A)
    assert len(mentions) == len(suggestions) and len(writes) == 1
    entities = {m.entity: m.label for m in mentions}
    assert entities["niamey"] == "LOCATION" and entities["csp-psd"] == "ARMED_GROUP"
    assert workspace.suggestions(C130_A) == []

    step = workspace.undo()
    assert step is not None and len(step.changes) == len(suggestions)
    assert saved(workspace_dir, C130_A) == []
    assert workspace.suggestions(C130_A) == suggestions


def test_accept_refuses_a_suggestion_of_another_article(workspace, workspace_dir):
    other = workspace.suggestions(AIRSTRIKES)[0]
    with pytest.raises(InvalidInput):
        workspace.accept_suggestions(C130_A, [other])
    assert saved(workspace_dir, C130_A) == []


# -- the auto-link rule ----------------------------------------------------------------------


def test_auto_link_needs_one_entity_of_the_chosen_type(workspace):
    assert workspace.auto_entity("Africa Corps", "external_force").id == "africa-corps"
    assert workspace.auto_entity("afrika korps", "EXTERNAL_FORCE").id == "africa-corps"  # alias, any case
    assert workspace.auto_entity("Africa Corps", "ARMED_GROUP") is None  # the name exists, of another type


def test_auto_link_refuses_a_name_two_entities_of_the_type_share(workspace):
    workspace.add_entity("Corps Expéditionnaire", "EXTERNAL_FORCE", aliases=["Africa Corps"])
    assert workspace.auto_entity("Africa Corps", "EXTERNAL_FORCE") is None


def test_annotate_links_by_the_rule_only_when_asked(workspace):
    start, end = spans_of(workspace.article(AIRSTRIKES).body, "Africa Corps")[0]
    linked = workspace.annotate(AIRSTRIKES, start, end, "external_force", auto_link=True)
    assert linked.entity == "africa-corps"
    other_type = workspace.annotate(AIRSTRIKES, start, end, "armed_group", auto_link=True)
    assert other_type.entity is None
    plain = workspace.annotate(AIRSTRIKES, start, end, "organization")
    assert plain.entity is None


def test_an_entity_given_by_name_resolves_within_the_type(workspace):
    start, end = spans_of(workspace.article(AIRSTRIKES).body, "Africa Corps")[0]
    mention = workspace.annotate(AIRSTRIKES, start, end, "external_force", entity="Africa Corps")
    assert mention.entity == "africa-corps"
    with pytest.raises(InvalidInput):
        workspace.annotate(AIRSTRIKES, start, end, "armed_group", entity="Africa Corps")
    # an explicit id is taken as given
    assert workspace.annotate(AIRSTRIKES, start, end, "armed_group", entity="africa-corps").entity == "africa-corps"


# -- by text -------------------------------------------------------------------------------


def test_annotate_text_first_or_every_uncovered_occurrence(workspace, workspace_dir):
    spans = spans_of(workspace.article(C130_A).body, "aircraft")
    [first] = workspace.annotate_text(C130_A, "Aircraft", "equipment")
    assert (first.start, first.end) == spans[0]
    rest = workspace.annotate_text(C130_A, "aircraft", "equipment", every=True)
    assert [(m.start, m.end) for m in rest] == spans[1:]
    assert workspace.annotate_text(C130_A, "aircraft", "equipment", every=True) == []
    workspace.undo()
    assert [m["start"] for m in saved(workspace_dir, C130_A)] == [spans[0][0]]
    with pytest.raises(NotFound):
        workspace.annotate_text(C130_A, "Zorglub", "equipment")
