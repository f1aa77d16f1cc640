"""dfu area, session 6: where an unwriteable DfuSe address lies (past the declared flash, the bootloader's read-only
sectors, outside the device, another memory, an empty image), the Maple dfu-util's own lines, the Windows host of a
dfu-util command, and the driver QMK Toolbox names. Each test uses real wordings (dfu-util 0.5-0.11 dfuse.c,
dfuse_mem.c; the Maple dfu-util; QMK Toolbox) and fails if the row or the rule it checks is removed."""

from __future__ import annotations

from typing import Any

from doctor import engine
from doctor.facts import merge, new
from doctor.parsers import parse_stream


def parse(text: str) -> dict[str, Any]:
    return parse_stream(iter(text.splitlines()), "t.txt")


def events(facts: dict[str, Any], ns: str = "dfu") -> list[dict[str, Any]]:
    return [e for r in (facts.get(ns) or {}).get("runs", []) for e in r["events"]]


def first(text: str) -> str | None:
    found = engine.evaluate(merge(new("analyze"), parse(text)))
    return found[0].id if found else None


def kinds(text: str, ns: str = "dfu") -> list[str]:
    return [e["kind"] for e in events(parse(text), ns)]


# ---- where the unwriteable page lies ------------------------------------------------------------------------------

BMP_PAST_END = """sudo dfu-util -d 1d50:6018,:6017 -s 0x08002000:leave:force -D blackmagic.bin
dfu-util 0.9
DfuSe interface name: "Internal Flash   "
Downloading to address = 0x08002000, size = 60544
dfu-util: Last page at 0x08010c7f is not writeable
"""


def test_last_page_past_a_flash_size_the_image_straddles_is_too_large() -> None:
    ev = next(e for e in events(parse(BMP_PAST_END)) if e["kind"] == "image_too_large")
    assert ev["where"] == "past_end" and ev["limit"] == 0x08010000 and ev["fail"]
    assert first(BMP_PAST_END) == "FW004"


def test_start_from_the_command_line_when_no_download_line() -> None:
    text = " > dfu-util -S E4D078EA -s 0x08002000:leave -D blackmagic.bin\n dfu-util 0.9\n ...\n dfu-util: Last page at 0x0801093f is not writeable\n"
    assert "image_too_large" in kinds(text)
    assert first(text) == "FW004"


def test_layout_from_found_dfu_decides_past_end() -> None:
    text = ('Found DFU: [1d50:6017] ver=0100, devnum=40, cfg=1, intf=0, alt=0, name="@Internal Flash   /0x08000000/8*001Ka,056*001Kg", serial="76543210"\n'
            "Downloading to address = 0x08002000, size = 58364\n"
            "dfu-util: Last page at 0x080103fb is not writeable\n")
    ev = next(e for e in events(parse(text)) if e["kind"] == "image_too_large")
    assert ev["limit"] == 0x08010000


def test_whole_image_outside_the_declared_flash_was_built_for_another_device() -> None:
    text = ("Downloading to address = 0x080a0000, size = 5336\n_dfu-util: Last page at 0x080a14d7 is not writeable\n"
            "make[2]: *** [program-dfu] Error 74\n")
    ev = next(e for e in events(parse(text)) if e["kind"] == "address_not_writeable")
    assert ev["where"] == "outside" and ev["start_hex"] == "0x080a0000"
    assert first(text) == "FW002"


def test_image_for_qspi_sent_to_the_rom_dfu_is_built_for_the_board_bootloader() -> None:
    text = "Downloading element to address = 0x90040000, size = 138352\ndfu-util: Last page at 0x90061c6f is not writeable\n"
    assert next(e for e in events(parse(text)) if e["kind"] == "address_not_writeable")["where"] == "other_memory"
    assert first(text) == "FW001"


