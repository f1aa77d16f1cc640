"""(rp2040-sd s11) The BOOTSEL drive's INFO_UF2.TXT names its boot ROM (pico-bootrom-rp2040 bootrom/info_uf2.txt:
"Model: Raspberry Pi RP2" / "Board-ID: RPI-RP2"; pico-bootrom-rp2350 src/nsboot/usb_virtual_disk.c defaults:
"Model: Raspberry Pi RP2350" / "Board-ID: RP2350"): beside a board named as the other chip, RP003."""

from __future__ import annotations

from textkit import events, first, serious

RP2040_INFO = """INFO_UF2.TXT contains
 Bootloader v3.0
Model: Raspberry Pi RP2
Board-ID: RPI-RP2"""


def test_info_uf2_rows_name_the_rom():
    evs = [e for e in events(RP2040_INFO, "flash") if e["kind"] == "bootrom_info"]
    assert {e["mcu"] for e in evs} == {"rp2040"}
    evs = [e for e in events("UF2 Bootloader v1.0\nModel: Raspberry Pi RP2350\nBoard-ID: RP2350", "flash") if e["kind"] == "bootrom_info"]
    assert {e["mcu"] for e in evs} == {"rp2350"}


def test_rp2040_rom_and_a_pico2w_named_is_rp003():
    text = "Attempting to install CircuitPython 9.2.4 on new Raspberry Pi Pico 2W\n\n" + RP2040_INFO
    assert first(text) == "RP003"
    ev = [e for e in events(text, "flash") if e["kind"] == "uf2_rom_chip_mismatch"]
    assert ev and ev[0]["mcu"] == "rp2040" and ev[0]["named"] == "rp2350"


def test_rp2350_rom_and_a_pico2_named_is_quiet():
    text = "My new Pico 2 in BOOTSEL mode, INFO_UF2.TXT:\nUF2 Bootloader v1.0\nModel: Raspberry Pi RP2350\nBoard-ID: RP2350"
    assert "RP003" not in serious(text)


def test_info_uf2_alone_is_healthy():
    assert serious(RP2040_INFO) == []
    assert serious("UF2 Bootloader v2.0\nModel: Raspberry Pi RP2\nBoard-ID: RPI-RP2") == []


def test_white_labelled_model_is_not_read():
    # an RP2350 board with its own white label: the ROM's defaults only are read
    assert not [e for e in events("UF2 Bootloader v1.0\nModel: Pimoroni Pico Plus 2\nBoard-ID: PPP2", "flash") if e["kind"] == "bootrom_info"]
