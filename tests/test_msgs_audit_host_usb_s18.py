"""Source audit, session 18, of the host side of a USB/serial board: the Linux USB core (hub.c hub_port_reset/disable,
hub_hub_status, usb_reset_and_verify_device; config.c), the host controllers (hcd.c, ohci, dwc2, musb), WCH's own CH34x
driver, the Raspberry Pi desktop's low-voltage alerts, ModemManager and brltty in the journal, systemd-udevd's rules-file
errors and Windows' words for the same faults (Prolific's PL2303 refusals, setupapi.dev.log, Kernel-PnP 411). Lines are the
sources' formats filled in with a real port, device and errno."""

from __future__ import annotations

from tests.textkit import facts, first, kinds, serious

P = "[ 1234.567890] "
J = "Dec 07 10:12:13 raspberrypi "


def test_hub_reset_and_status_failures_are_hub_errors() -> None:
    assert first(P + "usb usb2-port1: cannot reset (err = -71)") == "USB003"
    assert first(P + "hub 1-1:1.0: hub_hub_status failed (err = -110)") == "USB003"


def test_a_configuration_lost_across_a_reset_is_an_enumeration_failure() -> None:
    assert first(P + "usb 1-2: can't restore configuration #1 (error=-71)") == "USB002"


def test_an_unexpected_config_descriptor_is_only_a_note() -> None:
    assert serious(P + "usb 1-1: config 1 contains an unexpected descriptor of type 0x2, skipping") == []


def test_a_dead_host_controller_is_never_silent() -> None:
    assert first(P + "ehci-pci 0000:00:1d.0: HC died; cleaning up") == "GEN001"
    assert first(P + "dwc2 3f980000.usb: dwc2_hc_chhltd_intr_dma: Channel 5 - ChHltd set, but reason is unknown") == "GEN001"


def test_musb_vbus_error_is_the_ports_power() -> None:
    assert first(P + "musb-hdrc musb-hdrc.1.auto: VBUS_ERROR in a_wait_vrise (80, <SessEnd), retry #3, port1 0008010c") == "USB003"


def test_the_pi_desktops_low_voltage_alerts_are_under_voltage() -> None:
    assert first("Low voltage warning\nPlease check your power supply") == "USB003"
    assert first("Reset due to low power; please check your power supply") == "USB003"
    assert serious("The battery shows a low voltage warning now and then but the board uploads fine.") == []


def test_wch_vendor_driver_tty_is_attached() -> None:
    text = P + "ch341 1-1:1.0: ttyCH341USB0: ch341 USB device"
    assert "tty_attached" in [e["kind"] for e in facts(text)["kernel"]["events"]]
    assert serious(text) == []


def test_journal_brltty_unit_and_modemmanager_init_lines() -> None:
    assert first(J + "systemd[1]: Started Braille Console Driver.") == "SER001"
    assert first(J + "ModemManager[512]: <warn>  Modem couldn't be initialized: Couldn't check unlock status: Serial command timed out") == "SER002"
    # ModemManager 1.18-1.24 mm-base-manager.c: it made (or tried to make) a modem of the board
    assert first(J + "ModemManager[512]: <warn>  [base-manager] couldn't create modem for device '/sys/devices/platform/soc/3f980000.usb/usb1/1-1/1-1.3': Failed to find primary AT port") == "SER002"
    assert first(J + "ModemManager[512]: <info>  [modem0] state changed (unknown -> disabled)") == "SER002"


def test_udev_rules_file_errors_are_failures_with_the_udev_step() -> None:
    assert "udev_rule_invalid" in kinds(J + "systemd-udevd[252]: /etc/udev/rules.d/49-stlinkv2.rules:3 The line takes no effect, ignoring.", "flash")
    assert first(J + "systemd-udevd[252]: unknown key 'SYSFS{idVendor}' in /etc/udev/rules.d/49-stlinkv2.rules:1") == "GEN001"
    assert first(P + "systemd-udevd[120]: /etc/udev/rules.d/99-stlink.rules:2 Invalid key/value pair, ignoring.") == "GEN001"
    # a distribution's own rules after an upgrade: not the board's rule
    assert serious(P + "systemd-udevd[1195]: /usr/lib/udev/rules.d/50-udev-default.rules:24 The line takes no effect, ignoring.") == []


def test_windows_forms() -> None:
    assert first("Unknown USB Device (Link in Compliance Mode)") == "USB002"
    assert first("Unknown USB Device (Device Failed Enumeration)") == "USB002"
    assert first("Hardware Ids: USB\\RESET_FAILURE") == "USB002"
    assert first("PL2303HXA PHASED OUT SINCE 2012. PLEASE CONTACT YOUR SUPPLIER.") == "GEN001"
    assert first("Device has problem: 0x2b (CM_PROB_FAILED_POST_START), problem status: 0xc0000001.") == "USB002"
    assert first("!!!  dvi:                     Device not started: Device has problem: 0x0a (CM_PROB_FAILED_START), problem status: 0xc0000001.") == "GEN001"


def test_the_pi5_supply_notice_is_the_usb_power_limit() -> None:
    assert first("This power supply is not capable of supplying 5A\nPower to peripherals will be restricted") == "USB003"
    assert first(P + "usb 1-1: usbfs: usb_submit_urb returned -121") == "GEN001"


def test_other_device_manager_codes_are_never_silent_and_ioreg_is_healthy() -> None:
    assert first("This device is not present, is not working properly, or does not have all its drivers installed. (Code 24)") == "GEN001"
    assert serious("+-o USB Serial@14100000  <class AppleUSBDevice, id 0x100000a4b, registered, matched, active, busy 0 (1 ms), retain 14>") == []
