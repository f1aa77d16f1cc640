"""A finding's message speaks of the facts: every {field} it names is filled from what matched, never left as a
<field> slot (a rule whose expression ends in a boolean, or names a field its match lacks, printed "<vid>:<pid>" or
"<chipid>" to the user). Slots stay for commands and questions, where the person fills them. A `<word>` the pasted
text itself holds (a traceback's `<module>`, a redacted `/Users/<user>/`) is the text's own."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from doctor import engine
from doctor.parsers import analyze_files

CASES = sorted(p.parent for p in (Path(__file__).resolve().parent / "cases").glob("*/case.toml"))
_SLOT = re.compile(r"<[a-z][a-z ]*>")


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_finding_messages_hold_no_unfilled_slot(case: Path) -> None:
    files = [p for p in sorted(case.iterdir()) if p.is_file() and p.name != "case.toml"]
    pasted = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in files)
    for f in engine.evaluate(analyze_files([str(p) for p in files])):
        slots = [s for s in _SLOT.findall(f.message or "") if s not in pasted]
        assert not slots, f"{f.id}: {f.message}"
