"""(overfit s20) Rules that one case held up, widened to the fault's other forms. The texts below are written from the
source's format (OpenOCD v0.8.0-v0.10.0 tcl/interface/stlink-*.cfg and src/jtag/drivers/stlink_usb.c, v0.11.0
tcl/interface/stlink.cfg; Klipper klippy/mcu.py's "MCU '%s' shutdown: %s" and its config/sample-*.cfg MCU names), not
pasted by anyone: no case holds them."""

from __future__ import annotations

import pytest

from textkit import findings, first

# lsusb's line for the probe, then OpenOCD 0.10.0's start and its hla "open failed" (the shape of
# tests/cases/openocd-010-f3discovery-stlink-v2-1-cfg-on-0483-3748-open-failed, without its `ls -l` of the USB node)
_OPENOCD_010 = """\
$ lsusb | grep -i st
Bus 001 Device 007: ID 0483:{pid} STMicroelectronics {name}

$ openocd -f interface/{cfg} -f target/stm32l4x.cfg
Open On-Chip Debugger 0.10.0
Licensed under GNU GPL v2
For bug reports, read
\thttp://openocd.org/doc/doxygen/bugs.html
Info : auto-selecting first available session transport "hla_swd". To override use 'transport select <transport>'.
adapter speed: 500 kHz
adapter_nsrst_delay: 100
none separate
Info : Unable to match requested speed 500 kHz, using 480 kHz
Info : clock speed 480 kHz
Error: open failed
in procedure 'init'
in procedure 'ocd_bouncer'
"""


@pytest.mark.parametrize("pid,name,cfg", [
    ("3748", "ST-LINK/V2", "stlink-v2-1.cfg"),  # the case's pairing, without the `ls -l` that ruled permissions out
    ("374b", "ST-LINK/V2.1", "stlink-v2.cfg"),  # the other way round
    ("3748", "ST-LINK/V2", "stlink-v1.cfg"),
    ("3752", "ST-LINK/V2.1", "stlink-v2-1.cfg"),  # V2-1 without mass storage: no 0.10 config names it
    ("374e", "STLINK-V3", "stlink-v2-1.cfg"),
    ("374f", "STLINK-V3", "stlink-v2.cfg"),
])
def test_openocd_010_config_that_names_another_stlink_is_the_config(pid: str, name: str, cfg: str) -> None:
    text = _OPENOCD_010.format(pid=pid, name=name, cfg=cfg)
    assert first(text) == "SWD001"


def test_openocd_010_config_that_names_the_probe_present_stays_a_permission_question() -> None:
    text = _OPENOCD_010.format(pid="3748", name="ST-LINK/V2", cfg="stlink-v2.cfg")
    assert first(text) == "USB004"


def test_openocd_011_aliases_open_every_stlink() -> None:
    # 0.11's stlink-v2-1.cfg sources stlink.cfg (every id): the config is no reason there
    text = _OPENOCD_010.format(pid="3748", name="ST-LINK/V2", cfg="stlink-v2-1.cfg").replace(
        "Open On-Chip Debugger 0.10.0", "Open On-Chip Debugger 0.11.0")
    assert first(text) == "USB004"
    assert all(f.confidence < 0.86 for f in findings(text) if f.id == "SWD001")


@pytest.mark.parametrize("name", ["toolboard", "huvud", "EBBCan", "HermitCrab", "my_can_mcu"])
def test_timer_too_close_on_a_can_toolhead_named_as_klippers_samples_name_it(name: str) -> None:
    assert first(f"MCU '{name}' shutdown: Timer too close\n") == "CAN006"


@pytest.mark.parametrize("name", ["mcu", "rpi", "z", "ercf"])
def test_timer_too_close_on_other_mcus_is_not_the_can_queue(name: str) -> None:
    assert first(f"MCU '{name}' shutdown: Timer too close\n") != "CAN006"


# Klipper klippy/mcu.py's "mcu '%s': Unable to connect" and the console's restart advice; the person's sentence is ours
_RP_COLD = """\
It works right after flashing, but after a power cycle it is gone again.

mcu '{name}': Unable to connect
Once the underlying issue is corrected, use the
"FIRMWARE_RESTART" command to reset the firmware, reload the
config, and restart the host software.
Error configuring printer
"""


@pytest.mark.parametrize("name", ["adxl", "lis", "pico", "eddy"])
def test_rp2040_accelerometer_named_as_klippers_docs_name_it_lost_after_power_cycle(name: str) -> None:
    # docs/Measuring_Resonances.md: [mcu adxl] / [mcu lis] on usb-Klipper_rp2040_..., [mcu pico]
    assert first(_RP_COLD.format(name=name)) == "RP002"


def test_main_mcu_lost_after_power_cycle_is_no_rp2040_by_name() -> None:
    assert first(_RP_COLD.format(name="mcu")) != "RP002"


# dfu-util's Windows (MinGW) builds print warnx()/errx() text without the "dfu-util: " prefix (src/portable.h defines them
# as a bare fprintf to stderr): the lines below are dfu_file.c's and dfuse.c's messages in that form, from the source's format
from textkit import kinds, serious  # noqa: E402

_DFU_BANNER = """\
dfu-util 0.9

Copyright 2005-2009 Weston Schmidt, Harald Welte and OpenMoko Inc.
Copyright 2010-2016 Tormod Volden and Stefan Schmidt
This program is Free Software and has ABSOLUTELY NO WARRANTY
Please report bugs to http://sourceforge.net/p/dfu-util/tickets/

"""


@pytest.mark.parametrize("line,kind", [
    ("ERASE_PAGE not correctly executed", "erase_error"),
    ("SET_ADDRESS not correctly executed", "download_error"),
    ("Device is read-protected; use -s 0x08000000:unprotect to remove the protection", "dfu_protected"),
    ("Device stuck after special command request", "download_error"),
    ("File too large for memory allocation on this platform: Cannot allocate memory", "file_too_large"),
])
def test_dfu_util_windows_form_without_prefix_is_dfu_utils_own(line: str, kind: str) -> None:
    assert kind in kinds(line + "\n", "dfu")
    assert serious(line + "\n")  # never "No faults found" on a failure


def test_dfu_util_windows_erase_page_alone_reads_as_with_the_prefix() -> None:
    assert first("ERASE_PAGE not correctly executed\n") == first("dfu-util: ERASE_PAGE not correctly executed\n") == "SWD006"


def test_dfu_util_windows_file_size_too_big_after_the_banner_is_dfu_utils() -> None:
    # the blank line after the banner ends the block; the next line must not go to another tool (wb32-dfu-updater)
    text = _DFU_BANNER + "File size is too big: Success\n"
    assert "file_too_large" in kinds(text, "dfu")
    assert first(text) == first(text.replace("File size", "dfu-util: File size"))


def test_dfu_util_windows_lowercase_suffix_warning_is_benign() -> None:
    text = "invalid DFU suffix signature\nA valid DFU suffix will be required in a future dfu-util release\n"
    assert not serious(text)


def test_openocd_010_dev_builds_after_the_release_open_every_stlink() -> None:
    # xPack 0.10.0-13 prints "0.10.0+dev": built after 31c58c139 (2017-01-26), whose stlink-v2-1.cfg sources stlink.cfg
    text = _OPENOCD_010.format(pid="3748", name="ST-LINK/V2", cfg="stlink-v2-1.cfg").replace(
        "Open On-Chip Debugger 0.10.0", "xPack OpenOCD, 64-bit Open On-Chip Debugger 0.10.0+dev (2019-07-17-11:28)")
    assert all(f.confidence < 0.86 for f in findings(text) if f.id == "SWD001")
