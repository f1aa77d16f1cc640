"""(gather-probes s20) stlink 1.0-1.4 "unknown chip id!" values that are an echo of the failed DBGMCU read (the address
asked for, the DHCSR debug key written before it) rank the firmware reading (SWD004) first; AIRCR's key stays wiring
(SWD002). Texts below are written from the source's format (stlink src/common.c WLOG "unknown chip id! %#x",
src/stlink-usb.c send_recv's "[!] send_recv ..."), not copied from a thread."""

from __future__ import annotations

from textkit import events, first, serious


def _unknown(value: str) -> str:
    return ("2016-03-06T20:50:39 INFO src/stlink-common.c: Loading device parameters....\n"
            f"2016-03-06T20:50:39 WARN src/stlink-common.c: unknown chip id! {value}\n")


def test_echo_attribute_names_what_a_failed_id_read_printed() -> None:
    def echo(value: str) -> object:
        evs = [e for e in events(_unknown(value), "stlink") if e["kind"] == "chip_id_unknown"]
        assert evs, value
        return evs[0].get("echo")

    assert echo("0xe0042000") == "address"
    assert echo("0x40015800") == "address"
    assert echo("0xa05f0000") == "dhcsr_key"
    assert echo("0x5fa0004") == "aircr_key"
    # a clone's or newer chip's plausible id, and an odd small value, are no echo
    assert echo("0x10006463") is None
    assert echo("0x4b4e494c") is None


def test_address_and_dhcsr_key_echoes_rank_connect_under_reset_first() -> None:
    assert first(_unknown("0xe0042000")) == "SWD004"
    assert first(_unknown("0xa05f0000")) == "SWD004"
    # the wiring reading stays among the findings as the alternative
    assert "SWD002" in serious(_unknown("0xe0042000"))


def test_aircr_key_echo_stays_the_wiring_reading() -> None:
    assert first(_unknown("0x5fa0004")) == "SWD002"


def test_a_probe_whose_usb_commands_fail_is_not_this_reading() -> None:
    # every command to the probe timed out in the same run: the probe, not the target's firmware
    text = ("[!] send_recv send request failed: LIBUSB_ERROR_TIMEOUT\n[!] send_recv STLINK_GET_VERSION\n"
            "[!] send_recv send request failed: LIBUSB_ERROR_TIMEOUT\n[!] send_recv STLINK_JTAG_READDEBUG_32BIT\n"
            + _unknown("0xe0042000"))
    assert first(text) != "SWD004"
