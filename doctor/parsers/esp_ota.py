"""Over-the-air updates of ESP8266/ESP32 firmware (ArduinoOTA with espota.py, the HTTP update server and client of the
Arduino cores, ESPHome's OTA upload), as a message table (byid-fw-boot s17).

Sources read: esp8266/Arduino (master f946290, 2026) cores/esp8266/Updater.cpp (UpdaterClass::printError prints
"ERROR[%hhu]: %s", UPDATE_ERROR_SPACE (4) is "Not Enough Space"; begin() sets it when the new image does not fit
the free space between the running sketch and the file system), libraries/ArduinoOTA/ArduinoOTA.cpp (the answer to
espota.py is "ERR: " plus that line), tools/espota.py ("Sending invitation to", "Upload size", `logging.error('Bad
Answer: %s', data)`), libraries/ESP8266HTTPUpdateServer ("Update error: " plus the line), libraries/ESP8266httpUpdate
(HTTP_UE_TOO_LESS_SPACE, -100, "Not Enough space"); espressif/arduino-esp32 (0166ae3) libraries/Update/src/Updater.cpp
(begin() logs "too large %u > %u" and fails with "Bad Size Given" when the image exceeds the next OTA partition; its
printError prints the bare text, and its "Not Enough Space" means more data than announced); esphome/esphome (2024.10, 33fdbbe) esphome/espota2.py, whose
OTAError texts name the device's refusal ("Error: ESP does not have enough space to store OTA file. Please try flashing
a minimal firmware (remove everything except ota)", ESP32 "Error: The OTA partition on the ESP is too small.").

Meaning: an OTA update needs the new image to fit beside the running one (ESP8266: in the free space before the file
system; ESP32: in the other OTA partition). On a 512 KB or 1 MB module a sketch over about half the flash cannot be
updated over the air (ESPEasy's "OTA 2-step Needed": a minimal image first), whatever size the new image has on its
own.

Facts: one run per block under `flash.runs`, tool "esp-ota".
"""

from __future__ import annotations

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

MESSAGES = rows_of(
    group(
        "esp8266/Arduino cores/esp8266/Updater.cpp printError(), ArduinoOTA.cpp, tools/espota.py, ESP8266HTTPUpdateServer, ESP8266httpUpdate (2015-2026)",
        Msg("ota_no_space", r"ERROR\[4\]: Not Enough Space\b", "strong", fail=True,
            example="09:42:58 [ERROR]: Bad Answer: ERR: ERROR[4]: Not Enough Space"),
        # ESP8266httpUpdate / arduino-esp32 HTTPUpdate HTTP_UE_TOO_LESS_SPACE (-100, "Not Enough space": the server's
        # Content-Length exceeds the free space / OTA partition). arduino-esp32's Update library prints a bare "Not Enough
        # Space" (capital S) for more data than begin() was told, not for a small partition, so it is left out
        Msg("ota_no_space", r"Update error: Not Enough space\b|Error \(-100\): Not Enough space\b", "strong", fail=True,
            example="Update error: Not Enough space"),
        Msg("ota_invitation", r"Sending invitation to:? \S+", "strong", example="09:42:58 [INFO]: Sending invitation to: 192.168.1.182"),
        Msg("ota_upload_size", r"\[INFO\]: Upload size:? (?P<size>\d+)", "weak", convert=(("size", int),),
            example="09:42:58 [INFO]: Upload size: 5113700"),
        Msg("ota_refused", r"\[ERROR\]: Bad Answer: (?P<text>.+)$", "weak", fail=True, example="[ERROR]: Bad Answer: ERR: ERROR[2]: Flash Write Failed"),
    ),
    group(
        "espressif/arduino-esp32 libraries/Update/src/Updater.cpp begin() (2.x-3.x): the announced image is larger than the next OTA partition",
        Msg("ota_no_space", r"begin\(\): too large (?P<size>\d+) > (?P<limit>\d+)", "strong", fail=True, convert=(("size", int), ("limit", int)),
            example="[E][Updater.cpp:139] begin(): too large 1572864 > 1310720"),
    ),
    group(
        "esphome/esphome esphome/espota2.py OTAError texts (1.x-2024.10)",
        Msg("ota_no_space", r"ESP does not have enough space to store OTA file", "strong", fail=True,
            example="ERROR Error binary size: Error: ESP does not have enough space to store OTA file. Please try flashing a minimal firmware (remove everything except ota)"),
        Msg("ota_no_space", r"The OTA partition on the ESP is too small\b", "strong", fail=True,
            example="Error: The OTA partition on the ESP is too small. ESPHome needs to resize this partition, please flash over USB."),
        # the device compared the flash size the new image's header asks for with its own: the firmware was built for
        # another board (its flash size), ESPHome's fix is the right `board:` (esp01_1m always works) and a USB flash
        Msg("ota_wrong_flash_size", r"ESP has been flashed with wrong flash size\b|ESP does not have the requested flash size \(wrong board\)", "strong", fail=True,
            example="Error: ESP does not have the requested flash size (wrong board). Please choose the correct 'board' option (esp01_1m always works) and try uploading again."),
        Msg("ota_upload_size", r"^INFO Uploading \S+ \((?P<size>\d+) bytes\)", "strong", convert=(("size", int),),
            example="INFO Uploading /data/node1/.pioenvs/node1/firmware.bin (330624 bytes)"),
    ),
)


@register
class EspOtaParser(TableParser):
    name = "esp-ota"
    namespace = "flash"
    messages = MESSAGES
    hints = ("not enough space", "too large", "sending invitation", "upload size", "bad answer", "enough space to store ota",
             "ota partition on the esp", "info uploading", "wrong flash size", "requested flash size")
