"""Message tables of dfu-util, picotool, stm32flash and the STM32 ROM seen through stm32loader / CubeProgrammer:
real lines become the right events, in several versions' wordings, and the splitter hands them to the right parser."""

from __future__ import annotations

from typing import Any

import pytest

from doctor import engine
from doctor.facts import merge, new
from doctor.parsers import parse_stream
from doctor.parsers.dfu_util import MESSAGES as DFU_ROWS
from doctor.parsers.picotool import MESSAGES as PICOTOOL_ROWS
from doctor.parsers.stm32_rom import CUBEPROG, LOADER
from doctor.parsers.stm32flash import MESSAGES as STM32FLASH_ROWS


def parse(text: str) -> dict[str, Any]:
    return parse_stream(iter(text.splitlines()), "t.txt")


def events(facts: dict[str, Any], ns: str, tool: str | None = None) -> list[dict[str, Any]]:
    return [e for r in (facts.get(ns) or {}).get("runs", []) if tool is None or r.get("tool") == tool for e in r["events"]]


def first(text: str) -> str | None:
    found = engine.evaluate(merge(new("analyze"), parse(text)))
    return found[0].id if found else None


def serious(text: str) -> list[str]:
    return [f.id for f in engine.evaluate(merge(new("analyze"), parse(text))) if f.severity in ("error", "warning")]


ALL_ROWS = [("dfu", r) for r in DFU_ROWS] + [("flash", r) for r in PICOTOOL_ROWS + STM32FLASH_ROWS + LOADER + CUBEPROG]


@pytest.mark.parametrize("ns,row", ALL_ROWS, ids=[f"{r.kind}:{r.example[:40]}" for _, r in ALL_ROWS])
def test_every_row_example_parses_to_its_kind(ns: str, row: Any) -> None:
    assert row.example, f"row {row.pattern!r} has no example"
    facts = parse(row.example)
    if row.kind is not None and row.strength == "strong":
        assert row.kind in {e["kind"] for e in events(facts, ns)}, (row.example, facts.get(ns))


# ---- dfu-util ---------------------------------------------------------------------------------------------------

def test_dfu_windows_not_supported_is_a_driver_problem() -> None:
    text = "dfu-util.exe -d 1209:7388 -a 0 -s 0x08000000:leave -D fw.bin\nCannot open DFU device 0483:df11 found on devnum 32 (LIBUSB_ERROR_NOT_SUPPORTED)\nLost device after RESET?\n"
    facts = parse(text)
    kinds = [e["kind"] for e in events(facts, "dfu")]
    assert "usb_driver_missing" in kinds and "lost_device" in kinds
    ev = next(e for e in events(facts, "dfu") if e["kind"] == "usb_driver_missing")
    assert (ev["vid"], ev["pid"]) == ("0483", "df11")
    assert first(text) == "USB004"


@pytest.mark.parametrize("line", [
    "dfu-util: More than one DFU capable USB device found! Try `--list' and specify the serial number or disconnect all but one device",
    "More than one DFU capable USB device found! Try --list and specify the serial number or disconnect all but one device",
    "    dfu-util: More than one DFU capable USB device found! Try `--list' and specify the serial number or disconnect all but one device",
])
def test_dfu_several_devices_in_any_wording(line: str) -> None:
    assert [e["kind"] for e in events(parse(line), "dfu")] == ["multiple_dfu"]
    assert first(line) == "BOOT006"


def test_dfu_prefixes_of_wrappers_and_forums() -> None:
    # QMK Toolbox indents dfu-util's output; a forum post wraps the first line in Markdown italics
    text = "_dfu-util: Invalid DFU suffix signature\ndfu-util: No DFU capable USB device available\n"
    assert {"invalid_suffix", "no_dfu_device"} <= {e["kind"] for e in events(parse(text), "dfu")}
    toolbox = "    Cannot open DFU device 0483:df11\n    No DFU capable USB device available\n"
    assert [e["kind"] for e in events(parse(toolbox), "dfu")] == ["dfu_open_failed", "no_dfu_device"]


