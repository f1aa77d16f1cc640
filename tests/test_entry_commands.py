"""Every shell command a knowledge entry (or next_steps.toml) tells people to run is exercised (issue 15): people paste
them into a root shell on their printer, so each one must be accepted by the tool it calls, in the versions people run.

Each line is extracted from the entries' remediation commands and from the `backticked` commands of their prose,
its placeholders (<APP_ADDRESS>, {interface}, <family>...) filled with realistic values, and then:

- the whole line must be valid shell (`bash -n`);
- each simple command is handed to the tool it calls, where that tool is installed, WITHOUT touching hardware:
  dfu-util (0.11), avrdude, st-flash/st-info, stm32flash and dfu-programmer run inside `umockdev-run` (an empty
  testbed: no USB device is visible) with a filter that matches nothing (-d ffff:fffe, --serial, a bus address, a
  missing port) and `avrdude -n` (no writes); each must get past its own option parsing to its "no device" stage.
  OpenOCD loads the -f files and runs the configuration-stage -c commands, then `shutdown` before `init`; the
  commands that need a target are checked to exist (`info commands`, `usage`). `ip link` runs in a private network
  namespace on `lo` (userspace parsing done, the kernel refuses the CAN type). mkfs.vfat formats an image file.
  ifquery reads the stanza an entry writes; sed runs on a copy. grep runs against a Klipper .config with the lines a
  real build writes. Other installed tools have each option checked against their own --help.
- tools that cannot be run here (raspi-config, flashtool.py, flash-sdcard.sh, make in a Klipper tree, vendor tools)
  are checked against their option sets as their sources define them (commit named below).

Every tool a command calls is covered by one of these: a test fails when an entry calls a tool nobody checks."""

from __future__ import annotations

import functools
import os
import signal
import re
import shlex
import shutil
import subprocess
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from doctor import knowledge

ROOT = Path(__file__).resolve().parents[1]

# Realistic values for the placeholders entries print (filled before any parsing).
FILL = {
    "<APP_ADDRESS>": "0x08008000",
    "<mcu>": "stm32f446xx", "{mcu}": "stm32f446xx",
    "<serial>": "4E0033000851353532383238", "{serial}": "4E0033000851353532383238",
    "<uuid>": "8a4b1d4e3a7c", "{uuid}": "8a4b1d4e3a7c",
    "{near}": "usb-katapult_stm32f446xx_4E0033000851353532383238-if00",
    "<board>": "btt-skr-mini-e3-v2", "<board-from-the-list>": "btt-skr-mini-e3-v2",
    "<keyboard>": "planck/rev4", "<keymap>": "default",
    "<device>": "0483:df11", "{vid}": "0483", "{pid}": "df11",
    "{interface}": "can0", "{configured}": "1000000",
    "{device}": "/dev/serial/by-id/usb-katapult_stm32f103xe_35FFD6054748303416732457-if00",
    "{port}": "/dev/ttyACM0", "{board_port}": "/dev/ttyACM3", "<port>": "/dev/ttyACM0", "{targets}": "atmega16u2", "<target>": "nrf52840",
    "<chip>": "STM32F446RE", "<family>": "stm32f4x", "<driver>": "stm32f2x",
    "bitrate N": "bitrate 1000000",
    "<programmer>": "usbasp", "<part>": "m328p",
    "{path}": "/usr/local/share/stlink/chips", "{file}": "hackrf_one_usb.bin", "{group}": "dialout",
    # [[when]] texts name fact fields; these are the values the facts carry there
    "apt install {name}": "apt install libusb-1.0-0-dev", "{name}": "can0",
    # (s22) fields of [[when]] forms' own commands
    "{expected}": "0x0", "{new_port}": "/dev/ttyACM1",
    "<vid:pid>": "2e8a:000c", "<number>": "5", "<BUSID>": "1-4", "<PORT>": "/dev/ttyACM0", "<name>": "planck", "<snap>": "arduino", "<id>": "5",
    # (s23) a serial link's rate (Katapult flashtool.py -b): its default build rate
    "<baud>": "250000",
}
# OpenOCD target files and the flash driver SWD006's text names for each (checked: the driver's `unlock` exists
# once that target file is loaded).
FAMILY_DRIVER = {"stm32f1x": "stm32f1x", "stm32f4x": "stm32f2x", "stm32g0x": "stm32l4x", "stm32h7x": "stm32h7x"}

# The lines of a real Klipper .config (make menuconfig for an Octopus, v0.13) and Katapult's, for the greps.
KLIPPER_CONFIG = """CONFIG_LOW_LEVEL_OPTIONS=y
CONFIG_MACH_STM32=y
CONFIG_BOARD_DIRECTORY="stm32"
CONFIG_MCU="stm32f446xx"
CONFIG_CLOCK_FREQ=180000000
CONFIG_SERIAL=y
CONFIG_FLASH_SIZE=0x80000
CONFIG_FLASH_BOOT_ADDRESS=0x8000000
CONFIG_RAM_START=0x20000000
CONFIG_RAM_SIZE=0x20000
CONFIG_STACK_SIZE=512
CONFIG_FLASH_APPLICATION_ADDRESS=0x8008000
CONFIG_STM32_FLASH_START_8000=y
CONFIG_CLOCK_REF_FREQ=12000000
CONFIG_STM32_SERIAL_USART1=y
CONFIG_SERIAL_BAUD=250000
CONFIG_CANBUS_FREQUENCY=1000000
"""
KATAPULT_CONFIG = """CONFIG_MCU="stm32f446xx"
CONFIG_LAUNCH_APP_ADDRESS=0x8008000
CONFIG_SERIAL_BAUD=250000
CONFIG_CANBUS_FREQUENCY=1000000
"""

# Option sets of scripts that cannot run here, from their sources.
SOURCES = {
    # Katapult scripts/flashtool.py @902f335 (argparse in main())
    "flashtool.py": {"-d": True, "--device": True, "-b": True, "--baud": True, "-i": True, "--interface": True,
                     "-f": True, "--firmware": True, "-u": True, "--uuid": True, "-q": False, "--query": False,
                     "-v": False, "--verbose": False, "-r": False, "--request-bootloader": False,
                     "-s": False, "--status": False},
    # Klipper scripts/flash-sdcard.sh @84104bb: getopts "hlcsb:f:d:", then exactly <device> <board>
    "flash-sdcard.sh": {"-h": False, "-l": False, "-c": False, "-s": False, "-b": True, "-f": True, "-d": True},
    # Klipper scripts/canbus_query.py @84104bb: one positional, the interface
    "canbus_query.py": {},
}
# (s22 forms) BOSSA src/bossac.cpp @3532de8 (1.9.1), its Option table: True = takes a value (the next word or
# --long=VALUE), None = an optional value (only as --long=VALUE or -xVALUE), False = a flag. --offset since 1.8.
BOSSAC = {"e": False, "erase": False, "w": False, "write": False, "r": None, "read": None, "v": False, "verify": False,
          "o": True, "offset": True, "p": True, "port": True, "b": None, "boot": None, "c": None, "bod": None,
          "t": None, "bor": None, "l": None, "lock": None, "u": None, "unlock": None, "s": False, "security": False,
          "i": False, "info": False, "d": False, "debug": False, "U": None, "usb-port": None, "R": False, "reset": False,
          "a": False, "arduino-erase": False, "h": False, "help": False}
