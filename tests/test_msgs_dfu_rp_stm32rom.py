"""Message tables of dfu-util, picotool, stm32flash and the STM32 ROM seen through stm32loader / CubeProgrammer:
real lines become the right events, in several versions' wordings, and the splitter hands them to the right parser."""

from __future__ import annotations

from typing import Any

import pytest

from doctor import engine
from doctor.facts import merge, new
from doctor.parsers import parse_stream
from doctor.parsers.dfu_util import MESSAGES as DFU_ROWS
from doctor.parsers.picotool import MESSAGES as PICOTOOL_ROWS
from doctor.parsers.stm32_rom import CUBEPROG, LOADER
from doctor.parsers.stm32flash import MESSAGES as STM32FLASH_ROWS


def parse(text: str) -> dict[str, Any]:
    return parse_stream(iter(text.splitlines()), "t.txt")


def events(facts: dict[str, Any], ns: str, tool: str | None = None) -> list[dict[str, Any]]:
    return [e for r in (facts.get(ns) or {}).get("runs", []) if tool is None or r.get("tool") == tool for e in r["events"]]


def first(text: str) -> str | None:
    found = engine.evaluate(merge(new("analyze"), parse(text)))
    return found[0].id if found else None


def serious(text: str) -> list[str]:
    return [f.id for f in engine.evaluate(merge(new("analyze"), parse(text))) if f.severity in ("error", "warning")]


ALL_ROWS = [("dfu", r) for r in DFU_ROWS] + [("flash", r) for r in PICOTOOL_ROWS + STM32FLASH_ROWS + LOADER + CUBEPROG]


@pytest.mark.parametrize("ns,row", ALL_ROWS, ids=[f"{r.kind}:{r.example[:40]}" for _, r in ALL_ROWS])
def test_every_row_example_parses_to_its_kind(ns: str, row: Any) -> None:
    assert row.example, f"row {row.pattern!r} has no example"
    facts = parse(row.example)
    if row.kind is not None and row.strength == "strong":
        assert row.kind in {e["kind"] for e in events(facts, ns)}, (row.example, facts.get(ns))


# ---- dfu-util ---------------------------------------------------------------------------------------------------

def test_dfu_windows_not_supported_is_a_driver_problem() -> None:
    text = "dfu-util.exe -d 1209:7388 -a 0 -s 0x08000000:leave -D fw.bin\nCannot open DFU device 0483:df11 found on devnum 32 (LIBUSB_ERROR_NOT_SUPPORTED)\nLost device after RESET?\n"
    facts = parse(text)
    kinds = [e["kind"] for e in events(facts, "dfu")]
    assert "usb_driver_missing" in kinds and "lost_device" in kinds
    ev = next(e for e in events(facts, "dfu") if e["kind"] == "usb_driver_missing")
    assert (ev["vid"], ev["pid"]) == ("0483", "df11")
    assert first(text) == "USB004"


@pytest.mark.parametrize("line", [
    "dfu-util: More than one DFU capable USB device found! Try `--list' and specify the serial number or disconnect all but one device",
    "More than one DFU capable USB device found! Try --list and specify the serial number or disconnect all but one device",
    "    dfu-util: More than one DFU capable USB device found! Try `--list' and specify the serial number or disconnect all but one device",
])
def test_dfu_several_devices_in_any_wording(line: str) -> None:
    assert [e["kind"] for e in events(parse(line), "dfu")] == ["multiple_dfu"]
    assert first(line) == "BOOT006"


def test_dfu_prefixes_of_wrappers_and_forums() -> None:
    # QMK Toolbox indents dfu-util's output; a forum post wraps the first line in Markdown italics
    text = "_dfu-util: Invalid DFU suffix signature\ndfu-util: No DFU capable USB device available\n"
    assert {"invalid_suffix", "no_dfu_device"} <= {e["kind"] for e in events(parse(text), "dfu")}
    toolbox = "    Cannot open DFU device 0483:df11\n    No DFU capable USB device available\n"
    assert [e["kind"] for e in events(parse(toolbox), "dfu")] == ["dfu_open_failed", "no_dfu_device"]


def test_dfu_error_state_before_download_is_not_a_failure() -> None:
    text = """dfu-util 0.11
Opening DFU capable USB device...
Determining device status...
DFU state(10) = dfuERROR, status(10) = Device's firmware is corrupt. It cannot return to run-time (non-DFU) operations
Clearing status
Downloading element to address = 0x08008000, size = 33996
Download done.
File downloaded successfully
Submitting leave request...
dfu-util: Error during download get_status
"""
    facts = parse(text)
    err = next(e for e in events(facts, "dfu") if e["kind"] == "dfu_error_state")
    assert err.get("state") == "before_download" and not err.get("fail")
    assert not serious(text)


def test_dfu_control_transfer_error_after_leave_is_benign_but_during_download_is_not() -> None:
    after = "File downloaded successfully\nSubmitting leave request...\ndfuse_download: libusb_control_transfer returned -9\ndfu-util: Error during download get_status\n"
    ev = next(e for e in events(parse(after), "dfu") if e["kind"] == "download_error")
    assert ev["state"] == "after_download" and not ev.get("fail")
    assert not serious(after)
    during = "Downloading element to address = 0x08000000, size = 26588\ndfuse_download: libusb_control_transfer returned -9\ndfu-util: Error during download get_status\n"
    evs = events(parse(during), "dfu")
    assert next(e for e in evs if e["kind"] == "get_status_error")["state"] == "during_download"
    assert any(e.get("fail") for e in evs)


def test_dfu_last_page_not_writeable_is_reported() -> None:
    text = "Downloading element to address = 0x90040000, size = 138352\ndfu-util: Last page at 0x90061c6f is not writeable\n"
    ev = next(e for e in events(parse(text), "dfu") if e["kind"] == "address_not_writeable")
    assert ev["address"] == 0x90061C6F and ev["fail"]
    assert ev["where"] == "other_memory"  # QSPI, outside the ROM DFU's internal flash: built for the board's own bootloader
    assert first(text) == "FW001"


