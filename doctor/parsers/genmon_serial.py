"""genmon's Raspberry Pi serial-port helpers (jgyates/genmon OtherApps/serialconfig.py and serialtest.py), which users
paste when the Pi's GPIO UART does not talk to the generator controller's RS-232 converter.

serialconfig.py -c prints one `Checking : <check>: OK|Fail` per setting and then `Serial port settings are OK...` or
`Serial port may not work as expected. Not all required settings changes were detected.`. Its checks look for exact
strings: `Is BT overlay disabled` is OK only for a line `dtoverlay=disable-bt`, so the older name of the same overlay,
`pi3-disable-bt`, reads Fail (genmon #983: the maintainer says to ignore it), and a line under a model filter such as
`[pi4]` reads OK on any model. So the Bluetooth checks are judged with the config.txt the user pasted (the rules of
SER006), not quoted as failures by themselves; `Serial console command line removed` / `Serial console service
disabled` failing mean the Linux console still uses the UART. serialtest.py loops TX back to RX (pins 8 and 10) on
/dev/serial0: `FAILED: Sent data does not match receive. Received N bytes` is a UART that does not work as wired.
Facts: one run per block under `serial.runs` (tool "genmon").
"""

from __future__ import annotations

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

MESSAGES = rows_of(
    group(
        "genmon 1.18-1.19 OtherApps/serialconfig.py main(): `print(key + \": \" + status)` per CheckDict entry (status OK/Fail), "
        "then the summary line",
        Msg("serial_setup_check", r"^Checking : (?P<name>Is BT overlay disabled|Disable BT Disable Overlay|BT alternate serial port|"
            r"Turbo Clocking|BT service (?:disabled|enabled)): (?P<text>Fail)\s*$", "strong", benign=True,
            example="Checking : Is BT overlay disabled: Fail"),
        Msg("serial_setup_check", r"^Checking : (?P<name>.+?): (?P<text>Fail)\s*$", "strong", fail=True,
            example="Checking : Serial console command line removed: Fail"),
        Msg("serial_setup_check", r"^Checking : (?P<name>.+?): (?P<text>OK)\s*$", "strong",
            example="Checking : Is enable UART in boot config: OK"),
        Msg(None, r"^Serial port settings are OK\.", "strong", example="Serial port settings are OK. A reboot is needed if changes were made."),
        Msg(None, r"^Serial port may not work as expected\. Not all required settings changes were detected", "strong", benign=True,
            example="Serial port may not work as expected. Not all required settings changes were detected."),
    ),
    group(
        "genmon 1.x OtherApps/serialtest.py: the loopback test on /dev/serial0 (TX wired to RX)",
        Msg(None, r"^Loopback testing for serial port (?P<device>/dev/\S+?)\.\.\.\s*$", "strong",
            example="Loopback testing for serial port /dev/serial0..."),
        Msg("uart_loopback_failed", r"^FAILED: Sent data does not match receive\. Received (?P<count>\d+) bytes", "strong", fail=True,
            convert=(("count", int),), example="FAILED: Sent data does not match receive. Received 0 bytes"),
    ),
)


@register
class GenmonSerialParser(TableParser):
    name = "genmon"
    namespace = "serial"
    messages = MESSAGES
    hints = ("checking : ", "serial port settings", "serial port may not work", "loopback testing", "sent data does not match")
