"""se-wrappers, session 8: micronucleus (Digispark/ATtiny USB bootloader uploader, commandline/micronucleus.c and
library/micronucleus_lib.c 1.x-2.6, Digistump's launcher), avrdude's unknown programmer id (an id newer than the avrdude
that ran), OpenOCD's libusb_open() LIBUSB_ERROR_NOT_FOUND (Windows only: no WinUSB driver on the probe's interfaces),
a missing uploader inside PlatformIO's upload (sh "command not found", exit status 127), and the RP2040's BOOTSEL drive
as fdisk/lsblk/mount list it. Texts are real pastes (sources in the comments) or the tools' own wordings."""

from __future__ import annotations

from typing import Any

import pytest

from doctor import engine
from doctor.parsers import parse_stream


def facts(text: str) -> dict[str, Any]:
    return parse_stream(iter(text.strip("\n").splitlines()), "t")


def events(text: str, ns: str = "flash") -> list[dict[str, Any]]:
    return [e for run in facts(text).get(ns, {}).get("runs", []) for e in run["events"]]


def findings(text: str) -> list[Any]:
    return engine.evaluate(facts(text))


def ids(text: str) -> list[str]:
    return [f.id for f in findings(text)]


# micronucleus#130 (a Digispark upgraded to bootloader 2.3, the IDE's uploader older)
MN_TOO_OLD = """
Warning: device with unknown new version of Micronucleus detected.
This tool doesn't know how to upload to this new device. Updates may be available.
Device reports version as: 2.3
"""

# SpenceKonde/ATTinyCore#451 (a whole successful upload through the launcher)
MN_OK = """
/home/stefan/.arduino15/packages/ATTinyCore/tools/micronucleus/2.0a4/launcher -cdigispark --timeout 60 -Uflash:w:/tmp/arduino_build_489234/Blink_t85.ino.hex:i
Running Digispark Uploader...
Plug in device now... (will timeout in 60 seconds)
> Please plug in the device ...
> Press CTRL+C to terminate the program.
> Device is found!
connecting: 33% complete
> Device has firmware version 2.5
> Device signature: 0x1e930b
> Available space for user applications: 6586 bytes
> Erasing the memory ...
erasing: 65% complete
>> Eep! Connection to device lost during erase! Not to worry
>> This happens on some computers - reconnecting...
>> Reconnected! Continuing upload sequence...
> Starting to upload ...
writing: 80% complete
> Starting the user app ...
running: 100% complete
>> Micronucleus done. Thank you!
"""


def test_an_uploader_older_than_the_bootloader_is_named_as_the_tool_being_too_old() -> None:
    # no catalogue id names an outdated flashing tool (GEN001, as for dfu-util's): the message names it, not "unexplained"
    evs = [e for e in events(MN_TOO_OLD) if e["kind"] == "tool_too_old"]
    assert evs and evs[0]["version"] == "2.3"
    found = findings(MN_TOO_OLD)
    assert found and found[0].id == "GEN001" and "older than the bootloader" in found[0].message and "2.3" in found[0].message
    assert found[0].confidence >= 0.5


def test_a_whole_micronucleus_upload_with_its_prompts_and_reconnect_is_healthy() -> None:
    assert any(e["kind"] == "flash_succeeded" for e in events(MN_OK))
    assert not [f for f in findings(MN_OK) if f.severity in ("error", "warning")]


@pytest.mark.parametrize("line, kind", [
    ("> Device search timed out!", "device_not_found"),
    ("> Device search timed out", "device_not_found"),
    ("> Program file is 128 bytes too big for the bootloader!", "image_too_large"),
    ("> Error loading or parsing hex file.", "image_unreadable"),
    ("Running Digispark Uploader...\n> Error opening /tmp/x.hex: No such file or directory", "image_unreadable"),
    (">> Flash write error: Input/output error has occured ...", "flash_error"),
    ("usb_open(): Permission denied. For Linux, copy file https://github.com/micronucleus/micronucleus/blob/master/commandline/49-micronucleus.rules to /etc/udev/rules.d.", "usb_access_denied"),
    ("Input/output error. Micronucleus device seems to be inactive. Please unplug and replug or reset the device.", "device_inactive"),
])
def test_micronucleus_failures(line: str, kind: str) -> None:
    evs = [e for e in events(line) if e["kind"] == kind]
    assert evs and evs[0].get("fail")


