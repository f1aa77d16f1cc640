"""Packaging: every package folder is listed, the installed names are doctor.*, nothing generic at the top."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).parents[1]
MAPPING = {"doctor": "doctor", "checks": "doctor.checks", "knowledge": "doctor.knowledge", "drivers": "doctor.drivers"}


def test_every_package_folder_is_listed() -> None:
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())
    listed = set(meta["tool"]["setuptools"]["packages"])
    found = set()
    for top, name in MAPPING.items():
        for init in (ROOT / top).rglob("__init__.py"):
            rel = init.parent.relative_to(ROOT / top)
            found.add(".".join([name, *rel.parts]) if rel.parts else name)
    assert found == listed, f"pyproject packages differ: missing {sorted(found - listed)}, extra {sorted(listed - found)}"


def test_installed_names() -> None:
    import doctor.checks
    import doctor.drivers
    import doctor.knowledge

    assert Path(doctor.checks.__file__).parent.name == "checks"
    assert Path(doctor.knowledge.__file__).parent.name == "knowledge"
    assert Path(doctor.drivers.__file__).parent.name == "drivers"


def test_data_files_are_packaged() -> None:
    import importlib.resources

    files = importlib.resources.files("doctor.knowledge")
    assert files.joinpath("catalogue.toml").is_file()
    assert any(p.name.endswith(".toml") for p in files.joinpath("entries").iterdir())


def test_mypy_clean(tmp_path: Path) -> None:
    """Types everywhere (design.md): the package type-checks."""
    import shutil
    import subprocess
    import sys

    # an assert, not a skip (issue 12): mypy is a test extra that tests/run.sh installs; without it this check would pass unseen
    assert shutil.which("mypy") is not None or subprocess.run([sys.executable, "-m", "mypy", "--version"], capture_output=True).returncode == 0, \
        "mypy is not installed (pip install -e '.[test]')"
    dirs = [str(ROOT / d) for d in ("doctor", "checks", "drivers", "knowledge")]
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--ignore-missing-imports", "--cache-dir", str(tmp_path / "cache"), *dirs],
        capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stdout[-3000:]
