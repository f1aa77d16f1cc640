"""Session 24, rp-fw gathering round: RP2040/RP2350 and firmware-build families that real unseen threads showed doctor
did not read (each text here is a line people pasted in a public thread, named beside it, unless marked "from the
source's format").

- arduino-cli / Arduino IDE 2 (Go os/exec): a core's tool given with its path that LookPath on Windows does not find,
  `exec: "C:\\...\\picotool": file does not exist` (fs.ErrNotExist) -> TOOL001
- the BOOTSEL copy said in the passive ("The New.UF2 file seems to get copied to the drive") next to a Pico 2 that does not
  reboot -> RP003
- the RP2040 cold start said with "neither ... nor start ... when connected to power" -> RP002
- an image's size said with its limit ("my Klipper build plus the 8k offset exceeded 32 kb") -> FW004 (failure cue)
- the same image runs on a Raspberry Pi Pico and not on this other RP2040 board -> FW002
"""

from __future__ import annotations

from doctor import derive
from textkit import events, findings, first


def ids(text: str) -> list[str]:
    return [f.id for f in findings(text)]


def _cue_of(line: str) -> str | None:
    for name, _fid, _says, pattern in derive._cue_table():
        if pattern.search(line):
            return name
    return None


# --- arduino-cli: Go's LookPath error for a tool path on Windows -------------------------------------------------------

ARDUINO_PICOTOOL_WIN = (  # earlephilhower/arduino-pico#2008
    '"C:\\Users\\per\\AppData\\Local\\Arduino15\\packages\\rp2040\\tools\\pqt-picotool\\2.2.0-d04e724/picotool" load '
    '"C:\\Users\\per\\AppData\\Local\\Temp\\arduino\\sketches\\4B2058C9F1F60A045A392622B7C0A930/sketch_feb16b.ino.uf2" -f\n'
    'Failed uploading: cannot execute upload tool: exec: "C:\\\\Users\\\\per\\\\AppData\\\\Local\\\\Arduino15\\\\packages\\\\rp2040'
    '\\\\tools\\\\pqt-picotool\\\\2.2.0-d04e724/picotool": file does not exist\n')


def test_arduino_cli_exec_file_does_not_exist_is_tool_missing() -> None:
    assert first(ARDUINO_PICOTOOL_WIN) == "TOOL001"
    assert [e["kind"] for e in events(ARDUINO_PICOTOOL_WIN, "flash", "arduino")] == ["tool_missing"]


def test_arduino_cli_file_does_not_exist_for_what_is_no_tool_is_not_tool_missing() -> None:
    # (review s24) from the source's format: Go's "file does not exist" for the sketch's image (the command line cut before the
    # tool) or a bare user folder (a path cut at the space of the user's name) is no missing tool, but still a failure (GEN001)
    for text in ('Failed uploading: cannot execute upload tool: exec: "C:\\\\Users\\\\John": file does not exist\n',
                 'Failed uploading: cannot execute upload tool: exec: "C:\\\\Users\\\\per\\\\AppData\\\\Local\\\\Temp\\\\arduino'
                 '\\\\sketches\\\\4B2058C9F1F60A045A392622B7C0A930/sketch_feb16b.ino.uf2": file does not exist\n'):
        assert not [e for e in events(text, "flash", "arduino") if e["kind"] == "tool_missing"], text
        assert first(text) == "GEN001", text


# --- the BOOTSEL copy in the passive ---------------------------------------------------------------------------------

PICO2_LITTLEFS = """I've just started playing with the Pico2.  I'm having problems uploading data to the LittleFS data partition.  The New.UF2 file seems to get copied to the drive that appears when i trigger the command but the drive never closes and the pico2 doesn't reboot.  The whole thing just seems to hang up.

I've tried my code and data on an original pico which works correctly.
"""  # earlephilhower/arduino-pico#3025


def test_uf2_copied_in_the_passive_to_a_pico2_that_does_not_reboot_is_rp003() -> None:
    assert first(PICO2_LITTLEFS) == "RP003"
    copied = [e for e in events(PICO2_LITTLEFS, "flash", "uf2-drive") if e["kind"] == "said_uf2_copied"]
    assert copied and copied[0].get("name") == "RP2350"


def test_uf2_copied_in_the_passive_and_applied_is_no_family_story() -> None:
    # from the row's format: the copy in the passive, and the board rebooted into it
    text = "The klipper.uf2 file was copied to the RP2350 drive, the drive went away and the Pico 2 rebooted into Klipper.\n"
    assert "RP003" not in ids(text)
    # nor a copy onto a PC's own drive (a bare "firmware", no UF2 named)
    text = "The firmware file is copied to the drive of my PC first.\n"
    assert not [e for e in events(text, "flash", "uf2-drive") if e["kind"] == "said_uf2_copied"]


