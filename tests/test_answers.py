"""A finding's deciding question is answered from the scan's own facts when they hold the answer (issue 11)."""

from __future__ import annotations

import pytest

from doctor import engine, knowledge


def test_the_holder_check_answers_which_process_holds_the_port() -> None:
    facts = {"serial": {"ports": [{"device": "/dev/ttyACM0", "kind": "usb-acm", "holders": [{"pid": 812, "comm": "python3"}]}]},
             "klipper": {"printer_cfg": {"mcus": [{"name": "mcu", "serial": "/dev/ttyACM0"}]}}}
    found = [f for f in engine.evaluate(facts) if f.id == "SER003"]
    assert found, [f.id for f in engine.evaluate(facts)]
    assert found[0].ask is None and found[0].answered == "/dev/ttyACM0 is held by python3 (pid 812) on this host right now."


def test_without_the_fact_the_question_stays() -> None:
    e = knowledge.get("SER003")
    assert e is not None and e.answers
    facts = {"avrdude": {"runs": [{"tool": "avrdude", "events": [{"kind": "serial_busy", "line": "avrdude: ser_open(): can't open device \"/dev/ttyACM0\": Device or resource busy", "port": "/dev/ttyACM0"}]}]}}
    for f in engine.evaluate(facts):
        if f.id == "SER003":
            assert f.answered is None


def test_an_answer_needs_a_question() -> None:
    with pytest.raises(knowledge.KnowledgeError, match="does not ask"):
        knowledge.parse_entry({"id": "SER003", "slug": knowledge.get("SER003").slug, "when": [{"expr": "serial"}],  # type: ignore[union-attr]
                               "answers": [{"expr": "serial", "says": "x"}]}, "t.toml")
