"""MSPDebug (dlbeer/mspdebug 0.2x: TI MSP430 through an eZ430-RF2500 / LaunchPad FET, the UIF, the TI library's eZ-FET and
MSP-FET, Olimex and BSL drivers; what Energia and PlatformIO's timsp430 platform run to upload), as a message table.

Source read (session 13): mspdebug util/usbutil.c, transport/rf2500.c, drivers/tilib.c (0.20-0.25 and master 2025). The
rf2500 driver looks for the FET by id (0451:f432, the original LaunchPad and eZ430) or by -U bus:device:
"usbutil: unable to find a device matching 0451:f432" when none is on the bus, "rf2500: failed to open RF2500 device" when
the device found could not be opened or claimed (no access to it, or it is no RF2500 FET). The tilib driver (TI's
libmsp430) says "No unused FET found." when it sees no FET, "FET firmware update is required." and "Re-run with
--allow-fw-update" when the FET's firmware is older than the library, "tilib: device initialization failed" after any of
its own errors ("tilib: MSP430_OpenDevice: Unknown device (error = 5)"). A good upload ends "Done, N bytes total".

Facts: a run under `openocd.runs` (the debug-probe namespace) with tool "mspdebug": adapter_not_found when no FET was
found, adapter_open_failed when the one found could not be opened, probe_firmware_old.
"""

from __future__ import annotations

from doctor.parsers import register
from doctor.parsers._flashlog import id4
from doctor.parsers._messages import Msg, TableParser, group, rows_of

MESSAGES = rows_of(
    group(
        "mspdebug 0.20-0.25 main.c, util/usbutil.c, transport/rf2500.c, drivers/tilib.c",
        Msg(None, r"^MSPDebug version \d+\.\d+ - debugging tool for MSP430 MCUs", strength="strong",
            example="MSPDebug version 0.22 - debugging tool for MSP430 MCUs"),
        Msg(None, r"^Copyright \(C\) 2009-\d{4} Daniel Beer|^This is free software; see the source for copying conditions\.|"
            r"^warranty; not even for MERCHANTABILITY|^Chip info database from MSP430\.dll|^Using new \(SLAC460L\+\) API|"
            r"^MSP430_(?:GetNumberOfUsbIfs|GetNameOfUsbIf|OpenDevice|GetFoundDevice|EEM_Init|Run|Close)\s*$|^Found FET: |^MSP430_Initialize: |"
            r"^Firmware version is \d+|^MSP430_VCC: \d+ mV|^Device: MSP430\w*|^\d+ breakpoints available|^Chip ID data: |^Erasing\.\.\.|"
            r"^Programming\.\.\.|^Writing\s+\d+ bytes at [0-9a-f]+|^Trying to open interface \d+ on \d+|^Initializing FET\.\.\.|"
            r"^FET protocol version is |^Set Vcc: \d+ mV|^Configured for (?:Spy-Bi-Wire|JTAG)|^Device ID: 0x",
            example="Chip info database from MSP430.dll v3.13.0.601 Copyright (C) 2013 TI, Inc."),
        Msg("flash_succeeded", r"^Done, \d+ bytes total", strength="strong", example="Done, 2558 bytes total"),
        Msg("adapter_not_found", r"^usbutil: unable to find (?:a )?device matching (?P<vid>[0-9a-f]{4}):(?P<pid>[0-9a-f]{4})", strength="strong",
            fail=True, convert=(("vid", id4), ("pid", id4)), example="usbutil: unable to find a device matching 0451:f432"),
        Msg("adapter_not_found", r"^usbutil: unable to find \d{3}:\d{3}$|^No unused FET found\.", strength="strong", fail=True,
            example="No unused FET found."),
        Msg("adapter_open_failed", r"^rf2500: failed to open RF2500 device", strength="strong", fail=True,
            example="rf2500: failed to open RF2500 device"),
        Msg("probe_firmware_old", r"^FET firmware update is required\.", strength="strong", fail=True, example="FET firmware update is required."),
        Msg(None, r"^Re-run with --allow-fw-update", strength="strong", example="Re-run with --allow-fw-update to perform a firmware update."),
        Msg(None, r"^tilib: (?:MSP430_\w+: .+ \(error = \d+\)|device initialization failed|can't find libmsp430\.so)|^fet: (?:identify failed|unknown device)|"
            r"^rf2500: |^usbutil: ", strength="strong", fail=True, example="tilib: device initialization failed"),
    ),
)


@register
class MspdebugParser(TableParser):
    name = "mspdebug"
    namespace = "openocd"
    messages = MESSAGES
    hints = ("mspdebug", "daniel beer", "free software", "merchantability", "msp430", "slac460", "found fet", "firmware version",
             "mv", "device: ", "breakpoints", "chip id data", "erasing", "programming", "writing", "bytes total", "usbutil", "unused fet",
             "rf2500", "fet", "allow-fw-update", "tilib", "trying to open", "set vcc", "configured for", "device id")