# ---- picotool -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text,kinds", [
    ("No accessible RP2040 device in BOOTSEL mode was found at bus 1, address 21.\n\nbut:\n\n"
     "Device at bus 1, address 21 appears to be a RP2040 device in BOOTSEL mode, but picotool was unable to connect\n",
     {"rp2040_not_found", "usb_access_denied"}),
    ("No accessible RP-series devices in BOOTSEL mode were found.\n\nbut:\n\n"
     "RP2350 device at bus 1, address 2 appears to be in BOOTSEL mode, but picotool was unable to connect. Maybe try 'sudo' or check your permissions.\n",
     {"usb_access_denied"}),
])
def test_picotool_cannot_connect_in_both_generations(text: str, kinds: set[str]) -> None:
    got = {e["kind"] for e in events(parse(text), "flash")}
    assert kinds <= got
    assert first(text) == "USB004"


def test_picotool_windows_zadig_wording() -> None:
    text = ("No accessible RP-series devices in BOOTSEL mode were found.\n\nbut:\n\n"
            "RP2040 device at bus 1, address 5 appears to be in BOOTSEL mode, but picotool was unable to connect. You may need to install "
            "a driver via Zadig. See Zadig in the README (https://github.com/raspberrypi/picotool#zadig) for more information\n")
    ev = next(e for e in events(parse(text), "flash") if e["kind"] == "usb_access_denied")
    assert ev["text"] == "zadig" and ev["mcu"] == "rp2040" and ev["address"] == 5
    found = engine.evaluate(merge(new("analyze"), parse(text)))
    assert found[0].id == "USB004" and "Windows" in found[0].message


def test_picotool_application_running_is_not_bootsel() -> None:
    text = ("No accessible RP2040/RP2350 devices in BOOTSEL mode were found.\n\n    but:\n\n"
            "Device at bus 1, address 16 appears to be a RP2040 device with a USB serial connection, so consider -f (or -F) to force reboot in order to run the command.\n")
    assert "rp2040_app_mode" in {e["kind"] for e in events(parse(text), "flash")}
    # the application answers on USB: nothing asked it to reboot (picotool -f does), BOOT001; holding BOOTSEL (BOOT003)
    # is what is left when -f finds no reset interface (tests/test_msgs_lead_s7.py)
    assert first(text) == "BOOT001"


def test_picotool_healthy_load() -> None:
    text = ("picotool load -f blink.uf2\nThe device was asked to reboot into BOOTSEL mode so the command can be executed.\n\n"
            "Loading into Flash: [==============================]  100%\n\nThe device was asked to reboot back into application mode.\n")
    run = next(r for r in parse(text)["flash"]["runs"] if r["tool"] == "picotool")
    assert run["success"] is True and run["written"] is True
    assert not serious(text)


def test_picotool_rom_error_is_a_failure() -> None:
    text = "ERROR: The RP2040 device returned an error: PICOBOOT_NOT_PERMITTED\n"
    ev = events(parse(text), "flash", "picotool")[0]
    assert ev["kind"] == "picotool_error" and ev["fail"] and ev["text"] == "PICOBOOT_NOT_PERMITTED"


# ---- stm32flash / stm32loader / CubeProgrammer UART -------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "stm32flash 0.5\n\nhttp://stm32flash.sourceforge.net/\n\nUsing Parser : Raw BINARY\nInterface serial_posix: 57600 8E1\nFailed to init device.\n",
    "stm32flash 0.7\n\nhttps://github.com/stm32duino/stm32flash\n\nInterface serial_w32: 115200 8E1\nFailed to read ACK byte\nFailed to init device.\n",
    "Can't init into bootloader. Ensure that BOOT0 is enabled and reset the device.\n",
    "  14:39:35 : Timeout error occured while waiting for acknowledgement.\n  14:39:35 : Error: Activating device: KO. Please, verify the boot mode configuration and check the serial port configuration. Reset your device then try again... \n",
])
def test_rom_never_answers_in_every_client(text: str) -> None:
    assert "rom_no_answer" in {e["kind"] for e in events(parse(text), "flash")}
    assert first(text) == "BOOT003"


def test_stm32flash_windows_port_and_baud() -> None:
    text = "stm32flash 0.7\n\nInterface serial_w32: 115200 8E1\nFailed to init device.\n"
    run = next(r for r in parse(text)["flash"]["runs"] if r["tool"] == "stm32flash")
    assert run["baud"] == 115200 and run["interface"] == "serial_w32" and run["success"] is False


def test_stm32flash_on_a_usb_id_or_cdc_port_is_the_wrong_tool() -> None:
    usb_id = 'Flashing out/klipper.bin to 0483:df11 via stm32flash\nstm32flash 0.5\nError probing interface "serial_posix"\nCannot handle device "0483:df11"\nFailed to open port: 0483:df11\n'
    ev = next(e for e in events(parse(usb_id), "flash") if e["kind"] == "wrong_tool_for_device")
    assert (ev["vid"], ev["pid"]) == ("0483", "df11")
    assert first(usb_id) == "BOOT006"
    cdc = "$ stm32flash -w fw.bin /dev/ttyACM0\nstm32flash 0.5\nInterface serial_posix: 57600 8E1\nFailed to init device.\n"
    assert first(cdc) == "BOOT006"
    usart = cdc.replace("/dev/ttyACM0", "/dev/ttyUSB0")
    assert first(usart) == "BOOT003"


def test_stm32flash_bad_reply_and_nack() -> None:
    text = "Got byte 0x00 instead of ACK\nUnexpected reply from device on command 0x01\n"
    assert [e["kind"] for e in events(parse(text), "flash")] == ["rom_bad_reply", "rom_bad_reply"]
    nack = "Got NACK from device on command 0x43\nCan't initiate chip mass erase!\nFailed to erase memory\n"
    assert first(nack) == "SWD006"


def test_stm32flash_success_is_healthy() -> None:
    text = ("stm32flash 0.5\n\nhttp://stm32flash.sourceforge.net/\n\nUsing Parser : Raw BINARY\nInterface serial_posix: 57600 8E1\n"
            "Version      : 0x22\nDevice ID    : 0x0410 (Medium-density)\nWrite to memory\nErasing memory\n"
            "Wrote and verified address 0x08001c14 (100.00%) Done.\n\nStarting execution at address 0x08000000... done.\n")
    run = next(r for r in parse(text)["flash"]["runs"] if r["tool"] == "stm32flash")
    assert run["success"] is True and run["verified"] is True and run["chipid"] == "0x0410"
    assert not serious(text)


