"""Session 12, arduino-ide2: rows and rules for held-out misses (OpenOCD's "unable to open CMSIS-DAP device" as a probe
that is present but may not be opened, an Arduino "(Programming Port)" board whose EDBG OpenOCD cannot find, and a
PlatformIO upload that stops at "Waiting for the new upload port...")."""

from __future__ import annotations

import pytest

from textkit import events, facts, first, serious


@pytest.mark.parametrize("line, vid, pid", [
    ("Error: unable to open CMSIS-DAP device 0xd28:0x204", "0d28", "0204"),  # openocd 0.9-0.10 cmsis_dap_usb.c (DAPLink)
    ("Error: unable to open CMSIS-DAP device 0x2341:0x60", "2341", "0060"),  # 0.12 cmsis_dap_usb_hid.c (Nicla Sense ME)
    ("Error: unable to open CMSIS-DAP device 0x3eb:0x2157", "03eb", "2157"),  # Arduino Zero's EDBG
])
def test_unable_to_open_cmsis_dap_is_a_present_probe_usb004(line: str, vid: str, pid: str) -> None:
    ev = [e for e in events(line, "openocd") if e["kind"] == "adapter_open_failed"][0]
    assert ev["state"] == "present" and ev["vid"] == vid and ev["pid"] == pid and ev["wanted"] == "cmsis-dap"
    assert first(line) == "USB004"


def test_openocd_012_open_then_not_found_is_usb004() -> None:
    text = """Error: unable to open CMSIS-DAP device 0x2341:0x60
Error: unable to find a matching CMSIS-DAP device

Failed uploading: uploading error: exit status 1"""
    assert first(text) == "USB004"


@pytest.mark.parametrize("text", [
    "Error: unable to find CMSIS-DAP device\nError: No Valid JTAG Interface Configured.",
    "Error: unable to find a matching CMSIS-DAP device",
])
def test_cmsis_dap_not_found_stays_swd001(text: str) -> None:
    assert first(text) == "SWD001"


PROGRAMMING_PORT = """Arduino: 1.8.19 (Windows 10), Board: "Arduino Zero (Programming Port)"

Sketch uses 10664 bytes (4%) of program storage space. Maximum is 262144 bytes.
Open On-Chip Debugger 0.10.0+dev-gf0767a31 (2018-06-11-13:36)
Licensed under GNU GPL v2
debug_level: 0
none separate
adapter speed: 400 kHz
cortex_m reset_config sysresetreq
Error: unable to find CMSIS-DAP device
Error: No Valid JTAG Interface Configured."""


def test_programming_port_board_without_edbg_is_boot006() -> None:
    assert first(PROGRAMMING_PORT) == "BOOT006"


def test_native_port_board_with_missing_probe_is_not_the_programming_port_rule() -> None:
    text = PROGRAMMING_PORT.replace("(Programming Port)", "(Native USB Port)")
    assert first(text) == "SWD001"


def test_programming_port_board_with_probe_present_but_unopenable_is_usb004() -> None:
    text = PROGRAMMING_PORT.replace("Error: unable to find CMSIS-DAP device", "Error: unable to open CMSIS-DAP device 0x3eb:0x2157")
    assert first(text) == "USB004"


PIO_STUCK = """Forcing reset using 1200bps open/close on port COM22
Waiting for the new upload port..."""


def test_pio_output_stopping_at_the_new_port_wait_is_boot001() -> None:
    run = [r for r in facts(PIO_STUCK)["flash"]["runs"] if r["tool"] == "platformio"][0]
    assert run["stalled"] == "new_port"
    assert first(PIO_STUCK) == "BOOT001"


@pytest.mark.parametrize("tail", [
    "Uploading .pio\\build\\seeed_xiao\\firmware.bin",  # the wait ended; what follows is the uploader's
    "Uploading .pio\\build\\seeed_xiao\\firmware.bin\nAtmel SMART device 0x10010005 found\nErase flash\ndone in 0.819 seconds",
])
def test_pio_wait_that_went_on_is_not_stalled(tail: str) -> None:
    text = PIO_STUCK + "\n" + tail
    runs = [r for r in facts(text)["flash"]["runs"] if r["tool"] == "platformio"]
    assert all("stalled" not in r for r in runs)
    assert "BOOT001" not in serious(text)


