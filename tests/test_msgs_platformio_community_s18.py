"""Rows and rules added for the platformio-community round (session 18): `pio device list` records (which port is
which device) against PlatformIO's chosen upload port, an auto-detected COM1 whose upload failed, bossac failing on
the new port a 1200-baud touch brought up, a link stopped on a RAM region (FW005, not FW004), and an Arduino IDE
exit status after the uploader's own success."""

from __future__ import annotations

from tests.textkit import facts, first, serious

# platformio-core#1904: the upload's auto-detection and the listing of `pio device list`
PIO_MODEM_PORT = """configuring upload protocol...
AVAILABLE: wiring
CURRENT: upload_protocol = wiring
Looking for upload port...
Auto-detected: /dev/ttyACM0

/dev/ttyACM3
------------
Hardware ID: USB VID:PID=2341:0042 SER=55736303631351816002 LOCATION=2-2.1:1.0
Description: Arduino Mega 2560

/dev/ttyACM0
------------
Hardware ID: USB VID:PID=0BDB:193E SER=1C131E4899FF65M0 LOCATION=2-4:1.1
Description: N5321 gw - N5321 gw Mobile Broadband Modem"""

# platformio-core#3874 (Windows): COM1 auto-detected, touched, and bossac found nothing there
PIO_COM1 = """Looking for upload port...
Auto-detected: COM1
Forcing reset using 1200bps open/close on port COM1
Waiting for the new upload port...
Uploading .pio\\build\\nano33ble\\firmware.bin
No device found on COM1
*** [upload] Error 1"""

# community.platformio.org 21396: the touch on COM4 brought up COM5, bossac found no device on COM5
PIO_BOSSAC_NEW_PORT = """Looking for upload port...
Auto-detected: COM4
Forcing reset using 1200bps open/close on port COM4
Waiting for the new upload port...
Uploading .pio\\build\\adafruit_feather_m4_can\\firmware.bin
No device found on COM5
*** [upload] Error 1"""

# platform-espressif8266#322
IRAM_OVERFLOW = """c:/users/u/.platformio/packages/toolchain-xtensa/bin/../lib/gcc/xtensa-lx106-elf/10.3.0/../../../../xtensa-lx106-elf/bin/ld.exe: .pio\\build\\huzzah\\firmware.elf section `.text1' will not fit in region `iram1_0_seg'
collect2.exe: error: ld returned 1 exit status
*** [.pio\\build\\huzzah\\firmware.elf] Error 1"""

# bbs.21ic.com 3491298: STM32CubeProgrammer succeeded, the IDE reports the script's exit status
CUBEPROG_OK_EXIT_1 = """Erasing internal memory sectors [0 10]
Download in Progress:
File download complete
Time elapsed during download operation: 00:00:00.740
RUNNING Program ...
Address: : 0x8000000
Application is running
Start operation achieved successfully
Failed uploading: uploading error: exit status 1"""


def test_pio_device_list_records_name_their_ports():
    ports = {p["device"]: p for p in facts(PIO_MODEM_PORT)["serial"]["ports"]}
    assert ports["/dev/ttyACM3"]["usb"]["vid"] == "2341" and ports["/dev/ttyACM3"]["description"] == "Arduino Mega 2560"
    assert "Modem" in ports["/dev/ttyACM0"]["description"]


def test_upload_to_a_modem_port_beside_the_board_is_wrong_device():
    assert first(PIO_MODEM_PORT) == "BOOT006"


def test_auto_detected_com1_that_failed_is_wrong_device():
    assert first(PIO_COM1) == "BOOT006"


def test_bossac_failing_on_the_new_port_is_not_a_missed_bootloader_entry():
    assert "BOOT001" not in serious(PIO_BOSSAC_NEW_PORT)


def test_ram_region_overflow_is_a_failed_build_not_a_full_flash():
    assert first(IRAM_OVERFLOW) == "FW005"


def test_ide_exit_status_after_the_uploaders_success_is_healthy():
    assert serious(CUBEPROG_OK_EXIT_1) == []
