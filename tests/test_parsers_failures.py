"""The splitter's generic failure scan (GEN001's input): it finds every line _FAILURE matches, and only those.

_failing_lines looks for _FAILURE_STEMS with str.find before it runs the regex, so a stem missing for one of
the regex's alternatives would silently hide that wording: every alternative must contain a stem.
"""

from __future__ import annotations

import random

from doctor.parsers import _FAILURE, _FAILURE_STEMS, _NOT_FAILURE, _failing_lines, parse_stream

# one wording for each alternative of _FAILURE, as tools print them
WORDINGS = [
    "Error: init mode failed", "errors: 3", "flash failed", "write failure", "it fails", "FATAL: bad state", "Cannot open DFU device",
    "can't open device", "can not connect", "could not find chip id", "couldn't connect", "unable to open port",
    "file not found", "No such file or directory", "No such device", "Permission denied", "Connection refused", "timed out waiting",
    "Timeout on connect", "Traceback (most recent call last):", "Exception in thread", "aborted by user", "verification mismatch",
    "programmer is not responding", "target did not respond", "no response from target", "is not recognized as an internal command",
    "is not recognised", "Device or resource busy", "operation not supported", "no device present", "not in sync: resp=0x00",
    "MCU 'mcu' shutdown: Timer too close", "Lost communication with MCU", "invalid argument", "unexpected idcode", "kernel panic",
    "sector 0000 does not exist", "file doesn't exist", "GETID command not acknowledged!", "got NACK from target", "giving up",
    "Memory Sector @0x8004000 is not erased.", "image corrupted", "unsupported device", "No target connected", "DP busy",
    "No DFU capable USB device available", "region `FLASH' overflowed by 1234 bytes", "control transfer stalled", "wrong checksum",
    "illegal instruction", "no answer from bootloader", "device not detected",
    # (s9) a linker's, make's, the C library's and the shell's own failure words (a bare `undefined reference` was silent)
    "main.c:(.text+0x10): undefined reference to `foo'", "open: Operation not permitted", "Segmentation fault", "(core dumped)",
    "make: *** No rule to make target 'flash'.  Stop.", "write: Broken pipe", "No space left on device", "Read-only file system",
    "zsh: bad CPU type in executable: avrdude",
    # (s15) wordings first-contact threads showed silent: adb's, cu's, a web flasher's, a micro:bit drive's, esptool GUIs'
    "00f563b073ba1176\tno permissions (verify udev rules); see [http://developer.android.com/tools/device.html]",
    "./cu: ttyUSB0: Line in use", "/dev/ttyUSB0 is currently open. Please close any other terminal programs",
    "The hex file you dropped isn't compatible with this mode or device.", "Found 0 serial ports", "All finished, found 0 phones",
    # (s16) the first-contact threads' other silent wordings: a search that found nothing, a wrapper's non-zero exit
    "    No modem port found, try again.", "No phone has been found!", "No hackrf boards found",
    "exit status 1", "exit status 0xc0000135", "Process finished with exit code 1", "The command \"picotool\" terminated with exit code 249",
    "Command 'lsusb' returned non-zero exit status 127.", "k5_receive: bad magic number", "bad crc 0x6ed1 (should be 0x7f14)",
    # (s21) ENETDOWN's words as a person repeats them (linux-can/can-utils#125)
    "it does not start on power up into CAN but says network down", "write: Network is down",
]


def test_every_wording_is_found_and_holds_a_stem() -> None:
    for text in WORDINGS:
        low = text.lower()
        assert _FAILURE.search(low), text
        assert any(stem in low for stem in _FAILURE_STEMS), text
        assert _failing_lines([text], [None]) == {0}, text


def test_the_stem_prefilter_never_hides_a_regex_match() -> None:
    rng = random.Random(5)
    words = [w for t in WORDINGS for w in t.lower().split()] + ["ok", "done", "flash", "the", "0", "-w", "stats"]
    for _ in range(3000):
        line = " ".join(rng.choice(words) for _ in range(rng.randint(1, 8)))
        expect = bool(_FAILURE.search(line)) and (not _NOT_FAILURE.search(line) or bool(_FAILURE.search(_NOT_FAILURE.sub("", line).lower())))
        assert (_failing_lines([line], [None]) == {0}) == expect, line


def test_harmless_lines_and_bulk_lines_are_not_failures() -> None:
    for text in ("0 errors, 0 warnings", "Errors: none", "arm-none-eabi-gcc -Werror -c x.c", "Flash written and verified! jolly good!",
                 "avrdude: User configuration file does not exist or is not a regular file, skipping",
                 "Incompatible image detection: 1", "New USB device found, idVendor=2e8a, idProduct=0003",
                 "exit status 0", "Process finished with exit code 0", "No errors found", "0 errors found", "Found 2 devices",
                 "         Timeout                : 200", "  -> Timeout T1: 1000 ms", "timeout=1",
                 "No new RPxxxx device found yet, waiting..", "No CH55x USB Found, retry..."):
        assert _failing_lines([text], [None]) == set(), text
    assert _failing_lines(["Stats 12.0: bytes_invalid=0 error"], [0]) == set()  # a bulk line its owner took


def test_failures_are_recorded_for_pasted_text_only_with_their_place() -> None:
    out = parse_stream(iter(["hello", "avrdude: ser_open(): can't open device \"/dev/ttyUSB0\": No such file or directory"]), "1.txt")
    assert [(r["lineno"], r["source"]) for r in out["text"]["failures"]] == [(2, "1.txt")] and out["text"]["failure_count"] == 1


