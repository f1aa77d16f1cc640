"""octoprint s9: OctoPrint's own connection messages (comm.py) and the Firmware Updater plugin's, as pasted from the Terminal tab,
serial.log, octoprint.log and the plugin's pop-up; each test fails without its row or rule.

- comm.py _readline's "Unexpected error while reading serial port ... device reports readiness to read but returned no data"
  in an established session: the USB link dropped (USB003; OctoPrint#1603, mriscoc/Ender3V2S1#692), a second program the
  alternative; with Klipper in the paste SER003's rules keep it;
- the handshake timeout ("There was a timeout while trying to connect to the printer", 1.3-1.11) with no reply on a port whose
  speed matters: the baud rate (SER007); after the firmware's plain-text banner came through the baud cannot be it; on
  /dev/tty1 (a virtual console) the port is wrong (SER005), on the Pi's UART the UART setup (SER006); "No answer from the
  printer ..., trying another hello" alone is a retry, not a failure;
- the resend failure ("Printer requested line N" / "Should resend line N but no sufficient history is available"): never
  silent (GEN001);
- the Firmware Updater's pop-up reason on a line of its own ("Cannot enter bootloader, check your BOOT0/Reset pins ...",
  "Avrdude returned code 1", "Timeout communicating with programmer"), and stm32flash run on the board's native USB port
  (/dev/ttyACM0): BOOT006, not BOOT0.
"""

from __future__ import annotations

import pytest

from textkit import events, first, kinds, serious

READ_ERROR_15 = """Unexpected error while reading serial port, please consult octoprint.log for details: SerialException: 'device reports readiness to read but returned no data (device disconnected or multiple access on port?)' @ comm.py:_readline:3997
Please see https://faq.octoprint.org/serialerror for possible reasons of this.
Changing monitoring state from "Operational" to "Offline after error"
Connection closed, closing down monitor"""

# OctoPrint 1.1 (OctoPrint#769): the same reader error, older wording
READ_ERROR_11 = """    Recv: T:136.6 E:0 W:?
    Unexpected error while reading serial port: SerialException: 'device reports readiness to read but returned no data (device disconnected or multiple access on port?)' @ comm.py:_readline:982
    Changing monitoring state from 'Printing' to 'Error: SerialException: 'device reports readiness to read but returned no data (device disconnected or multiple access on port?)' @ comm.py:_readline:982'
    Connection closed, closing down monitor"""


@pytest.mark.parametrize("text", [READ_ERROR_15, READ_ERROR_11])
def test_octoprint_reader_multiple_access_is_the_usb_link(text: str) -> None:
    assert "serial_multiple_access" in kinds(text, "serial")
    assert first(text) == "USB003"
    assert "SER003" in serious(text)  # the second program stays the alternative


def test_octoprint_on_klippers_mcu_port_stays_ser003() -> None:
    text = ("Connecting to: /dev/serial/by-id/usb-Klipper_stm32f446xx_2B0040001750344D30353320-if00\n" + READ_ERROR_15)
    assert first(text) == "SER003"


TIMEOUT_TTY1 = """Connecting to: /dev/tty1
Changing monitoring state from 'Offline' to 'Opening serial port'
Connected to: Serial<id=0x6dedc930, open=True>(port='/dev/tty1', baudrate=250000, bytesize=8, parity='N', stopbits=1, timeout=10.0, xonxoff=False, rtscts=False, dsrdtr=False), starting monitor
Changing monitoring state from 'Opening serial port' to 'Connecting'
Send: N0 M110 N0*125
There was a timeout while trying to connect to the printer
Changing monitoring state from 'Connecting' to 'Offline'
Connection closed, closing down monitor"""

TIMEOUT_OCTO4A = """Connecting to port /dev/ttyOcto4a, baudrate 128000
Changing monitoring state from "Opening serial connection" to "Connecting"
Send: N0 M110 N0*125
No answer from the printer within the connection timeout, trying another hello
Send: N0 M110 N0*125
There was a timeout while trying to connect to the printer"""

# FirmwareUpdater#10 (Prusa MK2 on /dev/ttyACM0): the firmware's banner came through, then the handshake timed out
TIMEOUT_AFTER_BANNER = """Connecting to: /dev/ttyACM0
Changing monitoring state from 'Offline' to 'Opening serial port'
Connected to: Serial<id=0x71fe19f0, open=True>(port='/dev/ttyACM0', baudrate=115200, bytesize=8, parity='N', stopbits=1, timeout=90.0, xonxoff=False, rtscts=False, dsrdtr=False), starting monitor
Changing monitoring state from 'Opening serial port' to 'Connecting'
Recv: start
Send: N0 M110 N0*125
Recv: echo:echo: Last Updated: Feb 14 2017 15:35:19 | Author: (none, default config)
Recv: Compiled: Feb 14 2017
Recv: echo:Stored settings retrieved
There was a timeout while trying to connect to the printer
Changing monitoring state from 'Connecting' to 'Offline'
Connection closed, closing down monitor"""


