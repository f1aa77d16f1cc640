"""Every link of a knowledge entry to a page whose headings doctor knows (tests/data/known_anchors.json:
Klipper's documentation, Katapult's README, derived from their sources) names a page that exists and an
anchor that page has (issue 15: dead anchors send people to the top of a long page)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from doctor import knowledge

KNOWN = json.loads((Path(__file__).parent / "data" / "known_anchors.json").read_text())["pages"]


def _links() -> list[tuple[str, str]]:
    out = []
    for e in knowledge.load():
        texts = list(e.links or []) + [str(e.explanation or ""), str((e.remediation or {}).get("text") or "")]
        for text in texts:
            for url in re.findall(r"https?://[^\s\"'<>)\]]+", text):
                out.append((e.id, url.rstrip(".,;:")))
    return out


def _page(url: str) -> str | None:
    base = url.split("#", 1)[0].rstrip("/")
    if base in KNOWN:
        return base
    if base.startswith("https://www.klipper3d.org/") or base.startswith("https://klipper3d.org/"):
        return base.replace("https://klipper3d.org/", "https://www.klipper3d.org/")
    return None


@pytest.mark.parametrize("fid,url", [(f, u) for f, u in _links() if _page(u) is not None])
def test_link_resolves(fid: str, url: str) -> None:
    page = _page(url)
    assert page in KNOWN, f"{fid}: {url}: no such page"
    if "#" in url:
        anchor = url.split("#", 1)[1]
        assert anchor in KNOWN[page], f"{fid}: {url}: the page has no heading #{anchor} (it has: {', '.join(KNOWN[page][:30])})"


def test_the_table_knows_the_pages_linked_most() -> None:
    assert "wheres-my-serial-port" in KNOWN["https://www.klipper3d.org/FAQ.html"]
    assert "usb-to-can-bus-bridge-mode" in KNOWN["https://www.klipper3d.org/CANBUS.html"]
