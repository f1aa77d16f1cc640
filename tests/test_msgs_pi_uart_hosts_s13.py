"""(pi-uart-hosts s13) libsigrok and libusb's own log lines, a hub reset in the kernel log, a long garbled terminal
line, a Raspberry Pi config.txt whose Bluetooth overlay does not apply, genmon's serial checks, and bash's
"No such file or directory" for a data file (no missing tool)."""

from __future__ import annotations

from tests.textkit import events, first, serious


# --- libsigrok (sigrok-cli, PulseView) -------------------------------------------------------------------------------

def test_sigrok_open_access_denied_is_udev():
    assert first("sr: fx2lafw: Failed to open potential device with VID:PID 0925:3881: LIBUSB_ERROR_ACCESS.") == "USB004"
    assert first("sr: usb: Failed to open device: LIBUSB_ERROR_ACCESS.") == "USB004"
    assert first("sr: ezusb: failed to open device: LIBUSB_ERROR_ACCESS.\n"
                 "sr: saleae-logic16: Firmware upload failed, name saleae-logic16-fx2.fw.") == "USB004"
    # PulseView's console: libsigrok's prefix without "sr: "
    assert first("fx2lafw: Failed to open potential device with VID:PID 0925:3881: LIBUSB_ERROR_ACCESS.") == "USB004"


def test_sigrok_not_supported_is_windows_driver():
    text = ("fx2lafw: Failed to open potential device with VID:PID 1d50:608c: LIBUSB_ERROR_NOT_SUPPORTED.\n"
            "fx2lafw: Failed to open device: LIBUSB_ERROR_NOT_SUPPORTED.\n"
            "sr: fx2lafw: Unable to open device.\n")
    assert first(text) == "USB004"
    assert any(e.get("os") == "windows" for e in events(text, "flash", "sigrok"))


def test_sigrok_device_lost_mid_capture_is_usb_link():
    assert first("sr: fx2lafw: resubmit_transfer: LIBUSB_ERROR_NO_DEVICE\nAcquisition took 0.03 s") == "USB003"


def test_sigrok_scan_that_found_devices_is_healthy():
    text = ("$ sigrok-cli --scan\nThe following devices were found:\n"
            "fx2lafw - sigrok FX2 LA (8ch) with 8 channels: D0 D1 D2 D3 D4 D5 D6 D7\n")
    assert serious(text) == []


# --- libusb's own log ---------------------------------------------------------------------------------------------

def test_libusb_log_write_access_is_udev():
    new = ("libusb: error [get_usbfs_fd] libusb couldn't open USB device /dev/bus/usb/003/028, errno=13\n"
           "libusb: error [get_usbfs_fd] libusb requires write access to USB device nodes\n")
    old = ("libusb: error [_get_usbfs_fd] libusb couldn't open USB device /dev/bus/usb/001/005: Permission denied\n"
           "libusb: error [_get_usbfs_fd] libusb requires write access to USB device nodes.\n")
    for text in (new, old):
        assert first(text) == "USB004", text


def test_shell_redirect_to_missing_rules_dir_is_no_missing_tool():
    text = ("Installing udev rules to /run/udev/rules.d/69-labrador.rules\n"
            "/tmp/labrador-udev-helper0HdjV0: line 3: /run/udev/rules.d/69-labrador.rules: No such file or directory\n")
    assert "TOOL001" not in serious(text)
    # a program called by its path is still one
    assert first("./flash.sh: line 2: /opt/stlink/st-flash: No such file or directory") == "TOOL001"


# --- kernel: a hub reset --------------------------------------------------------------------------------------------

_HUB_RESET = """\
[16800.398392] usb 1-1.2: USB disconnect, device number 16
[16800.400374] usb 1-1.3: USB disconnect, device number 19
[16800.806091] usb 1-1: new high-speed USB device number 20 using dwc_otg
[16801.046223] usb 1-1: New USB device found, idVendor=0424, idProduct=2514
[16801.046641] hub 1-1:1.0: USB hub found
"""


def test_hub_dropping_every_device_at_once_is_usb003():
    assert first(_HUB_RESET) == "USB003"


def test_one_device_replugged_is_no_hub_reset():
    text = ("[100.000000] usb 1-1.2: USB disconnect, device number 5\n"
            "[109.000000] usb 1-1.2: new full-speed USB device number 6 using dwc_otg\n")
    assert "USB003" not in serious(text)


