"""fc-dfu round, session 9: flight-controller and radio flashing read from the tools' sources and checked on real pastes
(GitHub issues of Betaflight, INAV, Cleanflight, ArduPilot, PX4, QGroundControl, ExpressLRS, EdgeTX/OpenTX; ArduPilot
and CubePilot Discourse; r/drones; medium/CSDN).

- the Betaflight/INAV configurator's serial STM32 protocol: the byte that came back decides (0x00 silence -> the DFU
  driver, USB004; 0x1F the ROM's NACK -> read protection, SWD006; anything else a garbled line -> GEN001), in any case and
  in the translated UIs (locales/*/messages.json);
- "Failed to open serial port" right after "Rebooting to ROM BOOTLOADER": no usable DFU device (USB004);
- the configurator's own read-protection and image checks (SWD006, FW002, FW004);
- the PX4/ArduPilot uploader (uploader.py / px_uploader.py), QGroundControl's and Mission Planner's firmware pages: named
  tools, the board-id check (FW002, not after FORCED WRITE), a bootloader never caught, protocol errors (GEN001);
- the ExpressLRS flasher: xmodem answered 'C' block after block (SER006), a wrong target (FW002) or the same target
  renamed (GEN001).
"""

from __future__ import annotations

import pytest

from textkit import events, findings, first, serious


# --- configurator: the serial STM32 protocol's reply byte -------------------------------------------------------------

@pytest.mark.parametrize("line,kind", [
    ("STM32 Communication failed, wrong response, expected: 121 (0x79) received: 0 (0x0)", "serial_protocol_bad_ack"),
    ("2020-02-24 @ 20:01:02 -- STM32 Communication failed, wrong response, expected: 121 (0x79) received: 0 (0x0)", "serial_protocol_bad_ack"),
    ("stm32 communication failed, wrong response, expected: 121 (0x79) received: 31 (0x1f)", "rom_nack"),
    ("STM32 Communication failed, wrong response, expected: 121 (0x79) received: 185 (0xb9)", "serial_protocol_garbled"),
    # retyped (betaflight-configurator #870) and translated (de, zh_CN)
    ("STM32 communication failed,wrong response,expected;121 (0+79) receiver:0 (0+0)", "serial_protocol_bad_ack"),
    ("STM32 Kommunikation fehlgeschlagen. Falsche Antwort. Erwartet: 121 (0x79) Empfangen: 31 (0x1f)", "rom_nack"),
    ("STM32 通信失败，错误的响应。应为：121 (0x79) 实际收到：0 (0x0)", "serial_protocol_bad_ack"),
])
def test_wrong_response_reply_byte(line: str, kind: str) -> None:
    assert [e["kind"] for e in events(line, "flash", "configurator")] == [kind]


def test_reply_byte_decides_the_cause() -> None:
    assert first("STM32 Communication failed, wrong response, expected: 121 (0x79) received: 0 (0x0)") == "USB004"
    assert first("stm32 communication failed, wrong response, expected: 121 (0x79) received: 31 (0x1f)") == "SWD006"
    assert first("STM32 Communication failed, wrong response, expected: 121 (0x79) received: 185 (0xb9)") == "GEN001"


@pytest.mark.parametrize("line", [
    "No response from the bootloader, programming: FAILED",
    "No response from bootloader, programming failed",
    "Keine Antwort des Bootloaders. Programmierung fehlgeschlagen",
    "Sin respuesta del gestor de arranque, programación: FALLIDA",
    "Aucune réponse du bootloader, programmation : ECHEC",
    "Загрузчик не отвечает, процесс прошивки: СБОЙ",
    "Bootloader 无响应，烧录失败",
])
def test_no_answer_in_every_locale(line: str) -> None:
    assert [e["kind"] for e in events(line, "flash", "configurator")] == ["rom_no_answer"]
    assert first(line) == "BOOT003"


# --- configurator: the serial port after a reboot to the ROM bootloader -----------------------------------------------

REBOOT_THEN_SERIAL = """\
2025-05-09 @00:49:55 -- MultiWii API version: 1.44.0
2025-05-09 @00:49:55 -- Device - Rebooting to ROM BOOTLOADER
2025-05-09 @00:50:05 -- Failed to open serial port
2025-05-09 @00:50:08 -- Chrome API Error: Failed to connect to the port..
"""


def test_serial_open_after_reboot_is_the_dfu_driver() -> None:
    assert "reboot_requested" in [e["kind"] for e in events(REBOOT_THEN_SERIAL, "flash", "configurator")]
    found = findings(REBOOT_THEN_SERIAL)
    assert found[0].id == "USB004" and "fell back to the serial port" in found[0].message


