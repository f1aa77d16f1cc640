"""Wordings checked for the klipper-addons round (session 16): Klipper add-on boards (probes, accelerometers, MMU
boards) and vendor Klipper hosts.

- rp-claims: "starts with no issue after flashing" (said_works_after_flash), read with a later "Unable to connect" of
  an RP2040 board, is RP002's cold start (bigtreetech/Eddy#126).
- flashtool.py CONNECT that times out on the bootloader's own USB port (by-id usb-katapult_...) is not BOOT001: Katapult
  is running there (Arksine/katapult#137).
"""

from __future__ import annotations

from tests.textkit import first, kinds, serious

EDDY_COLD = """BTT EDDY USB

Version: v0.12.0-458-gd886c176

starts with no issue after flashing
power off and on

Klipper reports: ERROR

mcu 'eddy': Unable to connect
Once the underlying issue is corrected, use the
"FIRMWARE_RESTART" command to reset the firmware, reload the
config, and restart the host software.
Error configuring printer"""


def test_works_after_flash_claim_wordings() -> None:
    for line in ("starts with no issue after flashing",
                 "With that flash chip the board boot only after imediate flash and reboot.",
                 "it works after flashing but not after restarting",
                 "The probe connected fine right after the flash."):
        assert "said_works_after_flash" in kinds(line, "claims"), line


def test_rp_board_running_only_after_flash_then_unable_to_connect_is_cold_start() -> None:
    assert first(EDDY_COLD) == "RP002"


def test_rp_board_by_mcu_name_is_enough() -> None:
    # [mcu eddy] is the BTT Eddy's sample config name; no board named in the prose
    text = "It starts with no issue after flashing, but not after a power cycle.\nmcu 'eddy': Unable to connect"
    assert first(text) == "RP002"


def test_works_after_flash_without_a_failure_says_nothing() -> None:
    assert serious("BTT Eddy USB starts with no issue after flashing.") == []


def test_works_after_flash_on_another_board_is_not_rp002() -> None:
    # an STM32 main board: no RP2040 named, no add-on MCU name
    text = "It starts with no issue after flashing\nmcu 'mcu': Unable to connect"
    assert first(text) != "RP002"


K1_CARTO = """Flashing Serial Device /dev/serial/by-id/usb-katapult_stm32f042x6_16000C000F43304253373820-if00, baud 250000
Attempting to connect to bootloader
INFO:root:Response for command CONNECT timed out, 4 tries remaining
INFO:root:Response for command CONNECT timed out, 3 tries remaining
INFO:root:Response for command CONNECT timed out, 2 tries remaining
INFO:root:Response for command CONNECT timed out, 1 tries remaining
INFO:root:Response for command CONNECT timed out, 0 tries remaining"""


def test_connect_timeout_on_the_katapult_port_is_not_bootloader_entry() -> None:
    assert first(K1_CARTO) == "GEN001"
    assert "BOOT001" not in serious(K1_CARTO)


def test_connect_timeout_on_a_uart_stays_bootloader_entry() -> None:
    text = K1_CARTO.replace("/dev/serial/by-id/usb-katapult_stm32f042x6_16000C000F43304253373820-if00", "/dev/ttyS2")
    assert first(text) == "BOOT001"


def test_connect_timeout_on_the_klipper_port_stays_bootloader_entry() -> None:
    text = K1_CARTO.replace("usb-katapult_", "usb-Klipper_")
    assert first(text) == "BOOT001"


def test_protocol_error_names_the_mcu_whose_build_really_differs() -> None:
    # a Mellow RP2040 accelerometer still on v0.12.0-25; the main MCU differs from the host only by "-dirty"
    from tests.textkit import findings
    text = """Your Klipper version is: v0.12.0-286-g81de9a861-dirty
MCU(s) which should be updated:
mcu: Current version v0.12.0-286-g81de9a861
adxl: Current version v0.12.0-25-g99d7af87
Up-to-date MCU(s):
<none>"""
    found = findings(text)
    assert found[0].id == "FW005"
    assert "MCU adxl runs" in found[0].message