# --- session 3: held-out misses, fixed by message family --------------------------------------------------------


def findings(text: str) -> list[Any]:
    return engine.evaluate(merge(new("analyze"), parse(text)))


JOINED = (
    "dfu-util: Invalid DFU suffix signature dfu-util: A valid DFU suffix will be required in a future dfu-util release!!! "
    "Opening DFU capable USB device... ID 0483:df11 Run-time device DFU version 011a Claiming USB DFU Interface... "
    "Setting Alternate Setting #0 ... Determining device status: state = dfuIDLE, status = 0 dfuIDLE, continuing "
    "DFU mode device DFU version 011a Device returned transfer size 1024 DfuSe interface name: \"Internal Flash \" "
    "Downloading to address = 0x08002000, size = 26644 Download [=========================] 100% 26644 bytes "
    "Download done. File downloaded successfully dfu-util: Error during download get_status Failed to flash to "
    "/dev/serial/by-id/usb-Klipper_stm32g0b1xx_3E0009000A504B4633373520-if00: Error running dfu-util"
)


def test_a_dfu_util_paste_joined_into_one_line_is_read_message_by_message() -> None:
    facts = parse(JOINED)
    kinds = [e["kind"] for e in events(facts, "dfu")]
    assert "download_complete" in kinds
    gs = [e for e in events(facts, "dfu") if e["kind"] == "get_status_error"]
    assert gs and gs[0]["state"] == "after_download" and gs[0]["line"] == "dfu-util: Error during download get_status"
    assert first(JOINED) == "DFU001"


def test_the_progress_bar_and_the_error_on_one_line_are_two_messages() -> None:
    text = ("dfu-util 0.10-dev\nDownloading element to address = 0x08040000, size = 133392\n"
            "Download        [                         ]   0%            0 bytesdfu-util: Error during special command \"SET_ADDRESS\" get_status\n")
    errs = [e for e in events(parse(text), "dfu") if e["kind"] == "download_error"]
    assert errs and errs[0]["fail"] and "SET_ADDRESS" in errs[0]["line"]


@pytest.mark.parametrize("line", [
    "dfu-util: Only DfuSe file version 1.1a is supported",
    "> dfu-util: Only DfuSe file version 1.1a is supported",
    "dfu-util: (for raw binary download, use the --dfuse-address option)",
])
def test_a_raw_bin_without_an_address_is_a_reported_failure(line: str) -> None:
    text = "dfu-util 0.9\nOpening DFU capable USB device...\n" + line + "\n"
    evs = [e for e in events(parse(text), "dfu") if e["kind"] == "dfuse_address_missing"]
    assert evs and evs[0]["fail"]
    assert "GEN001" in serious(text)  # quoted, never silent


@pytest.mark.parametrize("wrapper", ["make[1]: *** [program-dfu] Error 74", "*** [upload] Error 74", "exit status 74"])
def test_the_wrappers_exit_status_after_the_harmless_get_status_error_is_explained(wrapper: str) -> None:
    text = ("Download done.\nFile downloaded successfully\ndfu-util: Error during download get_status\n" + wrapper + "\n")
    found = findings(text)
    assert found[0].id == "DFU001" and not [f.id for f in found if f.severity in ("error", "warning")]
    assert any(wrapper.strip() in v for _, v in found[0].evidence)


def test_the_wrappers_exit_status_of_a_real_failure_is_a_failure() -> None:
    text = "dfu-util: No DFU capable USB device available\nmake: *** [flash] Error 74\n"
    ev = [e for e in events(parse(text), "dfu") if e["kind"] == "wrapper_exit"]
    assert ev and ev[0].get("fail") and ev[0].get("state") is None


def test_dfu001_without_a_wrapper_does_not_claim_make_reported_a_failure() -> None:
    text = "Download done.\nFile downloaded successfully\ndfu-util: Error during download get_status\n"
    assert "wrapper" not in findings(text)[0].message and "make flash" not in findings(text)[0].message


# picotool 2.x on an RP2350 given an RP2040 image (raspberrypi/picotool main.cpp get_target_partition / load)
RP2040_ON_RP2350 = """Program Information
 name:          RP2350_One_Test
 target chip:   RP2350
 image type:    ARM Secure
% ./picotool load -v -x pico_hsm_pico-5.6.uf2 -f
Family ID 'rp2040' cannot be downloaded anywhere
ERROR: This file cannot be loaded onto a device with no partition table
"""


def test_picotool_family_rejected_names_the_family_and_the_chip() -> None:
    facts = parse(RP2040_ON_RP2350)
    ev = [e for e in events(facts, "flash", "picotool") if e["kind"] == "uf2_family_rejected"]
    assert ev and ev[0]["family"] == "rp2040" and ev[0]["built_for"] == "rp2040" and ev[0]["fail"]
    assert first(RP2040_ON_RP2350) == "RP003"


@pytest.mark.parametrize("line,family", [
    ("Family id 'rp2350-arm-s' can be downloaded in absolute space:", "rp2350-arm-s"),
    ("Family ID 'rp2350-riscv' can be downloaded in partition 0:", "rp2350-riscv"),
    ("Family ID 0xe48bff5b cannot be downloaded anywhere", "rp2350-arm-ns"),
])
def test_picotool_family_lines_in_both_wordings(line: str, family: str) -> None:
    ev = [e for e in events(parse(line + "\n"), "flash", "picotool") if e["kind"].startswith("uf2_family")]
    assert ev and ev[0]["family"] == family


def test_uf2_family_ids_are_the_published_ones() -> None:
    from doctor.parsers.picotool import family_name

    assert family_name("0xe48bff56") == "rp2040"
    assert family_name("0xE48BFF59") == "rp2350-arm-s"
    assert family_name("0xe48bff5a") == "rp2350-riscv"
    assert family_name("0xe48bff5b") == "rp2350-arm-ns"
    assert family_name("0xe48bff57") == "absolute" and family_name("0xe48bff58") == "data"


def test_a_pico2_load_that_succeeds_is_healthy() -> None:
    text = ("> sudo picotool load blink.uf2 -f\nTracking device serial number F5B22EFA0A7A108E for reboot\n"
            "The device was asked to reboot into BOOTSEL mode so the command can be executed.\n"
            "Family id 'rp2350-arm-s' can be downloaded in absolute space:\n  00000000->02000000\n"
            "Loading into Flash: [==============================]  100%\n")
    assert not serious(text)


