"""Review of f146848c (session 21), second fix round: lsusb results told in a sentence (no hypotheticals, questions or past
tense; origin "said"), BOOT009's ROM-bootloader rule (another MCU's chip, a Klipper by-id link, a make flash run told in
other forms), UHK Agent's routine ping prompt (answered by a later progress or success line) and avrdude's out-of-range line
cut after "of". The texts are the reviewer's (written from the tools' formats, not pasted threads)."""

from __future__ import annotations

import pytest

from tests.textkit import facts, first, kinds

UNREACHABLE = "mcu 'mcu': Unable to connect\nError configuring printer\n"


def _devices(text: str) -> list[dict]:
    return facts(text).get("usb", {}).get("devices") or []


@pytest.mark.parametrize("line", [
    "lsusb should show 1d50:614e when klipper runs",
    "lsusb is expected to show 1d50:614e OpenMoko, Inc. stm32f446xx",
    "lsusb would show 2e8a:0003 if it were in bootsel",
    "if lsusb shows 2e8a:0003 the board is in bootsel",
    "does lsusb list 2e8a:0003 Raspberry Pi RP2 Boot",
    "Should lsusb show 2e8a:0003 Raspberry Pi RP2 Boot?",
    "lsusb used to show 2e8a:0003 Raspberry Pi RP2 Boot",
    "lsusb hasnt shown 2e8a:0003 Raspberry Pi RP2 Boot",
    "lsusb fails to show 1d50:614e",
    "Neither lsusb shows 1d50:614e nor dmesg",
    "Before flashing, lsusb showed 2e8a:0003 Raspberry Pi RP2 Boot, after flashing it shows 1d50:614e OpenMoko, Inc. rp2040",
    "Could it be that it is still in BOOTSEL? Does lsusb list 2e8a:0003 Raspberry Pi RP2 Boot when it is stuck like that",
    "when I hold BOOTSEL lsusb shows 2e8a:0003 Raspberry Pi RP2 Boot",
])
def test_conditional_or_past_lsusb_sentence_is_no_device_and_no_boot009(line: str) -> None:
    assert not _devices(line)
    assert first(UNREACHABLE + line + "\n") != "BOOT009"


def test_said_device_has_its_own_origin_and_description_ends_at_clause() -> None:
    devs = _devices("lsusb shows 2e8a:0003 Raspberry Pi RP2 Boot, but klipper can't connect")
    assert [(d["vid"], d["pid"], d["origin"], d.get("description")) for d in devs] == [
        ("2e8a", "0003", "said", "Raspberry Pi RP2 Boot")]
    # the listing itself stays "pasted"
    assert [d["origin"] for d in _devices("$ lsusb\nBus 001 Device 008: ID 2e8a:0003 Raspberry Pi RP2 Boot\n")] == ["pasted"]


def test_boot009_still_reads_a_present_tense_sentence() -> None:
    assert first(UNREACHABLE + "lsusb shows 2e8a:0003 Raspberry Pi RP2 Boot\n") == "BOOT009"
    assert first(UNREACHABLE + "$ lsusb\nBus 001 Device 008: ID 2e8a:0003 Raspberry Pi RP2 Boot\n") == "BOOT009"


CFG_STM32_AND_RP2040 = """printer.cfg:
[mcu]
serial: /dev/serial/by-id/usb-Klipper_stm32f446xx_370033000F50315939343520-if00

[mcu EBBCan]
serial: /dev/serial/by-id/usb-Klipper_rp2040_E6626005A7A1232B-if00

klippy.log:
"""
LSUSB_RP2_BOOT = "$ lsusb\nBus 001 Device 008: ID 2e8a:0003 Raspberry Pi RP2 Boot\nBus 001 Device 001: ID 1d6b:0002 Linux Foundation 2.0 root hub\n"


def test_boot009_not_for_another_chips_rom_device() -> None:
    # b5: the STM32 [mcu] fails; the RP2040 in BOOTSEL is the toolhead board (b2: held there on purpose)
    assert first(CFG_STM32_AND_RP2040 + UNREACHABLE + LSUSB_RP2_BOOT) != "BOOT009"
    # the failing MCU is the RP2040 one: its own ROM device explains it
    text = CFG_STM32_AND_RP2040 + "mcu 'EBBCan': Unable to connect\nError configuring printer\n" + LSUSB_RP2_BOOT
    assert first(text) == "BOOT009"


def test_boot009_not_with_a_klipper_by_id_link() -> None:
    text = (UNREACHABLE + LSUSB_RP2_BOOT + "$ ls -l /dev/serial/by-id/\n"
            "lrwxrwxrwx 1 root root 13 Jan  1 12:00 usb-Klipper_stm32f446xx_370033000F50315939343520-if00 -> ../../ttyACM0\n")
    assert first(text) != "BOOT009"


@pytest.mark.parametrize("run", [
    "`make flash FLASH_DEVICE=2e8a:0003`",
    "I ran make flash FLASH_DEVICE=2e8a:0003 and it printed Flashing out/klipper.bin to 2e8a:0003",
    "$ make flash FLASH_DEVICE=2e8a:0003\n  Flashing out/klipper.bin to 2e8a:0003",
])
def test_boot009_not_when_make_flash_ran(run: str) -> None:
    assert first(UNREACHABLE + run + "\n" + LSUSB_RP2_BOOT) != "BOOT009"


PING = ('[DeviceOperation] Cannot ping the bootloader. Please remove the "Left keyboard half" module, and keep reconnecting it '
        'until you do not see this message anymore.\n')
# from the source's format: a healthy UHK Agent module update (k1)
UHK_OK = ('[UhkOperations] Start flashing "Left keyboard half" module firmware\n' + PING + PING
          + '[UhkOperations] Waiting for buspal\n[UhkOperations] Try to connect to the "Left keyboard half"\n'
          '[UhkOperations] Write memory\n[UhkOperations] "Left keyboard half" firmware successfully flashed\n')


def test_uhk_healthy_update_with_pings_is_no_fault() -> None:
    assert first(UHK_OK) is None
    assert "keyboard_module_flashed" in kinds(UHK_OK, "flash")


def test_uhk_prose_quoting_the_ping_is_not_boot001() -> None:
    text = ('Agent told me "Cannot ping the bootloader." a few times, I reconnected the left half as it asked and the update '
            'went through fine. Now my question is about macros.\n')
    assert first(text) != "BOOT001"


def test_uhk_unanswered_ping_and_cannot_connect_are_boot001() -> None:
    assert first('[UhkOperations] Start flashing "Left keyboard half" module firmware\n' + PING + PING) == "BOOT001"
    k4 = ('[UhkOperations] Try to connect to the "Left keyboard half"\n[UhkOperations] Try to connect to the "Left keyboard half"\n'
          'Error: Can not connect to the "Left keyboard half"\n')
    assert first(k4) == "BOOT001"


def test_avrdude_out_of_range_cut_after_of() -> None:
    assert first("avrdude: ERROR: address 0x8010 out of range at line 129 of\n") == "FW004"
