"""`id`, `id -nG`, `groups` and `groups USER` output -> host.user {name, uid, groups}.

`uid=1000(pi) gid=1000(pi) groups=1000(pi),4(adm),20(dialout)` is unambiguous. A bare `groups` line
("pi adm dialout cdrom sudo") is only taken when it names at least two well-known system groups, so
ordinary prose is not mistaken for it.
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import Parser, register

# `groups=` follows the locale (Gruppen=, groupes=, grupos=, группы=); uid= and gid= do not
_ID = re.compile(r"^uid=(?P<uid>\d+)(?:\((?P<name>[^)]*)\))?\s+gid=\d+(?:\([^)]*\))?(?:\s+[^\W\d_]+=(?P<groups>\d\S*))?")
_GROUP_ITEM = re.compile(r"(\d+)(?:\(([^)]*)\))?")
_NAMED = re.compile(r"^(?P<name>[a-z_][\w.\-]*\$?)\s+:\s+(?P<groups>[\w.\-$ ]+)$")
# English words that never appear in `groups` output: a sentence is not a group list
_STOP = r"(?!.*\b(?:is|in|and|the|to|not|my|a|of|i|it|but|with|are|was|on|for|from|this|that|be|as|or|no)\b)"
_WORDS = re.compile(r"^[a-z_][\w.\-]*(?: [a-z_][\w.\-]*)+$")
# groups that exist on nearly every Linux system (a bare `groups` line names several of them)
WELL_KNOWN = frozenset({
    "adm", "dialout", "uucp", "tty", "sudo", "wheel", "plugdev", "video", "audio", "users", "cdrom", "lp",
    "netdev", "gpio", "i2c", "spi", "input", "render", "lock", "floppy", "games", "dip", "lpadmin", "sambashare",
    "docker", "systemd-journal", "staff", "disk", "kvm", "storage", "optical", "network", "power", "scanner",
})


# a bare line is only claimed when it names at least two well-known groups
_KNOWN_RX = "|".join(sorted(WELL_KNOWN))
_TWO_KNOWN = rf"(?=(?:.*?(?<![\w.\-])(?:{_KNOWN_RX})(?![\w.\-])){{2}})"


@register
class IdGroupsParser(Parser):
    name = "id"
    namespace = "host"
    # (host-serial-usb s12) the command line of a pasted `groups USER` / `id USER` (a shell prompt's `$ `, `# ` or `user@host:~$ `
    # before it): its answer follows on the next line
    strong = (r"^\s*uid=\d+\(\S*\)\s+gid=\d+", r"^\s*(?:\S+@\S+:\S*\s?)?[$#] (?:sudo )?(?:groups|id(?: -nG)?)(?: [a-z_][\w.\-]*\$?)?\s*$")
    weak = (
        r"^\s*[a-z_][\w.\-]*\s+:\s+[a-z_][\w.\-]*(?: [a-z_][\w.\-]*)*\s*$",
        r"^" + _STOP + _TWO_KNOWN + r"\s*[a-z_][\w.\-]*(?: [a-z_][\w.\-]*){1,40}\s*$",
    )
    hints = ("uid=", "dialout", "uucp", "plugdev", "sudo", "wheel", "adm", "tty", "users", "groups", "$ id", "# id")

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.user: dict[str, Any] = {}
        self.line: str | None = None

    def feed(self, lineno: int, line: str) -> None:
        text = line.strip()
        if not text or len(text) > 2000:
            return
        m = _ID.match(text)
        if m:
            self.user = {"uid": int(m.group("uid"))}
            if m.group("name"):
                self.user["name"] = m.group("name")
            groups = [g or n for n, g in _GROUP_ITEM.findall(m.group("groups") or "")]
            self.user["groups"] = groups
            self.line = text
            return
        m = _NAMED.match(text)
        # (host-serial-usb s12) coreutils `groups USER` prints the user's primary group first; a service account
        # (homeassistant_ynh#311: "homeassistant : homeassistant") may have no other group, so the line names no well-known
        # one: taken when the first group is the user's own name
        if m and (_looks_like_groups(m.group("groups").split()) or m.group("groups").split()[0] == m.group("name")):
            self.user = {"name": m.group("name"), "groups": m.group("groups").split()}
            self.line = text
            return
        if _WORDS.match(text) and _looks_like_groups(text.split()) and not self.user:
            self.user = {"groups": text.split()}
            self.line = text

    def finish(self) -> dict[str, Any]:
        if not self.user:
            return {}
        host: dict[str, Any] = {"user": self.user, "origin": "pasted", "id_output": {"line": self.line, "source": self.source}}
        if self.user.get("uid") == 0:
            host["is_root"] = True
        return {"host": host}


def _looks_like_groups(words: list[str]) -> bool:
    known = len(set(words) & WELL_KNOWN)
    return len(words) >= 2 and known >= 2 and known * 2 >= len(set(words)) - 1 and re.match(_STOP, " ".join(words)) is not None
