"""Round swd s8: message rows and rules added for real threads gathered in /work/heldout9/swd (now in tests/cases).

- OpenOCD 0.9-0.10 "unable to find CMSIS-DAP device" (0.11+: "... a matching CMSIS-DAP device"), the 0.9-0.10 bare-hex
  "no flash bank found for address 0" and "wrote 0 bytes from file" (nothing reached flash: no healthy run);
- OpenOCD 0.9-0.10 interface/stlink-v2-1.cfg (0483:374b only) / stlink-v2.cfg (0483:3748 only) against the probe lsusb
  shows: the config, not permissions (a world-writable usbfs node rules USB004 out);
- an STM32F1 device id behind a Cortex-M3 r2 debug port or core (0x2ba01477 / "Cortex-M3 r2p1"): a clone F103;
- stlink-tools "failed to get libusb device descriptor" (1.3-1.8): libusb could not read a device, a driver/access fault;
- gnuk's tool/stlinkv2.py (CORE/CHIP_ID status line, Python exception reprs);
- J-Link Commander "File is of unknown / supported format" (nothing downloaded: never silent).
"""

from __future__ import annotations


from doctor.facts import runs
from textkit import facts as parse, findings, first as first_id, kinds


def test_openocd_010_cmsis_dap_not_found_wording() -> None:
    old = "Open On-Chip Debugger 0.10.0\nadapter speed: 10000 kHz\nError: unable to find CMSIS-DAP device\n"
    new_ = "Open On-Chip Debugger 0.12.0\nError: unable to find a matching CMSIS-DAP device\n"
    assert "adapter_open_failed" in kinds(old, "openocd")
    assert "adapter_open_failed" in kinds(new_, "openocd")
    assert first_id(old) == "SWD001"


def test_openocd_09_no_flash_bank_bare_hex_and_nothing_written_is_no_success() -> None:
    text = (
        "Open On-Chip Debugger 0.9.0 (2015-11-28-15:54)\n"
        "** Programming Started **\n"
        "auto erase enabled\n"
        "Info : device id = 0x10036413\n"
        "Warn : no flash bank found for address 0\n"
        "wrote 0 bytes from file project.bin in 0.001464s (0.000 KiB/s)\n"
        "** Programming Finished **\n"
    )
    k = kinds(text, "openocd")
    assert "no_flash_bank" in k and "nothing_written" in k
    run = runs(parse(text), "openocd")[0]
    assert run.get("success") is False
    assert first_id(text) == "GEN001"


def _open_failed(cfg: str, version: str) -> str:
    return (
        "$ lsusb | grep -i stm\n"
        "Bus 008 Device 006: ID 0483:3748 STMicroelectronics ST-LINK/V2\n"
        "$ ls -l /dev/bus/usb/008/006\n"
        "crw-rw-rw-+ 1 root root 189, 901 Mar 18 19:46 /dev/bus/usb/008/006\n"
        f"$ openocd -f interface/{cfg} -f target/stm32f3x.cfg\n"
        f"Open On-Chip Debugger {version}\n"
        "Info : clock speed 950 kHz\n"
        "Error: open failed\n"
        "in procedure 'init'\n"
    )


def test_openocd_010_stlink_v2_1_cfg_with_a_v2_probe_is_the_config() -> None:
    f = findings(_open_failed("stlink-v2-1.cfg", "0.10.0"))
    assert f and f[0].id == "SWD001" and "stlink-v2-1.cfg" in f[0].message
    # a world-writable node: permissions are not what failed
    assert "USB004" not in [x.id for x in f if x.severity == "error"]


def test_openocd_011_stlink_v2_1_cfg_is_an_alias_of_stlink_cfg() -> None:
    # 0.11 made stlink-v2-1.cfg source stlink.cfg (every ST-Link): no config-mismatch message there
    f = findings(_open_failed("stlink-v2-1.cfg", "0.11.0"))
    assert f and f[0].id == "SWD001" and "opens only" not in f[0].message


def _cubeide_openocd(dpidr: str, core: str, device_id: str) -> str:
    return (
        "Open On-Chip Debugger 0.11.0+dev-00443-gcf12591 (2022-02-09-13:33) [ST Internal]\n"
        "Info : STLINK V2J39S7 (API v2) VID:PID 0483:3748\n"
        "Info : Target voltage: 3.286227\n"
        f"Info : SWD DPIDR {dpidr}\n"
        f"Info : STM32F103C8Tx.cpu: Cortex-M3 {core} processor detected\n"
        "Info : STM32F103C8Tx.cpu: target has 6 breakpoints, 4 watchpoints\n"
        f"Info : device id = {device_id}\n"
        "Info : flash size = 128kbytes\n"
        "Warn : GDB connection 1 on target STM32F103C8Tx.cpu not halted\n"
        "undefined debug reason 8 - target needs reset\n"
    )


def test_f1_device_id_behind_cortex_m3_r2_is_a_clone() -> None:
    text = _cubeide_openocd("0x2ba01477", "r2p1", "0x20036410")
    run = runs(parse(text), "openocd")[0]
    assert run.get("clone_suspect")
    assert first_id(text) == "SWD007"


