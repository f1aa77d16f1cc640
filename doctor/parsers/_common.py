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
