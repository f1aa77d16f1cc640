"""dfu-sd area, session 7: STM32CubeProgrammer's USB DFU realignment below the flash base (2.14), stm32flash's own
"Device ID" line (never the CubeProgrammer header's), dfu-util refusing a file of 2 GiB or more, dfu-util options an
old dfu-util does not know, and the DFU suffix dfu-util 0.5-0.6 insist on. Each test uses real wordings (STM32CubeProgrammer
2.14 logs; stm32flash main.c; dfu-util 0.5-0.11 main.c/dfu_file.c and getopt) and fails if the row or rule is removed."""

from __future__ import annotations

from typing import Any

from doctor import engine
from doctor.facts import merge, new
from doctor.parsers import parse_stream


def parse(text: str) -> dict[str, Any]:
    return parse_stream(iter(text.splitlines()), "t.txt")


def events(facts: dict[str, Any], ns: str) -> list[dict[str, Any]]:
    return [e for r in (facts.get(ns) or {}).get("runs", []) for e in r["events"]]


def first(text: str) -> str | None:
    found = engine.evaluate(merge(new("analyze"), parse(text)))
    return found[0].id if found else None


def finding(text: str, fid: str) -> Any:
    return next(f for f in engine.evaluate(merge(new("analyze"), parse(text))) if f.id == fid)


# ---- STM32CubeProgrammer over USB DFU -----------------------------------------------------------------------------

CUBE_214 = """      -------------------------------------------------------------------
                       STM32CubeProgrammer v2.14.0
      -------------------------------------------------------------------

USB speed   : Full Speed (12MBit/s)
Manuf. ID   : STMicroelectronics
Product ID  : STM32  BOOTLOADER
SN          : 206737645746
DFU protocol: 1.1
Board       : --
Device ID   : 0x0413
Device name : STM32F405xx/F407xx/F415xx/F417xx
Flash size  : 1 MBytes (default)

Memory Programming ...
Opening and parsing file: fome.bin
Erasing memory corresponding to segment 0:
erasing sector 0000 @: 0x08000000 done
File segment @0x08000000 is not 255-bytes aligned. It will be aligned to @0x07FFFFF8
Download in Progress:

Error: failed to download Segment[0]
Error: failed to download the File
"""


def test_cubeprogrammer_device_id_stays_in_its_own_run() -> None:
    facts = parse(CUBE_214)
    runs = facts["stlink"]["runs"]
    assert len(runs) == 1, "the header's Device ID line must not open an stm32flash block"
    assert "rom_answered" not in [e["kind"] for e in events(facts, "flash")]
    assert [e["kind"] for e in runs[0]["events"]][:2] == ["dfu_device", "chip_id"]


def test_stm32flash_device_id_with_its_part_name_is_still_its_own() -> None:
    text = "stm32flash 0.5\nInterface serial_posix: 57600 8E1\nVersion      : 0x22\nDevice ID    : 0x0410 (Medium-density)\n"
    ev = next(e for e in events(parse(text), "flash") if e["kind"] == "rom_answered")
    assert ev["value"] == "0x0410"


def test_segment_realigned_below_the_flash_base_is_the_cubeprogrammer_bug() -> None:
    ev = next(e for e in events(parse(CUBE_214), "stlink") if e["kind"] == "segment_realigned")
    assert ev["start"] == 0x08000000 and ev["address"] == 0x07FFFFF8
    f = finding(CUBE_214, "SWD009")
    assert f.confidence >= 0.85
    assert first(CUBE_214) == "SWD009"


def test_realignment_inside_the_flash_without_a_failure_is_no_fault() -> None:
    text = CUBE_214.replace("@0x08000000 is not", "@0x08004010 is not").replace("@0x07FFFFF8", "@0x08004000")
    text = text.replace("Error: failed to download Segment[0]\nError: failed to download the File\n", "File download complete\n")
    found = [f for f in engine.evaluate(merge(new("analyze"), parse(text))) if f.id == "SWD009"]
    assert not found


# ---- dfu-util refusing the file or the command line ---------------------------------------------------------------

def test_file_of_2_gib_is_built_for_another_memory_layout() -> None:
    text = "DFU     epsilon_flash\ndfu-util 0.8\n\ndfu-util: File size is too big: Success\nmake: *** [epsilon_flash] Error 74\n"
    assert "file_too_large" in [e["kind"] for e in events(parse(text), "dfu")]
    assert first(text) == "FW002"


def test_old_dfu_util_without_dfuse_option_is_named() -> None:
    for line in ("dfu-util.exe: invalid option -- s", "dfu-util: invalid option -- 's'",
                 "dfu-util: unrecognized option '--dfuse-address'", "dfu-util.exe: unrecognized option `--dfuse-address'"):
        ev = next(e for e in events(parse(line + "\n"), "dfu") if e["kind"] == "option_unsupported")
        assert ev["option"] in ("s", "--dfuse-address") and ev["fail"]
        f = finding(line + "\n", "GEN001")
        assert "older than the command" in f.message


def test_dfu_util_05_refuses_a_file_without_suffix() -> None:
    text = "dfu-util 0.5\nDevice returned transfer size 2048\nDFU CRC does not match\nUnsupported DFU file revision 0000\n"
    assert "suffix_refused" in [e["kind"] for e in events(parse(text), "dfu")]
    f = finding(text, "GEN001")
    assert "0.5-0.6" in f.message


# ---- STM32duino's maple_upload given ST's ROM id ------------------------------------------------------------------

MAPLE_ST_IDS = ('"C:\\STM32Tools\\2.2.2/win/busybox.exe" sh "C:\\STM32Tools\\2.2.2/maple_upload.sh" COM1 2 0x0483 0xdf11 '
                '"C:\\Temp\\sketch_jun16a.ino.bin"\n...\nNo DFU capable USB device found\n')


def test_maple_upload_with_the_st_rom_id_is_the_wrong_device() -> None:
    ev = next(e for e in events(parse(MAPLE_ST_IDS), "dfu") if e["kind"] == "maple_upload_ids")
    assert (ev["vid"], ev["pid"]) == ("0483", "df11")
    assert first(MAPLE_ST_IDS) == "BOOT006"


def test_maple_upload_with_the_maple_id_keeps_the_bootloader_question() -> None:
    text = "/home/u/Arduino/hardware/Arduino_STM32/tools/linux/maple_upload ttyACM0 2 1EAF:0003 /tmp/blink.ino.bin\n" \
           "dfu-util: No DFU capable USB device available\n"
    ev = next(e for e in events(parse(text), "dfu") if e["kind"] == "maple_upload_ids")
    assert (ev["vid"], ev["pid"]) == ("1eaf", "0003")
    assert first(text) != "BOOT006"


# ---- a wrapper's bundled dfu-util is missing ----------------------------------------------------------------------

def test_flash_multi_bundled_dfu_util_missing_is_a_missing_tool() -> None:
    for line in (r".\tools\dfu-util-multi.exe does not exist",
                 "ERROR: Required tool ./tools/64bit/dfu-util does not exist or is not executable!"):
        ev = next(e for e in events(parse(line + "\n"), "dfu") if e["kind"] == "tool_missing")
        assert "dfu-util" in ev["name"] and ev["fail"]
        assert first(line + "\n") == "TOOL001"