def test_rp003_explanation_gives_the_right_family_ids() -> None:
    from doctor import knowledge

    text = knowledge.get("RP003").explanation  # type: ignore[union-attr]
    assert "0xe48bff56" in text and "0xe48bff59" in text and "0xe48bff5b" in text and "0xe48bff5a" in text
    assert "neighbours" not in text


def test_stm32flash_garbage_instead_of_ack_on_the_pi_uart_is_the_uart_not_boot0() -> None:
    text = ("stm32flash -v -S 0x08000000 -w /home/pi/wombat.bin /dev/ttyAMA0\nstm32flash 0.5\n\nhttp://stm32flash.sourceforge.net/\n\n"
            "Using Parser : Raw BINARY\nInterface serial_posix: 57600 8E1\nGot byte 0x00 instead of ACK\n"
            "Unexpected reply from device on command 0x01\n")
    assert first(text) == "SER006"


def test_rp2040_flash_loading_zero_pages_of_a_bin_is_a_build_with_a_bootloader_offset() -> None:
    text = ("make flash FLASH_DEVICE=2e8a:0003\n  Flashing out/klipper.bin to 2e8a:0003\nsudo lib/rp2040_flash/rp2040_flash out/klipper.bin\n\n"
            "Loaded UF2 image with 0 pages\nFound rp2040 device on USB bus 3 address 5\nFlashing...\nErasing\nFlashing\nRebooting device\n")
    assert first(text) == "FW001"


# --- issue 15: ROM bootloaders without USB DFU, and flash addresses that keep the stock bootloader ---------------


@pytest.mark.parametrize("mcu,expected", [
    ("stm32f103xe", False), ("STM32F103C8T6", False), ("usb-Klipper_stm32f103xe_34FFD6054246303740682343-if00", False),
    ("stm32f030x8", False), ("stm32g070xx", False), ("stm32f303x8", False), ("gd32f103", False),
    ("stm32f105", True), ("stm32f207", True), ("stm32f401xc", True), ("stm32f446xx", True), ("stm32f072xb", True),
    ("stm32f042x6", True), ("usb-Klipper_stm32g0b1xx_3E0009000A504B46-if00", True), ("stm32g474xx", True),
    ("stm32h723xx", True), ("stm32l412xx", True), ("gd32vf103", True), ("rp2040", None), ("atmega2560", None),
])
def test_rom_usb_dfu_by_family(mcu: str, expected: bool | None) -> None:
    from doctor import rom_bootloaders

    assert rom_bootloaders.usb_dfu_in_rom(mcu) is expected


def test_rom_usb_dfu_by_the_device_id_stm32flash_reads() -> None:
    from doctor import rom_bootloaders

    assert rom_bootloaders.usb_dfu_in_rom(chipid="0x0410") is False  # F103 medium density
    assert rom_bootloaders.usb_dfu_in_rom(chipid="0x418") is True  # F105/F107
    assert rom_bootloaders.usb_dfu_in_rom(chipid="0x413") is True  # F405/F407
    assert rom_bootloaders.usb_dfu_in_rom(chipid="0x999") is None


NO_DFU_F103 = """CONFIG_MCU="stm32f103xe"
CONFIG_FLASH_APPLICATION_ADDRESS=0x8007000
"""


def test_no_dfu_device_on_an_f103_says_its_rom_has_no_usb_dfu() -> None:
    facts = merge(merge(new("analyze"), parse_stream(iter(NO_DFU_F103.splitlines()), ".config")),
                  parse_stream(iter("dfu-util: No DFU capable USB device available\n".splitlines()), "dfu.txt"))
    found = engine.evaluate(facts)
    assert found[0].id == "BOOT003" and "no USB DFU in ROM" in found[0].message and "USART" in found[0].message


def test_no_dfu_device_on_an_f446_stays_the_boot0_finding() -> None:
    facts = merge(merge(new("analyze"), parse_stream(iter('CONFIG_MCU="stm32f446xx"\n'.splitlines()), ".config")),
                  parse_stream(iter("dfu-util: No DFU capable USB device available\n".splitlines()), "dfu.txt"))
    found = engine.evaluate(facts)
    assert found[0].id == "BOOT003" and "no USB DFU" not in found[0].message


@pytest.mark.parametrize("fid", ["BOOT003", "BOOT006"])
def test_dfu_advice_never_writes_the_flash_base_by_default(fid: str) -> None:
    from doctor import knowledge

    entry = knowledge.get(fid)
    commands = " ".join(entry.remediation.get("commands", []))  # type: ignore[union-attr]
    assert "0x08000000:leave" not in commands and "-s 0x8000000" not in commands
    assert "make flash FLASH_DEVICE=0483:df11" in commands and "<APP_ADDRESS>" in commands
    assert "CONFIG_FLASH_APPLICATION_ADDRESS" in entry.remediation["text"] and "No bootloader" in entry.remediation["text"]  # type: ignore[union-attr]


def test_stm32flash_advice_writes_at_the_application_offset() -> None:
    from doctor import knowledge

    entry = knowledge.get("BOOT005")
    commands = " ".join(entry.remediation.get("commands", []))  # type: ignore[union-attr]
    assert "-S <APP_ADDRESS>" in commands and "-g 0x0 " not in commands
    assert "0x08007000" in entry.remediation["text"] and "bootloader" in entry.remediation["text"]  # type: ignore[union-attr]


def test_the_dfu_driver_says_when_a_chip_has_no_usb_dfu_in_rom() -> None:
    from doctor.drivers import dfu_util
    from doctor.drivers.base import StepFailed

    possible, why = dfu_util.rom_dfu_possible("stm32f103xe")
    assert possible is False and "no USB DFU in ROM" in why and "stm32flash" in why
    assert dfu_util.rom_dfu_possible("stm32f407xx")[0] is True and dfu_util.rom_dfu_possible(None)[0] is None
    step = dfu_util.enter_dfu_steps(mcu="stm32f103xe")[0]
    with pytest.raises(StepFailed):
        step.execute(None)  # type: ignore[arg-type, misc]


