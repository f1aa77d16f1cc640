"""Session 25 (third wave), klipper-side gathering round: RP2040 cold-start sentences that real unseen Klipper threads
used and doctor did not read (each text here is a line people wrote in a public thread, named beside it, unless marked
"from the source's format" / "made up as a negative").

- the board "will not be recognized when I unplug" (the passive of the failure-then-replug row) -> RP002
- the image has to be loaded again at every start ("every time I restart I have to copy the firmware to the 2040
  again", "it keep resetting firmware ... I have to reflash to get it to working again") -> RP002
"""

from __future__ import annotations

from textkit import first, findings


def ids(text: str) -> list[str]:
    return [f.id for f in findings(text)]


PIS_REPLUG = (  # FYSETC/FYSETC-PortableInputShaper#5
    "When I copy the firmware to the rp2040 it will not be recognized when I unplug and move to my PC running klipper.\n")
PIS_EVERY_RESTART = (  # FYSETC/FYSETC-PortableInputShaper#5
    "My RP2040 board: every time I restart I have to copy the firmware to the 2040 again on the PC I am using to run klipper.\n")
SB2040_KEEPS = (  # Mellow-3D/Fly-SB2040#12
    "For some reason it keep resetting firmware (no LED show) and canbus not detecting sb2040, and I have to reflash to get it "
    "to working again, so annoyed.\n"
    "mcu 'sb2040': Unable to connect\n")


def test_rp2040_not_recognized_when_unplugged_is_cold_start() -> None:
    assert first(PIS_REPLUG) == "RP002"


def test_rp2040_firmware_copied_again_every_restart_is_cold_start() -> None:
    assert first(PIS_EVERY_RESTART) == "RP002"


def test_sb2040_keeps_losing_firmware_reflash_again_is_cold_start_not_unexplained() -> None:
    assert first(SB2040_KEEPS) == "RP002"


def test_reload_again_row_needs_an_rp_board() -> None:
    # made up as a negative: the same sentence about an STM32 board is no RP2040 cold start
    assert "RP002" not in ids("Every time I restart I have to flash my STM32 Octopus board again.\n")


def test_reload_again_row_skips_updates_config_changes_questions_advice_and_others() -> None:
    # made up as negatives: Klipper asks for a reflash after each update; a rebuild after a config change is normal work;
    # a question, advice, and someone else's duty are no statement that the board loses its image
    for line in ("Every time I update Klipper I have to flash the firmware to my SKR Pico again.",
                 "Every time I change the config I have to reflash the RP2040 again.",
                 "Each time I rebuild with menuconfig I have to copy the uf2 to the Pico again.",
                 "Do I have to copy the firmware to the rp2040 again every time I restart?",
                 "Make sure that every time you restart you have to copy the firmware to the rp2040 again.",
                 "Every time you restart you have to copy the firmware to the rp2040 again.",
                 "Every time I restart the Pi I no longer have to copy the firmware to the rp2040 again."):
        assert "RP002" not in ids(line + "\n"), line


def test_passive_not_recognized_excludes_the_bootsel_drive() -> None:
    # made up as a negative: the RPI-RP2 drive of the boot ROM going away at an unplug is no application that fails to start
    assert "RP002" not in ids("The RPI-RP2 drive of my rp2040 will not be recognized when I unplug it.\n")


# (reviewfix klipside s25) made up as negatives unless named: other causes that make a person reload the image every time
def test_reload_again_row_skips_other_causes_of_a_reload_every_time() -> None:
    for line in (
            # a build that runs from RAM keeps nothing at power-off (Klipper menuconfig / pico-sdk no_flash, copy_to_ram)
            "Every time I restart I have to flash the RP2040 again because I built it with no_flash / for RAM.",
            # a UF2 of another chip's family: the boot ROM drops it and the drive comes back (RP003)
            "My Pico: every time I restart I have to copy the firmware again, the uf2 is for the wrong family.",
            "Every time I copy the uf2 to my pico the drive just comes back and I have to copy the firmware again.",
            # the wrong device flashed
            "Every time I restart the SKR Pico I have to reflash it again because I was flashing the wrong device.",
            # the update routine in other words, a compile, another firmware
            "Every time I pull the latest klipper I have to reflash the sb2040 again.",
            "Every time I compile I have to copy the uf2 to the pico again after a restart.",
            "Every time I switch back to Marlin I have to flash Klipper firmware to the SKR Pico again.",
            # another board named on the line: the one reloaded is an STM32 / ESP32 one
            "I have an SB2040 and an EBB36. Each time I power up I have to reflash the EBB36 again.",
            "Every time I restart I have to flash it again. I have an SKR Pico and an Octopus (STM32F446), the Octopus loses it.",
            "My Pico: every time I restart I have to flash the ESP32 firmware again.",
            # a cured story, a conditional, a question without "?", a negation
            "With my SKR Pico, every time I restart I had to copy the firmware again until I swapped the USB cable. Now it works.",
            "If every time I restart I have to copy the firmware to the rp2040 again, something is broken.",
            "Every time I restart I have to flash the RP2040 again, is that normal",
            "It's not that every time I restart I have to flash the rp2040 firmware again, only after a crash."):
        assert "RP002" not in ids(line + "\n"), line
    assert first("My Pico: every time I restart I have to copy the firmware again, the uf2 is for the wrong family.\n") != "RP002"


def test_reload_again_row_keeps_the_host_restart_and_a_usb_adapter_named() -> None:
    # made up: a Raspberry Pi computer restarted is the moment the row reads, not another MCU; the repetition said without
    # a reset/power/firmware word still reaches the parser
    for line in ("Every time I restart the Raspberry Pi 4 I have to copy the firmware to the rp2040 again.",
                 "Each time I turn the printer off I have to reflash the SB2040 again.",
                 "Every time I boot the printer I have to flash the pico again.",
                 # the BOOTSEL button released is no Klipper release
                 "Every time I restart I have to copy the firmware to the SKR Pico again after I release the BOOTSEL button."):
        assert first(line + "\n") == "RP002", line


def test_passive_not_recognized_after_replug_skips_advice_cured_stories_can_wires_and_other_boards() -> None:
    # made up as negatives: advice, a story cured by another part, a CAN node that is gone while its wires are pulled, and
    # the board not recognized being an STM32 / ESP32 one
    for line in ("Make sure the rp2040 will not be detected when you unplug it.",
                 "The pico would not be recognized after I unplugged it, until I replaced the cable. Now it works.",
                 "The SB2040 will not be detected if I disconnect the CAN wires from the U2C.",
                 "My Octopus will not be recognized when I unplug the SKR Pico.",
                 "The ESP32 will not be detected when I unplug the Pico."):
        assert "RP002" not in ids(line + "\n"), line
    # the cure that is RP002's own (RESET, the image loaded again) keeps the reading
    assert first("The rp2040 will not be recognized after I unplug it until I copied the firmware again.\n") == "RP002"


def test_reload_again_row_needs_a_start_or_the_image_lost_as_its_repetition() -> None:
    # made up as negatives: a reflash after prints, after failed flashes, or after disconnects mid-print is no cold start
    for line in ("My SKR Pico keeps disconnecting during prints and I have to flash it again.",
                 "After every print I have to reflash the SB2040 again.",
                 "Whenever I flash the SB2040 over CAN with katapult I have to flash it again because the first one fails."):
        assert "RP002" not in ids(line + "\n"), line
    # made up: a power-off as the repetition still reads
    assert first("Each time I power off the printer I have to reflash the SB2040 again.\n") == "RP002"
