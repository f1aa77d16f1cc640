"""avrdude (6.x to 8.x, with and without the `avrdude:` / `avrdude error:` prefix, `.exe` on Windows).

Facts: one run per block under `avrdude.runs` with programmer and part (from the command line or the
verbose header), events for the signature, initialisation and verification messages, USB programmer
look-ups and serial-port errors. A verification mismatch records the memory, the address, the byte the
device returned (`received`) and the byte of the input (`expected`), and `extra_bits_only` when the
device's byte only has bits set that the input has clear (what unused fuse bits read back as).
"""

from __future__ import annotations

import re
import shlex
from typing import Any

from doctor.parsers import Parser, register
from doctor.parsers._flashlog import id4


def _serial_kind(line: str) -> tuple[str, dict[str, Any]] | None:
    """The shared serial-port event for an open failure (doctor.parsers.serial_errors.classify), if any."""
    try:
        from doctor.parsers.serial_errors import classify
    except ImportError:
        return None
    return classify(line)

_PREFIX = re.compile(r"^avrdude(?:\.exe)?(?:\s+(?:error|warning|OS error|info|notice))?(?::\s*|\s+(?=done\b))", re.I)
_LEVEL = re.compile(r"^(?:error|warning|Error|Warning|ERROR|WARNING)\s*:\s*")
_SIG = re.compile(r"[Dd]evice signature = (?:0x)?([0-9a-fA-F]{6}|(?:[0-9a-fA-F]{2}\s){2}[0-9a-fA-F]{2})(?:\s*\((?:probably\s+)?([^)]*)\))?")
_RC = re.compile(r"initiali[sz]ation failed,\s*rc\s*=\s*(-?\d+)")
_NOT_FOUND = re.compile(
    r"(?:could not|cannot|can't) find USB device(?: \"([^\"]*)\")? with vid=(0x[0-9a-fA-F]+) pid=(0x[0-9a-fA-F]+)"
    r"(?: vendor='([^']*)')?(?: product='([^']*)')?", re.I)
_USBTINY = re.compile(r"(?:could not|cannot|can't) find USBtiny device \((0x[0-9a-fA-F]+)/(0x[0-9a-fA-F]+)\)", re.I)
_MISMATCH = re.compile(r"verification (?:error|mismatch)[,;:]?\s*first mismatch at byte (0x[0-9a-fA-F]+)", re.I)
_VALUES = re.compile(r"^(?:device\s+)?(0x[0-9a-fA-F]{1,2})\s*!=\s*(?:input\s+)?(0x[0-9a-fA-F]{1,2})(?:\s+at addr (0x[0-9a-fA-F]+))?")
_MEMORY = re.compile(r"\b(efuse|hfuse|lfuse|fuse[0-9]?|flash|eeprom|lock|lockbits|signature|calibration)\b")
_COUNT = re.compile(r"^(\d+) bytes? (?:of )?(\w+) (written|verified)")
_SER_OPEN = re.compile(r"(?:ser_open\(\): )?can't (?:open|set) (?:device|com-state for) \"?([^\":]+)\"?:?\s*(.*)$")
_SYNC = re.compile(r"(?:stk500v?2?_getsync\(\)|getsync\(\))?.*attempt (\d+) of (\d+): not in sync")
_HEADER = re.compile(r"^\s*(Using Programmer|Programmer Type|AVR Part|Using Port)\s*:\s*(.+?)\s*$")
_COMMAND = re.compile(r"(?:^|[\s$#>])(?:sudo\s+)?((?:\S*[/\\])?avrdude(?:\.exe)?)\s+(-.*)$")
_MISSING = re.compile(r"\bavrdude(?:: command not found|: not found|' is not recognized)")