def test_octoprint_timeout_on_a_virtual_console_is_the_wrong_port() -> None:
    assert first(TIMEOUT_TTY1) == "SER005"


def test_octoprint_timeout_on_a_bridge_port_is_the_baud() -> None:
    assert "octoprint_no_answer" in [e["kind"] for e in events(TIMEOUT_OCTO4A, "klipper")] or \
        "octoprint_no_answer" in str(__import__("textkit").facts(TIMEOUT_OCTO4A))
    assert first(TIMEOUT_OCTO4A) == "SER007"


def test_octoprint_timeout_after_the_firmwares_banner_is_not_the_baud() -> None:
    assert "octoprint_recv_text" in [e["kind"] for e in events(TIMEOUT_AFTER_BANNER, "klipper")] or \
        "octoprint_recv_text" in str(__import__("textkit").facts(TIMEOUT_AFTER_BANNER))
    assert "SER007" not in serious(TIMEOUT_AFTER_BANNER)
    assert serious(TIMEOUT_AFTER_BANNER)  # a failure, never silent
    # the same handshake with no reply at all is the speed
    silent = "\n".join(ln for ln in TIMEOUT_AFTER_BANNER.splitlines() if not ln.startswith("Recv:"))
    assert first(silent) == "SER007"


def test_octoprint_hello_retry_then_operational_is_healthy() -> None:
    text = """Connecting to port /dev/ttyUSB0, baudrate 115200
Changing monitoring state from "Opening serial connection" to "Connecting"
Send: N0 M110 N0*125
No answer from the printer within the connection timeout, trying another hello
Send: N0 M110 N0*125
Recv: ok
Changing monitoring state from "Connecting" to "Operational"
"""
    assert serious(text) == []


@pytest.mark.parametrize("line", [
    "Printer requested line 634 but no sufficient history is available, can't resend",
    "Should resend line 34497 but no sufficient history is available, can",
])
def test_octoprint_resend_failure_is_never_silent(line: str) -> None:
    text = "Recv: Error:checksum mismatch, Last Line: 134496\nRecv: Resend: 034497\n" + line
    assert "octoprint_resend_failed" in str(__import__("textkit").facts(text))
    assert first(text) == "GEN001"


@pytest.mark.parametrize("reason,kind", [
    ("Cannot enter bootloader, check your BOOT0/Reset pins settings and try again", "rom_no_answer"),
    ("Avrdude returned code 1", "tool_exit"),
    ("Timeout communicating with programmer", "programmer_timeout"),
])
def test_firmwareupdater_popup_reason_on_its_own_line(reason: str, kind: str) -> None:
    text = "Flashing failed\n" + reason
    assert kind in [e["kind"] for e in events(text, "flash", "octoprint-firmwareupdater")]


def test_avrdudes_own_timeout_is_not_the_plugins() -> None:
    text = "avrdude: stk500v2_ReceiveMessage(): timeout\navrdude: stk500v2_getsync(): timeout communicating with programmer"
    assert "programmer_timeout" not in [e["kind"] for e in events(text, "flash", "octoprint-firmwareupdater")]


STM32FLASH_ACM = """2020-12-02 20:31:30,909 - octoprint.plugins.firmwareupdater - INFO - Firmware update started
2020-12-02 20:31:30,911 - octoprint.plugins.firmwareupdater - INFO - Disconnecting from printer
2020-12-02 20:31:31,010 - octoprint.plugins.firmwareupdater - INFO - Running '/usr/bin/stm32flash -v -i dtr,-rts,rts,-dtr -g 0x8000000 -w /tmp/tmp037qdizc /dev/ttyACM0' in /usr/bin
2020-12-02 20:31:32,477 - octoprint.plugins.firmwareupdater - ERROR - Flashing failed. Cannot enter bootloader, check your BOOT0/Reset pins settings and try again."""


