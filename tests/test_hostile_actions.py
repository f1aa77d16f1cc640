"""No interpreter ever sees untrusted text (issue 13, item 1): every field of every action gets hostile values.

The actions are read from the driver registry (a new action fails here until it has a baseline request in
BASELINES), and the fields from what each plan factory reads: the keys it asks its request for (`req.get`,
`req.options`, `req.params`) and every string of the facts snapshot it looks at. Each field, one at a time,
gets each HOSTILE value (alone, and appended to the baseline's value; a path gets a real file or folder of
that name). The plan must then be refused (a DoctorError: exit 4 or 3, never a traceback) or be harmless:

- every step's argv, printed as `$ ...` (its shell form), parsed by bash gives back exactly that argv;
- every shell line doctor prints (a root step's manual command, commands quoted in notes, hints,
  preconditions and operations, text after `sudo `) runs in bash (PATH empty, every command only recorded)
  without running `touch` or anything else the value smuggled in, and without a bash error;
- every OpenOCD argument that OpenOCD reads as Tcl (`-c` scripts, and `-f`/`-s`, which OpenOCD wraps as
  `script {...}`) is evaluated in a safe Tcl interpreter (every command only recorded): no command is called
  that the baseline plans do not call, and nothing fails to parse.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import pytest

from doctor.drivers import registry
from doctor.drivers.base import ActionRequest, Plan, Step
from doctor.errors import DoctorError
from doctor.sim.images import klipper_image

HOSTILE = [
    "a'b",
    'a"b',
    "a}b",
    "a{b",
    "k} [exec touch PWNED] {",
    "a;touch PWNED",
    "$(touch PWNED)",
    "`touch PWNED`",
    "a\ntouch PWNED",
    "a && touch PWNED",
    "a|touch PWNED",
    "a > PWNED",
    "a\\",
]

# the snapshot a plan may read (every namespace a driver looks at, with realistic values)
BY_ID = "usb-Klipper_stm32f103xe_35FFD6054E50303437651943-if00"
FACTS: dict[str, Any] = {
    "host": {"hostname": "voron", "user": {"name": "alice", "home": "/home/alice", "groups": ["alice"]},
             "services": {"klipper": "active", "ModemManager": "active", "brltty": "active"}},
    "usb": {"devices": [
        {"vid": "0483", "pid": "df11", "kind": "dfu", "role": "stm32-rom-dfu", "port_path": "1-1.3", "serial": "STM32FxSTM32"},
        {"vid": "16c0", "pid": "05dc", "kind": "programmer", "role": "usbasp", "port_path": "1-1.4"},
    ]},
    "serial": {"nodes": [{"path": "/dev/ttyACM0", "group": "dialout", "can_open": False}],
               "by_id": [{"name": BY_ID, "target": "/dev/ttyACM0"}]},
    "klipper": {
        "config": {"mcu": "stm32f103xe", "canbus_frequency": 1000000},
        "printer_cfg": {"path": "/home/alice/printer_data/config/printer.cfg",
                        "mcus": [{"name": "mcu", "serial": "/dev/serial/by-id/usb-Klipper_stm32f103xe_35FFD6054E50303437651943-if00x"}]},
        "log": {"mcus": [{"name": "mcu", "canbus_frequency": 1000000}]},
    },
    "can": {"interfaces": [{"name": "can0", "exists": True, "state": "DOWN", "bitrate": 500000, "txqueuelen": 10}]},
    "holders": [{"pid": 812, "comm": "klippy.py", "unit": "klipper.service", "cmdline": "python klippy.py"}],
    "avrdude": {"runs": [{"programmer": "usbasp", "part": "m328p", "events": [{"kind": "verify_mismatch", "memory": "efuse", "expected": 253}]}]},
    "openocd": {"runs": [{"events": [{"kind": "unexpected_idcode", "idcode": "0x2ba01477"}]}]},
    "stlink": {"runs": [{"events": [{"kind": "chip_id_unknown", "value": 1175, "line": "WARN common.c: unknown chip id! 0x497"}]}]},
    "sdcard": {"runs": [{"board": "creality-v4.2.7", "device": "/dev/ttyUSB0", "events": []}]},
}


# options that are numbers wherever they come from (the command line types them, knowledge entries are ours):
# a text there is not outside text reaching an interpreter
NUMBERS = {"baud", "bitrate", "txqueuelen", "alt", "leave_timeout", "window", "reply_timeout", "connect_timeout", "wait_port",
           "request_wait", "lfuse", "hfuse", "efuse", "lock", "app_start"}
OBJECTS = {"image"}  # doctor's own objects (a loaded firmware.Image), never text


def _baselines(d: Path) -> dict[str, dict[str, Any]]:
    """A request per action that gives a plan (paths made under `d`)."""
    d.mkdir(exist_ok=True)
    fw = d / "klipper.bin"
    fw.write_bytes(klipper_image(8192, mcu="stm32f103xe", link_address=0x08002000, stack_top=0x20005000))
    card = d / "card"
    card.mkdir()
    (d / "mounts").write_text(f"/dev/sdb1 {card} vfat rw 0 0\n")
    cfg = d / "printer.cfg"
    cfg.write_text(f"[mcu]\nserial: /dev/serial/by-id/{BY_ID}x\n")
    klipper = d / "klipper"
    (klipper / "scripts").mkdir(parents=True)
    script = klipper / "scripts" / "flash-sdcard.sh"  # run by the shell check: it only records its arguments
    script.write_text('#!/bin/sh\nfor a in "$0" "$@"; do printf "%s\\037" "$a"; done >> "$__LOG"; printf "\\036" >> "$__LOG"\n')
    script.chmod(0o755)
    rules = d / "rules"
    rules.mkdir()
    root = d / "root"
    root.mkdir()
    flash = {"firmware": str(fw), "address": "0x08002000"}
    return {
        "avrdude.flash": {"programmer": "usbasp", "part": "m328p", "firmware": str(fw), "port": "usb", "bitclock": "10"},
        "avrdude.write_fuses": {"programmer": "usbasp", "part": "m328p", "lfuse": 0xFF, "hfuse": 0xD9, "efuse": 0xFD},
        "dfu.flash": {"device": "0483:df11", "path": "1-1.3", **flash},
        "dfu.mass_erase": {"device": "0483:df11", **flash},
        "host.add_user_to_group": {"user": "alice", "group": "dialout"},
        "host.can_txqueuelen": {"interface": "can0", "txqueuelen": 128, "config_root": str(root)},
        "host.can_up": {"interface": "can0", "bitrate": 1000000, "config_root": str(root)},
        "host.disable_brltty": {"rules_dir": str(rules)},
        "host.fix_serial_path": {"config": str(cfg), "old": f"/dev/serial/by-id/{BY_ID}x", "new": f"/dev/serial/by-id/{BY_ID}"},
        "host.install_udev_rules": {"group": "plugdev", "rules_dir": str(rules)},
        "host.modemmanager_ignore": {"rules_dir": str(rules)},
        "host.stop_service": {"service": "klipper"},
        "katapult.flash": {"port": "/dev/ttyACM0", "firmware": str(fw)},
        "katapult.request_bootloader": {"port": "/dev/ttyACM0"},
        "openocd.flash": {**flash, "mcu": "stm32f103xe", "interface": "interface/stlink.cfg", "cputapid": "0x2ba01477"},
        "openocd.unlock": {"mcu": "stm32f103xe", "interface": "interface/stlink.cfg"},
        "sdcard.flash": {"card": str(card), "board": "creality-v4.2.7", "firmware": str(fw), "mounts_file": str(d / "mounts"),
                         "klipper_dir": str(klipper)},
        "stlink.flash": {**flash, "serial": "066DFF485550755187121220"},
    }


# --- what a plan factory reads ---------------------------------------------------------------------------------


class _Seen(dict):  # type: ignore[type-arg]
    """A dict that records the keys read from it; nested dicts and lists record under their path."""

    def __init__(self, data: dict[str, Any], path: tuple[Any, ...], log: set[tuple[Any, ...]]) -> None:
        super().__init__(data)
        self._path, self._log = path, log

    def _wrap(self, key: Any, value: Any) -> Any:
        path = (*self._path, key)
        self._log.add(path)
        return _wrap(value, path, self._log)

    def __getitem__(self, key: Any) -> Any:
        return self._wrap(key, super().__getitem__(key))

    def get(self, key: Any, default: Any = None) -> Any:
        self._log.add((*self._path, key))
        return self._wrap(key, super().__getitem__(key)) if key in self else default

    def items(self) -> Any:  # type: ignore[override]
        return [(k, self._wrap(k, v)) for k, v in super().items()]

    def values(self) -> Any:  # type: ignore[override]
        return [self._wrap(k, v) for k, v in super().items()]


class _SeenList(list):  # type: ignore[type-arg]
    def __init__(self, data: list[Any], path: tuple[Any, ...], log: set[tuple[Any, ...]]) -> None:
        super().__init__(data)
        self._path, self._log = path, log

    def __iter__(self) -> Iterator[Any]:
        for i, v in enumerate(super().__iter__()):
            self._log.add((*self._path, i))
            yield _wrap(v, (*self._path, i), self._log)

    def __getitem__(self, i: Any) -> Any:
        v = super().__getitem__(i)
        if isinstance(i, int):
            self._log.add((*self._path, i % max(1, len(self))))
            return _wrap(v, (*self._path, i % max(1, len(self))), self._log)
        return v


def _wrap(value: Any, path: tuple[Any, ...], log: set[tuple[Any, ...]]) -> Any:
    if isinstance(value, dict):
        return _Seen(value, path, log)
    if isinstance(value, list):
        return _SeenList(value, path, log)
    return value


class _Request(ActionRequest):
    def get(self, key: str, default: Any = None) -> Any:
        self.options.get(key)
        self.params.get(key)
        return super().get(key, default)


def _reads(action: str, options: dict[str, Any], facts: dict[str, Any]) -> tuple[set[str], set[tuple[Any, ...]]]:
    """The option keys and the facts paths (to strings) one plan of `action` reads."""
    log: set[tuple[Any, ...]] = set()
    req = _Request(params=_Seen({}, ("params",), log), options=_Seen(options, ("options",), log), facts=_Seen(facts, ("facts",), log))
    try:
        registry.actions()[action].plan(req)
    except DoctorError:
        pass
    keys = {p[1] for p in log if p[0] in ("options", "params") and len(p) >= 2}
    strings = {p[1:] for p in log if p[0] == "facts" and isinstance(_at(facts, p[1:]), str)}
    return keys, strings


def _at(obj: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        try:
            obj = obj[key]
        except (KeyError, IndexError, TypeError):
            return None
    return obj


def _set(obj: Any, path: tuple[Any, ...], value: Any) -> None:
    for key in path[:-1]:
        obj = obj[key]
    obj[path[-1]] = value


# --- the interpreters, with every command only recorded ---------------------------------------------------------


BASH = shutil.which("bash") or "/bin/bash"
_SHELL_PRELUDE = 'command_not_found_handle() { printf "%s\\037" "$@" >> "$__LOG"; printf "\\036" >> "$__LOG"; return 0; }\n'


def _shell(line: str, work: Path) -> tuple[list[list[str]], str]:
    """Run `line` as a person pasting it would (bash), with no command found: (the commands it ran, problems)."""
    import tempfile

    box = Path(tempfile.mkdtemp(dir=work, prefix="sh"))
    log = box / ".log"
    line = line.replace(sys.executable, "python3")  # doctor's own interpreter is not run either
    try:
        proc = subprocess.run([BASH, "--norc", "--noprofile", "-c", _SHELL_PRELUDE + line], cwd=box, stdin=subprocess.DEVNULL,
                              env={"PATH": "/nonexistent", "__LOG": str(log), "HOME": str(box)}, capture_output=True, text=True, timeout=20)
        problems = proc.stderr.strip()
        ran = [c.split("\x1f")[:-1] for c in log.read_text().split("\x1e")[:-1]] if log.exists() else []
        made = sorted(p.name for p in box.iterdir() if p.name != ".log")
        if made:
            problems += f" created {made}"
        return ran, problems
    finally:
        shutil.rmtree(box, ignore_errors=True)


_TCLSH_RUNNER = """
set ::LOG {}
proc record args {lappend ::LOG $args; return {}}
interp create -safe s
s alias unknown record
set script [read stdin]
set failed [catch {s eval $script} err]
foreach c $::LOG {puts [lindex $c 0]}
if {$failed} {puts stderr "Tcl error: $err"}
"""


@dataclass
class _Tcl:
    interp: Any = None  # tkinter's Tcl interpreter, or None to run tclsh
    tclsh: str | None = None
    allowed: set[str] = field(default_factory=set)

    def run(self, script: str) -> tuple[list[str], str]:
        """Evaluate an OpenOCD script in a safe interpreter whose unknown commands are recorded: (their names, error)."""
        if self.interp is None:
            assert self.tclsh is not None
            proc = subprocess.run([self.tclsh, "/dev/stdin"], input=_TCLSH_RUNNER.replace("[read stdin]", "$::env(OPENOCD_SCRIPT)"),
                                  capture_output=True, text=True, timeout=20, env={"OPENOCD_SCRIPT": script})
            return proc.stdout.split(), proc.stderr.strip()
        import tkinter

        self.interp.eval("set ::LOG {}; catch {interp delete s}; interp create -safe s; s alias unknown record")
        try:
            self.interp.call("s", "eval", script)
        except tkinter.TclError as exc:
            return self._names(), f"Tcl error: {exc}"
        return self._names(), ""

    def _names(self) -> list[str]:
        return [str(self.interp.eval(f"lindex [lindex $::LOG {i}] 0")) for i in range(int(self.interp.eval("llength $::LOG")))]


def _tcl() -> _Tcl | None:
    """A Tcl to evaluate OpenOCD's scripts in: Python's tkinter, else tclsh (tests/run.sh installs tcl)."""
    try:
        import tkinter

        interp = tkinter.Tcl()
    except Exception:  # noqa: BLE001 - no tkinter in this Python: tclsh instead
        tclsh = shutil.which("tclsh")
        return _Tcl(tclsh=tclsh) if tclsh else None
    interp.eval("proc record args {lappend ::LOG $args; return {}}")
    return _Tcl(interp)


def _openocd_script(argv: list[str]) -> str | None:
    """What OpenOCD evaluates from its command line (src/helper/options.c: -f and -s become `script {...}` and
    `add_script_search_dir {...}`; -c is a script of its own)."""
    if not argv or os.path.basename(argv[0]) != "openocd":
        return None
    out = []
    for flag, value in zip(argv, argv[1:]):
        if flag in ("-f", "--file"):
            out.append("script {" + value + "}")
        elif flag in ("-s", "--search"):
            out.append("add_script_search_dir {" + value + "}")
        elif flag in ("-c", "--command"):
            out.append(value)
    return "\n".join(out)


# --- the printed commands of a plan -----------------------------------------------------------------------------


def _sentence_end(text: str, start: int) -> int:
    """Where a command quoted in prose ends: an unquoted `)`, newline, `. `, `, ` or ` (` (quotes respected)."""
    quote = ""
    i = start
    while i < len(text):
        c = text[i]
        if quote:
            if c == quote:
                quote = ""
            elif c == "\\" and quote == '"':
                i += 1
        elif c in "'\"":
            quote = c
        elif c in ")\n" or text.startswith((". ", ", ", " (", " or "), i):
            return i
        i += 1
    return len(text)


def _prose_commands(text: str, value: str) -> list[str]:
    """Shell lines quoted in prose: `...` spans, and what follows `sudo ` (to the end of its sentence). The
    hostile `value` is masked while the spans are found (its own backticks are not the prose's)."""
    mask = "\x00"
    masked = text.replace(value, mask) if value else text
    parts = masked.split("`")
    out = [p for i, p in enumerate(parts) if i % 2 == 1 and p.strip()]
    plain = " ".join(p for i, p in enumerate(parts) if i % 2 == 0)
    start = plain.find("sudo ")
    while start != -1:
        out.append(plain[start:_sentence_end(plain, start)].rstrip("."))
        start = plain.find("sudo ", start + 5)
    return [o.replace(mask, value) for o in out]


def _prose(plan: Plan) -> list[str]:
    texts = [plan.title, *plan.notes, *plan.preconditions]
    for s in plan.steps:
        texts += [s.name, s.hint or "", s.operation or ""]
        if s.argv is None and s.manual and "`" in s.manual:  # prose quoting the commands a person runs
            texts.append(s.manual)
    return texts


def _problems(plan: Plan, work: Path, tcl: _Tcl | None, value: str = "") -> list[str]:
    out: list[str] = []
    for s in plan.steps:
        if s.argv is None and s.manual and "`" not in s.manual:  # a shell line shown for what doctor does itself
            ran, err = _shell(s.manual, work)
            if err or any(c[:1] == ["touch"] for c in ran):
                out.append(f"{s.name}: its shell line `{s.manual}` runs {ran} {err}")
        if s.argv is not None:
            if not all(isinstance(a, str) for a in s.argv):
                out.append(f"{s.name}: argv holds a non-string: {s.argv!r}")
                continue
            ran, err = _shell(s.describe(), work)
            want = [[("python3" if a == sys.executable else a) for a in s.argv]]
            if ran != want or err:
                out.append(f"{s.name}: the printed `$ {s.describe()}` runs {ran} {err}, not {want}")
            if s.root:
                ran, err = _shell(s.manual_command(), work)
                if err or any(c[:1] == ["touch"] or "PWNED" in c[:1] for c in ran):
                    out.append(f"{s.name}: its manual command `{s.manual_command()}` runs {ran} {err}")
            script = _openocd_script(s.argv)
            if script is not None and tcl is not None:
                names, err = tcl.run(script)
                extra = sorted(set(names) - tcl.allowed)
                if err or extra:
                    out.append(f"{s.name}: OpenOCD would evaluate {script!r}: calls {extra} {err}")
    for text in _prose(plan):
        for line in _prose_commands(text, value):
            if not any(h in line for h in ("PWNED", "a'b", 'a"b', "a\\", "a}b", "a{b")):
                continue  # only what a hostile value reached
            ran, err = _shell(line, work)
            if err or any(c[:1] == ["touch"] for c in ran):
                out.append(f"printed command {line!r} (in {text!r}) runs {ran} {err}")
    return out


# --- the test --------------------------------------------------------------------------------------------------


def _hostile_path(value: str, h: str, d: Path, n: int) -> str:
    """A real file or folder like `value` whose name holds `h` (a path option must exist to be planned)."""
    src = Path(value)
    home = d / f"h{n}"
    home.mkdir()
    dest = home / f"{src.stem}{h.replace('/', '_')}{src.suffix}"
    if src.is_dir():
        shutil.copytree(src, dest)
    else:
        shutil.copy(src, dest)
    return str(dest)


def _fewest(action: str, base: dict[str, Any], facts: dict[str, Any]) -> dict[str, Any]:
    """The baseline without every option the plan can do without (one at a time, while it still plans)."""
    import copy

    options = dict(base)
    for key in sorted(base):
        fewer = {k: v for k, v in options.items() if k != key}
        if _plan(action, fewer, copy.deepcopy(facts))[0] is not None:
            options = fewer
    return options


# requests that make a plan read facts it otherwise would not (a flag, an option left out)
FACT_VARIANTS: dict[str, list[dict[str, Any]]] = {
    "openocd.flash": [{"cputapid": None, "accept_any_idcode": True}],
    "avrdude.write_fuses": [{"lfuse": None, "hfuse": None, "efuse": None}],
    "avrdude.flash": [{"programmer": None, "part": None}],
    "sdcard.flash": [{"card": None, "board": None}],
    "stlink.flash": [{"mcu": None}],
    "host.add_user_to_group": [{"user": None, "group": None}],
    "host.install_udev_rules": [{"user": None}],
}


def _plan(action: str, options: dict[str, Any], facts: dict[str, Any]) -> tuple[Plan | None, str]:
    try:
        return registry.actions()[action].plan(ActionRequest(options=options, facts=facts)), ""
    except DoctorError as exc:
        return None, str(exc)


def test_every_action_has_a_baseline(tmp_path: Path) -> None:
    assert sorted(set(registry.actions()) - set(_baselines(tmp_path))) == [], "add a baseline request for the new action to BASELINES"


ACTIONS = sorted(registry.actions())


@pytest.mark.parametrize("action", ACTIONS)
def test_every_field_of_an_action_refuses_or_quotes_hostile_values(action: str, tmp_path: Path) -> None:
    import copy

    base = _baselines(tmp_path)[action]
    facts = copy.deepcopy(FACTS)
    plan, why = _plan(action, dict(base), copy.deepcopy(facts))
    assert plan is not None, f"the baseline request of {action} is refused: {why}"
    keys, strings = _reads(action, dict(base), copy.deepcopy(facts))
    assert keys, f"{action} reads no option"
    tcl = _tcl()
    if tcl is not None:
        every = _baselines(tmp_path / "all")
        for name in ACTIONS:  # the commands OpenOCD's own scripts are called with in the baseline plans
            p, _ = _plan(name, dict(every.get(name, {})), copy.deepcopy(FACTS))
            for s in (p.steps if p else []):
                script = _openocd_script(s.argv or [])
                if script:
                    tcl.allowed.update(tcl.run(script)[0])
    found: list[str] = []
    tried = 0
    n = 0
    for key in sorted(keys - NUMBERS - OBJECTS):
        value = base.get(key)
        for h in HOSTILE:
            variants = [h] if value is None else [h, f"{value}{h}"]
            if isinstance(value, str) and os.path.isabs(value) and os.path.exists(value):
                n += 1
                variants.append(_hostile_path(value, h, tmp_path, n))
            for v in variants:
                tried += 1
                plan, _ = _plan(action, {**base, key: v}, copy.deepcopy(facts))
                if plan is not None:
                    found += [f"option {key}={v!r}: {p}" for p in _problems(plan, tmp_path, tcl, h)]
    # the facts: with the baseline's options, with as few options as still give a plan (the facts then fill in
    # what the options no longer say), and with the extra requests that make a plan read more of them
    for options in [base, _fewest(action, base, facts), *({**base, **x} for x in FACT_VARIANTS.get(action, []))]:
        _, strings = _reads(action, dict(options), copy.deepcopy(facts))
        for path in sorted(strings, key=str):
            for h in HOSTILE:
                tried += 1
                bad = copy.deepcopy(facts)
                _set(bad, path, f"{_at(facts, path)}{h}")
                plan, _ = _plan(action, dict(options), bad)
                if plan is not None:
                    found += [f"facts {'.'.join(map(str, path))}: {p}" for p in _problems(plan, tmp_path, tcl, h)]
    assert tried > len(HOSTILE)
    print(f"{action}: {tried} hostile requests")  # shown with -s
    assert found == [], "\n".join(found[:20])


def test_the_harness_finds_an_injection(tmp_path: Path) -> None:
    """The checks above can fail: an unquoted shell line, a Tcl script with a command in brackets."""
    bad = Plan("x", "host", [Step("s", operation="o", manual="m", hint="stop it yourself: sudo systemctl stop klipper;touch PWNED")])
    assert _problems(bad, tmp_path, None)
    step = Step("s", argv=["systemctl", "stop", "a;touch PWNED"])
    assert not _problems(Plan("x", "host", [step]), tmp_path, None)
    object.__setattr__(step, "manual", "sudo systemctl stop a;touch PWNED")
    step.root = True
    assert _problems(Plan("x", "host", [step]), tmp_path, None)
    tcl = _tcl()
    assert tcl is not None, "no Tcl to check OpenOCD's scripts with: install python3-tk or tcl (tests/run.sh installs tcl)"
    if tcl is not None:
        tcl.allowed = {"program", "script"}
        evil = Plan("x", "openocd", [Step("s", argv=["openocd", "-f", "x} [exec touch PWNED] {", "-c", "program {a b} verify"])])
        assert any("exec" in p for p in _problems(evil, tmp_path, tcl))
        assert not (tmp_path / "PWNED").exists()


def test_every_suggested_command_keeps_hostile_fact_values_one_word(tmp_path: Path) -> None:
    """The commands a finding suggests (knowledge entries' `commands`, filled from the facts): every field
    filled with each hostile value, each line run in bash (nothing found, everything recorded) runs no `touch`.
    A field placed inside the template's own quotes would let a quoted value close them."""
    from doctor import engine, knowledge

    found = []
    tried = 0
    for entry in knowledge.load():
        for template in (entry.remediation or {}).get("commands", []):
            fields = set(re.findall(r"\{(\w+)\}", template))
            if not fields:
                continue
            for h in HOSTILE:
                tried += 1
                filled = engine._format_remediation({"commands": [template]}, {f: h for f in fields}, {"host": {"user": {"name": h}}})
                line = filled["commands"][0]
                ran, err = _shell(line, tmp_path)
                if any(c[:1] == ["touch"] for c in ran) or "PWNED" in os.listdir(tmp_path) or ("syntax error" in err or "unexpected EOF" in err):
                    found.append(f"{entry.id}: {template!r} with {h!r} -> {line!r} runs {ran} {err}")
    assert tried > 0
    assert found == [], "\n".join(found[:10])
