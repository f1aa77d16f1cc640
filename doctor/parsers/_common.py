"""Event kinds shared by several tools' parsers (declared once here)."""

import re

from doctor import schema

# A tool could not open a USB device it found: permissions (LIBUSB_ERROR_ACCESS and its wordings).
schema.declare_event_kinds("usb_access_denied")


# (framing s21) A wrapper's bare verdict: the line a wrapper prints after the tool it ran exited non-zero, which says
# that it failed and nothing of why. PlatformIO core 6.x (run/cli.py "[FAILED] Took N seconds", SCons "*** [upload]
# Error N" / "Explicit exit, status N"), GNU make 4.x ("make: *** [FILE:LINE: TARGET] Error N", "make[1]: ..."), QMK
# (builddefs/message.mk "Make finished with errors"), arduino-cli 0.x-1.x / IDE 2.x (commands/service_upload.go "Failed
# uploading: uploading error: exit status N", "Error during Upload: ..."), IDE 1.8 (SketchController.java "An error
# occurred while uploading the sketch", Uploader.java "Problem uploading to board") and the IDE's own "exit status N"
BARE_VERDICT = re.compile(
    r"^\s*(?:=+ *\[(?:FAILED|ERROR)\] Took [\d.]+ seconds *=*"
    r"|(?:scons: )?\*\*\* \[\w+\] (?:Error -?\d+|Explicit exit, status -?\d+)"
    r"|(?:g?make|mingw32-make)(?:\.exe)?(?:\[\d+\])?: \*\*\* \[[^\]]+\] Error -?\d+"
    r"|Make finished with errors"
    r"|(?:Error during Upload: )?(?:Failed uploading|Failed programming|Error during Upload)(?:: uploading error)?: (?:uploading error: )?exit status -?\d+"
    r"|(?:uploading error: )?exit status -?\d+"
    r"|An error occurred while uploading the sketch\.?"
    r"|Problem uploading to board\..*"
    # (trim s22) Arduino IDE 2.x's notification of the same ("Upload error: Failed uploading: uploading error: exit status 1",
    # 2.0's gRPC form "Upload error: Error: 2 UNKNOWN: uploading error: uploading error: exit status 1")
    r"|Upload error: (?:Error: \d+ [A-Z_]+: )?(?:Failed uploading: )?(?:uploading error: )+exit status -?\d+)\s*$")


# (fw-tool s23) A flasher told to write a file whose path is only the part of a path before a space: a Windows user or
# program folder ("c:\\Users\\Martin" of "C:\Users\Martin Ger\...", "C:\Program" of "C:\Program Files\..."). Such a
# folder is never the image: the wrapper (a PlatformIO platform, a core's recipe) left a path with a space unquoted and
# the command line was split there (platformio/platform-espressif32#118). Windows paths may arrive with doubled
# backslashes, as Python's repr prints them in esptool's "No such file or directory: '...'". Not /home/NAME or
# /Users/NAME: Linux and macOS user (short) names hold no space, so such a path is a real folder given as the image
# (review s23); a POSIX or deeper cut is read by split_path_shown from the longer path the same text shows.
SPLIT_PATH_FRAGMENT = re.compile(r"^[A-Za-z]:(?:\\{1,2}|/)(?:Program|Documents|Users(?:\\{1,2}|/)[^\\/\s]+)$", re.IGNORECASE)


def split_path_fragment(path: object) -> bool:
    """True when `path` (as a tool quoted it, quotes stripped) is a folder cut at a space (SPLIT_PATH_FRAGMENT)."""
    return isinstance(path, str) and bool(SPLIT_PATH_FRAGMENT.match(path.strip().strip("\"'")))


_IMAGE_NAME = re.compile(r"\.(?:bin|hex|elf|uf2|img|eep|zip|dfu)$", re.IGNORECASE)


def split_path_shown(path: object, lines: list[str]) -> bool:
    r"""(fw-tool review s23) True when `path` followed by a space begins a longer path on one of `lines` (the wrapper's
    "Uploading C:\...\Projects\ESP32 Wifi Controller\...\firmware.bin" or the echoed command line above esptool's
    "No such file or directory: '...\\Projects\\ESP32'"; "/home/pi/My Project/..." above "'/home/pi/My'"): the project or
    user folder holds a space and the command line was split there. `path` must name a folder (a separator in it, no
    image suffix) and the words after the space must reach a separator of the longer path."""
    if not isinstance(path, str):
        return False
    frag = path.strip().strip("\"'").replace("\\\\", "\\")
    if len(frag) < 3 or not re.search(r"[\\/]", frag) or _IMAGE_NAME.search(frag):
        return False
    longer = re.compile(re.escape(frag) + r" [^\s\\/'\":]+(?: [^\s\\/'\":]+){0,5}[\\/]", re.IGNORECASE)
    return any(longer.search(line.replace("\\\\", "\\")) for line in lines)


# (s25 review) a character of one sentence, for the prose readers' guards: a full stop, "!" or "?" inside a word
# (flashtool.py, printer.cfg, "v2.1") does not end it. Spelled once; the readers import it as `_SENT`.
SENT = r"(?:[^.!?\n]|[.!?](?=\S))"
