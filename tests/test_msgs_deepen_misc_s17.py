"""(deepen-misc s17) Forms people paste for the thin ids SD002, CAN005, AVR003, SER006 and SWD005 that doctor missed,
each text from the tool's own source message with realistic values (file and version named beside it)."""

from __future__ import annotations

from textkit import first, serious

# --- SD002: the check after the reset found the old FIRMWARE.CUR ---------------------------------------------------

# Klipper scripts/spi_flash/spi_flash.py verify_flash() (2021-2025): "Verifying Flash..." then "Version unchanged...", the
# renamed current-firmware file checksummed against the upload; main() prints "\nSD Card Flash Error: %s". The upload lines
# cut from the paste (or a `flash-sdcard.sh -c` run): the mismatch is still the bootloader not applying the upload
SD_VERIFY_CHECKSUM = """\
Verifying Flash...Version unchanged...
SD Card Flash Error: Checksum Mismatch: Got 'A1B2C3D4E5F60718293A4B5C6D7E8F9012345678', expected '0D1F5B7E0C3A0F8B9D22A1C6E4F7A8B9C0D1E2F3'
"""

# the same message in the upload's own check ("Validating Upload...", before the reset): the card, SD001
SD_UPLOAD_CHECKSUM = """\
Uploading Klipper Firmware to SD Card...Done
Validating Upload...
SD Card Flash Error: Checksum Mismatch: Got 'A1B2C3D4E5F60718293A4B5C6D7E8F9012345678', expected '0D1F5B7E0C3A0F8B9D22A1C6E4F7A8B9C0D1E2F3'
"""


def test_sd_checksum_mismatch_after_verifying_is_not_applied():
    assert first(SD_VERIFY_CHECKSUM) == "SD002"


def test_sd_checksum_mismatch_while_validating_upload_stays_the_card():
    assert first(SD_UPLOAD_CHECKSUM) == "SD001"


# --- CAN005: the bitrate typed on the `ip link set` command line ----------------------------------------------------

# iproute2 ip-link(8) `ip link set can0 up type can bitrate N` (no answer: the kernel took it) beside Klipper's .config
IP_SET_250K = """\
pi@pi:~ $ sudo ip link set can0 up type can bitrate 250000
pi@pi:~ $ grep -i canbus ~/klipper/.config
CONFIG_CANBUS_FREQUENCY=500000
"""

# the kernel refused the command (iproute2 "RTNETLINK answers: Device or resource busy": the link was already up), so the
# link kept its old bitrate: no comparison
IP_SET_BUSY = """\
pi@pi:~ $ sudo ip link set can0 up type can bitrate 250000
RTNETLINK answers: Device or resource busy
pi@pi:~ $ grep -i canbus ~/klipper/.config
CONFIG_CANBUS_FREQUENCY=500000
"""


def test_ip_link_set_bitrate_against_config():
    assert first(IP_SET_250K) == "CAN005"


def test_ip_link_set_refused_is_not_compared():
    assert "CAN005" not in serious(IP_SET_BUSY)


# --- AVR003: PlatformIO names the USBtiny, avrdude's lines do not ---------------------------------------------------

# PlatformIO platform-atmelavr upload ("Configuring upload protocol...", "CURRENT: upload_protocol = usbtiny") running
# avrdude 6.3 (avr.c "verification error, first mismatch at byte 0x%04x", update.c "verification error; content mismatch")
# on a 108254-byte ATmega2560 image: the 16-bit wrap shows at 0x0000
PIO_USBTINY = """\
Configuring upload protocol...
AVAILABLE: usbtiny
CURRENT: upload_protocol = usbtiny
Uploading .pio/build/megaatmega2560/firmware.hex

avrdude: AVR device initialized and ready to accept instructions
avrdude: Device signature = 0x1e9801 (probably m2560)
avrdude: erasing chip
avrdude: reading input file ".pio/build/megaatmega2560/firmware.hex"
avrdude: writing flash (108254 bytes):
avrdude: 108254 bytes of flash written
avrdude: verifying flash memory against .pio/build/megaatmega2560/firmware.hex:
avrdude: verifying ...
avrdude: verification error, first mismatch at byte 0x0000
         0x0c != 0xff
avrdude: verification error; content mismatch
*** [upload] Error 1
"""

