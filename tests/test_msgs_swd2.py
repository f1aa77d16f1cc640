"""The debug-probe message rows added in the swd2 round (pyOCD, probe-rs, J-Link/J-Flash, Black Magic (hosted), DAPLink
FAIL.TXT, ST-LINK GDB server, IAR C-SPY, ST-LinkUpgrade, st-info): real lines in their tools' wordings become the
events the knowledge reads, and those events rank the cause the resolved threads reported."""

from __future__ import annotations


import pytest

from doctor import engine
from textkit import events, facts, kinds, first as first_id


@pytest.mark.parametrize("line", [
    "ERROR:root:eraseAll error: 104",                                                                  # pyocd-flashtool 0.x
    "0002229:CRITICAL:__main__:flash erase sector failure (address 0x00000000; result code 0x67)",   # pyOCD 0.2x-0.3x
    "0004521 C flash erase all failure (result code 0x1) [__main__]",                                  # pyOCD 0.29+ log shape
])
def test_pyocd_flash_algorithm_erase_refusal(line: str) -> None:
    assert kinds(line, "openocd") == ["flash_erase_failed"]
    assert first_id(line) == "SWD006"


@pytest.mark.parametrize("line", [
    "Error failed to flash app: The execution of 'erase_sector' failed with code 1",                 # cargo-flash 0.6-0.9
    "    1: The execution of 'erase_sector' failed with code 1. This might indicate a problem with the flash algorithm.",
    "Error: Failed to erase flash sector at address 0x00000000.",                                     # probe-rs 0.2x wrapper
])
def test_probe_rs_flash_algorithm_erase_refusal(line: str) -> None:
    ev = events(line, "openocd")
    assert ev and ev[0]["kind"] == "flash_erase_failed" and ev[0]["fail"]
    assert first_id(line) == "SWD006"


def test_probe_rs_erase_code_is_a_number() -> None:
    ev = events("Error failed to flash app: The execution of 'erase_sector' failed with code 1", "openocd")
    assert ev[0]["code"] == 1


def test_probe_rs_packet_size_is_a_probe_firmware_mismatch() -> None:
    text = """WARN probe_rs::probe::list::linux: Make sure you have reloaded udev rules after setting everything up
Error: Failed to open probe: Failed to open the debug probe.

Caused by:
    0: An error which is specific to the debug probe in use occurred.
    1: Could not determine a suitable packet size for this probe."""
    assert "probe_protocol_error" in kinds(text, "openocd")
    assert first_id(text) == "SWD009"


def test_nusb_registry_without_interface_guid_is_a_missing_winusb_driver() -> None:
    line = ("ERROR nusb::platform::windows_winusb::enumeration: Failed to get DeviceInterfaceGUIDs from registry: "
            "The system cannot find the file specified. (os error 2)")
    assert kinds(line, "openocd") == ["usb_no_driver"]
    assert first_id(line) == "USB004"


@pytest.mark.parametrize("line", [
    "WARNING: Supply voltage too low, disconnecting target!",     # J-Flash 4.x-6.x
])
def test_jflash_supply_voltage_too_low(line: str) -> None:
    assert kinds("Connecting ...\n- Connecting via USB to J-Link device 0\n" + line, "openocd")[-1] == "target_voltage_low"
    assert first_id(line) == "SWD003"


@pytest.mark.parametrize("line", [
    "Connection to CPU via connect under reset failed",                     # J-Link Commander 7.x
    "- ERROR: STM32: Connecting to CPU via connect under reset failed.",    # J-Flash 6.x
])
def test_jlink_connect_under_reset_failed(line: str) -> None:
    assert "dp_connect_failed" in kinds("InitTarget() start\n" + line, "openocd")


def test_jlink_attach_retry_alone_is_not_a_failure() -> None:
    text = "InitTarget() start\nCan not attach to CPU. Trying connect under reset.\nInitTarget() end\nFound SW-DP with ID 0x2BA01477"
    assert not [e for e in events(text, "openocd") if e.get("fail")]


def test_jlink_unknown_dp_version_with_a_failed_connect_is_old_probe_software() -> None:
    text = """Connecting ...
- Connecting via USB to probe/ programmer device 0
- Probe/ Programmer firmware: J-Link LPCXpresso V2 compiled Sep 23 2016 12:14:15
- VTarget = 3.300V
- Found SW-DP with ID 0x6BA02477
- Unknown DP version. Assuming DPv0
- ERROR: Could not find core in Coresight setup
- ERROR: Failed to connect.
Could not establish a connection to target."""
    assert "dp_version_unknown" in kinds(text, "openocd")
    assert first_id(text) == "SWD009"


