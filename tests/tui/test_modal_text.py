"""Text helpers of the dialogs that follow core rules."""

from __future__ import annotations

from sahel_tui.core.sentences import first_sentence
from sahel_tui.tui.screens.modal import first_sentence as description_sentence


def test_first_sentence_of_a_label_description_follows_the_core_rule() -> None:
    description = "Armed forces of a state,\n  e.g. FAMa or the Burkinabè army. Not militias."
    assert description_sentence(description) == first_sentence(" ".join(description.split()))
    assert description_sentence(description) == "Armed forces of a state, e.g. FAMa or the Burkinabè army."
