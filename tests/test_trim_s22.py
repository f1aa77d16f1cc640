"""Session 22 study: the same paste as another person trims it (benchmarks/paste_shapes.py trimming shapes `nohead`,
`tail`, `errblock`, `noblank`, `middle-cut`).

The cases named below are real threads (tests/cases), trimmed by the benchmark; the short texts written here are "from
the source's format" (the tools' own message formats, named beside each). A trimmed case is scored only when the trim
keeps every line doctor quotes for it on the plain text (paste_shapes.keeps_evidence).

Mechanisms fixed: a person's `...` at the margin of an indented paste kept the paste from being dedented, so anchored
rows never matched (parsers/__init__.py _dedent_batch); avrdude's padded "Timeout : 200" setting and iproute2's
statistics header were read as failure lines once the lines that named their tool were cut (_NOT_FAILURE);
STM32CubeProgrammer's GUI log cut below its "ST-LINK SN" header was taken for the ST-LINK Utility's (stm32cubeprog.py);
the J-Link DLL's Kinetis security sentence did not name J-Link without its banner (jlink.py); stm32flash's own "Cannot
handle device" names the port the cut command line gave (stm32flash.py); blisp's loader chunks show the ROM answered
although the "Handshake successful!" above them was cut (bouffalo.py); Windows' CreateProcess FileNotFoundError with no
file name is a program not installed (failure cue program_enoent), and a wrapper's verdict below a cued line is the
cue's (engine._verdicts_after); `dmesg -H`'s delta stamps name the kernel log (kernel_log.py); a wchisp register field
line opens its block (wch_tools.py); OpenOCD's later wording of its RP2xxx ROM-function notice is a notice too; a
CubeProgrammer `-l` listing cut in its middle still lists a probe by its "Access Port Number" (stm32cubeprog.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from textkit import benchmark, findings, first as first_id, serious

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "cases"
paste_shapes = benchmark("paste_shapes")

# cases whose first finding moved under the trim at the session's start (and whose evidence the trim keeps)
BROKEN_BEFORE = {
    "tail": ["cubeprog-gui-under-reset-f411-rdp-ff-data-read-failed", "cubeprogrammer-bluepill-data-read-failed-rdp-set",
             "grbl-760-answer-pro-mini-avrdude601-arduino-57600-ttyusb0-header-healthy",
             "jlinkexe-mk20dn512-erase-secured-readout-protection-timeout-halting",
             "mavproxy-pr962-fw-flash-cubeblack-rover-apj-found-board-healthy",
             "blisp-053-arch-pinecil-v2-eflash-handshake-no-response-cable"],
    "nohead": ["grbl-760-answer-pro-mini-avrdude601-arduino-57600-ttyusb0-header-healthy",
               "stm32flash-165-pi3-serial0-failed-to-set-terminal-flags-mini-uart"],
    "middle-cut": ["healthy-katapult-manta-e3ez-bridge-sb2240-rp2040-can-flash-notes",
                   "healthy-cubeprog-cli-2170-windows-swd-connect-f103-medium-density"],
    "errblock": ["arduino-ide2-win10-pico-core-1915-uf2conv-get-drives-winerror2-ru",
                 "arduino-pico-ide185-onedrive-uf2conv-wmic-winerror2",
                 "marlin-14006-skr13-linux-dmesg-working-install-healthy",
                 "wchisp-flash-ch592-weact-elf-healthy-config-dump-reserved-error",
                 "healthy-openocd-rp2040-pico-w-debugprobe-rom-function-not-found-warn-verified"],
}


@pytest.mark.parametrize("shape,case", [(s, c) for s, cs in BROKEN_BEFORE.items() for c in cs])
def test_trimmed_case_keeps_its_diagnosis(shape: str, case: str) -> None:
    assert paste_shapes.keeps_evidence(CASES / case, paste_shapes.TRIMS[shape])
    hit, first, expect = paste_shapes.case_hits(CASES / case, shape)
    assert hit, f"{case} trimmed as {shape}: expected {expect}, doctor said {first}"


# a fixed sample of the held cases (every 149th): each trim that keeps a case's evidence keeps its diagnosis, but for a
# cause that needs a line the trim drops although doctor does not quote it (left alone: the text then no longer says it)
SAMPLE = sorted(p.parent.name for p in CASES.glob("*/case.toml"))[::149]
NEEDS_THE_CUT_LINE = {
    # the baud rate of the command line (-b115200 on an old-bootloader Nano) separates a baud mismatch from a dead link
    ("tail", "arduino-ide187-win10-nano-b115200-not-in-sync-resp00-boards-1620-fixed"),
    # the burn-bootloader command and the board (an ATmega2560 through a USBasp): its verify error alone reads as AVR003
    ("errblock", "arduino-forum-pt-usbasp-mega2560-burn-bootloader-mismatch-0x1e000"),
    # (s22: joined the every-149th sample when this session's new cases shifted it) the trim keeps dfu-util's "Cannot open DFU
    # device 2341:035b" and the open that followed, but cuts the dfuIDLE status and the 100 % download that make the run healthy:
    # the trimmed text ends at a failure line, which doctor must not pass over in silence
    ("errblock", "healthy-pio-portenta-h7-dfu-util-09-manual-upload-in-boot-mode"),
    # (s24: joined the sample when this session's cases shifted it) the error block alone is a verify mismatch at 0x0000:
    # the USBtiny programmer and the 256 KiB part that make it the USBtiny's 64 KiB limit are in the cut lines
    ("errblock", "arduino-forum-custom-2560-pcb-usbtiny-marlin-261406-bytes-verify-0x0000-ff"),
    # (s24) the error block keeps avrdude on a vanished COM1 on an ATmega32U4 but cuts Sloeber's new port (COM5): the
    # bootloader window (BOOT008) and the stale port (SER005) then read alike; cut only at its head (`tail`) it is read
    ("errblock", "sloeber-856-win-feather32u4-reset-moves-com1-to-com5-avrdude-still-com1"),
    # (s24) the error block keeps dfu-util's "Cannot open DFU device 0a5c:21e6" (a Bluetooth adapter) and cuts the blackpill's
    # 0483:df11 that was opened and then failed mid-download: what is left reads as dfu-util on the wrong device (BOOT006)
    ("errblock", "qmk-17576-cantor-blackpill-dfuse-download-libusb-error-io"),
    # (s24) pymcuprog's hang on the Pi's GPIO UART: /dev/serial1 (the host's own UART, SER006) is only on the command line
    # each of these trims cuts; the traceback and its "Invalid argument" left say no more than a failed session (GEN001)
    *((shape, "pymcuprog-30-rpi4-gpio-uart-serialupdi-4809-no-response-mini-uart") for shape in ("errblock", "nohead", "tail")),
    # (s25: joined the sample when this session's cases shifted it) the error block cuts avrdude's header (the Uno at 115200
    # baud, the right rate for its bootloader): left alone, "not in sync: resp=0x00" with no baud or board reads as the
    # corpus majority for exactly that text, a baud mismatch (SER007), as the session-start code read it too
    ("errblock", "mweda-zh-uno-after-progisp-usbisp-flash-not-in-sync-no-bootloader"),
    # (s25, the same) the middle cut removes rpiboot's "Second stage boot server done", the line that makes the run
    # healthy: what is left waits for the SoC twice and ends mid-transfer, which reads as rpiboot's stall (GEN001), as the
    # session-start code read it too
    ("middle-cut", "usbboot-36-macos-powered-hub-rpiboot-second-stage-done-healthy"),
}


@pytest.mark.parametrize("shape", sorted(paste_shapes.TRIMS))
def test_a_sample_of_cases_survives_every_trim(shape: str) -> None:
    trim = paste_shapes.TRIMS[shape]
    lost = []
    for case in SAMPLE:
        if (shape, case) in NEEDS_THE_CUT_LINE or not paste_shapes.keeps_evidence(CASES / case, trim):
            continue
        hit, first, expect = paste_shapes.case_hits(CASES / case, trim)
        if not hit:
            lost.append(f"{case}: expected {expect}, doctor said {first}")
    assert not lost, lost


# -- the trims themselves ---------------------------------------------------------------------------------------

def test_trims_cut_the_way_people_cut() -> None:
    T = paste_shapes.TRIMS
    text = ("pi@host:~ $ dfu-util -a 0 -D out/klipper.bin\n"
            "dfu-util 0.11\n\n"
            "Copyright 2005-2009 Weston Schmidt, Harald Welte and OpenMoko Inc.\n"
            "This program is Free Software and has ABSOLUTELY NO WARRANTY\n"
            "Please report bugs to http://sourceforge.net/p/dfu-util/tickets/\n\n"
            "Opening DFU capable USB device...\n")
    assert T["nohead"](text) == "Opening DFU capable USB device...\n"
    long = "".join(f"line {i}\n" for i in range(40))
    assert T["tail"](long) == "".join(f"line {i}\n" for i in range(25, 40))
    assert T["tail"]("a\nb\n") == "a\nb\n"
    cut = T["middle-cut"](long).split("\n")
    assert cut[:8] == [f"line {i}" for i in range(8)] and cut[8] == "..." and cut[-2] == "line 39"
    assert T["noblank"]("a\n\n  \nb\n") == "a\nb\n"
    block = T["errblock"]("a\nb\nc\nd\nError: one\nError: two\ne\nf\ng\n")
    assert block == "c\nd\nError: one\nError: two\ne\nf\n"
    assert T["errblock"]("all fine\n") == "all fine\n"
    # a table's "errors" column and a setting's "Timeout" are no error to a reader's eye
    assert T["errblock"]("x\nTX: bytes packets errors\nTimeout : 200\n") == "x\nTX: bytes packets errors\nTimeout : 200\n"


# -- the mechanisms, on texts from the tools' formats -------------------------------------------------------------

def test_an_indented_paste_with_a_cut_at_the_margin_is_dedented(tmp_path: Path) -> None:
    # ArduPilot Tools/scripts/uploader.py's lines (from the source's format), pasted as a code block, a "..." typed at
    # the margin where the person cut it (a pasted file is dedented: analyze_files)
    from doctor import engine
    from doctor.parsers import analyze_files

    for cut in ("...", "[...]", "\u2026"):
        path = tmp_path / "1.txt"
        path.write_text("    Could not get external flash size, assuming 0\n"
                        "    Found board 9,0 bootloader rev 5 on /dev/ttyACM0\n"
                        "    Bootloader Protocol: 5\n"
                        f"{cut}\n", encoding="utf-8")
        found = engine.evaluate(analyze_files([str(path)]))
        assert [f.id for f in found if f.severity in ("error", "warning")] == [], cut


@pytest.mark.parametrize("header", [
    "    RX:  bytes packets errors dropped  missed   mcast           \n    0          0        0       0       0       0\n",
    "    RX: bytes  packets  errors  dropped overrun mcast\n    0          0        0       0       0       0\n"
    "    TX: bytes  packets  errors  dropped carrier collsns\n    0          0        0       0       0       0\n",
])
def test_ip_link_statistics_header_is_no_failure(header: str) -> None:
    # iproute2 ip/ipaddress.c print_link_stats, old (4.x-5.x) and new (5.14+) column layouts (from the source's format)
    assert serious(header) == []


def test_avrdude_part_settings_alone_are_no_failure() -> None:
    # avrdude 6.x-7.x -v part listing (avrpart.c avr_display, from the source's format), cut below avrdude's own lines
    text = ("         Chip Erase delay              : 9000 us\n"
            "         serial program mode           : yes\n"
            "         Timeout                       : 200\n"
            "         StabDelay                     : 100\n")
    assert serious(text) == []


def test_cubeprogrammer_gui_log_without_its_header_is_cubeprogrammers() -> None:
    # STM32CubeProgrammer's GUI log (HH:MM:SS : ...), from the source's format: the low-power note both it and the ST-LINK
    # Utility print, then the failed first read
    text = ("15:35:11 : Debug in Low Power mode is not supported for this device.\n"
            "15:35:12 : UPLOADING ...\n"
            "15:35:13 : Error: Data read failed\n")
    assert first_id(text) == "SWD006"


def test_jlink_kinetis_security_sentence_names_jlink() -> None:
    # J-Link DLL 6.x-7.x on a secured Kinetis (from the source's format), pasted without the Commander's banner
    text = ("InitTarget()\n"
            "Protection bytes in flash at addr. 0x400 - 0x40F indicate that readout protection is set.\n"
            "For debugger connection the device needs to be unsecured.\n")
    assert first_id(text) == "SWD006"


def test_stm32flash_names_the_port_it_could_not_handle() -> None:
    # stm32flash 0.7 serial_posix.c / port.c / main.c on a Pi's /dev/serial0 (from the source's format), no command line
    text = ('Failed to set terminal flags\nError probing interface "serial_posix"\nCannot handle device "/dev/serial0"\n'
            "Failed to open port: /dev/serial0\n")
    assert first_id(text) == "SER006"


def test_blisp_chunks_sent_mean_the_rom_answered() -> None:
    # blisp 0.0.4 (lib/blisp.c, tools/blisp), from the source's format: the loader's chunks, then the second handshake
    text = ("53196b / 59200 (89.86%)\n57288b / 59200 (96.77%)\n59200b / 59200 (100.00%)\n"
            "Sending a handshake...\nReceived no response from chip.\nFailed to handshake with device.\n")
    assert first_id(text) == "USB002"


def test_a_program_windows_could_not_start_is_a_missing_tool() -> None:
    # CPython 3.x Lib/subprocess.py on Windows (from the source's format): CreateProcess's error names no file; the
    # traceback's frames above it were cut. Arduino IDE 2.x's notification below it is the wrapper's verdict
    text = ('  File "C:\\Python311\\Lib\\subprocess.py", line 1538, in _execute_child\n'
            "FileNotFoundError: [WinError 2] The system cannot find the file specified\n"
            "Upload error: Failed uploading: uploading error: exit status 1\n")
    found = [f.id for f in findings(text) if f.severity in ("error", "warning")]
    assert found == ["TOOL001"]
    # a missing file the tool opened names the file: not a program
    assert first_id("FileNotFoundError: [WinError 2] The system cannot find the file specified: 'C:\\fw\\blink.uf2'\n") != "TOOL001"


def test_dmesg_delta_stamps_name_the_kernel() -> None:
    # util-linux `dmesg -H` (from the source's format): a card reader's sd lines, no USB line left above them; sd.c's
    # cache-page fallback is no failure of the board's link
    text = ("[  +0.007998] sd 9:0:0:0: [sdc] Write Protect is off\n"
            "[  +0.007998] sd 9:0:0:0: [sdc] Asking for cache data failed\n"
            "[  +0.000013] sd 9:0:0:0: [sdc] Assuming drive cache: write through\n")
    assert serious(text) == []


def test_wchisp_config_dump_cut_below_its_info_lines() -> None:
    # wchisp 0.2-0.3 `info`/`flash` register dump (from the source's format): a reserved field's meaning "Error"
    text = ("  [27:8]  RESERVED 0xFFF0F (0b11111111111100001111)\n    `- Error\n  [31:28] VALID_SIG 0x4 (0b100)\n    `- Valid\n")
    assert serious(text) == []


@pytest.mark.parametrize("note", ["(probably an RP2350 A0)", "(probably an RP2040 or an RP2350 A0)"])
def test_openocd_rp2xxx_rom_function_notice(note: str) -> None:
    # OpenOCD rp2xxx.c's warning in both wordings (from the source's format), without the verified run below it
    text = f"** Programming Started **\nWarn : Function FUNC_BOOTROM_STATE_RESET not found in RP2xxx ROM. {note}\n"
    assert serious(text) == []


# -- the review's findings on the mechanisms above (review of trim s22) ---------------------------------------------

def test_a_registry_key_winreg_could_not_open_is_no_missing_program() -> None:
    # CPython's winreg.OpenKey raises the same "[WinError 2]" line for a missing key (a tool listing COM ports when
    # none exists), from the source's format (Lib/winreg, PC/winreg.c): the frame above names the registry call
    text = ("Traceback (most recent call last):\n"
            '  File "C:\\tools\\ports.py", line 12, in list_ports\n'
            "    key = winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, r'HARDWARE\\DEVICEMAP\\SERIALCOMM')\n"
            "FileNotFoundError: [WinError 2] The system cannot find the file specified\n")
    assert "TOOL001" not in serious(text)
    assert "TOOL001" not in serious(text.replace("winreg.OpenKey(", "winreg.QueryValueEx(key, "))


def test_the_windows_form_of_a_missing_program_has_a_windows_fix() -> None:
    # the subprocess form (from the source's format): its fix is no distribution package; the Linux form keeps the entry's
    text = ('  File "C:\\Python311\\Lib\\subprocess.py", line 1538, in _execute_child\n'
            "FileNotFoundError: [WinError 2] The system cannot find the file specified\n")
    tool = [f for f in findings(text) if f.id == "TOOL001"][0]
    assert "PATH" in tool.remediation["text"] and "apt" not in str(tool.remediation)
    linux = [f for f in findings("FileNotFoundError: [Errno 2] No such file or directory: 'iceprog': 'iceprog'\n") if f.id == "TOOL001"][0]
    assert "apt" in str(linux.remediation)


def test_a_verdict_after_another_command_line_is_not_the_cues() -> None:
    # a serial tool's busy port, then another command (PlatformIO's upload) that failed on its own (from the tools' formats)
    text = ("$ esc-configurator-cli --port /dev/ttyACM0\n"
            "Port already in use by another application\n"
            "$ killall ModemManager\n"
            "$ pio run -t upload\n"
            "Uploading .pio/build/esc/firmware.bin\n"
            "Writing at 0x08000000\n"
            "*** [upload] Error 1\n"
            "========================= [FAILED] Took 3.21 seconds =========================\n")
    found = [f for f in findings(text) if f.severity in ("error", "warning")]
    assert [f.id for f in found] == ["SER003", "GEN001"]
    assert any("[upload] Error 1" in v for _, v in found[1].evidence)


def test_every_line_of_a_whole_traceback_keeps_its_number() -> None:
    # uf2conv.py's traceback in full (CPython's format), then arduino-cli's exit status: the verdict below the cued line is
    # the cue's, as in the cut paste
    from doctor import derive
    from textkit import facts as facts_of

    text = ("Traceback (most recent call last):\n"
            '  File "C:\\Users\\me\\AppData\\Local\\Arduino15\\packages\\rp2040\\hardware\\rp2040\\1.8.5/tools/uf2conv.py", line 321, in <module>\n'
            "    main()\n"
            '  File "C:\\Python311\\Lib\\subprocess.py", line 1538, in _execute_child\n'
            "    hp, ht, pid, tid = _winapi.CreateProcess(executable, args,\n"
            "FileNotFoundError: [WinError 2] The system cannot find the file specified\n"
            "exit status 1\n")
    items = derive.unexplained_failures(facts_of(text))
    assert len(items) > 1 and all(isinstance(i["lineno"], int) for i in items)
    found = [f for f in findings(text) if f.severity in ("error", "warning")]
    assert found[0].id == "TOOL001"
    assert not any("exit status 1" in v for f in found for _, v in f.evidence)


@pytest.mark.parametrize("after", ["Device will be unsecured now.\nFound SW-DP with ID 0x2BA01477\nCortex-M4 identified.\n",
                                   "Programming flash [100%] Done.\nO.K.\n"])
def test_jlink_unsecuring_a_kinetis_is_no_fault(after: str) -> None:
    # J-Link DLL 6.x-7.x with its saved "unsecure" answer, then J-Link Commander's loadfile (from the source's format)
    text = ("InitTarget() start\n"
            "Protection bytes in flash at addr. 0x400 - 0x40F indicate that readout protection is set.\n"
            "For debugger connection the device needs to be unsecured.\n"
            "Note: Unsecuring will trigger a mass erase of the internal flash.\n"
            f"{after}"
            "Found SW-DP with ID 0x2BA01477\n")
    assert serious(text) == []
    # an unsecure that then failed (the DLL's halt timeout below it) leaves the part protected
    assert first_id(text.replace(after, "Device will be unsecured now.\nTimeout while halting CPU.\n")) == "SWD006"


@pytest.mark.parametrize("stamp", ["[ 2899.131454 <    0.007998>]", "[<    0.007998>]"])
def test_dmesg_d_and_delta_stamps_name_the_kernel(stamp: str) -> None:
    # util-linux dmesg.c's `-d` and `--time-format=delta` stamps (from the source's format), the sd lines of the test above
    text = (f"{stamp} sd 9:0:0:0: [sdc] Write Protect is off\n"
            f"{stamp} sd 9:0:0:0: [sdc] Asking for cache data failed\n"
            f"{stamp} sd 9:0:0:0: [sdc] Assuming drive cache: write through\n")
    assert serious(text) == []


def test_keeps_evidence_reads_a_folded_repeat_label(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from types import SimpleNamespace

    from doctor import engine

    case = tmp_path / "c"
    case.mkdir()
    (case / "case.toml").write_text('expect = ["SER003"]\n', encoding="utf-8")
    (case / "upload.txt").write_text("a\nb\nPort busy on COM3\nc\n", encoding="utf-8")
    folded = SimpleNamespace(evidence=[("upload.txt:3 (\u00d73, last at line 20)", "Port busy on COM3")])
    monkeypatch.setattr(engine, "evaluate", lambda facts: [folded])
    assert not paste_shapes.keeps_evidence(case, lambda t: "a\nb\n")
    assert paste_shapes.keeps_evidence(case, lambda t: t)


def test_sloebers_announced_port_alone_names_the_stale_port() -> None:
    """(s24) Sloeber's console cut below its 1200-baud touch (the "Forcing reset" and PORTS lines gone): its 'Using comport
    COM5 from now onwards' still names the new port, so avrdude on a COM1 that does not exist is the stale port (SER005),
    not a missed window. From the source's format (Sloeber ArduinoSerial; avrdude 6.3 ser_open on Windows)."""
    text = ("Comport reset took500ms\nUsing comportCOM5 from now onwards\nEnding reset\n\n"
            "LaunchingC:\\sloeber\\arduinoPlugin\\packages\\arduino\\tools\\avrdude\\6.3.0-arduino9\\bin\\avrdude -patmega32u4 -cavr109 -PCOM1 -b57600 -D -Uflash:w:x.hex:i\n"
            "Output:\navrdude: ser_open(): can't open device \"\\\\.\\COM1\": The system cannot find the file specified.\n\n"
            "avrdude done.  Thank you.\n")
    assert first_id(text) == "SER005"
    # the new port is the one avrdude failed on: not a stale port
    assert first_id(text.replace("comportCOM5", "comportCOM1")) != "SER005"
