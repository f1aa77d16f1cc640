"""The AVR and Arduino-style uploaders' message tables (avrdude, dfu-programmer, bossac, QMK, Arduino IDE):
real lines in several versions' and platforms' wordings become the events the knowledge reads."""

from __future__ import annotations

from typing import Any

import pytest

from doctor.parsers import parse_stream
from doctor.parsers import arduino, avrdude, bossac, dfu_programmer, platformio, qmk, wally
from doctor.parsers._messages import Msg, TableParser

PARSERS: list[type[TableParser]] = [
    cls for cls in (avrdude.AvrdudeParser, arduino.ArduinoParser, platformio.PlatformioParser, wally.WallyParser,
                    getattr(qmk, "QmkParser", None), getattr(dfu_programmer, "DfuProgrammerParser", None),
                    getattr(bossac, "BossacParser", None))
    if isinstance(cls, type) and issubclass(cls, TableParser)
]
ROWS = [(cls, row) for cls in PARSERS for row in cls.messages]


def facts(text: str) -> dict[str, Any]:
    return parse_stream(iter(text.strip("\n").splitlines()), "t")


def events(text: str, ns: str) -> list[dict[str, Any]]:
    return [e for run in facts(text).get(ns, {}).get("runs", []) for e in run["events"]]


def kinds(text: str, ns: str) -> list[str]:
    return [e["kind"] for e in events(text, ns)]


@pytest.mark.parametrize("line, resp", [
    ("avrdude: stk500_getsync() attempt 1 of 10: not in sync: resp=0x00", "0x00"),          # 6.x
    ("avrdude.exe: stk500_getsync() attempt 5 of 10: not in sync: resp=0xe0", "0xe0"),      # Windows
    ("avrdude stk500_getsync() warning: attempt 10 of 10: not in sync: resp=0x6f", "0x6f"),  # 7.x
    ("avrdude: stk500_getsync(): not in sync: resp=0x30", "0x30"),                          # 5.x
])
def test_not_in_sync_in_every_wording(line: str, resp: str) -> None:
    ev = events(line, "avrdude")
    assert ev and ev[0]["kind"] == "not_in_sync" and ev[0]["resp"] == resp and ev[0]["fail"]


@pytest.mark.parametrize("line, kind, port", [
    ('avrdude: ser_open(): can\'t open device "\\\\.\\COM4": Access is denied.', "serial_port_busy", "\\\\.\\COM4"),
    ('avrdude: ser_open(): can\'t open device "\\\\.\\COM1": The system cannot find the file specified.', "serial_no_such_port", "\\\\.\\COM1"),
    ('avrdude: ser_open(): can\'t open device "/dev/ttyACM0": Permission denied', "serial_permission_denied", "/dev/ttyACM0"),
    ("avrdude ser_open() error: cannot open port /dev/ttyUSB0: Permission denied", "serial_permission_denied", "/dev/ttyUSB0"),
    ('avrdude: ser_open(): can\'t open device "/dev/cu.usbmodem1411": Resource busy', "serial_port_busy", "/dev/cu.usbmodem1411"),
])
def test_serial_open_failures_carry_the_shared_kind(line: str, kind: str, port: str) -> None:
    ev = events(line, "avrdude")
    assert [e["kind"] for e in ev] == ["serial_open_failed", kind]
    assert ev[1]["port"] == port


def test_retried_open_is_not_a_failure() -> None:
    text = '''avrdude: ser_open(): can't open device "/dev/ttyACM0": Input/output error
Connecting to programmer: .
Found programmer: Id = "CATERIN"; type = S'''
    ev = events(text, "avrdude")
    assert ev[0]["kind"] == "serial_open_failed" and ev[0].get("retried") and not ev[0].get("fail")


def test_empty_programmer_id_is_a_failure() -> None:
    ev = events('Found programmer: Id = ""; type =\navrdude: butterfly_recv(): programmer is not responding', "avrdude")
    assert ev[0]["kind"] == "programmer_found" and ev[0]["fail"]
    assert ev[1]["kind"] == "programmer_not_responding" and ev[1]["func"] == "butterfly_recv"


def test_usbasp_not_found_and_unreadable_strings() -> None:
    text = '''avrdude: Warning: cannot query manufacturer for device: No such file or directory
avrdude: error: could not find USB device with vid=0x16c0 pid=0x5dc vendor='www.fischl.de' product='USBasp\''''
    ev = events(text, "avrdude")
    assert ev[0]["kind"] == "usb_strings_unreadable"
    assert ev[1]["kind"] == "usb_programmer_not_found" and (ev[1]["vid"], ev[1]["pid"]) == ("16c0", "05dc")
    assert ev[1]["manufacturer"] == "www.fischl.de" and ev[1]["product"] == "USBasp"


def test_signature_values_and_mismatch() -> None:
    text = '''avrdude: Device signature = 0x000000 (retrying)
avrdude: Device signature = 0xff8000
avrdude: Expected signature for ATmega64 is 1E 96 02'''
    ev = events(text, "avrdude")
    assert ev[0]["value"] == "0x000000" and ev[0]["retry"] and "part" not in ev[0]
    assert ev[1]["value"] == "0xff8000"
    assert ev[2]["kind"] == "signature_mismatch" and ev[2]["part"] == "ATmega64"


def test_efuse_mismatch_values_on_the_next_line() -> None:
    text = '''avrdude: reading on-chip efuse data:
avrdude: verification error, first mismatch at byte 0x0000
         0xfc != 0xf4'''
    ev = [e for e in events(text, "avrdude") if e["kind"] == "verify_mismatch"][0]
    assert (ev["memory"], ev["received"], ev["expected"], ev["extra_bits_only"]) == ("efuse", 0xFC, 0xF4, True)


def test_header_and_command_line() -> None:
    text = '''C:\\arduino\\avrdude -CC:\\avrdude.conf -v -patmega328p -carduino -PCOM3 -b115200 -D -Uflash:w:Blink.ino.hex:i
         Using Port                    : COM3
         Using Programmer              : arduino
         Overriding Baud Rate          : 115200
avrdude: stk500_recv(): programmer is not responding'''
    run = facts(text)["avrdude"]["runs"][0]
    assert (run["programmer"], run["part"], run["baud"], run["device"]) == ("arduino", "atmega328p", 115200, "COM3")


def test_dfu_programmer_no_device_and_validated_run() -> None:
    assert kinds(">>> dfu-programmer.exe atmega32u4 erase --force\n    dfu-programmer: no device present.", "dfu") == ["dfu_command", "no_dfu_device"]
    ok = facts("Validating...  Success\n0x4E00 bytes written into 0x7000 bytes memory (69.64%).")["dfu"]["runs"][0]
    assert ok["success"] is True


def test_qmk_size_check_and_toolbox_devices() -> None:
    ev = events(" * The firmware is too large! 31030/28672 (2358 bytes over)", "flash")
    assert ev[0]["kind"] == "image_too_large" and (ev[0]["size"], ev[0]["limit"], ev[0]["over"]) == (31030, 28672, 2358)
    f = facts("Caterina device connected (usbser): Microsoft Serial USB (COM4) (2341:0036:0001) [COM4]")
    assert f["usb"]["devices"][0]["role"] == "caterina"
    f = facts("*** DFU device connected: ATm32U4DFU -- 03EB:2FF4:0001 {88bae032-5a81-49f0-bc3d-a4ff138216d6}")
    assert (f["usb"]["devices"][0]["vid"], f["usb"]["devices"][0]["pid"]) == ("03eb", "2ff4")
    assert kinds("Atmel DFU device connected (NO DRIVER): ATMEL ATm32U4DFU (03EB:2FF4:0000)", "flash") == ["bootloader_connected", "driver_missing"]


