"""The device table (knowledge/devices.toml) and doctor.devices.classify, without umockdev."""

from __future__ import annotations

import tomllib
import importlib.resources

import pytest

from doctor import devices

# Every VID:PID of shared/reference/upstream-tools.md section C (copied: tests run without shared/).
SECTION_C = """
1d50:614e 1d50:606f 1d50:6177 1d50:6015 1d50:6018 1209:2323 1209:ca01 1cd2:606f 16d0:10b8 16d0:0f30
0483:df11 1eaf:0003 1eaf:0004 1209:beba 2e8a:0003 2e8a:000f 2e8a:0004 2e8a:000c 0483:3744 0483:3748
0483:374a 0483:374b 0483:3752 0483:374d 0483:374e 0483:374f 0483:3753 0483:3754 0483:3757 0d28:0204
1a86:8011 1a86:7523 1a86:55d4 10c4:ea60 0403:6001 0403:6015 067b:2303 03eb:2fef 03eb:2ff0 03eb:2ff3
03eb:2ff4 03eb:2ff9 03eb:2ffa 03eb:2ffb 03eb:2045 03eb:2067 03eb:6124 16c0:0478 16c0:05dc 16c0:05df
16c0:0483 1781:0c9f 1b4f:9203 1b4f:9205 1b4f:9207 2341:0036 2341:0037 2a03:0036 2a03:0037 2a03:0040
239a:000c 239a:000d 239a:000e 1ffb:0101 1209:2302 1c11:b007 314b:0106 28e9:0189 342d:dfa0
""".split()


def _raw() -> dict:
    text = importlib.resources.files("doctor.knowledge").joinpath("devices.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def test_every_section_c_id_is_in_the_table() -> None:
    missing = [i for i in SECTION_C if devices.classify(*i.split(":")).role == "unknown"]
    assert missing == []
    assert devices.classify("1366", "0101").role == "jlink"  # 1366:* (every J-Link)


def test_table_is_sorted_unique_and_checked() -> None:
    raw = _raw()
    ids = [row["id"] for row in raw["devices"]]
    assert ids == sorted(ids)
    assert len(ids) == len(set(ids))
    assert list(raw["roles"]) == sorted(raw["roles"])
    t = devices.table()  # validates roles, kinds, ids
    used = {row["role"] for row in raw["devices"] + raw["collisions"] + raw["fallbacks"]} | {"hub", "dfu"}
    assert set(t.roles) == used, "a role nobody uses, or a row naming a role not declared"
    assert devices.known_ids() == ids


def test_table_errors_are_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    bad = _raw()
    bad["devices"].append({"id": "0483:DF11", "role": "rom-dfu"})
    monkeypatch.setattr(devices, "_read", lambda: bad)
    devices.table.cache_clear()
    try:
        with pytest.raises(devices.DeviceTableError, match="lower-case"):
            devices.table()
    finally:
        devices.table.cache_clear()


@pytest.mark.parametrize(
    ("args", "role", "kind", "raw"),
    [
        # 1d50:606f: candleLight (gs_usb) vs Klipper's USB-to-CAN bridge, told apart by the manufacturer
        (("1d50", "606f", "bytewerk", "candleLight USB to CAN adapter", "0000"), "gs-usb", "can-adapter", False),
        (("1d50", "606f", "Klipper", "stm32g0b1xx", "0100"), "klipper-can-bridge", "app", False),
        # 03eb Atmel DFU / LUFA HID vs QMK's builds: bcdDevice 0x0936
        (("03eb", "2ff4", "ATMEL", "DFU", "0000"), "atmel-dfu", "bootloader", True),
        (("03eb", "2ff4", "QMK", "DFU", "0936"), "qmk-dfu", "bootloader", True),
        (("03eb", "2067", None, None, "0936"), "qmk-hid", "bootloader", True),
        (("03eb", "2067", None, None, "0001"), "lufa-hid", "bootloader", True),
        # 16c0:05dc: USBasp programmer vs USBaspLoader bootloader
        (("16c0", "05dc", "www.fischl.de", "USBasp", "0104"), "usbasp", "isp", True),
        (("16c0", "05dc", "www.fischl.de", "USBaspLoader", "0104"), "usbasploader", "bootloader", True),
        # 1781:0c9f: USBtinyISP vs the Trinket bootloader
        (("1781", "0c9f", None, "USBtiny", "0104"), "usbtiny", "isp", True),
        (("1781", "0c9f", "Adafruit", "Trinket", "0100"), "trinket", "bootloader", True),
        # 0d28:0204: DAPLink vs the AIR32 boards' DAPLink
        (("0d28", "0204", "ARM", "DAPLink CMSIS-DAP", "1000"), "cmsis-dap", "probe", True),
        (("0d28", "0204", "AIR", "AIR32 CMSIS-DAP", "1000"), "cmsis-dap", "probe", True),
        (("1a86", "7523", None, "USB2.0-Serial", "0264"), "usb-serial", "usb-serial", False),
        (("2e8a", "0003", "Raspberry Pi", "RP2 Boot", "0100"), "rp2040-bootsel", "bootloader", True),
    ],
)
def test_collisions(args: tuple, role: str, kind: str, raw: bool) -> None:
    r = devices.classify(*args)
    assert (r.role, r.kind, r.raw_access) == (role, kind, raw)


def test_air32_and_dap_link_keep_distinct_names() -> None:
    assert "AIR32" in devices.classify("0d28", "0204", None, "AIR32 CMSIS-DAP").name
    assert "AIR32" not in devices.classify("0d28", "0204", None, "DAPLink CMSIS-DAP").name


def test_mcu_from_product_and_from_id() -> None:
    assert devices.classify("1d50", "614e", "Klipper", "stm32h723xx").mcu == "stm32h723xx"
    assert devices.classify("1d50", "6177", "katapult", "rp2040").mcu == "rp2040"
    assert devices.classify("1d50", "606f", "Klipper", "stm32g0b1xx").mcu == "stm32g0b1xx"
    assert devices.classify("1d50", "606f", "bytewerk", "candleLight USB to CAN adapter").mcu is None
    assert devices.classify("03eb", "2fef").mcu == "atmega16u2"
    assert devices.classify("03eb", "2ff4", None, None, "0936").mcu == "atmega32u4"  # from the base row
    assert devices.classify("1d50", "614e", "Klipper", "Not An MCU Name!").mcu is None


def test_unknown_ids() -> None:
    assert devices.classify("abcd", "1234", "Klipper", "rp2040").role == "klipper"  # custom USB id build
    assert devices.classify("abcd", "1234", "Katapult", "stm32f103xe").role == "katapult"
    assert devices.classify("05e3", "0608", None, "USB2.0 Hub", device_class="09").role == "hub"
    dfu = devices.classify("abcd", "1234", interface_classes=[("fe", "01", "02")])
    assert (dfu.role, dfu.kind, dfu.raw_access) == ("dfu", "bootloader", True)
    runtime = devices.classify("abcd", "1234", interface_classes=[("fe", "01", "01")])
    assert runtime.role == "unknown" and runtime.kind == "other" and runtime.raw_access is False
    assert devices.classify("1D50", "614E").role == "klipper"  # case does not matter
    assert devices.Role("unknown", "", "other", False).to_fact() == {"role": "unknown", "role_name": "", "kind": "other", "raw_access": False}
