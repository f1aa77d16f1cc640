"""Rows and rules of the klipper-side round (session 24, second wave), each tested in other words of the same family than the
threads gathered that round, with the lines that must stay out of them:

- the compiler saying VECT_TAB_OFFSET was defined twice (klipper_build.py vector_offset_redefined: GCC cpp, Clang/armclang,
  Arm Compiler 5): the -D offset of a build for a bootloader replaced by the CMSIS system file's: FW001;
- the application said never to start, run or execute from (or behind) a bootloader, the bootloader or its offset named in the
  sentence (klipside_prose_s24w2.py said_app_not_started_offset): FW001;
- a reset (software, watchdog) said to restart the old firmware and only a power cycle to apply the update
  (klipside_prose_s24w2.py said_update_needs_cold_boot): SD002.

Texts marked "from the source's format" are built from the tool's message format, not pasted by a person."""

from __future__ import annotations

import pytest

from tests.textkit import facts, findings, first, kinds, serious


def build_kinds(text):
    """The event kinds of the build runs (klipper.build.runs: the compiler's and linker's lines)."""
    return [e["kind"] for r in ((facts(text).get("klipper") or {}).get("build") or {}).get("runs", []) for e in r["events"]]


# --- FW001: the compiler replaced the build's VECT_TAB_OFFSET ------------------------------------------------------------------

_VENDOR = "/home/u/.platformio/packages/framework-cmsis-stm32f4/Source/Templates/system_stm32f4xx.c"


@pytest.mark.parametrize("line", [
    # from the source's format: GCC cpp's "\"%s\" redefined" in a PlatformIO build of an F4 application behind a bootloader
    'C:/Users/me/.platformio/packages/framework-cmsis-stm32f4/Source/Templates/system_stm32f4xx.c:111: warning: "VECT_TAB_OFFSET" redefined',
    # from the source's format: Clang/armclang -Wmacro-redefined, in a Cube firmware package's Drivers/CMSIS/Device tree
    "../Drivers/CMSIS/Device/ST/STM32G0xx/Source/Templates/system_stm32g0xx.c:98:9: warning: 'VECT_TAB_OFFSET' macro redefined [-Wmacro-redefined]",
    # from the source's format: Arm Compiler 5 (Keil MDK) armcc
    '"..\\Drivers\\CMSIS\\Device\\ST\\STM32F1xx\\Source\\Templates\\system_stm32f1xx.c", line 113: Warning:  #47-D: incompatible redefinition of macro "VECT_TAB_OFFSET"',
    # from the source's format: IAR EWARM iccarm (Pe047, the file and line after the message)
    'Warning[Pe047]: incompatible redefinition of macro "VECT_TAB_OFFSET" (declared at line 95 of "C:\\proj\\Inc\\stm32f4xx.h") '
    'C:\\proj\\Drivers\\CMSIS\\Device\\ST\\STM32F4xx\\Source\\Templates\\system_stm32f4xx.c 112',
])
def test_fw001_vector_offset_redefined(line):
    text = ("Compiling .pio/build/app/FrameworkCMSISDevice/system_stm32f4xx.o\n" + line + "\n"
            " #define VECT_TAB_OFFSET  0x00000000U\n")
    assert "vector_offset_redefined" in build_kinds(text)
    assert first(text) == "FW001"
    assert "FW001" in serious(text)


@pytest.mark.parametrize("line", [
    # a project's own system file (the person may have set the right offset there): an info said conditionally, no warning
    "../Core/Src/system_stm32g0xx.c:98:9: warning: 'VECT_TAB_OFFSET' macro redefined [-Wmacro-redefined]",
    '"..\\Src\\system_stm32f1xx.c", line 113: Warning:  #47-D: incompatible redefinition of macro "VECT_TAB_OFFSET"',
    # the review's IAR line (was GEN001)
    'Warning[Pe047]: incompatible redefinition of macro "VECT_TAB_OFFSET" (declared at line 95 of "C:\\proj\\Inc\\stm32f4xx.h") '
    "C:\\proj\\Src\\system_stm32f4xx.c 112",
    'src/system_stm32l4xx.c:106: warning: "VECT_TAB_OFFSET" redefined',
])
def test_fw001_vector_offset_redefined_in_own_file_is_info(line):
    assert "vector_offset_redefined_local" in build_kinds(line)
    assert [f.id for f in findings(line)] == ["FW001"]
    assert serious(line) == []


