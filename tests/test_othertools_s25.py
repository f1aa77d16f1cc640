"""Session 25, other-tools: wchisp's code flash read protection (SWD006), GNU make for Windows failing to start a recipe's
program (TOOL001), and esptool attempts of one paste that differ in --baud (SER007).

Texts marked "from the source's format" are written from the tools' sources (wchisp src/flashing.rs, src/main.rs and
e0fcf8a; GNU make w32 job.c / sub_proc.c; esptool loader.py), not pasted by anyone; the others are quoted from the
threads named beside them."""

from __future__ import annotations

from pathlib import Path

from doctor import engine
from doctor.parsers import analyze_files


def _analyze(tmp_path: Path, text: str, name: str = "1.txt") -> tuple[dict, list]:
    f = tmp_path / name
    f.write_text(text)
    facts = analyze_files([str(f)])
    return facts, engine.evaluate(facts)


def ids(tmp_path: Path, text: str) -> list[str]:
    return [f.id for f in _analyze(tmp_path, text)[1]]


def serious_ids(tmp_path: Path, text: str) -> list[str]:
    """The ids of the warnings and errors (a resemblance's note is info)."""
    return [f.id for f in _analyze(tmp_path, text)[1] if f.severity in ("error", "warning")]


def first(tmp_path: Path, text: str) -> str | None:
    found = ids(tmp_path, text)
    return found[0] if found else None


# --- wchisp: code flash read protection -------------------------------------------------------------------------------

# wchisp#29 (quoted): a flash command on a chip that reports protection, the failure line cut from the paste
WCHISP_29 = """ wchisp -v flash ../WebServer.hex
02:39:09 [DEBUG] (1) wchisp::transport::usb: Found USB Device Bus 002 Device 006: ID 4348:55e0
02:39:09 [INFO] Chip: CH32V208WBU6[0x8019] (Code Flash: 128KiB)
02:39:09 [INFO] Chip UID: D0-40-88-26-3B-38-93-9F
02:39:09 [INFO] BTVER(bootloader ver): 02.50
02:39:09 [INFO] Code Flash protected: true
02:39:09 [INFO] Current config registers: ff003fc000ff00ffffffffff
RDPR_USER: 0xC03F00FF
  [7:0]   RDPR 0xFF (0b11111111)
...
"""

# from the source's format (wchisp 0.3 dump_info + a failed verify, as main.rs prints through anyhow)
WCHISP_FLASH_VERIFY_FAILED = """10:00:00 [INFO] Opening USB device #0
10:00:00 [INFO] Chip: CH32V203C8T6[0x3119] (Code Flash: 64KiB)
10:00:00 [INFO] Chip UID: CD-AB-90-D7-E1-BD-3E-41
10:00:00 [INFO] BTVER(bootloader ver): 02.70
10:00:00 [INFO] Code Flash protected: true
10:00:00 [INFO] Read firmware.bin as Binary format
10:00:00 [INFO] Firmware size: 4096
10:00:00 [INFO] Erasing...
10:00:00 [INFO] Erased 4 code flash sectors
10:00:00 [INFO] Erase done
10:00:00 [INFO] Writing to code flash...
10:00:01 [INFO] Code flash 4096 bytes written
10:00:01 [INFO] Verifying...
Error: Verify failed, mismatch
"""

# from the source's format: the config dump alone names the protection (RDPR field), the verify fails in another text
WCHISP_DUMP = """10:00:00 [INFO] Current config registers: ff001fe000ff00ffffffffff00020600cdaba1716cbcdad9
RDPR_USER: 0xE01F00FF
  [7:0]   RDPR 0xFF (0b11111111)
    `- Protected
  [16:16] IWDG_SW 0x1 (0b1)
    `- IWDG enabled by the software, and disabled by hardware
"""

# from the source's format (wchisp e0fcf8a, PR #81's build): the flash command refuses a protected chip
WCHISP_REFUSES = """10:00:00 [INFO] Chip: CH32V203C8T6[0x3119] (Code Flash: 64KiB)
10:00:00 [INFO] Code Flash protected: true
10:00:00 [ERROR] Code flash protected, unable to flash firmware to device
10:00:00 [INFO] hint: use `wchisp config unprotect` to disable the protection
"""

# wchisp#104 (quoted, trimmed): unprotect, then the chip still reads back protected
WCHISP_104 = """$ wchisp -s -p /dev/cu.usbserial-0001 config unprotect
17:07:43 [INFO] Opening serial port: "/dev/cu.usbserial-0001" @ 115200 baud
17:07:44 [INFO] Code Flash unprotected
17:07:44 [INFO] Device reset

$ wchisp -s -p /dev/cu.usbserial-0001 info
17:07:47 [INFO] Opening serial port: "/dev/cu.usbserial-0001" @ 115200 baud
17:07:47 [INFO] Chip: CH32V203C8T6[0x3119] (Code Flash: 64KiB)
17:07:47 [INFO] Code Flash protected: true
"""


