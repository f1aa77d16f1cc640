"""Defects the session-19 review found in the session's new rules, each as the smallest text that showed it (built from the
tools' own messages and Klipper's example-config header; no thread): a rule that named a specific cause on weak evidence, and
a benign mark that hid a failure."""

from textkit import serious

MAKE_FLASH_THEN_DFU = '$ make flash FLASH_DEVICE=/dev/serial/by-id/usb-Klipper_stm32f446xx_12345-if00\n  Flashing out/klipper.bin to /dev/serial/by-id/usb-Klipper_stm32f446xx_12345-if00\nEntering bootloader on /dev/serial/by-id/usb-Klipper_stm32f446xx_12345-if00\nDevice reconnect on /sys/devices/platform/scb/fd500000.pcie/pci0000:00/0000:00:00.0/0000:01:00.0/usb1/1-1/1-1.3/1-1.3:1.0\n^C\n\n$ dmesg | tail\n[ 1252.302187] usb 1-1.3: New USB device found, idVendor=1d50, idProduct=614e, bcdDevice= 1.00\n[ 1252.302207] usb 1-1.3: Product: stm32f446xx\n[ 1252.302212] usb 1-1.3: Manufacturer: Klipper\n[ 1252.310551] cdc_acm 1-1.3:1.0: ttyACM0: USB ACM device\n[ 1402.551208] usb 1-1.3: USB disconnect, device number 6\n[ 1410.205512] usb 1-1.3: New USB device found, idVendor=0483, idProduct=df11, bcdDevice=22.00\n[ 1410.205536] usb 1-1.3: Product: STM32  BOOTLOADER\n[ 1410.205541] usb 1-1.3: Manufacturer: STMicroelectronics\n'

OCTOPUS_HEADER_WITH_EBB_BUILD = '# This file contains common pin mappings for the BIGTREETECH Octopus\n# Pro. To use this config, the firmware should be compiled for the\n# STM32F446 with a "32KiB bootloader" and a "12MHz crystal" clock reference.\n# Enable "extra low-level configuration options" and select the\n# "12MHz crystal" as clock reference.\n\n# See docs/Config_Reference.md for a description of parameters.\n\n[mcu]\nserial: /dev/serial/by-id/usb-Klipper_stm32f446xx_12345-if00\n\n[mcu EBBCan]\ncanbus_uuid: 0e0d81e4210c\n\nCONFIG_LOW_LEVEL_OPTIONS=y\nCONFIG_MACH_STM32=y\nCONFIG_MCU="stm32g0b1xx"\nCONFIG_CLOCK_FREQ=64000000\nCONFIG_STM32_CLOCK_REF_8M=y\nCONFIG_CLOCK_REF_FREQ=8000000\nCONFIG_STM32_FLASH_START_2000=y\nCONFIG_FLASH_APPLICATION_ADDRESS=0x8002000\nCONFIG_CANSERIAL=y\nCONFIG_CANBUS_FREQUENCY=1000000\n\nmcu \'EBBCan\': Unable to connect\n'

CH343_ON_TTYACM = "$ lsusb\nBus 001 Device 005: ID 1a86:55d3 QinHeng Electronics USB Single Serial\nBus 001 Device 001: ID 1d6b:0002 Linux Foundation 2.0 root hub\n$ ls /dev/ttyUSB*\nls: cannot access '/dev/ttyUSB*': No such file or directory\n$ ls /dev/ttyACM*\n/dev/ttyACM0\n"


def test_a_make_flash_description_or_a_question_is_no_boot0_left_in() -> None:
    # claims.py said_dfu_after_power_cycle (deepen-boot006 s19) needs a word of repetition and no flashing or question
    assert "BOOT004" not in serious("I ran make flash. After the reboot it shows up as DFU and dfu-util writes the firmware, all good.")
    assert "BOOT004" not in serious("When I power it on, does it start in DFU mode? Or should it show up as usb-Klipper?")
    assert serious("After every power cycle it comes back as STM32 BOOTLOADER in device manager.")[:1] == ["BOOT004"]


def test_make_flash_rebooting_into_dfu_is_not_boot0_left_in() -> None:
    # `make flash FLASH_DEVICE=<by-id>` makes the kernel log "Klipper, disconnect, 0483:df11" itself
    assert "BOOT004" not in serious(MAKE_FLASH_THEN_DFU)


def test_a_double_tap_on_another_bootloader_or_a_question_is_no_katapult_fault() -> None:
    assert "BOOT001" not in serious("I double tap the reset button on my Adafruit Feather M0 but it never enters the bootloader, no FEATHERBOOT drive appears.")
    assert "BOOT001" not in serious("Does a double press of reset not enter the bootloader on this board?")
    assert "BOOT001" in serious("I double-clicked the reset button but it never enters Katapult, ls /dev/serial/by-id still shows usb-Klipper_stm32g0b1xx")


def test_a_cdc_acm_bridge_without_ttyusb_is_not_brltty() -> None:
    # the CH343/CH9102 (1a86:55d3) binds cdc_acm: it never has a /dev/ttyUSB node
    assert "SER001" not in serious(CH343_ON_TTYACM)


def test_a_toolhead_build_is_not_compared_with_the_main_boards_header() -> None:
    # printer.cfg names a CAN toolhead besides [mcu]: the pasted .config may be the toolhead's
    found = serious(OCTOPUS_HEADER_WITH_EBB_BUILD)
    assert "FW002" not in found and "FW003" not in found


def test_old_dfu_util_status_line_alone_is_still_a_failure() -> None:
    # dfu-util 0.5-0.7's "unable to read DFU status" is harmless only after a download (dfu_util.py benign_now)
    assert serious("dfu-util: unable to read DFU status") == ["GEN001"]


def test_no_rule_filters_inside_a_filter_projection() -> None:
    # jmespath 1.1 gives [] for `runs[?tool=='x'].events[?kind=='y']` (with or without a trailing []), so such a
    # condition never holds; rules write `runs[?tool=='x'].events[] | [?kind=='y']` (docs/architecture.md, session 19)
    import re
    from pathlib import Path

    nested = re.compile(r"\[\?[^\[\]]*(?:\[[^\[\]]*\][^\[\]]*)*\]\.\w+\[\?")
    root = Path(__file__).resolve().parent.parent / "knowledge" / "entries"
    found = [f"{p.name}:{i}" for p in sorted(root.glob("*.toml")) for i, line in enumerate(p.read_text().splitlines(), 1)
             if line.startswith("expr") and nested.search(line)]
    assert found == []
