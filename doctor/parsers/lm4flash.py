"""lm4flash (utzig/lm4tools: flashes a TI Stellaris / Tiva C LaunchPad through its on-board ICDI debug interface; what
Energia's LM4F/TM4C boards and many Tiva Makefiles run), as a message table.

Source read (session 17): lm4tools lm4flash/lm4flash.c (master 2012-2020, and commit 8b6dc67's older wording). lm4flash
opens only the ICDI debug probe by its USB id (1cbe:00fd, "-s SERIAL" to pick one): for every device with that id it
opens it to read the serial ("Unable to open USB device: LIBUSB_ERROR_ACCESS" when the user may not, "Unable to get
device serial number: ..." when it cannot be read), prints "Found ICDI device with serial: X", and with none left says
"Unable to find any ICDI devices" (older releases: "No ICDI device with USB VID:PID 1cbe:00fd found!"). It never talks
to the chip's own ROM USB DFU bootloader (1cbe:00ff), which TI's LM Flash Programmer / DFU tools flash instead. Once
connected it prints "ICDI version: N" and writes; "Error verifying flash" after -v. The lm4flash of Ruff's SDK (`rap
deploy`) also prints "flash start address 0x0 (0K)" and a "writing: 0x..., speed: ..., progress: ..%" line.

Facts: a run under `openocd.runs` (the debug-probe namespace) with tool "lm4flash": adapter_not_found (vid/pid of the
ICDI it looked for), usb_access_denied, usb_no_driver; the ICDI's other open errors are failures GEN001 quotes.
"""

from __future__ import annotations

from doctor.parsers import register
from doctor.parsers._flashlog import id4
from doctor.parsers._messages import Msg, TableParser, group, rows_of

MESSAGES = rows_of(
    group(
        "lm4tools lm4flash/lm4flash.c (2012-2020)",
        Msg(None, r"(?:^|[\s$#>/\\])lm4flash(?:\.exe)?\s+(?:-\S+\s+)*\S+\.bin\b", "strong", example="debian@beaglebone:~/monoApp$ lm4flash -v 4208.bin"),
        Msg(None, r"^Found ICDI device with serial: \S+", "strong", example="Found ICDI device with serial: 0E200FBE"),
        Msg(None, r"^ICDI version: \d+", "strong", example="ICDI version: 9270"),
        Msg("adapter_not_found", r"^Unable to find any ICDI devices", "strong", fail=True, attrs={"vid": "1cbe", "pid": "00fd"},
            example="Unable to find any ICDI devices"),
        Msg("adapter_not_found", r"^No ICDI device with USB VID:PID (?P<vid>[0-9a-fA-F]{4}):(?P<pid>[0-9a-fA-F]{4}) found", "strong", fail=True,
            convert=(("vid", id4), ("pid", id4)), example="No ICDI device with USB VID:PID 1cbe:00fd found!"),
        # the same words as other libusb tools (dfu-util's particle-usb row): weak, so it starts no block of its own
        Msg("usb_access_denied", r"^(?:Unable to open USB device|Error opening selected device|Error claiming interface): LIBUSB_ERROR_ACCESS",
            "weak", fail=True, example="Unable to open USB device: LIBUSB_ERROR_ACCESS"),
        # Windows: no WinUSB/libusb driver on the ICDI (TI's own driver, or none): libusb cannot open it
        Msg("usb_no_driver", r"^(?:Unable to open USB device|Error opening selected device|Error claiming interface): LIBUSB_ERROR_NOT_SUPPORTED",
            "weak", fail=True, example="Unable to open USB device: LIBUSB_ERROR_NOT_SUPPORTED"),
        # the ICDI is on the bus (lm4flash found its id) but could not be read or claimed: no "probe missing" event; GEN001
        # quotes it (OS X before lm4tools 99d501b: the serial-number read failed, lm4tools#8)
        Msg(None, r"^Unable to get device serial number: LIBUSB_ERROR_\w+", "strong", fail=True,
            example="Unable to get device serial number: LIBUSB_ERROR_OTHER"),
        Msg(None, r"^(?:Unable to open USB device|Error opening selected device|Error claiming interface): LIBUSB_ERROR_\w+",
            "weak", fail=True, example="Error claiming interface: LIBUSB_ERROR_BUSY"),
        Msg(None, r"^Found multiple ICDI devices|^Found ICDI serial number collision!|^Error verifying flash|"
            r"^Error while matching ICDI devices: |^Unable to get enumerate USB devices: ", "strong", fail=True,
            example="Found multiple ICDI devices"),
    ),
    group(
        "lm4flash as shipped in Ruff's SDK (rap deploy), a paste of its output (search index file 21524120507)",
        Msg(None, r"^flash start address 0x[0-9a-fA-F]+ \(\d+K\)", "weak", example="flash start address 0x0 (0K)"),
        Msg(None, r"^writing: 0x[0-9a-fA-F]+, speed: [\d.]+\s*KB/s, progress: [\d.]+%", "weak",
            example="writing: 0x4a000, speed: 10.77KB/s, progress: 56.83%, ETA: 20.96s"),
    ),
)


@register
class Lm4flashParser(TableParser):
    name = "lm4flash"
    namespace = "openocd"
    messages = MESSAGES
    hints = ("lm4flash", "icdi", "libusb_error", "flash start address", "writing: 0x", "error verifying flash", "enumerate usb")