def test_bossac_and_arduino_ide() -> None:
    assert kinds("Send auto-baud\nNo device found on /dev/ttyACM0", "flash") == ["bootloader_not_found"]
    assert "upload_port_missing" in kinds("Couldn't find a Board on the selected port. Check that you have the correct port selected.", "flash")
    assert kinds("Sketch too big; see https://support.arduino.cc/hc/en-us/articles/360013825179 for tips on reducing it.", "flash") == ["image_too_large"]


# --- issue 15: advice that must be right ------------------------------------------------------------------------

def first_ids(text: str) -> list[str]:
    from doctor import engine
    from doctor.facts import merge, new

    return [f.id for f in engine.evaluate(merge(new("analyze"), facts(text)))]


def _plan(action: str, **opts: Any) -> Any:
    from doctor.drivers.base import ActionRequest, plan_action

    facts_ = opts.pop("facts", {})
    params = opts.pop("params", {})
    return plan_action(action, ActionRequest(params=params, options=opts, facts=facts_))


def _host(version: str | None) -> dict[str, Any]:
    return {"host": {"tools": {"avrdude": {"path": "/usr/bin/avrdude", "version": version}}}}


@pytest.mark.parametrize("part", ["usb1286", "m2560"])
@pytest.mark.parametrize("version, refused", [("7.1", False), ("8.0-arduino.1", False), ("7.3", False), ("6.3-20190619", True),
                                              ("7.0", True), (None, True)])
def test_usbtiny_over_64k_refused_only_before_avrdude_71(tmp_path: Any, part: str, version: str | None, refused: bool) -> None:
    """avrdude 7.1 fixed the USBtiny's reads above 64 KiB (avrdudes/avrdude#1029): a 7.1+ avrdude is not refused."""
    fw = tmp_path / "fw.hex"
    fw.write_text(":00000001FF\n")
    plan = _plan("avrdude.flash", programmer="usbtiny", part=part, firmware=str(fw), facts=_host(version))
    assert bool(plan.blockers) == refused
    if refused:
        assert plan.blockers[0].id == "AVR003" and "7.1" in plan.blockers[0].message + plan.blockers[0].remediation["text"]


def test_avr003_not_claimed_for_a_usbtiny_mismatch_with_avrdude_71() -> None:
    base = """avrdude -c usbtiny -p m2560 -U flash:w:Marlin.hex:i
avrdude: verification error, first mismatch at byte 0x10000
         0xff != 0x0c
avrdude: verification error; content mismatch"""
    assert first_ids(base)[0] == "AVR003"
    assert "AVR003" not in first_ids("avrdude: Version 7.1\n" + base)
    assert "AVR003" not in first_ids("Avrdude version 8.0\n" + base)


def test_avr003_entry_names_the_fixed_version_and_the_upgrade() -> None:
    from doctor import knowledge

    entry = knowledge.get("AVR003")
    assert entry is not None
    assert "7.1" in entry.title and "7.1" in entry.explanation
    assert any("avrdude" in c and "7.1" in c for c in entry.remediation["commands"]) or "7.1" in entry.remediation["text"]


def test_avr003_from_the_posters_words_when_the_paste_has_no_command_line() -> None:
    post = """I have a USBtinyISP burner and was wondering if there is any way to fix this issue:
avrdude: verifying ...
avrdude: verification error, first mismatch at byte 0x3e000
0x0d != 0xff"""
    run = facts(post)["avrdude"]["runs"][0]
    assert run["mentions"] == ["usbtiny"] and "programmer" not in run
    assert first_ids(post)[0] == "AVR003"


def test_efuse_value_never_taken_from_unlabelled_mismatches() -> None:
    """Two mismatches that do not name their memory (a flash one and another): the old plan wrote the last one's
    input byte to the efuse (0xFF: brown-out detection off). Now nothing is guessed: the plan asks."""
    from doctor.errors import UsageError

    paste = facts("""avrdude: verification error, first mismatch at byte 0x0000
         0xfd != 0x05
avrdude: verification error, first mismatch at byte 0x0100
         0x0c != 0xff""")
    with pytest.raises(UsageError, match="efuse"):
        _plan("avrdude.write_fuses", programmer="usbasp", part="m328p", params={"mask_unused": True}, facts=paste)


def test_efuse_value_taken_from_a_mismatch_avrdude_printed_for_the_efuse() -> None:
    paste = facts("""avrdude: writing efuse (1 bytes):
avrdude: 1 bytes of efuse written
avrdude: verifying efuse memory against 0x05:
avrdude: verification error, first mismatch at byte 0x0000
         0xfd != 0x05""")
    plan = _plan("avrdude.write_fuses", programmer="usbasp", part="m328p", params={"mask_unused": True}, facts=paste)
    assert plan.steps[0].argv[-2:] == ["-U", "efuse:w:0xFD:m"] and not plan.blockers


def test_two_efuse_values_that_disagree_are_not_guessed_between() -> None:
    from doctor.errors import UsageError

    paste = facts("""avrdude: verifying efuse memory against 0x05:
avrdude: verification error, first mismatch at byte 0x0000
         0xfd != 0x05
avrdude: verifying efuse memory against 0x04:
avrdude: verification error, first mismatch at byte 0x0000
         0xfc != 0x04""")
    with pytest.raises(UsageError, match="0x04, 0x05"):
        _plan("avrdude.write_fuses", programmer="usbasp", part="m328p", facts=paste)


@pytest.mark.parametrize("part, fuses, lost", [
    ("m328p", {"hfuse": "0x5F"}, "RSTDISBL"),      # bit 7 programmed: RESET becomes I/O
    ("m328p", {"hfuse": "0x99"}, "DWEN"),          # bit 6 programmed: debugWIRE
    ("m328p", {"hfuse": "0xF9"}, "SPIEN"),         # bit 5 unprogrammed: no serial programming
    ("m328p", {"lfuse": "0xE0"}, "external clock"),  # CKSEL 0000: external clock
    ("m328p", {"lfuse": "0xFF"}, "external clock"),  # CKSEL 1111: crystal
    ("m16u2", {"hfuse": "0x99"}, "RSTDISBL"),      # 16U2: RSTDISBL is bit 6 (avr-libc iom16u2.h)
    ("m16u2", {"hfuse": "0x59"}, "DWEN"),          # and DWEN bit 7
    ("t13", {"lfuse": "0xEA"}, "SPIEN"),           # ATtiny13: SPIEN is the low fuse's bit 7
    ("t13", {"hfuse": "0xFE"}, "RSTDISBL"),
    ("m8", {"lfuse": "0xE4"}, "not known"),        # a part whose layout doctor lacks is not written blind
])
def test_fuse_write_that_locks_out_isp_is_refused(part: str, fuses: dict[str, str], lost: str) -> None:
    plan = _plan("avrdude.write_fuses", programmer="usbasp", part=part, **fuses)
    assert plan.blockers and plan.blockers[0].id == "AVR005"
    assert lost in plan.blockers[0].message and "allow_isp_lockout" in plan.blockers[0].remediation["text"]
    allowed = _plan("avrdude.write_fuses", programmer="usbasp", part=part, allow_isp_lockout=True, **fuses)
    assert not allowed.blockers and any(lost in n for n in allowed.notes)


@pytest.mark.parametrize("part, fuses", [
    ("m328p", {"lfuse": "0xE2", "hfuse": "0xD9", "efuse": "0xFD"}),  # internal 8 MHz, SPIEN on, BOD
    ("m16u2", {"hfuse": "0xD9"}),                                    # the Uno's 16U2 high fuse
    ("t13", {"lfuse": "0x6A", "hfuse": "0xFF"}),                     # ATtiny13 factory fuses
    ("m328p", {"efuse": "0x05"}),                                    # efuse: brown-out only
])
def test_fuse_write_that_keeps_isp_is_planned(part: str, fuses: dict[str, str]) -> None:
    assert not _plan("avrdude.write_fuses", programmer="usbasp", part=part, **fuses).blockers