def test_verbose_memory_segments_mark_the_bootloader_sectors_read_only() -> None:
    text = """sudo dfu-util -a 0 -s 0x08000000:leave -t 0 -D ../mcu_bin/rlz_010000_CoreCell_USB.bin -v
dfu-util 0.11
Memory segment at 0x08000000  19 x 2048 = 38912 (r)
Memory segment at 0x08009800 237 x 2048 = 485376 (rew)
Downloading element to address = 0x08000000, size = 35724
dfu-util: Last page at 0x08008b8b is not writeable
"""
    evs = events(parse(text))
    assert [e["type"] for e in evs if e["kind"] == "memory_segment"] == ["r", "rew"]
    assert next(e for e in evs if e["kind"] == "address_not_writeable")["where"] == "protected"
    assert first(text) == "FW001"


def test_page_at_without_last_is_a_read_only_sector_inside_the_layout() -> None:
    text = "Downloading to address = 0x08000000, size = 20000\ndfu-util: Page at 0x08000000 is not writeable\n"
    ev = next(e for e in events(parse(text)) if e["kind"] == "address_not_writeable")
    assert ev.get("page") and ev["where"] == "protected" and ev["fail"]
    assert first(text) == "FW001"


def test_dfuse_file_element_of_size_zero_is_an_empty_image() -> None:
    text = """dfu-util -a 0 -D ..\\..\\firmware.dfu
dfu-util 0.9
parsing DFU image 1
image for alternate setting 0, (1 elements, total size = 8)
parsing element 1, address = 0x08000000, size = 0
Last page at 0x07ffffff is not writeable
"""
    evs = events(parse(text))
    assert any(e["kind"] == "download_started" and e["size"] == 0 for e in evs)
    assert next(e for e in evs if e["kind"] == "address_not_writeable")["where"] == "empty"
    assert first(text) == "FW005"


def test_dfu_011_parsing_element_gives_the_start() -> None:
    text = "Parsing element 1, address = 0x08000000, size = 4972\nLast page at 0x0800136b is not writeable\n"
    ev = next(e for e in events(parse(text)) if e["kind"] == "download_started")
    assert ev["address"] == 0x08000000 and ev["size"] == 4972


# ---- the Maple dfu-util, the Windows host ---------------------------------------------------------------------------

FLASH_MULTI = """.\\tools\\dfu-util.exe -R -a 2 -d 1EAF:0003 -D "D:\\Dron\\OpenTx\\flash-multi-0.2.0\\multi-stm-opentx-inv-v1.2.1.81.bin"

Lost Device after reset, assuming prod_id was incremented by oneNo DFU capable USB device found
dfu-util - (C) 2007-2008 by OpenMoko Inc.

This program is Free Software and has ABSOLUTELY NO WARRANTY
"""


def test_maple_dfu_util_banner_is_not_a_command() -> None:
    facts = parse(FLASH_MULTI)
    commands = [e for e in events(facts) if e["kind"] == "dfu_command"]
    assert len(commands) == 1 and "1EAF:0003" in commands[0]["line"]


def test_glued_no_dfu_capable_after_the_maple_note() -> None:
    ev = next(e for e in events(parse(FLASH_MULTI)) if e["kind"] == "no_dfu_device")
    assert ev["fail"]


def test_windows_host_from_the_program_path() -> None:
    cmd = next(e for e in events(parse(FLASH_MULTI)) if e["kind"] == "dfu_command")
    assert cmd["host"] == "windows" and cmd["role"] == "maple-dfu"
    posix = next(e for e in events(parse("sudo dfu-util -d 1eaf:0003 -a 2 -D out.bin\n")) if e["kind"] == "dfu_command")
    assert "host" not in posix


def test_windows_maple_bootloader_not_found_is_its_driver() -> None:
    assert first(FLASH_MULTI) == "USB004"
    # the same failure from a Linux dfu-util keeps the generic ranking (no Windows driver to blame)
    assert first("sudo dfu-util -d 1eaf:0003 -a 2 -D out.bin\ndfu-util: No DFU capable USB device available\n") != "USB004"


