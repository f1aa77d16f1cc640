"""Session 25, the lead's changes: a plea for help closing an account does not make it a question (claims._STATED's
_HELP_TAIL); a cause named by resemblance gives its fix in words, never commands (tests/test_resemblance.py)."""

from __future__ import annotations

import pytest

from textkit import first, kinds


@pytest.mark.parametrize("tail", ["any ideas?", "any idea?", "any help?", "any suggestions?", "what do I do?", "please help?",
                                  "anyone?"])
def test_an_account_closed_by_a_plea_for_help_is_stated(tail: str) -> None:
    # (this row also keeps out "can"/"should" anywhere in the sentence, as general knowledge: those pleas are tested below)
    # creator-pro-5 (Klipper on a FlashForge Creator Pro): the account and its plea in one sentence
    text = f"every time i home the printer disconnects for half a second, then reconnects, {tail}\n"
    assert "said_usb_drops_under_load" in kinds(text, "claims")
    assert first(text) == "USB003"


@pytest.mark.parametrize("tail", ["any ideas?", "what can I do?", "what should I do?", "can anyone help?", "can someone help?",
                                  "anybody?"])
def test_the_older_claims_rows_read_it_too(tail: str) -> None:
    # claims.py's said_not_seen_on_plug, built on _STATED
    text = f"My computer doesn't detect the board at all when I plug it in, {tail}\n"
    assert "said_not_seen_on_plug" in kinds(text, "claims")


def test_without_the_plea_the_question_mark_still_blocks() -> None:
    assert "said_not_seen_on_plug" not in kinds("My computer doesn't detect the board at all when I plug it in, right?\n", "claims")
    assert "said_not_seen_on_plug" not in kinds("My computer doesn't detect the board at all when I plug it in, would that help?\n", "claims")


@pytest.mark.parametrize("text", [
    # a question stays a question: its opening asks, or its '?' closes the claim itself
    "Does the printer disconnect every time I home because of the PSU, any ideas?",
    "I could try another cable: does the printer disconnect every time i home, would that help?",
    "every time i home the printer disconnects for half a second, is that the PSU?",
])
def test_a_question_stays_a_question(text: str) -> None:
    assert "said_usb_drops_under_load" not in kinds(text + "\n", "claims")