def test_a_line_flagged_by_the_scan_and_its_parser_counts_once() -> None:
    from doctor import derive

    line = "avrdude: ser_drain(): read error: Input/output error"
    facts = {"text": {"failures": [{"line": line, "lineno": 3, "source": "1.txt", "tool": "avrdude"}]},
             "avrdude": {"runs": [{"tool": "avrdude", "events": [{"kind": "x", "line": line, "lineno": 3, "source": "1.txt", "fail": True}]}]}}
    items = derive.unexplained_failures(facts)
    assert len(items) == 1 and items[0]["count"] == 1


# (s16) real last lines of runs that hung, from first-contact threads doctor met silent: iceman1001/proxmark3 #153 (the
# flasher waiting for the renamed port), usbboot #135 (rpiboot on a CM4), OpenAndroidInstaller #263 (fastboot)
_STALLED = ["Waiting for Proxmark to reappear on /dev/tty.usbmodem881..................",
            "Waiting for BCM2835/6/7/2711....", "< waiting for any device >"]


def test_a_text_that_ends_while_its_tool_waits_is_a_stalled_run() -> None:
    from doctor import derive

    for last in _STALLED:
        for tail in ([], ["^C"], ["", "..."]):
            out = parse_stream(iter(["$ some-flasher --port x", "Loading image", last, *tail]), "1.txt")
            assert out["text"]["stalls"] == [{"line": last, "lineno": 3, "source": "1.txt", "tool": out["text"]["stalls"][0]["tool"]}], (last, tail)
            items = derive.unexplained_failures(out)
            assert [i["line"] for i in items] == [last], last
            # rpiboot's and fastboot's tables know their wait as a failure event already; the Proxmark flasher's does not
            assert bool(items[0].get("stalled")) is (last == _STALLED[0]), last


def test_the_persons_words_after_a_stalled_paste_do_not_hide_it() -> None:
    # a forum post: the quoted output, then the person's own line; a tool's line after the wait ends the look
    out = parse_stream(iter(["> $ some-flasher --port x", "> " + _STALLED[0], "", "and then it hangs there forever"]), "1.txt")
    assert [s["line"] for s in out["text"]["stalls"]] == [_STALLED[0]]
    out = parse_stream(iter([_STALLED[0], "avrdude: ser_open(): can't open device \"/dev/ttyACM0\": No such file or directory"]), "1.txt")
    assert "stalls" not in out["text"]


def test_a_wait_that_is_not_the_last_line_or_that_a_success_ended_is_no_stall() -> None:
    from doctor import derive

    for last in _STALLED:
        assert "stalls" not in parse_stream(iter([last, "Connected, flashing", "pi@host:~ $"]), "1.txt").get("text", {})
    # the same wait, then a failure line: the failure is what GEN001 quotes, not the wait
    out = parse_stream(iter(["exit status 1", _STALLED[0]]), "1.txt")
    assert [i.get("stalled") for i in derive.unexplained_failures(out)] == [None]
    # a run elsewhere in the input that ended in success overcame the wait (qmk flash pasted again after the reset)
    out = parse_stream(iter(["Waiting for USB serial port - reset your controller now (Ctrl+C to cancel)......"]), "1.txt")
    assert derive.unexplained_failures(out)[0]["stalled"] is True
    done = parse_stream(iter(["avrdude: 20354 bytes of flash verified", "", "avrdude done.  Thank you."]), "2.txt")
    assert any(r.get("success") for r in done["avrdude"]["runs"])
    from doctor.facts import merge, new

    both = merge(merge(new("analyze"), out), done)
    assert derive.unexplained_failures(both) == []


def test_an_uncaught_exception_line_is_a_failure_though_only_its_class_name_says_so() -> None:
    # (s17) Python and Java print the exception last, on its own line; the failure word is inside the class name.
    # Lines from tests/cases (arduino-serial-2-..., mighty1284p-23-..., katapult-qidi-q1-...) and a plain Python one.
    for text in ("BlockingIOError: [Errno 11] Resource temporarily unavailable", "ZeroDivisionError: division by zero",
                 "serial.serialutil.SerialException: device reports readiness to read but returned no data", "java.lang.NullPointerException",
                 "FlashCanError:", "asyncio.exceptions.TimeoutError"):
        assert _failing_lines([text], [None]) == {0}, text
    # a field or counter named like an error is not a raised exception, nor is a warning or an interrupt
    for text in ("usb_error: 0", "rx_errors: 0", "DeprecationWarning: use serial_for_url", "KeyboardInterrupt", "ErrorCount 0"):
        assert _failing_lines([text], [None]) == set(), text


def test_a_failure_row_without_a_kind_is_still_a_failed_line() -> None:
    """(s17) 54 table rows mark their line a failure but name no event kind (no rule reads them); some say no failure
    word ("Probing IC... Nothing found.", "Program too large; running out of Flash sectors."), so the line was lost and
    the paste met silence. Such a row records a `failure_message` event: GEN001 quotes it when nothing explains it, and
    the failure cues still read its words (rf2500's "permission denied" is the udev case, USB004)."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent))
    from textkit import findings, first

    for text in ("Probing IC... Nothing found.", "*       Connection to ELM was lost"):
        found = findings(text)
        assert found and found[0].id == "GEN001" and found[0].severity == "warning", text
        assert any(text.strip("* ") in line for _, line in found[0].evidence), found[0].evidence
    assert first("Program too large; running out of Flash sectors.") == "FW004"  # the cue of its words: "too large"
    assert first("rf2500: can't claim interface: permission denied\nrf2500 : failed to open RF2500 device.") == "USB004"