def test_wchisp_protected_and_a_failed_verify_is_flash_protection(tmp_path: Path) -> None:
    assert first(tmp_path, WCHISP_FLASH_VERIFY_FAILED) == "SWD006"


def test_wchisp_rdpr_dump_in_one_text_and_the_failed_verify_in_another(tmp_path: Path) -> None:
    a, b = tmp_path / "info.txt", tmp_path / "flash.txt"
    a.write_text(WCHISP_DUMP)
    b.write_text("10:00:01 [INFO] Verifying...\nError: Verify failed, mismatch\n")
    found = [f.id for f in engine.evaluate(analyze_files([str(a), str(b)]))]
    assert found[:1] == ["SWD006"]


def test_wchisp_refusal_of_a_protected_chip(tmp_path: Path) -> None:
    assert first(tmp_path, WCHISP_REFUSES) == "SWD006"


def test_wchisp_flash_command_on_a_protected_chip_without_its_end(tmp_path: Path) -> None:
    assert first(tmp_path, WCHISP_29) == "SWD006"


def test_wchisp_still_protected_after_unprotect(tmp_path: Path) -> None:
    assert first(tmp_path, WCHISP_104) == "SWD006"


def test_wchisp_unprotect_that_took_effect_is_healthy(tmp_path: Path) -> None:
    text = WCHISP_104.replace("Code Flash protected: true", "Code Flash protected: false")
    # (s25) no rule's SWD006; the resemblance may add its note (info) now that wchisp's threads are in the index
    assert "SWD006" not in serious_ids(tmp_path, text)


def test_wchisp_info_of_a_protected_chip_is_healthy(tmp_path: Path) -> None:
    # `wchisp info` on a chip that ships protected (wlink#83's CH32V103): a state, not a failure
    text = ("wchisp info\n17:55:10 [INFO] Opening USB device #0\n17:55:10 [INFO] Chip: CH32V103(C8T6|C8U6|R8T6)[0x3f15] (Code Flash: 64KiB)\n"
            "17:55:10 [INFO] BTVER(bootloader ver): 02.70\n17:55:10 [INFO] Code Flash protected: true\n" + WCHISP_DUMP)
    assert ids(tmp_path, text) == []


def test_wchisp_protected_before_the_unprotect_and_no_flash_is_healthy(tmp_path: Path) -> None:
    text = ("$ wchisp info\n17:07:40 [INFO] Code Flash protected: true\n"
            "$ wchisp config unprotect\n17:07:44 [INFO] Code Flash unprotected\n17:07:44 [INFO] Device reset\n")
    assert "SWD006" not in ids(tmp_path, text)


def test_wchisp_flash_that_verified_is_healthy(tmp_path: Path) -> None:
    text = WCHISP_FLASH_VERIFY_FAILED.replace("Error: Verify failed, mismatch", "10:00:01 [INFO] Verify OK\n10:00:01 [INFO] Device reset")
    assert ids(tmp_path, text) == []


# --- GNU make for Windows: CreateProcess could not start the recipe's program --------------------------------------------

# Polidea/cmake-nRF5x#9 (quoted)
MAKE_NRFJPROG = """mingw32-make.exe[2]: Leaving directory 'C:/Users/marcd/untitled4/cmake-build-debug'
process_begin: CreateProcess(NULL, nrfjprog -c 4000 --eraseall --program untitled4.hex --sectorerase, ...) failed.
mingw32-make.exe[1]: Leaving directory 'C:/Users/marcd/untitled4/cmake-build-debug'
make (e=2): The system cannot find the file specified.
mingw32-make.exe[2]: *** [CMakeFiles\\flash_untitled4.dir\\build.make:60: CMakeFiles/flash_untitled4] Error 2
"""


def _missing_names(facts: dict) -> list[str]:
    return [e.get("name") for r in (facts.get("shell") or {}).get("runs") or [] for e in r["events"] if e["kind"] == "tool_missing"]


def test_make_createprocess_e2_is_a_missing_program(tmp_path: Path) -> None:
    # (the J-Link parser keeps the process_begin line, which names nrfjprog: the event names the recipe's program only)
    facts, found = _analyze(tmp_path, MAKE_NRFJPROG)
    assert found[0].id == "TOOL001"
    assert _missing_names(facts) == ["the program of the recipe line"]


