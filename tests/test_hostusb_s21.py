"""(host-usb s21) probe-rs: the same paste failing to list or open the probe as the user and listing it (or writing the
image) under sudo is a permission matter (probe-rs#357), as pyOCD's and OpenOCD's parsers already record it; and
probe-rs-cli 0.x's own words for an empty list and an unopened probe (probe-rs@1d9f5da3 cli/src/main.rs
list_connected_devices(), cli/src/common.rs CliError::UnableToOpenProbe). Texts are from the source's format."""

from __future__ import annotations

import pytest

from textkit import events, first


def test_probe_rs_list_empty_as_user_listed_with_sudo_is_usb004() -> None:
    # from the source's format (probe-rs 0.2x-0.3x cmd/list.rs)
    text = ("$ probe-rs list\n"
            "No debug probes were found.\n"
            "$ sudo probe-rs list\n"
            "The following debug probes were found:\n"
            "[0]: CMSIS-DAP -- 2e8a:000c:E6614103E726A624 (CMSIS-DAP)\n")
    evs = [e for e in events(text, "openocd") if e["kind"] == "works_only_with_sudo"]
    assert len(evs) == 1 and evs[0]["before"] == "No debug probes were found."
    assert first(text) == "USB004"


def test_cargo_flash_denied_as_user_written_with_sudo_is_usb004() -> None:
    # from the source's format (probe-rs 0.2x rusb error, cargo-flash's finish line)
    text = ("$ cargo flash --chip nRF52840_xxAA --release\n"
            "Error: USB error while opening USB device: Access denied (insufficient permissions)\n"
            "$ sudo cargo flash --chip nRF52840_xxAA --release\n"
            "    Finished in 1.52s\n")
    assert [e["kind"] for e in events(text, "openocd") if e["kind"] == "works_only_with_sudo"] == ["works_only_with_sudo"]
    assert first(text) == "USB004"


def test_no_probe_as_user_and_again_with_sudo_is_not_sudo() -> None:
    # both runs find nothing: no probe on the bus (or not plugged), not permissions
    text = ("$ probe-rs list\n"
            "No debug probes were found.\n"
            "$ sudo probe-rs list\n"
            "No debug probes were found.\n")
    assert not [e for e in events(text, "openocd") if e["kind"] == "works_only_with_sudo"]
    assert first(text) != "USB004"


@pytest.mark.parametrize("text, kind", [
    ("$ probe-rs-cli info\nError: Unable to open probe: No probe detected.\n", "adapter_open_failed"),
    ("$ probe-rs-cli download --chip STM32F103C8 app.elf\n"
     "Error: Unable to open probe: Unable to open the specified probe. Use the 'list' subcommand to see all available probes.\n",
     "adapter_open_failed"),
    ("$ probe-rs-cli list\nNo devices were found.\n", "adapter_open_failed"),
    ("$ probe-rs info\nError: No probe found.\n", "adapter_open_failed"),
    ("$ probe-rs-cli info\nError: Unable to open probe: Multiple probes found. Please specify which probe to use using the -n parameter.\n",
     "probe_choice_needed"),
])
def test_probe_rs_cli_0x_words(text: str, kind: str) -> None:
    # from the source's format (probe-rs-cli 0.x, 2020-2023)
    assert kind in [e["kind"] for e in events(text, "openocd")]
    if kind == "adapter_open_failed":
        assert first(text) == "SWD001"  # as probe-rs's own "No debug probes were found." (no probe it could open)


def test_sigrok_scan_header_stays_sigrok() -> None:
    # sigrok-cli --scan prints the same header probe-rs-cli 0.x's list did: it stays sigrok's
    from textkit import facts
    text = ("$ sigrok-cli --scan\n"
            "The following devices were found:\n"
            "fx2lafw - Saleae Logic with 8 channels: D0 D1 D2 D3 D4 D5 D6 D7\n")
    blocks = facts(text)["sources"][0]["blocks"]
    assert [b["tool"] for b in blocks] == ["sigrok"]
