"""Hand-edited, broken and malicious YAML: reported as file:line, never executed, the rest loads."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from sahel_tui.core.annotations import AnnotationStore
from sahel_tui.core.catalog import Catalog
from sahel_tui.core.errors import InvalidInput, SahelError
from sahel_tui.core.labels import LabelSet
from sahel_tui.core.metadata import load_overrides
from sahel_tui.core.models import Article

BODY = "Fighters attacked a convoy near Gao on Monday. The convoy had left Bamako two days earlier."
SHA = hashlib.sha256(BODY.encode("utf-8")).hexdigest()
ARTICLE_ID = "001_hostile"
GAO = BODY.index("Gao")
BAMAKO = BODY.index("Bamako")

BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def article(article_id: str = ARTICLE_ID, body: str = BODY) -> Article:
    return Article(
        id=article_id,
        path=Path(f"{article_id}.txt"),
        title="t",
        date=None,
        source=None,
        url=None,
        body=body,
        paragraphs=((0, len(body)),),
        body_sha256=hashlib.sha256(body.encode("utf-8")).hexdigest(),
    )


def mention_yaml(mention_id: str, start: int | str, end: int, exact: str, **fields: str) -> str:
    lines = [
        f"- id: {mention_id}",
        f"  label: {fields.get('label', 'LOCATION')}",
        f"  entity: {fields.get('entity', 'null')}",
        f"  start: {start}",
        f"  end: {end}",
        f"  quote: {fields.get('quote', '{exact: ' + exact + '}')}",
        f"  body_sha256: {SHA}",
        "  state: ok",
        "  author: analyst1",
        "  created: '2026-11-24T08:15:02Z'",
    ]
    return "\n".join(lines) + "\n"


def write_annotations(workspace: Path, text: str, article_id: str = ARTICLE_ID) -> Path:
    path = workspace / "annotations" / f"{article_id}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def located(problems: list) -> list[tuple[int | None, str]]:
    return [(p.line, p.message) for p in problems]


@pytest.fixture
def catalog(tmp_path: Path) -> Catalog:
    (tmp_path / "entities.yaml").write_text(
        "version: 1\nentities:\n- id: gao\n  name: Gao\n  type: LOCATION\n", encoding="utf-8"
    )
    return Catalog.load(tmp_path)[0]


# Every mention is 10 lines: mention k starts at line 3 + 10 k (id, label, entity, start, end, ...).
BAD_MENTIONS = [
    mention_yaml("m-00000000000a", GAO, GAO + 3, "Gao", entity="gao"),  # valid
    mention_yaml("m-00000000000b", "'12'", 5, "x"),  # start is text: line 16
    mention_yaml("m-00000000000c", -4, 5, "x"),  # negative start: line 26
    mention_yaml("m-00000000000d", 20, 10, "x"),  # end before start: line 37
    mention_yaml("m-00000000000e", GAO, GAO + 3, "Gao", label="WIZARD"),  # unknown label: line 44
    mention_yaml("m-00000000000f", BAMAKO, BAMAKO + 6, "Bamako", entity="atlantis"),  # warning: line 55
    mention_yaml("../../etc/passwd", 0, 5, "x"),  # path-like mention id: line 63
    mention_yaml("m-000000000010", 0, 5, "x", entity="'../x'"),  # path-like entity id: line 75
]


def test_each_bad_mention_is_reported_at_its_line_and_the_rest_loads(tmp_path: Path, catalog: Catalog) -> None:
    write_annotations(tmp_path, f"article: {ARTICLE_ID}\nmentions:\n" + "".join(BAD_MENTIONS))
    store = AnnotationStore(tmp_path, catalog=catalog)
    mentions, problems = store.load(ARTICLE_ID)
    problems.sort(key=lambda p: p.line or 0)
    assert [m.id for m in mentions] == ["m-00000000000a", "m-00000000000f"]
    path = str(store.path_for(ARTICLE_ID))
    assert all(p.path == path for p in problems)
    found = [(p.line, p.severity) for p in problems]
    assert found == [
        (16, "error"),
        (26, "error"),
        (37, "error"),
        (44, "error"),
        (55, "warning"),
        (63, "error"),
        (75, "error"),
    ]
    messages = [p.message for p in problems]
    assert "start must be a whole number" in messages[0]
    assert "must not be negative" in messages[1]
    assert "end (10) must be after start (20)" in messages[2]
    assert "unknown label 'WIZARD'" in messages[3]
    assert "'atlantis' is not in the catalog" in messages[4]
    assert "bad mention id '../../etc/passwd'" in messages[5]
    assert "bad entity id '../x'" in messages[6]
    assert str(problems[0]) == f"{path}:16: {messages[0]}"


def test_python_tags_are_refused_and_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = (
        f"article: {ARTICLE_ID}\nmentions:\n"
        f"- id: !!python/object/apply:os.system ['touch {marker}']\n  label: LOCATION\n"
    )
    write_annotations(tmp_path, text)
    mentions, problems = AnnotationStore(tmp_path).load(ARTICLE_ID)
    assert mentions == [] and len(problems) == 1
    assert problems[0].line == 3
    assert "tag !!python/object/apply:os.system is not allowed" in problems[0].message
    assert not marker.exists()


@pytest.mark.parametrize("tag", ["!!python/name:os.system", "!!python/module:os", "!ruby/object:Foo"])
def test_any_language_tag_is_refused(tmp_path: Path, tag: str) -> None:
    write_annotations(tmp_path, f"article: {ARTICLE_ID}\nmentions:\n- {tag} x\n")
    _, problems = AnnotationStore(tmp_path).load(ARTICLE_ID)
    assert [p.line for p in problems] == [3] and "is not allowed" in problems[0].message


def test_billion_laughs_is_refused_quickly_and_clearly(tmp_path: Path) -> None:
    write_annotations(tmp_path, BILLION_LAUGHS)
    mentions, problems = AnnotationStore(tmp_path).load(ARTICLE_ID)
    assert mentions == [] and len(problems) == 1
    assert "alias bomb" in problems[0].message and problems[0].line is not None


def test_self_referencing_alias_is_refused(tmp_path: Path) -> None:
    write_annotations(tmp_path, f"article: {ARTICLE_ID}\nmentions: &loop\n- *loop\n")
    _, problems = AnnotationStore(tmp_path).load(ARTICLE_ID)
    assert len(problems) == 1 and "recursive alias" in problems[0].message


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    write_annotations(tmp_path, "mentions: " + "[" * 5000 + "]" * 5000 + "\n")
    mentions, problems = AnnotationStore(tmp_path).load(ARTICLE_ID)
    # Refused as one located error, whichever YAML parser (libyaml or PyYAML's own) spots it.
    assert mentions == [] and len(problems) == 1
    assert problems[0].severity == "error" and problems[0].line == 1


def test_duplicate_key_in_a_mention_names_its_line(tmp_path: Path) -> None:
    text = f"article: {ARTICLE_ID}\nmentions:\n" + mention_yaml("m-00000000000a", GAO, GAO + 3, "Gao")
    text += "  start: 0\n"  # line 13: a second "start" in the same mention
    write_annotations(tmp_path, text)
    _, problems = AnnotationStore(tmp_path).load(ARTICLE_ID)
    assert located(problems) == [(13, "invalid YAML: duplicate key 'start' (first at line 6)")]


def test_broken_file_does_not_stop_other_articles_from_loading(tmp_path: Path) -> None:
    write_annotations(tmp_path, "article: 001_broken\nmentions: [\n", article_id="001_broken")
    write_annotations(tmp_path, f"article: {ARTICLE_ID}\nmentions:\n" + BAD_MENTIONS[0])
    found, problems = AnnotationStore(tmp_path).load_all()
    assert found["001_broken"] == [] and len(found[ARTICLE_ID]) == 1
    assert len(problems) == 1 and problems[0].path.endswith("001_broken.yaml") and problems[0].line == 3


def test_quote_that_no_longer_matches_is_reanchored_not_rejected(tmp_path: Path) -> None:
    quote = "{exact: Gao, prefix: 'attacked a convoy near ', suffix: ' on Monday.'}"
    wrong_offsets = mention_yaml("m-00000000000a", 0, 3, "Gao", quote=quote)  # hand-edited offsets
    vanished = mention_yaml("m-00000000000b", 5, 12, "Timbuktu")  # text not in the article
    write_annotations(tmp_path, f"article: {ARTICLE_ID}\nmentions:\n{wrong_offsets}{vanished}")
    mentions, problems = AnnotationStore(tmp_path).load(ARTICLE_ID, article=article())
    by_id = {m.id: m for m in mentions}
    assert by_id["m-00000000000a"].state == "moved" and (by_id["m-00000000000a"].start == GAO)
    assert by_id["m-00000000000b"].state == "orphaned"
    assert [(p.line, p.severity) for p in problems] == [(13, "warning")]


def test_article_key_naming_another_article_is_reported_and_blocks_saving(tmp_path: Path) -> None:
    path = write_annotations(tmp_path, "article: 002_other\nmentions:\n" + BAD_MENTIONS[0])
    store = AnnotationStore(tmp_path)
    mentions, problems = store.load(ARTICLE_ID)
    assert len(mentions) == 1
    assert located(problems)[0][0] == 1 and "does not match the file name" in problems[0].message
    before = path.read_text(encoding="utf-8")
    with pytest.raises(SahelError, match="must be fixed first"):
        store.add(article(), BAMAKO, BAMAKO + 6, "LOCATION")
    assert path.read_text(encoding="utf-8") == before


def test_mentions_that_are_not_a_list_block_saving(tmp_path: Path) -> None:
    path = write_annotations(tmp_path, f"article: {ARTICLE_ID}\nmentions: 42\n")
    _, problems = AnnotationStore(tmp_path).load(ARTICLE_ID)
    assert located(problems) == [(2, "'mentions' must be a list")]
    with pytest.raises(SahelError, match="must be fixed first"):
        AnnotationStore(tmp_path).add(article(), GAO, GAO + 3, "LOCATION")
    assert path.read_text(encoding="utf-8").endswith("mentions: 42\n")


def test_annotation_file_of_a_missing_article_is_reported_by_check(tmp_path: Path) -> None:
    write_annotations(tmp_path, "article: 099_gone\nmentions: []\n", article_id="099_gone")
    write_annotations(tmp_path, "mentions: []\n", article_id=".hidden")
    problems = AnnotationStore(tmp_path).check([ARTICLE_ID])
    assert [(Path(p.path).name, p.line) for p in problems] == [(".hidden.yaml", None), ("099_gone.yaml", None)]


@pytest.mark.parametrize("bad_id", ["../entities", "../../etc/passwd", "a/../../b", "x\x00y"])
def test_path_like_article_ids_never_touch_the_file_system(tmp_path: Path, bad_id: str) -> None:
    store = AnnotationStore(tmp_path)
    with pytest.raises(InvalidInput):
        store.load(bad_id)
    with pytest.raises(InvalidInput):
        store.add(article(article_id=bad_id), GAO, GAO + 3, "LOCATION")
    assert list(tmp_path.rglob("*")) == []


def test_hostile_catalog_yields_one_problem_and_an_empty_catalog(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    (tmp_path / "entities.yaml").write_text(
        f"version: 1\nentities:\n- !!python/object/apply:os.system ['touch {marker}']\n", encoding="utf-8"
    )
    catalog, problems = Catalog.load(tmp_path)
    assert len(catalog) == 0 and located(problems)[0][0] == 3 and not marker.exists()
    (tmp_path / "entities.yaml").write_text(BILLION_LAUGHS, encoding="utf-8")
    catalog, problems = Catalog.load(tmp_path)
    assert len(catalog) == 0 and "alias bomb" in problems[0].message


def test_path_like_entity_ids_are_rejected_by_the_catalog(tmp_path: Path) -> None:
    (tmp_path / "entities.yaml").write_text(
        "entities:\n- id: ../../etc\n  name: X\n  type: LOCATION\n- id: ok\n  name: Ok\n  type: LOCATION\n",
        encoding="utf-8",
    )
    catalog, problems = Catalog.load(tmp_path)
    assert [e.id for e in catalog] == ["ok"] and located(problems)[0][0] == 2


def test_hostile_metadata_and_labels_files(tmp_path: Path) -> None:
    (tmp_path / "metadata.yaml").write_text("001_a:\n  title: !!python/object/new:os.getcwd []\n", encoding="utf-8")
    overrides, problems = load_overrides(tmp_path)
    assert overrides == {} and located(problems)[0][0] == 2
    (tmp_path / "labels.yaml").write_text(BILLION_LAUGHS, encoding="utf-8")
    labels, problems = LabelSet.load(tmp_path)
    assert labels.ids == LabelSet.builtin().ids and "alias bomb" in problems[0].message