def test_make_createprocess_names_the_program_it_could_not_start(tmp_path: Path) -> None:
    # from the source's format
    text = "process_begin: CreateProcess(NULL, python3 scripts/flash.py -d COM4 out/klipper.bin, ...) failed.\nmake (e=2): The system cannot find the file specified.\n"
    facts, found = _analyze(tmp_path, text)
    assert found[0].id == "TOOL001"
    assert _missing_names(facts) == ["python3"]


def test_make_createprocess_in_another_windows_language(tmp_path: Path) -> None:
    # from the source's format: the e= code is make's, the text after it is Windows' own message in the system's language
    text = ("process_begin: CreateProcess(NULL, \"C:\\Program Files\\Tools\\uploader.exe\" -p COM3 fw.bin, ...) failed.\n"
            "make (e=2): Das System kann die angegebene Datei nicht finden.\nmake: *** [flash] Error 2\n")
    facts, found = _analyze(tmp_path, text)
    assert found[0].id == "TOOL001"
    assert _missing_names(facts) == ["uploader"]


def test_make_createprocess_e193_is_a_program_for_another_system(tmp_path: Path) -> None:
    # from the source's format
    text = "process_begin: CreateProcess(C:\\tools\\st-flash.exe, st-flash write a.bin 0x8000000, ...) failed.\nmake (e=193): %1 is not a valid Win32 application.\n"
    facts, found = _analyze(tmp_path, text)
    events = [e for r in facts["shell"]["runs"] for e in r["events"]]
    assert [(e.get("name"), e.get("reason")) for e in events] == [("st-flash", "wrong_arch")]
    assert found[0].id == "TOOL001"


def test_make_process_begin_alone_is_not_a_missing_tool(tmp_path: Path) -> None:
    # without make's "(e=N)" line the reason is unknown: no tool_missing event
    facts, _ = _analyze(tmp_path, "process_begin: CreateProcess(NULL, openocd -f board.cfg, ...) failed.\n")
    assert _missing_names(facts) == []


# --- esptool: the same upload failed at one --baud and wrote at another -----------------------------------------------

# espressif/esptool#19 (quoted)
ESPTOOL_19 = """jlz@isengard:~$ ./esptool.py --baud 115200 --port /dev/ttyUSB0 write_flash 0x000000 f.bin 
Connecting...
Traceback (most recent call last):
  File "./esptool.py", line 377, in <module>
    esp.connect()
  File "./esptool.py", line 151, in connect
    raise Exception('Failed to connect')
Exception: Failed to connect
jlz@isengard:~$ ./esptool.py --baud 9600 --port /dev/ttyUSB0 write_flash 0x000000 f.bin 
Connecting...
Erasing flash...
Writing at 0x0007ef00... (100 %)

Leaving...
"""

# from the source's format (esptool 4.x: the link breaks after the rate change, 115200 then writes)
ESPTOOL_LINK_921600 = """esptool.py --chip esp32 --port /dev/ttyUSB0 --baud 921600 write_flash 0x10000 app.bin
esptool.py v4.7.0
Serial port /dev/ttyUSB0
Connecting....
Chip is ESP32-D0WD-V3 (revision v3.1)
Uploading stub...
Running stub...
Stub running...
Changing baud rate to 921600
Changed.
A fatal error occurred: Invalid head of packet (0xE0): Possible serial noise or corruption.
esptool.py --chip esp32 --port /dev/ttyUSB0 --baud 115200 write_flash 0x10000 app.bin
esptool.py v4.7.0
Serial port /dev/ttyUSB0
Connecting....
Chip is ESP32-D0WD-V3 (revision v3.1)
Wrote 812345 bytes (512345 compressed) at 0x00010000 in 45.1 seconds (effective 144.0 kbit/s)...
Hash of data verified.
"""


def test_esptool_failed_connect_at_one_baud_written_at_another(tmp_path: Path) -> None:
    assert first(tmp_path, ESPTOOL_19) == "SER007"


def test_esptool_link_lost_at_921600_written_at_115200(tmp_path: Path) -> None:
    assert first(tmp_path, ESPTOOL_LINK_921600) == "SER007"