# the words around the paste name the USBtinyISP; avrdude 6.3's lines a 126976-byte ATmega1284P image, mismatch at 0x0000
MENTION_USBTINY = """\
Uploading Marlin to my Ender 3 (Melzi, 1284p) with a USBtinyISP through the Arduino IDE:
avrdude: 126976 bytes of flash written
avrdude: verifying flash memory against /tmp/arduino_build_1234/Marlin.ino.hex:
avrdude: verifying ...
avrdude: verification error, first mismatch at byte 0x0000
         0xff != 0x0c
avrdude: verification error; content mismatch
"""


def test_platformio_usbtiny_wrap():
    assert first(PIO_USBTINY) == "AVR003"


def test_mentioned_usbtiny_wrap():
    assert first(MENTION_USBTINY) == "AVR003"


# --- SER006: the serial login console (a getty) on the UART ---------------------------------------------------------

# psmisc fuser -v: agetty (util-linux, started by serial-getty@ttyAMA0.service) holds the Pi's PL011 UART
FUSER_AGETTY = """\
$ sudo fuser -v /dev/ttyAMA0
                     USER        PID ACCESS COMMAND
/dev/ttyAMA0:        root        612 F.... agetty
"""

# systemd `systemctl status serial-getty@ttyS0.service` (its Loaded: line names the template serial-getty@.service),
# printer.cfg's [mcu] on that UART and Klipper klippy/serialhdl.py "%sTimeout on connect"
GETTY_STATUS = """\
[mcu]
serial: /dev/ttyS0
$ systemctl status serial-getty@ttyS0.service
● serial-getty@ttyS0.service - Serial Getty on ttyS0
     Loaded: loaded (/lib/systemd/system/serial-getty@.service; enabled-runtime; vendor preset: enabled)
     Active: active (running) since Thu 2023-03-02 10:12:01 GMT; 1h 2min ago
$ tail klippy.log
mcu 'mcu': Starting serial connect
mcu 'mcu': Timeout on connect
"""

# coreutils `ls -l` of a UART a getty runs on (agetty makes it root:tty 0620), and Klipper serialhdl.py's
# "%sUnable to open serial port: %s" with pyserial's Errno 13
LS_TTY_CONSOLE = """\
$ ls -l /dev/ttyS0
crw--w---- 1 root tty 4, 64 Mar  3 10:12 /dev/ttyS0
mcu 'mcu': Unable to open serial port: [Errno 13] could not open port /dev/ttyS0: [Errno 13] Permission denied: '/dev/ttyS0'
"""

# the same refusal with the UART at udev's root:dialout crw-rw----: the group (SER004)
LS_TTY_DIALOUT = """\
$ ls -l /dev/ttyS0
crw-rw---- 1 root dialout 4, 64 Mar  3 10:12 /dev/ttyS0
$ groups
pi adm tty sudo
mcu 'mcu': Unable to open serial port: [Errno 13] could not open port /dev/ttyS0: [Errno 13] Permission denied: '/dev/ttyS0'
"""


def test_fuser_agetty_is_the_console():
    assert first(FUSER_AGETTY) == "SER006"


def test_serial_getty_service_with_timeout():
    assert first(GETTY_STATUS) == "SER006"
    # the getty an Armbian-family SBC always runs on its debug UART, beside a board on USB: not this
    assert "SER006" not in serious(GETTY_STATUS.replace("serial: /dev/ttyS0", "serial: /dev/serial/by-id/usb-Klipper_stm32f446xx_1A002E000851313133353932-if00"))


