"""(intl s23) Families the first-contact threads of the non-English round showed:

- System Workbench for STM32 (AC6 SW4STM32) reports a debug launch whose bundled OpenOCD never attached to the chip with
  the bare line "Wrong device detected"; in its threads the probe never reached the target (OpenOCD's log below it says
  "init mode failed (unable to connect to the target)"), so it is OpenOCD's init failure (SWD004 first, as for that line),
  not an image built for another chip (failure_cues wrong_target, FW002). The same after the launcher's "Reason:" or as
  "Error: Wrong device detected"; the bare line above another tool's paste (esptool, avrdude) is not OpenOCD's.

Texts marked "from the source's format" are written from the tool's output, the others are lines of real threads."""

from __future__ import annotations

from textkit import events, findings, first, kinds


# from the source's format: SW4STM32's launcher line, alone and above its OpenOCD log
_SW4STM32_ALONE = "Wrong device detected\n"
_SW4STM32_WITH_LOG = (
    "Wrong device detected\n"
    "Info : STLINK v2 JTAG v25 API v2 SWIM v14 VID 0x0483 PID 0x3748\n"
    "Info : using stlink api v2\n"
    "Error: init mode failed (unable to connect to the target)\n")


def test_sw4stm32_wrong_device_detected_is_openocds_failed_attach() -> None:
    assert "init_mode_failed" in kinds(_SW4STM32_ALONE, "openocd")
    assert first(_SW4STM32_ALONE) == "SWD004"


def test_sw4stm32_line_above_its_log_is_read_from_its_own_line() -> None:
    # (review s23) "init mode failed" below already gives SWD004: the launcher's line itself must be an event
    evs = [e for e in events(_SW4STM32_WITH_LOG, "openocd") if e["kind"] == "init_mode_failed"]
    assert [e["lineno"] for e in evs][:1] == [1]
    assert first(_SW4STM32_WITH_LOG) in ("SWD004", "SWD005")


def test_the_launchers_other_wordings_are_the_same_failed_attach() -> None:
    # (review s23) from the source's format: the launcher's dialog and console forms (community.st.com 407566:
    # "OpenOCD Problem Occured, Reason: Wrong device detected"), and the line below Eclipse's launch error
    for text in ("OpenOCD child process termination. Reason: wrong device detected\n", "Reason: Wrong device detected\n",
                 "OpenOCD Problem Occured, Reason: Wrong device detected\n",
                 "Error: Wrong device detected\n", "Error in final launch sequence\nWrong device detected\n",
                 "Error in final launch sequence\nOpenOCD Problem Occurred\nReason:\nWrong device detected\n"):
        assert "init_mode_failed" in kinds(text, "openocd"), text
        assert first(text) == "SWD004", text
        assert "FW002" not in [f.id for f in findings(text)], text


def test_the_bare_line_above_another_tools_paste_is_not_openocds() -> None:
    # (review s23) from the source's format: the bare line, then esptool's or avrdude's own chip check: that tool's reading
    # alone, no OpenOCD attach failure (SWD004, SWD002) added
    esptool = ("esptool.py v4.5\nSerial port /dev/ttyUSB0\nConnecting....\n"
               "A fatal error occurred: This chip is ESP32 not ESP32-S3. Wrong --chip argument?\n")
    avrdude = ("avrdude: Device signature = 0x1e950f (probably m328p)\n"
               "avrdude: Expected signature for ATmega2560 is 1E 98 01\n"
               "         Double check chip, or use -F to override this check.\n\navrdude done.  Thank you.\n")
    for paste in (esptool, avrdude):
        ids = [f.id for f in findings("Wrong device detected\n" + paste)]
        assert ids == [f.id for f in findings(paste)], ids
        assert "SWD004" not in ids and "SWD002" not in ids
    # above OpenOCD's own log it stays OpenOCD's (the log of community.st.com 407566)
    log = ("Wrong device detected\nOpen On-Chip Debugger 0.10.0-dev-00278-ga53935e-dirty (2017-05-09-09:25)\n"
           "Info : STLINK v2 JTAG v25 API v2 SWIM v14 VID 0x0483 PID 0x3748\nInfo : Target voltage: 0.003120\n"
           "Error: init mode failed (unable to connect to the target)\n")
    assert [e["lineno"] for e in events(log, "openocd") if e["kind"] == "init_mode_failed"][:1] == [1]


def test_prose_about_the_message_is_not_the_tool_line() -> None:
    # a sentence that names the words is not SW4STM32's line
    assert "init_mode_failed" not in kinds("I always get wrong device detected when I flash from the IDE\n", "openocd")


def test_a_chip_id_check_still_reads_as_another_chip() -> None:
    # the wrong_target cue keeps its own wordings (a line of megatinycore 1099)
    assert first("Device ID mismatch! Stopping.\n") == "FW002"