def test_esptool_modern_connect_failure_above_115200_is_not_a_baud_comparison(tmp_path: Path) -> None:
    # esptool 2.x-5.x syncs at 115200 whatever --baud says: a failed connect "at 921600" then a write at 115200 says
    # nothing about the rate (the second reset may simply have worked)
    text = ("esptool.py --port /dev/ttyUSB0 --baud 921600 write_flash 0x0 a.bin\nConnecting........_____\n"
            "A fatal error occurred: Failed to connect to ESP32: No serial data received.\n"
            "esptool.py --port /dev/ttyUSB0 --baud 115200 write_flash 0x0 a.bin\nConnecting....\nChip is ESP32-D0WD (revision 1)\n"
            "Wrote 1000 bytes (500 compressed) at 0x00000000 in 0.1 seconds (effective 80.0 kbit/s)...\nHash of data verified.\n")
    facts, _ = _analyze(tmp_path, text)
    assert not [e for r in facts["flash"]["runs"] for e in r["events"] if e.get("retry_ok_baud")]


def test_esptool_one_failed_attempt_alone_is_not_a_baud_comparison(tmp_path: Path) -> None:
    text = ESPTOOL_19.split("jlz@isengard:~$ ./esptool.py --baud 9600")[0]
    assert "SER007" not in ids(tmp_path, text)


def test_wchisp_info_then_a_separate_erase_is_not_read_as_a_protected_flash(tmp_path: Path) -> None:
    # from the source's format: `wchisp info` printed the protection, `wchisp erase` (which prints no state) then erased
    text = ("$ wchisp info\n10:00:00 [INFO] Chip: CH32V203C8T6[0x3119] (Code Flash: 64KiB)\n10:00:00 [INFO] Code Flash protected: true\n"
            "$ wchisp erase\n10:00:05 [INFO] Erased 64 code flash sectors\n")
    assert "SWD006" not in ids(tmp_path, text)


# --- review (s25): the defects the review found, each with a text that showed it ------------------------------------------

def _esp(port1: str, baud1: int, fail: str, port2: str, baud2: int) -> str:
    # from the source's format (esptool 4.x write_flash output)
    return (f"$ esptool.py --port {port1} --baud {baud1} write_flash 0x0 fw.bin\nesptool.py v4.7.0\nSerial port {port1}\n"
            f"Connecting......................................\nA fatal error occurred: {fail}\n"
            f"$ esptool.py --port {port2} --baud {baud2} write_flash 0x0 fw.bin\nesptool.py v4.7.0\nSerial port {port2}\nConnecting....\n"
            "Chip is ESP32-D0WD-V3 (revision v3.1)\n"
            "Wrote 300000 bytes (200000 compressed) at 0x00000000 in 30.1 seconds (effective 80.0 kbit/s)...\nHash of data verified.\n")


def test_review_esptool_retry_on_another_port_is_not_a_baud_comparison(tmp_path: Path) -> None:
    text = _esp("/dev/ttyUSB0", 115200, "Failed to connect to ESP8266: Timed out waiting for packet header", "/dev/ttyUSB1", 57600)
    assert "SER007" not in ids(tmp_path, text)
    # the same port and a slower rate that wrote: the comparison holds
    text = _esp("/dev/ttyUSB0", 115200, "Failed to connect to ESP8266: Timed out waiting for packet header", "/dev/ttyUSB0", 57600)
    assert "SER007" in ids(tmp_path, text)


def test_review_esptool_wrong_boot_mode_then_a_faster_upload_is_not_a_baud_comparison(tmp_path: Path) -> None:
    # the board was put in download mode by hand for the second run: boot mode, not the rate
    text = _esp("/dev/ttyUSB0", 115200, "Failed to connect to ESP32: Wrong boot mode detected (0x13)! The chip needs to be in download mode.",
                "/dev/ttyUSB0", 460800)
    assert "SER007" not in ids(tmp_path, text)


def test_review_esptool_no_serial_data_then_a_slower_upload_is_not_a_baud_comparison(tmp_path: Path) -> None:
    # "No serial data received": not one byte came back, at any rate (the reset/boot mode or the cable)
    text = _esp("/dev/ttyUSB0", 115200, "Failed to connect to ESP32: No serial data received.", "/dev/ttyUSB0", 57600)
    assert "SER007" not in ids(tmp_path, text)


WCHISP_FLASH_OK = """$ wchisp flash fw.bin
10:00:10 [INFO] Chip: CH32V203C8T6[0x3119] (Code Flash: 64KiB)
10:00:10 [INFO] Code Flash protected: false
10:00:10 [INFO] Firmware size: 4096
10:00:11 [INFO] Verifying...
10:00:11 [INFO] Verify OK
"""


def test_review_wchisp_refusal_then_unprotect_then_a_verified_flash_is_healthy(tmp_path: Path) -> None:
    # from the source's format (PR #81's refusal, then the cure)
    text = "$ wchisp flash fw.bin\n" + WCHISP_REFUSES + "$ wchisp config unprotect\n10:00:05 [INFO] Code Flash unprotected\n10:00:05 [INFO] Device reset\n" + WCHISP_FLASH_OK
    assert "SWD006" not in ids(tmp_path, text)


