"""dfu-programmer 0.6-1.x (Atmel/LUFA/QMK DFU bootloaders of the ATmega16U2/32U4, AT90USB, XMEGA), alone or
as QMK's `make ...:dfu` / `qmk flash` and QMK Toolbox run it (`>>> dfu-programmer.exe atmega32u4 erase --force`).

Facts: one run per block under `dfu.runs` (tool "dfu-programmer"). "no device present" is the same fact as
dfu-util's "No DFU capable USB device available" (`no_dfu_device`), so the same rules judge it: with the
bootloader on the bus it is an access problem (udev rule, or no libusb driver on Windows), without it the
board is not in its bootloader. A run that validated its image is a success even when the final
leave-bootloader step makes the tool (and the make target that runs it) exit non-zero.
The image: "Bootloader and code overlap" and (--debug) "Data exists outside of the valid target flash region" ->
`image_too_large`; "Hex file error, use debug for more info." alone -> `hex_file_error`; intel_hex.c's "Error opening
FILE" / "Line N does not validate" -> `image_unreadable`. The usage text (an option this version lacks, an unquoted
path with a space) -> `usage_printed`.
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

# (boot-dfu-avr s25, review s25) FLIP's "AtLibUsbDfu.dll not found" as people retype it, and Windows' loader forms of it
_FLIP_DLL_FAILED = (r"(?:\bAtLibUsbDfu\.dll[\"'\u201d\u00bb]?:?\s+(?:(?:is|was)\s+)?(?:not found|missing|(?:could|can)(?:not|n[o'\u2019]t| not) be "
                    r"(?:found|loaded|located))|\b(?:can ?not|can[\u2019']t|could not|couldn[\u2019']t|unable to|failed to) (?:find|load|locate) "
                    r"(?:the )?(?:library |file |dll )?[\"'\u201c\u00ab]?AtLibUsbDfu\.dll|\bmissing (?:the )?(?:library |file |dll )?[\"'\u201c\u00ab]?AtLibUsbDfu\.dll)")
# not what the reader's own FLIP said: advice or a conditional opening the line (after a list or quote mark), a conditional
# clause holding the name, someone's "you may see ...", "when it says ..., install ...", a question, a negation ("no longer",
# "doesn't say ... anymore"). A report stays a failure: "When I run FLIP, it complains that ... is not found" (grbl #995),
# "If I select USB, FLIP says ...", "Could not load AtLibUsbDfu.dll"
_FLIP_DLL_NOT_SAID = (r"(?!\s*(?:[-*>\u2022]+\s*)?(?:if(?! (?:I|we)\b)|unless|in case|make sure|ensure|try|check|please|just|you (?:should|need|must|can|may|might))\b)"
                      r"(?![^\n]*?\b(?:if(?! (?:I|we)\b)|unless|in case|when you|you (?:may|might|will|can|could|would) (?:see|get))\b(?:[^.!?\n]|\.(?=\S)){0,80}?AtLibUsbDfu\.dll)"
                      r"(?![^\n]*?\bwhen(?:ever)?\b(?:[^.!?\n]|\.(?=\S)){0,80}?AtLibUsbDfu\.dll[^,.!?\n]{0,40}?,\s*(?:then\s+)?(?:install|reinstall|try|point|go|use|open"
                      r"|update|download|right-click|just|you|check|make sure)\b)"
                      r"(?![^\n]*?AtLibUsbDfu\.dll(?:[^.!\n]|\.(?=\S)){0,200}\?)(?!\s*(?:is|could|can|might|maybe|does|do|did)\b(?!\s*not\b|n?['\u2019]t\b))"
                      r"(?![^\n]*?\b(?:no longer|never|(?:does|did|do|would|will)(?:n[\u2019']?t| not))\b(?:[^.!?\n]|\.(?=\S)){0,60}?AtLibUsbDfu\.dll)"
                      r"(?![^\n]*?AtLibUsbDfu\.dll(?:[^.!?\n]|\.(?=\S)){0,60}?\b(?:any ?more|no more|gone|went away)\b)")

MESSAGES = rows_of(
    group(
        "dfu-programmer 0.6-1.1 src/arguments.c (usage)",
        # arguments.c usage(): printed when the command line is not understood (an option this version lacks, such as
        # --force on 0.6.1; a file path with a space passed unquoted by a wrapper); nothing was done. First in the table
        # so that a wrapper's log flattened onto one line ("... dfu-programmer atmega32u4 flash C:\...\KBD75 layout\x.hex
        # dfu-programmer 0.7.0 ... Usage: dfu-programmer target...") is read as the failure it reports
        Msg("usage_printed", r"Usage: dfu-programmer target\[:usb-bus,usb-addr\] command", "strong", fail=True,
            example="Usage: dfu-programmer target[:usb-bus,usb-addr] command [options] [global-options] [file|data]"),
    ),
    group(
        "dfu-programmer 0.6-1.1 src/main.c, dfu.c, commands.c",
        Msg("dfu_command", r"(?<![\w-])dfu-programmer(?:\.exe)?\"?\s+(?P<target>(?:at|AT)\w+)(?::\S+)?\s+(?P<command>\w+)",
            "strong", example=">>> dfu-programmer.exe atmega32u4 erase --force"),
        Msg("no_dfu_device", r"dfu-programmer(?:\.exe)?: no device present", "strong", fail=True,
            example="dfu-programmer: no device present."),
        Msg("tool_missing", r"dfu-programmer(?:\.exe)?(?:: command not found|: not found|' is not recognized)", "strong", fail=True,
            example="bash: dfu-programmer: command not found"),
        Msg("dfu_found", r"^Bootloader Version: (?P<version>0x[0-9a-fA-F]+)", "strong", example="Bootloader Version: 0x00 (0)"),
        Msg(None, r"^Checking memory from 0x[0-9A-Fa-f]+ to 0x[0-9A-Fa-f]+\.\.\.", "strong",
            example="Checking memory from 0x0 to 0x6FFF...  Empty."),
        Msg("flash_erased", r"^Erasing flash\.\.\.\s+Success", "strong", example="Erasing flash...  Success"),
        Msg("flash_validated", r"^Validating\.\.\.\s+Success", "strong", example="Validating...  Success"),
        # (healthy s7) dfu-programmer 0.5-0.6 commands.c: after "Validating..." (its own line in those versions) the flash,
        # eeprom and user-page commands print "N bytes used (P%)" only when the read-back matched; a mismatch prints "Flash
        # did not validate. Did you erase first?" instead. QMK 0.9-era `make ...:dfu` and QMK Toolbox ran these versions
        # (dfu-usb s11) the same line above 100 %: v0.6.x counts every byte of the hex against the memory the bootloader
        # leaves (usage*100/memory_size) but validates only inside it, so it reports success for an image that does not
        # fit (guyzmo/avr_nrf_ancs_library #3: an ATmega328 application flashed into an Uno's 16U2, "15482 bytes used
        # (125.99%)", then no serial port)
        Msg("image_too_large", r"^(?P<size>\d+) bytes used \((?:(?:100\.\d*[1-9]\d*|10[1-9]|1[1-9]\d|[2-9]\d\d|\d{4,})(?:\.\d+)?)%\)",
            "strong", fail=True, example="15482 bytes used (125.99%)"),
        Msg("flash_validated", r"^(?P<size>\d+) bytes used \(\d+(?:\.\d+)?%\)", "strong", example="27000 bytes used (94.17%)"),
        Msg("dfu_write_failed", r"Flash did not validate\. Did you erase first\?|^Error while reading back flash", "strong", fail=True,
            example="Flash did not validate. Did you erase first?"),
        Msg("bytes_written", r"^(?P<size>0x[0-9A-Fa-f]+) bytes written into (?P<limit>0x[0-9A-Fa-f]+) bytes memory", "strong",
            example="0x4E00 bytes written into 0x7000 bytes memory (69.64%)."),
        Msg("image_too_large", r"Bootloader and code overlap", "strong", fail=True, example="Bootloader and code overlap."),
        Msg("image_too_large", r"Hex file contains data (?:outside|beyond) (?:of )?(?:the )?(?:available|valid) memory", "strong", fail=True,
            example="Hex file contains data outside of the available memory"),
        # atmel.c atmel_flash() (0.7-1.1): the image reaches past the flash the bootloader leaves to applications (an
        # application too large for it, or a bootloader's own hex at 0x7000+ on a 32U4); "--debug" shows the reason line,
        # without it only "Hex file error, use debug for more info." (also printed for an image with no data at all)
        Msg("image_too_large", r"ERROR: Data exists outside of the valid target flash region", "strong", fail=True,
            example="atmel.c:1353: ERROR: Data exists outside of the valid target flash region."),
        Msg("image_empty", r"ERROR: No valid data to flash", "strong", fail=True, example="atmel.c:1358: ERROR: No valid data to flash."),
        # intel_hex.c (0.7-1.1) reading the image: a path that does not exist or is locked, an HTML page saved as .hex,
        # a truncated download; "See --debug=51 or greater" follows
        Msg("image_unreadable", r"^Error opening (?P<path>\S.{0,300})$", "none", fail=True, example="Error opening C:\\Users\\me\\Downloads\\kb.hex"),
        Msg("image_unreadable", r"^(?:Error reading line \d+|Error: Line \d+ does not validate|Invalid filename)\.", "strong", fail=True,
            example="Error: Line 1 does not validate."),
        Msg(None, r"^See --debug=\d+ or greater for more information", "strong", example="See --debug=51 or greater for more information."),
        Msg("hex_file_error", r"Hex file error, use debug for more info", "strong", fail=True,
            example="Hex file error, use debug for more info."),
        Msg("dfu_write_failed", r"Memory write error|Error writing memory data|flash data dfu_download failed|Error while flashing"
            r"|Program Error, use debug for more info|Memory (?:access|read) error, use debug for more info", "strong", fail=True,
            example="Memory write error, use debug for more info."),
        Msg("dfu_write_failed", r"^Validating\.\.\.\s+(?!Success)\S.*", "strong", fail=True, example="Validating...  ERROR"),
        Msg(None, r"^\[>*\]\s+Success", "strong", example="[>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>]  Success"),
    ),
    group(
        # (audit s8) messages of dfu-programmer 0.5.4-1.1.0 no row read before (git grep of fprintf/DEBUG at each tag)
        "dfu-programmer 0.5.4-1.1.0 src/atmel.c, commands.c, arguments.c (audit s8)",
        # atmel.c (0.7-1.1) flash: the region the image goes to still holds data, and the tool refuses to write over it
        # (the `erase` step was skipped or failed); "Use --force flag to override this error check." follows
        Msg("flash_not_blank", r"^The target memory for the program is not blank", "strong", fail=True,
            example="The target memory for the program is not blank.", src="dfu-programmer 0.7-1.1 src/atmel.c atmel_flash (a real QMK Toolbox paste)"),
        Msg(None, r"^Use --force flag to override this error check", "strong", example="Use --force flag to override this error check."),
        # commands.c: the read-back after the write differs (0.7-1.1 "Memory did not validate. Did you erase?", 0.5 "Image did
        # not validate.", 0.6 "User flash did not validate. Did you erase first?" / "Eeprom did not validate.")
        Msg("dfu_write_failed", r"^(?:Memory|Image|Eeprom|User flash) did not validate\b", "strong", fail=True,
            example="Memory did not validate. Did you erase?",
            src="dfu-programmer 0.5-1.1 src/commands.c (example: tests/cases/qmk-toolbox-macos-dz60rgb-v2-erase-not-blank-memory-did-not-validate)"),
        # atmel.c: the bootloader's status after a write or erase (the security bit set: only a chip erase opens it; or no answer)
        Msg("dfu_write_failed", r"^Device is (?:write protected|unresponsive)\.?\s*$", "weak", fail=True,
            example="Device is write protected.", src="dfu-programmer 0.5-1.1 src/atmel.c (from the source's format)"),
        # atmel.c/commands.c 0.7-1.1: the erase and the page writes end their progress line with "Success" or "ERROR"
        Msg("dfu_write_failed", r"^(?:Erasing flash\.\.\.|\[[> ]*\])\s+ERROR\s*$", "strong", fail=True,
            example="Erasing flash...  ERROR", src="dfu-programmer 0.7-1.1 src/commands.c, atmel.c (from the source's format)"),
        Msg("dfu_write_failed", r"^Unknown error\.\s+Try enabling debug", "weak", fail=True,
            example="Unknown error.  Try enabling debug.", src="dfu-programmer 0.5-1.1 src/atmel.c (from the source's format)"),
        # arguments.c 0.6-1.1: a target name this version does not know (a newer chip, a typo)
        Msg("usage_printed", r"^Unsupported target '[^']{1,40}'", "weak", fail=True,
            example="Unsupported target 'atmega32u4rc'.", src="dfu-programmer 0.6-1.1 src/arguments.c (from the source's format)"),
        # a normal note, not a failure
        Msg(None, r"^Chip already blank, to force erase use --force", "strong", benign=True,
            example="Chip already blank, to force erase use --force."),
    ),
    group(
        # (usb-drivers s10) Atmel/Microchip FLIP 3.4.x (Windows), the GUI and its command line batchisp, flash the same Atmel
        # DFU bootloaders (an Uno's 16U2 at 03eb:2fef, 32U4 2ff4, AT90USB) through Atmel's libusb-win32-based USB driver:
        # its DLL comes with that driver, so "AtLibUsbDfu.dll not found" when choosing Communication > USB means the DFU
        # device has no Atmel driver bound (install it from FLIP's usb folder in Device Manager); batchisp's "Opening port
        # ... AtLibUsbDfu: 3EB 2FEF no device present." is dfu-programmer's "no device present" (goo.ne.jp iroha112233
        # 2015-09, UnoJoy #15)
        "Atmel FLIP 3.4.x GUI and batchisp 1.2.x (Windows)",
        # (boot-dfu-avr s25) the same dialog retyped in a report: the name quoted, "is/was not found", "missing", or "could not
        # find/load AtLibUsbDfu.dll" (grbl #995); not a conditional or advice line ("If FLIP says ... install the driver")
        # (review s25) with Windows' "could not be found/loaded" and "missing AtLibUsbDfu.dll"; a question, a conditional or
        # advice anywhere in the line ("Try reinstalling FLIP if it says ...", "- If ...", "> If ..."), or a negation ("I no
        # longer get ...") is no failure: the benign row after it takes that line, so the generic "library missing" cue does not
        # read it as a tool to install (TOOL001)
        Msg("usb_driver_missing", r"(?i)^" + _FLIP_DLL_NOT_SAID + r".*?" + _FLIP_DLL_FAILED, "strong", fail=True,
            example="atlibusbdfu.dll not found"),
        Msg(None, r"(?i)" + _FLIP_DLL_FAILED, "strong", benign=True,
            example="If FLIP says AtLibUsbDfu.dll not found, install the driver from FLIP's usb folder."),
        Msg("no_dfu_device", r"AtLibUsbDfu: (?P<vid>[0-9A-Fa-f]{3,4}) (?P<pid>[0-9A-Fa-f]{4}) no device present", "strong", fail=True,
            convert=(("vid", lambda v: v.lower().zfill(4)), ("pid", str.lower)),
            example="Opening port........................... AtLibUsbDfu: 3EB 2FF7 no device present."),
    ),
)

# (proxmark-sec s13) ChameleonMini's Windows upgrade script (emsec/ChameleonMini Firmware/Chameleon-Mini/ChameleonFirmwareUpgrade.bat,
# 2016-2023) runs dfu-programmer.exe atxmega128a4u erase / flash-eeprom / flash and after a non-zero exit echoes its own hint;
# before that it checks that dfu-programmer.exe and the .eep/.hex sit next to it. The target is an Atmel DFU bootloader
# (ATxmega128A4U), on Windows: "no device present" there is the bootloader without its Atmel/libusb driver, or a device not in
# its bootloader (emsec/ChameleonMini #219: installing the Atmel driver in Device Manager fixed it)
_CHAMELEON_BAT = group(
    "emsec/ChameleonMini Firmware/Chameleon-Mini/ChameleonFirmwareUpgrade.bat (2016-2023, Windows)",
    Msg("chameleon_upgrade_bat", r"^There was an error with executing this command\. Maybe your ChameleonMini is not in bootloader mode\?",
        "strong", attrs={"host": "windows"},
        example="There was an error with executing this command. Maybe your ChameleonMini is not in bootloader mode?"),
    Msg("tool_missing", r"^Cannot find (?P<name>dfu-programmer\.exe)\. Please run this \.bat script", "strong", fail=True,
        example="Cannot find dfu-programmer.exe. Please run this .bat script in the same directory where dfu-programmer.exe is saved."),
    Msg("image_unreadable", r"^Cannot find (?P<path>Chameleon-Mini\.(?:eep|hex))\. Please run this \.bat script", "strong", fail=True,
        attrs={"missing": True},
        example="Cannot find Chameleon-Mini.hex. Please run this .bat script in the same directory where Chameleon-Mini.eep and Chameleon-Mini.hex are saved."),
)
MESSAGES = rows_of(MESSAGES, _CHAMELEON_BAT)

# (keyboards s8) the make targets that run dfu-programmer: QMK's `flash` (platforms/avr/flash.mk) and, before it and in
# tmk_core/avr.mk (0.5-0.12), `dfu`, `dfu-ee`, `dfu-split-left` / `dfu-split-right`; the top-level Makefile then reports
# "kb:km:<target>". After a validated image their non-zero exit is the final reset/launch step's (qmk_firmware#12858:
# "tmk_core/avr.mk:137: dfu] Error 1" after "Validating... / 23292 bytes used", the new keymap running)
_MAKE_TARGET = r"(?:flash|dfu(?:-ee|-split-left|-split-right)?)"
_AFTER_SUCCESS = (r"\*\*\* \[[^\]]*flash[^\]]*\] Error \d+", r"^Make finished with errors", r"make(?:\[\d+\])?: \*\*\* \[[^\]]*:flash\] Error \d+",
                  r"\*\*\* \[[^\]\s]*(?:avr\.mk|flash\.mk|Makefile):\d+: (?:\S+:)?" + _MAKE_TARGET + r"\] Error \d+",
                  r"\*\*\* \[(?:\S+:)?" + _MAKE_TARGET + r"\] Error \d+")


@register
class DfuProgrammerParser(TableParser):
    name = "dfu-programmer"
    namespace = "dfu"
    messages = MESSAGES
    hints = (">]", "dfu-programmer", "hex file contains", "hex file error", "valid target flash", "no valid data", "program error",
             "memory access error", "memory read error", "usage:", "error opening", "error reading line",
             "does not validate", "invalid filename", "see --debug", "bootloader version", "checking memory", "erasing flash", "validating", "bytes written into",
             "overlap", "memory write error", "] success", "make finished", "error ", "bytes used", "did not validate",
             # (audit s8)
             "not blank", "use --force", "write protected", "unresponsive", "erasing flash", "] error", "unknown error", "unsupported target",
             "chip already blank",
             # (usb-drivers s10) FLIP / batchisp
             "atlibusbdfu",
             # (proxmark-sec s13) ChameleonMini's upgrade .bat
             "chameleonmini", ".bat script")

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.fields: dict[str, Any] = {}
        self.after_success: tuple[str, ...] = ()

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        if ev is None:
            return
        if ev["kind"] == "dfu_command":
            self.fields.setdefault("target", ev.get("target"))
            self.fields.setdefault("command", line.strip().lstrip(">").strip()[:300])
            if re.search(r"\bsudo\s+(?:\S*/)?dfu-programmer\b", line) and not any(
                    e.get("kind") == "dfu_command" for e in self.events if e is not ev):
                self.fields["sudo"] = True  # the run's first command ran as root: access to the USB node is not what failed
            # (homeauto-de s13) FHEM's CULflash command (fhem/FHEM/98_CULflash.pm, 2012-2026) logs the command it runs before
            # running it from the FHEM process: `Log 1, "CULflash ($cmd) 2>&1"` (2012-2013), `Log3 undef, 1, "CULflash $cmd"`
            # (2013+), e.g. "2013.10.22 19:24:00 1: CULflash (dfu-programmer atmega32u4 erase && ...) 2>&1". FHEM runs as its
            # own service user (fhem), not root
            if re.match(r"^\d{4}\.\d\d\.\d\d \d\d:\d\d:\d\d(?:\.\d{1,3})? \d: CULflash \(?(?:\S*/)?dfu-programmer\s", line.strip()):
                self.fields["launcher"] = "fhem"
        elif ev["kind"] == "image_unreadable" and ev.get("path") and re.search(r"\s|%20|[()]", ev["path"].strip()) and not any(
                e.get("kind") == "dfu_command" and '"' + ev["path"].strip() + '"' in (e.get("line") or "") for e in self.events):
            # (keyboards2 s9) a name a browser made for a re-download ("kb%20(3).hex", "kb (1).hex") or a path with spaces:
            # renaming the file to a plain name fixed it (modelfkeyboards.com QMK Toolbox PSA; r/olkb KBD75, spaces in the path)
            # (kbd-forums s10) unless the flash command shown passed that very path in double quotes (QMK Toolbox 0.0.2x on
            # Windows: flash --force "C:\Users\First Last\..."): then the name reached dfu-programmer whole and fopen()
            # failing means the file is not there (qmk_firmware#11509, qmk_toolbox#373: a re-download fixed it)
            ev["odd_name"] = True
        elif ev["kind"] in ("flash_validated", "bytes_written"):
            self.fields["verified" if ev["kind"] == "flash_validated" else "written"] = True
            self.after_success = _AFTER_SUCCESS  # the make target's exit status after a validated image is the leave step's
            setattr(self, "benign", _AFTER_SUCCESS)  # the splitter's failure scan asks the block's parser (instance patterns)

    def summary(self) -> dict[str, Any]:
        s = dict(self.fields)
        if s.get("verified"):
            s["success"] = True
        elif any(e.get("fail") for e in self.events):
            s["success"] = False
        return s

    def feed(self, lineno: int, line: str) -> None:
        text = line.strip()
        if self.after_success and any(re.search(p, text) for p in self.after_success):
            return
        super().feed(lineno, line)
