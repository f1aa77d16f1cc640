"""A finding: one fault id judged present, with its evidence, explanation and fix."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


@dataclass
class Finding:
    id: str
    slug: str
    severity: str  # error | warning | info
    confidence: float  # 0..1
    title: str
    message: str
    evidence: list[tuple[str, str]] = field(default_factory=list)  # (fact path, observed value or quoted line)
    explanation: str = ""
    remediation: dict[str, Any] = field(default_factory=dict)  # {"text": ..., "commands": [...]}
    actions: list[dict[str, Any]] = field(default_factory=list)  # [{"name": "katapult.flash", "params": {...}}]
    links: list[str] = field(default_factory=list)
    ask: str | None = None  # the one question or test that separates this from its alternatives
    answered: str | None = None  # the answer to `ask` that this host's own facts gave (then ask is None)
    alternatives: list[str] = field(default_factory=list)
    secondary_to: str | None = None  # the finding this one is a consequence of
    rank: int = 50

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["evidence"] = [{"path": p, "value": v} for p, v in self.evidence]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Finding":
        data = dict(data)
        data["evidence"] = [(e["path"], e["value"]) for e in data.get("evidence", [])]
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in known})


def sort_key(f: Finding) -> tuple[int, int, float, int, str]:
    """Errors first; consequences after their cause; then the surer finding; then the deeper root cause."""
    return (SEVERITY_ORDER.get(f.severity, 3), 1 if f.secondary_to else 0, -round(f.confidence, 2), f.rank, f.id)
