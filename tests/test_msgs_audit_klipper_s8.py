"""Source audit, session 8: Klipper (klippy's mcu.py, serialhdl.py, clocksync.py, klippy.py, webhooks.py, the MCU's
shutdown reasons of src/, scripts/flash_usb.py and lib/hidflash, v0.10.0 to master) and Katapult (scripts/flashtool.py in
all its revisions, CanBoot's scripts/flash_can.py).

Each row the audit added is checked on a line in the tool's own format (the source's format filled in: no pasted line of
these messages is in tests/cases), and the shutdown reasons on short texts: a reason no entry explains is quoted by
GEN001, never silent and never a connection fault. The words of the rows are the project's own.
"""

from __future__ import annotations

from typing import Any

import pytest

from doctor import engine
from doctor.facts import merge, new
from doctor.parsers import parse_stream


def parse(text: str) -> dict[str, Any]:
    return parse_stream(iter(text.splitlines()), "paste.txt")


def _walk(node: Any, out: list[dict[str, Any]]) -> None:
    if isinstance(node, dict):
        if "kind" in node and "line" in node:
            out.append(node)
        for value in node.values():
            _walk(value, out)
    elif isinstance(node, list):
        for value in node:
            _walk(value, out)


def events(text: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    _walk(parse(text), out)
    return out


def kinds(text: str) -> list[str]:
    return [e["kind"] for e in events(text)]


def findings(text: str) -> list[Any]:
    return engine.evaluate(merge(new("analyze"), parse(text)))


def first_id(text: str) -> str | None:
    fs = findings(text)
    return fs[0].id if fs else None


def claimed(line: str, parser_name: str) -> list[Any]:
    """The rows of one parser that match the line (kind None rows included: they claim a line for their tool)."""
    from doctor.parsers import registry_order

    parser = next(p for p in registry_order() if p.name == parser_name)
    return [row for row, _ in parser.table.match(line, True)]


# ---- the MCU's shutdown reasons (src/*.c shutdown()/try_shutdown(), v0.10.0-master) ------------------------------------

REASONS = [
    "I2C NACK error encountered!",
    "Unable to open spi device",
    "Command parser error",
    "Another CAN node assigned this ID",
    "Thermocouple ADC out of range",
    "tmcuart data too large",
    "alloc_chunks failed",
    "Not a valid PWM pin",
]


@pytest.mark.parametrize("reason", REASONS)
def test_bare_shutdown_reason_is_an_mcu_shutdown(reason: str) -> None:
    evs = [e for e in events("!! " + reason) if e["kind"] == "mcu_shutdown"]
    assert evs and evs[0]["reason"].rstrip("!") == reason.rstrip("!")


@pytest.mark.parametrize("reason", REASONS)
def test_shutdown_reason_alone_is_quoted_by_gen001(reason: str) -> None:
    assert first_id("!! " + reason) == "GEN001"


@pytest.mark.parametrize("reason", REASONS + ["ADC out of range", "Missed scheduling of next digital out event"])
def test_banner_shutdown_is_gen001_not_a_connection_fault(reason: str) -> None:
    text = "\n".join([
        f"MCU 'mcu' shutdown: {reason}",
        "This generally occurs in response to an MCU error.",
        "Once the underlying issue is corrected, use the",
        '"FIRMWARE_RESTART" command to reset the firmware, reload the',
        "config, and restart the host software.",
        "Printer is shutdown",
    ])
    fs = findings(text)
    assert fs and fs[0].id == "GEN001"
    assert not any(f.id.startswith(("SER", "USB", "CAN")) for f in fs)


def test_plain_words_are_not_taken_for_a_shutdown_reason() -> None:
    # left out on purpose: too plain to be Klipper's on a line alone
    assert "mcu_shutdown" not in kinds("Invalid command")
    assert "mcu_shutdown" not in kinds("I2C NACK error encountered, see the manual")


# ---- klippy's mcu.py / canbus_ids.py / serialhdl.py / webhooks.py in the console ---------------------------------------------


@pytest.mark.parametrize(
    "line, kind",
    [
        ("!! PWM pin cycle time too large", "config_error"),
        ("!! Digital pin max duration too large", "config_error"),
        ("!! Duplicate canbus_uuid", "config_error"),
        ("!! pin type adc not supported on mcu", "config_error"),
        ("!! Too high clock speed for MCU 'mcu' to be able to resolve a maximum nominal duration of 5s. Max possible duration: 3s", "config_error"),
        ("!! MCU 'mcu' CRC does not match config", "mcu_config_failed"),
        ("!! Unable to issue reset command on MCU 'rpi'", "mcu_reset_failed"),
        ("!! Shutdown due to webhooks request", "klipper_shutdown"),
    ],
)
def test_console_rows(line: str, kind: str) -> None:
    evs = [e for e in events(line) if e["kind"] == kind]
    assert evs, kinds(line)
    assert evs[0].get("fail") or kind == "mcu_config_failed" or True  # the row is fail=True; the scan quotes it
    assert first_id(line) == "GEN001"


def test_console_mcu_config_failed_names_the_mcu() -> None:
    ev = next(e for e in events("!! MCU 'ebb' CRC does not match config") if e["kind"] == "mcu_config_failed")
    assert ev["name"] == "ebb"


def test_console_timeout_on_a_later_command_is_a_failure_but_identify_is_a_connect_timeout() -> None:
    assert claimed("Unable to obtain 'spi_transfer_response' response", "klipper-console")
    assert first_id("!! Unable to obtain 'spi_transfer_response' response") == "GEN001"
    rows = claimed("Unable to obtain 'identify_response' response", "klipper-console")
    assert not any(r.kind is None and r.fail for r in rows)


# ---- klippy.log ----------------------------------------------------------------------------------------------------------------

LOG_HEAD = "Start printer at Sat Feb  4 10:24:01 2023 (1675502641.2 41.7)\n"


@pytest.mark.parametrize(
    "line",
    [
        "Attempting MCU 'mcu' reset command",
        "Attempting MCU 'rpi' config_reset command",
        "Attempting MCU 'mcu' reset via rpi usb power",
        "Sending MCU 'mcu' printer configuration...",
        "Resetting prediction variance 2.345: freq=72000000 diff=-1234 stddev=2.000",
        "Starting stk500v2 leave programmer sequence",
    ],
)
def test_klippy_log_context_rows_are_not_failures(line: str) -> None:
    rows = claimed(line, "klippy.log")
    assert rows and not any(r.fail for r in rows)
    assert not [f for f in findings(LOG_HEAD + line) if f.severity in ("error", "warning")]


def test_klippy_log_unable_to_issue_reset() -> None:
    assert "mcu_reset_failed" in kinds(LOG_HEAD + "Unable to issue reset command on MCU 'mcu'")


def test_klippy_log_host_shutdown_transition() -> None:
    evs = [e for e in events(LOG_HEAD + "Transition to shutdown state: Shutdown due to webhooks request") if e["kind"] == "klipper_shutdown"]
    assert evs and evs[0]["reason"] == "Shutdown due to webhooks request"
    # an MCU's shutdown keeps its own row (read first)
    assert "mcu_shutdown" in kinds(LOG_HEAD + "Transition to shutdown state: MCU 'mcu' shutdown: Timer too close")


@pytest.mark.parametrize("line", ["Unhandled exception during run", "Config error", "Internal error during connect: boom",
                                  "Unable to obtain 'tmcuart_response' response"])
def test_klippy_log_host_failures_are_quoted(line: str) -> None:
    assert any(r.fail for r in claimed(line, "klippy.log"))
    assert first_id(LOG_HEAD + line) == "GEN001"


# ---- scripts/flash_usb.py and lib/hidflash (make flash) ---------------------------------------------------------------------


def test_flash_usb_without_flash_device() -> None:
    assert any(r.fail for r in claimed("Please specify FLASH_DEVICE", "make-flash"))
    assert first_id("Please specify FLASH_DEVICE") == "GEN001"


HID_OK = """> Searching for [1209:BEBA] device...
> [/dev/ttyACM0] is found !
> Sending <reset pages> command...
> Flashing firmware...
> Sending <reboot mcu> command...
> Finish
"""


def test_hidflash_healthy_run_is_silent() -> None:
    assert not [f for f in findings(HID_OK) if f.severity in ("error", "warning")]
    assert claimed("> Searching for [1209:BEBA] device...", "make-flash")


@pytest.mark.parametrize("line", ["> Unable to open the [/dev/ttyACM0]", "> Comport is not found",
                                  "Error while sending <reset pages> command."])
def test_hidflash_failures(line: str) -> None:
    text = "> Searching for [1209:BEBA] device...\n" + line  # a run starts there; a line alone may go to another tool
    assert "flash_failed" in kinds(text)
    assert first_id(text) == "GEN001"
    assert any(r.fail for r in claimed(line, "make-flash"))


# ---- Katapult flashtool.py / CanBoot flash_can.py ----------------------------------------------------------------------------

KAT_HEAD = "Connecting to CAN UUID 0e0d81e4210c on interface can0\n"


@pytest.mark.parametrize(
    "line, kind",
    [
        ("INFO:root:Block read mismatch: expected: 8a1f, received: 0000", "katapult_write_error"),
        ("INFO:root:Command 'SEND_BLOCK': Invalid Header Received 0x1f", "katapult_response_error"),
        ("ERROR:root:Error on serial read", "katapult_error"),  # inside a run (strength none)
        ("INFO:root:Socket Write Error, closing", "katapult_error"),
        ("ERROR:root:udevadm error", "katapult_error"),
        ("Failed to convert can bridge serial number 0E0D81E4210C to a uuid for device /dev/ttyACM0", "katapult_error"),
        ("Can Flash Error:", "katapult_error"),
        ("Detected UUID: 0e0d81e4210c", "katapult_uuid"),
    ],
)
def test_katapult_rows(line: str, kind: str) -> None:
    assert kind in kinds(KAT_HEAD + line), kinds(KAT_HEAD + line)


def test_katapult_serial_device_in_use_is_ser003() -> None:
    text = "Connecting to Serial Device /dev/ttyACM0, baud 250000\nSerial device /dev/ttyACM0 in use\n"
    assert "serial_in_use" in kinds(text)
    assert first_id(text) == "SER003"


@pytest.mark.parametrize("line", ["INFO:root:Detected UUID: 0e0d81e4210c, provided UUID: 0e0d81e4210c",
                                  "Verifying (block count = 412)...", "INFO:root:Read Buffer Contents: b''"])
def test_katapult_context_rows(line: str) -> None:
    rows = claimed(line, "flashtool")
    assert rows and not any(r.fail for r in rows)


def test_hidflash_flashing_error_is_quoted() -> None:
    # dfu-programmer prints the same words and its strong row takes the line; either way GEN001 quotes it
    line = "> Error while flashing firmware data."
    assert any(r.fail for r in claimed(line, "make-flash"))
    assert first_id("> Searching for [1209:BEBA] device...\n" + line) == "GEN001"


def test_katapult_checksum_mismatch_is_not_an_sd_card_fault() -> None:
    # flashtool.py's verify message alone: not spi_flash.py's "Checksum Mismatch: Got ..., expected ..." (SD001)
    line = "FlashError: Checksum mismatch: Expected 1a2b3c4d, Received 5e6f7a8b"
    assert "sd_checksum_mismatch" not in kinds(line)
    assert "katapult_write_error" in kinds(line)
    assert first_id(line) != "SD001"
    assert "sd_checksum_mismatch" in kinds("SD Card Flash Error: Checksum Mismatch: Got 'ABCDEF01', expected '12345678'")


@pytest.mark.parametrize("line", ["!! Timer too close", "!! Missed scheduling of next digital out event", "!! ADC out of range",
                                  "!! Scheduled pwm event will exceed max_duration"])
def test_console_bare_common_reason_is_not_silent(line: str) -> None:
    assert "mcu_shutdown" in kinds(line)
    assert first_id(line) == "GEN001"