@pytest.mark.parametrize("pid, mcu", [("2fee", "atmega8u2"), ("2fef", "atmega16u2")])
def test_usb005_for_the_8u2_and_16u2_in_dfu(pid: str, mcu: str) -> None:
    """An Uno/Mega with an 8U2 (the first revisions) enumerates as 03eb:2fee in DFU (dfu-programmer's target table)."""
    from doctor import devices

    assert devices.classify("03eb", pid).mcu == mcu
    text = f"usb 1-1.3: New USB device found, idVendor=03eb, idProduct={pid}, bcdDevice= 0.00"
    assert first_ids(text)[0] == "USB005"


# --- the tables ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("cls", "row"), ROWS, ids=[f"{c.name}:{r.pattern[:40]}" for c, r in ROWS])
def test_row_example_matches_its_own_row_first(cls: type[TableParser], row: Msg) -> None:
    assert row.example and row.src, f"{cls.name}: row {row.pattern!r} lacks an example or a source"
    matched = cls.table.match(row.example.strip())
    assert matched and matched[0][0] is row, f"{cls.name}: example {row.example!r} is taken by {matched[0][0].pattern if matched else None!r}"


@pytest.mark.parametrize(("cls", "row"), [(c, r) for c, r in ROWS if r.strength == "strong" and r.kind],
                         ids=[f"{c.name}:{r.pattern[:40]}" for c, r in ROWS if r.strength == "strong" and r.kind])
def test_strong_row_example_starts_its_parsers_block(cls: type[TableParser], row: Msg) -> None:
    out = parse_stream(iter(["some prose before the paste", "", row.example]), "t")
    blocks = out["sources"][0]["blocks"]
    assert blocks and blocks[-1]["tool"] == cls.name, f"{row.example!r} went to {blocks}"
    got = [e["kind"] for r in out.get(cls.namespace, {}).get("runs", []) for e in r["events"]]
    # wally's parser names a libusb / Windows driver failure by what it means (on_event): access denied, or no driver bound
    renamed = {"libusb_error": ("usb_access_denied", "usb_no_driver"), "win_usb_error": ("usb_no_driver",)}
    assert row.kind in got or any(k in got for k in renamed.get(str(row.kind), ())), f"{row.example!r} gave {got}"


def test_patterns_are_linear_enough_for_long_lines() -> None:
    import time

    long_line = "avrdude: " + "x" * 4000 + " error: " + "a " * 1000
    for cls in PARSERS:
        start = time.perf_counter()
        for _ in range(20):
            cls.table.match(long_line, all_matches=True)
        assert time.perf_counter() - start < 0.5, cls.name


# --- PlatformIO and Wally as tables ---------------------------------------------------------------------------

def test_platformio_upload_run_fields_and_failure() -> None:
    text = """Processing nanoatmega328 (platform: atmelavr; board: nanoatmega328; framework: arduino)
HARDWARE: ATMEGA328P 16MHz, 2KB RAM, 30KB Flash
Configuring upload protocol...
AVAILABLE: arduino
CURRENT: upload_protocol = arduino
Looking for upload port...
Auto-detected: COM5
Uploading .pio\\build\\nanoatmega328\\firmware.hex
*** [upload] Error 1
========================= [FAILED] Took 12.63 seconds ========================="""
    run = facts(text)["flash"]["runs"][0]
    assert (run["tool"], run["interface"], run["device"], run["mcu"], run["returncode"], run["success"]) == (
        "platformio", "arduino", "COM5", "atmega328p", 1, False)
    assert [e["kind"] for e in run["events"]] == ["upload_protocol", "upload_port", "upload_failed", "run_failed"]


@pytest.mark.parametrize("line, kind", [
    ("*** [upload] Explicit exit, status 1", "upload_failed"),  # PlatformIO 5.x/6.x when no port is found
    ("Error: Please specify `upload_port` for environment or use global `--upload-port` option.", "no_upload_port"),
    ("Warning! Please install `99-platformio-udev.rules`. ", "udev_rules_missing"),
    ("Warning! Your `/etc/udev/rules.d/99-platformio-udev.rules` are outdated. Please update or reinstall them.", "udev_rules_missing"),
])
def test_platformio_messages_in_their_wordings(line: str, kind: str) -> None:
    assert kind in kinds(line, "flash")


def test_platformio_success() -> None:
    run = facts("Uploading .pio/build/uno/firmware.hex\n=== [SUCCESS] Took 5.31 seconds ===")["flash"]["runs"][0]
    assert run["success"] is True and run["extra"]["image"] == ".pio/build/uno/firmware.hex"


def test_wally_gui_console_loop_counted_and_access_denied() -> None:
    text = """10:39:20 warning OpenDevices: libusb: bad access [code -3]
10:39:21 info Waiting for a DFU capable device
10:39:22 info Waiting for a DFU capable device
10:39:23 info Waiting for a DFU capable device"""
    ev = events(text, "flash")
    assert [e["kind"] for e in ev] == ["usb_access_denied", "waiting_for_device"]
    assert ev[0]["code"] == -3 and ev[1]["count"] == 3


def test_wally_windows_error_and_cli_spinner_lines() -> None:
    ev = events("16:00:06 info Starting Teensy Flash\n16:00:17 error Error while sending firmware bytes: libusb: not found [code -5]", "flash")
    assert [(e["kind"], e.get("code")) for e in ev] == [("flash_started", None), ("libusb_error", -5)]
    cli = "⠦ Press the reset button of your keyboard.2020/07/04 17:17:37 handle_events: error: libusb: interrupted [code -10]"
    assert [(e["kind"], e["code"]) for e in events(cli, "flash")] == [("libusb_error", -10)]
    ok = facts("Press the reset button of your keyboard.\nYour keyboard was successfully flashed and rebooted. Enjoy the new firmware!")
    assert ok["flash"]["runs"][0]["success"] is True


def test_avrdude_run_on_paste_is_read_message_by_message() -> None:
    text = ("avrdude -p attiny13 -c usbasp -B 1024 -F -P usb avrdude: set SCK frequency to 500 Hz avrdude: warning: cannot set sck "
            "period. please check for usbasp firmware update. avrdude: error: program enable: target doesn't answer. 1 avrdude: "
            "initialization failed, rc=-1")
    run = facts(text)["avrdude"]["runs"][0]
    assert run["programmer"] == "usbasp" and [e["kind"] for e in run["events"]] == ["sck_unsettable", "target_no_answer", "init_failed"]
    assert first_ids(text)[0] == "AVR001"


@pytest.mark.parametrize("line, version, code", [
    ("avrdude: Version 6.3-20190619", "6.3-20190619", 603),
    ("Avrdude version 8.0-arduino.1", "8.0-arduino.1", 800),
    ("avrdude.exe: Version 5.11, compiled on Sep  2 2011 at 19:38:36", "5.11", 511),
])
def test_avrdude_version_in_every_release_wording(line: str, version: str, code: int) -> None:
    run = facts(line + "\navrdude: stk500_recv(): programmer is not responding")["avrdude"]["runs"][0]
    assert (run["version"], run["version_code"]) == (version, code)


@pytest.mark.parametrize("text, mentions", [
    ("I gonna use the Arduino Nano with the old boot loader\navrdude: stk500_getsync() attempt 1 of 10: not in sync: resp=0x00", ["nano", "old-bootloader"]),
    ("./arduino-cli upload -v -p /dev/ttyUSB0 -b arduino:avr:nano MyFirstSketch/\navrdude: Version 6.3-20190619", ["nano"]),
    ("Using Pocket AVR Programmer\navrdude: Device signature = 0x000000", ["usbtiny"]),
    ("avrdude: Device signature = 0x1e950f (probably m328p)", None),
])
def test_what_the_poster_names_is_kept_apart_from_what_avrdude_printed(text: str, mentions: list[str] | None) -> None:
    assert facts(text)["avrdude"]["runs"][0].get("mentions") == mentions