def test_serial_open_after_reboot_german_ui() -> None:
    text = ("2023-01-02 @10:00:00 -- Gerät - Starte neu\n2023-01-02 @10:00:00 -- Initiating reboot to bootloader ...\n"
            "2023-01-02 @10:00:05 -- Zugriff auf den seriellen Port fehlgeschlagen\n")
    assert first(text) == "USB004"


def test_serial_open_on_linux_without_reboot_is_not_the_dfu_driver() -> None:
    text = ("2018-06-24 @ 11:08:30 -- Running - OS: Linux, Chrome: 66.0.3359.181, Configurator: 10.3.0\n"
            "2018-06-24 @ 11:09:13 -- EEPROM saved\n2018-06-24 @ 11:09:16 -- Failed to open serial port\n")
    assert first(text) != "USB004"


# --- configurator: read protection and image checks -------------------------------------------------------------------

@pytest.mark.parametrize("line,fault", [
    ("2024-01-01 @ 10:00:00 -- Address load for option bytes sector failed. Very likely due to read protection.", "SWD006"),
    ("2024-01-01 @ 10:00:00 -- Failed to unprotect board", "SWD006"),
    ("2024-01-01 @ 10:00:00 -- Firmware image contains addresses not found on target device", "FW002"),
    ("2024-01-01 @ 10:00:00 -- Error: Supplied image is larger then flash available on the chip! Image: 1024 KiB, limit = 512 KiB", "FW004"),
])
def test_configurator_protection_and_image(line: str, fault: str) -> None:
    assert first(line) == fault


def test_configurator_unknown_failure_names_the_tool() -> None:
    found = findings("stm32usbdfu.js:472 Executing global chip erase\nstm32usbdfu.js:105 Transfer timed out.\nstm32usbdfu.js:339 USB transfer failed!")
    assert found[0].id == "GEN001" and "configurator" in found[0].message


# --- the PX4 / ArduPilot uploader ---------------------------------------------------------------------------------------

MISMATCH = """\
Loaded firmware for board id: 140,0 size: 1948308 bytes (99.10%), waiting for the bootloader...
Found board id: 1063,0 bootloader version: 5 on /dev/serial/by-id/usb-CubePilot_CubeOrange+-BL_40004D000551393136333935-if00
WARNING: Firmware not suitable for this board (Firmware board_type=1063 board_id=140)
"""


def test_uploader_board_mismatch_is_fw002() -> None:
    ev = [e for e in events(MISMATCH, "flash", "px4-uploader") if e["kind"] == "firmware_board_mismatch"][0]
    assert ev["expected"] == 140 and ev["received"] == 1063
    found = findings(MISMATCH)
    assert found[0].id == "FW002" and "board id 140" in found[0].message


def test_uploader_forced_write_is_not_a_mismatch_failure() -> None:
    text = ("Found board 2743,0 bootloader rev 5 on /dev/serial/by-id/usb-Holybro_Pixhawk6C-ODID-BL_41001F000F51303434333038-if00\n"
            "WARNING: Firmware not suitable for this board (board_type=10051 (None) board_id=56 (Pixhawk6C))\n"
            "FORCED WRITE, FLASHING ANYWAY!\nBootloader Protocol: 5\n")
    assert "FW002" not in serious(text)


def test_uploader_loop_without_bootloader_is_quoted() -> None:
    text = "Loaded firmware for 9,0, size: 994256 bytes, waiting for the bootloader...\n" + "attempting reboot on /dev/autopilot...\n" * 5
    assert [e["kind"] for e in events(text, "flash", "px4-uploader")][-1] == "bootloader_not_caught"
    assert first(text) == "GEN001"


def test_uploader_identify_is_healthy() -> None:
    text = ("If the board does not respond within 1-2 seconds, unplug and re-plug the USB connector.\n"
            "Found board 88,0 bootloader rev 5 on /dev/serial/by-id/usb-mRo_X2.1-777_1B0031000351373236383732-if00\n"
            "Bootloader Protocol: 5\nInfo:\n  flash size: 1998848\n  board_type: 136 (mRoX21-777)\nIdentification complete\n")
    assert serious(text) == []


def test_uploader_external_flash_note_is_benign() -> None:
    text = ("Loaded firmware for 8f,0, size: 1484192 bytes, waiting for the bootloader...\n"
            "Could not get external flash size, assuming 0\n"
            "Found board 8f,0 bootloader rev 5 on /dev/ttyACM0\nERROR: unexpected  instead of INSYNC\n")
    found = findings(text)
    assert found[0].id == "GEN001" and "INSYNC" in found[0].message