# ---- QMK Toolbox: the driver bound to the bootloader ----------------------------------------------------------------

TOOLBOX_LIBUSB0 = """STM32Duino device connected (libusb0): LeafLabs, LLC Maple DFU (1EAF:0003:0201)
Attempting to flash, please don't remove device
> dfu-util.exe -a 2 -d 1EAF:0003 -R -D "C:\\Users\\Eric\\BlueSCSI-v1.1-20220626-STM32F1-USB.bin"
> dfu-util 0.11
> Opening DFU capable USB device...
> Device ID 1eaf:0003
> Copying data from PC to DFU device
> Download [======= ] 29% 14336 bytes failed!
> DFU state(10) = dfuERROR, status(14) = Something went wrong, but the device does not know what it was
Flash complete
"""


def test_toolbox_libusb0_on_a_dfu_util_bootloader_that_fails_is_the_driver() -> None:
    connected = next(e for e in events(parse(TOOLBOX_LIBUSB0), "flash") if e["kind"] == "bootloader_connected")
    assert connected["driver"] == "libusb0"
    assert first(TOOLBOX_LIBUSB0) == "USB004"


def test_toolbox_winusb_does_not_blame_the_driver() -> None:
    assert first(TOOLBOX_LIBUSB0.replace("(libusb0)", "(WinUSB)")) != "USB004"


# ---- "More than one DFU capable USB device" when the listing shows one device --------------------------------------

LIST_ONE_DEVICE = """Found DFU: [28e9:0189] ver=0100, devnum=9, cfg=1, intf=0, path="1-1", alt=1, name="@Option Bytes  /0x1FFFF800/01*016Be", serial="3TBJ"
Found DFU: [28e9:0189] ver=0100, devnum=9, cfg=1, intf=0, path="1-1", alt=0, name="@Internal Flash  /0x08000000/128*001Kg", serial="3TBJ"
More than one DFU capable USB device found! Try --list and specify the serial number or disconnect all but one device
"""


def test_more_than_one_device_with_a_single_listed_device_asks_for_the_alternate_setting() -> None:
    found = engine.evaluate(merge(new("analyze"), parse(LIST_ONE_DEVICE)))
    assert found[0].id == "BOOT006" and "alternate setting" in found[0].message


def test_more_than_one_device_with_another_device_listed_keeps_the_other_device_message() -> None:
    text = ('Found Runtime: [0bda:5517] ver=0421, devnum=3, cfg=1, intf=4, path="2-6", alt=0, name="Camera DFU Device", serial="200901010001"\n'
            + LIST_ONE_DEVICE)
    found = engine.evaluate(merge(new("analyze"), parse(text)))
    assert found[0].id == "BOOT006" and "alternate setting" not in found[0].message


# ---- READ_UNPROTECT: the chip erases itself and resets ---------------------------------------------------------------

def test_read_unprotect_wrong_state_is_the_protection_removal_running() -> None:
    text = 'sudo dfu-util -a 0 -s :unprotect:force -D FF_Gotek-v3.28.dfu\ndfu-util: Wrong state after command "READ_UNPROTECT" download\n'
    assert "unprotect_reset" in kinds(text)
    assert first(text) == "SWD006"
    # another special command's wrong state stays a plain download error
    assert "unprotect_reset" not in kinds('dfu-util: Wrong state after command "ERASE_PAGE" download\n')


def test_dfu_util_07_cannot_open_device_on_the_opening_line_is_access() -> None:
    text = ("Filter on vendor = 0x1eaf product = 0x0003\n"
            "Opening DFU capable USB device... Cannot open device\n")
    ev = next(e for e in events(parse(text)) if e["kind"] == "dfu_open_failed")
    assert ev["fail"]
    assert first(text) == "USB004"
    # the same line with the device opened is no failure
    assert "dfu_open_failed" not in kinds("Opening DFU capable USB device... ID 0483:df11\n")
