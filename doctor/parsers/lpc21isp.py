"""lpc21isp (capiman/lpc21isp 1.9x: NXP LPC8xx/11xx/13xx/17xx/2xxx over the ROM's UART ISP, also the Arduino/Smoothie and
T-962 reflow-oven flows), as a message table.

Source read (session 13): lpc21isp.c and lpcprog.c of capiman/lpc21isp (1.97, 2015). The ROM ISP answers '?' with
"Synchronized" only when the chip came out of reset with its ISP pin low (P0.14 on LPC2xxx, P2.10 on LPC17xx, PIO0_1 on
LPC8xx/11xx): lpc21isp prints "Synchronizing (ESC to abort)" with a dot per try and then " no answer on '?'" when nothing
answered; later steps ("No answer on 'Synchronized'", "No answer on Oscillator-Command", "no answer on Read Part Id") mean
the ROM answered and the exchange broke (levels, baud, the crystal value given). A good run ends "Download Finished and
Verified correct... taking N seconds".

Facts: one run per block under `flash.runs` (tool "lpc21isp"): isp_no_answer when the ROM never answered the first '?'.
"""

from __future__ import annotations

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

MESSAGES = rows_of(
    group(
        "lpc21isp 1.9x lpc21isp.c, lpcprog.c (capiman/lpc21isp)",
        Msg(None, r"(?:^|[\s/\\$>])lpc21isp(?:\.exe)?\s+-\S", strength="strong", example="$ lpc21isp -control -detectonly /dev/ttyUSB0 115200 12000"),
        Msg(None, r"^lpc21isp version \d+\.\d+", strength="strong", example="lpc21isp version 1.97"),
        Msg(None, r"^(?:File \S.*:$|\s*loaded\.\.\.|Start Address = 0x[0-9A-Fa-f]{8}|\s*converted to binary format\.\.\.|"
            r"\s*image size : \d+|Image size : \d+|Read bootcode version: |Read part ID: |Read Unique ID|"
            r"Will start programming at Sector 1|Erasing sector 0 first, to invalidate checksum|Sector \d+: |"
            r"Now launching the brand new code|Whole sector contents is 0xFFs)", example="Read part ID: LPC1768, 512 kiB FLASH / 64 kiB SRAM (0x26013F37)"),
        # each '.' is one '?' sent; the line ends with " OK" when the ROM answered, or " no answer on '?'" when it never did
        Msg("isp_no_answer", r"Synchronizing \(ESC to abort\)\.*\s*no answer on '\?'", strength="strong", fail=True,
            example="Synchronizing (ESC to abort).................................................................................................... no answer on '?'"),
        Msg(None, r"Synchronizing \(ESC to abort\)", strength="strong", example="Synchronizing (ESC to abort). OK"),
        Msg("isp_no_answer", r"^\s*no answer on '\?'", strength="strong", fail=True, example=" no answer on '?'"),
        Msg("isp_exchange_failed", r"^(?:No answer on 'Synchronized'|No answer on Oscillator-Command|no answer on Read (?:Boot Code Version|Part Id|Unique ID)|"
            r"incomplete answer on Read Part Id|Wrong answer on (?:Prepare|Erase|Write|Copy)-Command|Error on writing data|"
            r"Error on writing block_CRC)", strength="strong", fail=True, example="No answer on 'Synchronized'"),
        Msg(None, r"^(?:Can't open COM-Port |Program too large; running out of Flash sectors|Non-zero download reasult|"
            r"User aborted during synchronisation)", strength="strong", fail=True, example="Program too large; running out of Flash sectors."),
        # (1.97 and older print "Download Finished... taking N seconds" when no verify was asked)
        Msg("flash_succeeded", r"^Download Finished(?: and Verified correct)?\.\.\. taking \d+ seconds", strength="strong",
            example="Download Finished and Verified correct... taking 3 seconds"),
    ),
)


@register
class Lpc21ispParser(TableParser):
    name = "lpc21isp"
    namespace = "flash"
    messages = MESSAGES
    hints = ("lpc21isp", "file ", "loaded", "start address", "converted to binary", "image size", "read bootcode", "read part id",
             "read unique id", "will start programming", "erasing sector", "sector ", "launching", "whole sector", "synchroniz",
             "no answer", "incomplete answer", "wrong answer", "error on writing", "can't open com-port", "program too large",
             "non-zero download", "user aborted", "download finished")
