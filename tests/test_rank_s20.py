"""(rank s20) A failure line pasted alone gets the cause most resolved threads with that exact line show
(benchmarks/rank_audit.py), as a warning at a lower confidence, with the alternative in the ask; the same line with
the context that decides keeps its context's answer.

Lines marked "real" are copied from the cases named; the others are "from the source's format" (the tool's source
filled in, named beside each)."""

from __future__ import annotations

import pytest

from textkit import facts, findings, first


def _lead(text: str) -> tuple[str | None, str | None]:
    found = findings(text)
    return (found[0].id, found[0].severity) if found else (None, None)


# --- the kernel's "attempt power cycle" (USB002 13 of 16 threads)

@pytest.mark.parametrize("line", [
    "usb 2-1-port3: attempt power cycle",  # real: cannot-enable-ch340-uno-clones-lsusb-unchanged
    "[20022.766322] usb usb5-port1: attempt power cycle",  # real: librtlsdr-142-rtl-dongle-descriptor-read-71-...
    "Apr 17 14:30:05 pandora kernel: usb usb1-port1: attempt power cycle",  # real: usb-enum-71-ch340-mega-arch-journal
])
def test_power_cycle_alone_is_the_enumeration_failure(line: str) -> None:
    assert _lead(line) == ("USB002", "warning")


def test_power_cycle_with_its_error_lines_keeps_the_full_rule() -> None:
    # hub.c's lines in their order: descriptor errors, the power cycle, the last tries (from the source's format)
    text = """\
[ 1013.116541] usb 1-1: device descriptor read/64, error -71
[ 1013.353212] usb 1-1: device descriptor read/64, error -71
[ 1013.590102] usb usb1-port1: attempt power cycle
[ 1014.240119] usb 1-1: device not accepting address 4, error -71
[ 1014.816021] usb usb1-port1: unable to enumerate USB device
"""
    found = findings(text)
    assert found[0].id == "USB002" and found[0].severity == "error"


# --- esptool 2.x-3.x "Timed out waiting for packet header" after the connect (SER007 6 of 6)

def test_packet_header_timeout_alone_is_the_upload_rate() -> None:
    # real: esptool-145-macos-ch340-wchusbserial-460800-packet-header-230400-works
    assert _lead("A fatal error occurred: Timed out waiting for packet header") == ("SER007", "warning")


def test_packet_header_timeout_inside_a_failed_connect_is_not_the_rate() -> None:
    # esptool 2.x-5.x connect(): FatalError("Failed to connect to %s: %s") (from the source's format)
    assert first("A fatal error occurred: Failed to connect to ESP32: Timed out waiting for packet header") != "SER007"


def test_packet_header_timeout_at_the_connect_rate_is_not_the_rate() -> None:
    # esptool 2.x output with no "Changing baud rate": the link ran at the 115200 it connected at (from the source's format)
    text = """\
esptool.py v2.6
Serial port COM3
Connecting....
Chip is ESP32D0WDQ6 (revision 1)
Uploading stub...
Running stub...
Stub running...
Configuring flash size...
A fatal error occurred: Timed out waiting for packet header
"""
    assert first(text) != "SER007"


def test_serial_data_stream_stopped_alone_stays_unexplained() -> None:
    # esptool 4.x-5.x slip_reader(); its thread (T-Display-S3#150) is the chip's native USB, no rate (from the source's format)
    assert first("A fatal error occurred: Serial data stream stopped: Possible serial noise or corruption.") != "SER007"


# --- the SLAMTEC SDK demos' "cannot bind" (the lidar's rate 3 of 4 rplidar threads)

def test_rplidar_cannot_bind_alone_is_the_lidar_rate() -> None:
    # real: rplidar-sdk-39-a1-ultra-simple-256000-cannot-bind
    assert _lead("Error, cannot bind to the specified serial port /dev/ttyUSB0.") == ("SER007", "warning")


def test_rplidar_ros_node_cannot_bind_stays_the_permission() -> None:
    # real: rplidar-ros-69-jetson-cannot-bind-ttyusb0-udev-rule-mode
    assert first("[ERROR] [1535647334.151867876]: Error, cannot bind to the specified serial port /dev/ttyUSB0.") == "SER004"


def test_ydlidar_cannot_bind_is_not_read_as_the_rate() -> None:
    # YDLIDAR sdk CYdLidar.cpp: printed when the port does not open (from the source's format)
    assert first("[CYdLidar] Error, cannot bind to the specified serial port[/dev/ydlidar] and baudrate[128000]") != "SER007"


# --- avrdude's "***failed;" with no memory named (the extended fuse 6 of 9)