@register
class AvrdudeParser(Parser):
    name = "avrdude"
    namespace = "avrdude"
    hints = ("avrdude", "signature", "yikes", "target doesn't answer", "target does not answer", "initialization failed",
             "initialisation failed", "sck period", "find usb device", "usbtiny", "verification", "bytes of", "safemode",
             "stk500", "ser_open", "butterfly", "not in sync", "| #", "avr device initialized", "!=", "unused bits",
             "programmer is not responding", "using programmer", "avr part", "double check")
    strong = (
        r"^avrdude(?:\.exe)?(?:\s+(?:error|warning|OS error|info|notice))?:\s",
        r"^avrdude(?:\.exe)?\s+(?:done|version\s)",
        r"(?:^|[\s$#>])(?:sudo\s+)?(?:\S*[/\\])?avrdude(?:\.exe)?\s+-",
        r"[Dd]evice signature = (?:0x)?[0-9a-fA-F]{2}",
        r"Yikes!\s+Invalid device signature",
        r"program enable: target does(?:n't| not) answer",
        r"initiali[sz]ation failed,\s*rc\s*=",
        r"cannot set sck period",
        r"(?:could not|cannot) find USB device(?: \"[^\"]*\")? with vid=0x",
        r"(?:Could not|cannot) find USBtiny device",
        r"verification (?:error|mismatch), first mismatch at byte",
        r"AVR device initialized and ready to accept instructions",
        r"^(?:Reading|Writing) \| [# ]*\| \d+%",
        r"safemode: (?:Fuses OK|.*fuse changed)",
        r"\bstk500v?2?_\w+\(\)",
        r"\b(?:butterfly|usbasp|usbtiny|ser)_\w+\(\)",
        r"invalid value for unused bits in fuse",
        r"\bavrdude(?:: command not found|: not found)",
    )
    weak = (
        r"^\s*0x[0-9a-fA-F]{1,2} != 0x[0-9a-fA-F]{1,2}\s*$",
        r"^\d+ bytes? of \w+ (?:written|verified)",
        r"Double check connections and try again",
        r"programmer is not responding",
        r"^\s*(?:Using Programmer|AVR Part)\s*:",
    )
    event_kinds = (
        "avr_signature", "signature_invalid", "signature_retry", "target_no_answer", "init_failed", "isp_clock_hint",
        "sck_unsettable", "usb_programmer_not_found", "verify_mismatch", "fuse_unused_bits", "bytes_written",
        "bytes_verified", "avrdude_done", "fuses_ok", "not_in_sync", "programmer_not_responding",
        "serial_open_failed", "avr_initialized", "tool_missing", "tool_error",
    )

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.summary: dict[str, Any] = {}
        self.memory: str | None = None
        self.pending: dict[str, Any] | None = None  # a mismatch whose values come on the next line
        self.errors = 0

    def feed(self, lineno: int, line: str) -> None:
        raw = line.strip()
        if not raw:
            return
        m = _COMMAND.search(raw)
        if m and not _PREFIX.match(raw):
            self._command(raw[m.start(1):])
            return
        if _MISSING.search(raw):
            self.event("tool_missing", lineno, line, name="avrdude")
            return
        text = _PREFIX.sub("", raw, count=1)
        is_error = bool(re.match(r"^avrdude(?:\.exe)?\s+error", raw, re.I))
        lm = _LEVEL.match(text)
        if lm:
            is_error = is_error or text[:1].lower() == "e"
            text = text[lm.end():]
        self._message(lineno, line, text, is_error)

    def _command(self, cmd: str) -> None:
        s = self.summary
        s.setdefault("command", cmd[:300])
        try:
            argv = shlex.split(cmd, posix=False)
        except ValueError:
            argv = cmd.split()
        s.setdefault("argv", argv[:40])
        for i, a in enumerate(argv):
            nxt = argv[i + 1] if i + 1 < len(argv) else ""
            if a == "-c" and nxt:
                s["programmer"] = nxt.lower()
            elif a.startswith("-c") and len(a) > 2:
                s["programmer"] = a[2:].lower()
            elif a == "-p" and nxt:
                s["part"] = nxt.lower()
            elif a.startswith("-p") and len(a) > 2:
                s["part"] = a[2:].lower()
            elif a == "-P" and nxt:
                s["device"] = nxt
            elif a == "-B" and nxt:
                s.setdefault("extra", {})["bitclock"] = nxt
            elif a.startswith("-B") and len(a) > 2:
                s.setdefault("extra", {})["bitclock"] = a[2:]

    def _message(self, lineno: int, line: str, text: str, is_error: bool) -> None:
        s = self.summary
        if self.pending is not None:
            pending, self.pending = self.pending, None
            m = _VALUES.match(text)
            if m:
                self._mismatch_values(pending, m)
                return
        m = _HEADER.match(text)
        if m:
            key, value = m.group(1), m.group(2)
            if key in ("Using Programmer", "Programmer Type") and "programmer" not in s:
                s["programmer"] = value.lower()
            elif key == "AVR Part":
                s.setdefault("part", value)
            elif key == "Using Port":
                s.setdefault("device", value)
            return
        m = _MISSING.search(text)
        if m:
            self.event("tool_missing", lineno, line, name="avrdude")
            return
        m = _SIG.search(text)
        if m:
            sig = m.group(1).replace(" ", "").lower()
            self.event("avr_signature", lineno, line, value=f"0x{sig}", part=(m.group(2) or None))
            s["chipid"] = f"0x{sig}"
            return
        if re.search(r"Yikes!|invalid device signature", text, re.I):
            self.event("signature_invalid", lineno, line, value=s.get("chipid"))
            return
        if text.strip() == "(retrying)" or "retrying" in text and "signature" in text.lower():
            self.event("signature_retry", lineno, line)
            return
        if re.search(r"target does(?:n't| not) answer", text):
            self.event("target_no_answer", lineno, line)
            return
        m = _RC.search(text)
        if m:
            self.event("init_failed", lineno, line, code=int(m.group(1)))
            return
        if re.search(r"ISP clock is too fast|use -B to set (?:a )?lower ISP clock", text, re.I):
            self.event("isp_clock_hint", lineno, line)
            return
        if "cannot set sck period" in text.lower():
            self.event("sck_unsettable", lineno, line)
            return
        m = _NOT_FOUND.search(text)
        if m:
            self.event("usb_programmer_not_found", lineno, line, vid=id4(m.group(2)), pid=id4(m.group(3)),
                       manufacturer=m.group(4), product=m.group(5) or m.group(1))
            return
        m = _USBTINY.search(text)
        if m:
            self.event("usb_programmer_not_found", lineno, line, vid=id4(m.group(1)), pid=id4(m.group(2)), product="USBtiny")
            s.setdefault("programmer", "usbtiny")
            return
        if re.search(r"cannot open USB device:? .*(?:Permission denied|Access denied|insufficient permissions|Operation not permitted)"
                     r"|LIBUSB_ERROR_ACCESS|error sending control message: Operation not permitted", text, re.I):
            self.event("usb_access_denied", lineno, line)
            return
        if "invalid value for unused bits in fuse" in text:
            fm = re.search(r'fuse "?(\w+)"?', text)
            self.event("fuse_unused_bits", lineno, line, memory=fm.group(1) if fm else None)
            return
        if "(read only location: ignored)" in text:
            return  # 7.3+: a difference in a read-only area (vectors, bootloader) that avrdude itself ignores
        mm = re.match(r"^(\w+) verification mismatch\b", text)
        if mm:
            self.memory = mm.group(1)  # 7.3+: "efuse verification mismatch", the values follow on the next line
            return
        m = _MISMATCH.search(text)
        if m:
            ev = self.event("verify_mismatch", lineno, line, address=int(m.group(1), 16), memory=self.memory)
            self.pending = ev
            return
        m = _VALUES.match(text)
        if m and (m.group(3) or "mismatch" in text):
            ev = self.event("verify_mismatch", lineno, line, address=int(m.group(3), 16) if m.group(3) else None, memory=self.memory)
            self._mismatch_values(ev, m)
            return
        if re.match(r"^verification (?:error|mismatch)", text) and "content mismatch" in text:
            return  # the summary line after the first-mismatch line
        m = _COUNT.match(text)
        if m:
            kind = "bytes_written" if m.group(3) == "written" else "bytes_verified"
            self.event(kind, lineno, line, count=int(m.group(1)), memory=m.group(2))
            s["written" if kind == "bytes_written" else "verified"] = True
            return
        if re.match(r"^(?:writing|verifying|reading on-chip|reading|Writing|Verifying|Reading)\b", text):
            mm = _MEMORY.search(text)
            if mm:
                self.memory = mm.group(1)
            return
        if "AVR device initialized" in text:
            self.event("avr_initialized", lineno, line)
            return
        if re.match(r"^avrdude(?:\.exe)? done", line.strip()) or text.startswith("done.  Thank you"):
            self.event("avrdude_done", lineno, line)
            return
        if text.startswith("safemode: Fuses OK"):
            self.event("fuses_ok", lineno, line)
            return
        m = _SYNC.search(text)
        if m:
            self.event("not_in_sync", lineno, line, tries=int(m.group(1)))
            return
        if "programmer is not responding" in text:
            self.event("programmer_not_responding", lineno, line)
            return
        m = _SER_OPEN.search(text)
        if m:
            device = m.group(1).strip()
            self.event("serial_open_failed", lineno, line, device=device, port=device, text=m.group(2).strip()[:200] or None)
            shared = _serial_kind(line)
            if shared is not None and shared[0] != "serial_open_failed":
                self.event(shared[0], lineno, line, **shared[1])  # the serial-port wording's kind (SER004/SER005 read it)
            return
        if is_error:
            self.errors += 1
            self.event("tool_error", lineno, line, text=text[:200])

    def _mismatch_values(self, ev: dict[str, Any], m: re.Match[str]) -> None:
        received, expected = int(m.group(1), 16), int(m.group(2), 16)
        ev["received"], ev["expected"] = received, expected
        if m.group(3) and ev.get("address") is None:
            ev["address"] = int(m.group(3), 16)
        ev["extra_bits_only"] = received != expected and (received & expected) == expected

    def finish(self) -> dict[str, Any]:
        s = self.summary
        kinds = {e["kind"] for e in self.events}
        bad = {"signature_invalid", "target_no_answer", "init_failed", "usb_programmer_not_found", "verify_mismatch",
               "not_in_sync", "programmer_not_responding", "serial_open_failed", "usb_access_denied", "tool_missing"}
        if kinds & bad or self.errors:
            s["success"] = False
        elif "bytes_verified" in kinds or ("avrdude_done" in kinds and "avr_signature" in kinds):
            s["success"] = True
        return {self.namespace: {"runs": [self.run(**s)]}}
