"""FPGA and CPLD bitstream loaders over FTDI JTAG/SPI: Project IceStorm's iceprog, ecpprog (its ECP5/CrossLink-NX
descendant), libftdi's device lister (`lsftdi`, libftdi examples/find_all.c, which apio and Icestudio run to find a
board), fujprog/ujprog (ULX2S/ULX3S) and openFPGALoader's JTAG-chain messages, as message tables.

Sources read (session 15): YosysHQ/icestorm iceprog/mpsse.c and iceprog.c (master 2019-2025), gregdavill/ecpprog
ecpprog/mpsse.c and ecpprog.c (2020-2024), libftdi1 examples/find_all.c, kost/fujprog fujprog.c (v4.x, 2020-2023),
trabucayre/openFPGALoader src/main.cpp, src/jtag.cpp (v0.5-v1.0).

- iceprog and ecpprog open the FTDI with `ftdi_usb_open` (0403:6010, then 0403:6014) or `ftdi_usb_open_string` (-d) and
  print "Can't find iCE FTDI USB device (vendor_id 0x0403, device_id 0x6010 or 0x6014)." (or "(device string X).") for
  *any* failure of that call: no such chip on the bus (-3), or one this user may not open or whose interface a driver
  holds (-4/-5: Linux without a udev rule, macOS with FTDI's or Apple's serial kext, Windows without WinUSB). A board
  whose programmer is no FTDI at all (iCESugar's iCELink: icesprog; TinyFPGA: tinyprog; Fomu: dfu-util) gives it too.
- Then "flash ID: 0x.. 0x.. 0x.." (all 0xFF or 0x00: nothing answered on the SPI bus: jumpers set for SRAM mode on the
  iCE40-HX8K breakout, a board of another layout, a dead flash), "VERIFY OK" or "Found difference between flash and
  file!", and "Bye.". ecpprog also reads the JTAG IDCODE ("IDCODE: 0x41111043 (LFE5U-25)" / "... does not match :(").
- lsftdi: "Number of FTDI devices found: N", "Checking device: i", then "Manufacturer: M, Description: D" or
  "ftdi_usb_get_strings failed: -4 (libusb_open() failed)" (the chip is there, this user/driver may not open it).
- fujprog: "Cannot find JTAG cable." after every cable of its table failed to open: it matches the cable by USB
  product string, so a build older than the board's string (ULX3S v3.0.8) misses it as surely as a missing udev rule.
- openFPGALoader: "JTAG init failed with: Unknown device with IDCODE: 0x..." when the IDCODE read is in no table: a chip
  this version does not know yet (one steady id) or bits that did not cross the JTAG wires (a different id each run).

Facts: a run per block under `openocd.runs` (the debug-probe namespace) with tool "iceprog", "fujprog" or
"openfpgaloader": adapter_not_found, adapter_open_failed, ftdi_listed (count), spi_flash_no_answer, jtag_idcode_unknown
(`several` when the same text read other IDCODEs too), flash_succeeded.
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of


def _int(text: str) -> int | None:
    try:
        return int(text)
    except (TypeError, ValueError):
        return None


ICESTORM = rows_of(
    group(
        "icestorm iceprog/mpsse.c, iceprog.c (master 2019-2025); ecpprog ecpprog/mpsse.c, ecpprog.c (2020-2024)",
        Msg(None, r"(?:^|[\s$#>/\\])(?:iceprog|ecpprog)(?:\.exe)?(?:\s+-\w|\s+\S+\.(?:bin|bit|asc)\b)", "strong",
            example="iceprog -d i:0x0403:0x6010:0 hardware.bin"),
        Msg("adapter_not_found", r"^Can't find iCE FTDI USB device \((?:vendor_id 0x0403, device_id 0x6010 or 0x6014|device string (?P<target>[^)\n]*))\)",
            "strong", fail=True, example="Can't find iCE FTDI USB device (vendor_id 0x0403, device_id 0x6010 or 0x6014)."),
        Msg("adapter_open_failed", r"^Failed to (?:reset|purge buffers on) iCE FTDI USB device|^Failed to set BITMODE_MPSSE on (?:iCE )?FTDI USB device|"
            r"^Failed to [gs]et latency timer \(", "strong", fail=True, example="Failed to reset iCE FTDI USB device."),
        Msg("usb_transfer_error", r"^Write error \((?:single byte, |chunk, )?rc=-?\d+, expected \d+\)|^Read error \(rc=-?\d+\)|^unexpected rx byte: [0-9A-F]{2}",
            "strong", fail=True, example="Write error (chunk, rc=-1, expected 256)."),
        Msg("usb_transfer_error", r"^Read error\.$", fail=True, example="Read error."),
        Msg("spi_flash_no_answer", r"^flash ID:(?P<value>(?: 0xFF)+|(?: 0x00)+)\s*$", "strong", fail=True, example="flash ID: 0xFF 0xFF 0xFF 0xFF"),
        Msg(None, r"^flash ID:(?: 0x[0-9A-F]{2})+\s*$", "strong", example="flash ID: 0xEF 0x40 0x18 0x00"),
        Msg(None, r"^Extended Device String Length is 0xFF, this is likely a read error", "strong",
            example="Extended Device String Length is 0xFF, this is likely a read error. Ignorig..."),
        Msg("verify_failed", r"^Found difference between flash and file!", "strong", fail=True, example="Found difference between flash and file!"),
        Msg("flash_succeeded", r"^verify\.\.\s+\d+/\d+\s+VERIFY OK", "strong", example="verify..       770418/770418  VERIFY OK"),
        Msg("flash_succeeded", r"^VERIFY OK\s*$", example="VERIFY OK"),
        Msg("jtag_idcode_unknown", r"^IDCODE: 0x(?P<idcode>[0-9a-fA-F]{8}) does not match :\(", "strong", fail=True,
            example="IDCODE: 0x0443050a does not match :("),
        Msg(None, r"^IDCODE: 0x[0-9a-fA-F]{8} \([\w-]+\)|^(?:ECP5|NX) Status Register: 0x[0-9a-fA-F]+", "strong",
            example="IDCODE: 0x41111043 (LFE5U-25)"),
        Msg(None, r"^erase (?:4|32|64)kB sector at 0x[0-9A-F]{6}\.\.|^programming\.\.\s+\d+/\d+|^cdone: (?:high|low)$|^read flash ID\.\.$|"
            r"^disable flash protection\.\.\.$|^bulk erase\.\.$", "strong", example="erase 64kB sector at 0x000000.."),
        Msg(None, r"^(?:init|reset|programming|reading|verify|waiting)\.\.\s*$|^file size: \d+$|^Bye\.$|^ABORT\.$|^done\.$|^prog 0x[0-9A-F]{6} \+0x",
            example="init.."),
    ),
    group(
        "libftdi1 examples/find_all.c (the `lsftdi` apio, Icestudio and the OSS CAD Suite ship)",
        Msg("ftdi_listed", r"^Number of FTDI devices found: (?P<count>\d+)", "strong", convert=(("count", _int),),
            example="Number of FTDI devices found: 1"),
        Msg(None, r"^Checking device: \d+$", "strong", example="Checking device: 0"),
        Msg(None, r"^Manufacturer: .*, Description: ", "strong", example="Manufacturer: Lattice, Description: Lattice FTUSB Interface Cable"),
        Msg("adapter_open_failed", r"^ftdi_usb_get_strings failed: (?P<code>-\d+) \((?P<text>[^)\n]*)\)", "strong", fail=True,
            convert=(("code", _int),), example="ftdi_usb_get_strings failed: -4 (libusb_open() failed)"),
        Msg("adapter_open_failed", r"^ftdi_usb_find_all failed: (?P<code>-\d+) \((?P<text>[^)\n]*)\)", "strong", fail=True,
            convert=(("code", _int),), example="ftdi_usb_find_all failed: -3 (libusb_get_device_list() failed)"),
    ),
)

FUJPROG = group(
    "fujprog fujprog.c v4.x (kost/fujprog 2020-2023; ujprog 3.x printed the same lines)",
    Msg(None, r"^ULX2S / ULX3S JTAG programmer v\S+", "strong", example="ULX2S / ULX3S JTAG programmer v4.4 (git 48905bf built Jul 12 2020 02:31:04)"),
    Msg(None, r"^Copyright \(C\) Marko Zec, EMARD", "strong", example="Copyright (C) Marko Zec, EMARD, gojimmypi, kost and contributors"),
    Msg(None, r"^Using USB cable: ", "strong", example="Using USB cable: ULX3S FPGA 12K v3.0.8"),
    # any failure to open the cables of its table (by product string), to access them, or a driver holding them
    Msg(None, r"^Cannot find JTAG cable\.", "strong", fail=True, example="Cannot find JTAG cable."),
    Msg(None, r"^FT_Open\(\) failed", "strong", fail=True, example="FT_Open() failed"),
    Msg(None, r"^can't find IDCODE, invalid bitstream", "strong", fail=True, example="can't find IDCODE, invalid bitstream"),
    Msg(None, r"^FPGA IDCODE: [0-9A-Fa-f]+|^FPGA identified SIZE: ", "strong", example="FPGA IDCODE: 21111043"),
    Msg("flash_succeeded", r"^Completed in [\d.]+ seconds\.", "strong", example="Completed in 14.53 seconds."),
)

OPENFPGALOADER = group(
    "openFPGALoader src/main.cpp, src/jtag.cpp (v0.5-v1.0)",
    Msg(None, r"(?:^|[\s$#>/\\])openFPGALoader(?:\.exe)?\s+-", "strong", example="openFPGALoader --cable dirtyJtag --detect"),
    Msg("jtag_idcode_unknown", r"^JTAG init failed with: Unknown device with IDCODE: 0x(?P<idcode>[0-9a-fA-F]+)", "strong", fail=True,
        example="JTAG init failed with: Unknown device with IDCODE: 0xa0811043 (manufacturer: 0x021 (lattice), part: 0x04 vers: 0xa"),
    Msg(None, r"^Jtag frequency : requested [\d.]+M?Hz\s+-> real [\d.]+M?Hz", "strong", example="Jtag frequency : requested 6000000Hz -> real 6000000Hz"),
    Msg("jtag_idcode", r"^idcode 0x(?P<idcode>[0-9a-fA-F]+)\s*$", example="idcode 0x1111043"),
    Msg(None, r"^index \d+:$|^(?:manufacturer|family|model|irlength)\s+\S", example="irlength 8"),
)

QUARTUS = group(
    "Intel/Altera Quartus Prime Programmer (quartus_pgm) and jtagconfig, 13.x-25.x (their message ids as printed)",
    Msg(None, r"^Info: Running Quartus (?:Prime|II) (?:\d+-bit )?Programmer|^Info \(2090(?:60|61)\): (?:Started|Ended) Programmer operation",
        "strong", example="Info (209060): Started Programmer operation at Tue Nov 07 21:17:44 2023"),
    Msg(None, r"^Info \(209017\): Device \d+ contains JTAG ID code 0x[0-9A-Fa-f]+", "strong",
        example="Info (209017): Device 1 contains JTAG ID code 0x031810DD"),
    # the programmer (through jtagd) sees no cable of the name asked for: none plugged in, no driver/udev rule, another
    # Quartus's jtagd holding the cables, or a cable name the setup does not have (an Arrow USB Blaster asked for as "USB-Blaster")
    Msg("adapter_not_found", r"^Error \(213013\): Programming hardware cable not detected", "strong", fail=True,
        example="Error (213013): Programming hardware cable not detected"),
    Msg("adapter_not_found", r"^No JTAG hardware available", "strong", fail=True, example="No JTAG hardware available"),
    # jtagconfig: the cable is there but jtagd may not open it (Linux without the USB-Blaster udev rule)
    Msg("usb_access_denied", r"Unable to lock chain - Insufficient port permissions", "strong", fail=True,
        example="  Unable to lock chain - Insufficient port permissions"),
    Msg(None, r"^Error \(209012\): Operation failed|Unable to read device chain - JTAG chain broken|^Error \(209040\): Can't access JTAG chain",
        "strong", fail=True, example="Error (209012): Operation failed"),
    Msg("flash_succeeded", r"^Info \(209011\): Successfully performed operation\(s\)", "strong",
        example="Info (209011): Successfully performed operation(s)"),
)


class _IdTracker(TableParser):
    """Marks a `jtag_idcode_unknown` as `several` when the same block read another IDCODE too (a chain that answers
    differently from one read to the next is the wiring or the clock, not a chip the tool does not know)."""

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self._ids: set[int] = set()
        self._unknown: list[dict[str, Any]] = []

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        if ev is None or ev["kind"] not in ("jtag_idcode_unknown", "jtag_idcode"):
            return
        try:
            # openFPGALoader prints the id as read once with and once without its version nibble: compare the rest
            ident = int(ev.get("idcode") or "", 16) & 0x0FFFFFFF
        except ValueError:
            return
        self._ids.add(ident)
        if ev["kind"] == "jtag_idcode_unknown":
            self._unknown.append(ev)
        if len(self._ids) > 1:
            for u in self._unknown:
                u["several"] = True


@register
class IcestormParser(_IdTracker):
    name = "iceprog"
    namespace = "openocd"
    messages = ICESTORM
    hints = ("iceprog", "ecpprog", "ice ftdi", "ftdi usb device", "flash id", "extended device string", "verify", "difference between flash",
             "idcode", "status register", "sector at", "programming..", "cdone", "bye.", "abort.", "init..", "reset..", "reading..",
             "file size", "done.", "prog 0x", "waiting..", "write error", "read error", "unexpected rx byte", "latency timer", "bitmode",
             "ftdi devices found", "checking device", "description:", "ftdi_usb_get_strings", "ftdi_usb_find_all", "flash protection",
             "bulk erase", "read flash id")


@register
class FujprogParser(TableParser):
    name = "fujprog"
    namespace = "openocd"
    messages = FUJPROG
    hints = ("ulx2s", "marko zec", "usb cable", "jtag cable", "ft_open", "find idcode", "fpga idcode", "fpga identified", "completed in")


@register
class OpenfpgaloaderParser(_IdTracker):
    name = "openfpgaloader"
    namespace = "openocd"
    messages = OPENFPGALOADER
    hints = ("openfpgaloader", "unknown device with idcode", "jtag frequency", "idcode 0x", "index ", "manufacturer", "family", "model",
             "irlength")


@register
class QuartusPgmParser(TableParser):
    name = "quartus"
    namespace = "openocd"
    messages = QUARTUS
    hints = ("quartus", "programmer operation", "(2090", "(213013)", "jtag hardware", "lock chain", "jtag chain")


# (fpga-jtag s15) the gateware build before the loader: Yosys synthesis and nextpnr place-and-route (and apio's scons or a
# Makefile around them). A failure here means no new bitstream was written: the loader after it (if it ran) loaded an old
# file or none. Read: YosysHQ/nextpnr common/kernel/command.cc ("Program finished normally."), design_utils.cc ("Device
# utilisation:"), place/placer_heap.cc, place_common.cc, ice40/pcf.cc, ecp5/main.cc (master 2025); Yosys's frontends print
# "FILE:LINE: ERROR: ..." (0.10+), its passes "ERROR: ...".
GATEWARE_BUILD = rows_of(
    group(
        "nextpnr (ice40, ecp5, himbaechel) common/kernel/command.cc, design_utils.cc, place/placer_heap.cc, place_common.cc, */pcf.cc",
        Msg(None, r"^Info: Program finished normally\.", "strong", example="Info: Program finished normally."),
        Msg(None, r"^Info: Device utilisation:\s*$", "strong", example="Info: Device utilisation:"),
        Msg("build_error", r"^ERROR: (?:Unable to place cell '[^']*', no BELs remaining to implement cell type '(?P<name>[^']+)'|"
            r"Unable to find legal placement for (?:all cells|cell )|failed to place (?:chain starting at )?cell |Failed to expand region |"
            r"IO '[^']+' is unconstrained in (?:PCF|LPF|CCF|CST)|Failed to route)", "strong", fail=True,
            example="ERROR: Unable to place cell 'u_ftdi_245fifo_top.u_rx_fifo_async.buffer.0.53', no BELs remaining to implement cell type 'DP16KD'"),
        Msg(None, r"^\d+ warnings?, \d+ errors?\s*$", example="0 warnings, 1 error"),
    ),
    group(
        "Yosys 0.10-0.5x frontends and passes (log_error: \"FILE:LINE: ERROR: ...\", \"ERROR: ...\")",
        Msg("build_error", r"^\S+\.s?vh?:\d+: ERROR: (?P<text>.+)", "strong", fail=True,
            example="systolic_NxN.v:6: ERROR: syntax error, unexpected '[', expecting ',' or '=' or ')'"),
        Msg(None, r"^Yosys \d+\.\d+(?:\+\d+)? \(git sha1 [0-9a-f]+|^-- Running command `|^End of script\. Logfile hash: ", "strong",
            example="-- Running command `synth_ice40 -top top -json top.json' --"),
    ),
)


@register
class GatewareBuildParser(TableParser):
    name = "fpga-build"
    namespace = "flash"
    messages = GATEWARE_BUILD
    hints = ("program finished", "device utilisation", "error", "warning", "yosys", "running command", "end of script")