def test_byte_write_failed_alone_is_the_efuse() -> None:
    # real: avrdude-arduino-isp-m168-efuse-write-failed-unused-bits
    assert _lead("Writing | | 0% 0.00s ***failed;") == ("AVR004", "warning")


def test_byte_write_failed_on_lfuse_is_not_the_efuse() -> None:
    # avrdude 6.x update.c/avr.c: the memory's own "writing lfuse" line above it (from the source's format)
    text = """\
avrdude: writing lfuse (1 bytes):

Writing | ***failed;
"""
    assert first(text) != "AVR004"


# --- librtlsdr's "Failed to open rtlsdr device #0." (claimed by the DVB driver or a program 3 of 4)

def test_rtlsdr_open_failed_alone_is_the_claimed_dongle() -> None:
    # real: pirip-8-rtl-fsk-kernel-driver-active-dvb-usb-rtl28xxu
    assert _lead("Failed to open rtlsdr device #0.") == ("SER003", "warning")


def test_rtlsdr_open_failed_after_usb_open_error_3_is_the_permission() -> None:
    # osmocom rtl-sdr librtlsdr.c rtlsdr_open(): libusb_open() LIBUSB_ERROR_ACCESS (from the source's format)
    text = """\
usb_open error -3
Please fix the device permissions, e.g. by installing the udev rules file rtl-sdr.rules
Failed to open rtlsdr device #0.
"""
    assert first(text) == "USB004"


# --- ESP-IDF's "No bootable app partitions" without the esp_image line above it (another offset 2 of 3)

@pytest.mark.parametrize("text", [
    "E (47) boot: No bootable app partitions in the partition table",  # real: ghostesp-374-...
    "E (553) boot: OTA app partition slot 0 is not bootable\nE (554) boot: No bootable app partitions in the partition table",
])
def test_no_bootable_app_alone_is_the_offset(text: str) -> None:
    assert _lead(text) == ("FW001", "warning")


def test_no_bootable_app_after_a_later_load_is_not_a_failure() -> None:
    # ESP-IDF bootloader_utility.c: the bootloader fell back to another slot and loaded it (from the source's format)
    text = """\
E (553) boot: OTA app partition slot 0 is not bootable
I (861) boot: Loaded app from partition at offset 0x10000
"""
    assert first(text) != "FW001"


# --- wb32-dfu-updater_cli's "open usb fail" (libusb_open refused the device it found)

def test_wb32_open_usb_fail_alone_is_the_access() -> None:
    # wb32-dfu-updater 1.0.0 src_common/dfufw.c printf("open usb fail\n") (from the source's format)
    assert _lead("open usb fail") == ("USB004", "warning")


# --- GNU make's failed menuconfig in a kconfig checkout (Klipper, Katapult): the build cannot start (FW005 2 of 2)

@pytest.mark.parametrize("line", [
    "make: *** [Makefile:112: menuconfig] Error 1",  # real: menuconfig-python27-locale-error-unsupported-locale-octopi
    "make: *** [menuconfig] Error 1",  # GNU make 3.81 job.c child_error() (from the source's format)
])
def test_menuconfig_failed_alone_is_the_build(line: str) -> None:
    assert first(line) == "FW005"
    runs = (facts(line).get("klipper", {}).get("build") or {}).get("runs") or []
    assert any(e["kind"] == "build_error" for r in runs for e in r["events"])


# --- the USBasp's bare not-found line stays AVR002 (its only thread, dioannidis/usbasp#3), the driver in the ask

def test_usbasp_not_found_alone_asks_for_the_driver_too() -> None:
    # real: avrdude-usbasp-clone-vendor-string
    found = findings("avrdude.exe: error: could not find USB device with vid=0x16c0 pid=0x5dc vendor='www.fischl.de' product='USBasp'")
    assert found[0].id == "AVR002"
    assert "Zadig" in (found[0].ask or "") and "USB004" in found[0].alternatives


# --- Python's ENOENT on Klipper's or Katapult's own build output (out/klipper.bin): the image was never built (FW005)

@pytest.mark.parametrize("line", [
    "FileNotFoundError: [Errno 2] No such file or directory: '/home/pi/klipper/out/klipper.bin'",  # Katapult flashtool.py (from the source's format)
    "FileNotFoundError: [Errno 2] No such file or directory: 'out/klipper.bin'",  # a Klipper script run by hand on an unbuilt checkout (the row's example, from the source's format)
])
def test_klipper_out_image_missing_alone_is_the_build(line: str) -> None:
    assert first(line) == "FW005"


