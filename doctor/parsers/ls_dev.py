"""`ls` of device nodes and serial links: `ls -l /dev/serial/by-id/` (and by-path), `ls -l /dev/ttyACM0`,
`ls -l /dev/ttyUSB*`, `ls -l /dev/bus/usb/001/`, plain `ls /dev/ttyUSB*` and `ls /dev/serial/by-id/*`, macOS
`ls /dev/cu.* /dev/tty.*`, and `stat /dev/ttyACM0` (its File: and Access: lines).

- by-id / by-path links -> serial.by_id / serial.by_path: {name, target}, `target` resolved to /dev/ttyXXX.
- character devices -> serial.nodes: {device, owner, group, mode, acl}; a /dev/bus/usb node (major 189) goes
  to usb.devices instead: {devnode, bus, address, node_owner, node_group, node_mode}.
- plain listings -> the same lists without owner, group and mode.
- `ls: cannot access '/dev/serial/by-id/': No such file or directory` -> serial.missing: {path}.
- `ls /dev/*` whose "/dev/NAME:" folder headers run past where "serial" sorts without a /dev/serial one ->
  serial.missing: {path: "/dev/serial"} (udev made no by-id/by-path folder: no USB serial device).
- a by-id/by-path link quoted alone on a line of a post ("/dev/serial/by-id/usb-...-if00") -> as a plain listing.
- KIAUH's MCU search coming back empty ("No MCU found!", v4-v5; "[WARN] No MCUs found!", v6) -> serial.runs (tool kiauh,
  event kiauh_no_mcu {via}: the search it ran), and for a USB search serial.missing {path: "/dev/serial/by-id/"}.
"""

from __future__ import annotations

import posixpath
import re
from typing import Any

from doctor.parsers import Parser, register

_LONG = re.compile(
    r"^(?P<type>[cbl-])(?P<perm>[rwxsStT-]{9})(?P<acl>[+.@]?)\s+\d+\s+(?P<owner>\S+)\s+(?P<group>\S+)\s+"
    r"(?:(?P<major>\d+),\s*(?P<minor>\d+)|(?P<size>\d+))\s+"
    # the date follows the locale ("Jun  2 22:02", "2. Jun 22:02", "6月  2 22:02", "2024-06-02 22:02"): 1-3 words
    # ending in a time or a year
    r"(?:\S+\s+){0,2}?(?:\d{1,2}:\d\d(?::\d\d(?:\.\d+)?)?(?:\s+[+-]\d{4})?|\d{4})\s+"
    r"(?P<name>.+?)(?: -> (?P<target>.+))?$"
)
_MISSING = re.compile(r"^ls: cannot access '?(?P<path>[^':]+?)'?: No such file or directory"
                      r"|^ls: [^']*'(?P<path2>/dev/[^']+)'[^:]*: .+$")  # the same in another language