def test_hub_unplugged_and_replugged_later_is_no_hub_reset():
    text = ("[100.000000] usb 1-1.2: USB disconnect, device number 5\n"
            "[100.000400] usb 1-1.3: USB disconnect, device number 6\n"
            "[130.000000] usb 1-1: new high-speed USB device number 7 using dwc_otg\n")
    assert "USB003" not in serious(text)


# --- a terminal line of garbage -------------------------------------------------------------------------------------

def test_one_long_row_of_replacement_characters_is_baud():
    row = "\ufffd\ufffdn\ufffd2\ufffd\ufffdbr\ufffd\ufffdb\ufffdn\ufffdB2nn\ufffd\ufffd\ufffdb2LB\ufffdb\ufffd\ufffdb" * 12
    assert first(row) == "SER007"


# --- Raspberry Pi config.txt ----------------------------------------------------------------------------------------

def test_misspelled_bt_overlay_is_ser006():
    assert first("dtoverlay=pi3-diable-bt\nenable_uart=1\ncore_freq=250") == "SER006"


def test_bt_overlay_only_under_pi4_filter_is_ser006():
    text = ("dtparam=audio=on\n\n[pi4]\n# Enable DRM VC4 V3D driver on top of the dispmanx display stack\n"
            "dtoverlay=pi3-disable-bt\nmax_framebuffers=2\n\n[all]\n#dtoverlay=vc4-fkms-v3d\nenable_uart=1\n")
    assert first(text) == "SER006"


def test_bt_overlay_under_all_is_healthy():
    assert serious("[all]\nenable_uart=1\ndtoverlay=disable-bt\n") == []
    assert serious("[pi4]\ndtoverlay=vc4-kms-v3d\nmax_framebuffers=2\n\n[all]\ndtoverlay=pi3-miniuart-bt\nenable_uart=1\n") == []


# --- genmon's serial helpers ----------------------------------------------------------------------------------------

_GENMON_BT_FAIL = """\
Checking : Is enable UART in boot config: OK
Checking : Is BT overlay disabled: Fail
Checking : Serial console command line removed: OK
Checking : Serial console service disabled: OK
Checking : BT service disabled: OK
"""


def test_genmon_bt_check_fail_with_old_overlay_name_is_healthy():
    assert serious(_GENMON_BT_FAIL + "\n[all]\nenable_uart=1\ndtoverlay=pi3-disable-bt\n") == []


def test_genmon_bt_check_fail_alone_is_a_warning():
    assert first(_GENMON_BT_FAIL) == "SER006"


def test_genmon_console_check_fail_is_ser006():
    text = _GENMON_BT_FAIL.replace("Serial console command line removed: OK", "Serial console command line removed: Fail")
    assert first(text) == "SER006"


def test_genmon_loopback_failed_is_ser006():
    text = ("Loopback testing for serial port /dev/serial0...\n\nSerial port opened\nwrite data: sent test string\n"
            "waiting to received data....\nFAILED: Sent data does not match receive. Received 0 bytes\n")
    assert first(text) == "SER006"


# --- debmatic-info / pivccu-info (HomeMatic radio module on the GPIO UART) -------------------------------------------

_DEBMATIC = """\
debmatic version: 3.49.17-40
Kernel modules: Available
Raw UART dev:   {raw}
Rasp.Pi3 UART:  Assigned to GPIO pins
HMRF Hardware:  unknown
HMIP Hardware:  unknown
"""


def test_debmatic_raw_uart_not_available_is_ser006():
    assert first(_DEBMATIC.format(raw="Not available")) == "SER006"


def test_debmatic_raw_uart_available_is_healthy():
    assert serious(_DEBMATIC.format(raw="Available")) == []


def test_debmatic_without_kernel_module_is_no_uart_fault():
    text = _DEBMATIC.format(raw="Not available").replace("Kernel modules: Available", "Kernel modules: Not available")
    assert "SER006" not in serious(text)


# --- Armbian's armbianEnv.txt ---------------------------------------------------------------------------------------

_ARMBIAN = "verbosity=1\nconsole=both\noverlay_prefix=sun8i-h3\noverlays={overlays}\nrootdev=UUID=aec93845-9ef3-416e-ba6a-9f6e099bce15\nrootfstype=ext4\n"


def test_armbian_uart_overlay_with_doubled_prefix_is_ser006():
    assert first(_ARMBIAN.format(overlays="sun8i-h3-uart1 sun8i-h3-uart2")) == "SER006"


def test_armbian_uart_overlay_without_prefix_is_healthy():
    assert serious(_ARMBIAN.format(overlays="uart1 uart2 usbhost2")) == []
