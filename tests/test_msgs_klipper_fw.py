"""The firmware side of Klipper / Katapult: the build's message rows (klipper_build.py) in the wordings real threads
show, and what doctor concludes from them. Every line below is from a real paste (the thread is named); each test
can fail."""

from __future__ import annotations

from typing import Any

import pytest

from doctor import engine
from doctor.parsers import parse_stream
from doctor.parsers.klipper_build import MESSAGES as BUILD_ROWS, KlipperBuildParser


def facts(text: str) -> dict[str, Any]:
    return parse_stream(iter(text.splitlines()), "paste")


def build_events(text: str) -> list[dict[str, Any]]:
    runs = facts(text).get("klipper", {}).get("build", {}).get("runs", [])
    return [e for r in runs for e in r.get("events", [])]


def first_id(text: str) -> str | None:
    findings = engine.evaluate(facts(text))
    return findings[0].id if findings else None


@pytest.mark.parametrize("row", [r for r in BUILD_ROWS if r.example], ids=lambda r: r.pattern[:40])
def test_every_build_row_matches_its_example(row: Any) -> None:
    assert row in [r for r, _ in KlipperBuildParser.table.match(row.example.strip(), all_matches=True)]


@pytest.mark.parametrize(
    "line,target,code",
    [
        # GNU make 4.x (file:line: target), Klipper#3553
        ("make: *** [Makefile:67: out/src/sched.o] Error 1", "out/src/sched.o", 1),
        # GNU make's German translation, Klipper#20 (2017)
        ("make: *** [Makefile:83: out/compile_time_request.o] Fehler 1", "out/compile_time_request.o", 1),
        # GNU make 3.8x/4.1 without the file:line part, Russian, Klipper#302
        ("make[1]: *** [scripts/kconfig/conf.o] Ошибка 127", "scripts/kconfig/conf.o", 127),
        # the menuconfig target, Klipper#3669
        ("make: *** [Makefile:112: menuconfig] Error 1", "menuconfig", 1),
    ],
)
def test_failed_build_recipe_in_every_wording(line: str, target: str, code: int) -> None:
    evs = [e for e in build_events("  Compiling out/src/sched.o\n" + line) if e["kind"] == "build_error"]
    assert evs and evs[0]["target"] == target and evs[0]["code"] == code


def test_a_failed_flash_recipe_is_not_a_build_error() -> None:
    # make flash's own failure belongs to the flash step (make_flash.py), not to the build
    evs = build_events("  Linking out/klipper.elf\nmake: *** [src/stm32/Makefile:55: flash] Error 255")
    assert not [e for e in evs if e["kind"] == "build_error"]


@pytest.mark.parametrize(
    "text,expected",
    [
        # a link that stops on a libgcc helper avr-gcc did not provide (Klipper#757)
        ("  Compiling out/src/avr/serial.o\n  Linking out/klipper.elf\nout/src/basecmd.o: In function `command_identify':\n"
         "/home/pi/klipper/src/basecmd.c:323: undefined reference to `__mulsi3'", "FW005"),
        # avr-gcc running an assembler without AVR support (Klipper#3553)
        ("  Creating symbolic link out/board\n  Compiling out/src/sched.o\nAssembler messages:\nError: unrecognized option -mmcu=avr6", "FW005"),
        # the Nix derivation of the firmware, ld's lines prefixed by nix's log tail (nixpkgs#335176)
        ("error: builder for '/nix/store/s7bwsk07zgfxzwlp5vsa785q69zb8xsm-klipper-firmware-mcu-0.12.0-unstable-2024-08-03.drv' failed with exit code 2;\n"
         "       last 10 log lines:\n"
         "       > /build/source/src/i2ccmds.c:61:(.text.command_i2c_write+0x28): undefined reference to `i2c_software_write'", "FW005"),
        # kconfiglib's menuconfig crashing on a locale the system lacks (Klipper#3669)
        ("pi@octobig:~/klipper $ make menuconfig\nUsing default symbol values (no '/home/pi/klipper/.config')\n"
         "Configuration saved to '/home/pi/klipper/.config'\n  Creating symbolic link out/board\nTraceback (most recent call last):\n"
         "  File \"lib/kconfiglib/menuconfig.py\", line 3281, in <module>\n    _main()\nlocale.Error: unsupported locale setting", "FW005"),
        # an old checkout whose Makefile runs python2 on a system without it
        ("  Creating symbolic link out/board\n  Building out/autoconf.h\n/bin/sh: 1: python2: not found", "FW005"),
        # the 2016-2020 kconfig without ncurses headers (Klipper#891)
        ("pi@octopi2:~/klipper $ make menuconfig\n *** 'make menuconfig' requires the ncurses libraries.\n ***", "FW005"),
    ],
)
def test_build_failures_name_the_build(text: str, expected: str) -> None:
    assert first_id(text) == expected


