"""libiio's command-line tools (iio_info, iio_attr, iio_readdev...) as a message table (usb-instruments s15): the IIO
devices of Analog Devices' USB instruments (ADALM-PLUTO PlutoSDR 0456:b673, ADALM2000 0456:b672) and of SBC sensors.

Sources read: analogdevicesinc/libiio tests/iio_info.c and tests/iio_common.c (2016_R2 to v0.25), utils/iio_common.c (v1.0
main). `iio_info -s` scans every backend: `Available contexts:` and one `\\t<n>: <description> [<uri>]` line per context
(`[usb:3.8.5]`, `[ip:pluto.local]`), or `No contexts found.` (to 2019_R1) / `No IIO context found.` (0.21+). Without a URI
the tools first try the local backend and, on a host with no kernel IIO devices, print `Unable to create Local IIO context
: No such file or directory (2)`: the maintainers call that expected and harmless (libiio #916), the scan goes on. libiio
opens a USB instrument through libusb, so a user without the instrument's udev rule (53-adi-plutosdr-usb.rules,
53-adi-m2k-usb.rules) scans nothing where root finds the USB context (libiio #57).
Facts: one run per block under `flash.runs` (tool "iio").
"""

from __future__ import annotations

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

MESSAGES = rows_of(
    group(
        "analogdevicesinc/libiio 2016_R2-v0.25 tests/iio_info.c, tests/iio_common.c; v1.0 utils/iio_common.c",
        Msg("iio_command", r"^(?:\S*[$#%>] ?)?(?:sudo )?(?P<name>iio_(?:info|attr|readdev|writedev|reg|genxml))\b(?P<command>.*)$",
            "strong", example="analog@imhotep:~/github/libiio/build$ iio_info -s"),
        Msg(None, r"^Library version: \d+\.\d+ \(git tag: \w+\)", "strong", example="Library version: 0.24 (git tag: e598e4b)"),
        Msg(None, r"^Compiled with backends:", "strong", example="Compiled with backends: local xml ip usb"),
        Msg(None, r"^Unable to create Local IIO context : ", "strong", benign=True,
            example="Unable to create Local IIO context : No such file or directory (2)"),
        Msg("iio_scan", r"^Available contexts:\s*$", "strong", example="Available contexts:"),
        Msg("iio_context_found", r"^\d+: .+? \[(?P<via>usb|ip|local|serial|xml):[^\]]{0,200}\]\s*$", "none",
            example="0: 0456:b673 (Analog Devices Inc. PlutoSDR (ADALM-PLUTO)) [usb:3.8.5]"),
        Msg("iio_no_context", r"^No (?:contexts|IIO context) found\.?\s*$", "strong", fail=True, example="No contexts found."),
        Msg("tool_error", r"^Unable to create IIO context(?: \S+?)?(?:: (?P<text>.+?))?\s*$", "strong", fail=True,
            example="Unable to create IIO context ip:192.168.2.1: Connection timed out (110)"),
        Msg(None, r"^IIO context created with \w+ backend\.$", "strong", example="IIO context created with usb backend."),
        Msg(None, r"^Using auto-detected IIO context at URI ", "strong", example='Using auto-detected IIO context at URI "usb:3.8.5"'),
    ),
)


@register
class LibiioParser(TableParser):
    name = "iio"
    namespace = "flash"
    messages = MESSAGES
    hints = ("iio_", "library version", "compiled with backends", "iio context", "available contexts", "contexts found", "context found",
             "[usb:", "[ip:", "[local:", "[serial:", "[xml:")