@pytest.mark.parametrize("text", [
    "Arduino Nano clone\navrdude: stk500_getsync() attempt 1 of 10: not in sync: resp=0x00\n         Overriding Baud Rate          : 115200",
    "My nano with the old bootloader:\navrdude: stk500_getsync() attempt 1 of 10: not in sync: resp=0x61",
])
def test_nano_at_the_new_bootloaders_baud_is_ser007(text: str) -> None:
    assert first_ids(text)[0] == "SER007"


def test_avr109_talking_to_the_sketch_is_boot008() -> None:
    text = """Connecting to programmer: .
Found programmer: Id = "1.00
1"; type = .
avrdude: error: buffered memory access not supported. Maybe it isn't
a butterfly/AVR109 but a AVR910 device?
avrdude: initialization failed, rc=-1"""
    assert first_ids(text)[0] == "BOOT008"


# ---- the linker: an image that does not fit the part (avr-ld, arm-none-eabi-ld, ld.lld) -------------------------

def _build_events(text: str) -> list[dict[str, Any]]:
    return [e for run in facts(text).get("klipper", {}).get("build", {}).get("runs", []) for e in run["events"]]


@pytest.mark.parametrize("line, name, size", [
    ("/usr/lib/gcc/avr/5.4.0/../../../avr/bin/ld: region `text' overflowed by 4546 bytes", "text", 4546),
    ("/usr/lib/gcc/arm-none-eabi/12.2.1/../../../arm-none-eabi/bin/ld: region `FLASH' overflowed by 1 byte", "FLASH", 1),
    ("c:/progra~1/arm-none-eabi/bin/ld.exe: region `rom' overflowed by 385 bytes", "rom", 385),
    ("/usr/lib/gcc/avr/5.4.0/../../../avr/bin/ld: out/klipper.elf section `.text' will not fit in region `text'", "text", None),
    ("/usr/lib/gcc/avr/5.4.0/../../../avr/bin/ld: address 0x800a2e of out/klipper.elf section `.data' is not within region `data'", "data", None),
    ("ld.lld: error: section '.text' will not fit in region 'FLASH': overflowed by 1234 bytes", "FLASH", 1234),
    ("ld.bfd: zephyr/zephyr_pre0.elf section `bss' will not fit in region `RAM'", "RAM", None),
    ("arm-none-eabi-ld: region m_data overflowed with stack and heap", "m_data", None),
])
def test_linker_overflow_in_every_wording(line: str, name: str, size: int | None) -> None:
    ev = _build_events(line)
    assert ev and ev[0]["kind"] == "build_overflow" and ev[0]["name"] == name and ev[0].get("size") == size, ev


def test_data_not_within_region_alone_is_fw004() -> None:
    text = """/usr/lib/gcc/avr/5.4.0/../../../avr/bin/ld: address 0x800a2e of out/klipper.elf section `.data' is not within region `data'
/usr/lib/gcc/avr/5.4.0/../../../avr/bin/ld: out/klipper.elf section `.data' will not fit in region `text'"""
    assert first_ids(text)[0] == "FW004"


# ---- USB programmers not found / not openable, avrdude 5.x-8.x --------------------------------------------------

@pytest.mark.parametrize("line, vid, pid", [
    ('avrdude: usbdev_open(): did not find any USB device "usb" (0x03eb:0x2104)', "03eb", "2104"),  # 6.x-7.x
    ("avrdude error: did not find any USB device usb (03eb:2104)", "03eb", "2104"),  # 8.x
    ("avrdude: jtag3_open_common(): Did not find any device matching VID 0x03eb and PID list: 0x2141", "03eb", "2141"),  # 6.x
    ("Error jtag3_open_common() jtag3.c 1735: no device found matching VID 0x04d8 and PID list: 0x2177, 0x2178", "04d8", "2177"),  # 8.x
    ("USB device with VID: 0x03eb and PID: 0x2177 not found", "03eb", "2177"),  # usb_hidapi.c 7.1+
])
def test_usb_programmer_not_found_in_every_release(line: str, vid: str, pid: str) -> None:
    ev = events(line, "avrdude")
    assert ev and ev[0]["kind"] == "usb_programmer_not_found" and (ev[0]["vid"], ev[0]["pid"]) == (vid, pid), ev


@pytest.mark.parametrize("line", [
    "avrdude error: found but could not access USB device usb (03eb:2104)",
    "USB access errors detected; this could have many reasons; if it is",
    "avrdude usbhid_open() error: found device, but hid_open_path() failed",
])
def test_avrdude8_access_errors_are_usb004(line: str) -> None:
    assert "usb_access_denied" in kinds(line, "avrdude")
    assert first_ids(line)[0] == "USB004"


def test_pickit_not_found_over_hid_is_usb004() -> None:
    text = """Using port            : usb
Using programmer      : pickit4
USB device with VID: 0x04d8 and PID: 0x9012 not found
Error jtag3_open_common() jtag3.c 1735: no device found matching VID 0x04d8 and PID list: 0x2177, 0x2178, 0x2179
Error main() main.c 1450: unable to open port usb for programmer pickit4"""
    assert first_ids(text)[0] == "USB004"


# ---- the Arduino tools pointed at a programmer that is not there -------------------------------------------------

@pytest.mark.parametrize("line, mode", [
    ("Error during Upload: Failed programming: uploading error: exit status 1", "programmer"),
    ("Failed uploading: uploading error: exit status 1", "upload"),
    ("Failed to burn bootloader: uploading error: exit status 1", "burn-bootloader"),
    ("Error while burning bootloader.", "burn-bootloader"),
])
def test_arduino_cli_says_which_upload_failed(line: str, mode: str) -> None:
    ev = events(line, "flash")
    assert ev and ev[0]["kind"] == "upload_failed" and ev[0]["mode"] == mode, ev


def test_upload_using_programmer_without_one_is_boot006() -> None:
    text = """         Using Port                    : usb
         Using Programmer              : usbtiny
avrdude: Error: Could not find USBtiny device (0x1781/0xc9f)

avrdude done.  Thank you.

Failed programming: uploading error: exit status 1"""
    assert first_ids(text)[0] == "BOOT006"


def test_avrispmkii_not_found_in_the_arduino_ide_is_boot006_and_alone_too() -> None:
    line = 'avrdude: usbdev_open(): did not find any USB device "usb" (0x03eb:0x2104)'
    # (prior s9) alone too: the bare line's resolved threads were BOOT006 3, USB004 1 (tests/test_prior_avr.py)
    assert first_ids(line)[0] == "BOOT006"
    assert first_ids('Arduino: 1.8.19 (Linux), Board: "Arduino Uno"\n\n' + line + "\nAn error occurred while uploading the sketch")[0] == "BOOT006"


# ---- a serial bootloader answering someone else's bytes (ModemManager) -------------------------------------------

@pytest.mark.parametrize("text, first", [
    ("avrdude: Device signature = 0x0d0d0d\navrdude: Expected signature for ATmega32U4 is 1E 95 87", "SER002"),
    ("         Using Programmer              : avr109\navrdude: Device signature = 0x0d3f0d\navrdude: Expected signature for ATmega32U4 is 1E 95 87", "SER002"),
    # through an ISP programmer such bytes are no bootloader's replies
    ("avrdude -c usbasp -p m32u4\navrdude: Device signature = 0x0d0d0d\navrdude: Expected signature for ATmega32U4 is 1E 95 87", "AVR005"),
    ("avrdude: Device signature = 0x1e9587 (probably m32u4)", None),
])
def test_reply_bytes_as_signature_point_at_another_program_on_the_port(text: str, first: str | None) -> None:
    ids = first_ids(text)
    assert (ids[0] if ids else None) == first


