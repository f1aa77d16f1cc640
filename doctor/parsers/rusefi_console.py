"""The rusEFI console (and its forks: FOME, epicEFI): the update messages its Java maintenance code prints around the
flashing tools it runs (DfuSeCommand / STM32_Programmer_CLI for DFU, its own OpenBLT serial loader), as a message table.
The DFU programs' own output is read by their parsers (stm32cubeprog: "ERROR: does not look like DFU has worked!").

Sources read (session 15, ecu-tuning): FOME-Tech/fome-fw java_console/ui/src/main/java/com/rusefi/maintenance/
DfuFlasher.java (2023-2026, forked from rusEFI's console): "*** DRIVER ERROR? *** Did you have a chance to try 'Install
Drivers' button ..." when `wmic` finds no "STM32 Bootloader" device whose ConfigManagerErrorCode is 0 (no DFU device, or
one without a working driver), "ERROR: Device not connected or STM32 Bootloader driver not installed?" when the CLI said
"Target device not found", " ************* YOU NEED TO REMOVE LEGACY DFU DRIVER ***************" when Windows lists the
old "STM Device in DFU Mode" driver. rusEFI's DfuFlasher.java of 2020-2021 (the DfuSeCommand era, found by its text)
prints, when DfuSeCommand answers 0x12340005, "ERROR: Maybe DFU device not attached? Please check Device Manager.",
"ERROR: Maybe ST DFU Driver is missing?", "ERROR: Maybe driver conflict with STM32Cube?" and "ERROR: Reminder about
'Install Drivers' button on top of rusEFI splash screen". rusEFI's OpenBLT update (ProgramSelector.java, found by its
text, 2023-2026): after reboot_openblt it waits for the ECU's port to go ("Looks like your ECU still haven't rebooted to
OpenBLT" when it stays) and for a new OpenBLT port to appear ("Looks like your ECU disappeared during the update
process. Please try again." when none did; "Unable to find ECU after reboot as multiple serial ports appeared").

Facts: one run per block under `flash.runs` (tool "rusefi-console"): `dfu_driver_doubt`, `dfu_legacy_driver`,
`openblt_reboot_not_taken`, `openblt_port_not_found`, `ecu_no_answer`.
"""

from __future__ import annotations

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

MESSAGES = rows_of(
    group(
        "rusEFI / FOME console maintenance/DfuFlasher.java: DFU driver checks around DfuSeCommand and STM32_Programmer_CLI",
        Msg("dfu_driver_doubt", r"^ERROR: Maybe DFU device not attached\? Please check Device Manager", "strong", fail=True,
            example="ERROR: Maybe DFU device not attached? Please check Device Manager."),
        Msg(None, r"^ERROR: (?:Maybe ST DFU Driver is missing\?|Maybe driver conflict with STM32Cube\?|Reminder about 'Install Drivers' button)",
            "strong", example="ERROR: Maybe ST DFU Driver is missing?"),
        Msg("dfu_driver_doubt", r"^\*\*\* DRIVER ERROR\? \*\*\* Did you have a chance to try 'Install Drivers' button", "strong", fail=True,
            example="*** DRIVER ERROR? *** Did you have a chance to try 'Install Drivers' button on top of rusEFI console start screen?"),
        Msg("dfu_driver_doubt", r"^ERROR: Device not connected or STM32 Bootloader driver not installed\?", "strong", fail=True,
            example="ERROR: Device not connected or STM32 Bootloader driver not installed?"),
        Msg(None, r"^ERROR: (?:Please try installing drivers using 'Install Drivers' button|Alternatively please install drivers using Device Manager)",
            "strong", example="ERROR: Please try installing drivers using 'Install Drivers' button on FOME splash screen"),
        Msg("dfu_legacy_driver", r"^\*+ YOU NEED TO REMOVE LEGACY DFU DRIVER \*+", "strong", fail=True,
            example=" ************* YOU NEED TO REMOVE LEGACY DFU DRIVER ***************"),
        Msg(None, r"^(?:Giving time for USB enumeration\.\.\.|Reboot command \[reboot_(?:dfu|openblt)\] sent into serial=|Executing wmic path win32_pnpentity )",
            "strong", example="Reboot command [reboot_dfu] sent into serial=COM10!"),
    ),
    group(
        "rusEFI console maintenance/ProgramSelector.java (OpenBLT update over USB serial) and its port checks",
        Msg(None, r"^Waiting for (?:ECU on port \S+ \(ECU w/ BL\) to reboot to OpenBlt|new OpenBlt port to appear)", "strong",
            example="Waiting for new OpenBlt port to appear..........."),
        Msg("openblt_reboot_not_taken", r"^Looks like your ECU still haven't rebooted to OpenBLT", "strong", fail=True,
            example="Looks like your ECU still haven't rebooted to OpenBLT"),
        Msg("openblt_port_not_found", r"^(?:Looks like your ECU disappeared during the update process|Unable to find ECU after reboot as multiple serial ports appeared)",
            "strong", fail=True, example="Looks like your ECU disappeared during the update process. Please try again."),
        Msg(None, r"^Make sure TUNERSTUDIO IS DISCONNECTED FROM ECU", "strong", example="Make sure TUNERSTUDIO IS DISCONNECTED FROM ECU"),
        Msg("ecu_no_answer", r"^\*\*\* ERROR \*\*\* rusEFI has not responded on selected (?P<port>\S+)", "strong", fail=True,
            example="*** ERROR *** rusEFI has not responded on selected COM4"),
    ),
)


@register
class RusefiConsoleParser(TableParser):
    name = "rusefi-console"
    namespace = "flash"
    messages = MESSAGES
    hints = ("maybe dfu device", "maybe st dfu", "maybe driver conflict", "reminder about 'install drivers'", "driver error",
             "stm32 bootloader driver", "installing drivers", "install drivers using", "legacy dfu driver", "usb enumeration",
             "reboot command [reboot_", "wmic path", "openblt", "your ecu", "find ecu after reboot", "tunerstudio is disconnected",
             "has not responded on selected")
