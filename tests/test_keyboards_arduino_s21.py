"""keyboards-arduino, session 21: keyboard apps whose reset into the bootloader found no bootloader (UHK Agent's module
update, Dygma Bazecor) -> BOOT001; avrdude 5.x-7.0 "address 0x.. out of range at line N" read also when the file name
that ends the line was lost (a wrapped or cut paste), so the data-space address still names the bad build (FW005) and a
flash address past the chip still names the image size (FW004).

Texts marked "from the source's format" are written from the tools' source (UltimateHackingKeyboard/agent
packages/uhk-usb/src/uhk-operations.ts, Dygmalab/Bazecor src/api/flash, avrdude src/fileio.c), not pasted by a user."""

from __future__ import annotations

from doctor import engine
from textkit import facts


def ids(text: str) -> list[str]:
    return [f.id for f in engine.evaluate(facts(text))]


def first(text: str) -> str | None:
    found = engine.evaluate(facts(text))
    return found[0].id if found else None


# from the source's format: UHK Agent 8.x waitForKbootIdle() (newer wording) for the key cluster module, then
# updateModuleWithKboot()'s error
UHK_NEW = """
[UhkOperations] Start flashing "Key cluster" module firmware
[UhkHidDevice] Device communication closing.
[UhkHidDevice] Device communication closed.
[DeviceOperation] Cannot ping the bootloader. Please remove the "Key cluster" module, and keep reconnecting it until you do not see this message anymore.
[DeviceOperation] Cannot ping the bootloader. Please remove the "Key cluster" module, and keep reconnecting it until you do not see this message anymore.
"""

# from the source's format: Agent 1.x logs the module name without quotes
UHK_OLD = """
[UhkHidDevice] Available devices unchanged
[DeviceService] start poll UHK Device
[UhkOperations] Couldn't connect to the left keyboard half.
"""

# from the source's format: Bazecor 1.x defyFlasher/flash.ts after its reset
BAZECOR_DEFY = """
Neuron detected
Resetting neuron
Waiting for bootloader
Error: The firmware update couldn't start because the Defy Bootloader wasn't found. Please check our Help Center for more details or schedule a video call with us.
"""

# from the source's format: Agent's progress lines of a module update that went through (no failure), with the routine ping
# prompts it prints while it waits for the replugged module (review s21)
UHK_HEALTHY = """
[UhkOperations] Start flashing "Left keyboard half" module firmware
[UhkHidDevice] Device communication closing.
[UhkHidDevice] Device communication closed.
[DeviceOperation] Cannot ping the bootloader. Please remove the "Left keyboard half" module, and keep reconnecting it until you do not see this message anymore.
[DeviceOperation] Cannot ping the bootloader. Please remove the "Left keyboard half" module, and keep reconnecting it until you do not see this message anymore.
[UhkOperations] Waiting for buspal
[UhkOperations] Try to connect to the "Left keyboard half"
[UhkOperations] Flash erase all on "Left keyboard half" keyboard
[UhkOperations] Write memory
[UhkOperations] Reset "Left keyboard half" keyboard
[UhkOperations] "Left keyboard half" firmware successfully flashed
"""

# from the source's format (avrdude 6.3 fileio.c), the line cut after the record number as a wrapped paste loses the path
AVRDUDE_DATA_ADDR_CUT = """
avrdude: reading input file "default.hex"
avrdude: input file default.hex auto detected as Intel Hex
avrdude: ERROR: address 0x800224 out of range at line 1083
"""

AVRDUDE_FLASH_ADDR_CUT = """
avrdude: reading input file "optiboot.hex"
avrdude: input file optiboot.hex auto detected as Intel Hex
avrdude: ERROR: address 0x8010 out of range at line 129
"""


def test_uhk_module_bootloader_never_pinged_is_boot001() -> None:
    assert first(UHK_NEW) == "BOOT001"
    assert first(UHK_OLD) == "BOOT001"


def test_bazecor_bootloader_not_found_is_boot001() -> None:
    assert first(BAZECOR_DEFY) == "BOOT001"


def test_uhk_progress_lines_alone_are_no_failure() -> None:
    found = engine.evaluate(facts(UHK_HEALTHY))
    assert not [f for f in found if f.severity in ("error", "warning")], [f.id for f in found]


def test_avrdude_out_of_range_without_file_name() -> None:
    assert first(AVRDUDE_DATA_ADDR_CUT) == "FW005"
    assert first(AVRDUDE_FLASH_ADDR_CUT) == "FW004"
