#!/usr/bin/env python3
"""How doctor's diagnosis holds when a paste arrives in another shape than the tool printed it.

    python3 benchmarks/paste_shapes.py [FOLDER] [--shape NAME ...] [--misses N]

Every case of FOLDER (default tests/cases) is rewritten the way a web page or a mail client may hand it to a
user: curly quotes and apostrophes (`curly`), non-breaking spaces (`nbsp`), HTML entities (`entities`), an
ellipsis character (`ellipsis`), en dashes before flags (`dash`), the whole text indented as a Markdown code
block (`indent4`), Windows line endings (`crlf`), mail quoting (`mailquote`), lines cut at a console's 80 or 120 columns (`wrap80`, `wrap120`), a logger's or
terminal's time stamp before every line (`stamp`), a Markdown list marker (`bullet`) or inline-code ticks
(`ticks`) around every line. Each shape's score is the count
of cases whose first finding is still the expected one (healthy: still no error or warning), beside the
unchanged texts' score in the same run. doctor folds forum typography and a shared indentation back
(doctor/parsers/_reader.py `_plain`, doctor/parsers/__init__.py `_dedent_batch`, `_undecorate_batch`,
`_unwrap_batch`); this
measures it.

Framing shapes (session 21, by name only: `--shape plain --shape pio`, ...): the same text inside a wrapper's own
lines, written from the wrapper's source (PlatformIO's upload banner and [FAILED]/[SUCCESS] footer `pio`, arduino-cli /
IDE 2.x `arduino`, IDE 1.8 `arduino18`, Klipper's `make flash` `make`, QMK's `make KB:KM:flash` `qmk`), a neutral
question before and after it (`prose`), a shell prompt with the command that printed it (`console`), or a second,
healthy paste after it (`beside`). A wrapper's footer says failed only when the case is not healthy, with the exit
status its tool returns; a frame adds no board, port option or MCU the knowledge would read as evidence.

Trimming shapes (session 22, by name only: `--shape nohead`, ...): every text of a case cut the way another person
cuts a paste, each a deterministic function of the text: `nohead` drops the lines before the tool's first line of work
(blank lines, a shell prompt or a bare command, the tool's name/version, copyright, licence and bug-report lines, a
rule, PlatformIO's "Processing"/CONFIGURATION/PLATFORM/PACKAGES head); `tail` keeps the last 15 lines of a longer text;
`errblock` keeps only the run of failure lines holding the text's last one (a reader's failure words, not a table's
"errors" column nor a "Timeout : 200" setting), with two lines above and below (a text without one stays whole);
`noblank` drops blank lines; `middle-cut` replaces the middle of a text over 20 lines by a `...` line, keeping its
first and last 8. A trim can cut the very line that names the cause: each is scored twice, on every case and on the
cases whose evidence it keeps (every line doctor quotes for the case's first finding on the plain texts is still in
the trimmed texts: `keeps_evidence`); a healthy case always counts and must still get no error or warning.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import tomllib
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import score_cases  # noqa: E402


def _curly(t: str) -> str:
    t = re.sub(r"'([^'\n]*)'", "\u2018\\1\u2019", t)
    t = re.sub(r'"([^"\n]*)"', "\u201c\\1\u201d", t)
    return t.replace("'", "\u2019")


def _entities(t: str) -> str:
    return t.replace("&", "&amp;").replace('"', "&quot;").replace("'", "&#39;").replace("<", "&lt;").replace(">", "&gt;")


def _wrap(line: str, width: int) -> str:
    """A line copied from a console that breaks at its width (Windows' console host): cut every `width` characters."""
    return "\n".join(line[i:i + width] for i in range(0, len(line), width)) if len(line) > width else line


SHAPES: dict[str, Callable[[str], str]] = {
    "plain": lambda t: t,
    "curly": _curly,
    "nbsp": lambda t: t.replace(" ", "\u00a0"),
    "entities": _entities,
    "ellipsis": lambda t: t.replace("...", "\u2026"),
    "dash": lambda t: t.replace(" -", " \u2013"),
    "indent4": lambda t: "\n".join("    " + line if line else line for line in t.split("\n")),
    "crlf": lambda t: t.replace("\n", "\r\n"),
    "mailquote": lambda t: "\n".join("> " + line for line in t.split("\n")),
    "wrap80": lambda t: "\n".join(_wrap(line, 80) for line in t.split("\n")),
    "wrap120": lambda t: "\n".join(_wrap(line, 120) for line in t.split("\n")),
    "stamp": lambda t: "\n".join("[12:34:56.789] " + line if line.strip() else line for line in t.split("\n")),
    "bullet": lambda t: "\n".join("- " + line if line.strip() else line for line in t.split("\n")),
    "ticks": lambda t: "\n".join("`" + line + "`" if line.strip() else line for line in t.split("\n")),
}


# Framing shapes (session 21): the same tool lines as a wrapper, a forum post or a terminal hands them on. A frame
# is given the text and whether the case is healthy (a wrapper's footer then says so: [SUCCESS], no make error) and
# the tool the text comes from (`_tool`: the first tool name it spells, as a wrapper's protocol or a user's command
# would name it; None: a frame that names no tool). Wrappers frame one text of a case (the first that names a tool,
# else the first): a wrapper prints its uploader's output, not the dmesg or klippy.log pasted beside it; the
# post-level frames (`prose`, `console`, `beside`) go around every text.

# (tool name as a text spells it, PlatformIO upload_protocol, a command a user runs, the exit status a wrapper reports
# when it fails). The command names the tool and its file only: an option (a baud, a part, a programmer) is evidence
# the knowledge reads, which the paste never showed. Exit statuses: dfu-util's EX_IOERR (74) for its transfer and
# status errors (DFU001's notes), esptool's 2 (esptool.py main: FatalError), 1 otherwise.
_TOOLS: tuple[tuple[str, str, str, int], ...] = (
    ("avrdude", "arduino", "avrdude -U flash:w:firmware.hex:i", 1),
    ("esptool", "esptool", "esptool.py write_flash 0x0 firmware.bin", 2),
    ("dfu-util", "dfu", "dfu-util -D firmware.bin", 74),
    ("dfu-programmer", "dfu", "dfu-programmer flash firmware.hex", 1),
    ("st-flash", "stlink", "st-flash write firmware.bin 0x8000000", 1),
    ("openocd", "stlink", "openocd -f openocd.cfg", 1),
    ("stm32flash", "serial", "stm32flash -w firmware.bin", 1),
    ("bossac", "sam-ba", "bossac -w firmware.bin", 1),
    ("picotool", "picotool", "picotool load firmware.uf2", 1),
    ("flash_usb.py", "dfu", "~/klipper/scripts/flash_usb.py out/klipper.bin", 1),
    ("flashtool.py", "serial", "python3 ~/katapult/scripts/flashtool.py -f out/klipper.bin", 1),
    ("STM32_Programmer_CLI", "stlink", "STM32_Programmer_CLI -w firmware.bin", 1),
    ("JLink", "jlink", "JLinkExe -CommandFile flash.jlink", 1),
    ("pyocd", "cmsis-dap", "pyocd flash firmware.bin", 1),
    ("probe-rs", "cmsis-dap", "probe-rs download firmware.elf", 1),
    ("nrfutil", "nrfutil", "adafruit-nrfutil dfu serial --package firmware.zip", 1),
    ("teensy", "teensy-gui", "teensy_loader_cli -w firmware.hex", 1),
    ("micronucleus", "micronucleus", "micronucleus firmware.hex", 1),
)
_TOOL_RE = re.compile("|".join(re.escape(t[0]) for t in _TOOLS), re.IGNORECASE)


def _tool(t: str) -> tuple[str, str, str, int] | None:
    m = _TOOL_RE.search(t)
    if not m:
        return None
    return next(row for row in _TOOLS if row[0].lower() == m.group(0).lower())


def _status(t: str) -> int:
    tool = _tool(t)
    return tool[3] if tool else 1


def _windows(t: str) -> bool:
    return bool(re.search(r"\bCOM\d+\b|[A-Z]:\\", t))


def _pio(t: str, healthy: bool) -> str:
    """PlatformIO core 6.1.17 (platformio-core 145142ea: run/cli.py print_processing_header/footer, builder/main.py
    "Configuring upload protocol...", builder/tools/pioupload.py PrintUploadInfo and "Auto-detected: PORT"); the
    platforms' builder/main.py "Looking for upload port..." and "Uploading $SOURCE"; SCons' "*** [upload] Error 1"."""
    tool = _tool(t)
    port = "COM3" if _windows(t) else "/dev/ttyACM0"
    # the environment's name is the user's (platformio.ini [env:NAME]); a board's name there (`uno`) is evidence the
    # knowledge reads, so the frame's is neutral
    head = ["Processing release (platform: ststm32; board: genericSTM32F103C8; framework: arduino)",
            "-" * 80, "Verbose mode can be enabled via `-v, --verbose` option",
            "Checking size .pio/build/release/firmware.elf",
            "Advanced Memory Usage is available via \"PlatformIO Home > Project Inspect\"",
            "RAM:   [=         ]  11.4% (used 2340 bytes from 20480 bytes)",
            "Flash: [===       ]  27.2% (used 17836 bytes from 65536 bytes)",
            "Configuring upload protocol..."]
    if tool:
        head += [f"AVAILABLE: {tool[1]}", f"CURRENT: upload_protocol = {tool[1]}"]
    head += ["Looking for upload port...", f"Auto-detected: {port}", "Uploading .pio/build/release/firmware.bin"]
    if healthy:
        foot = ["=" * 27 + " [SUCCESS] Took 7.83 seconds " + "=" * 27]
    else:
        foot = [f"*** [upload] Error {_status(t)}", "=" * 27 + " [FAILED] Took 7.83 seconds " + "=" * 27]
    return "\n".join(head) + "\n" + t.rstrip("\n") + "\n" + "\n".join(foot) + "\n"


# The size report's limit names the board (ArduinoCore-avr 1.8.8 boards.txt: Uno 32256, Nano and Pro Mini 30720,
# Leonardo 28672), which the knowledge reads; a frame must not add a board the paste never showed, so it reports the
# Mega 2560's (253952 / 8192), a limit no entry keys on
_SKETCH = ("Sketch uses 1478 bytes (0%) of program storage space. Maximum is 253952 bytes.\n"
           "Global variables use 188 bytes (2%) of dynamic memory, leaving 8004 bytes for local variables. Maximum is 8192 bytes.\n")


def _arduino(t: str, healthy: bool) -> str:
    """Arduino IDE 2.3.8 / arduino-cli 1.5.1 (arduino-cli 5994c5d3: internal/arduino/builder/sizer.go "Sketch uses ...",
    commands/service_upload.go "Failed uploading" + "uploading error: %s")."""
    return _SKETCH + t.rstrip("\n") + "\n" + ("" if healthy else f"Failed uploading: uploading error: exit status {_status(t)}\n")


def _arduino18(t: str, healthy: bool) -> str:
    """Arduino IDE 1.8.19 (arduino/Arduino 3278173e: app/.../SketchController.java "An error occurred while uploading
    the sketch"; the sizer's lines as above)."""
    return _SKETCH + t.rstrip("\n") + "\n" + ("" if healthy else "An error occurred while uploading the sketch\n")


def _make(t: str, healthy: bool) -> str:
    """Klipper's `make flash FLASH_DEVICE=...` (Klipper3d/klipper 84104bbb: src/stm32/Makefile flash target, "  Flashing
    $< to $(FLASH_DEVICE)"); GNU make 4.x's "make: *** [FILE:LINE: TARGET] Error N"."""
    dev = "/dev/ttyACM0"  # a by-id name would state an MCU the knowledge compares with .config
    head = f"  Flashing out/klipper.bin to {dev}\n"
    return head + t.rstrip("\n") + "\n" + ("" if healthy else f"make: *** [src/stm32/Makefile:106: flash] Error {_status(t)}\n")


def _qmk(t: str, healthy: bool) -> str:
    """QMK's `make KB:KM:flash` (qmk_firmware 00be250c: builddefs/message.mk MSG_MAKE_KB, MSG_LINKING, MSG_BIN, OK_STRING,
    MSG_FILE_JUST_RIGHT, MSG_ERRORS "Make finished with errors"); GNU make 4.x's error lines."""
    head = ("QMK Firmware 0.26.11\n"
            "Making planck/rev6 with keymap default and target flash\n\n"
            + "Linking: .build/planck_rev6_default.elf".ljust(118) + " [OK]\n"
            + "Creating binary load file for flashing: .build/planck_rev6_default.bin".ljust(118) + " [OK]\n"
            "The firmware size is fine - 52384/65536 (79%, 13152 bytes free)\n")
    foot = "" if healthy else (f"make[1]: *** [platforms/chibios/flash.mk:94: flash] Error {_status(t)}\n"
                               "Make finished with errors\n"
                               "make: *** [Makefile:392: planck/rev6:default:flash] Error 1\n")
    return head + t.rstrip("\n") + "\n" + foot


def _prose(t: str, healthy: bool) -> str:
    return "Hi, I get this when I try to flash, any idea what is wrong?\n\n" + t.rstrip("\n") + "\n\nThanks in advance\n"


# The command a console paste starts with is the one that printed the text: its own first line when the text starts
# with a command; the wrapper whose lines it shows (its output names the tool it ran, which a user did not type); else
# the tool's, naming only its file
_WRAPPER_COMMANDS = ((re.compile(r"(?i)\.platformio|\.pio/|platformio|\[(?:SUCCESS|FAILED)\] Took"), "pio run -t upload"),
                     (re.compile(r"(?i)qmk"), "qmk flash"),
                     (re.compile(r"(?i)arduino"), "arduino-cli upload -p /dev/ttyACM0"),
                     (re.compile(r"(?m)^g?make(?:\[\d+\])?: |^\s*Flashing out/klipper"), "make flash"))
_COMMAND_START = re.compile(r'^\s*(?:sudo\s+)?"?(?:[^"\s]*[/\\])?(?:[\w.-]+\.(?:py|exe|sh)|avrdude|esptool|dfu-util|dfu-programmer|st-flash|st-info|'
                            r'openocd|stm32flash|bossac|picotool|make|pio|platformio|arduino-cli|qmk|python3?|JLinkExe|pyocd|probe-rs|'
                            r'lsusb|dmesg|ls|cat|sudo)"?(?=\s|$)')


def _console(t: str, healthy: bool) -> str:
    prompt = "PS C:\\Users\\user> " if _windows(t) else "pi@host:~ $ "
    if _COMMAND_START.match(t.split("\n", 1)[0]):
        return prompt + t.lstrip()
    tool = _tool(t)
    cmd = next((c for pat, c in _WRAPPER_COMMANDS if pat.search(t)), tool[2] if tool else "./flash.sh")
    return prompt + cmd + "\n" + t


def _beside(t: str, healthy: bool) -> str:
    return (t.rstrip("\n") + "\n\n$ uname -a\n"
            "Linux host 6.1.21-v8+ #1642 SMP PREEMPT Mon Apr  3 17:24:16 BST 2023 aarch64 GNU/Linux\n"
            "$ python3 --version\nPython 3.11.2\n")


# Trimming shapes (session 22, by name only: `--shape nohead`, ...): the same paste as another person cuts it. Each is
# a deterministic function of one text, applied to every text of a case, mirroring the cuts seen in tests/cases (a
# third of the texts are under 6 lines; 15 % start with a prompt and the command; a third hold a blank line; 15 % carry
# a `...` cut of their own).
_PROMPT = re.compile(r"^\s*(?:[\w.-]+@[\w.-]+[:\s][^\n]*?[$#%]\s|[$#%>]\s|PS [A-Z]:\\[^>\n]*>\s?|[A-Z]:\\[^>\n]*>\s?)")
# what a tool prints before its work: its name and version (avrdude "avrdude: Version 6.3, compiled on ...", dfu-util
# "dfu-util 0.11", OpenOCD "Open On-Chip Debugger 0.12.0", esptool "esptool.py v4.7.0", st-flash "st-flash 1.7.0",
# stm32flash "stm32flash 0.7", STM32CubeProgrammer's boxed "STM32CubeProgrammer v2.9.0", J-Link "SEGGER J-Link
# Commander V7.94e"), copyright, licence and bug-report lines, a bare address, a rule; PlatformIO's "Processing ENV
# (platform: ...)" head with its CONFIGURATION/PLATFORM/HARDWARE/DEBUG/PACKAGES lines
_BANNER = re.compile(r"(?i)^\s*(?:[\w.+-]+(?:[ :]+[\w.+-]+){0,4}:?\s+(?:v|version\s*:?\s*)?\d+\.\d+[\w.+-]*(?:[,\s(].*)?"
                     r"|.*\bcopyright\b.*|\(c\).*|.*\blicen[sc]ed under\b.*|.*free software.*|.*\breport bugs\b.*"
                     r"|for bug reports.*|<?https?://\S+>?|[-=*_#]{5,}|(?:Processing \S+ \((?:platform|board|framework):.*)"
                     r"|Verbose mode can be enabled.*|(?:CONFIGURATION|PLATFORM|HARDWARE|DEBUG|PACKAGES):.*|-\s+[\w.-]+ @?\s*\S*\d.*)\s*$")
# the words a reader's eye looks for when cutting a paste down to its error (not a table's "errors" column nor a
# setting's "Timeout")
_FAILURE_WORD = re.compile(r"(?i)\b(?:error|fail(?:s|ed|ure)?|fatal|cannot|can't|could ?n[o']t|unable to|not found|no such|"
                           r"denied|timed out|refused|abort(?:ed|ing)?|invalid|exception|traceback|panicked|"
                           r"not responding|no device)\b")


def _lines(t: str) -> tuple[list[str], str]:
    body = t.rstrip("\n")
    return body.split("\n"), "\n" if t.endswith("\n") else ""


def _nohead(t: str) -> str:
    """The paste begins at the tool's first line of work: the prompt, the command, the blank lines and the tool's
    banner above it are cut."""
    lines, end = _lines(t)
    i = 0
    while i < len(lines) and (not lines[i].strip() or _PROMPT.match(lines[i]) or _COMMAND_START.match(lines[i])
                              or _BANNER.match(lines[i])):
        i += 1
    return "\n".join(lines[i:]) + end if i < len(lines) else t


def _tail(t: str, n: int = 15) -> str:
    """The last `n` lines of a longer text, the way `tail` or a screenshot of a terminal's bottom hands it on."""
    lines, end = _lines(t)
    return "\n".join(lines[-n:]) + end if len(lines) > n else t


def _errblock(t: str) -> str:
    """Only the error: the run of failure lines holding the text's last one, with two lines above and below it. A
    text with no failure word is pasted whole."""
    lines, end = _lines(t)
    hits = [i for i, line in enumerate(lines) if _FAILURE_WORD.search(line)]
    if not hits:
        return t
    last = start = hits[-1]
    while start > 0 and lines[start - 1].strip() and _FAILURE_WORD.search(lines[start - 1]):
        start -= 1
    return "\n".join(lines[max(0, start - 2):last + 3]) + end


def _noblank(t: str) -> str:
    lines, end = _lines(t)
    return "\n".join(line for line in lines if line.strip()) + end


def _middle_cut(t: str, keep: int = 8) -> str:
    """A long text's middle replaced by a `...` line: its first and last `keep` lines stay."""
    lines, end = _lines(t)
    return "\n".join(lines[:keep] + ["..."] + lines[-keep:]) + end if len(lines) > 2 * keep + 4 else t


TRIMS: dict[str, Callable[[str], str]] = {
    "nohead": _nohead,
    "tail": _tail,
    "errblock": _errblock,
    "noblank": _noblank,
    "middle-cut": _middle_cut,
}


# name: (frame, whether it frames every text of a case or only the tool's)
FRAMES: dict[str, tuple[Callable[[str, bool], str], bool]] = {
    "pio": (_pio, False),
    "arduino": (_arduino, False),
    "arduino18": (_arduino18, False),
    "make": (_make, False),
    "qmk": (_qmk, False),
    "prose": (_prose, True),
    "console": (_console, True),
    "beside": (_beside, True),
}


def case_hits(case: Path, shape: Callable[[str], str] | str) -> tuple[bool, str | None, list[str]]:
    """Whether doctor still names the case's expected cause first when its texts are reshaped or framed (judged as
    benchmarks/score_cases.py judges a case)."""
    texts = {p.name: p.read_text(encoding="utf-8", errors="replace")
             for p in sorted(case.iterdir()) if p.is_file() and p.name != "case.toml"}
    if isinstance(shape, str) and shape in TRIMS:
        shape = TRIMS[shape]
    if isinstance(shape, str):
        frame, every = FRAMES[shape]
        healthy = tomllib.loads((case / "case.toml").read_text(encoding="utf-8")).get("expect") == ["none"]
        names = list(texts)
        if not every:
            names = [next((n for n in names if _tool(texts[n])), names[0])] if names else []
        texts = {n: frame(t, healthy) if n in names else t for n, t in texts.items()}
    else:
        texts = {n: shape(t) for n, t in texts.items()}
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for name, text in texts.items():
            q = Path(tmp) / name
            q.write_text(text, encoding="utf-8")
            paths.append(str(q))
        expect, first, hit, _silent = score_cases.judge(case, paths)
    return hit, first, expect


def keeps_evidence(case: Path, trim: Callable[[str], str]) -> bool:
    """Whether a trim keeps every line doctor quotes as evidence for the case's first finding on its own texts (a
    healthy case: always). A trimmed case that lost its evidence is no failure of doctor; those are scored apart."""
    from doctor import engine
    from doctor.parsers import analyze_files

    texts = [p for p in sorted(case.iterdir()) if p.is_file() and p.name != "case.toml"]
    if tomllib.loads((case / "case.toml").read_text(encoding="utf-8")).get("expect") == ["none"]:
        return True
    findings = engine.evaluate(analyze_files([str(p) for p in texts]))
    if not findings:
        return True
    raw = {p.name: p.read_text(encoding="utf-8", errors="replace") for p in texts}
    cut = {n: trim(t) for n, t in raw.items()}
    for path, value in findings[0].evidence:
        # (trim s22) FILE:LINE, or a folded repeat's "FILE:LINE (×3, last at line 20)"
        at = re.match(r"(.*?):(\d+)", str(path))
        name, line = (at.group(1), at.group(2)) if at else ("", "")
        if str(path) in raw:
            name, line = str(path), "0"
        # a quote may be cut short or joined from a wrapped line: its start finds it
        quoted = " ".join(str(value).split())[:60]
        if not quoted or name not in raw or not line.isdigit():
            continue  # a fact, not a quoted line (evidence quotes FILE:LINE or FILE)
        if quoted in " ".join(raw[name].split()) and quoted not in " ".join(cut[name].split()):
            return False
    return True


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", type=Path, default=ROOT / "tests" / "cases")
    ap.add_argument("--shape", action="append", choices=sorted(SHAPES) + sorted(FRAMES) + sorted(TRIMS),
                    help="shapes to try (default: all typographic ones; framing and trimming shapes by name)")
    ap.add_argument("--misses", type=int, default=0, help="list up to N cases a shape breaks")
    args = ap.parse_args(argv)
    cases = sorted(p.parent for p in args.folder.glob("*/case.toml"))
    for name in args.shape or list(SHAPES):
        results = [(c.name, *case_hits(c, SHAPES[name] if name in SHAPES else name)) for c in cases]
        hits = sum(r[1] for r in results)
        line = f"{name:10} {hits}/{len(cases)} right first"
        if name in TRIMS:
            # a trim is scored on the cases whose evidence it keeps; the others are listed apart
            kept = {c.name for c in cases if keeps_evidence(c, TRIMS[name])}
            line += f"; {sum(r[1] for r in results if r[0] in kept)}/{len(kept)} of the cases it leaves their evidence"
            results = [r for r in results if r[0] in kept] + [(r[0], True, *r[2:]) for r in results if r[0] not in kept]
        print(line)
        for cname, hit, first, expect in [r for r in results if not r[1]][: args.misses]:
            print(f"    {cname}: expected {'/'.join(expect)}, doctor said {first or 'nothing'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