@pytest.mark.parametrize("line, expected", [
    ("> Program file is 128 bytes too big for the bootloader!", "FW004"),
    ("> Error loading or parsing hex file.", "FW005"),
    ("usb_open(): Permission denied. For Linux, copy file https://github.com/micronucleus/micronucleus/blob/master/commandline/49-micronucleus.rules to /etc/udev/rules.d.", "USB004"),
])
def test_micronucleus_failures_name_their_cause(line: str, expected: str) -> None:
    found = ids(line)
    assert found and found[0] == expected


def test_a_port_error_of_another_tool_is_not_a_micronucleus_file_error() -> None:
    # the words micronucleus prints about its image, printed by a serial tool about a port (tests/cases/win-com-access-denied-arduino-ide-open)
    line = "Error opening port: could not open port 'COM3': PermissionError(13, 'Access Denied.', None, 5)"
    assert not [e for e in events(line) if e["kind"] == "image_unreadable"]
    assert ids(line)[:1] == ["SER003"]


def test_a_device_search_time_out_alone_is_quoted_not_named() -> None:
    found = ids("Running Digispark Uploader...\nPlug in device now... (will timeout in 60 seconds)\n> Device search timed out")
    assert found and found[0] == "GEN001"


@pytest.mark.parametrize("line", [
    'avrdude: Can\'t find programmer id "urclock"',                      # MCUdude/MiniCore#334 (IDE avrdude 6.3)
    "avrdude error: cannot find programmer id serialupdi",                # 7.1-7.3 wording
    "Error: cannot find programmer id pickit5_updi",                      # 8.x wording
])
def test_a_programmer_id_newer_than_avrdude_means_avrdude_is_too_old(line: str) -> None:
    assert [e for e in events(line, "avrdude") if e["kind"] == "programmer_unknown"]
    found = findings(line)
    assert found and found[0].id == "GEN001" and "newer avrdude releases" in found[0].message


def test_an_unknown_programmer_id_avrdude_always_had_is_not_called_too_old() -> None:
    found = findings('avrdude: Can\'t find programmer id "usbsap"')
    assert found and found[0].id == "GEN001" and "newer avrdude" not in found[0].message


# microsoft/vscode-iot-workbench#403 (AZ3166 on Windows: the ST-Link driver was missing)
LIBUSB_NOT_FOUND = """
Error: libusb_open() failed with LIBUSB_ERROR_NOT_FOUND
Error: open failed
in procedure 'program'
** OpenOCD init failed **
shutdown command invoked
"""


def test_libusb_open_not_found_is_a_missing_windows_driver() -> None:
    assert [e for e in events(LIBUSB_NOT_FOUND, "openocd") if e["kind"] == "usb_no_driver"]
    found = ids(LIBUSB_NOT_FOUND)
    assert found and found[0] == "USB004"


# platformio/platform-ststm32#855 (the platform dropped the package that provides maple_upload)
PIO_127 = """
Processing bluepill_f103c8 (platform: ststm32; board: bluepill_f103c8; framework: arduino)
Uploading .pio/build/bluepill_f103c8/firmware.bin
sh: line 1: maple_upload: command not found
*** [upload] Error 127
"""


def test_a_command_not_found_inside_platformio_is_a_missing_tool() -> None:
    # (framing s21) inside PlatformIO's frame the shell's own "command not found" line is the shell parser's to read
    evs = [e for e in events(PIO_127) + events(PIO_127, "shell") if e["kind"] == "tool_missing"]
    assert evs and evs[0]["name"] == "maple_upload"
    found = ids(PIO_127)
    assert found and found[0] == "TOOL001"


def test_exit_status_127_alone_is_a_missing_uploader() -> None:
    text = "\n".join(l for l in PIO_127.strip().splitlines() if "command not found" not in l)
    found = ids(text)
    assert found and found[0] == "TOOL001"


def test_exit_status_1_is_not_a_missing_tool() -> None:
    text = PIO_127.replace("Error 127", "Error 1").replace("sh: line 1: maple_upload: command not found\n", "")
    assert "TOOL001" not in ids(text)


# knurling-rs/probe-run#409 (fdisk shows the Pico's BOOTSEL drive; probe-run needs a debug probe)
PROBE_RUN_BOOTSEL = """
$ probe-run --list-probes

Error: no probe was found.

Common reasons for this are faulty cables or missing permissions.

$ sudo fdisk -l
Disk /dev/sda: 128 MiB, 134217728 bytes, 262144 sectors
Disk model: RP2
"""