def test_console_mode_on_uart_node():
    assert first(LS_TTY_CONSOLE) == "SER006"


def test_dialout_node_stays_the_group():
    assert first(LS_TTY_DIALOUT) == "SER004"


# --- SWD005: st-flash 1.8's bare WARN is its connect under reset -----------------------------------------------------

# stlink 1.8.0 src/stlink-lib/common.c stlink_target_connect(CONNECT_UNDER_RESET): WLOG "NRST is not connected", then
# stlink_soft_reset() "Soft reset failed: timeout"; st-flash's "Failed to connect to target" (the command line cut off)
ST18_CUR_NO_COMMAND = """\
st-flash 1.8.0
2024-05-11T09:12:01 WARN common.c: NRST is not connected
2024-05-11T09:12:01 ERROR common.c: Soft reset failed: timeout
Failed to connect to target
"""


def test_stflash_18_bare_nrst_warning_means_connect_under_reset():
    assert first(ST18_CUR_NO_COMMAND) == "SWD005"


# --- SER006: OctoPrint's autodetection on the host UART found nothing at any baud rate -------------------------------

# OctoPrint src/octoprint/util/comm.py (1.4-1.10): "Connecting to: %s", the baud autodetection, then "No more candidates to
# test, and no working port/baudrate combination detected."
OCTOPRINT_AUTODETECT_UART = """\
Connecting to: /dev/ttyS0
Changing monitoring state from "Offline" to "Detecting baudrate"
Trying baudrate: 250000
Trying baudrate: 115200
No more candidates to test, and no working port/baudrate combination detected.
"""


def test_octoprint_autodetect_on_uart():
    assert first(OCTOPRINT_AUTODETECT_UART) == "SER006"


# --- SD001: another card, told as what changed the result -------------------------------------------------------------

# a Klipper Discord thread (doublepost.link 1078456492832858172): a BTT Octopus whose firmware.bin never became .CUR
SD_SMALLER_CARD = "I tried a smaller SD card and now the firmware is correct."


def test_smaller_card_made_it_work():
    assert first(SD_SMALLER_CARD) == "SD001"


# --- CAN003: two queries in one paste, the empty one before Klipper was stopped ---------------------------------------

# Klipper scripts/canbus_query.py "Found canbus_uuid=%012x, Application: %s" / "Total %d uuids found", run twice
TWO_QUERIES = """\
pi@pi:~ $ ~/klippy-env/bin/python ~/klipper/scripts/canbus_query.py can0
Total 0 uuids found
pi@pi:~ $ sudo systemctl stop klipper
pi@pi:~ $ ~/klippy-env/bin/python ~/klipper/scripts/canbus_query.py can0
Found canbus_uuid=0e0d81e4210c, Application: Klipper
Total 1 uuids found
"""


def test_empty_query_before_klipper_stopped_is_kept():
    assert first(TWO_QUERIES) == "CAN003"


# --- SWD005: OpenOCD found no MEM-AP although it connected under reset -----------------------------------------------

# OpenOCD 0.11 src/jtag/adapter.c echo of `reset_config srst_only connect_assert_srst`, hla "Target voltage", and
# src/target/cortex_m.c "Could not find MEM-AP to control the core" (a standalone ST-Link V2, VID:PID 0483:3748)
OPENOCD_SRST_MEM_AP = """\
Open On-Chip Debugger 0.11.0
srst_only separate srst_nogate srst_open_drain connect_assert_srst
Info : clock speed 1000 kHz
Info : STLINK V2J37S7 (API v2) VID:PID 0483:3748
Info : Target voltage: 3.240000
Error: Could not find MEM-AP to control the core
"""


def test_openocd_mem_ap_under_srst_is_the_reset_line():
    assert first(OPENOCD_SRST_MEM_AP) == "SWD005"
    assert first(OPENOCD_SRST_MEM_AP.replace("srst_only separate srst_nogate srst_open_drain connect_assert_srst\n", "")) == "SWD004"


