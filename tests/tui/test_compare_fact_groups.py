"""The compare view and `sahel-tui compare` group one-sided facts in one order, under one set of names."""

from __future__ import annotations

from conftest import IDS

from sahel_tui.core.compare import FACT_KIND_NAMES
from sahel_tui.tui.widgets.compare_view import prepare

LEFT, RIGHT = IDS["c130_a"], IDS["c130_c"]


def _cli_groups(out: str, heading: str) -> list[str]:
    section = out.split(heading, 1)[1]
    groups = []
    for line in section.splitlines()[1:]:
        if line.startswith("  ") and not line.startswith("    "):
            break  # the next side
        if line.startswith("    ") and not line.startswith("     ") and ":" in line:
            groups.append(line.strip().split(":", 1)[0])
    return groups


def test_cli_and_compare_view_show_fact_groups_alike(workspace, run) -> None:
    prepared = prepare(workspace, LEFT, RIGHT)
    label_id_of = {label.name: label.id.lower() for label in workspace.labels}
    code, out, _ = run("compare", LEFT, RIGHT)
    assert code == 0
    for info, heading in ((prepared.left, f"only left {LEFT}:"), (prepared.right, f"only right {RIGHT}:")):
        view = [label_id_of.get(group, group) for group, _ in info.adds]
        cli = _cli_groups(out, heading)
        assert view == cli
        plain = [group for group in cli if group in FACT_KIND_NAMES.values()]
        assert plain and cli[-len(plain) :] == plain  # entity types first, then dates ... names
        order = list(FACT_KIND_NAMES.values())
        assert plain == sorted(plain, key=order.index)
