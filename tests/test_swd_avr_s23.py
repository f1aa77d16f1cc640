"""(swd-avr s23) Families the first-contact threads of the SWD/AVR round showed:

- OpenOCD skips the part of an image that lies past the flash its target driver probed ("Info : flash size = 64kbytes",
  0.12 "64 KiB"; then "Warn : no flash bank found for address 0x08010000", 0.9-0.10 in bare hex "8010000"), prints
  "** Programming Finished **" and fails the verify: the image is longer than the flash the chip reports. The same
  family as st-flash's "addr too high" / "The size exceeds the size of the flash" (FW004, with the F103C8-used-as-128-KiB
  question). Not a RAM or CCM section of an ELF (0x10000000, 0x20000000), not an STM32L0/L1 data-EEPROM section
  (0x08080000) on a chip not known to be another family, not a flash size probed as 0, not an address inside the flash.

Texts marked "from the source's format" are written from the tool's output, the others are lines of real threads."""

from __future__ import annotations

from textkit import facts, first, findings

# from the source's format: OpenOCD 0.12 (src/flash/nor/stm32f1x.c "flash size = %u KiB", src/flash/nor/core.c
# "no flash bank found for address " TARGET_ADDR_FMT) writing a 72 KiB image to an F103 that reports 64 KiB
_OPENOCD_012 = (
    "Open On-Chip Debugger 0.12.0\n"
    "Info : STLINK V2J37S7 (API v2) VID:PID 0483:3748\n"
    "Info : Target voltage: 3.260000\n"
    "Info : [stm32f1x.cpu] Cortex-M3 r1p1 processor detected\n"
    "** Programming Started **\n"
    "Info : device id = 0x20036410\n"
    "Info : flash size = 64 KiB\n"
    "Warn : no flash bank found for address 0x08010000\n"
    "** Programming Finished **\n"
    "** Verify Started **\n"
    "Error: checksum mismatch - attempting binary compare\n"
    "** Verify Failed **\n")

# from the source's format: OpenOCD 0.10 prints the skipped address in bare hex ("%" PRIx32) and "flash size = 64kbytes"
_OPENOCD_010 = (
    "Open On-Chip Debugger 0.10.0\n"
    "Info : STLINK v2 JTAG v29 API v2 SWIM v7 VID 0x0483 PID 0x3748\n"
    "Info : Target voltage: 3.240000\n"
    "Info : device id = 0x20036410\n"
    "Info : flash size = 64kbytes\n"
    "Warn : no flash bank found for address 8010000\n"
    "wrote 65536 bytes from file firmware.elf in 3.100000s (20.645 KiB/s)\n")


def _past(text: str) -> list[str]:
    return [r.get("image_past_flash") for r in facts(text).get("openocd", {}).get("runs", []) if r.get("image_past_flash")]


def test_openocd_012_image_past_the_probed_flash_is_an_image_too_large() -> None:
    assert _past(_OPENOCD_012) == ["0x08010000"]
    assert first(_OPENOCD_012) == "FW004"


def test_openocd_010_bare_hex_address_is_the_same_reading() -> None:
    assert _past(_OPENOCD_010) == ["0x08010000"]
    assert first(_OPENOCD_010) == "FW004"


def test_the_run_is_not_a_success_once_part_of_the_image_was_skipped() -> None:
    # ending at "Programming Finished": no verify failure to make it one (review s23: the verify alone already did)
    finished = _OPENOCD_012.split("** Verify Started **")[0]
    runs = facts(finished)["openocd"]["runs"]
    assert runs and runs[0].get("success") is False
    assert first(finished) == "FW004"


def test_the_form_carries_its_own_fix_not_klippers() -> None:
    found = [f for f in findings(_OPENOCD_012) if f.id == "FW004"]
    assert found and "FLASH_SIZE" in " ".join(found[0].remediation.get("commands") or [])


def test_an_address_inside_the_probed_flash_is_not_past_it() -> None:
    inside = _OPENOCD_012.replace("flash size = 64 KiB", "flash size = 128 KiB")
    assert _past(inside) == []


def test_a_ccm_or_ram_section_is_not_the_flash() -> None:
    for address in ("0x10000000", "0x20000000", "0x00000000"):
        assert _past(_OPENOCD_012.replace("0x08010000", address)) == []


def test_a_data_eeprom_section_of_an_unknown_chip_is_not_counted() -> None:
    # an STM32L0/L1's data EEPROM (0x08080000) has no flash bank in OpenOCD's stm32lx driver: an ELF carrying EEPROM data
    no_id = _OPENOCD_012.replace("Info : device id = 0x20036410\n", "").replace("0x08010000", "0x08080000")
    assert _past(no_id) == []


def test_a_flash_size_probed_as_zero_is_left_to_the_protection_and_clone_readings() -> None:
    zero = _OPENOCD_012.replace("flash size = 64 KiB", "flash size = 0 KiB")
    assert _past(zero) == []