def test_fw001_vector_offset_redefined_is_kept_on_a_successful_build():
    # a vendor template replacing the -D offset: the build itself succeeds (cmsis-device-f1#5), the image then does not start
    text = ("Compiling .pio/build/app/FrameworkCMSISDevice/system_stm32f4xx.o\n"
            f'{_VENDOR}:111: warning: "VECT_TAB_OFFSET" redefined\n'
            "Linking .pio/build/app/firmware.elf\n"
            "========================= [SUCCESS] Took 5.12 seconds =========================\n")
    assert first(text) == "FW001"


@pytest.mark.parametrize("text", [
    # a -D given twice on the command line, a healthy PlatformIO build: no system file involved
    "Compiling .pio/build/app/src/main.o\n<command-line>: warning: \"VECT_TAB_OFFSET\" redefined\n"
    "<command-line>: note: this is the location of the previous definition\nLinking .pio/build/app/firmware.elf\n"
    "========================= [SUCCESS] Took 5.12 seconds =========================",
    "<command-line>:0:0: warning: \"VECT_TAB_OFFSET\" redefined",
    # the person's own offset in the system file, and it works
    'src/system_stm32l4xx.c:106: warning: "VECT_TAB_OFFSET" redefined\n #define VECT_TAB_OFFSET 0x00020000\n\n'
    "there is also a warning but it works well.",
    # a vendor template beside a "but it works"
    f'{_VENDOR}:111: warning: "VECT_TAB_OFFSET" redefined\n #define VECT_TAB_OFFSET  0x00000000U\n\n'
    "there is also a warning but it works well.",
    # no bootloader: the build asks for offset 0 (0x0 against the template's 0x00000000U), an ST-Link upload
    "build_flags = -DVECT_TAB_OFFSET=0x0\nupload_protocol = stlink\n"
    f'{_VENDOR}:111: warning: "VECT_TAB_OFFSET" redefined\n #define VECT_TAB_OFFSET  0x00000000U',
])
def test_fw001_vector_offset_not_on_healthy_builds(text):
    assert "FW001" not in serious(text)
    assert "GEN001" not in serious(text)


@pytest.mark.parametrize("line", [
    # another macro redefined, or the offset only mentioned: no finding about the offset
    'src/main.c:12: warning: "HSE_VALUE" redefined',
    "src/system_stm32f1xx.c:95:0: note: this is the location of the previous definition of VECT_TAB_OFFSET",
    # the offset named in a warning about something else
    "src/main.c:40:5: warning: unused variable 'VECT_TAB_OFFSET_SAVE' [-Wunused-variable]",
])
def test_fw001_vector_offset_not_for_other_lines(line):
    kinds_ = build_kinds(line)
    assert "vector_offset_redefined" not in kinds_ and "vector_offset_redefined_local" not in kinds_
    assert "FW001" not in serious(line)


# --- FW001: the application said never to start from the bootloader -----------------------------------------------------------

@pytest.mark.parametrize("said", [
    "The upload through the HID bootloader completes, but my sketch never runs after I take the BOOT1 jumper off.",
    "Flashed at 0x08004000 with the bootloader in place, the firmware does not start at all.",
    "The bootloader starts fine but it never jumps to the application I uploaded.",
    "After changing the linker script to the bootloader's address the program still doesn't execute.",
    "With VECT_TAB_OFFSET set to 0x2000 the app won't boot behind the stm32duino bootloader.",
    # the context word is the offset, an address past the flash start or a .ld file, no "bootloader" (review s24w2)
    "the compiled code flashed to location 0x08010000 does not execute",
    "The application at 0x08004000 never runs.",
    "My firmware never starts when built with the 0x8000 offset in app.ld.",
])
def test_fw001_said_app_not_started(said):
    assert "said_app_not_started_offset" in kinds(said, "claims")
    assert first(said) == "FW001"


