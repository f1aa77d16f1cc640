"""Rows and rules added for the byid-usb-ser round (session 16): brltty's udev rules pasted, a usb-serial interface
unbound without a USB disconnect."""

from __future__ import annotations

from tests.textkit import events, first, serious

# brltty Tools/updusbdevs makeLines_udev: ENV{PRODUCT}=="<vid>/<pid>/*" (hex, no leading zeros) ... GOTO="brltty_usb_run"
BRLTTY_RULE_CH340 = """/usr/lib/udev/rules.d/85-brltty.rules

ENV{PRODUCT}=="1a86/7523/*", ENV{BRLTTY_BRAILLE_DRIVER}="bm", GOTO="brltty_usb_run\""""

BRLTTY_RULE_FTDI_WITH_STRINGS = (
    'ENV{PRODUCT}=="403/6001/*", ATTR{manufacturer}=="FTDI", ATTR{product}=="FT232R USB UART", '
    'ENV{BRLTTY_BRAILLE_DRIVER}="at,ht,mn", GOTO="brltty_usb_run"'
)

# a braille display with its own id (Papenmeier, FTDI's vendor id with a PID of its own): no USB-serial bridge
BRLTTY_RULE_BRAILLE_ONLY = 'ENV{PRODUCT}=="403/f208/*", ENV{BRLTTY_BRAILLE_DRIVER}="pm", GOTO="brltty_usb_run"'

# the packager's excluded line, behind a comment: the rule does not apply
BRLTTY_RULE_COMMENTED = '# ENV{PRODUCT}=="1a86/7523/*", ENV{BRLTTY_BRAILLE_DRIVER}="bm", GOTO="brltty_usb_run"'


def test_brltty_rule_for_ch340_is_ser001() -> None:
    ev = events(BRLTTY_RULE_CH340, "flash", "udev")
    assert [(e["kind"], e["vid"], e["pid"]) for e in ev] == [("brltty_udev_rule", "1a86", "7523")]
    assert first(BRLTTY_RULE_CH340) == "SER001"


def test_brltty_rule_with_string_filters_pads_the_vendor_id() -> None:
    ev = events(BRLTTY_RULE_FTDI_WITH_STRINGS, "flash", "udev")
    assert ev and ev[0]["vid"] == "0403" and ev[0]["pid"] == "6001"
    assert first(BRLTTY_RULE_FTDI_WITH_STRINGS) == "SER001"


def test_brltty_rule_for_a_braille_display_is_not_a_bridge() -> None:
    assert "SER001" not in serious(BRLTTY_RULE_BRAILLE_ONLY)


def test_commented_brltty_rule_is_not_read() -> None:
    assert not events(BRLTTY_RULE_COMMENTED, "flash", "udev")
    assert "SER001" not in serious(BRLTTY_RULE_COMMENTED)


# usb-serial.c usb_serial_disconnect: "<driver> <port>:<cfg>.<iface>: device disconnected" (no tty named); grepped
# for the driver, the CH340 still in lsusb: the interface was unbound while the device stayed (axa-ru blog, brltty)
GREP_CH34_DEVICE_DISCONNECTED = """$ dmesg | grep ch34

 ch341 1-4.1.3:1.0: device disconnected

$ lsusb
...
Bus 001 Device 015: ID 1a86:7523 QinHeng Electronics CH340 serial converter
..."""

# the same line alone (or with another vendor's bridge on the bus) is also what a plain unplug leaves in a grep
GREP_CH34_ALONE = "ch341 1-4.1.3:1.0: device disconnected"
GREP_CH34_WITH_FTDI = """ch341 1-4.1.3:1.0: device disconnected
Bus 001 Device 004: ID 0403:6001 Future Technology Devices International, Ltd FT232 Serial (UART) IC"""

UNPLUGGED = """[  510.101] usb 1-4.1.3: USB disconnect, device number 15
[  510.102] ch341-uart ttyUSB0: ch341-uart converter now disconnected from ttyUSB0
[  510.103] ch341 1-4.1.3:1.0: device disconnected"""

# brltty's own sequence: the tty line is judged, the interface line beside it adds no second finding
BRLTTY_SEQUENCE = """[ 1286.322347] usb 3-1: usbfs: interface 0 claimed by cp210x while 'brltty' sets config #1
[ 1286.323072] cp210x ttyUSB0: cp210x converter now disconnected from ttyUSB0
[ 1286.323349] cp210x 3-1:1.0: device disconnected"""


def test_interface_disconnect_without_usb_disconnect_is_brltty_suspect() -> None:
    assert first(GREP_CH34_DEVICE_DISCONNECTED) == "SER001"


def test_bare_interface_disconnect_is_not_judged() -> None:
    assert "SER001" not in serious(GREP_CH34_ALONE)
    assert "SER001" not in serious(GREP_CH34_WITH_FTDI)


def test_interface_disconnect_after_unplug_is_not_brltty() -> None:
    assert "SER001" not in serious(UNPLUGGED)


def test_brltty_sequence_still_first_ser001() -> None:
    assert first(BRLTTY_SEQUENCE) == "SER001"
