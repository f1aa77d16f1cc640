"""Progress everywhere a user waits (issue 12 item 4): the wrapped tools' own progress (avrdude, dfu-util,
st-flash, OpenOCD) read live from their output as a pipe delivers it, shown as the step's bar on a terminal,
as lines when the output is not a terminal, and as `progress` events in the --json stream."""

from __future__ import annotations

import io
import json
import random
import re
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from doctor import runner
from doctor.drivers._output import ProgressReader, ToolProgress, progress_feed
from doctor.progress import StepProgress, for_context

ROOT = Path(__file__).resolve().parents[1]
RECORDED = ROOT / "tests" / "recorded"
CASES = ROOT / "tests" / "cases"


def recorded(name: str) -> str:
    """A recording as the tool wrote it: its carriage returns kept (text mode would make them line ends)."""
    with open(RECORDED / name, encoding="utf-8", newline="") as fh:
        return fh.read()


def feed(tool: str, text: str, sizes: str | int = "random", seed: int = 0) -> list[ToolProgress]:
    """`text` fed as a pipe may deliver it: whole, one character at a time, or in random pieces."""
    reader = ProgressReader(tool)
    out: list[ToolProgress] = []
    rng = random.Random(seed)
    i = 0
    while i < len(text):
        n = len(text) if sizes == "whole" else sizes if isinstance(sizes, int) else rng.randint(1, 9)
        out += reader.feed(text[i : i + n])
        i += n
    return out


def phases(updates: list[ToolProgress]) -> dict[str, list[float | None]]:
    by: dict[str, list[float | None]] = {}
    for u in updates:
        by.setdefault(u.phase, []).append(u.percent)
    return by


def monotonic(values: list[float | None]) -> bool:
    known = [v for v in values if v is not None]
    return all(a <= b for a, b in zip(known, known[1:]))


@pytest.mark.parametrize("sizes", ["whole", 1, "random"])
def test_avrdude_on_a_terminal_every_redrawn_percentage(sizes: str | int) -> None:
    text = recorded("avrdude-7.1-write-verify-tty.txt")
    by = phases(feed("avrdude", text, sizes))
    assert list(by) == ["writing", "verifying"]  # "Reading" after "verifying flash memory against" is the verify
    for values in by.values():
        assert values == [float(p) for p in range(101)]  # every \r-only redraw, none invented, none backwards


@pytest.mark.parametrize("sizes", [1, "random"])
def test_avrdude_through_a_pipe_counts_its_hashes(sizes: str | int) -> None:
    """Without a terminal avrdude prints `Writing | ` and then one `#` per 2 %, with no line end until 100 %."""
    text = recorded("avrdude-7.1-write-verify-pipe.txt")
    by = phases(feed("avrdude", text, sizes, seed=3))
    assert list(by) == ["writing", "verifying"]
    for values in by.values():
        assert values[0] is not None and values[0] <= 10 and values[-1] == 100.0 and monotonic(values)
        assert len(values) > 10 if sizes == 1 else len(values) > 3  # it moved before the end


def test_dfu_util_erase_and_download_bars_in_any_split() -> None:
    text = recorded("dfu-util-0.11-download-progress.txt")
    whole = feed("dfu-util", text, "whole")
    for sizes in (1, 2, "random"):
        assert [(u.phase, u.percent) for u in feed("dfu-util", text, sizes)] == [(u.phase, u.percent) for u in whole]
    by = phases(whole)
    assert list(by) == ["erasing", "writing"]
    assert by["writing"] == [float(p) for p in range(0, 101, 5)]
    assert whole[-1].done == 20480 and whole[-1].unit == "bytes"


def test_dfu_util_real_outputs_end_at_100_and_a_failure_stays_where_it_stopped() -> None:
    done = feed("dfu-util", (CASES / "healthy-dfu-util-011-pico-ice-1209-b1c0-manifest-done" / "dfu-util.txt").read_text())
    assert (done[-1].phase, done[-1].percent) == ("writing", 100.0)
    failed = [p for p in CASES.glob("*/*.txt") if "ERASE_PAGE not correctly executed" in p.read_text(errors="replace")]
    assert failed
    stuck = feed("dfu-util", failed[0].read_text(errors="replace"))
    assert stuck and stuck[-1].percent == 0.0