# ---- a USBasp seen with the right strings is no clone: the -P value did not select it ------------------------------

def test_usbasp_seen_with_its_own_strings_is_not_avr002() -> None:
    text = """Using port            : /dev/usbasp
Using programmer      : usbasp
Seen device from vendor >www.fischl.de<
Seen product >USBasp<
Error usbasp_open() usbasp.c 658: cannot find USB device with vid=0x16c0 pid=0x5dc vendor='www.fischl.de' product='USBasp'"""
    ev = [e for e in events(text, "avrdude") if e["kind"] == "usb_programmer_not_found"]
    assert ev and ev[0].get("strings_matched") is True
    assert "AVR002" not in first_ids(text)
    clone = text.replace(">www.fischl.de<", ">USBasp Clone Co.<")
    assert first_ids(clone)[0] == "AVR002"


@pytest.mark.parametrize("line, kind", [
    ('avrdude: usb_open(): cannot read serial number "error sending control message: Operation not permitted"', "usb_access_denied"),
    ("avrdude warning: reading serial number, LIBUSB_ERROR_ACCESS", "usb_access_denied"),
    ('avrdude: usb_open(): cannot read product name "could not get descriptor: Invalid argument"', "usb_strings_unreadable"),
])
def test_libusb_string_reads_that_fail_for_want_of_access(line: str, kind: str) -> None:
    assert kinds(line, "avrdude")[0] == kind
    assert first_ids(line)[0] == "USB004"


@pytest.mark.parametrize("line, kind, port", [
    ("avrdude error: cannot open port \\\\.\\COM4: Access is denied.", "serial_port_busy", "\\\\.\\COM4"),  # 8.x
    ("Error ser_open() ser_win32.c 249: cannot open port \\\\.\\COM4: Access is denied.", "serial_port_busy", "\\\\.\\COM4"),  # 8.x -vv
    ("avrdude OS error: cannot open port /dev/ttyUSB0: No such file or directory", "serial_no_such_port", "/dev/ttyUSB0"),  # 8.x
    ("Error ser_open() ser_posix.c 390: cannot open port /dev/ttyUSB0: Device or resource busy", "serial_port_busy", "/dev/ttyUSB0"),
])
def test_avrdude8_serial_open_failures(line: str, kind: str, port: str) -> None:
    ev = events(line, "avrdude")
    assert [e["kind"] for e in ev] == ["serial_open_failed", kind] and ev[1]["port"] == port, ev


def test_old_avrdude_without_ids_in_the_arduino_ide_is_boot006() -> None:
    text = """Arduino: 1.0.6 (Windows 7), Board: "Arduino Uno"
avrdude: usbdev_open(): did not find any USB device "usb"
An error occurred while uploading the sketch"""
    assert first_ids(text)[0] == "BOOT006"


# --- held-out round 2: sketch text in not-in-sync replies, Caterina verify at byte 0, the 1200-baud touch ----------

_SYNC = "avrdude: stk500_getsync() attempt {n} of 10: not in sync: resp=0x{b:02x}"


def _sync_lines(text: str, prefix: str = "avrdude: stk500_getsync() attempt {n} of 10: not in sync: resp=0x{b:02x}") -> str:
    return "\n".join(prefix.format(n=i + 1, b=ord(c)) for i, c in enumerate(text))


@pytest.mark.parametrize("header", [
    "         Using Port                    : /dev/ttyUSB0\n         Using Programmer              : arduino\n         Overriding Baud Rate          : 115200",
    'C:\\avrdude.exe -CC:\\avrdude.conf -v -patmega328p -carduino -PCOM3 -b57600 -D -Uflash:w:x.hex:i',
])
@pytest.mark.parametrize("prefix", [
    "avrdude: stk500_getsync() attempt {n} of 10: not in sync: resp=0x{b:02x}",            # 6.x
    "avrdude stk500_getsync() warning: attempt {n} of 10: not in sync: resp=0x{b:02x}",    # 7.x
    "avrdude warning: attempt {n} of 10: not in sync: resp=0x{b:02x}",                     # 8.x
])
def test_not_in_sync_replies_that_read_as_text_are_a_baud_mismatch(header: str, prefix: str) -> None:
    text = header + "\n" + _sync_lines("Temp: 23", prefix)
    evs = [e for e in events(text, "avrdude") if e["kind"] == "not_in_sync"]
    assert evs and all(e.get("sketch_text") == "Temp: 23" for e in evs)
    assert first_ids(text)[0] == "SER007"


@pytest.mark.parametrize("replies", [
    [0x00] * 10,            # nothing answered
    [0x30] * 10,            # one character over and over is no text
    [0xe0, 0xfc, 0x80],     # garbled, not printable
    [0x41, 0x42],           # too few
])
def test_not_in_sync_replies_that_are_no_text(replies: list[int]) -> None:
    text = "\n".join(_SYNC.format(n=i + 1, b=b) for i, b in enumerate(replies))
    assert not any(e.get("sketch_text") for e in events(text, "avrdude"))


def test_sketch_text_without_the_header_still_points_at_the_bootloader_baud() -> None:
    # a partial paste without the baud: text from the sketch still says the bootloader never took the sync;
    # the target-not-answering causes (no auto-reset, no bootloader) stay the alternative
    ids = first_ids(_sync_lines("hello world"))
    assert ids[:2] == ["SER007", "AVR005"]


def test_sketch_text_at_a_non_bootloader_baud_is_not_the_bootloader_choice() -> None:
    text = "avrdude -v -patmega328p -carduino -P/dev/ttyUSB0 -b9600 -D -Uflash:w:x.hex:i\n" + _sync_lines("Temp: 23")
    assert first_ids(text)[0] == "AVR005"


@pytest.mark.parametrize("text", [
    "avrdude: verification error, first mismatch at byte 0x0000 arduino leonardo",
    "/usr/bin/avrdude -C/etc/avrdude.conf -v -patmega32u4 -cavr109 -P/dev/ttyACM0 -b57600 -D -Uflash:w:/tmp/x.hex:i\n"
    "avrdude: verification error, first mismatch at byte 0x0000\n         0x0d != 0x0c\navrdude: verification error; content mismatch",
    "Pro Micro on Ubuntu:\navrdude: verification error, first mismatch at byte 0x0000\n         0xff != 0x0c",
])
def test_caterina_board_not_verifying_from_byte_0_points_at_modemmanager(text: str) -> None:
    assert first_ids(text)[0] == "SER002"


@pytest.mark.parametrize("text", [
    # Windows has no ModemManager
    "avrdude.exe -CC:\\avrdude.conf -v -patmega32u4 -cavr109 -PCOM9 -b57600 -D -Uflash:w:x.hex:i\n"
    "avrdude.exe: verification error, first mismatch at byte 0x0000\n             0xff != 0x0c",
    # an ISP programmer on a 32U4 does not go through the bootloader's CDC port
    "avrdude -v -patmega32u4 -cusbasp -Pusb -Uflash:w:x.hex:i\n"
    "avrdude: verification error, first mismatch at byte 0x0000\n         0xff != 0x0c",
    # an Uno (STK500/optiboot) is no Caterina board
    "avrdude -v -patmega328p -carduino -P/dev/ttyACM0 -b115200 -D -Uflash:w:x.hex:i\n"
    "avrdude: verification error, first mismatch at byte 0x0000\n         0xff != 0x0c",
])
def test_verify_at_byte_0_elsewhere_is_not_modemmanager(text: str) -> None:
    assert "SER002" not in first_ids(text)[:1]


