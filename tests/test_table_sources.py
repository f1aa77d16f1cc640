"""Every row of the knowledge tables doctor plans writes from cites where it comes from (issue 15 item 6): offsets from
Klipper's and Katapult's Kconfig, flash sizes as Klipper links them, device ids from the tools' own tables. A row
added without its source fails here."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

KNOWLEDGE = Path(__file__).resolve().parents[1] / "knowledge"
TABLES = {
    "memory.toml": ("mcus", "offsets", "uf2_families"),
    "rom_bootloaders.toml": ("families",),
    "avr_bootloaders.toml": ("programmers", "mcus", "bootloaders", "dfu_targets"),
    "sdcard_boards.toml": ("boards",),
}
# a source names a document or a file of a project (with its commit where it is a repository)
_SOURCE = re.compile(r"(Kconfig|\.py|\.cfg|\.json|\.md|\.c\b|\.h\b|datasheet|[Mm]anual|AN\d{4}|RM\d{4}|UM\d{5}|avrdude \d)")


def _rows() -> list[tuple[str, str, int, dict]]:
    out = []
    for name, sections in TABLES.items():
        data = tomllib.loads((KNOWLEDGE / name).read_text())
        for section in sections:
            rows = data.get(section)
            assert isinstance(rows, list) and rows, f"{name} has no [{section}] rows"
            out += [(name, section, i, row) for i, row in enumerate(rows)]
    return out


@pytest.mark.parametrize(("table", "section", "index", "row"), _rows(), ids=lambda v: v if isinstance(v, (str, int)) else "")
def test_every_table_row_cites_its_source(table: str, section: str, index: int, row: dict) -> None:
    source = row.get("source")
    assert isinstance(source, str) and _SOURCE.search(source), f"{table} [{section}] row {index} ({ {k: row[k] for k in list(row)[:2]} }) cites no source"


def test_repository_sources_name_their_commit() -> None:
    for table, section, index, row in _rows():
        for repo in ("Klipper ", "Katapult "):
            if str(row.get("source", "")).startswith(repo) and ("Kconfig" in row["source"] or "board_defs" in row["source"]):
                assert re.search(r"@[0-9a-f]{7}", row["source"]), f"{table} [{section}] row {index}: which commit of {repo.strip()}?"


def test_memory_flash_sizes_are_klippers_link_sizes() -> None:
    """Klipper links every F405/F407/F429 for 512 KiB (src/stm32/Kconfig FLASH_SIZE @84104bb): the table no longer says
    1 or 2 MiB for them, and says how to give a larger chip's size."""
    mcus = {r["prefix"]: r for r in tomllib.loads((KNOWLEDGE / "memory.toml").read_text())["mcus"]}
    for prefix in ("stm32f405xx", "stm32f407xx", "stm32f429xx"):
        assert mcus[prefix]["flash_size"] == 0x80000 and "--flash-size" in mcus[prefix]["assumed"], prefix
    assert mcus["stm32h723xx"]["flash_size"] == 0x40000 and mcus["stm32g0b1xx"]["flash_size"] == 0x20000
