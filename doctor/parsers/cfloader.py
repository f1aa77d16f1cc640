"""cfloader, the Crazyflie's command-line bootloader client (`python3 -m cfloader flash cf2.bin stm32-fw`, `make cload`),
as a message table (hwhacking-tools s13).

Sources read: bitcraze/crazyflie-clients-python src/cfloader/__init__.py (2014 to master 582f41d, 2026; the 2021-04
rewrite b3263e37 to cflib's flash_full) and bitcraze/crazyflie-lib-python cflib/bootloader/__init__.py (master 0417fba,
2026). A cold boot prints "Restart the Crazyflie you want to bootload in the next 10 seconds ..." and waits for a
Crazyflie to answer in its radio bootloader; a warm boot (-w <uri>) prints "Reset to bootloader mode ..." and asks the
running firmware at that URI to restart into the bootloader. When no bootloader answers, cfloader before 2021-04 prints
"Cannot connect the bootloader!" (or "Failed to warmboot"); since then cflib raises "Could not connect to bootloader",
which cfloader prints as "Failed to flash: Could not connect to bootloader" (flash) or after a traceback (info). A
Crazyflie that answers prints "Connected to bootloader on Crazyflie 2.x (version=0x10)" and, at the end, "Reset in
firmware mode ...". Other refusals: "Could not open file '<f>': ..." (the image), "Error: Not enough space to flash the
image file." (cflib).

Meaning of "no bootloader answered": the Crazyflie was not restarted into its bootloader within the 10 s (the power
button held until the blue M2/M3 LEDs blink), or a warm boot's URI did not reach the running firmware; Bitcraze's answer
(forum.bitcraze.io t=4410) is to let cfloader send the request itself with `-w radio://...`.

Facts: one run per block under `flash.runs`, tool "cfloader".
"""

from __future__ import annotations

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

MESSAGES = rows_of(
    group(
        "bitcraze/crazyflie-clients-python src/cfloader/__init__.py (2014-2026) and crazyflie-lib-python cflib/bootloader (2021-2026)",
        Msg("bootloader_wait", r"^Restart the Crazyflie you want to bootload in the next", "strong",
            example="Restart the Crazyflie you want to bootload in the next"),
        Msg(None, r"^\s*10 seconds \.\.\.(?: done!)?\s*$", "weak", example=" 10 seconds ..."),
        Msg("bootloader_request", r"^Reset to bootloader mode \.\.\.", "strong", example="Reset to bootloader mode ..."),
        Msg("bootloader_no_answer", r"^(?P<text>Cannot connect the bootloader)!", "strong", fail=True, example="Cannot connect the bootloader!"),
        Msg("bootloader_no_answer", r"^(?P<text>Failed to warmboot)\s*$", "strong", fail=True, example="Failed to warmboot"),
        Msg("bootloader_no_answer", r"^(?:Failed to flash: |Exception: )?(?P<text>Could not connect to bootloader)\s*$", "strong", fail=True,
            example="Failed to flash: Could not connect to bootloader"),
        Msg("bootloader_connected", r"^Connected to bootloader on (?P<name>.+?) \(version=0x(?P<version>[0-9A-Fa-f]+)\)", "strong",
            example="Connected to bootloader on Crazyflie 2.0 (version=0x10)"),
        Msg("flash_done", r"^Reset in firmware mode \.\.\.", "strong", example="Reset in firmware mode ..."),
        Msg("image_missing", r"^Could not open file '(?P<path>[^']+)': (?P<text>.+)$", "weak", fail=True,
            example="Could not open file 'cf2.bin': [Errno 2] No such file or directory: 'cf2.bin'"),
        Msg("image_too_large", r"^Error: Not enough space to flash the image file\.", "strong", fail=True,
            example="Error: Not enough space to flash the image file."),
        Msg("flash_failed", r"^Failed to flash: (?P<text>.+)$", "strong", fail=True, example="Failed to flash: Flashing terminated"),
        Msg("cfloader_command", r"(?:^|\s)(?:python3? -m )?(?:\S*/)?cfloader\s+(?P<command>flash|info|reset)\b", "strong",
            example="python3 -m cfloader flash cf2.bin stm32-fw"),
    ),
)


@register
class CfloaderParser(TableParser):
    name = "cfloader"
    namespace = "flash"
    messages = MESSAGES
    hints = ("crazyflie", "cfloader", "bootload", "warmboot", "10 seconds", "firmware mode", "failed to flash", "could not open file",
             "not enough space")