_INLINE_LINK = re.compile(r"(?<!\S)l[rwx-]{9}\s+\d+\s+\S+\s+\S+\s+\d+\s+(?=[^>]{0,40}?/dev/serial/by-(?:id|path)/)")
_DIR_HEADER = re.compile(r"^(?P<dir>/dev/\S*?):$")
# (board-vendors s13) `ls /dev/serial/by-id` typed after a shell prompt ("pi@micron:~/katapult$ ls /dev/serial/by-id"):
# the plain names on the lines after it are that folder's links
# the shell prompt before it: "$ ", "pi@host:~$ ", Raspberry Pi OS's "pi@voron:~ $ " (a space before the $), Fedora's
# "[pi@host ~]$ ", a venv's "(klippy-env) pi@host:~ $ "
_PROMPT = r"^(?:\([\w.\-]{1,40}\) )?(?:\[[^\]]{0,60}\]|\S{0,80}?) ?[$#]\s*"
_LS_CMD = re.compile(_PROMPT + r"(?:sudo\s+)?ls(?:\s+-[a-zA-Z1]+)*\s+/dev/serial/by-(?P<by>id|path)/?\*?\s*$")
_BY_ID_NAME = re.compile(r"^(?:usb|pci|platform|ieee1394)-[\w.:\-+]+?-if\d\d(?:-port\d+)?$|^usb-[\w.:\-+]+$")
_BY_PATH_NAME = re.compile(r"^(?:platform|pci|acpi)-\S+-usb(?:v2)?-\d+:[\d.]+:\d+\.\d+(?:-port\d+)?$")
_DEV_WORD = re.compile(r"(?<!\S)(/dev/(?:tty\w+|(?:cu|tty)\.[\w.\-]+|serial/by-(?:id|path)/\S+|bus/usb/\d{3}/\d{3}|rfcomm\d+)|/tmp/klipper_host_mcu)(?!\S)")
# `stat /dev/ttyACM0` (GNU coreutils): "  File: /dev/ttyACM0" ... "Access: (0660/crw-rw----)  Uid: (    0/    root)   Gid: (   20/ dialout)"
_STAT_FILE = re.compile(r"^File: [‘'`\"]?(?P<path>/dev/[^’'`\"\s]+)")
_STAT_ACCESS = re.compile(r"^Access: \((?P<octal>\d{3,4})/(?P<mode>[cbl-][rwxsStT-]{9})\)\s+Uid: \(\s*\d+/\s*(?P<owner>[^)\s]+)\)\s+Gid: \(\s*\d+/\s*(?P<group>[^)\s]+)\)")

_QUOTES = "\"'“”‘’`"

# KIAUH's MCU search (dw-0/kiauh: v4-v5 scripts/flash_klipper.sh and flash_mcu.sh `ls /dev/serial/by-id/*`; v6
# kiauh/components/klipper_firmware/firmware_utils.py `find /dev/serial/by-id/*`): "No MCU found!" after a USB search is
# the same fact as `ls: cannot access '/dev/serial/by-id/'`: no USB serial device. v6 names the search
# ("Identifying MCU connected via USB ...", "... via USB in DFU mode ...", "... possibly connected via UART ..."); v5 asks
# USB or UART first and says only "Identifying MCU ...", most often after USB.
_KIAUH_MODE = re.compile(r"Identifying MCU(?: (?:possibly )?connected via (?P<via>USB in DFU mode|USB in RP2 Boot mode|USB|UART))? \.\.\.")
# v6's own error before the warning names the search too: "Unable to find a USB DFU device!", "... UART device!"
_KIAUH_SEARCH = re.compile(r"^(?:\[ERROR\] )?Unable to find a (?P<what>USB DFU|USB RP2 Boot|USB|UART) device!")
_KIAUH_NONE = re.compile(r"^(?:\[(?:WARN|ERROR)\] )?(?:No MCU(?P<plural>s)? found!|Command 'find /dev/serial/by-id/\*' returned non-zero exit status)")
_KIAUH_VIA = {"USB DFU": "USB in DFU mode", "USB RP2 Boot": "USB in RP2 Boot mode", "USB": "USB", "UART": "UART"}
# (thin-boot s15) KIAUH v6's list of the MCUs its USB search found (kiauh/components/klipper_firmware/menus/
# klipper_flash_menu.py): "   ● MCU #0: /dev/serial/by-id/usb-..." (Get MCU ID) and the select menu's boxed row
# "║ 0) usb-1a86_USB_Serial-if00-port0          ║" (the path's last part): the by-id links of the bus
_KIAUH_MCU = re.compile(r"^(?:●\s*)?MCU #\d+:\s*(?P<path>/dev/serial/by-(?:id|path)/\S+)\s*$"
                        r"|^║\s*\d+\)\s*(?P<name>(?:usb|platform|pci)-\S+?-if\d\d(?:-port\d+)?|(?:platform|pci)-\S+-usb-\S+)\s*║$")

