"""teensy-pjrc round, session 10: teensy_loader_cli's hex reader and write time-outs read from its source (tags 2.1,
2.2, 2.3), the Teensy Loader application's verbose log, checked against real pastes (GitHub issues, forum.pjrc.com).

- read_intel_hex()/parse_hex_line(): a parse error at line 2 is the first data record lying outside the loader's image
  buffer after the address record of line 1 (an STM32 build at 0x08000000, a Teensy 4 image under another --mcu): the
  image was built for another chip (FW002). Line 1 failing is the file not being hex at all, a late line a toolchain or
  loader problem (FW005);
- "error writing to Teensy" without the -v dots (PlatformIO's teensy-cli) on an i.MX RT-sized flash with a loader before
  2.3 is the erase time-out (GEN001), not the link (USB003), which keeps the other write failures;
- the Teensy Loader application's verbose lines "File contains data beyond chip size" (FW004), "attempt to start
  program operation, but file is not readable" (FW005) and "Opps, NXP ROM in open mode" (a failure: GEN001, never silent).
"""

from __future__ import annotations

import pytest

from textkit import events, first, serious

# --- hex parse errors: which line failed ----------------------------------------------------------------------------

MMDVM = """mitch@ondev:~/Arduino/src/MMDVM_HS$ teensy_loader_cli --mcu=TEENSY36 -w bin/mmdvm_f1bl.hex
Warning, HEX parse error line 2
error reading intel hex file "bin/mmdvm_f1bl.hex"
"""


def test_parse_error_line_2_is_another_chips_image() -> None:
    evs = [e for e in events(MMDVM, "flash", "teensy") if e["kind"] == "image_missing"]
    assert evs and evs[0]["lineno_hex"] == "2"
    assert first(MMDVM) == "FW002"
    assert "FW005" in serious(MMDVM)


@pytest.mark.parametrize("line", [
    # a file that is no hex at all (kinx-project/kint #63: QMK Toolbox's teensy_loader_cli 2.1)
    "Warning, HEX parse error line 1",
    # avr-gcc 8 records at the end of a QMK/TMK hex (qmk_firmware #3653)
    "Warning, HEX parse error line 1372",
    # teensy_loader_cli 2.0's 128 KB buffer on a 212 KB Teensy 3.1 hex (platformio-core #568)
    "Warning, HEX parse error line 8193",
    # the Teensy Loader application (TeslaBMSV2 #16, DNMS #11): a file that is not hex
    "ihex: parse error line 1",
])
def test_other_parse_error_lines_stay_the_image(line: str) -> None:
    text = "Teensy Loader, Command Line, Version 2.1\n" + line + '\nerror reading intel hex file "x.hex"\n'
    if line.startswith("ihex"):
        text = line + "\n"
    assert first(text) == "FW005"


# --- write time-out without the block count ---------------------------------------------------------------------------

PIO_T41 = """CURRENT: upload_protocol = teensy-cli
Rebooting...
Uploading .pio/build/teensy41/firmware.hex
Teensy Loader, Command Line, Version 2.2
Read ".pio/build/teensy41/firmware.hex": 148480 bytes, 7.3% usage
Unable to soft reboot with USB error: Success
Waiting for Teensy device...
 (hint: press the reset button)
Found HalfKay Bootloader
Read ".pio/build/teensy41/firmware.hex": 148480 bytes, 7.3% usage
error writing to Teensy

*** [upload] Error 1
"""


def test_write_failed_no_block_on_imxrt_is_the_erase_timeout() -> None:
    evs = [e for e in events(PIO_T41, "flash", "teensy") if e["kind"] == "write_failed"]
    assert evs and not evs[0].get("block")
    assert first(PIO_T41) == "GEN001"
    assert "USB003" not in serious(PIO_T41)


def test_write_failed_no_block_on_teensy2_stays_the_link() -> None:
    # a Teensy 2.0 (32 KB): the erase is short, a failed write is the link's
    text = PIO_T41.replace("148480 bytes, 7.3% usage", "17056 bytes, 52.9% usage").replace("teensy41", "teensy2")
    assert first(text) == "USB003"


def test_write_failed_no_block_with_loader_23_stays_the_link() -> None:
    # teensy_loader_cli 2.3 waits 45 s for the first blocks: a failure there is not its time-out
    text = PIO_T41.replace("Version 2.2", "Version 2.3")
    assert first(text) == "USB003"


def test_write_failed_block_1_on_imxrt_stays_the_link() -> None:
    text = PIO_T41.replace("\nerror writing to Teensy", "\nProgramming.error writing to Teensy")
    assert first(text) == "USB003"


# --- Teensy Loader application verbose lines ---------------------------------------------------------------------------

@pytest.mark.parametrize("line,kind", [
    # Flybrix firmware #21 (Teensy Loader, a hex for a bigger Teensy: "161% used")
    ("23:02:50.870: File contains data beyond chip size, yikes!", "image_too_large"),
    # RadioMusic #143 (Teensy Loader on a Teensy 3.2, after "ihex: parse error line 1")
    ("01:11:05.506: attempt to start program operation, but file is not readable", "image_missing"),
    # forum.pjrc.com 68285 (Teensyduino 1.55 verbose log, Teensy 4.1)
    ("23:31:18.259 (loader): Opps, NXP ROM in open mode, but we do not yet have code for this case", "tool_error"),
])
def test_teensy_loader_verbose_rows(line: str, kind: str) -> None:
    evs = [e for e in events(line + "\n", "flash", "teensy") if e["kind"] == kind]
    assert evs and evs[0].get("fail") is True, events(line + "\n", "flash")


def test_data_beyond_chip_size_is_too_large() -> None:
    assert first('23:02:50.870: File "flybrix-firmware-1.5.0.hex". 103672 bytes, 161% used\n'
                 "23:02:50.870: File contains data beyond chip size, yikes!\n") == "FW004"


def test_nxp_rom_open_mode_is_never_silent() -> None:
    text = ("23:29:50.733 (post_compile 3): Begin, version=1.55, high-res time\n"
            "23:31:18.259 (loader): Opps, NXP ROM in open mode, but we do not yet have code for this case\n")
    assert first(text) == "GEN001"
