"""The one way text reaches the terminal: inert.

Everything doctor prints may carry text from outside (pastes, snapshots, tool output, file names, device
strings). The console made here (a) never reads strings as rich markup unless a caller passes
`markup=True` for a template of its own (whose outside parts it escapes with `escape`), and (b) shows
control characters and escape sequences as visible `\\x1b`-style text in everything it renders (tables,
panels and plain strings alike: the check runs on the rendered segments, after layout, so no renderable
can bypass it). rich's own styling is emitted as control segments and is untouched.
"""

from __future__ import annotations

import re
from typing import Any, Iterable

from rich.console import Console, ConsoleOptions, RenderableType
from rich.markup import escape as _escape
from rich.segment import Segment

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def inert(text: str) -> str:
    """Control characters (but newline and tab) and bidi overrides as visible escapes."""
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group(0)):02x}" if ord(m.group(0)) < 0x100 else f"\\u{ord(m.group(0)):04x}", text)


def escape(text: Any) -> str:
    """Outside text placed inside a markup template of doctor's own."""
    return _escape(inert(str(text)))


class SafeConsole(Console):
    """rich's Console with markup off by default and every rendered text segment made inert."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("markup", False)
        kwargs.setdefault("emoji", False)
        super().__init__(*args, **kwargs)

    def render(self, renderable: RenderableType, options: ConsoleOptions | None = None) -> Iterable[Segment]:
        for seg in super().render(renderable, options):
            if seg.control or not _CONTROL.search(seg.text):
                yield seg
            else:
                yield Segment(inert(seg.text), seg.style)