def test_dfu_error_state_before_download_is_not_a_failure() -> None:
    text = """dfu-util 0.11
Opening DFU capable USB device...
Determining device status...
DFU state(10) = dfuERROR, status(10) = Device's firmware is corrupt. It cannot return to run-time (non-DFU) operations
Clearing status
Downloading element to address = 0x08008000, size = 33996
Download done.
File downloaded successfully
Submitting leave request...
dfu-util: Error during download get_status
"""
    facts = parse(text)
    err = next(e for e in events(facts, "dfu") if e["kind"] == "dfu_error_state")
    assert err.get("state") == "before_download" and not err.get("fail")
    assert not serious(text)


def test_dfu_control_transfer_error_after_leave_is_benign_but_during_download_is_not() -> None:
    after = "File downloaded successfully\nSubmitting leave request...\ndfuse_download: libusb_control_transfer returned -9\ndfu-util: Error during download get_status\n"
    ev = next(e for e in events(parse(after), "dfu") if e["kind"] == "download_error")
    assert ev["state"] == "after_download" and not ev.get("fail")
    assert not serious(after)
    during = "Downloading element to address = 0x08000000, size = 26588\ndfuse_download: libusb_control_transfer returned -9\ndfu-util: Error during download get_status\n"
    evs = events(parse(during), "dfu")
    assert next(e for e in evs if e["kind"] == "get_status_error")["state"] == "during_download"
    assert any(e.get("fail") for e in evs)


def test_dfu_last_page_not_writeable_is_reported() -> None:
    text = "Downloading element to address = 0x90040000, size = 138352\ndfu-util: Last page at 0x90061c6f is not writeable\n"
    ev = next(e for e in events(parse(text), "dfu") if e["kind"] == "address_not_writeable")
    assert ev["address"] == 0x90061C6F and ev["fail"]
    assert first(text) == "GEN001"  # no knowledge entry yet: the failing line is quoted, not silence


# ---- picotool -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text,kinds", [
    ("No accessible RP2040 device in BOOTSEL mode was found at bus 1, address 21.\n\nbut:\n\n"
     "Device at bus 1, address 21 appears to be a RP2040 device in BOOTSEL mode, but picotool was unable to connect\n",
     {"rp2040_not_found", "usb_access_denied"}),
    ("No accessible RP-series devices in BOOTSEL mode were found.\n\nbut:\n\n"
     "RP2350 device at bus 1, address 2 appears to be in BOOTSEL mode, but picotool was unable to connect. Maybe try 'sudo' or check your permissions.\n",
     {"usb_access_denied"}),
])
def test_picotool_cannot_connect_in_both_generations(text: str, kinds: set[str]) -> None:
    got = {e["kind"] for e in events(parse(text), "flash")}
    assert kinds <= got
    assert first(text) == "USB004"


def test_picotool_windows_zadig_wording() -> None:
    text = ("No accessible RP-series devices in BOOTSEL mode were found.\n\nbut:\n\n"
            "RP2040 device at bus 1, address 5 appears to be in BOOTSEL mode, but picotool was unable to connect. You may need to install "
            "a driver via Zadig. See Zadig in the README (https://github.com/raspberrypi/picotool#zadig) for more information\n")
    ev = next(e for e in events(parse(text), "flash") if e["kind"] == "usb_access_denied")
    assert ev["text"] == "zadig" and ev["mcu"] == "rp2040" and ev["address"] == 5
    found = engine.evaluate(merge(new("analyze"), parse(text)))
    assert found[0].id == "USB004" and "Windows" in found[0].message


def test_picotool_application_running_is_not_bootsel() -> None:
    text = ("No accessible RP2040/RP2350 devices in BOOTSEL mode were found.\n\n    but:\n\n"
            "Device at bus 1, address 16 appears to be a RP2040 device with a USB serial connection, so consider -f (or -F) to force reboot in order to run the command.\n")
    assert "rp2040_app_mode" in {e["kind"] for e in events(parse(text), "flash")}
    assert first(text) == "BOOT003"


