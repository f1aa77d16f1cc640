"""rp-usb, session 10: a shell's "not found" line inside another tool's block (the tool's command line came first and
its parser has no row for the shell's answer) is TOOL001, not GEN001; arduino-cli's `cannot execute upload tool:` with
an unexpanded {runtime.tools.NAME.path} is TOOL001 whatever follows (a cut paste); picotool 2.x built without libusb
(`This version of picotool was compiled without USB support`, and a bare `picotool info` answered with "missing
<filename>" and the file-only synopsis); the kernel's descriptor read with a positive "error N" (the device answered
with bytes that are no device descriptor: its USB stack, not the cable) is not USB002."""

from __future__ import annotations

import re
from typing import Any

import pytest

from doctor.parsers import arduino, picotool, shell
from doctor.parsers._messages import Msg
from textkit import events, facts as parse, first


def kernel_events(text: str) -> list[dict[str, Any]]:
    return list((parse(text).get("kernel") or {}).get("events") or [])


_NEW_ROWS = [r for r in arduino.MESSAGES if "no such file o..." in (r.example or "") or (r.example or "").startswith("___REMOVE___/")] + \
    [r for r in shell.MESSAGES if "spawnSync" in (r.example or "") or "EACCES" in (r.example or "") or "trying to start process" in (r.example or "")
     or "不是内部" in (r.example or "") or "内部コマンド" in (r.example or "") or "项识别为" in (r.example or "")] + \
    [r for r in picotool.MESSAGES if "compiled without USB support" in (r.example or "") or "missing <filename>" in (r.example or "")
     or (r.example or "").strip().startswith("picotool info [-b]")]


def test_the_new_rows_are_all_there() -> None:
    assert len(_NEW_ROWS) >= 12


@pytest.mark.parametrize("row", _NEW_ROWS, ids=[f"{r.kind}:{(r.example or '')[:40]}" for r in _NEW_ROWS])
def test_new_row_example_matches(row: Msg) -> None:
    assert row.example and re.search(row.pattern, row.example), row.pattern


# ---- the shell's "not found" inside another tool's block -------------------------------------------------------------

@pytest.mark.parametrize("text", [
    # esp-homekit-devices #278 (macOS, bash): esptool's command line, then bash's answer
    "Crox-iMac:~ Crox-iMac$ esptool.py -p /dev/usbserial-A9RK0041 erase_flash\n-bash: esptool.py: command not found",
    "$ blhost -p COM3 -- get-property 1\n-bash: blhost: command not found",
    "$ edbg -b -t samd21 -pv -f firmware.bin\nbash: edbg: command not found",
    "pi@pi:~ $ python3 ~/katapult/scripts/flashtool.py -i can0 -q\n-bash: python3: command not found",
    "$ pystlink flash:erase:verify:app.bin\nbash: pystlink: command not found",
])
def test_shell_not_found_inside_a_tool_block_is_tool001(text: str) -> None:
    assert first(text) == "TOOL001"


def test_windows_path_with_eaten_backslashes_is_not_tool001() -> None:
    # pico-vscode #243: Git Bash given a cmd.exe path removed its backslashes; picotool.exe is there (GEN001)
    text = ("Executing task: C:\\Users\\user\\.pico-sdk\\picotool\\2.2.0-a4\\picotool\\picotool.exe load -x d:/p/release/p -t elf\n\n"
            "bash: C:Usersuser.pico-sdkpicotool2.2.0-a4picotoolpicotool.exe: command not found")
    assert first(text) == "GEN001"


def test_missing_cross_compiler_in_a_build_is_fw005_not_tool001() -> None:
    text = ("pi@octopi:~/klipper $ make\n  Creating symbolic link out/board\n  Building out/autoconf.h\n  Compiling out/src/sched.o\n"
            "make: arm-none-eabi-gcc: Command not found\nmake: *** [Makefile:64: out/src/sched.o] Error 127")
    assert first(text) == "FW005"