@pytest.mark.parametrize("text", [
    # PlatformIO on Windows, avrdude's reason cut off
    "Auto-detected: COM26\nForcing reset using 1200bps open/close on port COM26\nWaiting for the new upload port...\n...\n"
    "avrdude: ser_open(): can't open device ...",
    # PlatformIO on Windows: the old port is gone
    "Forcing reset using 1200bps open/close on port COM5\nWaiting for the new upload port...\n"
    "avrdude: ser_open(): can't open device \"\\\\.\\COM5\": The system cannot find the file specified.",
    # PlatformIO: no new port at all
    "Forcing reset using 1200bps open/close on port /dev/ttyACM0\nWaiting for the new upload port...\n"
    "Error: Couldn't find a board on the selected port. Check that you have the correct port selected. "
    "If it is correct, try pressing the board's reset button after initiating the upload.",
    # arduino-cli: fell back to the old port, the sketch answered
    "Performing 1200-bps touch reset on serial port /dev/ttyACM0\nWaiting for upload port...\n"
    "No upload port found, using /dev/ttyACM0 as fallback\n"
    "avrdude: error: buffered memory access not supported. Maybe it isn't",
])
def test_1200_baud_touch_then_no_bootloader_is_a_missed_caterina_window(text: str) -> None:
    assert first_ids(text)[0] == "BOOT008"


@pytest.mark.parametrize("line, kind", [
    ("Forcing reset using 1200bps open/close on port COM26", "touch_1200"),
    ("Performing 1200-bps touch reset on serial port /dev/ttyACM0", "touch_1200"),
    ("Waiting for upload port...", "waiting_new_port"),
    ("No upload port found, using COM10 as fallback", "upload_port_fallback"),
])
def test_touch_and_port_wait_lines(line: str, kind: str) -> None:
    assert kind in kinds(line, "flash")


def test_1200_touch_then_a_held_port_is_not_the_window() -> None:
    text = "Forcing reset using 1200bps open/close on port COM7\navrdude: ser_open(): can't open device \"\\\\.\\COM7\": Access is denied."
    assert first_ids(text)[0] == "SER003"


@pytest.mark.parametrize("port", ["/dev/cu.adminsiMac-Bluetooth-PD", "/dev/cu.Bluetooth-Incoming-Port", "/dev/tty.Bluetooth-Incoming-Port", "/dev/rfcomm0"])
def test_a_bluetooth_serial_port_is_the_wrong_port_not_a_busy_one(port: str) -> None:
    from doctor import engine
    from doctor.facts import merge, new
    text = f'avrdude: ser_open(): can\'t open device "{port}": Resource busy\nioctl("TIOCMGET"): Inappropriate ioctl for device'
    evs = [e for e in events(text, "avrdude") if e.get("bluetooth")]
    assert evs and evs[0]["kind"] == "serial_port_busy"
    assert engine.evaluate(merge(new("analyze"), facts(text)))[0].id == "SER005"
    # a USB serial port that is busy stays SER003
    usb = text.replace(port, "/dev/cu.usbserial-1410")
    assert engine.evaluate(merge(new("analyze"), facts(usb)))[0].id == "SER003"


def _first(text: str) -> str | None:
    from doctor import engine
    from doctor.facts import merge, new
    found = engine.evaluate(merge(new("analyze"), facts(text)))
    return found[0].id if found else None


def test_avr109_run_that_ends_on_connecting_is_a_silent_bootloader_but_not_when_it_answered() -> None:
    hung = "$ arduino-cli upload -p /dev/ttyACM0 -b arduino:avr:micro\nConnecting to programmer:"
    assert "bootloader_silent" in kinds(hung, "avrdude")
    assert _first(hung) == "BOOT008"
    ok = hung + ' .\nFound programmer: Id = "CATERIN"; type = S\n    Software Version = 1.0; No Hardware Version given.'
    assert "bootloader_silent" not in kinds(ok, "avrdude")


@pytest.mark.parametrize("detected", ["Auto-detected UPLOAD_PORT/DISK: COM7", "Auto-detected: COM7"])
def test_upload_to_the_old_port_after_the_1200_baud_touch_is_boot008(detected: str) -> None:
    text = (detected + "\nWaiting for the new upload port...\n"
            '"C:\\pio\\avrdude" -v -p atmega32u4 -C "C:\\pio\\avrdude.conf" -c avr109 -b 57600 -P "COM7" -D -U flash:w:fw.hex:i\n'
            "avrdude: Version 6.0.1, compiled on Apr  3 2014 at 23:12:16")
    assert _first(text) == "BOOT008"
    # the bootloader answered on that name (Linux re-uses ttyACM0): no finding from the port name alone
    linux = text.replace("COM7", "/dev/ttyACM0") + '\nFound programmer: Id = "CATERIN"; type = S\navrdude: 1234 bytes of flash verified'
    assert _first(linux) != "BOOT008"


# --- held-out round 4: message families (avrdude, arduino-cli, QMK) --------------------------------------------------

SCK_SPACED = """avrdude : warning : Can not Set sck period . usbasp please check for firmware update .
avrdude : AVR device initialized and ready to accept instructions
avrdude : Device signature = 0x1e950f
avrdude : 168 bytes of flash written
avrdude : 168 bytes of flash verified"""


def test_usbasp_cannot_set_sck_warning_in_any_spelling_is_no_failure() -> None:
    # a USBasp with old firmware keeps its default clock; the upload verified, so nothing failed
    assert "sck_unsettable" in kinds(SCK_SPACED, "avrdude")
    assert not [i for i in first_ids(SCK_SPACED) if i in ("GEN001", "AVR001", "AVR005")]


@pytest.mark.parametrize("status, lines_ok, first", [
    ("Unknown status 0x00", True, "AVR001"),   # no line fault flagged: only the sync failed (slow target clock)
    ("RST fail", False, "AVR005"),
    ("SCK fail, Target not detected", False, "AVR005"),
])
def test_avrispmkii_connection_status_separates_slow_clock_from_wiring(status: str, lines_ok: bool, first: str) -> None:
    text = f"""avrdude: stk500v2_command(): command failed
avrdude: stk500v2_program_enable(): bad AVRISPmkII connection status: {status}
avrdude: initialization failed, rc=-1
avrdude: Device signature = 0x88ab81
avrdude: Expected signature for ATmega328P is 1E 95 0F"""
    ev = [e for e in events(text, "avrdude") if e["kind"] == "isp_connection_status"]
    assert ev and ev[0]["lines_ok"] is lines_ok and ev[0]["fail"]
    assert first_ids(text)[0] == first


BUTTERFLY_MID_WRITE = """error: programmer did not respond to command: write block
error: butterfly programmer uses avr_write_page() but does not provide a cmd() method.
error: programmer did not respond to command: set addr"""


def test_butterfly_stops_answering_mid_write_is_another_program_on_the_port() -> None:
    assert "paged_fallback_unsupported" in kinds(BUTTERFLY_MID_WRITE, "avrdude")
    assert first_ids(BUTTERFLY_MID_WRITE)[0] == "SER002"
    # 8.x wording of the fallback line
    assert "paged_fallback_unsupported" in kinds("avrdude error: butterfly programmer uses avr_write_page() without providing a cmd() method", "avrdude")
    # the end-of-session commands of a bootloader that never answered are no mid-write failure
    assert first_ids("avrdude: error: programmer did not respond to command: exit bootloader")[0] != "SER002"
    # Windows has no ModemManager
    on_windows = 'avrdude -c avr109 -p m32u4 -P COM7 -U flash:w:fw.hex:i\n' + BUTTERFLY_MID_WRITE
    assert "SER002" not in first_ids(on_windows)[:1]