def test_picotool_healthy_load() -> None:
    text = ("picotool load -f blink.uf2\nThe device was asked to reboot into BOOTSEL mode so the command can be executed.\n\n"
            "Loading into Flash: [==============================]  100%\n\nThe device was asked to reboot back into application mode.\n")
    run = next(r for r in parse(text)["flash"]["runs"] if r["tool"] == "picotool")
    assert run["success"] is True and run["written"] is True
    assert not serious(text)


def test_picotool_rom_error_is_a_failure() -> None:
    text = "ERROR: The RP2040 device returned an error: PICOBOOT_NOT_PERMITTED\n"
    ev = events(parse(text), "flash", "picotool")[0]
    assert ev["kind"] == "picotool_error" and ev["fail"] and ev["text"] == "PICOBOOT_NOT_PERMITTED"


# ---- stm32flash / stm32loader / CubeProgrammer UART -------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "stm32flash 0.5\n\nhttp://stm32flash.sourceforge.net/\n\nUsing Parser : Raw BINARY\nInterface serial_posix: 57600 8E1\nFailed to init device.\n",
    "stm32flash 0.7\n\nhttps://github.com/stm32duino/stm32flash\n\nInterface serial_w32: 115200 8E1\nFailed to read ACK byte\nFailed to init device.\n",
    "Can't init into bootloader. Ensure that BOOT0 is enabled and reset the device.\n",
    "  14:39:35 : Timeout error occured while waiting for acknowledgement.\n  14:39:35 : Error: Activating device: KO. Please, verify the boot mode configuration and check the serial port configuration. Reset your device then try again... \n",
])
def test_rom_never_answers_in_every_client(text: str) -> None:
    assert "rom_no_answer" in {e["kind"] for e in events(parse(text), "flash")}
    assert first(text) == "BOOT003"


def test_stm32flash_windows_port_and_baud() -> None:
    text = "stm32flash 0.7\n\nInterface serial_w32: 115200 8E1\nFailed to init device.\n"
    run = next(r for r in parse(text)["flash"]["runs"] if r["tool"] == "stm32flash")
    assert run["baud"] == 115200 and run["interface"] == "serial_w32" and run["success"] is False


def test_stm32flash_on_a_usb_id_or_cdc_port_is_the_wrong_tool() -> None:
    usb_id = 'Flashing out/klipper.bin to 0483:df11 via stm32flash\nstm32flash 0.5\nError probing interface "serial_posix"\nCannot handle device "0483:df11"\nFailed to open port: 0483:df11\n'
    ev = next(e for e in events(parse(usb_id), "flash") if e["kind"] == "wrong_tool_for_device")
    assert (ev["vid"], ev["pid"]) == ("0483", "df11")
    assert first(usb_id) == "BOOT006"
    cdc = "$ stm32flash -w fw.bin /dev/ttyACM0\nstm32flash 0.5\nInterface serial_posix: 57600 8E1\nFailed to init device.\n"
    assert first(cdc) == "BOOT006"
    usart = cdc.replace("/dev/ttyACM0", "/dev/ttyUSB0")
    assert first(usart) == "BOOT003"


def test_stm32flash_bad_reply_and_nack() -> None:
    text = "Got byte 0x00 instead of ACK\nUnexpected reply from device on command 0x01\n"
    assert [e["kind"] for e in events(parse(text), "flash")] == ["rom_bad_reply", "rom_bad_reply"]
    nack = "Got NACK from device on command 0x43\nCan't initiate chip mass erase!\nFailed to erase memory\n"
    assert first(nack) == "SWD006"


def test_stm32flash_success_is_healthy() -> None:
    text = ("stm32flash 0.5\n\nhttp://stm32flash.sourceforge.net/\n\nUsing Parser : Raw BINARY\nInterface serial_posix: 57600 8E1\n"
            "Version      : 0x22\nDevice ID    : 0x0410 (Medium-density)\nWrite to memory\nErasing memory\n"
            "Wrote and verified address 0x08001c14 (100.00%) Done.\n\nStarting execution at address 0x08000000... done.\n")
    run = next(r for r in parse(text)["flash"]["runs"] if r["tool"] == "stm32flash")
    assert run["success"] is True and run["verified"] is True and run["chipid"] == "0x0410"
    assert not serious(text)