def test_review_wchisp_still_protected_then_a_power_cycle_unprotected_it(tmp_path: Path) -> None:
    # wchisp#104's unprotect and info, then (from the source's format) the chip read back unprotected after a power cycle
    text = WCHISP_104 + "(unplugged the board and plugged it back in)\n$ wchisp -s -p /dev/cu.usbserial-0001 info\n17:08:30 [INFO] Code Flash protected: false\n"
    assert "SWD006" not in serious_ids(tmp_path, text)


def test_review_wchisp_still_protected_advice_does_not_unprotect_again(tmp_path: Path) -> None:
    f = [x for x in _analyze(tmp_path, WCHISP_104)[1] if x.id == "SWD006"][0]
    assert "power-cycle" in f.remediation["text"].lower() or "power-cycle" in str(f.remediation).lower()
    assert not any("config unprotect" in c for c in f.remediation.get("commands", []))


def test_review_wchisp_verify_failed_after_the_chip_read_back_unprotected_is_not_protection(tmp_path: Path) -> None:
    # from the source's format: protected, unprotected, and the flash's own dump says false before its verify fails
    text = ("$ wchisp info\n10:00:00 [INFO] Code Flash protected: true\n$ wchisp config unprotect\n10:00:05 [INFO] Code Flash unprotected\n"
            "10:00:05 [INFO] Device reset\n" + WCHISP_FLASH_OK.replace("10:00:11 [INFO] Verify OK", "Error: Verify failed, mismatch"))
    assert "SWD006" not in ids(tmp_path, text)


def test_review_wchisp_old_rdpr_dump_format(tmp_path: Path) -> None:
    # from the source's format: wchisp before d9c421c (2022-11) printed the binary value first
    text = ("RDPR_USER: 0xC03F00FF\n  [7:0] RDPR 0b11111111 (0xFF)\n    `- Protected\n  [16:16] IWDG_SW 0b1 (0x1)\n"
            "10:00:11 [INFO] Verifying...\nError: Verify failed, mismatch\n")
    assert first(tmp_path, text) == "SWD006"


def test_review_wchisp_protected_flash_stopped_by_another_error_is_not_protection(tmp_path: Path) -> None:
    # from the source's format: the flash command's dump says protected, then the firmware file is not there
    text = ("$ wchisp flash build/fw.bin\n10:00:10 [INFO] Chip: CH32V203C8T6[0x3119] (Code Flash: 64KiB)\n10:00:10 [INFO] Code Flash protected: true\n"
            "Error: No such file or directory (os error 2)\n")
    assert "SWD006" not in ids(tmp_path, text)


def test_review_make_e2_gives_windows_advice_not_a_distribution_package(tmp_path: Path) -> None:
    # from the source's format: a path in the recipe (a typo), and a script named as the program
    for text in ("process_begin: CreateProcess(NULL, C:/tools/stlink/bin/st-flsh.exe write fw.bin 0x8000000, ...) failed.\n"
                 "make (e=2): The system cannot find the file specified.\nmake: *** [flash] Error 2\n",
                 "process_begin: CreateProcess(NULL, scripts/flash.py COM3, ...) failed.\nmake (e=2): The system cannot find the file specified.\n"):
        facts, found = _analyze(tmp_path, text)
        assert found[0].id == "TOOL001"
        assert "apt" not in str(found[0].remediation) and "path" in found[0].ask.lower()
    assert [e.get("path") for r in facts["shell"]["runs"] for e in r["events"] if e["kind"] == "tool_missing"] == ["scripts/flash.py"]


def test_review_wchisp_verify_failed_while_still_protected_after_unprotect_says_power_cycle(tmp_path: Path) -> None:
    # from the source's format (wchisp#104's order): unprotect, then a flash whose dump still reads protected and fails
    text = ("$ wchisp -s -p /dev/cu.usbserial-0001 config unprotect\n17:07:44 [INFO] Code Flash unprotected\n17:07:44 [INFO] Device reset\n"
            "$ wchisp -s -p /dev/cu.usbserial-0001 flash firmware.bin\n17:07:50 [INFO] Chip: CH32V203C8T6[0x3119] (Code Flash: 64KiB)\n"
            "17:07:50 [INFO] Code Flash protected: true\n17:07:51 [INFO] Verifying...\nError: Verify failed, mismatch\n")
    f = [x for x in _analyze(tmp_path, text)[1] if x.id == "SWD006"][0]
    assert "still reads back protected" in f.message
    assert not any("config unprotect" in c for c in f.remediation.get("commands", []))
