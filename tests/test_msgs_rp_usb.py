"""rp-usb, session 7: a tool's library or helper missing in the wordings of the Rust and Python toolchains around RP2040
work (the pkg-config crate, the cc crate, a build script's NotFound panic; CPython ctypes' dlopen/LoadLibrary errors and
pyusb's NoBackendError), picotool loading a UF2 of several families, a shell copy of a UF2 onto the BOOTSEL drive that
comes back, and elf2uf2-rs' drive lines next to a debug-probe tool that found no probe."""

from __future__ import annotations

import re
from typing import Any

import pytest

from doctor.parsers import picotool, shell, uf2_drive
from doctor.parsers._messages import Msg
from textkit import events as _events, facts as parse, first, serious


def events(text: str, ns: str) -> list[dict[str, Any]]:
    return _events(parse(text), ns)


# ---- every new row: its example matches it and (a strong row) parses to its kind ---------------------------------

_S7 = ("dlopen", "OSError: lib", "WinError 126", "Could not find module", "No backend available", "failed to find tool", "Os { code: 2",
       "Failed to run `", "The pkg-config command", "The system library", "Package libusb-1.0 was not found")
_NEW_ROWS = [r for r in shell.MESSAGES if any(k in (r.example or "") for k in _S7)] + \
    [r for r in uf2_drive.MESSAGES if r.kind in ("uf2_drive_found", "bootsel_drive_listing") or (r.attrs and dict(r.attrs).get("via") == "shell")
     or "mounted pico" in (r.example or "")] + \
    [r for r in picotool.MESSAGES if r.kind == "uf2_multiple_families"]


def test_the_new_rows_are_all_there() -> None:
    assert len(_NEW_ROWS) >= 14


@pytest.mark.parametrize("row", _NEW_ROWS, ids=[f"{r.kind}:{(r.example or '')[:40]}" for r in _NEW_ROWS])
def test_new_row_example_matches(row: Msg) -> None:
    assert row.example and re.search(row.pattern, row.example.strip()), row.pattern


# ---- a missing library or helper, as Rust and Python report it: TOOL001 first ----------------------------------

@pytest.mark.parametrize("text", [
    # pkg-config crate 0.3.0-0.3.25, inside a build-script panic (escaped quotes): pkg-config itself is missing
    "thread 'main' panicked at 'called `Result::unwrap()` on an `Err` value: \"Failed to run `\\\"pkg-config\\\" \\\"--libs\\\" "
    "\\\"--cflags\\\" \\\"libusb-1.0\\\"`: No such file or directory (os error 2)\"', libcore/result.rs:1009:5",
    # 0.3.26+, the same one-line panic with \n escapes
    "thread 'main' panicked at 'Unable to find libusb-1.0: \"Could not run `\\\"pkg-config\\\" \\\"--libs\\\" \\\"--cflags\\\" "
    "\\\"libusb-1.0\\\"`\\nThe pkg-config command could not be found.\\n\\nMost likely, you need to install a pkg-config package\"', build.rs:69:60",
    # older versions' "--- stderr" of a failed probe inside the panic string
    "thread 'main' panicked at 'Unable to find libusb-1.0: \"`\\\"pkg-config\\\" \\\"--libs\\\" \\\"--cflags\\\" \\\"libusb-1.0\\\"` did not "
    "exit successfully: exit code: 1\\n--- stderr\\nPackage libusb-1.0 was not found in the pkg-config search path.\\n\"', build.rs:65:60",
    # 0.3.26+ probe failure: pkg-config's stderr indented under "pkg-config output:", then the crate's own sentence
    "pkg-config exited with status code 1\n> PKG_CONFIG_ALLOW_SYSTEM_CFLAGS=1 pkg-config --libs --cflags libusb-1.0\n\npkg-config output:\n"
    "  Package libusb-1.0 was not found in the pkg-config search path.\n\nThe system library `libusb-1.0` required by crate `libusb1-sys` was not found.",
    # the cc crate, three generations
    "error occurred: failed to find tool \"arm-none-eabi-gcc\": No such file or directory (os error 2)",
    "error occurred: Failed to find tool. Is `arm-none-eabi-gcc` installed?",
    "failed to execute command: No such file or directory (os error 2)\nis `arm-none-eabi-gcc` not installed?",
    # a build script's own expect() on a program it could not start (rp2040-boot2)
    "  thread 'main' panicked at 'executing arm-none-eabi-gcc: Os { code: 2, kind: NotFound, message: \"No such file or directory\" }', build.rs:20:10",
    # CPython ctypes: macOS dlopen (old and new dyld wording), Linux, Windows; pyusb without a backend (new and old)
    "OSError: dlopen(libusb-1.0.dylib, 6): image not found",
    "OSError: dlopen(libusb-1.0.dylib, 0x0006): tried: 'libusb-1.0.dylib' (no such file), '/usr/lib/libusb-1.0.dylib' (no such file)",
    "OSError: libusb-1.0.so.0: cannot open shared object file: No such file or directory",
    "FileNotFoundError: Could not find module 'C:\\Python39\\libusb-1.0.dll' (or one of its dependencies). Try using the full path with constructor syntax.",
    "Traceback (most recent call last):\n  File \"flash.py\", line 12, in <module>\n    dev = usb.core.find(idVendor=0x2e8a)\nusb.core.NoBackendError: No backend available",
    "    raise ValueError('No backend available')\nValueError: No backend available",
    "ImportError: libusb-1.0.so.0: cannot open shared object file: No such file or directory",
    "  File \"C:\\Python37\\lib\\ctypes\\__init__.py\", line 356, in __init__\n    self._handle = _dlopen(self._name, mode)\nOSError: [WinError 126] The specified module could not be found",
])
def test_missing_library_or_helper_is_tool001(text: str) -> None:
    assert first(text) == "TOOL001", text
    names = {str(e.get("name")) for e in events(text, "shell") if e["kind"] == "tool_missing"}
    assert names and names <= {"pkg-config", "libusb-1.0-0-dev", "arm-none-eabi-gcc", "libusb-1.0.dylib", "libusb-1.0.so.0",
                               "libusb-1.0.dll", "libusb-1.0", "a DLL"}, names


