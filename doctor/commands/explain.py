"""`doctor explain ID`: print one knowledge entry."""

from __future__ import annotations

import argparse
from typing import Any
import re

from doctor.output import escape

from doctor import knowledge
from doctor.cli import Command, Context
from doctor.errors import UsageError
from doctor.render import prose


_SLOT = re.compile(r"(?<![{$])\{([a-z_][a-z0-9_]*)\}(?!\})")
_SLOT_NAMES = {
    "next": "the one step doctor names for the tool that failed",
    "near": "the board's by-id name as listed now",
    "configured": "the configured path",
}


def slots(text: str) -> str:
    """A message or command template without facts (explain shows the entry, not a finding): each {field}
    becomes a visible slot to fill, <like this>, never a raw brace."""
    return _SLOT.sub(lambda m: "<" + _SLOT_NAMES.get(m.group(1), m.group(1).replace("_", " ")) + ">", text)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", metavar="ID", help="a fault id such as USB004 (or its slug)")


def entry_json(e: knowledge.Entry) -> dict:
    return {
        "id": e.id,
        "slug": e.slug,
        "severity": e.severity,
        "title": e.title,
        "explanation": e.explanation,
        "remediation": e.remediation,
        "actions": e.actions,
        "links": e.links,
        "alternatives": e.alternatives,
        "ask": e.ask,
        "conditions": [
            {"expr": w.expr, "confidence": w.confidence,
             **({"remediation": w.remediation} if w.remediation is not None else {}),
             **({"actions": w.actions} if w.actions is not None else {})}
            for w in e.when
        ],
    }


def run(args: argparse.Namespace, ctx: Context) -> int:
    key = args.id.strip()
    entry = knowledge.get(key) or next((e for e in knowledge.load() if e.slug == key.lower()), None)
    if entry is None:
        known = ", ".join(e.id for e in knowledge.load())
        raise UsageError(f"no knowledge entry {args.id!r}", f"known ids: {known}")
    if ctx.json:
        from doctor import envelope

        envelope.result(ctx, entry_json(entry))
        return 0
    c = ctx.console
    c.print(f"[bold]{escape(entry.id)}[/] {escape(entry.slug)} ({escape(entry.severity)})", markup=True)
    c.print(f"[bold]{escape(entry.title)}[/]\n", markup=True)
    quiet = ctx.verbosity < 0  # -q: what it is and the fix, no background
    if entry.explanation and not quiet:
        c.print(slots(str(prose(entry.explanation))) + "\n")
    if entry.alternatives:
        c.print(f"Can look like: {', '.join(entry.alternatives)}")
    if entry.ask:
        c.print(f"To tell apart: {slots(str(entry.ask))}\n")
    rem = entry.remediation
    if rem.get("text"):
        c.print("[bold green]Fix:[/] " + escape(slots(prose(rem["text"]))), markup=True)
    for cmd in rem.get("commands") or []:
        c.print(slots(str(cmd)), style="green", highlight=False, soft_wrap=True)  # flush left, whole: a triple-click copies it
    if entry.actions:
        c.print("\nWhat `doctor fix " + entry.id + "` does: " + ", ".join(a["name"] for a in entry.actions))
    own = [w for w in entry.when if w.remediation is not None or w.actions is not None]
    if own:  # (s22) forms of another bootloader, tool or OS carry their own fix and actions: each fix once, with its forms
        import json

        c.print("\n[bold]When it shows as another tool's or system's form, the fix is that form's own:[/]", markup=True)
        groups: dict[str, list[Any]] = {}
        for w in own:
            groups.setdefault(json.dumps([w.remediation, w.actions], sort_keys=True), []).append(w)
        for forms in groups.values():
            for w in forms:
                said = slots(str(w.message or w.expr))
                c.print("  - " + escape(said if len(said) <= 110 else said[:109] + "…"), style="dim", highlight=False)
            w = forms[0]
            rem = w.remediation if w.remediation is not None else entry.remediation
            if rem.get("text"):
                c.print("    [green]Fix:[/] " + escape(slots(prose(rem["text"]))), markup=True)
            for cmd in rem.get("commands") or []:
                c.print(slots(str(cmd)), style="green", highlight=False, soft_wrap=True)
            acts = entry.actions if w.actions is None else w.actions
            c.print("    `doctor fix " + entry.id + "`: " + (", ".join(a["name"] for a in acts) if acts else "no automatic action"), highlight=False)
    if quiet:
        return 0
    if entry.links:
        c.print("\nSee also:")
        for link in entry.links:
            c.print(f"  {link}", highlight=False)
    c.print("\n[dim]Detected when:[/]", markup=True)
    for w in entry.when:
        c.print(f"  [dim]{escape(w.expr)}  (confidence {w.confidence:.0%})[/]", highlight=False, markup=True)
    return 0


COMMAND = Command("explain", "explain a fault id: cause, evidence, fix", add_arguments, run)