def test_uf2_copied_in_the_passive_leaves_copies_the_board_took() -> None:
    # (review s24) from the row's format: the copy went through (the drive went away, the REPL or Klipper answers): no RP003
    for text in ("Pico 2 W here. The MicroPython firmware was copied to the drive, the drive disappeared and Thonny sees the REPL. "
                 "But machine.reset() doesn't reboot it, it hangs.\n",
                 "Pico 2: the firmware was copied to the drive and it rebooted fine. Klipper connects, but FIRMWARE_RESTART does not "
                 "restart the mcu.\n",
                 "Pico 2: the klipper.uf2 was copied to the drive and it rebooted fine, but FIRMWARE_RESTART does not restart the mcu.\n"):
        assert "RP003" not in ids(text), text
        assert not [e for e in events(text, "flash", "uf2-drive") if e["kind"] == "said_uf2_copied"], text


def test_uf2_copied_in_the_passive_to_a_named_drive_is_one_event() -> None:
    # (review s24) from the row's format: the drive named by its label is read once (the active row's), not twice
    text = "The klipper.uf2 file was copied to the RP2350 drive but the Pico 2 doesn't reboot.\n"
    copied = [e for e in events(text, "flash", "uf2-drive") if e["kind"] == "said_uf2_copied"]
    assert len(copied) == 1 and copied[0].get("name") == "RP2350"
    assert first(text) == "RP003"


# --- the RP2040 cold start, "neither ... nor ... when connected to power" --------------------------------------------

QTPY_COLD = """One more data point:
I have a QtPy RP2040 which was working well on initial program, but would neither reset properly nor start properly when connected to power.  I could not get it to restart in these cases, even inconsistently.
"""  # raspberrypi/pico-sdk#401


def test_neither_nor_start_when_connected_to_power_is_rp002() -> None:
    assert first(QTPY_COLD) == "RP002"


def test_cold_start_rows_leave_questions_advice_and_other_chips() -> None:
    # from the row's format
    assert "RP002" not in ids("My RP2040 board: would it not start when connected to power?\n")
    assert "RP002" not in ids("The STM32 board would not start when connected to power, the Pico next to it is fine.\n")
    assert "RP002" not in ids("My Pico would not start when connected to power, turned out the USB cable was bad.\n")
    assert "RP002" not in ids("Make sure the RP2040 does not start when connected to power before you wire it.\n")
    # (review s24) an AVR Arduino or a Raspberry Pi computer, a supply too low
    assert "RP002" not in ids("My Arduino Uno doesn't start when power is applied, the RP2040 next to it does\n")
    assert "RP002" not in ids("The raspberry pi 4 doesn't boot when power is applied with the Pico plugged in\n")
    assert "RP002" not in ids("My RP2040 doesn't start when power is applied through VSYS because the supply is 2.5 V\n")


# --- the size said with its limit (failure cue) ----------------------------------------------------------------------

KATAPULT_F042_LINE = ("  • I had the flash tool hang and the status LED stop flashing on the Expander, until I realized that my Klipper build "
                      "plus the 8k offset exceeded 32 kb. Back under that limit it flashes fine. (Did not notice Klipper's own make error "
                      "about this, TODO - double check and open an issue there as well.)")  # Arksine/katapult#148
KATAPULT_F042 = ("I have two STM32F042 devices I want to update regularly using Katapult over USB - a Klipper Expander and a "
                 "\"T. Abraham V0-Display\" LCD board.\n\n" + KATAPULT_F042_LINE + "\n"
                 "  • Had to use Klipper's python3 -c 'import flash_usb as u; u.enter_bootloader(\"<DEVICE>\")' to get the Expander to "
                 "play nicely with flashtool.py, directly using the /dev/serial/by-id Klipper path as on my other CAN bus machine did "
                 "not work, it timed out on command CONNECT.\n")


def test_image_exceeding_its_limit_is_fw004() -> None:
    assert _cue_of(KATAPULT_F042_LINE) == "flash_overflow"
    assert first(KATAPULT_F042) == "FW004"
    # from the cue's format: an unknown tool's failure line that says the same
    assert _cue_of("zorbo: error: firmware exceeds 28672 bytes") == "flash_overflow"
    assert _cue_of("zorbo: error: binary exceeded the size limit") == "flash_overflow"


def test_exceeding_what_is_not_an_image_is_no_size_cue() -> None:
    for line in ("zorbo: error: CPU temperature exceeded 80 C", "zorbo: error: the build exceeded my expectations",
                 "zorbo: error: retries exceeded 10 times", "zorbo: error: timeout exceeded 5000 ms",
                 # (review s24) a RAM/heap/stack size, a download, a log, a time, a retransmit count
                 "error: the firmware RAM usage exceeded 2 kb", "OTA failed: firmware download exceeded 30 mb",
                 "firmware exceeded 32 KB RAM", "binary exceeded 4 kB of SRAM", "app exceeded 100 kb of heap",
                 "Klipper's stack exceeded 4 kb", "the build exceeded the limit of 10 minutes", "build log exceeded 4 mb",
                 "klipper: retransmit exceeded 100 bytes"):
        assert _cue_of(line) != "flash_overflow", line


# --- the same image runs on a Pico, not on this RP2040 board ---------------------------------------------------------

QTPY_FLASH_CHIP = """Compiling klipper.uf2 for the official rp2040 based "pico" seems to work great.
I've compiled and flashed my rp2040 based "QT PY" board a few times and I can't get it to boot.
The same flash boots on a pico.
I have not attached my logs. The MCU is not seen as a USB device.
"""  # Klipper3d/klipper#4996