@pytest.mark.parametrize("text", [
    # a Rust NotFound that is a missing *file* named by the expect text, not a program: no row claims it
    "thread 'main' panicked at 'reading memory.x: Os { code: 2, kind: NotFound, message: \"No such file or directory\" }', build.rs:9:5",
    # pkg-config ran and found the library; pyusb found its backend
    "cargo:rustc-link-lib=usb-1.0\ncargo:rustc-link-search=native=/usr/lib/x86_64-linux-gnu",
    ">>> import usb.core\n>>> usb.core.find(idVendor=0x2e8a)\n<DEVICE ID 2e8a:0003 on Bus 001 Address 005>",
])
def test_near_misses_are_not_tool001(text: str) -> None:
    assert first(text) != "TOOL001", text


# ---- picotool: a UF2 holding several families, only the first one loaded ------------------------------------------

_MULTI = """\
Tracking device serial number E6625C48934A7E32 for reboot
The device was asked to reboot into BOOTSEL mode so the command can be executed.

WARNING: Multiple family IDs in a single UF2 file - only using first one
Loading into Flash:   [==============================]  100%

The device was asked to reboot back into application mode.
"""


def test_picotool_multiple_families_is_rp003_warning() -> None:
    assert "uf2_multiple_families" in {e["kind"] for e in events(_MULTI, "flash")}
    assert first(_MULTI) == "RP003"


def test_picotool_single_family_load_is_healthy() -> None:
    text = _MULTI.replace("WARNING: Multiple family IDs in a single UF2 file - only using first one\n", "")
    assert serious(text) == []


# ---- a shell copy of a UF2 onto the BOOTSEL drive, and the drive listed again afterwards --------------------------

_COPY = """\
user@3dprinter:~/klipper $ sudo mount /dev/sdb1 /mnt/pico
user@3dprinter:~/klipper $ ls /mnt/pico
INDEX.HTM  INFO_UF2.TXT
user@3dprinter:~/klipper $ sudo cp ~/klipper/out/klipper.uf2 /mnt/pico
user@3dprinter:~/klipper $ ls /mnt/pico
INDEX.HTM  INFO_UF2.TXT  klipper.uf2
user@3dprinter:~/klipper $ sudo umount /mnt/pico
user@3dprinter:~/klipper $ sudo mount /dev/sdb1 /mnt/pico
user@3dprinter:~/klipper $ ls /mnt/pico
INDEX.HTM  INFO_UF2.TXT
"""


def test_uf2_copied_then_drive_back_is_rp003() -> None:
    kinds = [e["kind"] for e in events(_COPY, "flash")]
    assert "said_uf2_copied" in kinds and "said_uf2_not_applied" in kinds
    assert first(_COPY) == "RP003"


def test_drive_listed_only_before_the_copy_is_silent() -> None:
    # the usual guide: list the drive, copy, unmount; the board starts (the drive is not seen again)
    text = "\n".join(_COPY.splitlines()[:7]) + "\n"
    assert serious(text) == []


def test_copy_onto_a_named_rp2350_drive_keeps_the_drive_name() -> None:
    text = "$ cp build/blink.uf2 /media/me/RP2350\n$ ls /media/me/RP2350\nINDEX.HTM  INFO_UF2.TXT\n"
    copied = [e for e in events(text, "flash") if e["kind"] == "said_uf2_copied"]
    assert copied and copied[0]["name"] == "RP2350"
    assert first(text) == "RP003"


# ---- elf2uf2-rs: the Pico's BOOTSEL drive next to a debug-probe tool that found no probe --------------------------

_PROBE_RUN = """\
$ probe-run --list-probes
Error: no probe was found.

Common reasons for this are faulty cables or missing permissions.
"""
_ELF2UF2 = """\
$ elf2uf2-rs --verbose --deploy ./target/thumbv6m-none-eabi/debug/rp2040-project-template
Found pico uf2 disk /Volumes/RPI-RP2
Transfering program to pico
"""


def test_no_probe_with_the_pico_drive_mounted_is_boot006() -> None:
    assert first(_PROBE_RUN + "\n" + _ELF2UF2) == "BOOT006"


def test_elf2uf2_rs_deploy_alone_is_healthy() -> None:
    assert serious(_ELF2UF2) == []


def test_elf2uf2_rs_no_mounted_pico_is_a_failure() -> None:
    text = "$ cargo run --release\n    Running `elf2uf2-rs -d target/thumbv6m-none-eabi/release/app`\nError: \"Unable to find mounted pico\"\n"
    assert "rp2040_not_found" in {e["kind"] for e in events(text, "flash")}
    assert serious(text)
