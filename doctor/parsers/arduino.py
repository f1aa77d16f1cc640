"""The Arduino IDE (1.x Java and 2.x) and arduino-cli around an upload: the header, the size report, the
1200-baud touch of native-USB boards and the final verdict. The uploader they run (avrdude, bossac, ...) is
parsed by its own parser.

Facts: one run per block under `flash.runs` (tool "arduino"): the board name from the IDE's header (kept as
`board`), `image_too_large` ("Sketch too big", "text section exceeds available space in board"),
`upload_port_missing` ("Couldn't find a Board on the selected port": after the 1200-baud touch no
bootloader port appeared, so the Caterina/SAM-BA window was missed) and `upload_failed` (with `mode`
"upload" for an upload through the board's bootloader, "programmer" for Upload Using Programmer /
`arduino-cli upload --programmer`, "burn-bootloader", where the wrapper says which).
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

MESSAGES = rows_of(
    group(
        "Arduino IDE 1.6-1.8 (arduino-core SerialUploader, Compiler) and 2.x / arduino-cli 0.x-1.x (upload, builder)",
        Msg(None, r"^Arduino ?: ?\d+\.\d+\.\d+ \([^)]*\), (?:Board|Scheda|Placa|Platine|Karte): \"(?P<board>[^\"]+)\"", "strong",
            example='Arduino: 1.8.10 (Windows 10), Board: "Arduino/Genuino Mega or Mega 2560, ATmega2560 (Mega 2560)"'),
        Msg("image_size_ok", r"^Sketch uses (?P<size>[\d,.]+) bytes \(\d+%\) of program storage space\. Maximum is (?P<limit>[\d,.]+) bytes", "strong",
            example="Sketch uses 10,578 bytes (32%) of program storage space. Maximum is 32,256 bytes."),
        Msg("image_too_large", r"^Sketch too big|(?:text|data) section exceeds available space in board|^Not enough memory; see ", "strong", fail=True,
            example="Sketch too big; see https://support.arduino.cc/hc/en-us/articles/360013825179 for tips on reducing it."),
        Msg("upload_port_missing", r"(?i)Couldn't find a Board on the selected port", "strong", fail=True,
            example="Couldn't find a Board on the selected port. Check that you have the correct port selected.  If it is correct, try pressing the board's reset button after initiating the upload.",
            src="Arduino IDE 1.6-1.8 SerialUploader ('a Board'), PlatformIO core 3.x-6.x builder/tools/pioupload.py WaitForNewSerialPort ('Error: ... a board')"),
        Msg("touch_1200", r"^Forcing reset using 1200 ?bps open/close on port (?P<port>\S+)", "strong",
            example="Forcing reset using 1200bps open/close on port /dev/ttyACM0",
            src="Arduino IDE 1.6-1.8 SerialUploader, PlatformIO platform-atmelavr/-atmelsam builders (the 1200-baud touch of a native-USB board)"),
        Msg("touch_1200", r"^Performing 1200-bps touch reset on serial port (?P<port>\S+)", "strong",
            example="Performing 1200-bps touch reset on serial port COM5", src="arduino-cli 0.x-1.x commands/upload (verbose)"),
        Msg("waiting_new_port", r"^Waiting for upload port\.\.\.", "strong", example="Waiting for upload port...",
            src="arduino-cli 0.x-1.x commands/upload (verbose); PlatformIO prints 'Waiting for the new upload port...'"),
        Msg("upload_port_fallback", r"^No upload port found, using (?P<port>\S+) as fallback", "strong",
            example="No upload port found, using COM5 as fallback",
            src="arduino-cli 0.x-1.x commands/upload: no new port appeared after the touch, the old one is used"),
        Msg("upload_port", r"^Found upload port: (?P<device>\S+)", "strong", example="Found upload port: COM8"),
        # the upload tool itself is not there: Go's os/exec error as arduino-cli 0.x-1.x / IDE 2.x print it after "cannot execute
        # upload tool:" (a core's tool path unexpanded, or the tool package not installed): TOOL001, not a failed upload
        Msg("tool_missing", r"^(?:Error during Upload: )?(?:Failed (?P<mode>uploading|programming|to burn bootloader|chip erase): )?cannot execute (?:\w+ )?tool: "
            r"(?:fork/exec (?P<name>(?:[A-Za-z]:)?[^:\n]{1,300})|exec: \"(?P<cmd>[^\"\n]{1,300})\")"
            r": (?:no such file or directory|[Tt]he system cannot find the (?:file|path) specified|executable file not found|stat (?:[A-Za-z]:)?[^:\n]{1,300}: no such file)",
            "strong", fail=True, attrs={"via": "launcher"},
            example="Failed to burn bootloader: cannot execute upload tool: fork/exec {runtime.tools.bossac-1.9.1-arduino2.path}/bossac: no such file or directory",
            src="arduino-cli 0.30-1.x commands/upload (cannot execute upload tool), Go os/exec StartProcess errors"),
        Msg("upload_failed", r"^(?:Error during Upload: )?Failed (?P<mode>uploading|programming|to burn bootloader)(?:: (?:uploading error|(?P<text>.+)))?",
            "strong", fail=True, example="Failed uploading: uploading error: exit status 1",
            src="arduino-cli 0.20-1.x commands/upload: 'Failed uploading' (upload.pattern: the board's bootloader), 'Failed programming' "
                "(program.pattern: Upload Using Programmer / --programmer), 'Failed to burn bootloader'; 0.x prefixes 'Error during Upload: '"),
        Msg("upload_failed", r"^Error during Upload: (?P<text>.+)$", "strong", fail=True,
            example="Error during Upload: uploading error: exit status 1", src="arduino-cli 0.x (before the Failed ... wording)"),
        Msg("upload_failed", r"^Problem uploading to board\.|^An error occurred while uploading the sketch"
            r"|^Upload error: Error: \d+ \w+: uploading error", "strong", fail=True,
            example="An error occurred while uploading the sketch"),
        Msg("upload_failed", r"^Error while burning bootloader", "strong", fail=True, attrs={"mode": "to burn bootloader"},
            example="Error while burning bootloader.", src="Arduino IDE 1.6-1.8 (Tools > Burn Bootloader)"),
        # arduino-cli 0.30-1.x commands/upload (burn bootloader): the erase step that runs the core's erase.pattern (fuses,
        # lock bits) before the bootloader is written failed
        Msg("upload_failed", r"^Failed chip erase(?:: (?:uploading error|(?P<text>.+)))?", "strong", fail=True, attrs={"mode": "to burn bootloader"},
            example="Failed chip erase: uploading error: exit status 1", src="arduino-cli 0.30-1.x / Arduino IDE 2.x (Tools > Burn Bootloader, erase step)"),
    ),
    group(
        "megaTinyCore / DxCore 2.x-1.x tools/prog.py (SerialUPDI through pymcuprog) and pymcuprog 3.x CLI",
        Msg(None, r"^Arduino <-+> pymcuprog bridge by", "strong", example="Arduino <---> pymcuprog bridge by Quentin Bolsee and Spence Konde"),
        # the UPDI datalink to the chip never answered: the USB-serial adapter, its resistor or diode between TX and RX, the
        # UPDI wire, target power, or a baud the adapter cannot keep (230400/345600 on CH340-class adapters)
        Msg("target_link_failed", r"PymcuprogError: UPDI initiali[sz]ation failed", "strong", fail=True, attrs={"via": "serialupdi"},
            example="pymcuprog.pymcuprog_errors.PymcuprogError: UPDI initialisation failed"),
    ),
)


def _serial_kind(line: str) -> tuple[str, dict[str, Any]] | None:
    """The shared serial-port event a wrapper's verdict names (doctor.parsers.serial_errors.classify), if any."""
    try:
        from doctor.parsers.serial_errors import classify
    except ImportError:
        return None
    return classify(line)