# (s22 forms) esptool v4.8.1 esptool/__init__.py: global options (True = takes a value) and the commands' names
ESPTOOL_GLOBAL = {"--chip": True, "-c": True, "--port": True, "-p": True, "--baud": True, "-b": True, "--before": True,
                  "--after": True, "-a": True, "--no-stub": False, "--trace": False, "-t": False, "--connect-attempts": True}
ESPTOOL_CHIPS = {"auto", "esp8266", "esp32", "esp32s2", "esp32s3", "esp32c2", "esp32c3", "esp32c6", "esp32h2", "esp32p4"}
ESPTOOL_COMMANDS = {"load_ram", "dump_mem", "read_mem", "write_mem", "write_flash", "run", "image_info", "make_image",
                    "elf2image", "read_mac", "chip_id", "flash_id", "read_flash_status", "write_flash_status",
                    "read_flash", "verify_flash", "erase_flash", "erase_region", "read_flash_sfdp", "merge_bin",
                    "get_security_info", "version"}
# Klipper's Makefile @84104bb: `menuconfig`, `clean`, the default target, and `flash` (src/*/Makefile, FLASH_DEVICE=)
MAKE_TARGETS = {"menuconfig", "clean", "flash", "serialflash"}
# raspi-config `nonint` functions entries use, with the values they accept (RPi-Distro/raspi-config @9c55e7b:
# do_serial_cons / do_serial_hw since 20231018, commit a5bd201; before it, do_serial N: 0 console and hardware on,
# 1 both off, 2 console off and hardware on)
RASPI_CONFIG = {"do_serial_cons": {"0", "1"}, "do_serial_hw": {"0", "1"}, "do_serial": {"0", "1", "2"}}
# Commands that need a newer tool than an older Debian release ships (tests/old_tools.sh SUITE sets
# DOCTOR_OLD_TOOLS=SUITE): there the entry's text must say which version is needed; the command is not run.
NEEDS_NEWER = [
    (r"target/rp2040\.cfg", {"bullseye"}, "OpenOCD 0.12"),  # added to OpenOCD's scripts in 0.12
]
# Commands with no Linux tool to run them here, and why they are left unchecked
UNCHECKED = {
    "STM32_Programmer_CLI": "STMicroelectronics' proprietary STM32CubeProgrammer (not packaged)",
    "qmk": "QMK's CLI, a Python package that flashes through its own tools (checked only as shell)",
    "vcgencmd": "Raspberry Pi firmware tool (only on Raspberry Pi OS)",
    "JLinkExe": "SEGGER's proprietary J-Link tools",
    "nrfjprog": "Nordic's proprietary command line tools",
    "pyocd": "pyOCD (a Python package, not installed here)",
    "where.exe": "Windows' own PATH lookup (cmd/PowerShell; no Windows here): TOOL001's WinError-2 form (s22)",
    "picotool": "not packaged for Debian 12 (bookworm)",
    "pio": "PlatformIO (a Python package)",
    "pip": "pip itself",
    "arduino-cli": "Arduino's CLI (not packaged for Debian 12)",
    "git": "git (only `git -C DIR pull|log`, checked as shell)",
    "journalctl": "systemd's journal reader (options checked against --help where installed)",
    "tee": "coreutils", "echo": "shell builtin", "printf": "shell builtin", "cd": "shell builtin", "for": "shell loop",
    "ln": "coreutils", "basename": "coreutils", "ps": "procps", "id": "coreutils",
}

# (s22 review) Tools that only [[when]] forms' own commands call, not yet checked against their sources (the guard
# saw form commands from session 22 on): each is a debt, listed by name, not a verdict that the lines are right.
FORM_UNCHECKED = {t: "a form's own command (s22): its options are not yet checked against the tool's source" for t in (
    "BootCommander", "GCFFlasher", "adafruit-nrfutil", "arm-none-eabi-gdb", "arm-none-eabi-objcopy", "arm-none-eabi-objdump",
    "arm-none-eabi-size", "artemis_svl.py", "blhost", "cc2538-bsl.py", "cfloader", "cp", "docker", "edbg", "hid-flash",
    "idf.py", "lm4flash", "lpc21isp", "lsof", "mdloader", "micronucleus", "minichlink", "nrfutil", "openFPGALoader",
    "opencr_ld", "pm3-flash-all", "probe-rs", "px_uploader.py", "sdphost", "sleep", "snap", "stm8flash", "stty",
    "teensy_loader_cli", "universal-silabs-flasher", "usbguard", "usbipd", "wchisp")}
UNCHECKED.update(FORM_UNCHECKED)

# Tools whose Debian package tests/run.sh must install for this test to run them.
PACKAGES = {"dfu-util": "dfu-util", "avrdude": "avrdude", "st-flash": "stlink-tools", "st-info": "stlink-tools",
            "openocd": "openocd", "stm32flash": "stm32flash", "dfu-programmer": "dfu-programmer",
            "ifquery": "ifupdown", "mkfs.vfat": "dosfstools", "umockdev-run": "umockdev", "udevadm": "udev",
            "ip": "iproute2", "unshare": "util-linux", "lsblk": "util-linux", "lsusb": "usbutils",
            "lsmod": "kmod", "modprobe": "kmod", "fuser": "psmisc", "dmesg": "util-linux", "umount": "util-linux"}

_TOOLS = ("dfu-util", "avrdude", "st-flash", "st-info", "openocd", "stm32flash", "dfu-programmer", "ifquery",
          "mkfs.vfat", "ip", "udevadm", "systemctl", "lsusb", "lsblk", "lsmod", "modprobe", "dmesg", "fuser", "usermod",
          "umount", "grep", "sed", "ls", "tail", "make", "raspi-config", "apt", "pacman", "dnf", "python3", "doctor",
          "journalctl", "bossac", "esptool.py", "esptool", *SOURCES, *UNCHECKED)
_PLACEHOLDER = re.compile(r"<[A-Za-z_-]+>|\{[a-z_]+\}")


# --- extraction --------------------------------------------------------------------------------------------------


def _fill(line: str) -> str:
    for key, value in FILL.items():
        line = line.replace(key, value)
    return line