def test_st_flash_pages_on_stdout_and_its_log_on_stderr_do_not_mix() -> None:
    updates: list[ToolProgress] = []
    on_output = progress_feed("st-flash", updates.append)
    out = recorded("st-flash-1.7.0-write-progress.stdout.txt")
    err = recorded("st-flash-1.7.0-write-progress.stderr.txt")
    # interleaved as two pipes deliver them: a stderr line arrives while a stdout bar has no line end yet
    rng = random.Random(5)
    i = j = 0
    while i < len(out) or j < len(err):
        if j >= len(err) or (i < len(out) and rng.random() < 0.5):
            n = rng.randint(1, 12)
            on_output(out[i : i + n], "stdout")
            i += n
        else:
            n = rng.randint(1, 40)
            on_output(err[j : j + n], "stderr")
            j += n
    by = phases(updates)
    assert by["erasing"][-1] == 100.0 and monotonic(by["erasing"])
    assert by["writing"][-1] == 100.0 and monotonic(by["writing"]) and len(by["writing"]) >= 20
    assert by["verifying"] == [None, 100.0]
    pages = [u for u in updates if u.phase == "writing" and u.unit == "pages"]
    assert (pages[-1].done, pages[-1].total) == (20, 20)


def test_st_flash_real_outputs() -> None:
    ok = feed("st-flash", (CASES / "seed-qmk-stflash-bluepill-ok" / "st-flash.txt").read_text())
    assert ok[-1] == ToolProgress("verifying", 100.0)
    assert any(u.unit == "pages" and u.done == u.total == 8 for u in ok)
    broken = feed("st-flash", (CASES / "stflash-14-gd32f130-flash-loader-write-error" / "st-flash.txt").read_text())
    assert broken[-1].phase == "writing" and broken[-1].percent == 12.5  # 2/16 pages, then the write error


def test_openocd_phases() -> None:
    text = recorded("openocd-program-verified.txt") + "wrote 20480 bytes from file out/klipper.bin in 1.2s (16.6 KiB/s)\n"
    got = [(u.phase, u.percent) for u in feed("openocd", text, 3)]
    assert got[:4] == [("writing", None), ("writing", 100.0), ("verifying", None), ("verifying", 100.0)]


def test_a_tool_without_rows_reports_nothing() -> None:
    assert feed("flash-sdcard.sh", "Writing | ####\r 1/ 2 pages written\n") == []


# --- the run: pieces as the pipes deliver them -------------------------------------------------------------


def test_runner_hands_each_piece_while_the_tool_runs(tmp_path: Path) -> None:
    script = tmp_path / "tool.py"
    script.write_text(
        "import sys, time\n"
        "sys.stderr.write('Writing | '); sys.stderr.flush()\n"
        "for i in range(5):\n"
        "    time.sleep(0.05); sys.stderr.write('#'); sys.stderr.flush()\n"
        "print('done')\n"
    )
    pieces: list[tuple[float, str, str]] = []
    import time

    start = time.monotonic()
    run = runner.run([sys.executable, str(script)], timeout=30, on_output=lambda t, s: pieces.append((time.monotonic() - start, s, t)))
    assert run.status == "ok" and run.stderr == "Writing | #####" and run.stdout == "done\n"
    hashes = [t for t, s, text in pieces if "#" in text]
    assert len(hashes) >= 3 and hashes[-1] - hashes[0] > 0.1  # delivered as written, not at the end
    assert {s for _, s, _ in pieces} == {"stdout", "stderr"}


