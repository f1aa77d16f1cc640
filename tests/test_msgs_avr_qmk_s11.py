"""Session 11, avr-qmk: rows and rules for held-out misses (avrdude 7.x's unused-bits note beside a fuse write that
"failed", QMK Toolbox 0.0.x's macOS "No modem port found", and a Permission denied while `id` lists the tty's group)."""

from __future__ import annotations

import pytest

from textkit import facts, first, kinds, serious

AVR1371 = """$ avrdude -qqc usbtiny -pm2560 -Uef:w:7:m
 ***failed;
avrdude warning: ignoring mismatch in unused bits of ef
        (device 0xff != input 0x07); to prevent this warning set
        unused bits to 1 when writing (double check with datasheet)"""


def test_avrdude7_fuse_write_failed_with_unused_bits_note_is_avr004() -> None:
    assert "unused_bits_ignored" in kinds(AVR1371, "avrdude")
    assert first(AVR1371) == "AVR004"


@pytest.mark.parametrize("note", [
    "avrdude warning: ignoring mismatch in unused bits of ef",
    'avrdude: WARNING: ignoring mismatch in unused bits of "efuse"',
])
def test_unused_bits_note_with_a_verify_mismatch_is_avr004(note: str) -> None:
    text = "\n".join([
        "avrdude -c usbasp -p m328p -U efuse:w:0x05:m",
        "avrdude: verification error, first mismatch at byte 0x0000",
        "         0xfd != 0x05",
        note,
    ])
    assert first(text) == "AVR004"


def test_unused_bits_note_in_a_good_run_stays_quiet() -> None:
    text = "\n".join([
        "avrdude -c usbtiny -p m2560 -U efuse:w:0x05:m -U flash:w:blink.hex:i",
        "avrdude warning: ignoring mismatch in unused bits of efuse",
        "        (device 0xfd != input 0x05); to prevent this warning set",
        "        unused bits to 1 when writing (double check with datasheet)",
        "avrdude: 924 bytes of flash written",
        "avrdude: 924 bytes of flash verified",
        "avrdude done.  Thank you.",
    ])
    assert not serious(text)
    assert not facts(text).get("text", {}).get("failures")


@pytest.mark.parametrize("text", [
    "*** Caterina device disconnected\n*** Caterina device connected\n    No modem port found, try again.",
    "*** Caterina device connected\nNo modem port found, try again.",
])
def test_toolbox_macos_no_modem_port_is_a_failure_not_silence(text: str) -> None:
    assert "toolbox_error" in kinds(text, "flash")
    assert serious(text) == ["GEN001"]


LS = "crw-rw----+ 1 root dialout 166, 0 Sep 14 00:15 /dev/ttyACM0"
DENIED = 'avrdude: ser_open(): can\'t open device "/dev/ttyACM0": Permission denied'


def test_permission_denied_while_id_lists_the_ttys_group_is_not_ser004() -> None:
    text = "\n\n".join([DENIED, "~ $ ls -al /dev/ttyACM0\n" + LS,
                        "~ $ id\nuid=1000(me) gid=1000(me) groups=1000(me),4(adm),20(dialout),27(sudo)"])
    assert "SER004" not in serious(text)
    assert first(text) == "GEN001"


def test_permission_denied_with_id_lacking_the_group_stays_ser004() -> None:
    text = "\n\n".join([DENIED, "~ $ ls -al /dev/ttyACM0\n" + LS,
                        "~ $ id\nuid=1000(me) gid=1000(me) groups=1000(me),4(adm),27(sudo)"])
    assert first(text) == "SER004"


def test_groups_user_output_is_the_database_not_the_session() -> None:
    # `groups me` lists dialout right after usermod, before a new login applies it: still SER004
    text = "\n\n".join([DENIED, LS, "me : me adm dialout sudo"])
    assert first(text) == "SER004"


TOOLBOX_CATERINA = "\n".join([
    "Caterina device connected (usbser): Microsoft USB Serial Device (COM9) (2341:0037:0001) [COM9]",
    "Attempting to flash, please don't remove device",
])
BUTTERFLY = "\n".join([
    "avrdude.exe: ser_send(): write error: sorry no info avail",
    "avrdude.exe: butterfly_recv(): programmer is not responding",
])


def test_toolbox_flashing_a_connected_caterina_bootloader_did_not_miss_the_window() -> None:
    # the Toolbox runs avrdude only on a bootloader it sees connected: the 8-second window was open
    text = TOOLBOX_CATERINA + "\n\n" + BUTTERFLY
    assert "BOOT008" not in serious(text)
    assert first(text) == "GEN001"


def test_bare_butterfly_not_responding_stays_boot008() -> None:
    assert first("avrdude -p atmega32u4 -c avr109 -P /dev/ttyACM0 -U flash:w:kb.hex:i\n" + BUTTERFLY) == "BOOT008"


def test_toolbox_caterina_that_left_before_the_flash_stays_boot008() -> None:
    text = "\n".join([TOOLBOX_CATERINA.splitlines()[0],
                      "Caterina device disconnected (usbser): Microsoft USB Serial Device (COM9) (2341:0037:0001) [COM9]",
                      TOOLBOX_CATERINA.splitlines()[1]]) + "\n\n" + BUTTERFLY
    assert first(text) == "BOOT008"