def test_stm32flash_on_native_usb_port_is_the_wrong_tool() -> None:
    cmd = [e for e in events(STM32FLASH_ACM, "flash", "octoprint-firmwareupdater") if e["kind"] == "flash_tool_command"]
    assert cmd and cmd[0]["name"] == "stm32flash" and cmd[0]["port"] == "/dev/ttyACM0"
    assert first(STM32FLASH_ACM) == "BOOT006"
    # through a USB-serial bridge the ROM can answer: BOOT0 stays the reading
    assert first(STM32FLASH_ACM.replace("/dev/ttyACM0", "/dev/ttyUSB0")) == "BOOT003"


# OctoPi#573 (Pi 3 A+ on a Prusa MK3's RPi port) and Prusa-Firmware#839 (serial.log with its time stamps): silence on the Pi's UART
TIMEOUT_PI_UART = """Connecting to: /dev/ttyAMA0
Changing monitoring state from "Offline" to "Opening serial port"
Connected to: Serial<id=0x6b238af0, open=True>(port='/dev/ttyAMA0', baudrate=115200, bytesize=8, parity='N', stopbits=1, timeout=10.0, xonxoff=False, rtscts=False, dsrdtr=False), starting monitor
Changing monitoring state from "Opening serial port" to "Connecting"
Send: N0 M110 N0*125
There was a timeout while trying to connect to the printer
Changing monitoring state from "Connecting" to "Offline"
Connection closed, closing down monitor"""


@pytest.mark.parametrize("text", [TIMEOUT_PI_UART, "\n".join("2018-05-20 22:32:06,260 - " + ln for ln in TIMEOUT_PI_UART.splitlines())])
def test_octoprint_timeout_on_the_pi_uart_is_the_uart_setup(text: str) -> None:
    assert first(text) == "SER006"
    assert "SER007" in serious(text)  # the baud rate follows as the alternative


# OctoPrint#4284 (1.7 on a Pi, SKR Mini E3 V2 on /dev/ttyACM0): comm.py logs the refused low-latency ioctl at ERROR with two
# tracebacks on every connect, then goes on; a healthy connection
LOW_LATENCY = """2021-10-27 09:49:06,837 - octoprint.util.comm - ERROR - Could not set low latency mode on serial port, continuing without
Traceback (most recent call last):
  File "/home/pi/oprint/lib/python3.7/site-packages/serial/serialposix.py", line 144, in set_low_latency_mode
    fcntl.ioctl(self.fd, termios.TIOCSSERIAL, buf)
OSError: [Errno 95] Operation not supported

During handling of the above exception, another exception occurred:

Traceback (most recent call last):
  File "/home/pi/oprint/lib/python3.7/site-packages/octoprint/util/comm.py", line 3758, in default
    serial_obj.set_low_latency_mode(True)
  File "/home/pi/oprint/lib/python3.7/site-packages/serial/serialposix.py", line 146, in set_low_latency_mode
    raise ValueError('Failed to update ASYNC_LOW_LATENCY flag to {}: {}'.format(low_latency_settings, e))
ValueError: Failed to update ASYNC_LOW_LATENCY flag to True: [Errno 95] Operation not supported
2021-10-27 09:49:06,837 - octoprint.util.comm - INFO - Serial detection: Handshake attempt #1 with timeout 2.0s"""


def test_octoprint_low_latency_refusal_is_harmless() -> None:
    assert serious(LOW_LATENCY) == []


def test_a_traceback_after_the_low_latency_record_still_counts() -> None:
    # the next log record ends the harmless tracebacks: a real error after it is reported
    text = LOW_LATENCY + """
2021-10-27 09:49:08,001 - octoprint.util.comm - ERROR - Unexpected error while connecting to serial port /dev/ttyACM0, baudrate 115200 from hook default: SerialException: '[Errno 13] could not open port /dev/ttyACM0: [Errno 13] Permission denied: '/dev/ttyACM0'' @ comm.py:_open_serial:3775
Traceback (most recent call last):
PermissionError: [Errno 13] Permission denied: '/dev/ttyACM0'"""
    assert first(text) == "SER004"


@pytest.mark.parametrize("text", [
    # OctoPrint#2353 (1.3, the pop-up's text)
    "Unhandled communication error\nThere was an unhandled error while talking to the printer. Due to that OctoPrint disconnected. "
    "Error: Too many consecutive timeouts, printer still connected and alive?",
    # the terminal's own line
    "Send: N1 M190 S80*81\nToo many consecutive timeouts, printer still connected and alive?",
])
def test_octoprint_consecutive_timeouts_mid_session_is_the_link(text: str) -> None:
    assert "octoprint_connect_failed" in str(__import__("textkit").facts(text))
    assert first(text) == "USB003"
