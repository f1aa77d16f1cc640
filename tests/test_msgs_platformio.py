"""platformio, session 9: PlatformIO's package-manager messages about a tool package (3.x-4.x "Detected unknown package",
5.x-6.x "Could not install package ... for ... system", the UnknownPackageError rows now marked as PlatformIO's), the
upload port that is the host's own UART (/dev/ttyS*, /dev/ttyAMA*, COM1/COM2) behind an rp2040load failure, esptool-ck's
"Failed to open COMn" on a board's port, and avrdude's Windows "Access is denied" in more languages. Texts are real pastes
(sources in the comments) or the tools' own wordings (platformio-core v3.6.7-v6.1.17 exception.py,
package/manager/_install.py)."""

from __future__ import annotations

from typing import Any

import pytest

from doctor import engine
from doctor.parsers import parse_stream
from textkit import events as _events, facts, findings


def events(text: str, ns: str = "flash") -> list[dict[str, Any]]:
    return _events(text, ns)


def ids(text: str) -> list[str]:
    return [f.id for f in findings(text)]


# platformio-core#3030 (PIO Home updating nordicnrf52: a tool-openocd folder it cannot read)
PIO_UNKNOWN_TOOL_PACKAGE = r"""
PIO Core Call Error: "Platform C:\\Users\\tekno\\AppData\\Roaming\\SPB_Data\\.platformio\\platforms\\nordicnrf52\r\n--------\nUpdating nordicnrf52                     @ 3.7.0          [Up-to-date]\n\n\nError: Detected unknown package 'C:\\Users\\tekno\\AppData\\Roaming\\SPB_Data\\.platformio\\packages\\tool-openocd @ ~2.1000.0'"
"""


def test_detected_unknown_tool_package_is_a_missing_tool_package() -> None:
    evs = [e for e in events(PIO_UNKNOWN_TOOL_PACKAGE) if e["kind"] == "tool_missing"]
    assert evs and evs[0]["via"] == "pio-package" and evs[0].get("broken") is True
    assert evs[0]["name"].startswith("tool-openocd")
    assert ids(PIO_UNKNOWN_TOOL_PACKAGE)[0] == "TOOL001"


@pytest.mark.parametrize("line", [
    "Error: Detected unknown package '/home/pi/.platformio/packages/toolchain-gccarmnoneeabi'",
    "Error: Detected unknown package 'tool-avrdude @ ~1.60300.0'",
])
def test_detected_unknown_package_posix_path_and_bare_name(line: str) -> None:
    evs = [e for e in events(line) if e["kind"] == "tool_missing"]
    assert evs and evs[0]["name"].split(" ")[0] in ("toolchain-gccarmnoneeabi", "tool-avrdude")


def test_detected_unknown_package_of_a_platform_is_no_tool() -> None:
    # a development platform's folder is not an upload tool: a package failure, no TOOL001
    text = "Error: Detected unknown package '/home/u/.platformio/platforms/espressif8266'"
    kinds = [e["kind"] for e in events(text)]
    assert "tool_missing" not in kinds and "package_failed" in kinds


@pytest.mark.parametrize("line,kind", [
    ("PackageException: Could not install package 'platformio/tool-openocd @ ~3.1200.0' for 'linux_armv7l' system", "tool_missing"),
    ("Error: Could not install package 'platformio/framework-arduinoststm32 @ ~4.20600.0' for 'linux_armv7l' system", "package_failed"),
])
def test_could_not_install_package_for_system_6x(line: str, kind: str) -> None:
    assert kind in [e["kind"] for e in events(line)]


def test_unknownpackageerror_of_a_toolchain_is_pio_package() -> None:
    # platformio-home#2144 (a Raspberry Pi 5, linux_aarch64)
    text = ("UnknownPackageError: Could not find the package with 'platformio/toolchain-gccarmnoneeabi @ ~1.90201.0' "
            "requirements for your system 'linux_aarch64'")
    evs = [e for e in events(text) if e["kind"] == "tool_missing"]
    assert evs and evs[0]["via"] == "pio-package"
    assert ids(text)[0] == "TOOL001"