@pytest.mark.parametrize("said", [
    # a question, a conditional, advice, a story that ended well, a guess, someone else's word
    "Why does the application not start from the bootloader?",
    "If the program does not run from the bootloader, check the VECT_TAB_OFFSET first.",
    "Make sure the firmware doesn't start before the bootloader offset is set.",
    "The application did not start from the bootloader, but after setting VECT_TAB_OFFSET now it runs.",
    "Maybe the code never executes because the bootloader is the wrong one.",
    "The docs say the app does not start from the bootloader without the offset.",
    # the board not entering the bootloader is another fault; an application that runs; no bootloader or offset named
    "The firmware does not boot into the bootloader when I press reset twice.",
    "The program runs fine from the bootloader at 0x08002000.",
    "My code never runs after the upload finished.",
    "My code never runs when flashed at 0x08000000.",
    # another cause or another board named in the sentence (review s24w2)
    "The application does not start after reset because BOOT0 is still high, the board stays in the ROM bootloader.",
    "My sketch never runs from the bootloader because I selected the STM32F103C8 but the chip is a GD32F303.",
    "It is not the bootloader: the application never starts because the clock config is wrong.",
    "My Pro Micro sketch never starts, the Caterina bootloader just blinks for 8 seconds.",
    "The sketch does not run after the Optiboot bootloader upload on my Arduino Nano.",
    "The bootloader doesn't load the firmware from the SD card, firmware.bin is still there.",
    "The Pico firmware does not start from the bootloader after plugging in, only after reset.",
    "Question: the firmware does not start from the bootloader - could the offset be wrong",
    "The firmware does not start from the bootloader because I hold the button, that is expected.",
    "The app never starts from the bootloader, it turned out the 8 MHz crystal was not fitted.",
])
def test_fw001_said_app_not_started_not_for(said):
    assert "said_app_not_started_offset" not in kinds(said, "claims")
    assert "FW001" not in serious(said)


# --- SD002: the update applied only by a power cycle, a reset restarting the old firmware ---------------------------------------

@pytest.mark.parametrize("said", [
    "A soft reset from the app does not load the new firmware, but after a power cycle the bootloader flashes it.",
    "Restarting through the watchdog never applies the update; when I unplug the power and plug it back in it updates.",
    "The controller only takes the new firmware after a full power cycle.",
])
def test_sd002_said_update_needs_cold_boot(said):
    assert "said_update_needs_cold_boot" in kinds(said, "claims")
    assert first(said) == "SD002"


@pytest.mark.parametrize("said", [
    # a question, a conditional, advice, the power cycle not helping either, a chip kept in its ROM DFU, the host's reboot
    "Does a reset not apply the update while a power cycle does?",
    "If a reset does not load the firmware, try a power cycle so it updates.",
    "Make sure a reset does not skip the update; power cycle so it updates.",
    "The reset button does not update the firmware, the power cycle did not apply it either.",
    "After flashing, the reset does not leave DFU mode, only a power cycle starts the firmware.",
    "Rebooting the Raspberry Pi does not update the firmware, unplugging it makes it update.",
    # an update over the air, a UF2 on a Pico, Katapult on CAN, no SD card (review s24w2)
    "ESP.restart() does not load the new firmware after the HTTP OTA, only unplugging the power makes it update.",
    "On the Pico, a watchdog reset does not load the new UF2, only after a power cycle it updates.",
    "After flashing over Katapult on CAN, FIRMWARE_RESTART does not load the new firmware; it only updates after a power cycle.",
    "A reset does not load the new firmware but after a power cycle it updates; the mcu is an ATmega2560 with no SD card, "
    "the update is over the air via the ESP8266.",
])
def test_sd002_said_update_needs_cold_boot_not_for(said):
    assert "said_update_needs_cold_boot" not in kinds(said, "claims")
    assert "SD002" not in serious(said)


def test_fw001_update_not_started_is_not_the_application():
    # the updater, not the application, did not start (Bazecor's message in its own words' shape)
    said = "Error: The firmware update couldn't start because the keyboard's bootloader wasn't found."
    assert "said_app_not_started_offset" not in kinds(said, "claims")


def test_fw001_wrong_mcu_with_offset_is_not_the_app_prose_row():
    # the MCU chosen wrong (FW002) with the offset named: not said_app_not_started_offset (claims.py's said_wrong_offset is
    # another parser's reading of this sentence)
    said = ("The firmware never starts: wrong MCU selected in menuconfig (STM32F407 instead of STM32F446), with the 32KiB "
            "bootloader offset.")
    assert "said_app_not_started_offset" not in kinds(said, "claims")


def test_sd002_said_update_needs_cold_boot_heldout_wording_still_reads():
    # FleetProbe/MicroBridge-Arduino-ATMega2560#20's own sentence shape, no SD word in it (other words than the thread's)
    said = "a reset through the wdt is not updating the firmware where as a power cycle is making it update"
    assert "said_update_needs_cold_boot" in kinds(said, "claims")
