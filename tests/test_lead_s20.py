"""(lead s20) Integration of session 20: what the lead changed beside the helpers.

Texts marked "from the source's format" are written from the tool's printf/format strings, not pasted by anyone."""

from __future__ import annotations

from textkit import events, first


def test_a_cut_not_responding_line_is_still_avrdudes_failure() -> None:
    # a forum cut the line inside its words (a real paste ended "programmer is not respond" then "..."); from the
    # source's format: avrdude 5.x-8.x stk500.c's "%s: stk500_recv(): programmer is not responding"
    for tail in ("respond", "respon", "resp...", "respond\u2026"):
        text = "avrdude: Version 6.3-20190619\n         Using Programmer              : arduino\navrdude: stk500_recv(): programmer is not " + tail
        assert "programmer_not_responding" in [e["kind"] for e in events(text, "avrdude")], tail
        assert first(text) is not None, tail


def test_the_whole_message_and_reselecting_keep_their_rows() -> None:
    full = "avrdude: stk500_recv(): programmer is not responding"
    assert [e["kind"] for e in events(full, "avrdude")] == ["programmer_not_responding"]
    assert events("avrdude: ser_recv(): programmer is not responding, reselecting", "avrdude") == []


def test_arduino_library_note_with_a_spaced_library_name_is_benign() -> None:
    # (review s20) library.properties names hold spaces ("Adafruit GFX Library", "LiquidCrystal I2C"); from the source's
    # format: arduino-builder / arduino-cli "WARNING: library %s claims to run on %s architecture(s) and may be ..."
    note = ("WARNING: library Adafruit GFX Library claims to run on avr architecture(s) and may be incompatible with your "
            "current board which runs on esp32 architecture(s).")
    build = "Sketch uses 262,514 bytes (20%) of program storage space. Maximum is 1,310,720 bytes.\n"
    from textkit import serious
    assert serious(note + "\n" + build) == []


OPENOCD_LOST = """Open On-Chip Debugger 0.10.0
Info : STLINK v2 JTAG v29 API v2 SWIM v7 VID 0x0483 PID 0x3748
Info : Target voltage: 3.24
Info : stm32f1x.cpu: hardware has 6 breakpoints, 4 watchpoints
"""
EPISODE = """Info : Previous state query failed, trying to reconnect
Polling target stm32f1x.cpu failed, trying to reexamine
Info : stm32f1x.cpu: hardware has 6 breakpoints, 4 watchpoints
"""


def test_openocd_one_lost_poll_that_came_back_is_overcome_but_a_loop_is_not() -> None:
    # (review s20) from the source's format: OpenOCD 0.10 target.c handle_target() and stlink_usb.c; a board reset once
    # in a session comes back; firmware that turns SWD off loses the core again and again, each loss ending on an examine
    from textkit import serious
    assert serious(OPENOCD_LOST + EPISODE) == []
    assert serious(OPENOCD_LOST + EPISODE * 3), "a target lost three times is a fault even when the last examine answered"


def test_a_menuconfig_clock_reference_is_not_the_board_naming_its_crystal() -> None:
    # (review s20) Klipper's menuconfig line says what the build assumes; beside descriptor errors the cable stays first
    from textkit import kinds
    text = ("My menuconfig: STM32F103, 28KiB bootloader, Clock Reference (8 MHz crystal) on my board, with every cable:\n"
            "[  12.345678] usb 1-1.3: device descriptor read/64, error -71\n"
            "[  12.567890] usb 1-1.3: device descriptor read/64, error -71\n"
            "[  13.123456] usb 1-1-port3: unable to enumerate USB device\n")
    assert "said_board_crystal" not in kinds(text, "claims")
    assert first(text) != "FW003"
    named = "My board is a custom board with STM32F103RCT6 and a 12MHz crystal, and its USB never shows up"
    assert "said_board_crystal" in kinds(named, "claims")


# (review s20) the prose claims of the klipper-side round: each stays off the statements the review found
import pytest  # noqa: E402


def _claims(text: str) -> list[str]:
    from textkit import kinds
    return kinds(text, "claims")


