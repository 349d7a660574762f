"""One validator for metadata overrides: metadata.yaml and the article loader agree."""

from __future__ import annotations

from pathlib import Path

import pytest

from sahel_tui.core.articles import load_article
from sahel_tui.core.errors import InvalidInput
from sahel_tui.core.metadata import load_overrides, set_override

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
ARTICLE = "001_23b65a7a60091617"  # its text says "date 2024-03-22"


def _yaml_problems(tmp_path: Path, value: str) -> tuple[dict[str, dict[str, str]], list[str]]:
    (tmp_path / "metadata.yaml").write_text(f"{ARTICLE}:\n  source: Example\n  date: {value}\n", encoding="utf-8")
    overrides, problems = load_overrides(tmp_path)
    return overrides, [str(p) for p in problems]


@pytest.mark.parametrize(("value", "day"), [("2024-03", "2024-03-01"), ("2024", "2024-01-01")])
def test_a_month_or_a_year_is_refused_in_metadata_yaml_with_its_line(tmp_path: Path, value: str, day: str) -> None:
    overrides, problems = _yaml_problems(tmp_path, value)
    assert overrides == {ARTICLE: {"source": "Example"}}
    [problem] = problems
    assert problem.startswith(f"{tmp_path / 'metadata.yaml'}:3: ")
    assert value in problem and day in problem


@pytest.mark.parametrize(("value", "day"), [("2024-03", "2024-03-01"), ("2024", "2024-01-01")])
def test_a_month_or_a_year_is_refused_by_the_article_loader_too(value: str, day: str) -> None:
    article = load_article(SEEDS / f"{ARTICLE}.txt", override={"date": value, "source": "Example"})
    assert (article.date, article.source) == ("2024-03-22", "Example")
    assert any(value in p.message and day in p.message for p in article.problems)


@pytest.mark.parametrize("value", ["2024-03-01", "2024-02-30", "22/03/2024", "March 2024", "2024-13", "yesterday"])
def test_both_paths_accept_and_refuse_the_same_dates(tmp_path: Path, value: str) -> None:
    overrides, yaml_problems = _yaml_problems(tmp_path, value)
    article = load_article(SEEDS / f"{ARTICLE}.txt", override={"date": value})
    accepted_by_yaml = "date" in overrides.get(ARTICLE, {})
    accepted_by_loader = article.date == value
    assert accepted_by_yaml == accepted_by_loader == (value == "2024-03-01")
    assert bool(yaml_problems) == bool(article.problems) == (value != "2024-03-01")


def test_set_override_refuses_a_month(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="2024-03-01"):
        set_override(tmp_path, ARTICLE, date="2024-03")
    assert not (tmp_path / "metadata.yaml").exists()
    assert set_override(tmp_path, ARTICLE, date="2024-03-01") == {"date": "2024-03-01"}


def test_other_fields_are_checked_alike_by_both_paths(tmp_path: Path) -> None:
    (tmp_path / "metadata.yaml").write_text(f"{ARTICLE}:\n  url: ftp://example.org/x\n", encoding="utf-8")
    overrides, problems = load_overrides(tmp_path)
    article = load_article(SEEDS / f"{ARTICLE}.txt", override={"url": "ftp://example.org/x"})
    assert overrides == {} and article.url is None
    assert "http" in problems[0].message and any("http" in p.message for p in article.problems)