@pytest.mark.parametrize("line", [
    "Error during Upload: cannot perform reset: opening port: Permission denied",                    # arduino-cli 0.x
    "Cannot perform port reset: 1200-bps touch: opening port at 1200bps: Permission denied",        # 1.x
    "TOUCH: error during reset: opening port at 1200bps: Permission denied",                         # IDE 1.8
])
def test_arduino_cli_touch_refused_is_the_tty_group(line: str) -> None:
    found = facts(line)
    kinds_all = [e["kind"] for ns in ("flash", "serial") for r in found.get(ns, {}).get("runs", []) for e in r["events"]]
    assert "serial_permission_denied" in kinds_all
    assert first_ids(line)[0] == "SER004"


QMK_HANG = """Flashing for bootloader: caterina
Waiting for USB serial port - reset your controller now (Ctrl+C to cancel)......
Device /dev/ttyACM0 has appeared; assuming it is the controller.
Waiting for /dev/ttyACM0 to become writable............................."""


def test_qmk_port_that_never_becomes_writable_is_the_tty_group() -> None:
    ev = events(QMK_HANG, "flash")
    assert ev[-1]["kind"] == "port_wait_writable" and ev[-1]["unfinished"]
    assert first_ids(QMK_HANG)[0] == "SER004"
    # the wait ended and avrdude ran: no hang
    went_on = QMK_HANG + "\n\nConnecting to programmer: .\nFound programmer: Id = \"CATERIN\"; type = S\navrdude: 28672 bytes of flash verified"
    assert "SER004" not in first_ids(went_on)
    assert first_ids("The Caterina bootloader was found but is not writable. Check 'qmk doctor' output for advice.")[0] == "SER004"


def test_usbtiny_limit_is_first_for_a_mismatch_above_64k_with_no_programmer_named() -> None:
    text = "avrdude: verification error, first mismatch at byte 0x3e000\n0x0d != 0xff\navrdude: verification error; content mismatch"
    assert first_ids(text)[0] == "AVR003"
    low = text.replace("0x3e000", "0x0100")
    assert "AVR003" not in first_ids(low)
    named = "avrdude -c usbasp -p m2560 -U flash:w:fw.hex:i\n" + text
    assert "AVR003" not in first_ids(named)


def test_usbtiny_limit_needs_an_avrdude_older_than_7_1() -> None:
    text = "avrdude: Version 7.2\navrdude: verification error, first mismatch at byte 0x3e000\n0x0d != 0xff"
    assert "AVR003" not in first_ids(text)
    old = text.replace("Version 7.2", "Version 6.3-20190619")
    assert first_ids(old)[0] == "AVR003"


# --- round s4b: wordings from held-out threads (heldout5/avr) ---

@pytest.mark.parametrize("line, echo", [
    ("CMD: [ac 53 00 00] [00 00 00 00]", "00"),                # usbtiny -vv, no chip answering
    ("avrdude: CMD: [ac 53 00 00] [ff ff ff ff]", "ff"),      # MISO floating
])
def test_usbtiny_program_enable_without_echo_is_no_answer(line: str, echo: str) -> None:
    ev = events(line, "avrdude")
    assert ev and ev[0]["kind"] == "target_no_answer" and ev[0]["echo"] == echo and ev[0]["fail"]


def test_usbtiny_program_enable_echoed_is_not_a_failure() -> None:
    assert "target_no_answer" not in kinds("avrdude: Version 6.3\nCMD: [ac 53 00 00] [00 ac 53 00]", "avrdude")


@pytest.mark.parametrize("text", [
    "initialization failed, rc=-1\n\nDouble check connections and try again, or use -F to override this check.",  # IDE console, no prefix
    "avrdude: initialization failed, rc=-1\n         Double check connections and try again, or use -F to override\n         this check.",
    "avrdude main() error: initialization failed, rc=-1",                                                          # 7.x-8.x
])
def test_init_failed_alone_is_read_as_a_target_that_does_not_answer(text: str) -> None:
    ev = events(text, "avrdude")
    assert ev and ev[0]["kind"] == "init_failed" and ev[0]["code"] == -1
    assert first_ids(text)[0] == "AVR005"


def test_init_failed_after_not_in_sync_stays_with_the_bootloader_rules() -> None:
    text = ("avrdude: stk500_getsync() attempt 10 of 10: not in sync: resp=0xe0\n"
            "avrdude: initialization failed, rc=-1")
    assert first_ids(text)[0] == "SER007"


@pytest.mark.parametrize("text, first", [
    # ravedude's nano profile (57600) on a Nano with the new bootloader: a constant garbage reply
    ("Programming target/avr-atmega328p/debug/testing-nano.elf => /dev/ttyUSB0\n"
     + "\n".join(f"avrdude: stk500_getsync() attempt {i} of 10: not in sync: resp=0x74" for i in range(1, 11)), "SER007"),
    # (avr s8) the same with nothing but zeros: resolved threads of a zeros-only sync at an unknown speed ended with the
    # other bootloader speed most often (SER007 6, BOOT001 2, SER006 2, AVR005 1), so the speed comes first
    ("Programming target/avr-atmega328p/debug/testing-nano.elf => /dev/ttyUSB0\n"
     + "\n".join(f"avrdude: stk500_getsync() attempt {i} of 10: not in sync: resp=0x00" for i in range(1, 11)), "SER007"),
])
def test_nano_garbage_reply_at_another_baud(text: str, first: str) -> None:
    assert first_ids(text)[0] == first


def test_dfu_programmer_against_an_arm_dfu_bootloader_is_the_wrong_tool() -> None:
    text = ("dfu-programmer: no device present.\n"
            "Error: Bootloader not found. Trying again in 5s\n\n"
            "Bus 001 Device 052: ID 0483:df11 STMicroelectronics STM Device in DFU Mode")
    assert first_ids(text)[0] == "BOOT006"
    # with the Atmel bootloader on the bus it stays an access problem
    atmel = text.replace("0483:df11 STMicroelectronics STM Device in DFU Mode", "03eb:2ff4 Atmel Corp. atmega32u4 DFU bootloader")
    assert first_ids(atmel)[0] != "BOOT006"


@pytest.mark.parametrize("line, port", [
    ("Avrdude ser_open() can't open device . com1 the system cannot find the file specified.", "com1"),  # retyped from a screenshot
    ("avrdude: ser_open(): can't open device /dev/ttyUSB9 no such file or directory", "/dev/ttyUSB9"),
])
def test_mangled_open_failure_keeps_its_reason(line: str, port: str) -> None:
    ev = events(line, "avrdude")
    assert [e["kind"] for e in ev] == ["serial_open_failed", "serial_no_such_port"]
    assert ev[1]["port"] == port


@pytest.mark.parametrize("line", ["         Timeout                       : 200", "Timeout...", "StabDelay                     : 100"])
def test_verbose_header_timing_fields_are_not_failures(line: str) -> None:
    assert avrdude.AvrdudeParser.table.benign(line.strip())


# --- session 5 held-out round: families the unseen threads showed ---------------------------------------------------

@pytest.mark.parametrize("line, answer", [
    ("avrdude: error: program enable: target doesn't answer. 1", 1),         # 6.x: the USBasp firmware's reply byte
    ("avrdude: error: program enable: target doesn't answer. 0", 0),         # 6.x: no byte came back over USB
    ("avrdude: error: programm enable: target doesn't answer. 1", 1),        # 5.x spelling
    ("avrdude error: program enable: target does not answer (0x00)", 0),     # 7.x-8.x
    ("avrdude error: program enable: target does not answer (0x01)", 1),
])
def test_usbasp_program_enable_reply_byte(line: str, answer: int) -> None:
    ev = events(line, "avrdude")
    assert ev[0]["kind"] == "target_no_answer" and ev[0]["answer"] == answer


def test_stk500v2_not_responding_has_no_reply_byte() -> None:
    ev = events("avrdude: stk500v2_program_enable(): device is not responding to program enable. Check connection.", "avrdude")
    assert ev[0]["kind"] == "target_no_answer" and "answer" not in ev[0]