def test_overflow_still_outranks_the_failed_recipe_after_it() -> None:
    text = ("/usr/lib/gcc/arm-none-eabi/8.3.1/../../../arm-none-eabi/bin/ld: region `rom' overflowed by 266 bytes\n"
            "collect2: error: ld returned 1 exit status\nmake: *** [Makefile:72: out/klipper.elf] Error 1")
    assert first_id(text) == "FW004"


@pytest.mark.parametrize(
    "text",
    [
        # newlib's wchar_t size warning: the build links (Klipper#302)
        "Linking out/klipper.elf\n/usr/lib/gcc/arm-none-eabi/4.9.3/../../../arm-none-eabi/bin/ld: warning: /usr/lib/gcc/arm-none-eabi/4.9.3/"
        "../../../arm-none-eabi/lib/armv7-m/libg_nano.a(lib_a-exit.o) uses 2-byte wchar_t yet the output is to use 4-byte wchar_t; "
        "use of wchar_t values across objects may fail\n  Creating bin file out/klipper.bin",
    ],
)
def test_linker_warnings_of_a_build_that_links_are_not_failures(text: str) -> None:
    findings = engine.evaluate(facts(text))
    assert not [f for f in findings if f.severity in ("error", "warning")], [f.id for f in findings]


# ---- FW001: a Klipper image written by hand at another address than its build is linked for --------------------

_MANTA = """biqu@BTT-CB1:~/klipper$ sudo dfu-util -a 0 -D ~/klipper/out/klipper.bin --dfuse-address 0x08000000:force:mass-erase -d 0483:df11
dfu-util 0.9
Opening DFU capable USB device...
ID 0483:df11
DfuSe interface name: "Internal Flash   "
Performing mass erase, this can take a moment
Downloading to address = 0x08000000, size = 29308
Download done.
File downloaded successfully
biqu@BTT-CB1:~/klipper$ make flash FLASH_DEVICE=0483:df11
  Flashing out/klipper.bin to 0483:df11
sudo dfu-util -d ,0483:df11 -R -a 0 -s 0x8020000:leave -D out/klipper."""  # BTT Manta M8P v2 thread (heldout3 case)


def test_klipper_bin_written_at_the_flash_start_while_make_flash_uses_its_offset() -> None:
    findings = engine.evaluate(facts(_MANTA))
    assert findings[0].id == "FW001"
    assert "0x8000000" in findings[0].message and "0x8020000" in findings[0].message


def test_make_flash_alone_is_not_a_misplaced_image() -> None:
    # the address make flash itself uses is the build's own: nothing was written elsewhere
    text = _MANTA.split("biqu@BTT-CB1:~/klipper$ make flash", 1)[1]
    assert "FW001" not in [f.id for f in engine.evaluate(facts("biqu@BTT-CB1:~/klipper$ make flash" + text))]


@pytest.mark.parametrize("text,expected", [
    # (s9) a compile or link error pasted alone: the build failed (FW005), never a bare GEN001 or silence
    ("src/stm32/stm32f4.c:12:10: fatal error: board/armcm_boot.h: No such file or directory\ncompilation terminated.", "FW005"),
    ("/home/pi/klipper/src/basecmd.c:323: undefined reference to `__mulsi3'", "FW005"),
])
def test_a_bare_compile_or_link_error_is_a_failed_build(text: str, expected: str) -> None:
    assert first_id(text) == expected


def test_a_missing_host_library_header_is_not_read_as_the_firmware_build() -> None:
    events = build_events("main.c:3:10: fatal error: libusb.h: No such file or directory")
    assert not events  # a tool's own build wanting libusb-1.0-0-dev: no firmware build claimed it
