"""(other-ecosystems s21) Families the round's unseen threads outside printers and keyboards showed missing, said in prose:
an RP2040 board lost after a replug in non-native wordings (RP002), a receiver that starts straight into its bootloader (BOOT009),
a flight controller that shows only its USB-serial bridge and no DFU device, in English or German (BOOT005). Texts are written
in the families' wordings, not copied from the threads."""

from __future__ import annotations

from textkit import findings, first


def _ids(text: str) -> list[str]:
    return [f.id for f in findings(text)]


# --- RP002: lost after an unplug, the outcome without its auxiliary or as the host's failure to reach it

def test_replug_outcome_without_auxiliary_on_an_rp_board() -> None:
    assert first("My rp2040-zero runs the firmware, but when unplug from USB and reconnect not start again.\n") == "RP002"


def test_plug_off_then_not_possible_to_reach_the_rp_board() -> None:
    assert first("After flashing the uf2 I can reach the rp2040 with Thonny. After plug-off and plug.in the usb it is not "
                 "possible to reach the board.\n") == "RP002"


def test_replug_wording_without_an_rp_board_is_not_rp002() -> None:
    assert "RP002" not in _ids("My STM32 board: after unplug and reconnect it does not start again.\n")


# --- BOOT009: the board starts straight into its bootloader

def test_starts_directly_into_bootloader_mode() -> None:
    assert first("The receivers start directly into bootloader mode on first power up, after a power cycle they bind.\n") == "BOOT009"


def test_entering_the_bootloader_on_purpose_is_not_boot009() -> None:
    assert "BOOT009" not in _ids("Hold the button and it will start directly into the bootloader for flashing.\n")


# --- BOOT005: DFU said absent beside the bridge chip's name

def test_no_dfu_and_only_the_bridge_said_in_english() -> None:
    assert first("No DFU device appears whatever I press, the flight controller enumerates as a CP2102 serial port every time.\n") == "BOOT005"


def test_no_dfu_beside_device_managers_bridge_name_in_german() -> None:
    text = ('Der FC wird nicht als DFU angezeigt, auch mit gedrücktem Boot-Knopf. Am PC erscheint er unter Anschlüsse als '
            '"Silicon Labs CP210x USB to UART Bridge (COM7)".\n')
    assert first(text) == "BOOT005"


def test_a_separate_usb_uart_adapter_is_not_the_boards_bridge() -> None:
    assert "BOOT005" not in _ids("No DFU device shows, so I wired a CP2102 adapter to UART1 for stm32flash.\n")


# --- SER006: an OpenTX/EdgeTX radio flashing a module over its serial line got no answer (from the firmwares' popup strings)

def test_radio_popup_title_and_reason_on_one_line() -> None:
    assert first("Flashing the bootloader to the external module ends with: FW update error Not responding\n") == "SER006"
    assert first("Firmware update error: Device not responding\n") == "SER006"


def test_radio_popup_reason_alone_and_the_sport_form() -> None:
    # (reviewfix3 s21) the bare reason line only beside a radio word: alone it is any tool's (test_reviewfix3_s21)
    assert first("Flashing the receiver from the EdgeTX radio:\nDevice not responding\n") == "SER006"
    assert first("FW update error Not S.Port 1\n") == "SER006"


def test_radio_popup_title_without_a_reason_is_not_ser006() -> None:
    assert "SER006" not in _ids("Firmware update error\n")


def test_not_responding_in_other_words_is_not_the_radio_row() -> None:
    assert "SER006" not in _ids("The app is not responding when I click connect.\n")
