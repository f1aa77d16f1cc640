"""Creality K1's MCU flasher `mcu_util.py` (and the k1_mcu_flasher.sh wrapper around it), which flashes the K1/K1C/K1
Max mainboard, nozzle and bed MCUs (GD32F303) over their UART through Creality's own serial bootloader, as a message
table (klipper-any s19).

Sources read: cryoz/k1_mcu_flasher (8417786, 2025) mcu_util.py and README.md, and its fork Fiddl3/k1_mcu_flasher
(d2f22a8, 2025) mcu_util.py and k1_mcu_flasher.sh (pellcorp's K1 tree ships the same mcu_util.py). The bootloader only
listens for the handshake byte (0x75) for about 15 s after the MCU powers up ("bootloader awaits handshake 15 seconds
after powerup MCU"), then starts the application; a running application leaves it only when its firmware accepts the
serial bootloader request (the magic block doctor/protocols/entry.py holds) at Klipper's baud (`-b`, 230400). When no handshake answers after
that request the tool prints "Failed to enter bootloader mode" (Fiddl3, and the wrapper "Failed to enter bootloader
mode!") or, after five tries, "Cannot enter bootloader, is supported firmware flashed? Exiting..." (cryoz): the request
did not reach a bootloader (stock or other firmware that ignores the magic, Klipper still holding the port) and the cure
is a power cycle with the flash started inside the 15 s window. "Successfully entered bootloader mode: FV: ..." /
"Successful entered bootloader!" / "Already in bootloader mode: FV: ..." mean it answered.

Facts: one run per block under `flash.runs`, tool "creality-mcu-util": `bootloader_request`, `bootloader_no_answer`
(fail), `bootloader_found`, `port_timeout` (fail: "Timeout serial /dev/ttyS1"), `flash_failed` (the wrapper's
"Flashing failed!"), `flash_done` (its "Flash successful" banner).
"""

from __future__ import annotations

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

MESSAGES = rows_of(
    group(
        "cryoz/k1_mcu_flasher and Fiddl3/k1_mcu_flasher mcu_util.py (2025): bootloader request and handshake",
        # "{port}:{baud}" is this tool's own form; Katapult's flashtool prints the device alone
        Msg("bootloader_request", r"^Requesting serial bootloader for device (?P<device>/\S+?):(?P<baud>\d{4,7})\.\.\.\s*$", "strong",
            example="Requesting serial bootloader for device /dev/ttyS1:230400..."),
        Msg("bootloader_no_answer", r"^Failed to enter bootloader mode!?\s*$", "strong", fail=True,
            example="Failed to enter bootloader mode"),
        Msg("bootloader_no_answer", r"^Cannot enter bootloader, is supported firmware flashed\? Exiting", "strong", fail=True,
            example="Cannot enter bootloader, is supported firmware flashed? Exiting..."),
        Msg("bootloader_found", r"^(?:Successfully entered bootloader mode|Already in bootloader mode): FV: ", "strong",
            example="Successfully entered bootloader mode: FV: GD32F303_NOZZLE_V2.1.0"),
        Msg("bootloader_found", r"^Successful entered bootloader!", "strong", example="Successful entered bootloader!"),
        Msg(None, r"^FW Version: \S", "weak", example="FW Version: mcu0_110_G32-mcu0_000_000"),
        Msg("port_timeout", r"^Timeout serial /dev/\S+\s*$", "strong", fail=True, example="Timeout serial /dev/ttyS1"),
        Msg(None, r"^Cannot write data!\s*$", "weak", fail=True, example="Cannot write data!"),
        # -v debug lines
        Msg(None, r"^(?:send (?:magic|handshake|version request|sector size request|fw size|app start)|open port /dev/\S+)\s*$", "weak",
            example="send handshake"),
        Msg(None, r"^rcv data b'[0-9a-fA-F]*'\s*$", "weak", example="rcv data b'21'"),
        Msg(None, r"^Klipper service (?:is active\. Do you want to stop it\?|stopped\.)", "weak",
            example="Klipper service stopped."),
    ),
    group(
        "Fiddl3/k1_mcu_flasher k1_mcu_flasher.sh (2025): the wrapper's banners",
        Msg(None, r"^=+ (?:Entering bootloader mode|Starting firmware update) =+\s*$", "strong",
            example="======================= Entering bootloader mode ======================="),
        Msg("flash_done", r"^=+ Flash successful =+\s*$", "strong",
            example="=========================== Flash successful ==========================="),
        Msg(None, r"^Entering bootloader mode\.\.\.\s*$", "weak", example="Entering bootloader mode..."),
        Msg("flash_failed", r"^Flashing failed!\s*$", "weak", fail=True, example="Flashing failed!"),
    ),
)


@register
class CrealityMcuUtilParser(TableParser):
    name = "creality-mcu-util"
    namespace = "flash"
    messages = MESSAGES
    hints = ("serial bootloader for device", "enter bootloader", "entered bootloader", "bootloader mode", "fw version",
             "timeout serial", "cannot write data", "send ", "rcv data", "klipper service", "starting firmware update",
             "flash successful", "flashing failed")