def test_same_image_runs_on_a_pico_only_is_fw002() -> None:
    assert first(QTPY_FLASH_CHIP) == "FW002"


def test_same_image_rows_leave_questions_pico2_and_later_starts() -> None:
    # from the row's format
    assert "FW002" not in ids("Does the same firmware boot on a pico? My RP2040-Zero shows nothing.\n")
    # the other chip: an RP2040 image on a Pico 2 is RP003's family story
    assert "FW002" not in ids("I can't get my Pico 2 to boot it. The same uf2 works on a pico.\n")
    # a later start: it ran once, the power cycle is where it fails (RP002)
    text = "The same firmware runs fine on a pico, but my RP2040-Zero is not found after a power cycle until I press reset.\n"
    assert "FW002" not in ids(text)


def test_same_image_rows_leave_other_mcus_guesses_and_success_stories() -> None:
    # (review s24) from the row's format: another MCU or an AVR Arduino is the failing board, a guess, both boards running, or no
    # failure in the text at all
    for text in ("The I2C sensor does not answer on my ESP32. The same code works on a pico.",
                 "My STM32 blue pill never enumerates. The same sketch runs fine on a pico.",
                 "It works on a Pico but not on my ESP32 board.", "It works on a Pico but not on my Arduino Nano board.",
                 "It works on a Pico but not on my STM32 board.",
                 "Yes, the same uf2 works on a pico and on the Feather RP2040, both boot.",
                 "The same firmware works on a pico too, and on my QT Py it also boots fine.",
                 "I bet the same flash boots on a pico.",
                 "I flashed my QT Py RP2040 today. The same flash boots on a pico."):
        assert "FW002" not in ids(text + "\n"), text


# --- the failure said to come only with an older compiler -------------------------------------------------------------

PICO2_OLD_GCC = """One final update for now - I tried plugging the flashed Pico2 into a Pi400 and it exhibited similar connect/ disconnect cycles in dmesg as before.
I was able to reproduce this error locally. But only if I compile the code on older versions of gcc. Specifically, arm-none-eabi-gcc (15:8-2019-q3-1+b1) 8.3.1 20190703 (release) [gcc-8-branch revision 273027] and arm-none-eabi-gcc (15:7-2018-q2-6) 7.3.1 20180622 (release) [ARM/embedded-7-branch revision 261907] show the problem. However, arm-none-eabi-gcc (Fedora 14.1.0-1.fc40) 14.1.0 does not show the problem.
"""  # klipper.discourse.group/t/support-for-rp2350-micro-controllers/19656


def test_failure_only_with_an_older_compiler_is_fw005() -> None:
    assert first(PICO2_OLD_GCC) == "FW005"
    # from the row's format: the other wordings of the same statement
    assert [e["kind"] for e in events("It turned out the gcc version was too old.", "claims")] == ["said_old_toolchain"]
    assert [e["kind"] for e in events("The old toolchain was the culprit here.", "claims")] == ["said_old_toolchain"]


def test_older_compiler_asked_advised_or_ruled_out_is_no_claim() -> None:
    # from the row's format
    for text in ("Could it fail only if I compile with an older version of gcc?",
                 "Make sure you do not build with an old toolchain.",
                 "It is not the compiler: it fails even when I build with an older gcc or a new one.",
                 "The old gcc was not the problem, the cable was.",
                 # (review s24) negated, conditional, the older one as the cure, another thread's cause
                 "I don't think the gcc is too old, it's 12.2.", "If your gcc is too old you get this error.",
                 "It works if I build with an older gcc.", "It was fixed when I built with an older toolchain version.",
                 "Note: an old toolchain was the cause in #1234, but here gcc is 14."):
        assert "said_old_toolchain" not in [e["kind"] for e in events(text, "claims")], text


def test_compiler_said_too_old_with_words_between() -> None:
    # (review s24) from the row's format
    text = "The gcc in Raspberry Pi OS buster is too old for the RP2350"
    assert [e["kind"] for e in events(text, "claims")] == ["said_old_toolchain"]


def test_the_two_boards_side_by_side_is_fw002_too() -> None:
    # from the row's format: the same statement, the Pico first and the other RP2040 board after "but"
    text = "I built klipper.uf2 for the rp2040. It boots fine on the pico, but doesn't boot on my Feather RP2040.\n"
    assert first(text) == "FW002"
    # the failing board a Pico 2 is not this row's (an RP2040 image on an RP2350)
    text = "The uf2 works on a pico but not on my pico 2 board.\n"
    assert "FW002" not in ids(text)


def test_rp_claims_is_not_hinted_by_every_pico_sdk_line() -> None:
    # (review s24) a bare "pico" hint sent every line of a pico-sdk build (pico-sdk/, PICO_BOARD) to rp-claims (3x the time)
    from doctor.parsers.rp_claims import RpClaimsParser
    assert "pico" not in RpClaimsParser.hints
    assert any(h in "the same flash boots on a pico." for h in RpClaimsParser.hints)