# qiita mocketech 2024-05 (Seeed XIAO RP2040 on Linux: no board port, PlatformIO touched /dev/ttyS0)
PIO_RP2040LOAD_TTYS0 = """
CURRENT: upload_protocol = picotool
Looking for upload port...
Auto-detected: /dev/ttyS0
Forcing reset using 1200bps open/close on port /dev/ttyS0
Uploading .pio/build/seeed_xiao_rp2040/firmware.elf
rp2040load 1.0.1 - compiled with go1.15.8
.....................
*** [upload] Error 1
"""


def test_upload_port_host_uart_flag() -> None:
    ports = [e for e in events(PIO_RP2040LOAD_TTYS0) if e["kind"] == "upload_port"]
    assert ports and ports[0]["device"] == "/dev/ttyS0" and ports[0].get("host_uart") is True


@pytest.mark.parametrize("port,flag", [("COM1", True), ("/dev/ttyAMA0", True), ("COM4", False), ("/dev/ttyACM0", False),
                                       ("/dev/ttyUSB0", False), ("COM12", False)])
def test_host_uart_only_for_the_hosts_own_ports(port: str, flag: bool) -> None:
    ports = [e for e in events(f"Looking for upload port...\nAuto-detected: {port}") if e["kind"] == "upload_port"]
    assert ports and bool(ports[0].get("host_uart")) is flag


def test_rp2040load_after_a_touch_of_the_hosts_uart_is_boot001() -> None:
    assert ids(PIO_RP2040LOAD_TTYS0)[0] == "BOOT001"


def test_rp2040load_after_a_touch_of_a_board_port_stays_access_first() -> None:
    # the board's own port was touched: it most likely reached BOOTSEL, and access is the likelier cause (USB004)
    text = PIO_RP2040LOAD_TTYS0.replace("/dev/ttyS0", "/dev/ttyACM0")
    assert ids(text)[0] == "USB004"


# vscode-arduino#168 (the extension's Serial Monitor held COM4); esp8266/Arduino#2974 (COM1, not the board's port)
ESPCOMM_COM4 = """
Uploading...
error: Failed to open COM4
error: espcomm_open failed
error: espcomm_upload_mem failed
An error occurred while uploading the sketch
"""


def test_esptool_ck_failed_to_open_a_board_port_is_held_port_first() -> None:
    assert ids(ESPCOMM_COM4)[0] == "SER003"


def test_esptool_ck_failed_to_open_com1_is_wrong_port_first() -> None:
    assert ids(ESPCOMM_COM4.replace("COM4", "COM1"))[0] == "SER005"


@pytest.mark.parametrize("reason", ["Ingen tilgang.", "Adgang nægtet.", "Käyttö estetty.", "Acces refuzat.", "Akses ditolak.",
                                    "Pristup je odbijen.", "Достъпът е отказан."])
def test_avrdude_com_port_access_denied_in_more_languages(reason: str) -> None:
    # platform-atmelavr#219 (Norwegian Windows: PlatformIO's serial monitor held COM3)
    text = f'avrdude: ser_open(): can\'t open device "\\\\.\\COM3": {reason}\n\n\navrdude done.  Thank you.\n\n*** [upload] Error 1'
    kinds = [e["kind"] for e in events(text, "avrdude")]
    assert "serial_port_busy" in kinds
    assert ids(text)[0] == "SER003"


# BIGTREETECH-SKR-V1.3#85, Marlin#19248 (Marlin's LPC176x upload step: the SD card drive to copy firmware.bin to)
@pytest.mark.parametrize("reason", ["Autodetect Error", "a bytes-like object is required, not 'str'",
                                    "Command 'fsutil fsinfo drives' returned non-zero exit status 1.",
                                    "[Errno 2] No such file or directory: '/media/pi'"])
def test_marlin_lpc176x_destination_disk_not_found(reason: str) -> None:
    text = (f"Building in release mode\n\nUnable to find destination disk ({reason})\n"
            "Please select it in platformio.ini using the upload_port keyword (https://docs.platformio.org/en/latest/projectconf/section_env_upload.html) or copy\n"
            "the firmware (.pio/build/LPC1769/firmware.bin) manually to the appropriate disk")
    evs = [e for e in events(text) if e["kind"] == "sd_drive_not_found"]
    assert evs and evs[0]["reason"] == reason
    found = engine.evaluate(facts(text))
    assert found and found[0].id == "GEN001" and "SD card drive" in found[0].message


