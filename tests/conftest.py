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
