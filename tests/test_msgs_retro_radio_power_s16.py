"""Rows and rules added for the retro-computing / amateur-radio / power-hardware round (session 16): Greaseweazle's gw and
k5prog's replies from the radio."""

from __future__ import annotations

from tests.textkit import events, first, kinds, serious

# keirf/greaseweazle#338: gw update through a USB hub on Windows 10, the device not found again after the mode switch
GW_UPDATE_HUB = """$ ./gw.exe update
Downloading latest firmware: greaseweazle-firmware-1.3.upd
Updating Main Firmware to version 1.3...
Done.
** FATAL ERROR:
Could not reopen port after mode switch"""

# tools 1.17+ (64d37e8): the same failure with the maintainer's own hint
GW_UPDATE_HUB_NEW = """Updating Main Firmware to version 1.4...
Done.
** FATAL ERROR:
Could not find the Greaseweazle device after switching firmware mode.
If you are connected via a USB hub, instead try connecting directly."""

GW_INFO_HEALTHY = """$ gw info
Host Tools: 1.14
Device:
  Port:     COM3
  Model:    Greaseweazle V4
  MCU:      AT32F403A, 144MHz, 96kB SRAM
  Firmware: 1.2
  Serial:   GW0045C5A270480000077D070F
  USB Rate: Full Speed (12 Mbit/s)

*** New firmware version 1.3 is available
To perform an Update:
 - Run "gw update" to download and install latest firmware"""

GW_UPDATE_OK = """Downloading latest firmware: greaseweazle-firmware-1.4.upd
Updating Main Firmware to version 1.4...
Done."""

# keirf/greaseweazle#35: the bootloader is updated in normal mode, not with the update jumper fitted
GW_BOOTLOADER_IN_UPDATE_MODE = """** Bootloader v0.16 [F1], Host Tools v0.17
Greaseweazle is in Firmware Update Mode:
 The only available action is "update" of main firmware
 Remove the Update Jumper for normal operation"""

# keirf/greaseweazle#631: pyserial's EINVAL on newer glibc: the exception's text after FATAL ERROR is the failure
GW_FATAL_EINVAL = """Host Tools: 1.22
Device:
** FATAL ERROR:
(22, 'Invalid argument')"""

# sq5bpf/k5prog#6: a PL2303TA cable garbled the radio's replies
K5_BAD_MAGIC = """./k5prog -r -vv
Quansheng UV-K5 EEPROM programmer v0.4 (c) 2023 Jacek Lipkowski <sq5bpf@lipkowski.org>

k5_prepare: try 0
********  k5 command hexdump [obf_len:16 clear_len:8 crc_ok:1 **********
## obfuscated ##
*****************
k5_receive: bad magic number"""

K5_READ_OK = """$ ./k5prog -r -v -p /dev/com3
Quansheng UV-K5 EEPROM programmer v0.5 (c) 2023 Jacek Lipkowski <sq5bpf@lipkowski.org>

k5_prepare: try 0
******  Connected to firmware version: [2.01.31]
Sucessfuly read eeprom"""

# a garbled reply retried, then the read went through: the retry is moot
K5_RETRIED_THEN_OK = """Quansheng UV-K5 EEPROM programmer v0.9 (c) 2023 Jacek Lipkowski <sq5bpf@lipkowski.org>

k5_prepare: try 0
k5_receive: bad magic number
k5_prepare: try 1
******  Connected to firmware version: [2.01.32]
Successfully read EEPROM"""


def test_gw_mode_switch_lost_is_the_usb_path() -> None:
    assert "gw_mode_switch_lost" in kinds(GW_UPDATE_HUB, "flash")
    assert first(GW_UPDATE_HUB) == "USB003"
    assert first(GW_UPDATE_HUB_NEW) == "USB003"


def test_gw_healthy_info_and_update_give_nothing_serious() -> None:
    assert serious(GW_INFO_HEALTHY) == []
    assert serious(GW_UPDATE_OK) == []


def test_gw_update_mode_refusal_is_a_quoted_failure() -> None:
    assert "gw_in_update_mode" in kinds(GW_BOOTLOADER_IN_UPDATE_MODE, "flash")
    assert first(GW_BOOTLOADER_IN_UPDATE_MODE) == "GEN001"


def test_gw_fatal_error_quotes_the_exception_text() -> None:
    evs = events(GW_FATAL_EINVAL, "flash", "greaseweazle")
    assert [e["text"] for e in evs if e["kind"] == "gw_fatal"] == ["(22, 'Invalid argument')"]
    assert first(GW_FATAL_EINVAL) == "GEN001"
    assert "SER004" not in serious(GW_FATAL_EINVAL)


def test_k5prog_garbled_reply_is_a_quoted_failure() -> None:
    assert "k5_reply_garbled" in kinds(K5_BAD_MAGIC, "flash")
    assert first(K5_BAD_MAGIC) == "GEN001"


def test_k5prog_success_and_overcome_retry_are_healthy() -> None:
    assert serious(K5_READ_OK) == []
    assert serious(K5_RETRIED_THEN_OK) == []


def test_k5prog_failure_after_an_earlier_success_still_counts() -> None:
    # two invocations pasted together (sq5bpf/k5prog#9): an EEPROM read that worked, then the flash-mode check that did not
    text = K5_READ_OK + """

$ ./k5prog -r -D -Y -vvv
Quansheng UV-K5 EEPROM programmer v0.9 (c) 2023 Jacek Lipkowski <sq5bpf@lipkowski.org>

wait_flash_message try 9999
bad crc 0x6ed1 (should be 0x7f14)"""
    assert first(text) == "GEN001"


def test_gw_output_indented_as_a_markdown_code_block_after_a_dmesg() -> None:
    text = """[27178.297012] cdc_acm 5-1:1.0: ttyACM0: USB ACM device

gw info

    Host Tools: 1.22
    Device:
    ** FATAL ERROR:
    (22, 'Invalid argument')"""
    assert "gw_fatal" in kinds(text, "flash")
    assert first(text) == "GEN001"


# qrp73/K5TOOL#13: the radio never answered, the cable echoed K5TOOL's own hello (the plug was not making contact)
K5TOOL_HELLO_ECHO = """Opening /dev/ttyUSB0
Handshake...

WARN: Decode: crc=0xcade, expected=0x9c98

Unexpected response PacketHelloReq {
    Timestamp=0x6457396a
}"""

K5TOOL_HANDSHAKE_OK = """Opening /dev/ttyUSB0
Handshake...
   Firmware:         "2.01.32"
   HasCustomAesKey:  False
   IsPasswordLocked: False"""


def test_k5tool_hello_echo_is_a_radio_that_never_answered() -> None:
    assert "k5_hello_echo" in kinds(K5TOOL_HELLO_ECHO, "flash")
    assert first(K5TOOL_HELLO_ECHO) == "SER006"
    assert first("[ERROR] InvalidOperationException: Unexpected response PacketHelloReq {") == "SER006"


def test_k5tool_other_protocol_errors_are_quoted_and_a_handshake_is_healthy() -> None:
    assert first("Waiting for bootloader beacon...\n[ERROR] InvalidOperationException: Recv: invalid protocol header 4013032d") == "GEN001"
    assert serious(K5TOOL_HANDSHAKE_OK) == []