# --- QGroundControl and Mission Planner ---------------------------------------------------------------------------------

def test_qgc_errors_are_named_and_quoted() -> None:
    found = findings("Found device: PX4 FMU V2\nConnected to bootloader:\nBoard ID: 255\n"
                     "Error: Flash failed: Get Command Response: Timeout waiting for bytes to be available at address 0x000004c0\n"
                     "Upgrade cancelled\n")
    assert found[0].id == "GEN001" and "QGroundControl" in found[0].message


def test_qgc_upgrade_log_success_is_healthy() -> None:
    assert serious("FirmwareUpgradeLog: Erase complete\nFirmwareUpgradeLog: Program complete\nFirmwareUpgradeLog: Verify complete\n") == []


def test_mission_planner_board_mismatch_is_fw002() -> None:
    assert first("ERROR: Firmware not suitable for this board fw:1063 - board: 11063") == "FW002"


def test_mission_planner_no_response_is_quoted_not_silent() -> None:
    found = findings("Error: No response from board")
    assert found and found[0].id == "GEN001" and "Mission Planner" in found[0].message


# --- ExpressLRS flasher -------------------------------------------------------------------------------------------------

def test_xmodem_c_is_the_line_to_the_receiver() -> None:
    text = "We were already in bootloader\n\nuploading 44476 bytes...\nERROR:xmodem.XMODEM:send error: expected ACK; got b'C' for block 1\n"
    assert [e["kind"] for e in events(text, "flash", "elrs-flasher")][-1] == "xmodem_not_received"
    assert first(text) == "SER006"


def test_xmodem_nak_is_not_the_line() -> None:
    text = ("We were already in bootloader\nERROR:xmodem.XMODEM:send error: expected ACK; got b'\\x15' for block 1\n"
            "ERROR:xmodem.XMODEM:send error: NAK received 11 times, aborting.\n[FAILED] Upload failed!\n")
    assert first(text) == "GEN001"


def test_elrs_target_rename_vs_wrong_target() -> None:
    renamed = "Wrong target selected your RX is 'HAPPYMODEL_PP_2400_RX', trying to flash 'happymodel.rx_2400.pp'"
    wrong = "Wrong target selected your RX is 'BETAFPV_2400_RX', trying to flash 'DIY_2400_RX_ESP8285_SX1280'"
    assert [e["kind"] for e in events(renamed, "flash", "elrs-flasher")] == ["target_renamed"]
    assert first(renamed) == "GEN001"
    assert first(wrong) == "FW002"


def test_platformio_summary_failed_is_not_elrs() -> None:
    # PlatformIO's own "[FAILED] Took 29.32 seconds" summary belongs to PlatformIO, not to the ExpressLRS flasher
    assert events("[FAILED] Took 29.32 seconds", "flash", "elrs-flasher") == []


# --- EdgeTX Buddy -------------------------------------------------------------------------------------------------------

def test_buddy_no_dfu_interface_is_not_in_dfu() -> None:
    assert first("Could not connect to DFU interface\nError: Device does not have any USB DFU interfaces.") == "BOOT003"


def test_buddy_connect_failed_alone_is_the_driver() -> None:
    assert first("Could not connect to DFU interface") == "USB004"


def test_configurator_dfu_flash_that_worked_is_healthy() -> None:
    # the GUI log of a DFU flash that went through (messages.json: stm32RebootingToBootloader, usbDeviceOpened,
    # dfu_device_flash_info, stm32NotReadProtected, dfu_erased_kilobytes, stm32ProgrammingSuccessful, usbDeviceClosed)
    text = """\
2024-03-01 @ 10:00:01 -- Initiating reboot to bootloader ...
2024-03-01 @ 10:00:05 -- USB device successfully opened with ID: 1
2024-03-01 @ 10:00:05 -- Detected device with total flash size 1024 kiB
2024-03-01 @ 10:00:05 -- Read protection not active
2024-03-01 @ 10:00:20 -- Erased 1024 kB of flash successfully
2024-03-01 @ 10:00:40 -- Programming: SUCCESSFUL
2024-03-01 @ 10:00:40 -- USB device successfully closed
"""
    assert serious(text) == []


def test_serial_open_after_a_successful_flash_is_not_the_dfu_driver() -> None:
    text = ("2024-03-01 @ 10:00:01 -- Initiating reboot to bootloader ...\n2024-03-01 @ 10:00:40 -- Programming: SUCCESSFUL\n"
            "2024-03-01 @ 10:01:10 -- Failed to open serial port\n")
    assert "USB004" not in serious(text)