def test_usbasp_reply_zero_is_the_usb_link_not_the_target() -> None:
    text = ("avrdude: warning: cannot set sck period. please check for usbasp firmware update.\n"
            "avrdude: error: program enable: target doesn't answer. {n}\n"
            "avrdude: initialization failed, rc=-1")
    assert first_ids(text.format(n=0))[0] == "USB004"
    assert first_ids(text.format(n=1))[0] == "AVR001"  # the USBasp reached the chip's pins: clock or wiring


@pytest.mark.parametrize("line", [
    "avrdude: Error: Could not find USBtiny device (0x2341/0x49)",                 # 6.x
    "avrdude usbtiny_open() error: cannot find USBtiny device (0x2341/0x49)",      # 7.x-8.x
])
def test_arduinoisp_usb_product_means_the_wrong_programmer_entry(line: str) -> None:
    assert first_ids(line)[0] == "BOOT006"
    # a real USBtiny missing stays a USB programmer problem
    assert first_ids(line.replace("0x2341/0x49", "0x1781/0xc9f"))[0] != "BOOT006"


NANO_SYNC = "\n".join(f"avrdude: stk500_getsync() attempt {i} of 10: not in sync: resp=0x00" for i in range(1, 4))


@pytest.mark.parametrize("ide, first", [
    ("Sketch uses 5284 bytes (17%) of program storage space. Maximum is 30720 bytes.", "SER007"),  # 328P, 2 KB boot section
    ('Arduino: 1.8.19 (Windows 10), Board: "Arduino Nano, ATmega328P"', "SER007"),
    ("Sketch uses 5284 bytes (17%) of program storage space. Maximum is 32256 bytes.", "BOOT001"),  # an Uno: no baud choice
])
def test_nano_class_board_not_in_sync_is_the_bootloader_baud(ide: str, first: str) -> None:
    assert first_ids(ide + "\n" + NANO_SYNC)[0] == first


MARLIN = ["0x65", "0x63", "0x68", "0x6f", "0x3a", "0x54", "0x46", "0x20", "0x63", "0x61"]  # "echo:TF ca"
SKETCH = ["0x52", "0x61", "0x77", "0x20", "0x72", "0x65", "0x61", "0x64", "0x69", "0x6e"]  # "Raw readin"


@pytest.mark.parametrize("resps, first", [(MARLIN, "BOOT001"), (SKETCH, "SER007")])
def test_printer_firmware_text_instead_of_sync_is_no_bootloader(resps: list[str], first: str) -> None:
    text = "\n".join(f"avrdude: stk500_getsync() attempt {i} of 10: not in sync: resp={r}" for i, r in enumerate(resps, 1))
    assert first_ids(text)[0] == first


@pytest.mark.parametrize("header", [
    "         Using Programmer              : avr109",
    'Arduino: 1.8.19 (Windows 10), Board: "Arduino Leonardo"',
])
def test_missing_port_of_a_native_usb_avr_is_the_bootloader_window(header: str) -> None:
    text = header + '\navrdude: ser_open(): can\'t open device "\\\\.\\COM16": The system cannot find the file specified.'
    assert first_ids(text)[0] == "BOOT008"
    # the same line with nothing naming a native-USB board stays a wrong or vanished port
    assert first_ids(text.split("\n", 1)[1])[0] == "SER005"


@pytest.mark.parametrize("port, first", [
    ("/dev/ttyACM0", "BOOT008"),             # Linux CDC-ACM name: a native-USB board's own port, gone
    ("/dev/cu.usbmodem143101", "BOOT008"),   # macOS
    ("/dev/ttyUSB0", "SER005"),              # a USB-serial bridge's port: renumbered or wrong
])
def test_vanished_cdc_acm_port_is_the_native_usb_window(port: str, first: str) -> None:
    line = f'avrdude: ser_open(): can\'t open device "{port}": No such file or directory'
    assert first_ids(line)[0] == first
    # a Uno/Mega programmer (16U2 bridge keeps its port through resets) stays a port problem
    assert first_ids("         Using Programmer              : wiring\n" + line)[0] == "SER005"


# (intl-avr s7b) avrdude on Windows prints the port's open failure in the user's language (ser_win32.c: FormatMessage with
# LANG_NEUTRAL): access denied (another program has the port) and file / path not found (no such port) in other languages
@pytest.mark.parametrize("reason, kind", [
    ("Zugriff verweigert", "serial_port_busy"),                                    # de
    ("アクセスが拒否されました。", "serial_port_busy"),                                # ja
    ("拒绝访问。", "serial_port_busy"),                                              # zh-CN
    ("Отказано в доступе.", "serial_port_busy"),                                   # ru
    ("Acceso denegado.", "serial_port_busy"),                                      # es
    ("Accès refusé.", "serial_port_busy"),                                         # fr
    ("Das System kann die angegebene Datei nicht finden.", "serial_no_such_port"),  # de
    ("지정된 파일을 찾을 수 없습니다.", "serial_no_such_port"),                          # ko
    ("Det går inte att hitta filen.", "serial_no_such_port"),                       # sv
    ("指定されたファイルが見つかりません。", "serial_no_such_port"),                       # ja
    ("系统找不到指定的文件。", "serial_no_such_port"),                                  # zh-CN
    ("El sistema no puede encontrar el archivo especificado.", "serial_no_such_port"),  # es
    ("Impossibile trovare il file specificato.", "serial_no_such_port"),            # it
    ("Не удается найти указанный файл.", "serial_no_such_port"),                    # ru
    ("Das System kann den angegebenen Pfad nicht finden.", "serial_no_such_port"),  # de, path not found
])
def test_localised_windows_open_failures_carry_the_shared_kind(reason: str, kind: str) -> None:
    for line in (f'avrdude: ser_open(): can\'t open device "\\\\.\\COM4": {reason}',  # 5.x-7.0
                 f"avrdude error: cannot open port \\\\.\\COM4: {reason}"):          # 8.x
        ev = events(line, "avrdude")
        assert [e["kind"] for e in ev] == ["serial_open_failed", kind], line
        assert ev[1]["port"] == "\\\\.\\COM4"


def test_localised_access_denied_is_the_port_held() -> None:
    assert first_ids('avrdude: ser_open(): can\'t open device "\\\\.\\COM3": Zugriff verweigert')[0] == "SER003"
    assert first_ids('avrdude: ser_open(): can\'t open device "\\\\.\\COM4": 지정된 파일을 찾을 수 없습니다.')[0] == "SER005"


UNO_SYNC = ("         Using Port                    : {port}\n         Using Programmer              : arduino\n"
            "         Overriding Baud Rate          : 115200\n"
            "avrdude: stk500_recv(): programmer is not responding\n"
            "avrdude: stk500_getsync() attempt 1 of 10: not in sync: resp=0x00")


@pytest.mark.parametrize("port, first", [
    ("/dev/cu.usbmodem1441", "BOOT001"),  # macOS CDC-ACM: a 16U2 Uno whose Optiboot listens at 115200: bootloader not running
    ("/dev/ttyACM0", "BOOT001"),          # Linux, the same board class
    ("/dev/ttyUSB0", "SER007"),           # a CH340/FTDI bridge at 115200: a Nano-class board with the old 57600 bootloader
])
def test_silent_sync_at_115200_through_a_usb_coprocessor_port_is_no_bootloader(port: str, first: str) -> None:
    assert first_ids(UNO_SYNC.format(port=port))[0] == first


def test_bare_resp00_names_the_baud_first_and_keeps_the_umbrella_next() -> None:
    # (avr s8) ranking by resolved threads of a bare zeros-only sync: SER007 6, BOOT001 2, SER006 2, AVR005 1
    ids = first_ids("avrdude: stk500_getsync(): not in sync: resp=0x00")
    assert ids[0] == "SER007" and "AVR005" in ids[1:]
