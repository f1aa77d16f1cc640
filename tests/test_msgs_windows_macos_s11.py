"""Windows and macOS driver and port texts (session 11, area windows-macos): a dfu-util listing whose alt-setting
name carries failure words is healthy; an FTDI adapter listed as 0403:0000 is a counterfeit chip whose product id
FTDI's driver zeroed, not a hub."""

from __future__ import annotations

from tests.textkit import first, serious

# dfu-util 0.9 (Windows build shipped with Arduino_STM32) listing a STM32duino bootloader v1.0: its alt 0 is named
# "... ERROR. Upload to RAM not supported." by the bootloader itself
STM32DUINO_LIST = '''
dfu-util 0.9

Copyright 2005-2009 Weston Schmidt, Harald Welte and OpenMoko Inc.
Copyright 2010-2016 Tormod Volden and Stefan Schmidt
This program is Free Software and has ABSOLUTELY NO WARRANTY
Please report bugs to http://sourceforge.net/p/dfu-util/tickets/

Found DFU: [1eaf:0003] ver=0201, devnum=13, cfg=1, intf=0, path="2-1", alt=2, name="STM32duino bootloader v1.0  Upload to Flash 0x8002000", serial="LLM 003"
Found DFU: [1eaf:0003] ver=0201, devnum=13, cfg=1, intf=0, path="2-1", alt=1, name="STM32duino bootloader v1.0  Upload to Flash 0x8005000", serial="LLM 003"
Found DFU: [1eaf:0003] ver=0201, devnum=13, cfg=1, intf=0, path="2-1", alt=0, name="STM32duino bootloader v1.0  ERROR. Upload to RAM not supported.", serial="LLM 003"
'''


def test_dfu_listing_with_error_word_in_alt_name_is_healthy() -> None:
    assert serious(STM32DUINO_LIST) == []


def test_dfu_listing_benign_does_not_hide_a_real_failure() -> None:
    text = STM32DUINO_LIST + "\ndfu-util: Cannot open DFU device 1eaf:0003\ndfu-util: No DFU capable USB device available\n"
    assert serious(text)


# lsusb on Linux after FTDI's Windows driver (CDM 2.11.0) zeroed a counterfeit FT232R's product id; usb.ids names
# 0403:0000 "H4SMK 7 Port Hub"
FTDI_ZEROED = "Bus 003 Device 002: ID 0403:0000 Future Technology Devices International, Ltd H4SMK 7 Port Hub\n"


def test_ftdi_pid_0000_is_a_bricked_counterfeit_not_a_hub() -> None:
    assert first(FTDI_ZEROED) == "GEN001"
    assert "USB001" not in serious(FTDI_ZEROED)


def test_ftdi_pid_0000_among_other_devices() -> None:
    text = ("Bus 001 Device 001: ID 1d6b:0002 Linux Foundation 2.0 root hub\n"
            "Bus 001 Device 004: ID 0403:0000 Future Technology Devices International, Ltd H4SMK 7 Port Hub\n")
    assert first(text) == "GEN001"


def test_genuine_ftdi_is_not_flagged() -> None:
    text = "Bus 001 Device 004: ID 0403:6001 Future Technology Devices International, Ltd FT232 Serial (UART) IC\n"
    assert "GEN001" not in serious(text)