def test_pio_healthy_samd_upload_has_no_error() -> None:
    text = """Looking for upload port...
Auto-detected: COM11
Forcing reset using 1200bps open/close on port COM11
Waiting for the new upload port...
Uploading .pio\\build\\seeed_xiao\\firmware.bin
Atmel SMART device 0x10010005 found
Erase flash
done in 0.819 seconds

Write 76248 bytes to flash (1192 pages)
[==============================] 100% (1192/1192 pages)
done in 0.503 seconds
Verify 76248 bytes of flash with checksum.
Verify successful
done in 0.063 seconds
CPU reset.
========================= [SUCCESS] Took 12.34 seconds ========================="""
    assert serious(text) == []


CLI_STUCK = """Sketch uses 10664 bytes (4%) of program storage space. Maximum is 262144 bytes.
Performing 1200-bps touch reset on serial port COM18
Waiting for upload port..."""


def test_arduino_cli_output_stopping_at_the_upload_port_wait_is_boot001() -> None:
    run = [r for r in facts(CLI_STUCK)["flash"]["runs"] if r["tool"] == "arduino"][0]
    assert run["stalled"] == "new_port"
    assert first(CLI_STUCK) == "BOOT001"


@pytest.mark.parametrize("tail", [
    "Upload port found on COM19",
    "No upload port found, using COM18 as fallback",
])
def test_arduino_cli_wait_that_ended_is_not_stalled(tail: str) -> None:
    runs = [r for r in facts(CLI_STUCK + "\n" + tail)["flash"]["runs"] if r["tool"] == "arduino"]
    assert all("stalled" not in r for r in runs)


# The Arduino Cloud Agent's debug console (arduino-create-agent conn.go / upload/upload.go): each upload step a JSON object
AGENT_OK = """{
  "Cmd": "Serial",
  "ProgrammerStatus": "Starting"
}
{
  "Msg": "Restarting in bootloader mode",
  "ProgrammerStatus": "Busy"
}
{
  "Msg": "Flashing with command:C:/Users/me/.arduino-create/arduino/bossac/1.7.0-arduino3/bossac.exe -i -d --port=COM4 -U true -i -e -w -v C:/Users/me/AppData/Local/Temp/arduino-create-agent123/Blink.bin -R",
  "ProgrammerStatus": "Busy"
}
{
  "Msg": "Verify successful",
  "ProgrammerStatus": "Busy"
}
{
  "Flash": "Ok",
  "ProgrammerStatus": "Done"
}"""


def test_agent_console_of_a_good_upload_has_no_error() -> None:
    # the agent's "Busy" is an upload under way, not a busy port
    assert serious(AGENT_OK) == []


def test_agent_console_lines_reach_the_uploader_parser() -> None:
    text = AGENT_OK.replace('"Verify successful"', '"No device found on COM4"').replace(
        '"Flash": "Ok",\n  "ProgrammerStatus": "Done"', '"Msg": "Executing command: exit status 1",\n  "ProgrammerStatus": "Error"')
    snap = facts(text)
    assert [e["kind"] for e in events(snap, "flash", "bossac")] == ["flash_command", "bootloader_not_found"]
    assert "touch_1200" in [e["kind"] for e in events(snap, "flash", "arduino")]
    assert first(text) == "BOOT001"


def test_agent_nano_esp32_dfu_upload_exit_74() -> None:
    text = """{
  "Msg": "Flashing with command:C:/Users/me/.arduino-create/arduino/dfu-util/0.11.0-arduino5/dfu-util.exe --device 0x2341:0x0070 -D C:/Users/me/AppData/Local/Temp/arduino-create-agent1/sketch.bin -Q",
  "ProgrammerStatus": "Busy"
}
{
  "Msg": "No DFU capable USB device available",
  "ProgrammerStatus": "Busy"
}
{
  "Msg": "Executing command: exit status 74",
  "ProgrammerStatus": "Error"
}"""
    assert first(text) == "BOOT001"


def test_cloud_editor_upload_log() -> None:
    text = """Upload started
Programming with: Serial
Restarting in bootloader mode
Flashing with command:/home/lars/.arduino-create/arduino/bossac/1.9.1-arduino2/bossac -d --port=ttyACM0 -U -i -e -w /tmp/arduino-create-agent744222775/Blink.bin -R
No device found on ttyACM0
Executing command: exit status 1"""
    assert [e["kind"] for e in events(text, "flash", "arduino")] == ["touch_1200", "upload_failed"]
    assert first(text) == "BOOT001"


def test_a_json_msg_line_elsewhere_is_left_alone() -> None:
    # no agent status key in the paste: another program's JSON is not unwrapped
    text = '{\n  "Msg": "No device found on COM4",\n  "level": "info"\n}'
    assert events(text, "flash", "bossac") == []