def test_runner_streamed_timeout_and_missing(tmp_path: Path) -> None:
    script = tmp_path / "slow.py"
    script.write_text("import time, sys\nprint('started', flush=True)\ntime.sleep(30)\n")
    run = runner.run([sys.executable, str(script)], timeout=0.5, on_output=lambda t, s: None)
    assert run.status == "timeout" and run.stdout == "started\n" and "0.5" in (run.error or "")
    assert runner.run(["no-such-tool-here"], on_output=lambda t, s: None).status == "missing"
    failed = runner.run([sys.executable, "-c", "import sys; sys.exit(3)"], on_output=lambda t, s: None)
    assert (failed.status, failed.returncode) == ("failed", 3)

    def broken(text: str, stream: str) -> None:
        raise ValueError("display gone")

    kept = runner.run([sys.executable, "-c", "print('written')"], on_output=broken)  # never stops the tool half-way
    assert kept.status == "ok" and kept.stdout == "written\n" and "display gone" in kept.extra["on_output_error"]


# --- the three forms ----------------------------------------------------------------------------------------


def ctx_for(json_mode: bool = False, terminal: bool = False, verbosity: int = 0) -> tuple[Any, io.StringIO, io.StringIO]:
    from rich.console import Console

    from doctor.cli import Context

    out, err = io.StringIO(), io.StringIO()
    ctx = Context(console=Console(file=out, width=100, no_color=True), err=Console(file=err, width=100, no_color=True, force_terminal=terminal),
                  json=json_mode, yes=True, dry_run=False, verbosity=verbosity, interactive=False)
    ctx.document["command"] = "flash"
    return ctx, out, err


def drive(view: StepProgress, tool: str, text: str) -> None:
    from doctor.drivers._output import progress_feed

    def report(u: ToolProgress) -> None:
        if u.done is not None and u.total:
            view.update(u.done, u.total, u.phase, u.unit)
        else:
            view.update(u.percent, 100.0 if u.percent is not None else None, u.phase)

    on_output = progress_feed(tool, report)
    for i in range(0, len(text), 7):
        on_output(text[i : i + 7], "stderr")
    view.close()


def test_without_a_terminal_one_line_per_ten_percent() -> None:
    ctx, out, err = ctx_for()
    drive(for_context(ctx, "write app.hex"), "avrdude", recorded("avrdude-7.1-write-verify-tty.txt"))
    lines = err.getvalue().splitlines()
    writing = [ln for ln in lines if ": writing" in ln]
    assert writing == [f"    write app.hex: writing {p}%" for p in range(0, 101, 10)]
    assert len([ln for ln in lines if ": verifying" in ln]) == 11 and out.getvalue() == ""
    assert "\r" not in err.getvalue() and "\x1b" not in err.getvalue()


def test_quiet_drops_the_lines() -> None:
    ctx, _, err = ctx_for(verbosity=-1)
    drive(for_context(ctx, "write"), "avrdude", recorded("avrdude-7.1-write-verify-tty.txt"))
    assert err.getvalue() == ""


def test_json_progress_events_in_the_stream() -> None:
    ctx, out, err = ctx_for(json_mode=True)
    drive(for_context(ctx, "write fw.bin"), "dfu-util", recorded("dfu-util-0.11-download-progress.txt"))
    events = [json.loads(line) for line in out.getvalue().splitlines()]
    assert events and all(e["event"] == "progress" and e["command"] == "flash" for e in events)
    assert all(set(e["data"]) == {"step", "phase", "percent", "done", "total", "unit"} for e in events)
    writing = [e["data"]["percent"] for e in events if e["data"]["phase"] == "writing"]
    assert writing == [float(p) for p in range(0, 101, 10)]
    assert err.getvalue() == "" and ctx.document.get("streamed") is True


def test_on_a_terminal_the_bar_shows_the_percentage_not_0_of_unknown() -> None:
    ctx, _, err = ctx_for(terminal=True)
    view = for_context(ctx, "write fw.bin")
    view.update(45.0, 100.0, "writing")
    view._progress.refresh()  # type: ignore[attr-defined]
    view.update(12, 16, "writing", "pages")
    view._progress.refresh()  # type: ignore[attr-defined]
    view.close()
    shown = err.getvalue()
    assert "45%" in shown and "12/16 pages" in shown and "0/?" not in shown