def test_genuine_f1_and_m3_r2_f2_are_no_clone() -> None:
    genuine = _cubeide_openocd("0x1ba01477", "r1p1", "0x20036410")
    assert not runs(parse(genuine), "openocd")[0].get("clone_suspect")
    assert first_id(genuine) != "SWD007"
    f2 = _cubeide_openocd("0x2ba01477", "r2p0", "0x20006411")  # an STM32F2: Cortex-M3 r2p0, device id 0x411
    assert not runs(parse(f2), "openocd")[0].get("clone_suspect")


def test_clone_flashed_with_openocd_is_no_fault() -> None:
    text = _cubeide_openocd("0x2ba01477", "r2p1", "0x20036410") + "** Programming Started **\n** Programming Finished **\n** Verified OK **\n"
    assert not [f for f in findings(text) if f.severity in ("error", "warning")]


def test_stlink_descriptor_failure_is_a_driver_fault() -> None:
    for line in (
        "2018-10-30T17:29:12 WARN C:\\Users\\Jerry\\Desktop\\stlink-master\\src\\usb.c: failed to get libusb device descriptor",
        "2021-01-12T10:00:00 WARN usb.c: failed to get libusb device descriptor (libusb error: -12)",
    ):
        text = "$ st-info --probe\nFound 0 stlink programmers\n" + line + "\n"
        assert "usb_no_driver" in kinds(text, "stlink")
        assert first_id(text) == "USB004"


def test_gnuk_stlinkv2py_chip_id_zero_and_core_not_halting() -> None:
    text = (
        "$ ./stlinkv2.py -s\n"
        "ST-Link/V2 version info: 2 17 4\n"
        "Change ST-Link/V2 mode 0002 -> 0001\n"
        "CORE: 0de01477, CHIP_ID: 00000000\n"
        "Flash ROM read protection: off\n"
        "Option bytes: 00000000\n"
        "Core does not halt, try API V2 halt.\n"
        "ValueError('Status of core is not halt.', 128)\n"
    )
    r = runs(parse(text), "stlink")[0]
    assert r["tool"] == "gnuk-stlinkv2" and r.get("chipid") == "0x0000"
    assert "target_connect_failed" in kinds(text, "stlink")
    assert first_id(text) == "SWD002"


def test_gnuk_stlinkv2py_healthy_status_is_quiet() -> None:
    text = (
        "$ sudo ./tool/stlinkv2.py -s\n"
        "ST-Link/V2 version info: 2 17 4\n"
        "Change ST-Link/V2 mode 0002 -> 0001\n"
        "CORE: 1ba01477, CHIP_ID: 20036410\n"
        "Flash ROM read protection: ON\n"
        "Option bytes: 03fffffe\n"
        "The MCU is now stopped.\n"
        "SUCCESS\n"
    )
    r = runs(parse(text), "stlink")[0]
    assert r.get("chipid") == "0x0410"
    assert not [f for f in findings(text) if f.severity in ("error", "warning")]


def test_jlink_commander_unreadable_file_is_never_silent() -> None:
    text = (
        "SEGGER J-Link Commander V4.96i ('?' for help)\n"
        "VTarget = 3.300V\n"
        "J-Link>loadbin loadbin Blinky_ble.hex 0x16000\n"
        "Downloading file [loadbin]...File is of unknown / supported format.\n"
        "J-Link>\n"
    )
    assert "tool_error" in kinds(text, "openocd")
    assert first_id(text) == "GEN001"


def test_stm32duino_upload_script_names_every_platforms_programmer() -> None:
    # stm32duino Arduino_Tools stm32CubeProg.sh/.bat: "$STM32CP_CLI not found." with STM32_Programmer_CLI.exe (Windows),
    # STM32_Programmer_CLI (macOS) or STM32_Programmer.sh (Linux)
    for name in ("STM32_Programmer_CLI.exe", "STM32_Programmer_CLI", "STM32_Programmer.sh"):
        text = f"{name} not found.\nPlease install it or add '<STM32CubeProgrammer path>/bin' to your PATH environment:\nAborting!\n"
        assert first_id(text) == "TOOL001", name


def test_gdb_server_reason_on_its_own_line_is_the_ide_session() -> None:
    # "Error in initializing ST-LINK device." and "Reason: (4) No device found on target." on two lines rank as on one
    one = "Error in initializing ST-LINK device. Reason: (4) No device found on target.\n"
    two = "Error in final launch sequence:\nError in initializing ST-LINK device.\nReason: (4) No device found on target.\n"
    assert first_id(one) == first_id(two) == "SWD004"


def test_gdb_server_popup_on_one_line_keeps_its_reason() -> None:
    text = ("Error in final launch sequence: Failed to start GDB server Failed to start GDB server Error in initializing "
            "ST-LINK device. Reason: (18) Could not verify ST device! Abort connection.\n")
    assert "clone_rejected" in kinds(text, "stlink")
    assert first_id(text) == "SWD007"
