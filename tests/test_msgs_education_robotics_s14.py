"""Session 14, education-robotics: classroom and hobby robot kits and their tools (mBot/mBlock, Otto, Pololu Zumo,
GoPiGo/BrickPi-style Raspberry Pi HATs that program their AVR through the Pi's header).

Family fixed: avrdude's linuxgpio programmer failing to export a header pin through sysfs (avrdude 6.x-7.0 "Can't export
GPIO %d, already exported/busy?: %s", 7.1-8.x "cannot export GPIO ...", src/linuxgpio.c; the format has no newline, so the
next message runs on). EINVAL is a pin number the kernel does not have (Raspberry Pi kernels 6.6+ number the header from
512 in sysfs, the Pi 5's is on RP1: avrdude#1748, #1734); EBUSY a pin still exported or held by a driver (avrdude#932).
No catalogue id names either: GEN001 with the step that narrows it down."""

from __future__ import annotations

from tests.textkit import events, findings, first, serious

PI5_RUN_ON = """
avrdude OS error: cannot export GPIO 22, already exported/busy?: Invalid argumentavrdude error: unable to open programmer linuxgpio on port unknown

avrdude done.  Thank you.
"""

PI4_BOOKWORM_V = """
         Using port            : gpiochip0
         Using programmer      : spi_mfm
avrdude linuxgpio_sysfs_open() OS error: cannot export GPIO 25, already exported/busy?: Invalid argument
avrdude main() error: unable to open port gpiochip0 for programmer spi_mfm

avrdude done.  Thank you.
"""

V70_BUSY = """
         Using Port                    : GPIO
         Using Programmer              : linuxgpio
Can't export GPIO 25, already exported/busy?: Device or resource busy
avrdude: opening programmer "linuxgpio" on port "GPIO" failed

avrdude done.  Thank you.
"""

LIBGPIOD_OK = """
mcuee@raspberrypi400arm64:~/build/avrdude_jw/build_linux/src $ ./avrdude -c linuxgpio -P gpiochip0 -p m328p
using libgpiod for linuxgpio
avrdude: AVR device initialized and ready to accept instructions
avrdude: device signature = 0x1e950f (probably m328p)

avrdude done.  Thank you.
"""


def _export(text: str) -> list[dict]:
    return [e for e in events(text, "avrdude") if e["kind"] == "gpio_export_failed"]


def test_run_on_export_failure_is_split_and_read() -> None:
    ev = _export(PI5_RUN_ON)
    assert ev and ev[0]["pin"] == 22 and ev[0]["reason"] == "Invalid argument"
    kinds = [e["kind"] for e in events(PI5_RUN_ON, "avrdude")]
    assert "serial_open_failed" in kinds  # the run-on "unable to open programmer" is its own message


def test_einval_is_gen001_naming_the_gpio_numbering() -> None:
    found = findings(PI5_RUN_ON)
    assert found[0].id == "GEN001"
    assert "512" in found[0].message and found[0].confidence >= 0.55


def test_einval_with_function_prefix_of_verbose_run() -> None:
    ev = _export(PI4_BOOKWORM_V)
    assert ev and ev[0]["pin"] == 25 and ev[0]["reason"] == "Invalid argument"
    assert first(PI4_BOOKWORM_V) == "GEN001"
    assert "512" in findings(PI4_BOOKWORM_V)[0].message


def test_ebusy_70_wording_is_gen001_naming_the_leftover_export() -> None:
    ev = _export(V70_BUSY)
    assert ev and ev[0]["pin"] == 25 and ev[0]["reason"] == "Device or resource busy"
    found = findings(V70_BUSY)
    assert found[0].id == "GEN001" and "already exported" in found[0].message


def test_sysfs_export_open_failure_is_read() -> None:
    text = "Can't open /sys/class/gpio/export: No such file or directory\navrdude done.  Thank you."
    ev = _export(text)
    assert ev and ev[0]["reason"] == "No such file or directory" and ev[0].get("sysfs_open")


def test_libgpiod_run_is_healthy() -> None:
    assert not _export(LIBGPIOD_OK)
    assert serious(LIBGPIOD_OK) == []
