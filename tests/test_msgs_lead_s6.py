"""Message families added by the lead in session 6 (issue 9), each checked against the tool's source."""

from __future__ import annotations

from doctor import engine
from doctor.parsers import parse_stream

# avrdude 6.x/7.0 print " ***failed;  " after a byte-wise write whose read-back differs (avr.c avr_write);
# the extended fuse's unused bits read back as 1, so its write "fails" before any verify
_EFUSE = """avrdude: reading input file "0xf9"
avrdude: writing efuse (1 bytes):

Writing | | 0% 0.00s ***failed;
Writing | ################################################## | 100% 0.05s

avrdude: 1 bytes of efuse written
"""


def _ids(text: str) -> list[str]:
    return [f.id for f in engine.evaluate(parse_stream(iter(text.splitlines()), "t"))]


def test_a_failed_byte_write_of_the_extended_fuse_is_its_unused_bits() -> None:
    assert _ids(_EFUSE)[:1] == ["AVR004"]


def test_a_failed_byte_write_of_another_memory_is_not_avr004_but_never_silent() -> None:
    ids = _ids(_EFUSE.replace("efuse", "lock"))
    assert "AVR004" not in ids and ids[:1] == ["GEN001"]


def test_avrdude_8_wording_at_the_end_of_the_progress_bar() -> None:
    text = _EFUSE.replace("Writing | | 0% 0.00s ***failed;", "Writing | | 0% 0.00 s *** failed")
    assert _ids(text)[:1] == ["AVR004"]


# dfu-util 0.5 run without root on a DfuSe device: libusb_open fails, so every alternate setting keeps "UNDEFINED"
_UNDEFINED = """dfu-util 0.5

Found DFU: [0483:df11] devnum=0, cfg=1, intf=0, alt=0, name="UNDEFINED"
Found DFU: [0483:df11] devnum=0, cfg=1, intf=0, alt=1, name="UNDEFINED"
Found DFU: [0483:df11] devnum=0, cfg=1, intf=0, alt=2, name="UNDEFINED"
Found DFU: [0483:df11] devnum=0, cfg=1, intf=0, alt=3, name="UNDEFINED"
"""


def test_every_alternate_setting_undefined_is_a_device_this_user_may_not_open() -> None:
    assert _ids(_UNDEFINED)[:1] == ["USB004"]


def test_named_alternate_settings_or_a_single_unnamed_one_are_healthy() -> None:
    named = _UNDEFINED.replace('alt=0, name="UNDEFINED"', 'alt=0, name="@Internal Flash  /0x08000000/04*016Kg"')
    assert "USB004" not in _ids(named)
    single = "\n".join(_UNDEFINED.splitlines()[:3])
    assert "USB004" not in _ids(single)


def _cfg(path: str) -> str:
    return f"[mcu]\nserial: {path}\nrestart_method: command\n"


def test_printer_cfg_naming_the_bootloader_is_a_board_in_its_bootloader() -> None:
    assert _ids(_cfg("/dev/serial/by-id/usb-katapult_stm32f446xx_4E0033000851353532383238-if00"))[:1] == ["BOOT009"]
    assert _ids(_cfg("/dev/serial/by-id/usb-CanBoot_stm32f103xe_38FFDA053348523720882451-if00"))[:1] == ["BOOT009"]


def test_printer_cfg_naming_another_firmware_is_a_board_not_running_klipper() -> None:
    path = "/dev/serial/by-id/usb-marlinfw.org_Marlin_USB_Device_0E02401AA69869AF0E000005-if00"
    assert _ids(_cfg(path))[:1] == ["BOOT009"]


def test_bridges_and_klipper_names_are_not_judged() -> None:
    for path in ("/dev/serial/by-id/usb-1a86_USB_Serial-if00-port0",
                 "/dev/serial/by-id/usb-Arduino__www.arduino.cc__0042_55739323637351E0D1A0-if00",
                 "/dev/serial/by-id/usb-Klipper_stm32f446xx_4E0033000851353532383238-if00"):
        assert "BOOT009" not in _ids(_cfg(path)), path


def test_a_bootloader_name_klippy_cannot_find_is_a_stale_path_not_a_board_in_its_bootloader() -> None:
    path = "/dev/serial/by-id/usb-katapult_stm32f446xx_4E0033000851353532383238-if00"
    log = (f"mcu 'mcu': Unable to open serial port: [Errno 2] could not open port {path}: "
           f"[Errno 2] No such file or directory: '{path}'\n")
    assert "BOOT009" not in _ids(_cfg(path) + "\n" + log)


def test_a_wrappers_bare_error_74_after_the_harmless_get_status_error_is_that_error() -> None:
    text = "File downloaded successfully\nError during download get_status\nError 74\n"
    assert _ids(text) == ["DFU001"]


def test_a_bare_error_74_after_a_real_failure_keeps_that_failure() -> None:
    text = "dfu-util 0.9\n\nNo DFU capable USB device available\nError 74\n"
    ids = _ids(text)
    assert ids and ids[0] != "DFU001" and "DFU001" not in ids


def test_a_front_end_that_finds_no_compiled_firmware_is_a_build_without_an_image() -> None:
    text = ("Could not compile firmware for SB2209 v1.0 RP2040: Could not find compiled firmware at "
            "/home/pi/klipper/out/klipper.uf2\n")
    assert _ids(text)[:1] == ["FW005"]
