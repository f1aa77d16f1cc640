"""The docs page of all faults (docs/faults.md), generated from the knowledge base."""

from __future__ import annotations

from doctor import knowledge


def faults_markdown() -> str:
    entries = {e.id: e for e in knowledge.load()}
    lines = [
        "# Faults doctor knows",
        "",
        "Generated from `knowledge/entries/` by `doctor rules --markdown`; tests fail when this page is stale.",
        "",
        "| ID | Slug | Severity | Title |",
        "|---|---|---|---|",
    ]
    for fid, e in entries.items():
        lines.append(f"| [{fid}](#{fid.lower()}) | `{e.slug}` | {e.severity} | {e.title} |")
    for fid, e in entries.items():
        lines += ["", f"## {fid}", "", f"**{e.title}** (`{e.slug}`, {e.severity})", ""]
        if e.explanation:
            lines += [e.explanation, ""]
        if e.alternatives:
            lines += [f"Can look like: {', '.join(e.alternatives)}.", ""]
        if e.ask:
            lines += [f"To tell apart: {e.ask}", ""]
        rem = e.remediation
        if rem.get("text"):
            lines += [f"Fix: {rem['text']}", ""]
        if rem.get("commands"):
            lines += ["```sh", *rem["commands"], "```", ""]
        if e.actions:
            lines += ["`doctor fix " + fid + "` performs: " + ", ".join(f"`{a['name']}`" for a in e.actions), ""]
        own = sum(1 for w in e.when if w.remediation is not None or w.actions is not None)
        if own:  # (s22) forms of another bootloader, tool or OS with their own fix (`doctor explain` lists them)
            lines += [f"{own} of its forms (another tool's or system's) carry their own fix: `doctor explain {fid}`.", ""]
        if e.links:
            lines += ["See: " + ", ".join(f"<{link}>" for link in e.links), ""]
    return "\n".join(lines).rstrip() + "\n"
