"""stm32-dfu-serial round, session 8: dfu-util lines run together on one short line (a benign suffix warning must not hide
the failure after it), dfu-util's "Could not open file ... for reading" family (0.5-0.7 perror, 0.8-0.11 err(), a wrapper
that puts the reason first), WebDFU's DfuSe messages (browser flashers), Flash Multi's maple-reset, and FlyMcu's log
(the Chinese serial ISP tool for the STM32 USART bootloader). Each test names the real text its row comes from."""

from __future__ import annotations

from doctor.parsers.dfu_util import MESSAGES, DfuUtilParser
from doctor.parsers.stm32_rom import FLYMCU
from textkit import events, first, kinds, serious


# ---- dfu-util: short lines holding two messages --------------------------------------------------------------------

def test_short_joined_line_cuts_the_failure_from_the_suffix_warning() -> None:
    # pine64/pine64_updater #5: the updater shows dfu-util's output as one line of text
    text = ('Invalid DFU suffix signature A valid DFU suffix will be required in a future dfu-util release!!! '
            'Error during special command "MASS_ERASE" get_status\n')
    k = kinds(text, "dfu")
    assert "invalid_suffix" in k and "erase_error" in k
    assert first(text) != "DFU001"
    assert "GEN001" in serious(text)


def test_short_single_messages_are_not_cut() -> None:
    text = "dfu-util: Cannot open DFU device 0483:df11 found on devnum 12 (LIBUSB_ERROR_ACCESS)\n"
    assert kinds(text, "dfu") == ["usb_access_denied"]
    # the harmless status error after a download stays one message
    text = "Download done.\nFile downloaded successfully\ndfu-util: Error during download get_status\n"
    assert [e.get("state") for e in events(text, "dfu") if e["kind"] == "get_status_error"] == ["after_download"]


# ---- dfu-util: the image named by -D cannot be read --------------------------------------------------------------------

def test_could_not_open_file_for_reading_is_a_missing_image() -> None:
    # greatscottgadgets/hackrf #835 (dfu-util 0.9, run outside the firmware-bin folder)
    text = ("dfu-util --device 1fc9:000c --alt 0 --download hackrf_one_usb.dfu\ndfu-util 0.9\n\n"
            "dfu-util: Could not open file hackrf_one_usb.dfu for reading: No such file or directory\n")
    ev = [e for e in events(text, "dfu") if e["kind"] == "image_missing"]
    assert ev and ev[0]["name"] == "hackrf_one_usb.dfu" and ev[0]["text"] == "No such file or directory"
    assert first(text) == "FW005"


def test_could_not_open_file_with_the_reason_first() -> None:
    # particle-iot/particle-cli #77: the CLI's error puts the C library's reason before dfu-util's message
    text = ('running dfu-util -d 2b04:d006 -a 0 -i 0 -s 0x080A0000:leave -D binaries/photon_tinker.bin\n'
            "No such file or directory: Could not open file binaries/photon_tinker.bin for reading\n")
    assert "image_missing" in kinds(text, "dfu")
    assert first(text) == "FW005"


def test_old_dfu_util_perror_of_the_image() -> None:
    # dfu-util 0.5-0.7 main.c: perror(file.name), no "dfu-util:" prefix; read only inside a dfu-util run
    text = ("dfu-util 0.7\n\nCopyright 2005-2008 Weston Schmidt, Harald Welte and OpenMoko Inc.\n"
            "out/klipper.bin: No such file or directory\n")
    assert "image_missing" in kinds(text, "dfu")
    assert first(text) == "FW005"


# ---- WebDFU (browser flashers) -------------------------------------------------------------------------------------

def test_webdfu_erase_command_refused_is_protection() -> None:
    # EdgeTX/buddy #20: "Unable to flash protected devices"; DfuSe command 65 = 0x41 = ERASE
    text = "Special DfuSe command 65 failed Details\n"
    ev = events(text, "dfu")
    assert [e["kind"] for e in ev] == ["erase_error"] and ev[0]["command"] == "ERASE"
    assert first(text) == "SWD006"


def test_webdfu_other_command_failure_is_not_called_protection() -> None:
    text = "Special DfuSe command 33 failed\n"  # 0x21 SET_ADDRESS
    assert kinds(text, "dfu") == ["download_error"]
    assert first(text) != "SWD006"
    assert kinds("DFU DOWNLOAD failed state=10, status=10\n", "dfu") == ["download_error"]


# ---- Flash Multi's maple-reset -------------------------------------------------------------------------------------

def test_maple_reset_port_and_timeout() -> None:
    # benlye/flash-multi #1: maple-reset 0.1 could not open COM32 (ports above COM9 need the \\.\ prefix)
    text = ".\\bin\\maple-reset.exe COM32\n\nmaple-reset 0.1\nERROR: Failed to open COM32\n"
    ev = [e for e in events(text, "dfu") if e["kind"] == "reset_port_failed"]
    assert ev and ev[0]["device"] == "COM32"
    assert "GEN001" in serious(text)
    # maple-reset 0.5 with a timeout: no DFU device appeared (the row; a paste's splitter may hand "ERROR:" lines elsewhere)
    assert [r.kind for r, _ in DfuUtilParser("t").match_line("ERROR: Device reset timed out.")] == ["no_dfu_device"]


