"""Rows added for the can-klipper round (session 18): kmod refusing to load a CAN driver (`modprobe: ERROR: could not
insert 'gs_usb': Exec format error`, insmod's `could not insert module ...: Invalid module format`; "Module already in
kernel" is the module being loaded, not a failure), and a kernel config that leaves SocketCAN or the adapter's driver
out (`# CONFIG_CAN_GS_USB is not set` from /proc/config.gz): either way no CAN interface can appear (CAN002)."""

from __future__ import annotations

from tests.textkit import first, serious

# agilexrobotics/hunter_ros#10: a gs_usb.ko built for another kernel
MODPROBE_EXEC_FORMAT = "modprobe: ERROR: Could not insert 'gs_usb':Exec format error"
# kmod tools/insmod.c mod_strerror(ENOEXEC)
INSMOD_INVALID_FORMAT = "insmod: ERROR: could not insert module /root/gs_usb.ko: Invalid module format"
MODPROBE_ALREADY_LOADED = "modprobe: ERROR: could not insert 'gs_usb': Module already in kernel"
# MichaIng/DietPi#6009: the report quotes the kernel config line inline
KCONFIG_GS_USB_UNSET = ("- There is no `gs_usb` kernel module, and `zgrep GS_USB /proc/config.gz` reports "
                        "`# CONFIG_CAN_GS_USB is not set`")


def test_modprobe_cannot_insert_can_driver_is_missing_interface():
    assert first(MODPROBE_EXEC_FORMAT) == "CAN002"
    assert first(INSMOD_INVALID_FORMAT) == "CAN002"


def test_module_already_loaded_is_not_a_failure():
    assert serious(MODPROBE_ALREADY_LOADED) == []


def test_kernel_config_without_can_driver_is_missing_interface():
    assert first(KCONFIG_GS_USB_UNSET) == "CAN002"
    assert first("# CONFIG_CAN is not set") == "CAN002"


def test_klipper_config_canserial_unset_is_not_the_kernel_row():
    assert serious("# CONFIG_CANSERIAL is not set") == []


# BusyBox modutils (OpenWrt / Buildroot / Alpine): modprobe.c and insmod.c wordings
def test_busybox_modprobe_and_insmod_can_driver_failures_are_missing_interface():
    assert first("modprobe: module gs_usb not found in modules.dep") == "CAN002"
    assert first("insmod: can't insert 'gs_usb.ko': invalid module format") == "CAN002"
    assert serious("modprobe: module gs_usb is builtin") == []
