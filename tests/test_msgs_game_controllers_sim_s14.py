"""Rows and rules of the game-controllers-sim helper (session 14): MobiFlight Connector's firmware updater, ST-LINK Utility
and STM32CubeProgrammer refusing a FreeJoy image larger than a 32 KiB Blue Pill, GCC's overload summary line under the
Arduino IDE's "exit status 1", and an avrdude bootloader that stops answering after the chip was initialised."""

from __future__ import annotations

from tests.textkit import events, first, kinds, serious

# --- MobiFlight Connector (MobiFlight/MobiFlightFirmwareUpdater.cs) ---------------------------------------------------------


def test_mobiflight_firmware_not_found_is_missing_image() -> None:
    for text in ("Error\t01/22/2024 19:35:01\tFirmware not found: E:\\MobiFlight\\MobiFlight Connector\\Community\\nomega\\firmware\\gagagu_fcu_efis_mega_0_9_0.hex.\n",
                 "Firmware not found: C:\\MobiFlight\\firmware\\mobiflight_raspiico_2_5_1.uf2\n"):
        ev = events(text, "flash", "mobiflight")
        assert [e["kind"] for e in ev] == ["image_missing"], text
        assert first(text) == "FW005", text


def test_mobiflight_avrdude_timeout_is_quoted_not_explained() -> None:
    text = ("MobiFlightFirmwareUpdater.RunAvrDude(): avrdude timed out! Something went wrong when flashing with command \n"
            " C:\\MobiFlight\\Arduino\\hardware\\tools\\avr\\bin\\avrdude -C\"C:\\MobiFlight\\avrdude.conf\" -patmega2560 -cwiring -PCOM6 -b115200 -D -Uflash:w:\"C:\\fw.hex\":i.\n")
    assert "flash_timeout" in kinds(text, "flash")
    assert first(text) == "GEN001"


def test_mobiflight_exit_code_zero_and_success_are_healthy() -> None:
    text = ("7/13/2021 9:48:35 PM(102): Firmware Upload Exit Code: 0\n"
            "Firmware update for MobiFlight Mega (COM5) completed successfully\n")
    assert serious(text) == []


def test_mobiflight_pico_drive_not_found_is_a_failure() -> None:
    text = "Error\t03/01/2024 10:00:00\tNo mounted USB drives named RPI-RP2 found.\n"
    assert "uf2_drive_missing" in kinds(text, "flash")
    assert serious(text)


# --- ST's tools refusing an image larger than the flash (FreeJoy on 32 KiB Blue Pills) ----------------------------------------


def test_stlink_utility_file_bigger_than_flash_is_fw004() -> None:
    text = ("19:52:07 : ST-LINK SN : B55B\n19:52:07 : V2J34S7\n19:52:07 : Connected via SWD.\n"
            "19:52:07 : Device ID:0x412 \n19:52:07 : Device flash Size : 32KBytes\n19:52:07 : Device family :STM32F10xx Low-density\n"
            "19:52:21 : [FreeJoy_v1_7_1b2.hex] opened successfully.\n19:53:10 : File size is bigger than the flash memory size.\n")
    runs = facts_runs(text)
    assert runs and runs[0].get("flash_size") == 32 * 1024
    assert first(text) == "FW004"


def test_cubeprogrammer_memory_limits_on_base_segment_is_fw004_not_protection() -> None:
    text = ("  10:37:34:965 :   Size          : 64.00 KB \n"
            "  10:37:34:965 : Erasing Segment <0> Address <0x08000000> Size <65536>Bytes\n"
            "  10:37:34:966 : Memory erase...\n"
            "  10:37:34:981 : Error: Operation exceeds memory limits\n"
            "  10:37:34:997 : Error: failed to erase memory\n")
    assert "memory_limits_exceeded" in kinds(text, "stlink")
    assert first(text) == "FW004"
    assert "SWD006" not in serious(text)


def test_cubeprogrammer_memory_limits_elsewhere_stays_unexplained() -> None:
    # a segment past the flash (an STM32L1's EEPROM data) is not an image too large for the flash
    text = ("Erasing Segment <0> Address <0x08000000> Size <1024>Bytes\n"
            "Erasing Segment <1> Address <0x08080000> Size <256>Bytes\n"
            "Error: Operation exceeds memory limits\n")
    assert first(text) != "FW004"
    assert first("Error: Operation exceeds memory limits\n") == "GEN001"


def test_cubeprogrammer_failed_erase_alone_stays_protection() -> None:
    text = "STM32CubeProgrammer v2.12.0\nST-LINK SN  : 066FFF515055657867242748\n10:37:34:997 : Error: failed to erase memory\n"
    assert first(text) == "SWD006"


# --- GCC's summary line under the Arduino IDE's "exit status 1" -----------------------------------------------------------------


def test_arduino_no_matching_function_summary_is_build_failure() -> None:
    for text in ("C:\\Users\\DP\\Documents\\Arduino\\libraries\\HX711-master\\src/HX711.h:19:7: note:   candidate expects 1 argument, 2 provided\n"
                 "exit status 1\nno matching function for call to 'HX711::HX711(int, int)'\n",
                 "exit status 1\ncall of overloaded 'setXAxis(long int)' is ambiguous\n"):
        assert first(text) == "FW005", text


# --- avrdude: the chip answered, then the bootloader stopped mid-write ---------------------------------------------------------


def test_stk500v2_timeout_after_signature_is_not_a_dead_target() -> None:
    text = ("avrdude: AVR device initialized and ready to accept instructions\n\n"
            "Reading | ################################################## | 100% 0.01s\n\n"
            "avrdude: Device signature = 0x1e9801 (probably m2560)\n"
            "avrdude: reading input file \".pio\\build\\mega\\mobiflight_mega_0_0_1.hex\"\n"
            "avrdude: writing flash (27012 bytes):\n\n"
            "Writing | #################################################avrdude: stk500v2_ReceiveMessage(): timeout\n"
            "avrdude: stk500v2_ReceiveMessage(): timeout\n")
    assert "AVR005" not in serious(text)
    assert first(text) == "GEN001"


def test_stk500v2_timeout_without_answer_keeps_target_not_responding() -> None:
    text = ("avrdude: stk500v2_ReceiveMessage(): timeout\navrdude: stk500v2_ReceiveMessage(): timeout\n"
            "avrdude: stk500v2_getsync(): timeout communicating with programmer\n")
    assert "AVR005" in serious(text)


def facts_runs(text: str) -> list[dict]:
    from tests.textkit import facts
    return (facts(text).get("stlink") or {}).get("runs", [])
