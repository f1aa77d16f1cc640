"""pystlink (pavelrevak/pystlink, the Python ST-Link tool): its `-v` report and its `*** message ***` errors, as a
message table. Runs go to `stlink.runs` with tool `pystlink`, in stlink-tools' event kinds (stlink.py) where
the meaning is the same.
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of


def _volts(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


SRC = "pystlink (pystlink.py, lib/stlinkusb.py, lib/stm32*.py)"

GNUK = "gnuk tool/stlinkv2.py (pyusb ST-Link/V2 flasher of the gnuk / FST-01 project)"

MESSAGES = rows_of(
    # (swd s8) gnuk's own ST-Link/V2 flasher: it prints the probe version, switches it to debug mode, then one status line with
    # the SW-DP id and the whole DBGMCU IDCODE ("CORE: %08x, CHIP_ID: %08x"), the read-out protection and option bytes;
    # failures end as a Python exception repr (ValueError/OperationFailure/TimeOutError). Its rows come first: its "CORE:"
    # line would otherwise read as pystlink's report line.
    group(
        GNUK,
        Msg(None, r"^ST-Link/V2 version info: \d+ \d+ \d+", strength="strong", attrs={"field": "gnuk"},
            example="ST-Link/V2 version info: 2 17 4"),
        Msg(None, r"^Change ST-Link/V2 mode [0-9a-f]{4} -> [0-9a-f]{4}", strength="strong", attrs={"field": "gnuk"},
            example="Change ST-Link/V2 mode 0002 -> 0001"),
        Msg("chip_id", r"^CORE: (?P<coreid>[0-9a-f]{8}), CHIP_ID: (?P<value>[0-9a-f]{8})$", strength="strong",
            example="CORE: 1ba01477, CHIP_ID: 20036410"),
        # a write to a protected chip stops here; "-s" only reports "read protection: ON", which "-u" then removes
        Msg("readout_protected", r"OperationFailure\('Flash ROM is protected'", strength="strong", fail=True,
            example="OperationFailure('Flash ROM is protected',)"),
        Msg(None, r"^(?:Flash ROM read protection(?:: (?:off|ON)$| (?:disabled|enabled)\.)|Option bytes: [0-9a-f]{8}$|The MCU is now stopped\.$|"
            r"Flash ROM blank check: \w+$|Flash size: \d+KiB$|SPI Flash ROM ID: [0-9a-f]+$|(?:ERASE ALL|WRITE|VERIFY|PROTECT|SUCCESS)$)",
            strength="none", example="Option bytes: 00000000"),
        Msg(None, r"^Core does not halt, try API V2 halt\.$", strength="strong", example="Core does not halt, try API V2 halt."),
        Msg("target_connect_failed", r"ValueError\('Status of core is not (?:halt|running)\.'|ValueError\('Failed to switch debug mode\.'",
            strength="strong", fail=True, example="ValueError('Status of core is not halt.', 128)"),
        Msg("stlink_not_found", r"ValueError\('No ST-Link/V2 device found\.'", strength="strong", fail=True, attrs={"count": 0},
            example="ValueError('No ST-Link/V2 device found.', None)"),
        Msg("chip_id_unknown", r"ValueError\('Unknown (?:chip|core) ID', (?P<value>\d+)\)", strength="strong", fail=True,
            example="ValueError('Unknown chip ID', 0)"),
        Msg("tool_error", r"^(?P<text>(?:ValueError|OperationFailure|TimeOutError)\(.*\))$", strength="strong", fail=True,
            example="OperationFailure('flash write: write to protected part',)"),
    ),
    group(
        SRC + ": the report",
        Msg(None, r"(?:^|[\s$#>])(?:python3? )?(?:\S*/)?pystlink(?:\.py)?\s", strength="strong", example="$ ./pystlink.py -v flash:erase:verify:app.bin"),
        Msg(None, r"^DEVICE:\s+ST-Link/(?P<programmer>\S+)", strength="strong", attrs={"field": "programmer"}, example="DEVICE: ST-Link/V2J29S7"),
        Msg("target_voltage", r"^SUPPLY:\s+(?P<voltage>\d+(?:\.\d+)?)V", strength="strong", convert=(("voltage", _volts),), example="SUPPLY: 3.25V"),
        Msg(None, r"^(?:CORE|MCU|SRAM|EEPROM|FLASH|IDCODE|CPUID):\s+\S", strength="strong", example="CORE:   CortexM3"),
    ),
    group(
        SRC + ": errors (`*** message ***`)",
        Msg("stlink_not_found", r"^\*\*\* ST-Link/V2 is not connected \*\*\*", strength="strong", fail=True, attrs={"count": 0},
            example="*** ST-Link/V2 is not connected ***"),
        Msg("target_connect_failed", r"^\*\*\* Not connected to CPU \*\*\*", strength="strong", fail=True, example="*** Not connected to CPU ***"),
        Msg("chip_id_unknown", r"^\*\*\* (?:DEV_ID|PART_NO): (?P<value>0x[0-9a-fA-F]+) is not supported \*\*\*", strength="strong", fail=True,
            example="*** DEV_ID: 0x413 is not supported ***"),
        Msg("readout_protected", r"^\*\*\* Connected CPU with DEV_ID: 0x[0-9a-fA-F]+ and FLASH size: \d+KB is not supported\. Check Protection",
            strength="strong", fail=True, example="*** Connected CPU with DEV_ID: 0x410 and FLASH size: 0KB is not supported. Check Protection ***"),
        Msg("target_voltage_low", r"^\*\*\* Supply voltage is (?P<voltage>\d+(?:\.\d+)?)V, but minimum for FLASH", strength="strong", fail=True,
            convert=(("voltage", _volts),), example="*** Supply voltage is 0.00V, but minimum for FLASH program or erase is 2.0V ***"),
        Msg("verify_failed", r"^\*\*\* Verify error at", strength="strong", fail=True, example="*** Verify error at block address: 0x08000400 ***"),
        # (swd-avr s23) lib/stlinkusb.py xfer(): a pyusb USBError on a USB transfer to the probe, as "USB Error: %s" (pyusb's
        # "[Errno N] text", N from Python's errno: EPIPE 32, ETIMEDOUT 110 on Linux / 60 on macOS / 10060 on Windows, EACCES 13;
        # pyusb's libusb0 backend gives "[Errno None] text" with the same text):
        # the same failures stlink-tools log as LIBUSB_ERROR_PIPE / LIBUSB_ERROR_TIMEOUT (pystlink#6: a pipe error on the
        # first command after a firmware update of the probe, every time)
        Msg("libusb_pipe", r"^\*\*\* USB Error: \[Errno (?:\d+|None)\] Pipe error \*\*\*", strength="strong", fail=True,
            example="*** USB Error: [Errno 32] Pipe error ***"),
        Msg("usb_timeout", r"^\*\*\* USB Error: \[Errno (?:\d+|None)\] Operation timed out \*\*\*", strength="strong", fail=True,
            example="*** USB Error: [Errno 110] Operation timed out ***"),
        Msg("usb_access_denied", r"^\*\*\* USB Error: \[Errno (?:\d+|None)\] Access denied \(insufficient permissions\) \*\*\*", strength="strong",
            fail=True, example="*** USB Error: [Errno 13] Access denied (insufficient permissions) ***"),
        # (byid-fw-boot s17) not the Zephyr kernel's and MCUboot's boot banners ("*** Booting Zephyr OS build v2.3.0 ***",
        # "*** Using Zephyr OS build ... ***"), which a serial console shows in the same frame (mcuboot.py reads them)
        Msg("tool_error", r"^\*\*\* (?!Booting |Using Zephyr)(?P<text>.+?) \*\*\*$", strength="strong", fail=True, example="*** Error unlocking FLASH ***"),
    ),
)


@register
class PystlinkParser(TableParser):
    name = "pystlink"
    namespace = "stlink"
    messages = MESSAGES
    hints = ("pystlink", "device:", "supply:", "core:", "mcu:", "sram:", "eeprom:", "flash:", "idcode:", "cpuid:", "***",
             "st-link/v2", "chip_id", "flash rom", "valueerror", "operationfailure", "timeouterror", "core does not halt")

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.fields: dict[str, Any] = {}

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        g = m.groupdict()
        if row.src == GNUK:
            self.fields.setdefault("tool", "gnuk-stlinkv2")
        if ev is None:
            if g.get("programmer"):
                self.fields.setdefault("programmer", g["programmer"])
            return
        kind = ev["kind"]
        if kind in ("target_voltage", "target_voltage_low") and ev.get("voltage") is not None:
            self.fields["voltage"] = ev["voltage"]
        elif kind == "chip_id":
            # gnuk: the whole DBGMCU IDCODE; the device id is its low 12 bits (0 when nothing answered on SWD)
            value = int(str(ev.get("value")), 16) & 0xFFF
            ev["value"] = value
            self.fields.setdefault("chipid", f"0x{value:04x}")
            if g.get("coreid"):
                self.fields.setdefault("coreid", f"0x{g['coreid']}")
        elif kind == "chip_id_unknown":
            try:
                value = int(str(ev.get("value")), 16) if row.src != GNUK else int(str(ev.get("value"))) & 0xFFF
            except ValueError:
                value = 0
            ev["value"] = value
            ev["plausible"] = 0x400 <= value <= 0x7FF
        elif kind == "tool_error":
            ev["text"] = (g.get("text") or "")[:200]

    def summary(self) -> dict[str, Any]:
        s = dict(self.fields)
        if any(e.get("fail") for e in self.events):
            s["success"] = False
        return s

    def finish(self) -> dict[str, Any]:
        s = self.summary()
        tool = s.pop("tool", None) or "pystlink"
        run = self.run(**s)
        run["tool"] = tool
        return {self.namespace: {"runs": [run]}}
