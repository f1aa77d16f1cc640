"""SparkFun's Ambiq Secure Bootloader uploader for Apollo3 / Artemis boards (ambiq_bin2board, "ASB"), as a message table.

Source read (arduino-forum-arm s18): sparkfun/Arduino_Apollo3 tools/ambiq/ambiq_bin2board.py at 977cad9 (2019-12, the
1.0.x cores, the Arduino IDE's "Ambiq Secure Bootloader" upload method and Tools > Burn Bootloader; the 2.x cores ship it
as tools/uploaders/asb). The script first turns the .bin into a wired-update blob (am_print "Image from 0x.. to 0x..
will be loaded at 0x.."), prints "Connecting over serial port <port>...", checks that the port opens (else it lists the
ports: "Com Port not found - Did you select the right one?"), then tries three times: DTR/RTS pulse RST and the boot pin
(the Apollo3 ROM bootloader looks at that pin right after reset), it sends Hello and waits 5 s for the Status answer.
A try with no answer prints "Fail"; after three, "Tries = 3" and "Upload failed"; an answer prints "Bootloader
connected" and, once the blob is written, "Tries = N" and "Upload complete!".

Facts: runs under `flash.runs` (tool "ambiq-asb"). Event kinds: `bootloader_found` (Hello answered),
`bootloader_no_answer` (one try got no answer), `flash_succeeded`.
"""

from __future__ import annotations

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

_SRC = "sparkfun/Arduino_Apollo3 tools/ambiq/ambiq_bin2board.py 977cad9 (cores 1.0.x; tools/uploaders/asb in 2.x)"

_ASB = rows_of(
    group(
        _SRC,
        # bin2blob_process's and blob2wired_process's am_print lines (their pieces joined by spaces), before the serial part;
        # Tools > Burn Bootloader prints the same for the SVL's blob
        Msg(None, r"^(?:Header Size = 0x[0-9a-fA-F]+|original app_size 0x[0-9a-fA-F]+ \( ?\d+ ?\)|load_address 0x[0-9a-fA-F]+ \( ?\d+ ?\))\s*$",
            strength="strong", example="original app_size 0x3290 ( 12944 )"),
        Msg(None, r"^Writing to file \S.{0,300}_OTA_blob\.bin\s*$", strength="strong",
            example="Writing to file C:\\Users\\u\\AppData\\Local\\Temp\\arduino_build_821228/Blink.ino_Wired_OTA_blob.bin"),
        Msg(None, r"^Image from 0x[0-9a-fA-F]+\s+to 0x[0-9a-fA-F]+ will be loaded at\s?0x[0-9a-fA-F]+\s*$", strength="strong",
            example="Image from 0x0 to 0x270c will be loaded at 0x20000"),
        # the forum software often turns the three dots into an ellipsis character
        Msg(None, r"^Connecting over serial port \S+?(?:\.\.\.|\u2026)\s*$", strength="strong",
            example="Connecting over serial port COM5..."),
        Msg("bootloader_found", r"^Bootloader connected\s*$", strength="strong", example="Bootloader connected"),
        # one of the three tries: Hello sent after the DTR/RTS reset, no Status came back within 5 s
        Msg("bootloader_no_answer", r"^Fail\s*$", fail=True, example="Fail"),
        Msg(None, r"^Tries = \d+\s*$", example="Tries = 3"),
        Msg(None, r"^Upload failed\s*$", fail=True, example="Upload failed"),
        Msg("flash_succeeded", r"^Upload complete!\s*$", strength="strong", example="Upload complete!"),
        # the port would not open: the ports list_ports finds are printed, with a suggestion when one looks like a board
        Msg("serial_no_such_port", r"^Com Port not found - Did you select the right one\?", strength="strong", fail=True,
            example="Com Port not found - Did you select the right one?"),
        Msg("serial_no_such_port", r"^The port you selected was not found\. But we did detect an? (?:CH340|FTDI|USB Serial Device) on \S+",
            strength="strong", fail=True,
            example="The port you selected was not found. But we did detect a CH340 on COM5 so you might try again on that port."),
    ),
)


@register
class AmbiqAsbParser(TableParser):
    name = "ambiq-asb"
    namespace = "flash"
    messages = _ASB
    hints = ("header size", "app_size", "load_address", "writing to file", "image from", "connecting over serial port", "bootloader connected", "fail", "tries =", "upload failed",
             "upload complete!", "port not found", "was not found")