@pytest.mark.parametrize("line,text", [
    ("*** [upload] Broken pipe", "Broken pipe"),
    ("*** [upload] Cannot configure port, something went wrong. Original message: PermissionError(13, 'A device attached to "
     "the system is not functioning.', None, 31)", "Cannot configure port, something went wrong."),
    ("scons: *** [upload] [Errno 2] No such file or directory: '/media/user/NODE_F401RE'", "[Errno 2] No such file"),
])
def test_scons_exception_in_the_upload_is_a_failure(line: str, text: str) -> None:
    # (the Opta's second try in community.platformio.org 33519 ended in this one line; doctor said "No faults found")
    evs = [e for e in events("Looking for upload port...\nUsing manually specified: /dev/ttyACM0\n" + line) if e["kind"] == "upload_failed"]
    assert evs and evs[0]["text"].startswith(text) and evs[0]["fail"]
    assert ids("Looking for upload port...\nUsing manually specified: /dev/ttyACM0\n" + line)


def test_scons_error_code_rows_still_take_their_lines() -> None:
    evs = [e for e in events("*** [upload] Error 74") if e["kind"] == "upload_failed"]
    assert evs and evs[0]["code"] == 74 and not evs[0].get("text")


def test_unknown_upload_protocol_means_nothing_was_uploaded() -> None:
    # platform-ststm32#155 (serial with the stm32cube framework of 2018: no upload action, the run went on)
    text = "No dependencies\nWarning! Unknown upload protocol serial\nChecking size .pioenvs\\genericSTM32F103C8\\firmware.elf"
    evs = [e for e in events(text) if e["kind"] == "upload_protocol_unknown"]
    assert evs and evs[0]["name"] == "serial"
    found = engine.evaluate(facts(text))
    assert found and found[0].id == "GEN001" and "nothing was uploaded" in found[0].message


@pytest.mark.parametrize("line", ["UnknownBoard: Unknown board ID 'esp32-s3-devkitc'", "Error: Unknown board ID 'bluepil_f103c8'"])
def test_unknown_board_id_is_platformios_not_an_sd_board_definition(line: str) -> None:
    # PlatformIO 3.x-6.x UnknownBoard; a bare pasted line was read as Klipper's flash-sdcard "Unknown board" (SD003)
    evs = [e for e in events(line) if e["kind"] == "board_unknown"]
    assert evs and evs[0]["board"] in line
    assert ids(line)[0] == "GEN001"


from doctor.parsers import platformio as _pio  # noqa: E402

_S9 = [r for r in _pio.MESSAGES if r.kind in ("tool_missing", "package_failed", "sd_drive_not_found", "upload_failed",
                                              "upload_protocol_unknown", "board_unknown")]


@pytest.mark.parametrize("row", _S9, ids=lambda r: r.pattern[:40])
def test_row_example_is_taken_by_its_own_row(row: Any) -> None:
    matched = _pio.PlatformioParser.table.match(row.example.strip())
    assert matched and matched[0][0] is row, f"{row.example!r} is taken by {matched[0][0].pattern if matched else None!r}"


@pytest.mark.parametrize("row", [r for r in _S9 if r.strength == "strong"], ids=lambda r: r.pattern[:40])
def test_strong_row_example_starts_a_platformio_block(row: Any) -> None:
    out = parse_stream(iter(["some prose before the paste", "", row.example]), "t")
    assert out["sources"][0]["blocks"][-1]["tool"] == "platformio", out["sources"][0]["blocks"]
    assert row.kind in [e["kind"] for e in events(row.example)]


_LOST = """
hla_swd
Error: jtag status contains invalid mode value - communication failure
Polling target stm32f4x.cpu failed, trying to reexamine
Examination failed, GDB will be halted. Polling again in 100ms
"""


def test_stlink_session_lost_after_setup_is_connect_under_reset_first() -> None:
    # platform-ststm32#451 (BlackPill F411: works once RST is wired); the WFI low-power case reads the same
    assert ids(_LOST)[0] == "SWD004"


def test_stlink_session_lost_with_a_low_target_voltage_is_power_first() -> None:
    # bipropellant-hoverboard-firmware#105 style: 1.55 V on the ST-Link's target voltage
    assert ids("Info : Target voltage: 1.552756\n" + _LOST.strip())[0] == "SWD003"
