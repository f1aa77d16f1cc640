"""A finding's question is filled from its match like its message: a {field} the facts hold becomes the value, one
they do not hold a visible <field> slot, and a udev key such as ATTRS{idVendor} (not a field name) stays as written."""

from __future__ import annotations

import textkit


def test_the_question_names_the_port_the_text_gave() -> None:
    # SER005's relative-path rule asks about `/dev/serial/by-id/{configured}`: the question carries the name
    text = ("esptool.py --chip esp32 -p ttyUSB0 -b 460800 write_flash 0x10000 app.bin\n"
            "A fatal error occurred: Could not open ttyUSB0, the port doesn't exist\n")
    found = [f for f in textkit.findings(text) if f.id == "SER005"]
    assert found and found[0].ask
    assert "{" not in found[0].ask and "ttyUSB0" in found[0].ask


def test_a_udev_key_in_a_question_stays_as_written() -> None:
    from doctor.engine import _format

    ask = 'Add ATTRS{idVendor}=="2e8a", ENV{ID_MM_DEVICE_IGNORE}="1" for {port}; which {missing}?'
    assert _format(ask, {"port": "/dev/ttyACM0"}, {}) == \
        'Add ATTRS{idVendor}=="2e8a", ENV{ID_MM_DEVICE_IGNORE}="1" for /dev/ttyACM0; which <missing>?'