# what the wrapper was doing when it failed: through the board's bootloader, through a programmer, burning a bootloader
_MODES = {"uploading": "upload", "programming": "programmer", "to burn bootloader": "burn-bootloader"}


def _int(text: str) -> int | None:
    digits = re.sub(r"[,.\s]", "", text)
    return int(digits) if digits.isdigit() else None


@register
class ArduinoParser(TableParser):
    name = "arduino"
    namespace = "flash"
    messages = MESSAGES
    event_kinds = ("serial_permission_denied", "serial_port_busy", "serial_no_such_port", "serial_io_error")
    hints = ("arduino", "sketch uses", "sketch too big", "section exceeds", "not enough memory", "couldn't find a board", "1200bps", "1200-bps", "upload port",
             "problem uploading", "uploading error", "while uploading", "error during upload", "failed programming", "failed uploading",
             "burn bootloader", "burning bootloader", "pymcuprog", "failed chip erase")

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.fields: dict[str, Any] = {}

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        g = m.groupdict()
        if ev is None:
            if g.get("board"):
                self.fields.setdefault("board", g["board"])
            return
        if ev.get("mode"):
            ev["mode"] = _MODES.get(ev["mode"], ev["mode"])
        if ev["kind"] == "upload_failed":
            shared = _serial_kind(line)
            if shared is not None and shared[0] != "serial_open_failed":
                # "Error during Upload: cannot perform reset: opening port: Permission denied": the wrapper's verdict names
                # why the port could not be opened (the 1200-baud touch); one wording, one serial event everywhere
                self.event(shared[0], lineno, line, fail=True, **shared[1])
        for key in ("size", "limit"):
            if isinstance(ev.get(key), str):
                ev[key] = _int(ev[key])

    def summary(self) -> dict[str, Any]:
        s = dict(self.fields)
        if any(e.get("fail") for e in self.events):
            s["success"] = False
        return s
