"""(boot-stm32 s12) Rows and rules from the session-12 boot-stm32 round: STM32CubeProgrammer's GUI log flattened onto
one line (a reddit/forum post that lost its line breaks), and APM Planner 2's firmware upload status lines."""

from __future__ import annotations

from textkit import events, first, serious

# --- STM32CubeProgrammer GUI log, line breaks lost ---------------------------------------------------------------

_FLAT_216 = (
    "21:25:24 : Memory Programming ... 21:25:24 : Opening and parsing file: arduplane_with_bl.hex 21:25:24 : File : "
    "arduplane_with_bl.hex 21:25:24 : Size : 962.13 KB 21:25:24 : Address : 0x08000000 21:25:24 : Erasing memory "
    "corresponding to segment 0: 21:25:24 : Erasing internal memory sectors [0 11] 21:25:24 : sector 0000 does not exist "
    "21:25:24 : sector 0001 does not exist 21:25:24 : Download in Progress: 21:25:32 : File download complete "
    "21:25:32 : Time elapsed during download operation: 00:00:08.033"
)


def test_cubeprog_flattened_gui_log_reads_each_stamped_message() -> None:
    kinds = [e["kind"] for e in events(_FLAT_216, "stlink", "stm32cubeprogrammer")]
    assert kinds.count("erase_sector_missing") == 2
    assert first(_FLAT_216) == "SWD009"


def test_cubeprog_flattened_with_a_space_after_each_colon() -> None:
    # a forum's rendering of the same log: "21: 25: 24 : ..."
    text = _FLAT_216.replace("21:25:", "21: 25: ")
    assert first(text) == "SWD009"


def test_cubeprog_flattened_verbose_stamps() -> None:
    text = ("11:13:41:673 : Erasing internal memory sectors [0 7] 11:13:41:673 : sector 0000 does not exist "
            "11:13:41:674 : sector 0001 does not exist 11:13:49:120 : File download complete")
    assert first(text) == "SWD009"


def test_cubeprog_single_stamped_line_with_a_duration_is_not_cut() -> None:
    # one stamp and a duration ("00:00:08.033") that has no " : " after it: an ordinary line, healthy
    text = ("21:25:24 : Memory Programming ...\n21:25:32 : File download complete\n"
            "21:25:32 : Time elapsed during download operation: 00:00:08.033\n")
    assert serious(text) == []


def test_cubeprog_flattened_healthy_download_stays_healthy() -> None:
    text = ("10:02:11 : Memory Programming ... 10:02:11 : Opening and parsing file: fw.hex 10:02:11 : Erasing internal memory "
            "sector 0 10:02:12 : erasing sector 0000 @: 0x08000000 done 10:02:14 : Download in Progress: "
            "10:02:17 : File download complete 10:02:17 : Time elapsed during download operation: 00:00:03.120")
    assert serious(text) == []


# --- APM Planner 2 firmware upload ---------------------------------------------------------------------------------

_APM_HEAD = ("Successfully opened MatekH743-bdshot_Copter_4.5.4.apj\nStart flashing firmware.\n"
             "Waiting for replug of fc connected to tty.usbmodem365A385D33301\n")


def test_apm_planner_hang_at_bootloader_read_is_boot001() -> None:
    text = _APM_HEAD + "Flight controller reconnected - reading bootloader data.\n"
    assert [e["kind"] for e in events(text, "flash", "apm-planner")][-1] == "bootloader_no_answer"
    assert first(text) == "BOOT001"


def test_apm_planner_bootloader_answered_and_verified_is_healthy() -> None:
    text = (_APM_HEAD + "Flight controller reconnected - reading bootloader data.\nBoard ID: 1013\nBoard Rev: 0\n"
            "Flash rom Size: 1966080\nRequesting Vec Area\nRequesting board Serial Number\nSerial Number: 0x3d0026001851303433393834\n"
            "Erasing board. This may take a while - do not disconnect or power off!\nErase Complete\nFlashing Firmware\n"
            "Flashing complete, verifying firmware\nVerify successful, rebooting\nFlashing done.\n")
    assert serious(text) == []


def test_apm_planner_bootloader_answered_then_crc_mismatch_is_not_boot001() -> None:
    text = (_APM_HEAD + "Flight controller reconnected - reading bootloader data.\nBoard ID: 9\nErase Complete\nFlashing Firmware\n"
            "Flashing complete, verifying firmware\nCRC mismatch! Firmware write failed, please try again\n"
            "Error during upload: CRC mismatch! Firmware write failed, please try again\nFlashing done.\n")
    assert "BOOT001" not in serious(text)
    assert serious(text)  # a failure is never silent


def test_apm_planner_wrong_file_type_is_not_silent() -> None:
    text = "Only *.apj or *.px4 files can be flashed. All other formats need external tools.\n"
    assert serious(text)