def test_a_flasher_missing_its_own_bundled_file_stays_unexplained() -> None:
    # real: expresslrs-2783-configurator-r9m-lite-pro-stlink-bootloader-bin-not-found (the cue's exclusion holds)
    assert first("FileNotFoundError: [Errno 2] No such file or directory: 'bootloader/r9m_lite_pro_bootloader.bin'") == "GEN001"


# --- a protection verdict pasted alone was silent (rows that fired only inside an open J-Link / pyOCD block)

@pytest.mark.parametrize("line", [
    "Active read protection detected.",  # J-Link on an RDP-1 STM32 (from the source's format: the row's example)
    # pyOCD 0.2x-0.3x pyocd/commands/commander.py, target.is_locked() (from the source's format)
    "Warning: Target is locked, limited operations available. Use 'unlock' command to mass erase and unlock, then execute 'reinit'.",
])
def test_protection_verdict_alone_names_the_protection(line: str) -> None:
    assert first(line) == "SWD006"


def test_protection_in_prose_is_not_claimed_by_the_new_rows() -> None:
    # the person's own words are not J-Link's sentence
    assert not facts("I think active read protection detected by the tool is the problem").get("openocd")


# --- stm32flash's "Can't initiate chip (mass) erase!" without the NACK line above it (read-out protection 3 of 3)

@pytest.mark.parametrize("line", [
    "Can't initiate chip mass erase!",  # real: stm32flash-gotek-nack-mass-erase-read-protected
    "Can't initiate chip erase!",  # real: stm32flash-win-serial-w32-cant-initiate-chip-erase-nack-0x43
])
def test_stm32flash_erase_refused_alone_is_the_protection(line: str) -> None:
    assert _lead(line) == ("SWD006", "warning")


# --- libftdi's EPERM (-8 "inappropriate permissions on device!") and its -3 driver text, as OpenOCD 0.4-0.9's ft2232 /
# usb_blaster drivers print them ("unable to open ftdi device: %s"): the chip is there, this user may not open it

@pytest.mark.parametrize("line", [
    "Error: unable to open ftdi device: inappropriate permissions on device!",  # OpenOCD 0.7 ft2232.c (from the source's format)
    "Error: unable to open ftdi device: unable to set usb configuration. Make sure the default FTDI driver is not in use",
    "ftdi_usb_open() failed for 0403:6015: inappropriate permissions on device!",  # another libftdi tool (from the source's format)
])
def test_libftdi_permission_is_the_access(line: str) -> None:
    assert first(line) == "USB004"


def test_libftdi_device_not_found_stays_no_probe() -> None:
    # libftdi -3 "device not found" (from the source's format)
    assert first("Error: unable to open ftdi device: device not found") == "SWD001"


# --- benchmarks/rank_audit.py --exact: a row is judged on the cases holding its own message, not on every message of its kind

def test_rank_audit_exact_counts_only_the_rows_own_message(tmp_path) -> None:
    import importlib.util
    import re
    from pathlib import Path

    spec = importlib.util.spec_from_file_location("rank_audit", Path(__file__).resolve().parent.parent / "benchmarks" / "rank_audit.py")
    assert spec and spec.loader
    audit = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(audit)
    # two messages esptool records under one event kind, each in a case of its own (from the source's format)
    for name, expect, text in (
        ("a", "SER007", "A fatal error occurred: Timed out waiting for packet header\n"),
        ("b", "BOOT001", "A fatal error occurred: Invalid head of packet (0x4F)\n"),
    ):
        case = tmp_path / name
        case.mkdir()
        (case / "case.toml").write_text(f'expect = ["{expect}"]\n', encoding="utf-8")
        (case / "esptool.txt").write_text(text, encoding="utf-8")
    corpus = audit.corpus_lines(tmp_path)
    event = ("flash", "esp_link_failed")
    assert sorted(exp for exp, _ in corpus[event]) == ["BOOT001", "SER007"]
    assert dict(audit.exact_counts(corpus, event, re.compile(r"Timed out waiting for packet header"))) == {"SER007": 1}


# --- stlink-tools 1.6-1.8's "Failed to connect to target" alone (the firmware taking SWD 9 of 14 threads holding it)

def test_stflash_failed_to_connect_alone_is_connect_under_reset() -> None:
    # real: the last line of bluepill-st-flash-unknown-chip-id-0x3748-swd-disabled-in-program's paste
    assert first("Failed to connect to target") == "SWD004"


def test_stlink_utility_cannot_connect_alone_keeps_its_answer() -> None:
    # ST-LINK Utility's own words (real: stlink-utility-can-not-connect-long-leads-exixe): its held bare threads are split
    assert first("STM32 ST-LINK Utility Error (Can not connect to target!)") == "SWD002"
