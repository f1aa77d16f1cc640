"""(homeauto-de s13) Home-automation serial sticks: FHEM's CULflash running dfu-programmer as the fhem user, openHAB's
Z-Wave binding serial errors (nrjavaserial NoSuchPort / PortInUse), and a tty name one letter off a listed node."""

from __future__ import annotations

from textkit import events, first, kinds, serious

CULFLASH = """
2013.10.22 19:24:00 1: CULflash (dfu-programmer atmega32u4 erase && dfu-programmer atmega32u4 flash ./FHEM/CUL_V3.hex && dfu-programmer atmega32u4 start) 2>&1
2013.10.22 19:24:00 1: CULflash dfu-programmer: no device present.
"""

CULFLASH_NEW = """
2019.03.02 11:05:12.123 1: CULflash dfu-programmer atmega32u4 erase && dfu-programmer atmega32u4 flash ./FHEM/firmware/CUL_V3.hex && dfu-programmer atmega32u4 start
2019.03.02 11:05:12.456 1: CULflash dfu-programmer: no device present.
"""


def test_culflash_run_is_fhem_launched_and_usb004_first():
    assert "no_dfu_device" in kinds(CULFLASH, "dfu")
    assert first(CULFLASH) == "USB004"
    assert first(CULFLASH_NEW) == "USB004"


def test_bare_no_device_present_is_not_fhem():
    # without FHEM's log line the bare message keeps its plurality reading (BOOT006)
    assert first("dfu-programmer: no device present.") != "USB004"


def test_launcher_only_from_fhem_log_line():
    from textkit import facts
    runs = facts(CULFLASH)["dfu"]["runs"]
    assert runs[0].get("launcher") == "fhem"
    plain = facts("dfu-programmer atmega32u4 erase\ndfu-programmer: no device present.")["dfu"]["runs"]
    assert not plain[0].get("launcher")


OPENHAB_TYPO = """
2018-01-13 11:23:58.965 [hingStatusInfoChangedEvent] - 'zwave:serial_zstick:5bec0518' changed from OFFLINE (BRIDGE_OFFLINE): Controller is offline to OFFLINE (COMMUNICATION_ERROR): Serial Error: Port /dev/ttyAMC0 does not exist
"""
LS_ACM0 = "crw-rw---- 1 root dialout 166, 0 2018-01-13 09:57 /dev/ttyACM0"


def test_openhab_serial_notfound_row():
    evs = [e for e in events(OPENHAB_TYPO, "serial") if e["kind"] == "serial_no_such_port"]
    assert evs and evs[0]["port"] == "/dev/ttyAMC0" and evs[0]["java_serial"] is True


def test_openhab_notfound_with_typo_listed_is_ser005():
    assert first(OPENHAB_TYPO + "\n" + LS_ACM0) == "SER005"


def test_openhab_notfound_alone_is_ser004_not_ser005():
    text = "Serial Error: Port /dev/ttyAMA0 does not exist"
    assert first(text) == "SER004"
    assert "SER005" not in serious(text)


def test_openhab_serial_inuse_row():
    assert "serial_port_busy" in kinds("OFFLINE (COMMUNICATION_ERROR): Serial Error: Port /dev/ttyACM0 is in use", "serial")


def test_real_driver_name_is_not_a_typo():
    # ttyAMA0 (the Pi's UART) while ttyACM0 is listed: another device, not a misspelling of it
    text = "could not open port /dev/ttyAMA0: [Errno 2] No such file or directory: '/dev/ttyAMA0'\n" + LS_ACM0
    from textkit import facts
    from doctor.derive import serial_path_mismatch
    mism = serial_path_mismatch(facts(text))
    assert not any(m.get("reason") == "typo" for m in mism)