@pytest.mark.parametrize(("text", "kind"), [
    ("I set the can0 bitrate to 1000000 in /etc/network/interfaces.d/can0 and fixed the wiring, but the EBB36 is still not found",
     "said_can_bitrate_mismatch"),
    ("Is the can0 bitrate wrong? It is 1000000 and the EBB36 was built for 1000000 too.", "said_can_bitrate_mismatch"),
    ("I built Katapult for the Octopus without CAN support since it runs on USB, and can0 comes from the U2C.",
     "said_can_driver_missing"),
    ("The EBB runs without a bootloader so it can support the newer driver on the host.", "said_can_driver_missing"),
    ("I compiled klipper with the 28KiB bootloader offset as the docs say, flashed via SD card, but it won't connect.",
     "said_wrong_offset"),
    ("Pressing BOOT0 didn't work at first, with a new cable it entered DFU and dfu-util flashed it.", "said_boot_held_no_dfu"),
    ("Holding BOOT0 isn't needed, the board is not detected by dfu-util when klipper runs", "said_boot_held_no_dfu"),
])
def test_prose_claims_stay_off_reports_questions_and_success(text: str, kind: str) -> None:
    assert kind not in _claims(text)


def test_a_port_the_hub_gave_up_on_keeps_its_errors_when_a_bootloader_enumerates_later() -> None:
    # (review s20) from the source's format: drivers/usb/core/hub.c; the app never enumerates, the ROM's DFU does after BOOT0
    from doctor import derive
    from textkit import facts
    text = ("[  101.100000] usb 3-2: new full-speed USB device number 5 using xhci_hcd\n"
            "[  101.300000] usb 3-2: device descriptor read/64, error -71\n"
            "[  101.700000] usb 3-2: device descriptor read/64, error -71\n"
            "[  102.900000] usb usb3-port2: unable to enumerate USB device\n"
            "[  190.100000] usb 3-2: new full-speed USB device number 9 using xhci_hcd\n"
            "[  190.300000] usb 3-2: New USB device found, idVendor=0483, idProduct=df11, bcdDevice=22.00\n"
            "[  190.300000] usb 3-2: Product: STM32  BOOTLOADER\n")
    overcome = derive._standing(facts(text))[0]
    assert not any(n in (2, 3) for _, n in overcome), overcome
    retried = text.replace("[  102.900000] usb usb3-port2: unable to enumerate USB device\n", "")
    assert any(n == 2 for _, n in derive._standing(facts(retried))[0])


def test_one_name_error_on_at_is_a_person_typing_a_burst_is_modemmanager() -> None:
    # (review s20) from the source's format: MicroPython 1.x "NameError: name 'AT' isn't defined" at the REPL; a person who
    # types AT once (expecting AT firmware) is no probe; ModemManager's probe sends several (AT, ATE0, ATI, ~x~)
    from textkit import findings
    one = ">>> AT\nTraceback (most recent call last):\n  File \"<stdin>\", line 1, in <module>\nNameError: name 'AT' isn't defined\n>>> "
    assert [f.id for f in findings(one)][:1] != ["SER002"]
    burst = one + "ATE0\nTraceback (most recent call last):\n  File \"<stdin>\", line 1, in <module>\nNameError: name 'ATE0' isn't defined\n>>> ~x~\n"
    assert findings(burst)[0].id == "SER002"
    assert findings(">>> ~x~\n>>> ~x~\n")[0].id == "SER002"


def test_prose_about_a_spawn_error_names_no_tool() -> None:
    # (review s20) the spawn rows take spaces only in a path (a drive letter or a separator first)
    from textkit import findings
    found = findings("I think the child_process spawn failed with ENOENT when I ran it")
    assert not found or found[0].id != "TOOL001"


def test_a_brownout_loop_counts_boots_not_lines() -> None:
    # (review s20) from the source's format: each boot prints the detector's line and the ROM's brownout reset
    from textkit import findings
    boot = ("Brownout detector was triggered\n\nets Jun  8 2016 00:22:57\n\nrst:0xf (RTCWDT_BROWN_OUT_RESET),boot:0x13 "
            "(SPI_FAST_FLASH_BOOT)\nconfigsip: 0, SPIWP:0xee\nentry 0x400806a8\n")
    found = [f for f in findings(boot * 4) if f.id == "USB003"]
    assert found and found[0].evidence[0][0].endswith("(×4)"), found[0].evidence if found else None


def test_overcome_marks_are_in_line_order_whatever_the_caller_gives() -> None:
    # (perf s20 noticed) arduino.py and esptool.py pass a set: the facts' order followed the hash seed
    from doctor.facts import mark_overcome
    facts: dict = {}
    mark_overcome(facts, {("b.txt", 3), ("a.txt", 9), ("a.txt", 2), ("a.txt", None)})
    assert facts["text"]["overcome"] == [{"source": "a.txt", "lineno": 2}, {"source": "a.txt", "lineno": 9}, {"source": "b.txt", "lineno": 3}]