@pytest.mark.parametrize("line, role", [
    ("Disk model: RP2", "rp2040-bootsel"),
    ("Disk model: RP2350", "rp2350-bootsel"),
    ("sdd1  part vfat   RPI-RP2   000B-33DC", "rp2040-bootsel"),
    ("/dev/sda1 on /media/pi/RPI-RP2 type vfat (rw,nosuid,nodev,relatime)", "rp2040-bootsel"),
])
def test_the_bootsel_drive_as_the_os_lists_it(line: str, role: str) -> None:
    evs = [e for e in events(line) if e["kind"] == "uf2_drive_found"]
    assert evs and evs[0]["role"] == role


def test_a_probe_tool_beside_a_bootsel_pico_is_pointed_at_the_wrong_device() -> None:
    found = ids(PROBE_RUN_BOOTSEL)
    assert found and found[0] == "BOOT006"


def test_a_disk_model_of_another_drive_is_not_a_pico() -> None:
    assert not [e for e in events("Disk model: SanDisk 3.2Gen1") if e["kind"] == "uf2_drive_found"]


# platformio/platformio-core#394 (PlatformIO 2.x: time-stamped header, SCons' own prefix on the verdict)
PIO2_127 = """
BeforeUpload(["upload"], [".pioenvs/digispark-tiny/firmware.hex"])
scons: *** [upload] Error 127
"""


def test_platformio_2x_scons_verdict_is_read() -> None:
    evs = [e for e in events(PIO2_127) if e["kind"] == "upload_failed"]
    assert evs and evs[0]["code"] == 127
    found = ids(PIO2_127)
    assert found and found[0] == "TOOL001"


def test_platformio_2x_header_starts_a_platformio_run() -> None:
    text = "[Sun Dec 20 12:09:15 2015] Processing digispark-tiny (platform: atmelavr, board: digispark-tiny, framework: arduino)\nscons: *** [upload] Error 1"
    assert [e for e in events(text) if e["kind"] == "upload_failed" and e["code"] == 1]
    assert "TOOL001" not in ids(text)


# prusa3d/Prusa-Firmware#1220 (MK2S: the firmware of another model, mismatch high in flash, no programmer in the paste)
PRUSA_0X3C000 = """
avrdude: verifying ...
avrdude: verification error, first mismatch at byte 0x3c000
         0x04 != 0x87
avrdude: verification error; content mismatch
"""


def test_a_mismatch_high_in_flash_off_the_usbtiny_signature_is_an_image_too_large() -> None:
    found = ids(PRUSA_0X3C000)
    assert found[:2] == ["FW004", "AVR003"]


@pytest.mark.parametrize("address", ["0x10000", "0x1fc00", "0x1e000", "0x3e000", "0x3fc00"])
def test_a_mismatch_where_a_usbtiny_fails_first_stays_the_usbtiny_limit(address: str) -> None:
    text = PRUSA_0X3C000.replace("0x3c000", address)
    assert ids(text)[:1] == ["AVR003"]


def test_a_paste_that_names_its_programmer_is_not_judged_by_the_bare_rule() -> None:
    text = "         Using Programmer              : usbtiny\n" + PRUSA_0X3C000.strip()
    assert "FW004" not in ids(text)[:1]


@pytest.mark.parametrize("line, prop", [
    ("Error during Upload: Property 'upload.tool.serial' is undefined", "upload.tool.serial"),   # arduino/arduino-cli#1444
    ("Property 'upload.tool.serial' is undefined", "upload.tool.serial"),                        # Dasduino #18 (IDE 2 popup)
    ("Failed to burn bootloader: Property 'bootloader.tool.serial' is undefined", "bootloader.tool.serial"),
])
def test_a_board_package_without_an_ide2_upload_tool_is_named(line: str, prop: str) -> None:
    evs = [e for e in events(line) if e["kind"] == "platform_property_missing"]
    assert evs and evs[0]["property"] == prop
    found = findings(line)
    assert found and found[0].id == "GEN001" and "written for Arduino IDE 1.x" in found[0].message


def test_a_programmer_required_message_is_named() -> None:
    found = findings("Sketch uses 770 bytes (0%) of program storage space. Maximum is 131072 bytes.\nA programmer is required to upload")
    assert found and found[0].id == "GEN001" and "only through a programmer" in found[0].message