def test_picotool_notes_wrapped_at_the_terminal_width_still_name_the_permission_problem() -> None:
    text = ("No accessible RP2040 devices in BOOTSEL mode were found.\n\nbut:\n\n"
            "Device at bus 3, address 12 appears to be a RP2040 device in BOOTSEL mode, but\n    picotool was unable to connect.\n")
    ev = [e for e in events(parse(text), "flash", "picotool") if e["kind"] == "usb_access_denied"]
    assert ev and ev[0]["bus"] == 3 and ev[0]["address"] == 12
    assert first(text) == "USB004"


def test_arduino_pico_upload_without_a_bootsel_drive_is_the_board_not_in_bootsel() -> None:
    text = ("Resetting COM13\nConverting to uf2, output size: 130560, start address: 0x2000\nNo drive to deploy.\n"
            "An error occurred while uploading the sketch\n")
    ev = [e for e in events(parse(text), "flash") if e["kind"] == "rp2040_not_found"]
    assert ev and ev[0]["fail"]
    assert first(text) == "BOOT003"


def test_arduino_pico_upload_that_wrote_the_uf2_is_healthy() -> None:
    text = ("Resetting COM13\nConverting to uf2, output size: 130560, start address: 0x2000\nFlashing F: (RPI-RP2)\n"
            "Wrote 130560 bytes to F:/NEW.UF2\n")
    assert not serious(text)


def test_dfu_erase_page_refused_is_flash_protection() -> None:
    text = ("Downloading to address = 0x08000000, size = 1329740\n\n"
            "Download [ ] 0% 0 bytesdfu-util: ERASE_PAGE not correctly executed\n")
    assert first(text) == "SWD006"


def test_a_long_line_without_spaces_before_dfu_util_parses_in_linear_time() -> None:
    import time

    from doctor.parsers.dfu_util import DfuUtilParser

    parser = DfuUtilParser("t.txt")
    started = time.monotonic()
    for n in range(20):
        parser.feed(n + 1, "dfu-util: " + "x" * 4000 + "dfu-util: y")
    assert time.monotonic() - started < 1.0  # a leading `\S*` path pattern took ~0.4 s per line


def test_the_command_line_is_still_found_with_sudo_paths_and_exe() -> None:
    from doctor.parsers.dfu_util import _command_at

    assert _command_at("sudo dfu-util -d ,0483:df11 -R -a 0 -s 0x8000000:leave -D out/klipper.bin") == (0, 5)
    assert _command_at("$ sudo ~/bin/dfu-util -a 0 -D x.bin") == (2, 7)
    assert _command_at("C:\\tools\\dfu-util.exe -l") == (0, 0)
    assert _command_at("mydfu-util -l") is None and _command_at("dfu-util: Error during download get_status") is None


def test_the_rom_bootloader_table_is_well_formed() -> None:
    from doctor import rom_bootloaders

    rows = rom_bootloaders.families()
    assert len(rows) >= 15
    for row in rows:
        assert row["name"] and row["mcu"] and isinstance(row["usb_dfu"], bool) and row["interfaces"], row
        assert all(p == p.lower() and p.startswith(("stm32", "gd32", "apm32")) for p in row["mcu"]), row
        assert row["usb_dfu"] == any("USB DFU" in i for i in row["interfaces"]), row
        for cid in row["chip_ids"]:
            int(cid, 16)
    ids = [c for row in rows for c in row["chip_ids"]]
    assert len(ids) == len(set(ids)), "a device id belongs to one row"


@pytest.mark.parametrize("line,kind", [
    ("Erase failed.", "erase_failed"),
    ("Error: ERASE command not implemented in bootloader.", "rom_command_missing"),
    ("Address range exceeds flash size.", "address_out_of_range"),
    ("Failed to init device, timeout.", "rom_no_answer"),
])
def test_stm32flash_07_messages(line: str, kind: str) -> None:
    text = "stm32flash 0.7\n\nhttp://stm32flash.sourceforge.net/\n\nInterface serial_posix: 57600 8E1\n" + line + "\n"
    ev = [e for e in events(parse(text), "flash", "stm32flash") if e["kind"] == kind]
    assert ev and ev[0]["fail"]
    assert serious(text)  # never silent


# ---- STM32CubeProgrammer over UART: NACKed commands and read-out protection --------------------------------


def test_cubeprogrammer_uart_rdp_level_1_is_readout_protection() -> None:
    text = """  17:13:20 : Serial Port COM24 is successfully opened.
  17:13:20 : Activating device: OK
  17:13:20 : Chip ID: 0x497 
  17:13:21 : Response received from device: NACK
  17:13:21 : Error: GETID command not acknowledged!
  17:13:53 : Error: RDP is set to level 1, try using Read UnProtect (-rdu) command in order to remove the Read Out Protection."""
    facts = parse(text)
    evs = events(facts, "flash")
    nack = [e for e in evs if e["kind"] == "rom_nack"]
    assert nack and nack[0]["command"] == "0x02"
    assert "readout_protected" in [e["kind"] for e in evs]
    findings = engine.evaluate(merge(new("analyze"), facts))
    assert findings[0].id == "SWD006"


def test_cubeprogrammer_uart_read_nack_names_the_read_command() -> None:
    text = "10:20:02 : Error: READ command not acknowledged at address: 0x40023C1C"
    evs = [e for e in events(parse("  10:20:01 : Activating device: OK\n" + text), "flash") if e["kind"] == "rom_nack"]
    assert evs and evs[0]["command"] == "0x11"


# --- held-out round (issue 9): prose about the BOOTSEL drive; rp2040_flash's other report_error wording ------

_RP_WRITTEN = """sudo lib/rp2040_flash/rp2040_flash out/klipper.uf2
Loaded UF2 image with 149 pages
Found rp2040 device on USB bus 1 address 5
Flashing...
Resetting interface
Locking
Exiting XIP mode
Erasing
Flashing
Rebooting device
"""


@pytest.mark.parametrize(
    "line",
    [
        "Command reboot failed with status 1: unknown command",
        # report_error() when the PICOBOOT status query fails too (the ROM already left the bus)
        "Command reboot failed, and it was not possible to query PICOBOOT status",
    ],
)
def test_rp2040_flash_reboot_failure_after_a_write_is_rp001_in_both_wordings(line: str) -> None:
    assert first(_RP_WRITTEN + line) == "RP001"