def test_no_printed_flash_size_is_no_image_past_the_flash() -> None:
    # (review s23) OpenOCD never printed a flash size: a cfg without a bank there, a bootloader offset, an L1 dual-bank or
    # H7 part; nothing says the image outruns the flash. From the source's format, OpenOCD 0.10 writing at 0x08002000
    no_size = (
        "Open On-Chip Debugger 0.10.0\n"
        "Info : STLINK v2 JTAG v29 API v2 SWIM v7 VID 0x0483 PID 0x3748\n"
        "Info : Target voltage: 3.240000\n"
        "Info : stm32f1x.cpu: hardware has 6 breakpoints, 4 watchpoints\n"
        "Warn : no flash bank found for address 8002000\n"
        "wrote 0 bytes from file klipper.bin in 0.01s (0.000 KiB/s)\n")
    assert _past(no_size) == []
    assert "FW004" not in [f.id for f in findings(no_size)]
    # an F4 run verifying after a skipped section at a bootloader offset, no size line
    f4 = (
        "Open On-Chip Debugger 0.11.0\n"
        "Info : STLINK V2J37S7 (API v2) VID:PID 0483:3748\n"
        "Info : stm32f4x.cpu: hardware has 6 breakpoints, 4 watchpoints\n"
        "** Programming Started **\n"
        "Warn : no flash bank found for address 0x08004000\n"
        "** Programming Finished **\n"
        "** Verify Started **\n"
        "Error: checksum mismatch - attempting binary compare\n"
        "** Verify Failed **\n")
    assert _past(f4) == []
    assert _past(_OPENOCD_012.replace("Info : flash size = 64 KiB\n", "")) == []


def test_a_question_quoting_the_line_is_no_image_past_the_flash() -> None:
    question = 'I get "no flash bank found for address 0x08008000" when I flash, any idea?\n'
    assert _past(question) == []
    assert "FW004" not in [f.id for f in findings(question)]


def test_a_clone_core_with_the_image_past_its_flash_keeps_both_readings() -> None:
    # from the source's format: an F1 id on a Cortex-M3 r2p1 (a clone), 0.12 size line, the image past 64 KiB
    clone = _OPENOCD_012.replace("r1p1", "r2p1").split("** Programming Finished **")[0] + "** Programming Finished **\n"
    assert _past(clone) == ["0x08010000"]
    assert "FW004" in [f.id for f in findings(clone)]


def test_the_fix_says_which_target_files_read_flash_size() -> None:
    found = [f for f in findings(_OPENOCD_012) if f.id == "FW004"]
    assert found and "F0/F1/F3" in str(found[0].remediation.get("text"))


def test_a_healthy_program_has_no_skipped_image() -> None:
    healthy = _OPENOCD_012.replace("Warn : no flash bank found for address 0x08010000\n", "").replace(
        "Error: checksum mismatch - attempting binary compare\n** Verify Failed **\n", "** Verified OK **\n")
    assert _past(healthy) == []
    assert "FW004" not in [f.id for f in findings(healthy)]


# - pystlink (pavelrevak/pystlink lib/stlinkusb.py) reports a failed USB transfer to the probe as "*** USB Error: %s ***"
#   with pyusb's "[Errno N] text": Errno 32 "Pipe error" is stlink-tools' LIBUSB_ERROR_PIPE (a faulty or incompatible probe,
#   SWD008), "Operation timed out" their LIBUSB_ERROR_TIMEOUT, Errno 13 "Access denied" the USB permission.

# lines of pystlink#6 (a freshly updated ST-Link/V2 clone, the pipe error on every run)
_PYSTLINK_PIPE = (
    "> python3 pystlink.py  -d\n"
    "Successfully connected to ST-Link/V2\n"
    "  USB > f1 80 00 00 00 00 00 00 00 00 00 00 00 00 00 00\n"
    "  USB < 27 07 83 04 48 37\n"
    "*** USB Error: [Errno 32] Pipe error ***\n")


def _stlink_kinds(text: str) -> list[str]:
    return [e["kind"] for r in facts(text).get("stlink", {}).get("runs", []) for e in r["events"]]


def test_pystlink_usb_pipe_error_is_the_probes_pipe_failure() -> None:
    assert "libusb_pipe" in _stlink_kinds(_PYSTLINK_PIPE)
    assert first(_PYSTLINK_PIPE) == "SWD008"


def test_pystlink_usb_timeout_and_access_errors_read_as_their_libusb_kinds() -> None:
    # from the source's format: pyusb's errno texts on Linux (ETIMEDOUT 110) and macOS (60), and EACCES
    for errno in ("110", "60"):
        assert "usb_timeout" in _stlink_kinds(f"$ ./pystlink.py -v\n*** USB Error: [Errno {errno}] Operation timed out ***\n")
    denied = "$ ./pystlink.py -v\n*** USB Error: [Errno 13] Access denied (insufficient permissions) ***\n"
    assert "usb_access_denied" in _stlink_kinds(denied)
    assert first(denied) == "USB004"


def test_pystlink_libusb0_errno_none_reads_as_the_same_kinds() -> None:
    # (review s23) from the source's format: pyusb's libusb0 backend raises its USBError without an errno
    assert "libusb_pipe" in _stlink_kinds("$ ./pystlink.py -v\n*** USB Error: [Errno None] Pipe error ***\n")
    assert first("$ ./pystlink.py -v\n*** USB Error: [Errno None] Pipe error ***\n") == "SWD008"
    assert "usb_timeout" in _stlink_kinds("$ ./pystlink.py -v\n*** USB Error: [Errno None] Operation timed out ***\n")


def test_pystlinks_other_messages_keep_their_rows() -> None:
    other = "$ ./pystlink.py -v\n*** USB Error: [Errno 5] Input/Output Error ***\n"
    assert "libusb_pipe" not in _stlink_kinds(other) and "tool_error" in _stlink_kinds(other)
    assert "target_voltage_low" in _stlink_kinds("*** Supply voltage is 0.00V, but minimum for FLASH program or erase is 2.0V ***\n")
