"""Pastes a console cut at its width (Windows' console host at 80 or 120 columns, PuTTY, a forum editor) read like the
tool's own lines (doctor/parsers/__init__.py `_unwrap_batch`, `_wrap_cut`), and lines that merely reach that width
stay as they are.

Every text here is a real case's (tests/cases), cut the way benchmarks/paste_shapes.py's `wrap80` / `wrap120` cut it.
"""

from __future__ import annotations

import importlib.util
import io
from pathlib import Path

import pytest

from doctor.parsers import _Matcher, _unwrap_batch, parse_stream, registry_order
from doctor.parsers._reader import TextReader

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "cases"
_spec = importlib.util.spec_from_file_location("paste_shapes", ROOT / "benchmarks" / "paste_shapes.py")
assert _spec and _spec.loader
paste_shapes = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(paste_shapes)

CLASSIFY = _Matcher(registry_order()).prefilter.classify


def _lines(case: str, name: str) -> list[str]:
    return (CASES / case / name).read_text(encoding="utf-8").replace("\r\n", "\n").split("\n")


def _cut(lines: list[str], width: int) -> list[str]:
    return "\n".join(paste_shapes._wrap(line, width) for line in lines).split("\n")


# (case, file, the start of a line longer than the width): each family a break came from in session 12
LONG_LINES = [
    # one message cut mid-word, alone in its paste (a single line at the width: the cut must show)
    ("picotool-info-bootsel-unable-to-connect-pi", "picotool.txt", "Device at bus 1, address 21 appears"),
    ("adafruit-samd-142-win10-runtime-tools-bossac-170-path-createprocess-error2", "ide.txt", "java.io.IOException: Cannot run"),
    ("usb-enum-32-skr13-numbered-lines", "klippy.txt", "34494 mcu 'mcu': Unable to open serial port"),
    # a bracket or quote opened before the cut and closed after it, whatever parser claims the rest
    ("perm-node-serialport-ls-l-dialout", "debug.txt", "  serialport/stream Binding #open had an error"),
    ("avrdude-usbasp-clone-vendor-string", "avrdude.txt", "avrdude.exe: error: could not find USB device"),
    # a command line cut several times (every row at the width)
    ("arduino-esp32-8103-ide1819-win10-remove-placeholder-esptool-exe-esp32s2", "debug.txt", "___REMOVE___/esptool.exe"),
]


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("case,name,start", LONG_LINES, ids=[c for c, _, _ in LONG_LINES])
def test_a_line_cut_at_the_console_width_is_read_whole(case: str, name: str, start: str, width: int) -> None:
    lines = _lines(case, name)
    line = next(x for x in lines if x.startswith(start))
    if len(line) <= width:
        pytest.skip(f"{len(line)} columns: not cut at {width}")
    joined, _ = _unwrap_batch(_cut(lines, width), {}, CLASSIFY)
    assert line in joined


def test_the_joined_line_keeps_the_first_rows_number_and_the_rest_count() -> None:
    lines = _lines("picotool-info-bootsel-unable-to-connect-pi", "picotool.txt")
    cut = _cut(lines, 80)
    assert len(cut) == len(lines) + 1

    def parse(rows: list[str]) -> dict:
        return parse_stream(TextReader(io.BytesIO("\n".join(rows).encode())), "picotool.txt")

    plain, joined = parse(lines), parse(cut)
    events = [e for run in joined["flash"]["runs"] for e in run["events"]]
    assert [(e["kind"], e["lineno"], e["line"]) for e in events] == \
        [(e["kind"], e["lineno"], e["line"]) for run in plain["flash"]["runs"] for e in run["events"]]
    assert any(e["lineno"] == 6 and e["line"].endswith("picotool was unable to connect") for e in events)
    assert joined["sources"][-1]["lines"] == plain["sources"][-1]["lines"] + 1  # the row joined is still counted


def test_a_text_quoted_and_then_cut_is_joined_before_the_quote_goes() -> None:
    # mail quoting first ("> "), the console's cut after: the cut rows carry no "> " (arduino-pico-win10-uf2conv...)
    lines = _lines("arduino-pico-win10-uf2conv-wmic-winerror2-ide1819", "upload.txt")
    long = next(x for x in lines if len(x) > 80)
    text = "\n".join(_cut(lines, 80))
    joined, _ = _unwrap_batch(text.split("\n"), {}, CLASSIFY)
    assert long in joined