def test_rp2040_flash_failure_before_the_write_is_not_rp001() -> None:
    text = "sudo lib/rp2040_flash/rp2040_flash out/klipper.uf2\nLoaded UF2 image with 149 pages\nFound rp2040 device on USB bus 1 address 5\nFlashing...\nResetting interface\nCommand exclusive_access failed, and it was not possible to query PICOBOOT status"
    assert first(text) != "RP001"


def test_rp2040_flash_unreadable_image_is_a_failure() -> None:
    facts = parse("sudo ~/klipper/lib/rp2040_flash/rp2040_flash /home/pi/klipper.uf2\nCould not open image file /home/pi/klipper.uf2\nCould not load flash image, exiting")
    kinds = [e["kind"] for e in events(facts, "flash")]
    assert kinds.count("image_missing") == 2
    assert serious("Could not open image file /home/pi/klipper.uf2\nCould not load flash image, exiting")


@pytest.mark.parametrize(
    "text,expect",
    [
        # Windows Explorer, a MicroPython build for the Pico 1 on a Pico 2
        ("I copied the file to the RP2350 device under file explorer.  The file looks like it copies but does not "
         "automatically reboot  the Pico 2 once the copy is complete.", "RP003"),
        # a Rust tool's UF2 on the RP2350 drive mounted on Linux
        ("Copying the file to the mounted RP2350 file system does not program flash and does not restart into application mode.", "RP003"),
        # two sentences on two lines; the drive stays
        ("I dragged blink.uf2 onto the RP2350 drive.\nIt just shows up again as the RP2350 drive.", "RP003"),
        # the RP2040's drive: the same symptom, said with less certainty
        ("I dragged firmware.uf2 onto RPI-RP2 but it never reboots, the drive stays there.", "RP003"),
    ],
)
def test_prose_uf2_copied_onto_the_drive_but_not_applied(text: str, expect: str) -> None:
    assert first(text) == expect


@pytest.mark.parametrize(
    "text",
    [
        # the copy worked: the board rebooted into the image
        "I copied klipper.uf2 to the RPI-RP2 drive and it rebooted, the drive disappeared as expected.",
        # a cold-start problem (RP002) is not a rejected image
        "I copied klipper.uf2 onto the RPI-RP2 drive and it works, but after a power cycle the board does not start until I press reset.",
        # no drive named: nothing to say about families
        "The file copies but does not reboot.",
    ],
)
def test_prose_without_the_pair_is_not_rp003(text: str) -> None:
    found = engine.evaluate(merge(new("analyze"), parse(text)))
    assert "RP003" not in [f.id for f in found]


@pytest.mark.parametrize(
    "text",
    [
        "RP2040 MCU does not connect until reset is pressed",
        "If the Picobilical is configured properly it only connects after the RESET button on the picobilical has been pressed.",
        "My SKR Pico isn't detected after a power cycle until I press the reset button.",
        "At startup, the klipper does not see the MCU,  until I press the button RST on MCU.\nI flashed the pico again.",
        "The Pico works, but I have to press the reset button every time the printer is powered on.",
    ],
)
def test_prose_rp2040_appears_only_after_reset_is_rp002(text: str) -> None:
    assert first(text) == "RP002"


@pytest.mark.parametrize(
    "text",
    [
        # no RP2040 named, no RP facts: a generic board's reset claim is no RP002
        "My Octopus does not connect until I press reset.",
        # the reset does not help: not the cold-start fault's statement
        "The SKR Pico: Klipper reports mcu unable to connect, I pressed reset and it still does not work.",
        "The Pico connection works until I press reset.",
    ],
)
def test_prose_without_the_rp2040_reset_statement_is_not_rp002(text: str) -> None:
    found = engine.evaluate(merge(new("analyze"), parse(text)))
    assert "RP002" not in [f.id for f in found]


# --- held-out round 4: message families (dfu-util suffix and alternate setting, stm32flash) -------------------------

@pytest.mark.parametrize("line, other, expect", [
    ("Error: File ID 1eaf:0003 does not match device (0483:df11 or 0483:df11)", True, "FW002"),   # Maple suffix on ST ROM DFU
    ("dfu-util: Error: File ID 0483:0000 does not match device (0483:df11 or 0483:df11)", False, "GEN001"),  # a bad suffix, same vendor
    ("Error: File ID 0000:0000 does not match device (1209:5bf0 or 1209:5bf0)", False, "GEN001"),  # no suffix (dfu-util 0.10)
])
def test_dfu_suffix_naming_another_device(line: str, other: bool, expect: str) -> None:
    text = "Opening DFU capable USB device...\nDevice ID 0483:df11\n" + line
    ev = [e for e in events(parse(text), "dfu") if e["kind"] == "dfu_suffix_mismatch"]
    assert ev and ev[0]["other_vendor"] is other and ev[0]["fail"]
    assert first(text) == expect


def test_dfu_util_unknown_alternate_setting_is_quoted_not_silent() -> None:
    text = 'dfu-util 0.7\n\nOpening DFU capable USB device... ID 0483:df11\nRun-time device DFU version 011a\nNo such Alternate Setting: "o"'
    assert "alt_setting_missing" in [e["kind"] for e in events(parse(text), "dfu")]
    assert first(text) == "GEN001"


def test_stm32flash_writing_an_elf_is_flagged() -> None:
    text = """PS C:\\work> stm32flash -w .\\helloworld.elf -v -g 0x0 COM9
stm32flash 0.7
Using Parser : Raw BINARY
Device ID : 0x0423 (STM32F401xB(C))
Wrote and verified address 0x08040000 (39.49%) Done."""
    assert "elf_written_raw" in [e["kind"] for e in events(parse(text), "flash")]
    assert first(text) == "GEN001"
    assert "elf_written_raw" not in [e["kind"] for e in events(parse(text.replace(".elf", ".bin")), "flash")]


STM32FLASH_TWICE = """stm32flash 0.7
Interface serial_posix: 115200 8E1
Device ID : 0x0421 (STM32F446xx)
Write to memory
Wrote and verified address 0x0800b4d0 (100.00%) Done.
Starting execution at address 0x08000000... done.
stm32flash 0.7
Interface serial_posix: 115200 8E1
Failed to read ACK byte
Unexpected reply from device on command 0x01"""


