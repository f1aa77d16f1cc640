"""Session 5, the programmers' and probes' leftovers of the older held-out sets (issue 9): DAPLink's FAIL.TXT table in
both wordings, probe-rs 0.30-0.31's own Linux setup check, dfu-programmer under sudo, and an st-info serial number
that is no printer.cfg key."""

from __future__ import annotations

import pytest

from textkit import events, facts, first, kinds, serious

# DAPLink source/daplink/error.c, before 0257 ("The interface firmware FAILED to ...") and after ("Failed to ...")
ALGO_OLD = "The interface firmware FAILED to download the flash programming algorithms to the target MCU."
ALGO_NEW = "error: Failed to download flash algorithm to target MCU\ntype: target"
RESET_OLD = "The interface firmware FAILED to reset/halt the target MCU"
RESET_NEW = "error: Failed to reset/halt the target MCU\ntype: target"


@pytest.mark.parametrize("text", [ALGO_OLD, ALGO_NEW])
def test_daplink_flash_algo_download_is_the_target_not_the_wiring(text: str) -> None:
    # the interface halted the target (the wires carry data), then could not write the algorithm into its RAM
    assert "flash_algo_download_failed" in kinds(text, "openocd")
    assert "dp_connect_failed" not in kinds(text, "openocd")
    assert first(text) == "SWD008"


@pytest.mark.parametrize("text", [RESET_OLD, RESET_NEW])
def test_daplink_reset_halt_failure_stays_a_connect_failure(text: str) -> None:
    assert kinds(text, "openocd") == ["dp_connect_failed"]
    # (intl-d s7) FAIL.TXT exists only on a board's own probe (a drag-and-drop drive), whose SWD lines are traces:
    # firmware that disables SWD or sleeps (SWD004) ranks above wiring (SWD002), which follows as the alternative
    assert first(text) == "SWD004"


@pytest.mark.parametrize("text", [
    "error: Flash algorithm write command FAILURE\ntype: target",
    "The interface firmware FAILED to initialize the target MCU",
    "error: Failed to download the flash data contents to be programmed\ntype: target",
])
def test_other_daplink_target_errors_are_never_silent(text: str) -> None:
    assert "daplink_error" in kinds(text, "openocd")
    assert serious(text), text


def test_daplink_type_line_alone_is_no_failure() -> None:
    assert not serious("type: target")


PROBE_RS_SETUP_OK = """\
WARN probe_rs::probe::list::linux: Make sure you have reloaded udev rules after setting everything up
 WARN probe_rs::probe::list::linux: Read more under https://probe.rs/docs/getting-started/probe-setup/

Error: Failed to open probe: Failed to open the debug probe."""

PROBE_RS_NOT_IN_GROUP = """\
 WARN probe_rs::probe::list::linux: The user does not belong to the group 'plugdev'.
 WARN probe_rs::probe::list::linux: Read more under https://probe.rs/docs/getting-started/probe-setup/
Error: Failed to open probe: Failed to open the debug probe."""

PROBE_RS_NO_RULE = """\
 WARN probe_rs::probe::list::linux: There seems no probe-rs rule to be installed.
 WARN probe_rs::probe::list::linux: Read more under https://probe.rs/docs/getting-started/probe-setup/
Error: Failed to open probe: Failed to open the debug probe."""


def test_probe_rs_setup_check_passed_then_open_failed_is_the_probe_firmware() -> None:
    assert "udev_setup_ok" in kinds(PROBE_RS_SETUP_OK, "openocd")
    assert first(PROBE_RS_SETUP_OK) == "SWD009"


@pytest.mark.parametrize("text", [PROBE_RS_NOT_IN_GROUP, PROBE_RS_NO_RULE])
def test_probe_rs_setup_check_naming_a_gap_is_access(text: str) -> None:
    assert "udev_setup_missing" in kinds(text, "openocd")
    assert first(text) == "USB004"


def test_probe_rs_no_probe_listed_with_setup_ok_is_not_firmware() -> None:
    # the same reminder also follows an empty probe list: nothing was found, so no probe firmware was judged
    text = PROBE_RS_SETUP_OK.replace("Error: Failed to open probe: Failed to open the debug probe.", "Error: no probe was found.")
    assert first(text) != "SWD009"


def test_dfu_programmer_run_under_sudo_is_recorded() -> None:
    text = "$ sudo dfu-programmer atmega32u4 erase\ndfu-programmer: no device present."
    runs = facts(text)["dfu"]["runs"]
    assert runs[0].get("sudo") is True
    plain = facts("$ dfu-programmer atmega32u4 erase\ndfu-programmer: no device present.")["dfu"]["runs"]
    assert not plain[0].get("sudo")


def test_st_info_serial_number_is_no_printer_cfg_key() -> None:
    text = """\
serial:     303636364646333233383331353234313537313834353437
hla-serial: "\\x30\\x36\\x36\\x36\\x46\\x46\\x33\\x32\\x33\\x38\\x33\\x31\\x35\\x32\\x34\\x31\\x35\\x37\\x31\\x38\\x34\\x35\\x34\\x37"
flash:      0 (pagesize: 0)
sram:       0
chipid:     0x0004"""
    snap = facts(text)
    tools = [b["tool"] for s in snap["sources"] for b in s["blocks"]]
    assert tools == ["st-link"], tools
    assert events(snap, "stlink")
    # a Klipper serial option naming a port still reads as printer.cfg
    cfg = facts("[mcu]\nserial: /dev/serial/by-id/usb-Klipper_stm32f446xx_2E0029000951363131363530-if00")
    assert [b["tool"] for s in cfg["sources"] for b in s["blocks"]] == ["printer.cfg"]
