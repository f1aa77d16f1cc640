"""Every knowledge entry: it loads and validates, and its examples behave (pylint's good/bad model)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from doctor import engine, knowledge

ENTRIES = knowledge.load()
EXAMPLES = [
    pytest.param(e, ex, id=f"{e.id}-{ex['kind']}-{i}")
    for e in ENTRIES
    for i, ex in enumerate(e.examples)
]


def test_every_catalogue_id_has_one_entry() -> None:
    ids = {e.id for e in ENTRIES}
    missing = sorted(set(knowledge.catalogue()) - ids)
    assert not missing, f"no knowledge entry for {missing}"


def test_catalogue_is_in_sync_with_shared() -> None:
    shared = Path(__file__).parents[2] / "shared" / "faults.toml"
    if not shared.exists():
        pytest.skip("no ../shared beside this checkout")
    assert tomllib.loads(shared.read_text()) == knowledge.catalogue()


def test_every_entry_has_good_and_bad_examples() -> None:
    lacking = [e.id for e in ENTRIES if {x["kind"] for x in e.examples} != {"good", "bad"}]
    assert not lacking, f"entries without both a good and a bad example: {lacking}"


@pytest.mark.parametrize("entry,example", EXAMPLES)
def test_example(entry: knowledge.Entry, example: dict) -> None:
    found = {f.id for f in engine.evaluate(example["facts"], [entry])}
    if example["kind"] == "bad":
        assert entry.id in found, f"{example['name']!r} should trigger {entry.id}"
    else:
        assert entry.id not in found, f"{example['name']!r} should not trigger {entry.id}"


def test_unknown_field_is_rejected() -> None:
    with pytest.raises(knowledge.KnowledgeError, match="unknown fact field"):
        knowledge.validate_expression("usb.devicez[?vid == '0483']", "test")


def test_unknown_event_kind_is_rejected() -> None:
    with pytest.raises(knowledge.KnowledgeError, match="unknown event kind"):
        knowledge.validate_expression("dfu.runs[].events[?kind == 'no_such_kind']", "test")


def test_unknown_function_is_rejected() -> None:
    with pytest.raises(knowledge.KnowledgeError, match="unknown function"):
        knowledge.validate_expression("eval(usb)", "test")


def test_unknown_action_is_rejected() -> None:
    """The loader checks an action name's shape; whether a driver declares it is tests/test_backends.py's check
    (knowledge/ does not import drivers/)."""
    from doctor.drivers.registry import undeclared_actions

    data = {
        "id": "USB004", "slug": "usb-access-denied", "when": [{"expr": "usb.devices"}],
        "actions": [{"name": "rm.everything"}],
    }
    assert undeclared_actions([knowledge.parse_entry(data, "test.toml")]) == ["test.toml: rm.everything"]
    data["actions"] = [{"name": "rm -rf /"}]
    with pytest.raises(knowledge.KnowledgeError, match="is not '<driver>.<operation>'"):
        knowledge.parse_entry(data, "test.toml")


def test_docs_page_is_current() -> None:
    from doctor.docs import faults_markdown

    page = Path(__file__).parents[1] / "docs" / "faults.md"
    assert page.exists() and page.read_text() == faults_markdown(), "docs/faults.md is stale: run `doctor rules --markdown > docs/faults.md`"


def test_every_condition_runs_on_every_example(monkeypatch: pytest.MonkeyPatch) -> None:
    """A condition must not fail at run time on any snapshot shape the knowledge base knows (e.g. length(null)):
    every condition runs, also those the gate (doctor/gate.py) would skip on these facts."""
    from doctor import engine as eng

    monkeypatch.setattr(eng, "GATE", False)
    eng.CONDITION_ERRORS.clear()
    for entry in ENTRIES:
        for ex in entry.examples:
            eng.evaluate(ex["facts"])
    assert not eng.CONDITION_ERRORS, eng.CONDITION_ERRORS[:5]


def test_a_broken_condition_does_not_stop_the_diagnosis() -> None:
    from doctor import engine as eng

    broken = knowledge.parse_entry(
        {"id": "USB001", "slug": "no-usb-data-connection", "when": [{"expr": "length(usb.status)"}]}, "broken.toml"
    )
    good = knowledge.get("USB004")
    assert good is not None
    facts = {"usb": {"status": None, "devices": [{"vid": "0483", "pid": "df11", "raw_access": True, "can_open": False}]}}
    eng.CONDITION_ERRORS.clear()
    assert [f.id for f in eng.evaluate(facts, [broken, good])] == ["USB004"]
    assert eng.CONDITION_ERRORS and eng.CONDITION_ERRORS[0][0] == "USB001"


def test_a_matched_run_is_quoted_by_its_lines() -> None:
    """When a condition matches a whole run, the evidence is the tool's own last lines, not a JSON summary."""
    from doctor import engine as eng

    entry = knowledge.parse_entry(
        {"id": "BOOT001", "slug": "not-in-bootloader", "when": [{"expr": "katapult.runs[?failed_command == 'CONNECT']"}]}, "t.toml"
    )
    lines = [f"INFO:root:Response for command CONNECT timed out, {n} tries remaining" for n in (4, 3, 2, 1)]
    run = {"tool": "flashtool", "source": "post.txt", "failed_command": "CONNECT",
           "events": [{"kind": "katapult_timeout", "line": text, "lineno": i} for i, text in enumerate(lines, start=10)]}
    (finding,) = eng.evaluate({"katapult": {"runs": [run]}}, [entry])
    assert finding.evidence == [(f"post.txt:{i}", text) for i, text in list(enumerate(lines, start=10))[-3:]]
