"""spent-e round, session 10: the misses of the held-out set spent-e, fixed as families.

- spi_flash.py's "Requested SPI Clock Frequency: N" (printed since the fast-SPI option, Klipper PR #6443) is read
  (sd_spi_clock); a card that fails to initialise at the default 400 kHz is SD001 (Klipper's SDCard_Updates.md:
  retry with -s), one that fails at 4 MHz stays with the board-definition reading (SD003);
- Klipper's make flash running avrdude (an AVR .config) and reading a printer firmware's running status report
  (" T:25.0 /0.0 B:...") from the port: the board did not reset into an AVR bootloader, so the build is for the wrong
  chip (FW002); Marlin's start-up banner ("echo:") stays BOOT001 (an AVR without bootloader), and avrdude run by another
  wrapper (OctoPrint's Firmware Updater) on such a board stays BOOT006 (the tool choice);
- only a vendor bootloader image written over DFU, then no /dev/serial/by-id: BOOT009 (no application yet); not for a
  Katapult/CanBoot image (a USB Katapult enumerates) nor when klipper.bin is written too;
- Katapult's CONNECT failing on CAN while the host's CAN controller counts RX errors (ifconfig / ip -s): CAN007 (the
  adapter or bus loses the reply) ahead of BOOT001; not on a serial port (old flashtool says "to Can Device" there too).
"""

from __future__ import annotations

import pytest

from textkit import events, findings, first

# --- flash-sdcard.sh / spi_flash.py ----------------------------------------------------------------------------------

# Klipper PR #6443 (Qidi X7 board, qidi-q1-pro definition), trimmed
SD_400K = """\
mks@mkspi:~/klipper$ ~/klipper/scripts/flash-sdcard.sh -b 500000 -f ~/klipper/out/qd_mcu.bin /dev/ttyS0 qidi-q1-pro
Flashing /home/mks/klipper/out/qd_mcu.bin to /dev/ttyS0
Checking FatFS CFFI Build...
Connecting to MCU...Connected
Checking Current MCU Configuration...Done
MCU needs restart: is_config=1, is_shutdown=0
Attempting MCU Reset...Done
Waiting for device to reconnect...Done
Connecting to MCU...Connected
Requested SPI Clock Frequency: 400000
Initializing SD Card and Mounting file system...

SD Card Flash Error: Failed to Initialize SD Card. Is it inserted?
"""


@pytest.mark.parametrize("line,hz", [
    ("Requested SPI Clock Frequency: 400000", "400000"),
    ("Requested SPI Clock Frequency: 4000000", "4000000"),
])
def test_spi_clock_row(line: str, hz: str) -> None:
    text = "Connecting to MCU...Connected\n" + line + "\nInitializing SD Card and Mounting file system...\n"
    evs = [e for e in events(text, "sdcard") if e["kind"] == "sd_spi_clock"]
    assert evs and evs[0]["text"] == hz, evs


def test_sd_init_failure_at_400khz_is_the_card() -> None:
    found = findings(SD_400K)
    assert found[0].id == "SD001", [f.id for f in found]
    assert "-s" in found[0].message and "400 kHz" in found[0].message


def test_sd_init_failure_at_4mhz_is_not_the_speed_rule() -> None:
    found = findings(SD_400K.replace("flash-sdcard.sh -b", "flash-sdcard.sh -s -b").replace(": 400000", ": 4000000"))
    assert not any(f.id == "SD001" and "400 kHz" in f.message for f in found), [(f.id, f.message) for f in found]
    assert found[0].id == "SD003", [f.id for f in found]


# --- make flash / avrdude on a 32-bit board --------------------------------------------------------------------------

def _make_flash_avrdude(resps: list[str]) -> str:
    head = ("make flash FLASH_DEVICE=/dev/serial/by-id/usb-1a86_USB_Serial-if00-port0\n"
            "  Flashing out/klipper.elf.hex to /dev/serial/by-id/usb-1a86_USB_Serial-if00-port0 via avrdude\n")
    body = "".join(f"avrdude: stk500_getsync() attempt {i} of 10: not in sync: resp=0x{r}\n" for i, r in enumerate(resps, 1))
    return head + body + "\navrdude done.  Thank you.\n\nmake: *** [src/avr/Makefile:34: flash] Error 1\n"