# --- through the driver, the real avrdude --------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("avrdude") is None, reason="avrdude is not installed")
def test_real_avrdude_write_shows_its_progress_through_the_driver(tmp_path: Path) -> None:
    """The real avrdude writing a Pro Micro's Caterina emulator (doctor/sim/avr109.py) through the avrdude driver."""
    from intelhex import IntelHex

    from doctor.drivers import base
    from doctor.drivers.base import ActionRequest, plan_action
    from doctor.sim.avr import PARTS, AvrChip
    from doctor.sim.avr109 import CaterinaBoard

    rng = random.Random(11)
    data = bytes(rng.randrange(256) for _ in range(16000))
    ih = IntelHex()
    ih.frombytes(data)
    ih.write_hex_file(str(tmp_path / "app.hex"))
    for json_mode in (False, True):
        chip = AvrChip(PARTS["m32u4"])
        links = tmp_path / f"by-id-{json_mode}"
        ctx, out, err = ctx_for(json_mode=json_mode)
        with CaterinaBoard(chip, links, reenumerate_delay=0.2) as board:
            plan = plan_action("avrdude.flash", ActionRequest(options={
                "programmer": "caterina", "port": str(board.app_link), "firmware": str(tmp_path / "app.hex"), "by_id_dir": str(links)}))
            outcome = base.run_plan(plan, ctx, rediagnose=None)
        assert outcome.status == "done" and chip.image(len(data)) == data
        if json_mode:
            events = [json.loads(line)["data"] for line in out.getvalue().splitlines() if '"event":"progress"' in line.replace(" ", "")]
            assert [e["percent"] for e in events if e["phase"] == "writing"][-1] == 100.0
            assert [e["percent"] for e in events if e["phase"] == "verifying"][-1] == 100.0
            assert len(events) >= 6
        else:
            text = err.getvalue()
            # The bar arrives in chunks as the pipe delivers them, so which middle steps show depends on timing
            # (a CI run once saw 46% then 52%): only the ends are fixed, the middle must climb.
            writing = [int(m) for m in re.findall(r": writing (\d+)%", text)]
            assert writing[0] == 0 and writing[-1] == 100 and any(0 < w < 100 for w in writing), text
            assert writing == sorted(writing) and ": verifying 100%" in text, text


@pytest.mark.parametrize("case", ["healthy-avrdude-ano-uno-flash-verified-fuses-ok/ano-upload.txt",
                                  "healthy-klipper-make-flash-prusa-mk3s-einsy-avrdude-verified/make-flash.txt"])
def test_avrdude_6_verify_reads_back_as_verifying(case: str) -> None:
    """avrdude 6.x's verify says "reading on-chip flash data" before its Reading bar: still the verify."""
    updates = feed("avrdude", (CASES / case).read_text())
    assert [u.phase for u in updates if u.percent == 100.0] == ["reading", "writing", "verifying"]  # the signature read first


def test_a_wait_without_an_amount_spins_on_a_terminal_only() -> None:
    from doctor.progress import waiting

    for terminal, json_mode, verbosity, shown in ((True, False, 0, True), (False, False, 0, False), (True, True, 0, False), (True, False, -1, False)):
        ctx, out, err = ctx_for(json_mode=json_mode, terminal=terminal, verbosity=verbosity)
        with waiting(ctx, "looking at this host"):
            import time

            time.sleep(0.3)
        assert ("looking at this host" in err.getvalue()) is shown and out.getvalue() == ""


def test_a_phase_first_seen_part_way_starts_at_zero() -> None:
    """A pipe (or a loaded machine) may deliver avrdude's bar header together with its first #s: the phase is
    still shown from 0 %, so the line form never starts a write at 8 %."""
    updates = feed("avrdude", "avrdude: writing flash (16000 bytes):\n\nWriting | ####", sizes=10_000)  # one piece
    assert [(u.phase, u.percent) for u in updates][:2] == [("writing", 0.0), ("writing", 8.0)]
    assert [u.percent for u in feed("avrdude", "Writing | \nWriting | ##", sizes=10_000)] == [0.0, 4.0]  # no 0 % said twice