_TTY_MAJORS = {"166": "/dev/ttyACM", "188": "/dev/ttyUSB", "204": "/dev/ttyAMA"}


def _resolve(link_dir: str, target: str) -> str:
    if target.startswith("/"):
        return posixpath.normpath(target)
    return posixpath.normpath(posixpath.join(link_dir, target))


@register
class LsDevParser(Parser):
    name = "ls-dev"
    namespace = "serial"
    event_kinds = ("kiauh_no_mcu",)  # (audit s11) a rule reads KIAUH's empty search by its connection type (BOOT003)
    strong = (
        r"^[cl][rwxsStT-]{9}[+.@]?\s+\d+\s+\S+\s+\S+\s+.*(?:/dev/|\btty\w+$|\busb-\S+-if\d\d|-> \.\./\.\./tty)",
        r"^ls: cannot access '?/dev/",
        r"^ls: cannot access '?/ dev / ",
        r"^ls: [^']*'/dev/[^']+'[^:]*: ",
        r"^\s*/dev/serial/by-(?:id|path)/\S+\s*$",
        # (board-vendors s13) the `ls /dev/serial/by-id` command line itself, after a shell prompt: its bare names follow
        _PROMPT + r"(?:sudo\s+)?ls(?:\s+-[a-zA-Z1]+)*\s+/dev/serial/by-(?:id|path)/?\*?\s*$",
        r"^\s*/dev/tty(?:ACM|USB|AMA|S)\d+(?:\s+/dev/tty\w+)*\s*$",
        r"^/dev/(?:serial/by-(?:id|path)|bus/usb/\d{3}):$",
        r"^\s*File: [‘'`\"]?/dev/(?:tty|cu\.|serial/)",
        r"^\s*/dev/(?:cu|tty)\.[\w.\-]+(?:\s+/dev/(?:cu|tty)\.[\w.\-]+)*\s*$",
        # an `ls -l` of the serial links whose line breaks a web page dropped (answeroverflow, Discord mirrors): the
        # entries follow each other on one line, after the prompt (see `_INLINE_LINK`)
        r"\bl[rwx-]{9}\s+\d+\s+\S+\s+\S+\s+\d+\s+[^>]{0,40}?/dev/serial/by-(?:id|path)/\S+ -> \.\./\.\./tty\w+\s+\S",
        # KIAUH's list of the MCUs its USB search found (see `_KIAUH_MCU`)
        r"^\s*(?:●\s*)?MCU #\d+:\s*/dev/serial/by-(?:id|path)/\S+\s*$",
        r"^\s*║\s*\d+\)\s*(?:usb|platform|pci)-\S+\s*║\s*$",
        # KIAUH's MCU search and its empty answer (see `_KIAUH_NONE`)
        r"^(?:#+ )?Identifying MCU(?: (?:possibly )?connected via [\w ]+)? \.\.\.",
        r"^\s*(?:\[(?:WARN|ERROR)\] )?(?:No MCUs? found!|Unable to find a (?:USB DFU|USB RP2 Boot|USB|UART) device!)",
    )
    weak = (
        r"^total \d+$",
        r"^\s*Access: \(\d{3,4}/c[rwx-]{9}\)\s+Uid: ",
        r"^\s*usb-[\w.:\-+]+-if\d\d(?:-port\d+)?\s*$",
        r"^\s*usb-[\w.:\-+]+-if\d\d(?:-port\d+)?\s+->\s+(?:\.\./\.\./|/dev/)tty\w+\s*$",  # ls -l with its columns cut off
        r"^\s*(?:platform|pci)-\S+-usb-\d+:[\d.]+:\d+\.\d+(?:-port\d+)?\s*$",
        r"^c[rwx-]{9}[+.]?\s+\d+\s+\S+\s+\S+\s+\d+,\s*\d+\s",
        r"^\s*[\"'“‘`]/dev/serial/by-(?:id|path)/\S+[\"'”’`]\s*$",  # one link quoted on its own line in a post
        # `ls /dev/*` (or `ls -R /dev`): one "/dev/NAME:" header per folder of /dev, in ls's sorted order
        r"^/dev/(?!tty|cu\.)[\w.\-]+:$",
    )
    hints = ("unable to find a usb", "unable to find a uart", "no mcu", "/dev/", "tty", "ls:", "total ", "usb-", "->", "crw", "lrw", "access: (", "identifying mcu", "mcu found", "mcus found", "usb device!")

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.by_id: list[dict[str, Any]] = []
        self.by_path: list[dict[str, Any]] = []
        self.nodes: list[dict[str, Any]] = []
        self.usb: list[dict[str, Any]] = []
        self.missing: list[dict[str, Any]] = []
        self._dir: str | None = None  # from an `ls -lR` / multi-argument header "/dev/serial/by-id:"
        self._lineno = 0
        self._stat_path: str | None = None  # the device of a `stat` block, until its Access: line
        self._dev_dirs: list[tuple[str, str]] = []  # top-level /dev folders an `ls /dev/*` listed: (name, line)
        self._kiauh_via: str | None = None  # the search KIAUH announced last ("USB", "UART", "USB in DFU mode"...)
        self._kiauh_none = False  # one empty KIAUH answer recorded already
        self._kiauh_search_failed = False  # v6's "Unable to find a ... device!": the search command itself failed
        self.kiauh: list[dict[str, Any]] = []  # KIAUH's failed MCU searches (a run of the tool "kiauh")

    def _base(self, line: str) -> dict[str, Any]:
        return {"origin": "pasted", "source": self.source, "line": line.strip()[:500]}

    MAX_ENTRIES = 2000  # per list: an `ls -lR /dev` stays bounded

    def feed(self, lineno: int, line: str) -> None:
        self._lineno = lineno
        text = line.strip()
        if not text or len(text) > 1000:
            return
        if max(len(self.by_id), len(self.by_path), len(self.nodes), len(self.usb), len(self.missing)) >= self.MAX_ENTRIES:
            return
        m = _KIAUH_MODE.search(text)
        if m:
            self._kiauh_via = m.group("via") or self._kiauh_via
            return
        m = _KIAUH_SEARCH.match(text)
        if m:
            self._kiauh_via = _KIAUH_VIA[m.group("what")]
            self._kiauh_search_failed = True
            return
        m = _KIAUH_NONE.match(text)
        if m:
            if m.group(0).startswith("Command"):
                self._kiauh_via = "USB"  # v6's find of /dev/serial/by-id/* returned nothing
                return
            if not self._kiauh_none:
                self._kiauh_none = True
                # v5 ("No MCU found!") searched /dev/serial/by-id unless asked for UART; v6 ("No MCUs found!") names its search
                via = self._kiauh_via or ("unknown" if m.group("plural") else "USB")
                # a failed search, whatever it looked for (GEN001 quotes it where no entry explains it: a DFU or UART search)
                ev = {"kind": "kiauh_no_mcu", "via": via, "fail": True, "lineno": lineno, **self._base(line)}
                if self._kiauh_search_failed:
                    # (audit s11) v6 prints "Unable to find a ... device!" only when the search command raised (lsusb
                    # absent, dw-0/kiauh#545's pipeline run as one quoted word: exit 127): nothing was learnt of the board
                    ev["search_failed"] = True
                self.kiauh.append(ev)
                if via == "USB":  # a USB search is a by-id listing that came back empty
                    self.missing.append({"path": "/dev/serial/by-id/", "via": "kiauh", **self._base(line)})
            return
        m = _MISSING.match(text)
        if m:
            path = m.group("path") or m.group("path2")
            if path.startswith("/ "):
                path = path.replace(" ", "")  # "/ dev / serial / by-id / *": a forum's typography, the same path
            self.missing.append({"path": path, **self._base(line)})
            return
        m = _STAT_FILE.match(text)
        if m:
            self._stat_path = m.group("path")
            return
        m = _STAT_ACCESS.match(text)
        if m and self._stat_path:
            path, self._stat_path = self._stat_path, None
            if m.group("mode").startswith("c") and not path.startswith("/dev/bus/usb/"):
                self.nodes.append({"device": path, "owner": m.group("owner"), "group": m.group("group"), "mode": m.group("mode"),
                                   **self._base(line)})
            return
        m = _LS_CMD.match(text)
        if m:
            self._dir = "/dev/serial/by-" + m.group("by")  # the bare names it lists are links of that folder
            return
        m = _DIR_HEADER.match(text)
        if m:
            self._dir = m.group("dir").rstrip("/")
            top = self._dir[len("/dev/"):]
            if top and "/" not in top and len(self._dev_dirs) < 200:
                self._dev_dirs.append((top, text))
            return
        starts = [x.start() for x in _INLINE_LINK.finditer(text)]
        if starts and (len(starts) > 1 or starts[0] > 0):
            for a, b in zip(starts, [*starts[1:], len(text)]):  # one `ls -l` entry per link, as if on its own line
                part = _LONG.match(text[a:b].strip())
                if part:
                    self._long(part, text[a:b])
            return
        m = _LONG.match(text)
        if m:
            self._long(m, line)
            return
        m = _KIAUH_MCU.match(text)
        if m:
            self._plain(m.group("path") or m.group("name"), line)
            return
        words = text.split()
        if len(words) == 1 and len(text) > 2 and text[0] in _QUOTES and text[-1] in _QUOTES and text.strip(_QUOTES).startswith("/dev/serial/by-"):
            words = [text.strip(_QUOTES)]  # a link pasted in quotes on its own line ("/dev/serial/by-id/usb-...-if00")
        devs = [w for w in words if _DEV_WORD.fullmatch(w)]
        if devs and len(devs) == len(words):
            for w in devs:
                self._plain(w, line)
            return
        if len(words) == 1 and (_BY_ID_NAME.match(text) or _BY_PATH_NAME.match(text)):
            self._plain(text, line)
        elif len(words) == 3 and words[1] == "->" and _BY_ID_NAME.match(words[0]) and "tty" in words[2]:
            # "usb-...-if00 -> ../../ttyACM1": an `ls -l` line pasted without its leading columns
            self.by_id.append({"name": words[0], "target": _resolve(self._dir or "/dev/serial/by-id", words[2]), **self._base(line)})

    def _plain(self, word: str, line: str) -> None:
        if word.startswith("/dev/serial/by-id/") or (not word.startswith("/") and self._dir != "/dev/serial/by-path" and _BY_ID_NAME.match(word) and not _BY_PATH_NAME.match(word)):
            # lineno: (board-vendors s13) where the listing stands against a flash run of the same paste (derive.py)
            self.by_id.append({"name": posixpath.basename(word), **self._base(line), "lineno": self._lineno})
        elif word.startswith("/dev/serial/by-path/") or _BY_PATH_NAME.match(word) or (self._dir == "/dev/serial/by-path" and not word.startswith("/")):
            self.by_path.append({"name": posixpath.basename(word), **self._base(line)})
        elif word.startswith("/dev/bus/usb/"):
            self.usb.append(self._usb_node(word, None, line))
        elif word.startswith("/"):
            # lineno: (platformio-community s18) the port line of a `pio device list` record (device_lists.settle)
            self.nodes.append({"device": word, **self._base(line), "lineno": self._lineno})

    def _usb_node(self, path: str, m: re.Match[str] | None, line: str) -> dict[str, Any]:
        dev: dict[str, Any] = {"devnode": path, **self._base(line)}
        parts = path.rstrip("/").split("/")
        if len(parts) >= 2 and parts[-1].isdigit() and parts[-2].isdigit():
            dev["bus"], dev["address"] = int(parts[-2]), int(parts[-1])
        if m is not None:
            dev.update(node_owner=m.group("owner"), node_group=m.group("group"), node_mode=_octal(m.group("perm")))
        return dev

    def _long(self, m: re.Match[str], line: str) -> None:
        name = m.group("name").strip()
        kind = m.group("type")
        if kind == "l":
            target = (m.group("target") or "").strip()
            link_dir = posixpath.dirname(name) if name.startswith("/") else (self._dir or "/dev/serial/by-id")
            base = posixpath.basename(name)
            entry = {"name": base, "target": _resolve(link_dir, target) if target else None, **self._base(line)}
            entry = {k: v for k, v in entry.items() if v is not None}
            if "/by-path" in link_dir or _BY_PATH_NAME.match(base):
                self.by_path.append(entry)
            elif "/by-id" in link_dir or _BY_ID_NAME.match(base):
                self.by_id.append(entry)
            elif name.startswith("/"):
                node = {"device": name, "owner": m.group("owner"), "group": m.group("group"), "mode": kind + m.group("perm"), **self._base(line)}
                if target:
                    node["target"] = _resolve(posixpath.dirname(name), target)
                self.nodes.append(node)
            return
        if kind != "c":
            return
        major, minor = m.group("major"), m.group("minor")
        path = name
        if not name.startswith("/"):
            if self._dir:
                path = f"{self._dir}/{name}"
            elif major == "189" and minor is not None:
                n = int(minor)
                path = f"/dev/bus/usb/{n // 128 + 1:03d}/{n % 128 + 1:03d}"
            else:
                path = f"/dev/{name}"
        if major == "189" or path.startswith("/dev/bus/usb/"):
            self.usb.append(self._usb_node(path, m, line))
            return
        node = {
            "device": path,
            "owner": m.group("owner"),
            "group": m.group("group"),
            "mode": "c" + m.group("perm"),
            "acl": m.group("acl") == "+",
            **self._base(line),
        }
        self.nodes.append(node)

    def _no_serial_folder(self) -> None:
        """An `ls /dev/*` lists every folder of /dev under its own "/dev/NAME:" header, sorted by name. Where the
        headers run past where "serial" would sort (folders before and after it) and none is /dev/serial, udev made no
        /dev/serial/by-id or by-path: no USB serial device was present (the same fact as `ls: cannot access
        '/dev/serial/by-id/'`). A few headers, or all on one side, may be a chosen subset: nothing is concluded."""
        names = [n for n, _ in self._dev_dirs]
        if len(set(names)) < 4 or "serial" in names or self.by_id or self.by_path or any(m.get("path") == "/dev/serial" for m in self.missing):
            return
        if names != sorted(names, key=str.lower) or not (min(names) < "serial" < max(names)):
            return
        shown = ", ".join(f"/dev/{n}" for n in names[:6]) + (" ..." if len(names) > 6 else "")
        self.missing.append({"path": "/dev/serial", "origin": "pasted", "source": self.source,
                             "line": f"ls /dev/*: {shown} but no /dev/serial"})

    def finish(self) -> dict[str, Any]:
        self._no_serial_folder()
        serial: dict[str, Any] = {}
        for key in ("by_id", "by_path", "nodes", "missing"):
            items = getattr(self, key)
            if items:
                serial[key] = items
        if self.kiauh:
            serial["runs"] = [{"tool": "kiauh", "origin": "pasted", "source": self.source, "success": False, "events": self.kiauh}]
        out: dict[str, Any] = {"serial": serial} if serial else {}
        if self.usb:
            out["usb"] = {"devices": self.usb}
        return out


def _octal(perm: str) -> str:
    """rw-rw-r-- -> 0664 (setuid/sticky bits ignored)."""
    value = 0
    for i, ch in enumerate(perm[:9]):
        if ch not in "-ST":
            value |= 1 << (8 - i)
    return f"0{value:03o}"