def test_a_device_answer_saying_unknown_command_is_not_tool001() -> None:
    # the ROM's answer to a PICOBOOT command (RP001's text) is no shell's "not found"
    text = "Rebooting device\nCommand reboot failed with status 1: unknown command"
    assert first(text) != "TOOL001"


# ---- arduino-cli: the unexpanded tool path -------------------------------------------------------------------------------

def test_unexpanded_runtime_tools_path_cut_off_is_tool001() -> None:
    # arduino-cli #3: the paste was cut after the path; an earlier "no upload port provided" must not win
    text = ("tigoeMacBook130:Arduino tigoe$ arduino-cli upload cliSketch/\nError during Upload: no upload port provided\n"
            "tigoeMacBook130:Arduino tigoe$ arduino-cli upload -p /dev/cu.usbmodem141301 cliSketch/\nNo new serial port detected.\n"
            "Error during Upload: cannot execute upload tool: fork/exec {runtime.tools.bossac-1.7.0-arduino3.path}/bossac: no such file o...")
    assert first(text) == "TOOL001"
    assert any(e["kind"] == "tool_missing" for e in events(text, "flash"))


# ---- picotool built without libusb -----------------------------------------------------------------------------------------

def test_picotool_info_without_usb_support_is_tool001() -> None:
    text = ("$ picotool info\n\nERROR: missing <filename>\n\nSYNOPSIS:\n"
            "    picotool info [-b] [-m] [-p] [-d] [--debug] [-l] [-a] <filename> [-t <type>]\n\nUse \"picotool help info\" for more info")
    evs = events(text, "flash", "picotool")
    assert any(e["kind"] == "tool_missing" for e in evs)
    assert first(text) == "TOOL001"


def test_missing_filename_of_load_is_a_usage_error_not_tool001() -> None:
    # `picotool load` with no file: the same clipp error, but load's synopsis: nothing says USB support is missing
    text = ("$ picotool load\n\nERROR: missing <filename>\n\nSYNOPSIS:\n"
            "    picotool load [-n] [-N] [-u] [-v] [-x] <filename> [-t <type>] [-o <offset>] [device-selection]")
    assert not any(e["kind"] == "tool_missing" for e in events(text, "flash", "picotool"))
    assert first(text) == "GEN001"


def test_picotool_compiled_without_usb_support_message_is_tool001() -> None:
    text = ("$ picotool version\npicotool v2.2.0 (Linux, GNU-13.3.0, Release)\n\n"
            "This version of picotool was compiled without USB support. Some commands are not available.")
    assert first(text) == "TOOL001"


# ---- the kernel's descriptor read with a positive "error N" ------------------------------------------------------------------

def test_positive_descriptor_read_error_keeps_its_code_and_is_not_usb002() -> None:
    # tinyusb #1105: the device answered GET_DESCRIPTOR with 8 bytes of the wrong thing (its USB stack's bug)
    text = ("[89841.141609] usb 3-2.1: new full-speed USB device number 45 using xhci_hcd\n"
            "[89846.329389] usb 3-2.1: device descriptor read/64, error 8")
    evs = [e for e in kernel_events(text) if e["kind"] == "usb_descriptor_error"]
    assert evs and evs[0].get("code") == 8
    assert first(text) == "GEN001"


def test_negative_descriptor_read_error_is_still_usb002() -> None:
    text = ("[ 7025.713455] usb 1-1: new full-speed USB device number 67 using xhci_hcd\n"
            "[ 7025.836805] usb 1-1: device descriptor read/64, error -71\n"
            "[ 7026.066815] usb 1-1: device descriptor read/64, error -71\n"
            "[ 7027.860170] usb usb1-port1: unable to enumerate USB device")
    assert first(text) == "USB002"


def test_mixed_positive_and_negative_codes_stay_usb002() -> None:
    text = ("[ 10.1] usb 1-1: device descriptor read/64, error 18\n"
            "[ 10.3] usb 1-1: device descriptor read/64, error -71\n"
            "[ 10.9] usb usb1-port1: unable to enumerate USB device")
    assert first(text) == "USB002"


