"""(stm32duino-boards s13) dfu-util's DfuSe erase command: which refusal is the ROM's write/read protection (SWD006) and
which is a bootloader that never started the erase (GEN001, quoted with its next step); and the GEN001 erase rules
still speak when the paste holds more than one dfu-util run (one per file)."""

from __future__ import annotations

from doctor import engine
from doctor.facts import merge, new
from textkit import facts, findings, first, serious

# dfu-util 0.8-0.11 dfuse.c dfuse_special_command(): the first status poll after the command was not dfuDNBUSY
WRONG_STATE = """! An error occurred while attempting to update the system firmware of your device:
dfu-util:
Invalid DFU suffix signature
dfu-util: A valid DFU suffix will be required in a future dfu-util release!!!
dfu-util: Wrong state after command "ERASE_PAGE" download
"""

# the same function after the busy poll: the bootloader answered the erase with an error status (a protected sector)
NOT_EXECUTED = """Downloading element to address = 0x08020200, size = 28172
Erase   \t[                         ]   0%            0 bytesdfu-util: ERASE_PAGE not correctly executed
"""


def test_wrong_state_after_erase_is_not_write_protection() -> None:
    assert first(WRONG_STATE) == "GEN001"
    assert "SWD006" not in serious(WRONG_STATE)
    gen = next(f for f in findings(WRONG_STATE) if f.id == "GEN001")
    assert "did not start the flash erase" in gen.message


def test_erase_not_correctly_executed_stays_protection() -> None:
    assert first(NOT_EXECUTED) == "SWD006"


def _evaluate(*texts: str) -> list:
    snap = new("analyze")
    for i, text in enumerate(texts):
        snap = merge(snap, facts(text, f"{i}.txt"))
    return engine.evaluate(snap)


def test_erase_rules_find_the_failure_in_a_later_run() -> None:
    other = "dfu-util: dfuse_download: libusb_control_transfer returned -9\n"
    found = _evaluate(other, WRONG_STATE)
    assert found[0].id == "GEN001" and "did not start the flash erase" in found[0].message
    stalled = 'Downloading to address = 0x08000000, size = 48244\ndfu-util: Error during special command "ERASE_PAGE" get_status\n'
    found = _evaluate(other, stalled)
    assert found[0].id == "GEN001" and "status request during the erase" in found[0].message
