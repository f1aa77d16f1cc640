"""The fault catalogue is read from one source (issue 12): knowledge/catalogue.toml, the project's shared/faults.toml
copied byte for byte, read only through doctor.knowledge.catalogue(); the README's recipe for a new fault names it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_one_reader() -> None:
    readers = sorted(
        str(p.relative_to(ROOT))
        for d in ("doctor", "checks", "drivers", "knowledge")
        for p in (ROOT / d).rglob("*.py")
        if "catalogue.toml" in p.read_text(encoding="utf-8")
    )
    assert readers == ["knowledge/__init__.py"], f"read the catalogue through doctor.knowledge.catalogue(), not the file: {readers}"


def test_pre_flight_findings_take_the_catalogue_titles() -> None:
    from doctor import firmware, knowledge

    for fid in ("FW001", "FW002"):
        f = firmware.finding(fid, "m", [], "fix")
        assert (f.slug, f.title) == (knowledge.catalogue()[fid]["slug"], knowledge.catalogue()[fid]["title"])


def test_the_copy_is_the_shared_file() -> None:
    shared = ROOT.parent / "shared" / "faults.toml"
    if not shared.exists():  # a clone on its own: the copy is the source
        pytest.skip("no ../shared beside this checkout")
    assert (ROOT / "knowledge" / "catalogue.toml").read_bytes() == shared.read_bytes(), "copy shared/faults.toml to knowledge/catalogue.toml"


def test_the_recipe_names_the_catalogue() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    recipe = re.search(r"Adding a fault:.*?(?:\n\n)", readme, re.S)
    assert recipe and "knowledge/catalogue.toml" in recipe.group(0), "the README's recipe for a new fault omits the catalogue"
