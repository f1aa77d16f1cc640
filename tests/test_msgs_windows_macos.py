"""windows-macos round, session 9: the Windows and macOS wordings of the catalogue's faults, read from the tools' and
the operating systems' own texts and checked against real pastes (GitHub issues of esptool, usbipd-win, libwdi users,
openFPGALoader, NumWorks, LA104, DreamPicoPort, MegaCoreX, Air-duino, OpenCM9.04, sduino, bigtreetech/EBB, mpremote
wrappers, ch34xser_macos, ORSSerialPort).

- Windows loader NTSTATUS codes as a wrapper's exit status (0xC0000135 DLL not found, 0xC0000139/0xC0000142 wrong DLL,
  0xC000007B 32/64-bit mismatch; hex, signed and unsigned decimal): the tool never ran (TOOL001);
- macOS dyld errors behind a wrapper's prefix (`st-flash: dyld: Library not loaded`) and dyld's `Symbol not found`;
- the Mac's own wireless / debug serial ports (Bluetooth-Incoming-Port, -SPPDev, -CSRGAIA-n, debug-console) opened by
  a serial tool: the wrong device (BOOT006), not a busy board port;
- Chromium's WebUSB / Web Serial DOMException texts (webusb.py): open 'Access denied' is the driver or permission
  (USB004), 'Failed to open serial port' the driver first on Windows 11, else another program (GEN001);
- usbipd-win / WSL usbip client messages (usbipd.py): the usbip client missing (TOOL001), 'Device busy (exported)' the
  device still held by Windows (GEN001 with its own message);
- libusb's Windows backend 'The following device has no driver' before a failed open (USB004); libftdi's -4/-5 open
  failures (USB004, not SWD001); Windows naming the STM32 ROM DFU device while the flasher finds none (USB004);
- a Windows BOS descriptor failure is the firmware's descriptors (GEN001), not the cable (USB002);
- mpremote's 'failed to access' behind a wrapper's prefix (SER003).
"""

from __future__ import annotations

import pytest

from textkit import events, findings, first, serious

# --- Windows loader NTSTATUS as an exit status ------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    # arduino-cli / IDE 2 (OpenCM9.04 #112)
    '"C:\\Users\\u\\AppData\\Local\\Arduino15\\packages\\OpenCM904\\tools\\opencm_tools\\0.0.2/win/opencm9.04_ld.exe" "COM6" "57600" "x.bin" "1" "opencm"\n'
    "Failed uploading: uploading error: exit status 0xc0000135",
    # the Chinese UI (Arduino-AirMCU #102)
    "上传失败: 上传错误：exit status 0xc0000135",
    # 32/64-bit mismatch (MegaCoreX #163)
    "exit status 0xc000007b",
    # signed decimal (n-able-Arduino #26)
    "echo Not building DFU package\nexit status -1073741515\nError compiling for board Nordic nRF52832DK (PCA10040).",
    # make's unsigned and signed forms
    "make: *** [Makefile:71: flash] Error -1073741515",
    "*** [upload] Error 3221225781",
])
def test_ntstatus_exit_is_tool_missing(text: str) -> None:
    assert first(text) == "TOOL001"


@pytest.mark.parametrize("line", [
    "CreateProcess error=225, Operation did not complete successfully because the file contains a virus or potentially unwanted software at java.lang.ProcessBuilder.start(ProcessBuilder.java:1048)",
    "OSError: [WinError 225] Operation did not complete successfully because the file contains a virus or potentially unwanted software",
])
def test_antivirus_blocked_tool(line: str) -> None:
    evs = [e for e in events(line, "shell") if e["kind"] == "tool_missing"]
    assert evs and evs[0]["reason"] == "antivirus"
    assert first(line) == "TOOL001"


def test_ntstatus_needs_the_loader_code() -> None:
    # an ordinary exit status is not a missing DLL
    assert first("Failed uploading: uploading error: exit status 1") != "TOOL001"


# --- macOS dyld -------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("line,name", [
    ("st-flash: dyld: Library not loaded: /usr/local/lib/libusb-1.0.0.dylib", "libusb-1.0.0.dylib"),
    ("st-flash: dyld[3956]: Library not loaded: '/opt/homebrew/opt/libusb/lib/libusb-1.0.0.dylib'", "libusb-1.0.0.dylib"),
    ("dyld: Symbol not found: _libusb_set_option", "_libusb_set_option"),
])
def test_dyld_rows(line: str, name: str) -> None:
    evs = [e for e in events(line, "shell") if e["kind"] == "tool_missing"]
    assert evs and evs[0]["name"] == name
    assert first(line) == "TOOL001"


# --- the Mac's own wireless serial ports ------------------------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "OSError: [Errno 16] Resource busy: '/dev/cu.nuraphone392-CSRGAIA-2'",
    "serial.serialutil.SerialException: [Errno 16] could not open port /dev/cu.Bluetooth-Incoming-Port: [Errno 16] Resource busy: '/dev/cu.Bluetooth-Incoming-Port'",
    "could not open port /dev/tty.JBL-Flip-SPPDev: [Errno 2] No such file or directory: '/dev/tty.JBL-Flip-SPPDev'",
])
def test_mac_service_port_is_wrong_device(line: str) -> None:
    assert first(line) == "BOOT006"


def test_busy_usb_port_stays_busy() -> None:
    assert first("OSError: [Errno 16] Resource busy: '/dev/cu.usbserial-0001'") == "SER003"


# --- WebUSB / Web Serial ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "DFUError: OPEN failed --> SecurityError: Failed to execute 'open' on 'USBDevice': Access denied.",
    "index.html:1 Uncaught (in promise) DOMException: Failed to execute 'open' on 'USBDevice': Access denied.",
    "Failed to execute 'open' on 'USBDevice': Access denied.",
])
def test_webusb_open_denied(line: str) -> None:
    evs = events(line, "flash", "webusb")
    assert evs and evs[0]["kind"] == "usb_access_denied"
    assert first(line) == "USB004"