def _first_tool(words: list[str]) -> str | None:
    words = [w for w in words if not re.fullmatch(r"[A-Z_]+=\S*", w)]
    while words and words[0] in ("sudo", "exec", "do", "then", "!"):
        words = words[1:]
    if not words:
        return None
    name = os.path.basename(words[0])
    if name in ("python3", "python") and len(words) > 1:
        name = os.path.basename(words[1])
    return name


def _is_command(text: str) -> bool:
    try:
        words = shlex.split(_fill(text), comments=True)
    except ValueError:
        return False
    return bool(words) and (_first_tool(words) in _TOOLS) and words[0] not in ("id", "for", "do", "echo", "printf", "cd")


def _lines() -> list[tuple[str, str]]:
    """(where, line) for every remediation command and every backticked command of an entry's or next_steps' prose."""
    out: list[tuple[str, str]] = []
    for e in knowledge.load():
        rems = [e.remediation or {}, *(w.remediation for w in e.when if w.remediation)]  # (s22) a form's own fix too
        for rem in rems:
            for cmd in rem.get("commands") or []:
                out.append((e.id, str(cmd)))
        prose = [str(e.explanation or ""), *(str(rem.get("text") or "") for rem in rems), str(e.ask or "")]
        prose += [str(getattr(w, k, "") or "") for w in e.when for k in ("ask", "message")]
        for text in prose:
            for quoted in re.findall(r"`([^`\n]+)`", text):
                if _is_command(quoted) and not quoted.rstrip().endswith("..."):
                    out.append((f"{e.id} (prose)", quoted))
    steps = tomllib.loads((ROOT / "knowledge" / "next_steps.toml").read_text())
    for key, row in steps.items():
        for quoted in re.findall(r"`([^`\n]+)`", str(row.get("next") or "")):
            if _is_command(quoted):
                out.append((f"next_steps.{key} (prose)", quoted))
    return list(dict.fromkeys(out))  # each (where, line) once, in order


LINES = _lines()


def _simple_commands(line: str) -> list[list[str]]:
    """The simple commands of LINE (split at | && || ; and loop keywords), as words, comments dropped."""
    lex = shlex.shlex(line, posix=True, punctuation_chars="|&;")
    lex.whitespace_split = True
    lex.commenters = "#"
    out: list[list[str]] = [[]]
    for tok in lex:
        if tok in ("|", "||", "&&", ";", "&", ";;"):
            out.append([])
        elif re.fullmatch(r"\d?>>?\S*|<\S*", tok):  # a redirection (2>/dev/null): no argument of the command
            continue
        else:
            out[-1].append(tok)
    return [c for c in out if c]


# --- running tools without hardware --------------------------------------------------------------------------------


def have(tool: str) -> bool:
    return shutil.which(tool) is not None or Path("/sbin", tool).exists() or Path("/usr/sbin", tool).exists()


def _which(tool: str) -> str:
    return shutil.which(tool) or next(str(p) for p in (Path("/usr/sbin", tool), Path("/sbin", tool)) if p.exists())


def _sandbox(tmp: Path) -> dict[str, str]:
    home = tmp / "home"
    for sub, text in (("klipper/.config", KLIPPER_CONFIG), ("katapult/.config", KATAPULT_CONFIG)):
        (home / sub).parent.mkdir(parents=True, exist_ok=True)
        (home / sub).write_text(text)
    for sub in ("klipper/out/klipper.bin", "katapult/out/katapult.bin"):
        (home / sub).parent.mkdir(parents=True, exist_ok=True)
        (home / sub).write_bytes(bytes(range(256)) * 64)
    (tmp / "out").mkdir(exist_ok=True)
    (tmp / "out" / "klipper.bin").write_bytes(bytes(range(256)) * 64)
    (tmp / "firmware.bin").write_bytes(bytes(range(256)) * 64)
    (tmp / "file.dfu").write_bytes(bytes(range(256)) * 64)
    (tmp / "BOARD_bl.bin").write_bytes(bytes(range(256)) * 64)  # BOOT001's ArduPilot form: `dfu-util ... -D BOARD_bl.bin`
    (tmp / "firmware.elf").write_bytes(b"\x7fELF" + bytes(range(252)) * 64)  # OpenOCD's `program firmware.elf` (s22 forms)  # BOOT006's Fomu advice: `dfu-util -D file.dfu`
    for name in ("firmware.hex", "Arduino-usbserial-atmega16u2-Uno-Rev3.hex"):
        (tmp / name).write_text(":0400000000000000FC\n:00000001FF\n")
    return {**os.environ, "HOME": str(home), "LC_ALL": "C", "USER": "pi"}


def _expand(words: list[str], env: dict[str, str]) -> list[str]:
    return [env["HOME"] + w[1:] if w.startswith("~/") else w.replace("$USER", env["USER"]) for w in words]


