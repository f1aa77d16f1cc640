"""Flash and recovery backends. Every operation a knowledge entry may name is registered in ACTIONS.

ACTIONS maps an action name ("<driver>.<operation>") to a one-line description. A knowledge entry
naming an action not listed here fails to load; tests/test_actions.py checks that every name here is
implemented by a driver module (doctor.drivers.<driver>) exposing a plan for it.
"""

from __future__ import annotations

ACTIONS: dict[str, str] = {
    # host fixes (drivers/host.py)
    "host.install_udev_rules": "write a udev rules file for the boards in the device table (uaccess + group)",
    "host.add_user_to_group": "add the user to the group that owns the tty (dialout, uucp, tty)",
    "host.stop_service": "stop a service that holds a port (klipper, octoprint) and start it again afterwards",
    "host.disable_brltty": "stop brltty from claiming USB-serial adapters",
    "host.modemmanager_ignore": "make ModemManager ignore the board (udev ID_MM_DEVICE_IGNORE) or stop it",
    "host.fix_serial_path": "replace a stale serial path in printer.cfg by the /dev/serial/by-id link that exists",
    "host.can_up": "bring the CAN interface up with the firmware's bitrate",
    "host.can_txqueuelen": "raise the CAN interface's txqueuelen to 128",
    # Katapult (drivers/katapult.py)
    "katapult.request_bootloader": "ask a running Klipper to enter Katapult (1200 baud, UART string or CAN admin command)",
    "katapult.flash": "flash an application image through Katapult (serial, USB or CAN) and verify it",
    # ROM DFU (drivers/dfu_util.py)
    "dfu.flash": "flash through the STM32/GD32 ROM DFU bootloader with dfu-util (DfuSe :leave)",
    "dfu.mass_erase": "mass-erase through DfuSe, then flash",
    # SWD (drivers/st_flash.py, drivers/openocd.py)
    "stlink.flash": "write an image with st-flash (--reset, --connect-under-reset, --flash=SIZE as the fault needs)",
    "openocd.flash": "program and verify with openocd (connect under reset when NRST is wired)",
    "openocd.unlock": "remove read-out protection with openocd (mass erase)",
    # AVR (drivers/avrdude.py)
    "avrdude.flash": "write and verify with avrdude (ISP programmers or USB bootloaders)",
    "avrdude.write_fuses": "write fuses with avrdude, masking unused efuse bits",
    # SD card (drivers/sdcard.py)
    "sdcard.flash": "copy the firmware to the card for the board's bootloader, or upload it through a running Klipper",
}