# ---- launchers: the IDE 1.x recipe echo with an unresolved tool path, Node spawnSync/EACCES, .NET Process.Start ----------------

def test_ide1_recipe_echo_starting_with_remove_placeholder_is_tool001() -> None:
    # arduino-esp32 #8103: the Java error after the echoed command was cut by the paste
    text = ("Sketch uses 918914 bytes (87%) of program storage space. Maximum is 1048576 bytes.\n"
            "___REMOVE___/esptool.exe --chip esp32s2 --port COM6 --baud 921600 --before default_reset --after hard_reset write_flash -z "
            "--flash_mode dio 0x10000 C:\\Users\\Laz\\AppData\\Local\\Temp\\arduino_build_916316/ESP32-S2_900.ino.bin \n"
            'http://java.io.IOException: Cannot run program "__...')
    assert first(text) == "TOOL001"


@pytest.mark.parametrize("text", [
    "spawnSync ~/.vscode/extensions/nanoframework.vscode-nanoframework-1.0.56/dist/utils/serial-monitor-cli/linux/main ENOENT",
    "Unhandled exception. System.ComponentModel.Win32Exception (13): An error occurred trying to start process "
    "'~/.vscode/extensions/nanoframework.vscode-nanoframework-1.0.56/dist/utils/nanoFirmwareFlasher/esptool/esptoolLinux/esptool'\n"
    "with working directory '~/.vscode/extensions/nanoframework.vscode-nanoframework-1.0.56/dist/utils/nanoFirmwareFlasher/esptool/esptoolLinux'. Permission denied",
    "Error: spawn /home/u/.vscode/extensions/x/bin/esptool EACCES",
])
def test_node_and_dotnet_launchers_that_cannot_start_the_tool_are_tool001(text: str) -> None:
    assert any(e["kind"] == "tool_missing" for e in events(text, "shell"))
    assert first(text) == "TOOL001"


# ---- cmd.exe and PowerShell in Chinese, Japanese and Korean Windows (doctor was silent on them) --------------------------------

@pytest.mark.parametrize("text,name", [
    ("C:\\Users\\x>avrdude -p m328p\n'avrdude' 不是内部或外部命令，也不是可运行的程序\n或批处理文件。", "avrdude"),
    ("'openocd' 不是內部或外部命令、可執行的程式或批次檔。", "openocd"),
    ("‘esptool.py’不是内部或外部命令，也不是可运行的程序", "esptool.py"),
    ("'esptool.py' は、内部コマンドまたは外部コマンド、\n操作可能なプログラムまたはバッチ ファイルとして認識されていません。", "esptool.py"),
    ("'dfu-util'은(는) 내부 또는 외부 명령, 실행할 수 있는 프로그램, 또는\n배치 파일이 아닙니다.", "dfu-util"),
    ("无法将“dfu-util”项识别为 cmdlet、函数、脚本文件或可运行程序的名称。请检查名称的拼写，如果包括路径，请确保路径正确，然后再试一次。", "dfu-util"),
    ("用語 'picotool' は、コマンドレット、関数、スクリプト ファイル、または操作可能なプログラムの名前として認識されません。", "picotool"),
])
def test_cjk_windows_shells_not_found_is_tool001(text: str, name: str) -> None:
    missing = [e for e in events(text, "shell") if e["kind"] == "tool_missing"]
    assert missing and missing[0].get("name") == name
    assert first(text) == "TOOL001"


def test_uf2conv_lines_in_an_indented_code_block_after_prose() -> None:
    # arduino-pico #5 as a forum post: prose, then the output indented four spaces (a Markdown code block)
    text = ("My application compiles successfully, but then the upload fails with:\n\n"
            "    Converting to uf2, output size: 516096, start address: 0x2000\n    No drive to deploy.\n"
            "    An error occurred while uploading the sketch")
    assert any(e["kind"] == "rp2040_not_found" for e in events(text, "flash"))
    assert first(text) == "BOOT003"