def _run(argv: list[str], tmp: Path, env: dict[str, str], timeout: float = 30) -> tuple[int, str]:
    """ARGV inside an empty umockdev testbed (no USB device visible), in TMP. On a time-out the whole process group
    goes: umockdev-run's child (avrdude 7.1's stk500v2 retrying a port it cannot open) would outlive its parent and
    spin on a CPU for the rest of the run (it slowed a full suite run from 7 to 15 minutes)."""
    proc = subprocess.Popen(["umockdev-run", "--", *argv], cwd=tmp, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        raise subprocess.TimeoutExpired(proc.args, timeout, output=out, stderr=err) from None
    return proc.returncode, out + err


@functools.lru_cache(maxsize=None)
def _help_text(tool: str, sub: str | None = None) -> str:
    argv = [_which(tool)] + ([sub] if sub else []) + ["--help"]
    res = subprocess.run(argv, capture_output=True, text=True, timeout=15, env={**os.environ, "LC_ALL": "C", "SYSTEMD_PAGER": ""})
    return res.stdout + res.stderr


# Options a tool accepts without listing them in --help: systemd's src/udev/udevadm-control.c keeps
# { "reload-rules", no_argument, NULL, 'R' } /* alias for -R */ (the only spelling of udev before systemd 183).
HIDDEN_ALIASES = {"udevadm": {"--reload-rules"}}


def _options_in_help(tool: str, words: list[str], help_text: str) -> str | None:
    """None when every option of WORDS appears in HELP_TEXT (long options by name, short ones letter by letter)."""
    for w in words:
        if w in HIDDEN_ALIASES.get(tool, ()):
            continue
        if w == "--" or not w.startswith("-") or re.fullmatch(r"-\d+", w):
            continue
        if w.startswith("--"):
            name = w.split("=", 1)[0]
            if not re.search(re.escape(name) + r"(?![\w-])", help_text):
                return f"{tool}: {name} is not an option of this {tool} (its --help)"
        else:
            for letter in re.sub(r"\d+$", "", w[1:]):  # -A4: the option's value follows its letter
                if not re.search(r"(?<![\w-])-" + re.escape(letter) + r"\b", help_text):
                    return f"{tool}: -{letter} is not an option of this {tool} (its --help)"
    return None


def check_dfu_util(words: list[str], tmp: Path, env: dict[str, str]) -> str | None:
    argv = list(words)
    if "-d" in argv:
        i = argv.index("-d")
        if not re.fullmatch(r"[0-9a-f]{4}:[0-9a-f]{4}(,[0-9a-f]{4}:[0-9a-f]{4})?", argv[i + 1]):
            return f"dfu-util -d {argv[i + 1]}: not VID:PID"
        argv[i + 1] = "ffff:fffe"  # matches nothing: no device is ever opened
    if "-s" in argv:
        address, *mods = argv[argv.index("-s") + 1].split(":")
        if address and not re.fullmatch(r"0x[0-9a-fA-F]+", address):
            return f"dfu-util -s {address}: not a hex address"
        unknown = set(mods) - {"leave", "mass-erase", "unprotect", "will-reset", "force", ""}
        if unknown:
            return f"dfu-util -s: unknown DfuSe modifier(s) {sorted(unknown)}"
        if ("mass-erase" in mods or "unprotect" in mods) and "force" not in mods:
            return "dfu-util: mass-erase/unprotect need `force`"
        # dfu-util 0.9 (Debian 11 / Raspberry Pi OS Bullseye) exits with "You need to specify one of -D or -U"
        # when neither is given, -s options or not; 0.10 accepts -s alone (dfu-util main.c of each release)
        if not {"-D", "-U", "--download", "--upload"} & set(argv):
            return "dfu-util 0.9 refuses -s without -D or -U (You need to specify one of -D or -U); add -D"
    if "-D" in argv:
        path = Path(argv[argv.index("-D") + 1])
        if re.search(r"klipper|katapult", str(path)) and not (path if path.is_absolute() else tmp / path).exists():
            return f"dfu-util -D {path}: the file the command names is not where the build puts it"
    rc, out = _run(["dfu-util", *argv[1:]], tmp, env)
    if "-l" in argv or "--version" in argv or "-V" in argv:
        return None if rc == 0 else f"dfu-util exit {rc}: {out[-300:]}"
    if rc == 74 and "No DFU capable USB device available" in out:
        return None
    return f"dfu-util did not get to its device search (exit {rc}): {out[-300:]}"


@functools.lru_cache(maxsize=None)
def _avrdude_output(*args: str) -> str:
    """What this avrdude prints for ARGS (its part list, a part's definition): read once per run."""
    res = subprocess.run(["avrdude", *args], capture_output=True, text=True, timeout=15)
    return res.stdout + res.stderr


def check_avrdude(words: list[str], tmp: Path, env: dict[str, str]) -> str | None:
    if words[1:] == ["-?"]:
        rc, out = _run(["avrdude", "-?"], tmp, env)
        return None if rc == 0 and re.search(r"avrdude version \d", out) else f"avrdude -? did not print its version: {out[-200:]}"
    argv = list(words)
    parts = _avrdude_output("-p", "?")
    if "-p" in argv:
        part = argv[argv.index("-p") + 1]
        row = re.search(rf"^\s*(\S+)\s*=\s*{re.escape(part)}\s*$", parts, re.MULTILINE | re.IGNORECASE) or re.search(
            rf"^\s*({re.escape(part)})\s*=", parts, re.MULTILINE | re.IGNORECASE)
        if not row:
            return f"avrdude knows no part {part}"
        conf = _avrdude_output("-p", f"{row.group(1)}/A")
        memories = set(re.findall(r'^\s*memory "(\w+)"', conf, re.MULTILINE))
        for i, w in enumerate(argv):
            if w == "-U" and memories:  # (avrdude before 7.0 has no `-p PART/A`: its memories go unchecked)
                mem = argv[i + 1].split(":", 1)[0]
                if mem not in memories:
                    return f"avrdude: part {part} has no memory {mem} (it has {sorted(memories)})"
    if "-P" in argv:
        argv[argv.index("-P") + 1] = "/nonexistent/ttyACM9"  # no serial programmer is ever opened
    try:
        rc, out = _run(["avrdude", "-n", *argv[1:]], tmp, env, timeout=10)  # -n: no writes, even if a programmer were there
    except subprocess.TimeoutExpired as exc:  # avrdude 7.1's stk500v2 (-c wiring) retries a port it could not open
        rc, out = -1, "".join(x.decode() if isinstance(x, bytes) else (x or "") for x in (exc.stdout, exc.stderr))
    # 7.x: "cannot find USB device", "cannot open port"; 6.3: "could not find USB device", "can't open device"
    if re.search(r"(?i)(cannot|could not) find (USB device|USBtiny)|cannot open port|can't open device|unable to open programmer", out):
        return None
    return f"avrdude did not get to opening its programmer (exit {rc}): {out[-400:]}"


def check_st_flash(words: list[str], tmp: Path, env: dict[str, str]) -> str | None:
    argv = list(words)
    if argv[1:] in (["--version"],):
        rc, out = _run(argv, tmp, env)
        return None if rc == 0 else out
    if "write" in argv:
        i = argv.index("write")
        if "ihex" not in argv and not re.fullmatch(r"0x[0-9a-fA-F]+", argv[i + 2] if len(argv) > i + 2 else ""):  # --format ihex: the file's own addresses
            return "st-flash write needs FILE ADDRESS (hex)"
        argv[i:i] = ["--serial", "FFFFFFFFFFFFFFFFFFFFFFFF"]  # matches no probe
    rc, out = _run(argv, tmp, env)
    if "invalid command line" in out:
        return f"st-flash rejects the options: {out[:200]}"
    return None if "Couldn't find any ST-Link devices" in out or "No ST-LINK" in out else f"st-flash exit {rc}: {out[-300:]}"


def check_st_info(words: list[str], tmp: Path, env: dict[str, str]) -> str | None:
    rc, out = _run(words, tmp, env)
    if "Incorrect argument" in out or "invalid" in out.lower():
        return f"st-info rejects the options: {out[:200]}"
    return None if rc == 0 else f"st-info exit {rc}: {out[-300:]}"


def check_stm32flash(words: list[str], tmp: Path, env: dict[str, str]) -> str | None:
    argv = list(words)
    if argv[-1].startswith("/dev/"):
        argv[-1] = "/nonexistent/ttyUSB9"
    rc, out = _run(argv, tmp, env)
    return None if "Failed to open port" in out else f"stm32flash did not get to opening the port (exit {rc}): {out[-300:]}"


def check_dfu_programmer(words: list[str], tmp: Path, env: dict[str, str]) -> str | None:
    argv = list(words)
    argv[1] += ":250,250"  # a bus address no device has
    rc, out = _run(argv, tmp, env)
    return None if "no device present" in out else f"dfu-programmer did not get to its device search (exit {rc}): {out[-300:]}"


_OPENOCD_EXEC = {"reset": {"", "run", "halt", "init"}, "halt": {""}, "resume": {""}}  # registered only at init


def check_openocd(words: list[str], tmp: Path, env: dict[str, str]) -> str | None:
    scripts = Path("/usr/share/openocd/scripts")
    if words[1:] in (["--version"], ["-v"]):  # a version query takes no value: run it
        rc, out = _run(words, tmp, env)
        return None if rc == 0 and "Open On-Chip Debugger" in out else f"openocd {words[1]} failed (exit {rc}): {out[-300:]}"
    argv: list[str] = []
    checks: list[str] = []
    started = False
    i = 1
    while i < len(words):
        opt, val = words[i], words[i + 1]
        i += 2
        if opt == "-f":
            if not (scripts / val).exists() and not Path(val).exists():
                return f"openocd: no script {val} in {scripts}"
            argv += ["-f", val]
            continue
        if opt != "-c":
            return f"openocd: unexpected option {opt}"
        for cmd in (c.strip() for c in val.split(";")):
            if not cmd:
                continue
            head, *args = cmd.split()
            if head in ("init", "program"):  # OpenOCD's program proc runs init itself
                started = True
            if not started and head not in ("exit", "shutdown"):
                argv += ["-c", cmd]  # configuration stage: runs for real
                continue
            if head in _OPENOCD_EXEC:
                if " ".join(args) not in _OPENOCD_EXEC[head]:
                    return f"openocd: `{cmd}`: {head} takes {sorted(_OPENOCD_EXEC[head])}"
            elif head == "program":
                if not (tmp / args[0]).exists() or not all(a in ("verify", "preverify", "reset", "exit") or re.fullmatch(r"0x[0-9a-fA-F]+", a) for a in args[1:]):
                    return f"openocd: `{cmd}`: program FILE [ADDRESS] [preverify] [verify] [reset] [exit]"
                checks.append("program")
            elif len(args) and re.fullmatch(r"stm32\w+", head):
                checks.append(f"{head} {args[0]}")
            else:
                checks.append(head)
    probe = "; ".join(f'echo "CHECK {c}: [llength [info commands {c.split()[0]}]]"' for c in checks)
    usage = "; ".join(f'echo "USAGE {c}"; usage {c}' for c in checks if " " in c)
    rc, out = _run(["openocd", *argv, "-c", probe or "echo none", "-c", usage or "echo none", "-c", "shutdown"], tmp, env)
    if rc != 0 or "shutdown command invoked" not in out:
        return f"openocd rejected the configuration (exit {rc}): {out[-500:]}"
    for c in checks:
        if f"CHECK {c}: 1" not in out:
            return f"openocd: `{c}` is not a command once these scripts are loaded"
        if " " in c and not re.search(rf"USAGE {re.escape(c)}\n\s*{re.escape(c)}\b", out):
            return f"openocd: `{c}` is not a subcommand once these scripts are loaded: {out[-300:]}"
    return None


def check_ip(words: list[str], tmp: Path, env: dict[str, str]) -> str | None:
    argv = ["lo" if w == "can0" else w for w in words]
    ns = ["unshare", "-n"] if os.geteuid() == 0 else ["unshare", "-rn"]
    res = subprocess.run([*ns, *argv], capture_output=True, text=True, timeout=15)
    out = res.stdout + res.stderr
    if res.returncode == 0 or out.startswith("RTNETLINK answers: Operation not supported"):
        return None
    if "unshare:" in out:
        pytest.skip(f"no private network namespace here: {out[:200]}")
    return f"ip rejects the command (exit {res.returncode}): {out[:300]}"


def check_mkfs_vfat(words: list[str], tmp: Path, env: dict[str, str]) -> str | None:
    image = tmp / "card.img"
    with image.open("wb") as f:
        f.truncate(600 * 1024 * 1024)  # sparse: a small FAT32 card
    argv = [w if not w.startswith("/dev/") else str(image) for w in words]
    res = subprocess.run(argv, capture_output=True, text=True, timeout=60, env=env)
    return None if res.returncode == 0 else f"mkfs.vfat: {res.stdout + res.stderr}"


def check_lsblk(words: list[str], tmp: Path, env: dict[str, str]) -> str | None:
    res = subprocess.run(words, capture_output=True, text=True, timeout=15, env=env)
    if res.returncode != 0:
        return f"lsblk: {res.stderr.strip()}"
    # MOUNTPOINTS (plural) exists only since util-linux 2.37: Debian 11 / Raspberry Pi OS Bullseye ship 2.36.1
    if "-o" in words and "MOUNTPOINTS" in words[words.index("-o") + 1].split(","):
        return "lsblk -o MOUNTPOINTS needs util-linux 2.37; Bullseye's 2.36.1 says `unknown column`: use MOUNTPOINT"
    return None


def check_lsusb(words: list[str], tmp: Path, env: dict[str, str]) -> str | None:
    rc, out = _run(words, tmp, env)
    return None if rc in (0, 1) and "invalid option" not in out and "Usage" not in out else f"lsusb exit {rc}: {out[:200]}"


def check_grep(words: list[str], tmp: Path, env: dict[str, str]) -> str | None:
    argv = _expand(words, env)
    if not any(w.startswith(env["HOME"]) for w in argv):
        return _options_in_help("grep", argv[1:], _help_text("grep"))
    res = subprocess.run(argv, capture_output=True, text=True, timeout=15, env=env, cwd=tmp)
    if res.returncode != 0 or not res.stdout.strip():
        return f"{shlex.join(words)} finds nothing in a real Klipper .config: {res.stderr.strip()}"
    return None


def check_sed(words: list[str], tmp: Path, env: dict[str, str]) -> str | None:
    target = Path(words[-1])
    copy = tmp / "interfaces.d" / target.name
    copy.parent.mkdir(exist_ok=True)
    copy.write_text("allow-hotplug can0\niface can0 can static\n    bitrate 500000\n    up ip link set $IFACE txqueuelen 128\n")
    res = subprocess.run([*words[:-1], str(copy)], capture_output=True, text=True, timeout=15)
    if res.returncode != 0:
        return f"sed: {res.stderr}"
    if f"bitrate {FILL['{configured}']}" not in copy.read_text():
        return f"the sed left the stanza without the new bitrate: {copy.read_text()!r}"
    return _ifquery_reads(copy.read_bytes())


def _ifquery_reads(data: bytes, iface: str = "can0") -> str | None:
    if not have("ifquery"):
        pytest.skip("ifupdown is not installed here (tests/run.sh installs it)")
    from doctor import can_persist

    result = can_persist.ifquery_check(data, iface, _which("ifquery"))
    assert result is not None
    return None if result[0] and "bitrate" in result[1] else f"ifquery does not read it: {result[1]}"


def check_ifquery(words: list[str], tmp: Path, env: dict[str, str]) -> str | None:
    from doctor import can_persist

    return _ifquery_reads(can_persist.stanza(words[-1] if not words[-1].startswith("-") else "can0", 1000000).encode())


def check_make(words: list[str], tmp: Path, env: dict[str, str]) -> str | None:
    targets = [w for w in words[1:] if "=" not in w and not w.startswith("-")]
    variables = [w.split("=", 1)[0] for w in words[1:] if "=" in w]
    if set(targets) - MAKE_TARGETS:
        return f"Klipper's Makefile has no target {sorted(set(targets) - MAKE_TARGETS)}"
    if set(variables) - {"FLASH_DEVICE", "NOSUDO", "V"}:
        return f"Klipper's Makefile reads no variable {sorted(set(variables) - {'FLASH_DEVICE'})}"
    return None


def check_bossac(words: list[str], tmp: Path, env: dict[str, str]) -> str | None:
    """Against BOSSAC (bossac's option table); a write/verify needs one FILE; --offset a page-aligned number."""
    files, i = [], 1
    while i < len(words):
        w = words[i]
        if w.startswith("--"):
            name, eq, value = w[2:].partition("=")
            if name not in BOSSAC:
                return f"bossac has no option --{name}"
            if BOSSAC[name] is True and not eq:
                i += 1
                value = words[i] if i < len(words) else ""
            if name == "offset" and not re.fullmatch(r"0x[0-9a-fA-F]+00", value):
                return f"bossac --offset {value!r}: not a page-aligned hex offset"
        elif w.startswith("-") and len(w) > 1:
            letter = w[1]
            if letter not in BOSSAC:
                return f"bossac has no option -{letter}"
            if BOSSAC[letter] is True and len(w) == 2:
                i += 1
            elif BOSSAC[letter] is False and len(w) > 2:
                return f"bossac -{letter} takes no value ({w})"
        else:
            files.append(w)
        i += 1
    writes = {"-w", "--write", "-v", "--verify"} & set(words)
    if writes and len(files) != 1:
        return f"bossac {sorted(writes)} needs one FILE ({files})"
    return None


def check_esptool(words: list[str], tmp: Path, env: dict[str, str]) -> str | None:
    """Against esptool's global options and commands; write_flash takes ADDRESS FILE pairs."""
    i = 1
    while i < len(words) and words[i].startswith("-"):
        if words[i] not in ESPTOOL_GLOBAL:
            return f"esptool has no global option {words[i]}"
        if words[i] in ("--chip", "-c") and words[i + 1] not in ESPTOOL_CHIPS:
            return f"esptool --chip {words[i + 1]}?"
        i += 2 if ESPTOOL_GLOBAL[words[i]] else 1
    if i >= len(words) and env.get("DOCTOR_TEST_PARTIAL"):  # a command quoted in prose to name an option
        return None
    if i >= len(words) or words[i] not in ESPTOOL_COMMANDS:
        return f"esptool: no command ({words[i:]})"
    if words[i] == "write_flash":
        pairs = [w for w in words[i + 1:] if not w.startswith("-")]
        if not pairs or len(pairs) % 2 or not all(re.fullmatch(r"0x[0-9a-fA-F]+", a) for a in pairs[::2]):
            return f"esptool write_flash takes ADDRESS FILE pairs ({pairs})"
    return None


def check_script(words: list[str], tmp: Path, env: dict[str, str]) -> str | None:
    argv = words[1:] if os.path.basename(words[0]).startswith("python") else words
    name = os.path.basename(argv[0])
    opts = SOURCES[name]
    positional: list[str] = []
    i = 1
    while i < len(argv):
        w = argv[i]
        if w.startswith("-"):
            if w not in opts:
                return f"{name} has no option {w}"
            i += 2 if opts[w] else 1
        else:
            positional.append(w)
            i += 1
    if env.get("DOCTOR_TEST_PARTIAL"):  # a command quoted in prose to name an option: options only
        return None
    if name == "flash-sdcard.sh" and not {"-l", "-h"} & set(argv) and len(positional) != 2:
        return f"flash-sdcard.sh takes exactly <device> <board> ({len(positional)} given)"
    if name == "canbus_query.py" and len(positional) != 1:
        return "canbus_query.py takes the CAN interface"
    if name == "flashtool.py" and positional:
        return f"flashtool.py takes no positional argument ({positional})"
    return None


def check_raspi_config(words: list[str], tmp: Path, env: dict[str, str]) -> str | None:
    if words[1:2] != ["nonint"] or words[2] not in RASPI_CONFIG or words[3] not in RASPI_CONFIG[words[2]]:
        return f"raspi-config: `{shlex.join(words[1:])}` is not one of its nonint calls {RASPI_CONFIG}"
    return None


def check_doctor(words: list[str], tmp: Path, env: dict[str, str]) -> str | None:
    from doctor.cli import build_parser

    parser, _ = build_parser()
    try:
        parser.parse_args(words[1:])
    except SystemExit as exc:
        return f"doctor's parser exits {exc.code}"
    return None


def check_systemctl(words: list[str], tmp: Path, env: dict[str, str]) -> str | None:
    text = _help_text("systemctl")
    verbs = [w for w in words[1:] if not w.startswith("-")]
    if not verbs or not re.search(rf"^\s+{re.escape(verbs[0])}\b", text, re.MULTILINE):
        return f"systemctl has no verb {verbs[:1]}"
    return _options_in_help("systemctl", words[1:], text)


def check_udevadm(words: list[str], tmp: Path, env: dict[str, str]) -> str | None:
    return _options_in_help("udevadm", words[2:], _help_text("udevadm", words[1]))


def check_by_help(words: list[str], tmp: Path, env: dict[str, str]) -> str | None:
    tool = os.path.basename(words[0])
    return _options_in_help(tool, words[1:], _help_text(tool))


def check_package_manager(words: list[str], tmp: Path, env: dict[str, str]) -> str | None:
    verb = words[1] if len(words) > 1 else ""
    ok = {"apt": {"install", "remove", "purge"}, "pacman": {"-R", "-S", "-Rns"}, "dnf": {"install", "remove"}}
    return None if verb in ok[os.path.basename(words[0])] else f"{words[0]} {verb}?"


CHECKERS: dict[str, tuple[Callable[[list[str], Path, dict[str, str]], str | None], tuple[str, ...]]] = {
    "dfu-util": (check_dfu_util, ("dfu-util", "umockdev-run")),
    "avrdude": (check_avrdude, ("avrdude", "umockdev-run")),
    "st-flash": (check_st_flash, ("st-flash", "umockdev-run")),
    "st-info": (check_st_info, ("st-info", "umockdev-run")),
    "stm32flash": (check_stm32flash, ("stm32flash", "umockdev-run")),
    "dfu-programmer": (check_dfu_programmer, ("dfu-programmer", "umockdev-run")),
    "openocd": (check_openocd, ("openocd", "umockdev-run")),
    "ip": (check_ip, ("ip", "unshare")),
    "mkfs.vfat": (check_mkfs_vfat, ("mkfs.vfat",)),
    "lsblk": (check_lsblk, ("lsblk",)),
    "lsusb": (check_lsusb, ("lsusb", "umockdev-run")),
    "grep": (check_grep, ("grep",)),
    "sed": (check_sed, ("sed", "ifquery")),
    "ifquery": (check_ifquery, ("ifquery",)),
    "systemctl": (check_systemctl, ("systemctl",)),
    "udevadm": (check_udevadm, ("udevadm",)),
    "make": (check_make, ()),
    "flashtool.py": (check_script, ()),
    "bossac": (check_bossac, ()), "esptool.py": (check_esptool, ()), "esptool": (check_esptool, ()),
    "flash-sdcard.sh": (check_script, ()),
    "canbus_query.py": (check_script, ()),
    "raspi-config": (check_raspi_config, ()),
    "doctor": (check_doctor, ()),
    "apt": (check_package_manager, ()), "pacman": (check_package_manager, ()), "dnf": (check_package_manager, ()),
    **{t: (check_by_help, (t,)) for t in ("lsmod", "modprobe", "dmesg", "fuser", "usermod", "umount", "ls", "journalctl", "tail")},
}


def _cases() -> list[tuple[str, str, list[str]]]:
    out = []
    for where, line in LINES:
        filled = _fill(line)
        for words in _simple_commands(filled):
            out.append((where, filled, words))
    return out


CASES = _cases()


@pytest.mark.parametrize(("where", "line"), sorted({(w, ln) for w, ln in LINES}))
def test_line_is_valid_shell_with_every_placeholder_filled(where: str, line: str) -> None:
    filled = _fill(line)
    left = [p for p in _PLACEHOLDER.findall(filled) if p not in ("{print $2}",)]
    assert not left, f"{where}: no realistic value for {left} in {line!r} (add it to FILL)"
    returncode, stderr = _bash_n(filled)
    assert returncode == 0, f"{where}: {line!r} is not valid shell: {stderr}"


@functools.lru_cache(maxsize=None)
def _bash_n(filled: str) -> tuple[int, str]:
    """`bash -n` on one filled line, once per worker: a third of the entries' lines are another entry's line again."""
    res = subprocess.run(["bash", "-n", "-c", filled], capture_output=True, text=True)
    return res.returncode, res.stderr


# An item's verdict (its first refused command and why, or None) by the commands it runs in its fresh sandbox, as
# written (before ~ is made the sandbox's home), and the prose flag: the same commands in the same sandbox get the same
# verdict, so a command that several entries tell (ls /dev/serial/by-id/*, lsusb ...) runs once a worker.
_VERDICTS: dict[tuple[tuple[tuple[str, ...], ...], bool], tuple[list[str], str] | None] = {}


@pytest.mark.parametrize(("where", "line", "words"), CASES, ids=[f"{w}-{i}-{_first_tool(c) or c[0]}" for i, (w, _, c) in enumerate(CASES)])
def test_command_is_accepted_by_its_tool(where: str, line: str, words: list[str], tmp_path: Path) -> None:
    words = [w for w in words if w not in ("sudo",)]
    while words and words[0] in ("do", "then", "!") or (words and re.fullmatch(r"[A-Z_]+=\S*", words[0])):
        words = words[1:]
    tool = _first_tool(words)
    assert tool is not None
    if tool in UNCHECKED or words[0] in ("cd", "for", "done", "echo", "printf", "tee"):
        return
    assert tool in CHECKERS, f"{where}: {line!r} calls {tool}, which no checker here examines (add one, or to UNCHECKED with why)"
    check, needs = CHECKERS[tool]
    missing = [t for t in needs if not have(t)]
    if missing:
        pytest.skip(f"{missing} not installed here (tests/run.sh installs {sorted({PACKAGES.get(t, t) for t in missing})})")
    suite = os.environ.get("DOCTOR_OLD_TOOLS")
    for pattern, suites, note in NEEDS_NEWER:
        if suite in suites and re.search(pattern, line):
            entry = next(e for e in knowledge.load() if e.id == where.split()[0])
            texts = [str(entry.explanation), str((entry.remediation or {}).get("text"))] + [str(getattr(w, "ask", "")) for w in entry.when]
            assert any(note in t for t in texts), f"{where}: {line!r} needs {note}; the entry must say so"
            pytest.skip(f"{note} needed ({suite} ships older); the entry says so")
    env = _sandbox(tmp_path)
    if where.endswith("(prose)"):
        env["DOCTOR_TEST_PARTIAL"] = "1"
    runs = [[x.replace("stm32f4x", family).replace("stm32f2x", driver) if family and driver else x for x in words]
            for family, driver in (FAMILY_DRIVER.items() if "<family>" in _raw_line(where, line) else [(None, None)])]
    key = (tuple(tuple(w) for w in runs), where.endswith("(prose)"))
    if key not in _VERDICTS:
        verdict = None
        for w in runs:  # one after the other in this sandbox, up to the first refusal
            err = check(_expand(w, env) if tool not in ("grep",) else w, tmp_path, env)
            if err is not None:
                verdict = (w, err)
                break
        _VERDICTS[key] = verdict  # only once every check ran to its end (one that raised is not stored)
    if _VERDICTS[key] is not None:
        w, err = _VERDICTS[key]
        assert err is None, f"{where}: {shlex.join(w)}: {err}\n(line: {line})"


def _raw_line(where: str, filled: str) -> str:
    for w, ln in LINES:
        if w == where and _fill(ln) == filled:
            return ln
    return filled


def test_every_tool_this_test_runs_is_installed_by_the_test_script() -> None:
    run_sh = (ROOT / "tests" / "run.sh").read_text()
    listed = set(re.search(r"packages=\(([^)]*)\)", run_sh).group(1).split())  # type: ignore[union-attr]
    needed = {PACKAGES[t] for _, needs in CHECKERS.values() for t in needs if t in PACKAGES}
    assert needed <= listed, f"tests/run.sh does not install {sorted(needed - listed)}"


def test_the_extraction_finds_the_commands() -> None:
    """Guard against a silently empty parametrization: the flash and CAN commands are among them."""
    tools = {_first_tool([w for w in c if w != "sudo"]) for _, _, c in CASES}
    assert {"dfu-util", "avrdude", "st-flash", "openocd", "ip", "ifquery", "mkfs.vfat", "flashtool.py"} <= tools, tools
    assert len(CASES) > 150


def test_the_checkers_catch_the_defects_issue_15_names(tmp_path: Path) -> None:
    """Each checker fails on the command the old entries printed (so the tests above can fail)."""
    env = _sandbox(tmp_path)
    bad = [
        ("lsblk", "lsblk -o NAME,MOUNTPOINTS"),  # util-linux < 2.37
        ("dfu-util", "dfu-util -a 0 -d 0483:df11 -s 0x08000000:mass-erase:force"),  # KAT001, dfu-util 0.9
        ("dfu-util", "dfu-util -a 0 -d 0483:df11 -s 0x08000000:leave -D out/missing.bin"),
        ("st-flash", "st-flash --flash=64k --bogus write out/klipper.bin 0x8000000"),
        ("avrdude", "avrdude -c usbasp -p m8 -U efuse:w:0xFD:m"),  # the ATmega8 has no extended fuse
        ("openocd", "openocd -f interface/stlink.cfg -f target/stm32f4x.cfg -c 'init; reset halt; stm32f1x unlock 0; exit'"),
        ("ip", "ip link set can0 bitrate 500000"),  # without `type can`
        ("flash-sdcard.sh", "flash-sdcard.sh /dev/ttyUSB0"),
        ("raspi-config", "raspi-config nonint do_uart 1"),
        ("systemctl", "systemctl disabel hciuart"),
        ("bossac", "bossac -p /dev/ttyACM0 -e -w -v --offset=2000 -R firmware.bin"),  # (s22) an offset not in hex
        ("bossac", "bossac -p /dev/ttyACM0 --boot=1 --flash firmware.bin"),
        ("esptool.py", "esptool.py --chip esp32 write_flash bootloader.bin"),  # (s22) no address
        ("esptool.py", "esptool.py --chip esp32s3 --baudrate 921600 write_flash 0x0 merged.bin"),
    ]
    for tool, line in bad:
        check, needs = CHECKERS[tool]
        if not all(have(t) for t in needs):
            continue
        words = shlex.split(line)
        assert check(words, tmp_path, env) is not None, f"the {tool} check accepts {line!r}"


# --- config files entries write: read back by the tool that reads them (issue 15 item 4) ---------------------------


def _written(where_pattern: str, dest: str) -> list[tuple[str, str]]:
    """(where, text) for every `echo|printf TEXT | sudo tee DEST...` of the entries' commands."""
    out = []
    for where, line in LINES:
        cmds = _simple_commands(_fill(line))
        for first, second in zip(cmds, cmds[1:]):
            if first[0] in ("echo", "printf") and "tee" in second and any(a.startswith(dest) for a in second):
                text = first[-1]
                if first[0] == "printf":
                    text = subprocess.run(["bash", "-c", 'printf "$1"', "_", text], capture_output=True, text=True).stdout
                out.append((where, text))
    return out


UDEV_RULES = _written("", "/etc/udev/rules.d/")
STANZAS = _written("", "/etc/network/interfaces.d/")
CONFIG_TXT = _written("", "/boot/")


def test_the_written_files_are_found() -> None:
    assert UDEV_RULES and STANZAS and CONFIG_TXT, (UDEV_RULES, STANZAS, CONFIG_TXT)


@pytest.mark.parametrize(("where", "text"), CONFIG_TXT)
def test_config_txt_lines_an_entry_appends_apply_to_every_model(where: str, text: str) -> None:
    """Appended to the end of config.txt, a line falls under whatever conditional section ([pi4], [cm5]...) the file
    ends with (Raspberry Pi config.txt documentation, 'Conditional filters'): it must start its own [all] section,
    on a line of its own even when the file does not end with a newline."""
    lines = text.split("\n")
    assert lines[0] == "" and lines[1] == "[all]" and all(line.strip() for line in lines[2:-1]), f"{where}: {text!r}"


@pytest.mark.parametrize(("where", "rule"), UDEV_RULES)
def test_udev_rule_an_entry_writes_is_read_by_udevadm(where: str, rule: str, tmp_path: Path) -> None:
    """udevadm verify where this systemd has it (253+); else `udevadm test` of a Klipper board (1d50:614e) with only
    this rule in /etc/udev/rules.d (a private mount namespace): no parse error, and the rule's property is set."""
    path = tmp_path / "rules.d" / "99-entry.rules"
    path.parent.mkdir()
    path.write_text(rule + ("\n" if not rule.endswith("\n") else ""))
    if not have("udevadm"):
        pytest.skip("udevadm is not installed here (tests/run.sh installs udev)")
    if subprocess.run(["udevadm", "verify", "--help"], capture_output=True).returncode == 0:
        res = subprocess.run(["udevadm", "verify", "--resolve-names=never", str(path)], capture_output=True, text=True)
        assert res.returncode == 0, f"{where}: {res.stdout}{res.stderr}"
        return
    if not (have("umockdev-run") and have("unshare")):
        pytest.skip("needs umockdev-run and unshare")
    board = ROOT / "tests" / "boards" / "klipper-usb.umockdev"
    devpath = "/sys/devices/pci0000:00/0000:00:14.0/usb1/1-1/1-1:1.0/tty/ttyACM0"
    script = (f"mount --bind {path.parent} /etc/udev/rules.d && mount -t tmpfs tmpfs /run && mkdir -p /run/udev"
              f" && exec umockdev-run -d {board} -- udevadm test {devpath}")
    ns = ["unshare", "-m"] if os.geteuid() == 0 else ["unshare", "-rm"]
    res = subprocess.run([*ns, "sh", "-c", script], capture_output=True, text=True, timeout=30)
    out = res.stdout + res.stderr
    if "Reading rules file" not in out:
        pytest.skip(f"cannot run udevadm test in a private mount namespace here: {res.stderr.strip()[:200]}")
    assert "Reading rules file: /etc/udev/rules.d/99-entry.rules" in out, out[-2000:]
    assert not re.search(r"99-entry\.rules:\d+ (Invalid|Unknown|Failed|invalid)", out), out[-2000:]
    for key, value in re.findall(r'ENV\{(\w+)\}="([^"]*)"', rule):
        assert f"{key}={value}" in out, f"{where}: udevadm test does not apply {key}={value}:\n{out[-1500:]}"


@pytest.mark.parametrize(("where", "text"), STANZAS)
def test_interfaces_stanza_an_entry_writes_is_read_by_ifquery(where: str, text: str) -> None:
    from doctor import can_persist

    assert can_persist.check_ifupdown(text.encode()) == [], where
    err = _ifquery_reads(text.encode())
    assert err is None, f"{where}: {err}"