def test_webusb_claim_and_webserial() -> None:
    assert first("NetworkError: Failed to execute 'claimInterface' on 'USBDevice': Unable to claim interface.") == "USB004"
    # Web Serial's refusal: resolved threads name the Windows 11 USB-serial driver first (esphome/issues #4525), so the
    # quoted failure with the driver question, not a busy port
    assert first("Error: NetworkError: Failed to execute 'open' on 'SerialPort': Failed to open serial port.") == "GEN001"


def test_webusb_chooser_closed_is_a_stall_not_a_fault_of_its_own() -> None:
    # (misses s20) pasted alone, the closed chooser is what the person is stuck on (a Snap browser, a missing driver: the
    # chooser offered nothing): GEN001 quotes it as a stall; with a later success it is nothing (tests/test_misses_s20.py)
    found = findings("NotFoundError: Failed to execute 'requestDevice' on 'USB': No device selected.")
    assert [f.id for f in found] == ["GEN001"] and found[0].severity == "warning"


def test_webdfu_healthy_end_is_quiet() -> None:
    # devanlai/webdfu's debug lines after the last block: the device's own reboot makes the reset call fail (dapboot #11)
    text = ("dfu-util.js:174 Wrote 612 bytes\ndfu-util.js:174 Sending empty block\n"
            "dfu-util.js:174 Final DFU status: state=7, status=0\ndfu-util.js:174 Ignored reset error")
    assert serious(text) == []


def test_webdfu_failures_are_not_silent() -> None:
    assert first("Error during final DFU download ControlTransferOut failed NetworkError A transfer error has occurred.") == "GEN001"
    evs = events("Final DFU status: state=10, status=14", "flash", "webusb")
    assert evs and evs[0]["kind"] == "webusb_transfer_failed" and evs[0]["status"] == 14


# --- usbipd-win / WSL -------------------------------------------------------------------------------------------------------

def test_usbipd_client_missing() -> None:
    text = ("usbipd: error: WSL 'usbip' client not correctly installed. See https://github.com/dorssel/usbipd-win/wiki/WSL-support "
            "for the latest instructions.")
    evs = events(text, "flash", "usbipd")
    assert evs and evs[0]["kind"] == "tool_missing" and evs[0]["name"] == "usbip"
    assert first(text) == "TOOL001"
    assert first("WARNING: usbip not found for kernel 5.10.102.1-microsoft") == "TOOL001"


def test_usbipd_device_busy() -> None:
    text = ("usbip: error: Attach Request for 11-2 failed - Device busy (exported)\n\n"
            "usbipd: error: Failed to attach device with BUSID '11-2'.")
    evs = events(text, "flash", "usbipd")
    assert [e["kind"] for e in evs] == ["usbipd_attach_failed", "usbipd_attach_failed"]
    found = first(text)
    assert found == "GEN001"


def test_usbipd_info_is_benign() -> None:
    assert serious("usbipd: info: Using WSL distribution 'Ubuntu' to attach; the device will be available in all WSL 2 distributions.") == []


# --- libusb / libftdi on Windows, Device Manager names ----------------------------------------------------------------------

def test_libusb_no_driver_then_open_failed() -> None:
    text = ("libusb: info [windows_get_device_list]: The following device has no driver: 'USB\\VID_0483&PID_DF11\\205E3072524B'\n"
            "Could not open USB device.")
    evs = events(text, "windows")
    assert evs and evs[0]["kind"] == "libusb_no_driver" and evs[0]["vid"] == "0483"
    assert first(text) == "USB004"


def test_libusb_no_driver_alone_is_quiet() -> None:
    assert serious("libusb: info [windows_get_device_list]: The following device has no driver: 'USB\\VID_046D&PID_C52B\\5&1'") == []


@pytest.mark.parametrize("line", [
    "unable to open ftdi device: -4 (usd_open() failed)",
    "unable to open ftdi device: -4 (usb_open() failed)",
    "Error: unable to open ftdi device: unable to claim usb device. Make sure the default FTDI driver is not in use",
])
def test_libftdi_open_failure_is_access(line: str) -> None:
    assert first(line) == "USB004"


def test_windows_lists_dfu_but_flasher_finds_none() -> None:
    text = ("trying to flash the ebb but all I get is no dfu detected. when plunging in to usb and holding the boot button "
            "and taping the rst button windows 11 sees dfu in fs mode but cube programmer will not find")
    assert first(text) == "USB004"


def test_cubeprogrammer_listing_is_not_device_manager() -> None:
    # CubeProgrammer's own listing names the product; that line stays with stm32cubeprog.py
    assert not [e for e in events("09:12:45 : Product ID : DFU in FS Mode", "windows") if e["kind"] == "dfu_device_listed"]


def test_bos_descriptor_is_firmware_not_cable() -> None:
    text = "This device cannot start. (Code 10)\nA request for the USB BOS descriptor failed."
    assert [e["kind"] for e in events(text, "windows")].count("usb_bos_descriptor_error") == 1
    assert first(text) == "GEN001"
    assert first("A request for the USB device descriptor failed.") == "USB002"


# --- mpremote behind a wrapper ----------------------------------------------------------------------------------------------

def test_mpremote_prefixed() -> None:
    line = "Board auto-upload failed for boot.py: mpremote: failed to access COM8 (it may be in use by another program)"
    evs = [e for e in events(line, "serial") if e["kind"] == "serial_open_failed"]
    assert evs and evs[0]["port"] == "COM8"
    assert first(line) == "SER003"