# ---- FlyMcu --------------------------------------------------------------------------------------------------------

FLYMCU_F4 = """开始连接...5, 接收到:79 1F
在串口COM5连接成功@115200bps,耗时969毫秒
芯片内BootLoader版本号:3.1
芯片PID:00000413 STM32F40xx_41xx
芯片已设置读保护
开始编程芯片,共需写入17KB,耗时1032毫秒
调试信息:-4 STM_WriteMemory
写入出错在0KB,进度0%,耗时1047毫秒
"""


def test_flymcu_connects_and_its_f1_protection_verdict_is_not_trusted_on_an_f4() -> None:
    # blog.csdn.net/ghhhh233/article/details/146228392: PID 0x413 (F4), option bytes FFAA0055... (RDP 0xAA, level 0)
    k = kinds(FLYMCU_F4, "flash")
    assert "rom_answered" in k and "write_failed" in k
    assert "readout_protected" not in k and "protection_unverified" in k
    assert first(FLYMCU_F4) == "GEN001"


def test_flymcu_protection_on_an_f1_counts() -> None:
    text = FLYMCU_F4.replace("00000413 STM32F40xx_41xx", "00000410 STM32F10x_MD")
    assert "readout_protected" in kinds(text, "flash")
    assert first(text) == "SWD006"


def test_flymcu_reply_that_is_not_the_ack() -> None:
    ev = [e for e in events("开始连接...5, 接收到:00 00 00 00\n", "flash") if e["kind"] == "rom_bad_reply"]
    assert ev and ev[0]["value"] == "00"


# ---- every new row's example is matched by its own row --------------------------------------------------------------

def test_new_rows_match_their_examples() -> None:
    import re
    rows = [r for r in MESSAGES if r.kind in ("image_missing", "reset_port_failed") or "DfuSe command" in r.pattern
            or "DFU (?:DOWNLOAD" in r.pattern or r.pattern.startswith("^maple-reset")]
    rows += list(FLYMCU)
    assert len(rows) >= 14
    for row in rows:
        assert row.example and re.search(row.pattern, row.example), row.pattern


# ---- dfu-util 0.9-0.11 errx() exits that printed no failure doctor knew -----------------------------------------------

def test_dfu_util_exits_that_are_failures() -> None:
    # dfuse.c / main.c (dfu-util 0.11): each ends the run with an error exit; none may read as a healthy text
    for line, kind in (("dfu-util: Device stuck after special command request", "download_error"),
                       ("dfu-util: The mass erase command can only be used with force", "dfu_usage_error"),
                       ("dfu-util: This dfu-util was built without USB path support", "dfu_usage_error"),
                       ("dfu-util: Device still in Run-Time Mode!", "runtime_not_detached")):
        assert kinds(line + "\n", "dfu") == [kind], line
        assert serious(line + "\n"), line


def test_page_that_can_not_be_erased_is_the_not_writeable_family() -> None:
    # dfuse.c dfuse_erase(): the DfuSe layout marks the page as not erasable, like "Page at ... is not writeable"
    ev = [e for e in events("dfu-util: Page at 0x08000000 can not be erased\n", "dfu") if e["kind"] == "address_not_writeable"]
    assert ev and ev[0]["address"] == 0x08000000 and ev[0].get("where") == "protected"


# ---- rusEFI / FOME console over STM32_Programmer_CLI ---------------------------------------------------------------

CONSOLE = ('Executing .\\STM32_Programmer_CLI/bin/STM32_Programmer_CLI.exe -c port=usb1 -w "C:\\b\\fome.bin" 0x08000000 -v -s\n'
           "{middle}ERROR: does not look like DFU has worked!\n")


def test_console_cli_that_printed_nothing_did_not_start() -> None:
    # FOME-Tech/fome-fw #321: the bundled CLI lacked a DLL; nothing between the command and the console's verdict
    text = CONSOLE.format(middle="")
    ev = [e for e in events(text, "stlink") if e["kind"] == "wrapper_dfu_failed"]
    assert ev and ev[0].get("state") == "cli_silent"
    assert first(text) == "TOOL001"


def test_console_cli_that_ran_is_judged_by_its_own_output() -> None:
    # FOME-Tech/fome-fw #322 shape: the CLI printed its banner and a download error; the console line is no missing tool
    text = CONSOLE.format(middle="      STM32CubeProgrammer v2.14.0                  \nError: failed to download Segment[0]\n")
    ev = [e for e in events(text, "stlink") if e["kind"] == "wrapper_dfu_failed"]
    assert ev and ev[0].get("state") != "cli_silent"
    assert first(text) != "TOOL001"
