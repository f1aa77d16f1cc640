"""Session 21 study: the same failure inside a wrapper, a forum post, or beside other pastes (benchmarks/paste_shapes.py
framing shapes `pio`, `arduino`, `arduino18`, `make`, `qmk`, `prose`, `console`, `beside`).

The frames are written from the wrappers' own formats (PlatformIO core 6.1.17 run/cli.py and builder/main.py,
arduino-cli 1.5.1 sizer.go and service_upload.go, Arduino IDE 1.8.19 SketchController.java, Klipper's src/*/Makefile
flash targets, QMK's builddefs/message.mk, GNU make's error line). The texts written here are "from the source's
format"; the cases named below are real threads (tests/cases), framed by the benchmark.

Mechanisms fixed: a wrapper's block kept the lines of the tool it ran (a tool claiming them weakly never got them:
Parser.frame in doctor/parsers/__init__.py); a wrapper's bare verdict ("exit status 74", "[FAILED] Took", "Make
finished with errors") was quoted by GEN001 beside the finding that explains the tool's own lines
(engine._verdicts_after); a person's question ("any idea what is wrong?") was read as a failure line (_NOT_FAILURE);
PlatformIO's "Auto-detected: PORT" was read as the port that appeared after a 1200-bps touch (SER004); an Arduino IDE
verdict around dfu-util waiting for ST's ROM DFU id was read as an Arduino board's bootloader (BOOT001).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from doctor import engine
from doctor.parsers import _failing_texts
from textkit import benchmark, findings, first as first_id

ROOT = Path(__file__).resolve().parent.parent
paste_shapes = benchmark("paste_shapes")

# cases whose first finding moved under the frame at the session's start
BROKEN_BEFORE = {
    "pio": ["cubeprog-dfu-custom-sboot-bootloader-data-read-failed", "se9-arduino-se-30593-serial-print-gibberish-baud-mismatch",
            "particle-cli-68-win-photon-flash-usb-tinker-get-status-error-but-successful",
            "keyboardio-5550-model100-macos-dfu-util-download-done-exit-251",
            "vscode-arduino-1535-micro-permission-denied-user-in-dialout"],
    "arduino18": ["dfu-get-status-error-is-normal", "dfu-get-status-manta-m5p-app-offset"],
    "qmk": ["cubeprogrammer-dfu-write-failed-old-version-stm32wb", "dfu-get-status-ebb36-make-flash",
            "healthy-thonny-pico-w-keyboardinterrupt-traceback-then-prompt",
            "se9-minicore-313-atmega328p-internal-8mhz-monitor-gibberish-baud"],
    "prose": ["32blit-sdk-669-32blit-install-examples-flashing-healthy", "dfu-get-status-error-is-normal"],
    "beside": ["se9-arduino-se-30593-serial-print-gibberish-baud-mismatch", "hypriot-32-pi3-serial-console-garbage-mini-uart-core-freq"],
}


@pytest.mark.parametrize("shape,case", [(s, c) for s, cs in BROKEN_BEFORE.items() for c in cs])
def test_framed_case_keeps_its_diagnosis(shape: str, case: str) -> None:
    hit, first, expect = paste_shapes.case_hits(ROOT / "tests" / "cases" / case, shape)
    assert hit, f"{case} framed as {shape}: expected {expect}, doctor said {first}"


def test_frames_follow_the_wrappers_formats() -> None:
    text = "dfu-util: Error during download get_status\n"
    pio = paste_shapes.FRAMES["pio"][0](text, False)
    assert "Configuring upload protocol...\n" in pio and "*** [upload] Error 74\n" in pio and "[FAILED] Took 7.83 seconds" in pio
    assert "[SUCCESS] Took" in paste_shapes.FRAMES["pio"][0](text, True)
    assert paste_shapes.FRAMES["arduino"][0](text, False).endswith("Failed uploading: uploading error: exit status 74\n")
    assert paste_shapes.FRAMES["make"][0](text, False).endswith("make: *** [src/stm32/Makefile:106: flash] Error 74\n")
    assert "Make finished with errors\n" in paste_shapes.FRAMES["qmk"][0](text, False)
    assert "Make finished with errors" not in paste_shapes.FRAMES["qmk"][0](text, True)


# -- the tool's lines inside a wrapper's block are the tool's (Parser.frame) --------------------------------------

def test_a_serial_monitor_inside_platformios_frame_is_read_as_one() -> None:
    # `pio run -t upload -t monitor` prints the monitor's lines inside PlatformIO's frame: the real case's monitor text
    case = ROOT / "tests" / "cases" / "se9-arduino-se-30593-serial-print-gibberish-baud-mismatch"
    text = next(p for p in case.iterdir() if p.name != "case.toml").read_text(encoding="utf-8")
    assert first_id(paste_shapes.FRAMES["pio"][0](text, False)) == first_id(text) == "SER007"


# -- a wrapper's bare verdict below the tool's explained lines (engine._verdicts_after) ----------------------------

DFU_AFTER_LEAVE = ("Download done.\nFile downloaded successfully\ndfu-util: Error during download get_status\n")


@pytest.mark.parametrize("verdict", [
    "An error occurred while uploading the sketch",                      # Arduino IDE 1.8
    "Failed uploading: uploading error: exit status 74",                 # arduino-cli / IDE 2.x
    "*** [upload] Error 74\n========================= [FAILED] Took 4.12 seconds =========================",  # PlatformIO
    "make[1]: *** [platforms/chibios/flash.mk:94: flash] Error 74\nMake finished with errors\n"
    "make: *** [Makefile:392: planck/rev6:default:flash] Error 1",       # QMK
])
def test_a_bare_verdict_after_dfu_utils_leave_is_not_quoted_as_unexplained(verdict: str) -> None:
    # from the source's format: dfu-util 0.9-0.11 after a download with :leave, then the wrapper's verdict
    ids = [f.id for f in findings(DFU_AFTER_LEAVE + verdict + "\n")]
    assert ids[0] == "DFU001" and "GEN001" not in ids, ids


def test_a_bare_verdict_alone_is_still_quoted() -> None:
    # nothing above it is explained: the verdict is the only failure shown, never silence
    assert first_id("Sketch uses 1478 bytes (0%) of program storage space. Maximum is 253952 bytes.\n"
                    "An error occurred while uploading the sketch\n") == "GEN001"


def test_bare_verdicts_are_the_wrappers_exit_lines_only() -> None:
    bare = ["*** [upload] Error 1", "=========== [FAILED] Took 7.83 seconds ===========", "make: *** [src/stm32/Makefile:106: flash] Error 1",
            "make[1]: *** [flash] Error 74", "Make finished with errors", "Failed uploading: uploading error: exit status 1",
            "Error during Upload: Failed uploading: uploading error: exit status 2", "exit status 1",
            "An error occurred while uploading the sketch", "Problem uploading to board.  See https://support.arduino.cc/ for suggestions."]
    own = ["*** [upload] Broken pipe", "Failed uploading: no upload port provided", "make: *** No rule to make target 'flash'.  Stop.",
           "avrdude: stk500_recv(): programmer is not responding"]
    assert all(engine._BARE_VERDICT.match(line) for line in bare)
    assert not any(engine._BARE_VERDICT.match(line) for line in own)


# -- a person's question around a paste is not a failure line ------------------------------------------------------

def test_a_question_about_what_is_wrong_is_not_a_failure_line() -> None:
    lines = ["Hi, I get this when I try to flash, any idea what is wrong?", "Can someone tell me what I'm doing wrong",
             "Is anything wrong in my config?", "What does this error mean?",
             "Something is wrong with the board", "avrdude: wrong device signature", "Error: what is wrong"]
    assert _failing_texts(lines) == {4, 5, 6}


def test_a_healthy_paste_with_a_neutral_question_stays_healthy() -> None:
    # from the source's format: dfu-util 0.11's healthy download, inside a forum post's question
    text = ("Hi, I get this when I try to flash, any idea what is wrong?\n\n"
            "Opening DFU capable USB device...\nID 0483:df11\nDownloading element to address = 0x08000000, size = 24576\n"
            "Download\t[=========================] 100%        24576 bytes\nDownload done.\nFile downloaded successfully\n\n"
            "Thanks in advance\n")
    assert not [f.id for f in findings(text) if f.severity in ("error", "warning")]


# -- healthy frame lines read as evidence ---------------------------------------------------------------------------

def test_platformios_auto_detected_port_is_not_a_port_after_a_touch() -> None:
    # from the source's format: PlatformIO 6.x upload with avrdude refused the port; no 1200-bps touch shown
    text = ("Configuring upload protocol...\nAVAILABLE: arduino\nCURRENT: upload_protocol = arduino\nLooking for upload port...\n"
            "Auto-detected: /dev/ttyACM0\nUploading .pio/build/release/firmware.hex\n"
            "avrdude: ser_open(): can't open device \"/dev/ttyACM0\": Permission denied\n*** [upload] Error 1\n")
    found = findings(text)
    assert found[0].id == "SER004" and "1200-bps reset" not in found[0].message


def test_an_arduino_verdict_around_dfu_util_waiting_for_st_rom_dfu_is_not_an_arduino_board() -> None:
    # from the source's format: dfu-util 0.11 told to wait for ST's ROM DFU (0483:df11), run by arduino-cli
    text = ("dfu-util -a 0 -d 0483:df11 -s 0x08000000:leave -D firmware.bin\n"
            "dfu-util: No DFU capable USB device available\nFailed uploading: uploading error: exit status 74\n")
    assert first_id(text) != "BOOT001"


# -- a healthy paste beside the failing one -------------------------------------------------------------------------

def test_a_shell_paste_after_a_garbled_monitor_is_not_readable_monitor_output() -> None:
    # a monitor at the wrong rate (Latin-1 garbage, as the IDE shows it), then the person's `uname -a` and
    # `python3 --version` in the same post: the prompt ends the monitor's output; readable lines after it are no sign
    # that the rate was right after all (serial_monitor CLEAN_AFTER)
    garbled = "\u00f6\u2019\u00f6\u2019\u0192\u00d5\u2022\u00ac\u0192 \u00f6\u0192\u00ac\u00d5\u2022\u00ac\u0192\u00f6\n"
    beside = ("\n$ uname -a\nLinux host 6.1.21-v8+ #1642 SMP PREEMPT Mon Apr  3 17:24:16 BST 2023 aarch64 GNU/Linux\n"
              "$ python3 --version\nPython 3.11.2\n")
    assert first_id(garbled * 3) == "SER007"
    assert first_id(garbled * 3 + beside) == "SER007"
    assert first_id(garbled * 3 + "Hello from the board\nReady to go\n") != "SER007"  # readable output: the rate was right