def test_jlink_unknown_dp_version_alone_is_no_finding() -> None:
    text = "- Found SW-DP with ID 0x6BA02477\n- Unknown DP version. Assuming DPv0\n- J-Link: Flash download: Total: 0.512s"
    assert not [f for f in engine.evaluate(facts(text)) if f.id == "SWD009"]


def test_bmda_hosted_no_usable_dp_is_a_failed_scan() -> None:
    text = """Black Magic Probe (SWLINK) v1.7.1-284-g7307f08
Running in Test Mode
Exception: SWDP Parity error
Trying old JTAG to SWD sequence
Exception: SWDP Parity error
No usable DP found
Scan SWD failed, trying JTAG!"""
    ev = [e for e in events(text, "openocd") if e.get("fail")]
    assert [e["kind"] for e in ev] == ["dp_connect_failed"]


@pytest.mark.parametrize("line, kind", [
    ("The interface firmware FAILED to reset/halt the target MCU", "dp_connect_failed"),
    # DAPLink reaches this only after it reset and halted the target: the wires work (SWD008's rule, not a connect failure)
    ("The interface firmware FAILED to download the flash programming algorithms to the target MCU.", "flash_algo_download_failed"),
])
def test_daplink_fail_txt(line: str, kind: str) -> None:
    assert kinds(line, "openocd") == [kind]


@pytest.mark.parametrize("line, via", [
    ("Target no device found", "gdbserver"),                                                   # ST-LINK GDB server 7.x
    ("Target no device found. Error in initializing ST-LINK device. Reason: No device found on target.", "gdbserver"),  # one line
    ("Fatal error: Faild to read CPUID from Cortex deviceSession aborted!", "iar"),             # IAR 6.2x
    ("Wed Oct 19, 2011 16:41:47: Fatal error: Failed to read CPUID for Cortex device Session aborted!", "iar"),
    ("Failed to get CPU status after 4 retries Retry?", "iar"),
])
def test_ide_debug_session_connect_failures(line: str, via: str) -> None:
    ev = events(line, "stlink")
    assert ev and ev[0]["kind"] == "target_connect_failed" and ev[0]["via"] == via
    assert first_id(line) == "SWD004"


def test_utility_connect_failure_keeps_its_own_ranking() -> None:
    # ST-LINK Utility's bare "No target connected" is not an IDE session: the via rule must not claim it
    ev = events("No target connected", "stlink")
    assert ev and ev[0]["kind"] == "target_connect_failed" and "via" not in ev[0]


def test_stlink_upgrade_error() -> None:
    assert kinds("Upgrade error, Please try again.", "stlink") == ["probe_upgrade_failed"]
    assert first_id("Upgrade error, Please try again.") == "SWD009"


def test_st_info_small_nonzero_chip_id_is_a_failed_read() -> None:
    text = '''serial:     303636364646333233383331353234313537313834353437
hla-serial: "\\x30\\x36\\x36\\x36\\x46\\x46\\x33\\x32"
flash:      0 (pagesize: 0)
sram:       0
chipid:     0x0004'''
    run = facts(text)["stlink"]["runs"][0]
    assert run["success"] is False and run["chipid"] == "0x0004"
    assert first_id(text) is not None


def test_st_info_real_chip_id_stays_healthy() -> None:
    run = facts("  chipid:     0x0410\n  descr:      F1xx Medium-density")["stlink"]["runs"][0]
    assert run["success"] is True


def test_multidrop_failure_after_a_read_dpidr_is_the_probe() -> None:
    text = """Info : Using CMSIS-DAPv2 interface with VID:PID=0x1209:0x4853, serial=dc63aca893923e36ef4014
Info : SWD DPIDR 0x0bc12477, DLPIDR 0x00000001
Info : Read incorrect DLPIDR 0xf0000001 (possibly CTRL/STAT value)
Error: Failed to connect multidrop rp2040.dap1"""
    assert first_id(text) == "SWD008"


def test_multidrop_failure_with_nothing_read_stays_wiring() -> None:
    assert first_id("Info : clock speed 5000 kHz\nError: Failed to connect multidrop rp2040.dap0") != "SWD008"


def test_pyocd_traceback_only_erase_failure() -> None:
    line = "pyocd.core.exceptions.FlashEraseFailure: flash erase sector failure (address 0x08000000; result code 0x1)"
    assert kinds(line, "openocd") == ["tool_error"]  # the exception row keeps it; the knowledge reads the exception name
    assert first_id(line) == "SWD006"