# klipper#4448 (Creality 4.2.7, STM32F103): " B T:2.97 " read back; klipper#2447 (Melzi, ATmega1284P): "echo:TF ca"
TEMP_REPORT = ["20", "42", "20", "54", "3a", "32", "2e", "39", "37", "20"]
MARLIN_BANNER = ["65", "63", "68", "6f", "3a", "54", "46", "20", "63", "61"]


def test_make_flash_avrdude_reading_status_report_is_wrong_build() -> None:
    found = findings(_make_flash_avrdude(TEMP_REPORT))
    assert found[0].id == "FW002", [f.id for f in found]
    assert "T:2.97" in found[0].message


def test_make_flash_avrdude_reading_marlin_banner_stays_no_bootloader() -> None:
    assert first(_make_flash_avrdude(MARLIN_BANNER)) == "BOOT001"


def test_avrdude_status_report_outside_make_flash_stays_tool_choice() -> None:
    # OctoPrint's Firmware Updater quoting avrdude (SKR mini E3 V2, OctoPrint-FirmwareUpdater#146): no Klipper build
    text = ("Avrdude says: 'not in sync: resp=0x20\n"
            + "".join(f"avrdude: stk500_getsync() attempt {i} of 10: not in sync: resp=0x{r}\n"
                      for i, r in enumerate(["54", "3a", "32", "35", "2e", "30", "33", "20", "2f"], 2)))
    ids = [f.id for f in findings(text)]
    assert "FW002" not in ids[:1], ids


# --- a bootloader image alone, then no serial port ---------------------------------------------------------------------

BTL_ONLY = """\
sudo dfu-util -d ,0483:df11 -R -a 0 -s 0x8000000:leave -D ./M8P_V2_H723_bootloader.bin
...
ls: cannot access '/dev/serial/by-id/*': No such file or directory
"""


def test_bootloader_image_only_then_no_by_id_is_stuck_in_bootloader() -> None:
    found = findings(BTL_ONLY)
    assert found[0].id == "BOOT009", [f.id for f in found]


def test_katapult_image_then_no_by_id_is_not_this_rule() -> None:
    text = BTL_ONLY.replace("./M8P_V2_H723_bootloader.bin", "~/katapult/out/katapult.bin")
    assert not any(f.id == "BOOT009" and "bootloader image" in f.message for f in findings(text))


def test_bootloader_and_klipper_written_is_not_this_rule() -> None:
    text = BTL_ONLY.replace("...\n", "sudo dfu-util -d ,0483:df11 -a 0 -s 0x8020000:leave -D ~/klipper/out/klipper.bin\n")
    assert not any(f.id == "BOOT009" and "bootloader image" in f.message for f in findings(text))


# --- CONNECT lost on a CAN bus with receive errors -------------------------------------------------------------------

IFCONFIG = """\
can0: flags=193<UP,RUNNING,NOARP>  mtu 16
        unspec 00-00-00-00-00-00-00-00-00-00-00-00-00-00-00-00  txqueuelen 1024  (UNSPEC)
        RX packets 39  bytes 264 (264.0 B)
        RX errors {rx}  dropped 0  overruns 0  frame {rx}
        TX packets 24  bytes 134 (134.0 B)
        TX errors 0  dropped 0 overruns 0  carrier 0  collisions 0
"""
CONNECT_CAN = """\
Sending bootloader jump command...
Resetting all bootloader node IDs...
Attempting to connect to bootloader
ERROR:root:Flash Error
FlashCanError: Error sending command [CONNECT] to Can Device
"""


def test_connect_failed_with_rx_errors_is_the_adapter_or_bus() -> None:
    found = findings(IFCONFIG.format(rx=8) + "\n" + CONNECT_CAN)
    assert found[0].id == "CAN007", [f.id for f in found]
    assert "8 receive error" in found[0].message


def test_connect_failed_without_rx_errors_stays_not_in_bootloader() -> None:
    assert first(IFCONFIG.format(rx=0) + "\n" + CONNECT_CAN) == "BOOT001"


def test_connect_failed_on_a_serial_port_is_not_the_can_adapter() -> None:
    # flashtool.py before 2024 raised FlashCanError "... to Can Device" on a UART too (OpenQ1#60, /dev/ttyS2)
    text = (IFCONFIG.format(rx=8) + "\n$ python3 scripts/flashtool.py -d /dev/ttyS2 -f ~/klipper/out/klipper.bin\n"
            + CONNECT_CAN.replace("Sending bootloader jump command...\nResetting all bootloader node IDs...\n", ""))
    assert first(text) != "CAN007"