def test_stm32flash_garbled_after_a_good_write_on_the_same_port_is_another_reader() -> None:
    assert first(STM32FLASH_TWICE) == "SER003"
    alone = STM32FLASH_TWICE.split("done.\n", 1)[1]
    assert first(alone) != "SER003"  # no earlier success: the wiring or BOOT0 are as likely


# ---- held-out round 5: libusb that cannot start, the final reset, maple_loader, CubeProgrammer over USB DFU ---------------

@pytest.mark.parametrize("text", [
    "Invalid DFU suffix signature\nA valid dfu suffix will be required in a future dfu-util release!!!\nunable to initialize libusb: -99\n",
    "dfu-util 0.11\n\ndfu-util: unable to initialize libusb: LIBUSB_ERROR_OTHER\n",
])
def test_dfu_libusb_that_cannot_start_means_no_usb_here(text: str) -> None:
    ev = next(e for e in events(parse(text), "dfu") if e["kind"] == "libusb_init_failed")
    assert ev["fail"] and ev["text"] in ("-99", "LIBUSB_ERROR_OTHER")
    assert first(text) == "BOOT006"


@pytest.mark.parametrize("tail", [
    "dfu-util: can't detach\nResetting USB to switch back to Run-Time mode\n",
    "Resetting USB to switch back to runtime mode\nerror resetting after download\n",
    "error resetting after download: usb_reset: could not reset device, win error: Ein nicht vorhandenes Gerät wurde angegeben.\n"
    "state(8) = dfuMANIFEST-WAIT-RESET, status(0) = No error condition is present\nDone!\n",
])
def test_dfu_final_reset_errors_after_the_download_are_harmless(tail: str) -> None:
    text = "dfu-util 0.9\nDownloading to address = 0x08000000, size = 20000\nDownload done.\nFile downloaded successfully\n" + tail
    ev = next(e for e in events(parse(text), "dfu") if e["kind"] == "download_error")
    assert ev["state"] == "after_download" and not ev.get("fail")
    assert serious(text) == [] and first(text) == "DFU001"


def test_dfu_final_reset_error_with_no_transfer_shown_is_not_a_failure() -> None:
    # (arduino-forum-arm s18) main.c 0.5-0.11 prints "can't detach" only in the final reset, which runs after a download
    # that succeeded (a failed one exits first; 0.10+: `if (!ret && final_reset)`), or for -e, where it is not fatal: a
    # paste that starts at it starts after the transfer (Seeed forum t/259429, a Wio LTE upload that worked)
    ev = next(e for e in events(parse("dfu-util 0.9\ndfu-util: can't detach\n"), "dfu") if e["kind"] == "download_error")
    assert ev["state"] == "unseen_download" and not ev.get("fail")


_MAPLE_NOT_FOUND = ("Searching for DFU device [1EAF:0003]...\ndfu-util - (C) 2007-2008 by OpenMoko Inc.\n"
                    "Couldn't find the DFU device: [1EAF:0003]\nThis program is Free Software and has ABSOLUTELY NO WARRANTY\n")


@pytest.mark.parametrize("reset,expect", [
    ("Resetting to bootloader via DTR pulse\n", "USB004"),  # the reset went through: the bootloader ran, Windows gives dfu-util no access
    ("Resetting to bootloader via DTR pulse\nReset via USB Serial Failed! Did you select the right serial port?\n"
     "Assuming the board is in perpetual bootloader mode and continuing to attempt dfu programming...\n\n", "BOOT001"),  # (s10) the Maple bootloader is entered by that request, not BOOT0
])
def test_maple_loader_not_found_names_driver_or_bootloader_by_the_reset(reset: str, expect: str) -> None:
    text = "maple_loader v0.1\n" + reset + _MAPLE_NOT_FOUND
    ev = next(e for e in events(parse(text), "dfu") if e["kind"] == "no_dfu_device")
    assert ev["command"] == "maple_loader" and ev["fail"]
    assert first(text) == expect


def test_maple_loader_upload_that_found_the_board_after_a_failed_serial_reset_is_healthy() -> None:
    text = ("maple_loader v0.1\nResetting to bootloader via DTR pulse\nReset via USB Serial Failed! Did you select the right serial port?\n"
            "Searching for DFU device [1EAF:0003]...\nFound it!\nStarting download: [##################################################] finished!\n"
            "error resetting after download: usb_reset: could not reset device, win error: A device which does not exist was specified.\n"
            "Done!\nResetting USB to switch back to runtime mode\n")
    assert serious(text) == []


_CUBE_BANNER = ("      -------------------------------------------------------------------\n"
                "                        STM32CubeProgrammer v2.4.0                  \n"
                "      -------------------------------------------------------------------\n")


@pytest.mark.parametrize("text", [
    _CUBE_BANNER + "Error: Target device not found\nEstablishing connection with the device failed\n",
    # Arduino's wrapper after a blank line, joined on one line: the banner's own parser keeps the error (J-Link's generic
    # "Error: ..." row must not take it)
    _CUBE_BANNER + "\nError: Target device not found Establishing connection with the device failed Failed uploading: uploading error: exit status 1\n",
    _CUBE_BANNER + "\n=====  DFU Interface   =====\n\nNo STM32 device in DFU mode connected\n",
])
def test_cubeprogrammer_finding_no_dfu_device_is_the_bootloader_not_entered(text: str) -> None:
    assert "dfu_not_found" in {e["kind"] for e in events(parse(text), "stlink", "stm32cubeprogrammer")}
    assert first(text) == "BOOT003"


def test_cubeprogrammer_dfu_transfer_error_is_its_known_usb_problem() -> None:
    text = "libusb control transfer error [-9] : LIBUSB_ERROR_PIPE\n"
    ev = next(e for e in events(parse(text), "stlink") if e["kind"] == "dfu_transfer_error")
    assert ev["code"] == -9 and ev["text"] == "LIBUSB_ERROR_PIPE"
    assert first(text) == "SWD009"


