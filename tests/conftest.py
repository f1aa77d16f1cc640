"""Shared test helpers. Tests import the installed package names (doctor, doctor.checks, ...)."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest
from rich.console import Console

TESTS = Path(__file__).parent
CASES = TESTS / "cases"


def have(tool: str) -> bool:
    return shutil.which(tool) is not None


@pytest.fixture
def console() -> tuple[Console, io.StringIO]:
    buf = io.StringIO()
    return Console(file=buf, width=100, no_color=True, highlight=False), buf


@pytest.fixture(autouse=True)
def _no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")
    os.environ.pop("DOCTOR_PASSIVE", None)


def reader_lines(data: bytes) -> list[str]:
    """The lines `doctor analyze` hands the splitter for these bytes (doctor.parsers._reader.TextReader)."""
    import io

    from doctor.parsers import MAX_LINE
    from doctor.parsers._reader import TextReader

    return [line for batch in TextReader(io.BytesIO(data), max_line=MAX_LINE).batches(2048) for line in batch]


# --- one analysis of an input per worker (s23: the suite's time) ----------------------------------------------
# tests/test_cases.py::test_case analyzes every case's texts as stored, named 1.txt, 2.txt ...; so does the LF half of
# tests/test_hostile_inputs.py::test_line_endings_never_change_the_diagnosis and a case-borne [[texts]] of
# tests/test_knowledge_texts.py, which need only the first finding. Each records it here, keyed on the names and bytes
# analyzed, and the others take it when the same worker already has it (the same input, the same code, the same
# answer): every comparison is unchanged, one analysis less.
FIRST_FINDINGS: dict[bytes, str | None] = {}


def input_key(texts: list[tuple[str, bytes]]) -> bytes:
    """A digest of the (file name, bytes) pairs one `doctor analyze` call is given, in order."""
    import hashlib

    h = hashlib.sha256()
    for name, data in texts:
        h.update(name.encode() + b"\0" + len(data).to_bytes(8, "big") + data)
    return h.digest()


# --- skips that would hide a failure (issue 12) ----------------------------------------------------------------
# tests/run.sh (what .ci/run runs) installs every tool the suite uses and sets DOCTOR_TEST_STRICT=1: there a test
# skipped because a tool "is not installed" / "missing" fails instead (a broken install must not pass as skips).
# Skips for what the machine cannot do (no private namespace, an old udevadm, no ../shared) stay skips.
_MISSING_TOOL = __import__("re").compile(r"not installed|\bmissing\b|^needs ")


def strict_skip(reason: str) -> bool:
    """Whether a skip with this reason is a failure under DOCTOR_TEST_STRICT=1."""
    return bool(_MISSING_TOOL.search(reason))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    outcome = yield
    report = outcome.get_result()
    if report.skipped and os.environ.get("DOCTOR_TEST_STRICT") == "1" and not hasattr(report, "wasxfail"):
        reason = str(report.longrepr[2]) if isinstance(report.longrepr, tuple) else str(report.longrepr)
        reason = reason.removeprefix("Skipped: ")
        if strict_skip(reason):
            report.outcome = "failed"
            report.longrepr = f"skipped for a missing tool under DOCTOR_TEST_STRICT=1 (tests/run.sh installs it): {reason}"