# --- CAN007: a CAN MCU's bytes_invalid grows while Klipper runs ------------------------------------------------------

# klippy/serialhdl.py stats in klippy.log's Stats lines ("NAME: mcu_awake=... bytes_invalid=N"), with the MCU's
# [mcu EBBCan] canbus_uuid from the config; Klipper docs/CANBUS_Troubleshooting.md: reordered CAN messages
_STATS = ("Stats {t}: gcodein=0  mcu: mcu_awake=0.003 mcu_task_avg=0.000010 mcu_task_stddev=0.000011 bytes_write=1282 "
          "bytes_read=6053 bytes_retransmit=9 bytes_invalid=0 send_seq=160 receive_seq=160 retransmit_seq=2 srtt=0.001 "
          "rttvar=0.000 rto=0.025 ready_bytes=0 upcoming_bytes=0 freq=72000748 EBBCan: mcu_awake=0.002 mcu_task_avg=0.000008 "
          "mcu_task_stddev=0.000006 bytes_write=900 bytes_read=3000 bytes_retransmit={r} bytes_invalid={n} send_seq=100 "
          "receive_seq=100 retransmit_seq=0 srtt=0.002 rttvar=0.001 rto=0.025 ready_bytes=0 upcoming_bytes=0 freq=64000105 "
          "sysload=0.30 cputime=12.3 memavail=700000")
CAN_INVALID = "\n".join([
    "[mcu EBBCan]",
    "canbus_uuid: 4ab2d3d1a7c2",
    "Start printer at Sat Mar  2 10:00:00 2024 (1709373600.0 1234.5)",
    _STATS.format(t="1300.0", r=0, n=0),
    _STATS.format(t="5300.0", r=120, n=348),
])


def test_can_mcu_bytes_invalid_rising():
    assert first(CAN_INVALID) == "CAN007"
    assert "CAN007" not in serious(CAN_INVALID.replace("bytes_invalid=348", "bytes_invalid=0"))


# --- SER006: the kernel log names a console on the UART ----------------------------------------------------------------

# Linux kernel/printk/printk.c register_console() ("printk: console [%s%d] enabled", 5.x-6.x), printer.cfg's [mcu] on
# that UART and Klipper serialhdl.py's "%sTimeout on connect"
KERNEL_CONSOLE_UART = """\
[    3.350612] printk: console [ttyS0] enabled
```
[mcu]
serial: /dev/ttyS0
```
mcu 'mcu': Timeout on connect
"""


def test_kernel_console_on_the_mcu_uart():
    assert first(KERNEL_CONSOLE_UART) == "SER006"
    assert not serious("[    0.000637] printk: console [tty1] enabled")


# --- SER006: a console on the kernel command line and a flash tool failing on the host's UART -----------------------

# Raspberry Pi OS cmdline.txt (console=serial0,115200) and Katapult scripts/flashtool.py ("Connecting to Serial Device %s,
# baud %d", "Attempting to connect to bootloader", FlashError "Error sending command [%s] to Device")
KATAPULT_UART_CONSOLE = """\
$ cat /boot/cmdline.txt
console=serial0,115200 console=tty1 root=PARTUUID=738a4d67-02 rootfstype=ext4 fsck.repair=yes rootwait
$ python3 ~/katapult/scripts/flashtool.py -d /dev/serial0 -b 250000 -f ~/klipper/out/klipper.bin
Connecting to Serial Device /dev/serial0, baud 250000
Attempting to connect to bootloader
ERROR:root:Flash Error
Traceback (most recent call last):
  File "/home/pi/katapult/scripts/flashtool.py", line 1129, in main
    asyncio.run(fl.run())
flashtool.FlashError: Error sending command [CONNECT] to Device
"""


def test_katapult_on_a_uart_with_the_console_on_it():
    assert first(KATAPULT_UART_CONSOLE) == "SER006"