def test_cubeprogrammer_read_out_protection_over_rom_dfu_is_first_its_usb_problem() -> None:
    dfu = ("STM32CubeProgrammer v2.20.0\nUSB speed : Full Speed (12MBit/s)\nManuf. ID : STMicroelectronics\nProduct ID : STM32 BOOTLOADER\n"
           "DFU protocol: 1.1\nDevice ID : unknown\nWarning: Device is under Read Out Protection or Target is held under reset\n"
           "Error: a read Operation failed, please check if any memory protection mechanism is active.\n")
    found = [f.id for f in engine.evaluate(merge(new("analyze"), parse(dfu)))]
    assert found[0] == "SWD009" and "SWD006" in found
    swd = "STM32CubeProgrammer v2.20.0\nST-LINK SN  : 066FFF515055657867242748\nST-LINK FW  : V2J40M27\nWarning: Device is under Read Out Protection\n"
    assert first(swd) == "SWD006"  # through an ST-Link the same warning is real protection


# ---- session 5: dfu family fixes ------------------------------------------------------------------------------------

DFU_010_DONE = """dfu-util 0.10-dev
Opening DFU capable USB device...
Device ID 3496:0005
Device DFU version 0110
Claiming USB DFU Interface...
Setting Alternate Interface #0 ...
Copying data from PC to DFU device
Download	[=========================] 100%       124456 bytes
Download done.
DFU state(7) = dfuMANIFEST, status(0) = No error condition is present
DFU state(2) = dfuIDLE, status(0) = No error condition is present
Done!
Resetting USB to switch back to Run-Time mode
Error during Upload: Failed uploading: uploading error: exit status 251
"""


@pytest.mark.parametrize("text", [
    DFU_010_DONE,
    # the same exit cut down to dfu-util's last line and the IDE's (Kaleidoscope issue 1244)
    "Resetting USB to switch back to Run-Time mode\nError during Upload: Failed uploading: uploading error: exit status 251\n",
])
def test_dfu_util_nonzero_exit_after_a_complete_download_is_harmless(text: str) -> None:
    assert first(text) == "DFU001"
    assert not serious(text)


def test_dfu_util_exit_after_a_failed_download_is_not_harmless() -> None:
    text = ("Opening DFU capable USB device...\nID 0483:df11\nDownload\t[                         ]   0%            0 bytes failed!\n"
            "Resetting USB to switch back to runtime mode\nError during Upload: Failed uploading: uploading error: exit status 74\n")
    assert first(text) != "DFU001"


def test_qmk_make_finished_with_errors_after_the_reset_error_is_harmless() -> None:
    text = """Opening DFU capable USB device...
Device ID 1eaf:0003
Copying data from PC to DFU device
Download	[=========================] 100%        21192 bytes
Download done.
DFU state(8) = dfuMANIFEST-WAIT-RESET, status(0) = No error condition is present
Resetting USB to switch back to runtime mode
error resetting after download (LIBUSB_ERROR_TIMEOUT)
Done!
gmake[1]: *** [platforms/chibios/flash.mk:98: flash] Error 74
Make finished with errors
"""
    kinds = [(e["kind"], e.get("state")) for e in events(parse(text), "dfu")]
    assert ("wrapper_exit", "after_download") in kinds
    assert first(text) == "DFU001" and not serious(text)


@pytest.mark.parametrize("line,vid,pid", [
    ("Opening DFU capable USB device... ID 05ac:8218", "05ac", "8218"),  # 0.5-0.7, one line
    ("ID 0483:df11", "0483", "df11"),  # 0.8-0.9
    ("Device ID 28e9:0189", "28e9", "0189"),  # 0.10-0.11
])
def test_dfu_util_opened_device_id_in_every_wording(line: str, vid: str, pid: str) -> None:
    facts = parse("Opening DFU capable USB device...\n" + line + "\nClaiming USB DFU Interface...\n")
    opened = [e for e in events(facts, "dfu") if e["kind"] == "dfu_opened"]
    assert opened and (opened[0]["vid"], opened[0]["pid"]) == (vid, pid)


def test_dfu_util_failing_on_the_macs_bluetooth_controller_means_no_board_in_dfu() -> None:
    text = ("Opening DFU capable USB device... ID 05ac:8218\nDeducing device DFU version from functional descriptor length\n"
            "Run-time device DFU version 0100\nClaiming USB DFU Runtime Interface...\nCannot claim interface 3\n")
    assert first(text) == "BOOT003"
    # asked for the Apple device on purpose: not this
    assert first("dfu-util -d 05ac:8218 -U backup.dfu\n" + text) != "BOOT003"


def test_dfu_util_joined_post_with_a_second_command_keeps_the_device_list() -> None:
    text = ('dfu-util -l gives: Found DFU: [1d50:6017] ver=0200, devnum=17, cfg=1, intf=0, path="1-2", alt=0, '
            'name="@Internal Flash /0x00000000/1*008Ka,15*008Kg", serial="DEMO" Then on to programming blackmagic.bin. Used command '
            'line dfu-util.exe --device ,1d50:6017 -s 0x00002000:leave -D blackmagic.bin, which gives: Opening DFU capable USB device... '
            'Device ID 1d50:6017 Device DFU version 011a Claiming USB DFU Interface... Setting Alternate Interface #0 ... Determining '
            'device status... DFU state(2) = dfuIDLE, status(0) = No error condition is present Downloading element to address = '
            '0x00002000, size = 114528 Download [=========================] 100% 114528 bytes Download done. File downloaded '
            'successfully Submitting leave request... Transitioning to dfuMANIFEST state\n')
    kinds = [e["kind"] for e in events(parse(text), "dfu")]
    assert "dfu_found" in kinds and "no_dfu_device" not in kinds
    assert not serious(text)


def test_cubeprogrammer_216_sector_zero_does_not_exist_is_its_erase_regression() -> None:
    text = ("Erasing memory corresponding to segment 0:\nErasing internal memory sectors [0 9]\n"
            "sector 0000 does not exist\nsector 0001 does not exist\nDownload in Progress:\n")
    assert first(text) == "SWD009"


def test_upload_to_the_macs_bluetooth_port_is_the_wrong_device() -> None:
    text = ("CURRENT: upload_protocol = dfu\nLooking for upload port...\nAuto-detected: /dev/cu.Bluetooth-Incoming-Port\n"
            "Uploading .pio/build/genericSTM32F103C8/firmware.bin\n*** [upload] Error 1\n")
    assert first(text) == "BOOT006"