# Real cases whose diagnosis broke when each line was cut at 80 or 120 columns, one or two per family.
BROKEN_BEFORE = {
    80: ["picotool-info-bootsel-unable-to-connect-pi", "arduino-ide-win-uno-com1-cannot-find-file-wrong-port",
         "healthy-st-flash-l072-flash-loader-fallback-soft-write-ok", "arduino-pico-win10-uf2conv-wmic-winerror2-ide1819",
         "keyboardio-473-ubuntu-model01-make-flash-ttyacm0-no-such-file-modemmanager", "usb-enum-32-skr13-numbered-lines",
         "perm-node-serialport-ls-l-dialout", "ip-details-stats-can0-flexcan-fd-error-active-traffic"],
    120: ["esphttpd-10-macos-make-flash-boot-v1-5-bin-missing-from-sdk", "qmk-toolbox-397-win-gmmk-pro-libusb-not-supported-after-zadig"],
}


@pytest.mark.parametrize("width,case", [(w, c) for w, cs in BROKEN_BEFORE.items() for c in cs])
def test_a_case_cut_at_the_console_width_keeps_its_diagnosis(width: int, case: str) -> None:
    hit, first, expect = paste_shapes.case_hits(CASES / case, paste_shapes.SHAPES[f"wrap{width}"])
    assert hit, f"{case} cut at {width}: expected {expect}, doctor said {first}"


# Whole real texts with lines of exactly a console width that are lines of their own: nothing is joined.
NOT_CUT = [
    ("stm32flash-on-usb-cdc-port-maple", "dmesg.txt"),  # kernel records at 80 columns: the next starts like it
    ("usb-enum-32-skr13-numbered-lines", "dmesg.txt"),  # numbered lines ("  8 [  789.08]", "  9 [ ...")
    ("teeonardu-2-lilypad-usb-8mhz-teensy-core-error-32", "dmesg.txt"),
    ("probe-rs-cli-windows-clone-stlink-firmware-outdated", "probe-rs-cli.txt"),  # " DEBUG probe_rs..." x4
    ("healthy-bossac-feather-m0-samd21-verify-successful-cpu-reset", "upload.txt"),  # "Sketch uses ... bytes." + a sentence
    ("klippy-serial-path-copied-in-katapult-octopus", "printer-cfg.txt"),  # "serial: ...-if00" + "restart_method: command"
    ("cubeide-openocd-st-bluepill-dpidr-2ba01477-m3-r2p1-could-not-verify-st-device", "openocd.txt"),  # banner + "Licensed"
    ("ampy-archlinux-nodemcu-failed-to-access-ttyusb0", "ampy.txt"),  # a traceback's File line + its indented code
    ("healthy-dfu-util-011-pico-ice-1209-b1c0-manifest-done", "dfu-util.txt"),
    ("picotool-pico2-load-with-sudo-ok", "picotool.txt"),
    ("platformio-teensylc-soft-reboot-broken-pipe-then-success", "pio.txt"),
    ("brltty-ch341-no-timestamps-qask", "dmesg-tail.txt"),  # "...input57" + "usb 1-2: usbfs: ..." a parser reads
]


@pytest.mark.parametrize("case,name", NOT_CUT, ids=[c for c, _ in NOT_CUT])
def test_lines_that_only_reach_the_width_stay_lines_of_their_own(case: str, name: str) -> None:
    lines = _lines(case, name)
    assert any(len(x) in (80, 100, 120, 132) for x in lines)
    assert _unwrap_batch(lines, {}, CLASSIFY) == (lines, {})


def test_in_a_cut_paste_a_line_of_exactly_the_width_stays_apart_from_the_message_after_it() -> None:
    # keyboardio-473: "avrdude: ser_open(): ... No such file or directory" is 80 columns of its own; the line after
    # it ("Connecting to programmer: .avrdude: butterfly_recv()...", 82) is cut. Two lines at 80: surely cut, and
    # still the next message (a parser reads it, nothing shows a cut) is not glued to the first.
    lines = _lines("keyboardio-473-ubuntu-model01-make-flash-ttyacm0-no-such-file-modemmanager", "make.txt")
    natural = next(x for x in lines if len(x) == 80)
    joined, _ = _unwrap_batch(_cut(lines, 80), {}, CLASSIFY)
    assert natural in joined
    assert "Connecting to programmer: .avrdude: butterfly_recv(): programmer is not responding" in joined


def test_rulers_and_indented_lines_are_not_joined() -> None:
    rulers = ["=" * 80, "text", "-" * 80, "=" * 40]
    assert _unwrap_batch(rulers, {}, CLASSIFY) == (rulers, {})
    # ip-details: a 240-column line cut into three full rows, then an indented header of its own
    lines = _lines("ip-details-stats-can0-flexcan-fd-error-active-traffic", "ip-link.txt")
    joined, _ = _unwrap_batch(_cut(lines, 80), {}, CLASSIFY)
    assert any(x.startswith("    RX:") for x in joined)
    assert max(map(len, joined)) == max(map(len, lines))
