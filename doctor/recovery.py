"""`doctor recover [FIRMWARE]`: from "my board won't connect" to a board running its firmware, in one session.

1. Diagnose: what answers on the board's port (Katapult CONNECT first, then Klipper identify), or which
   bootloader or board the USB bus shows.
2. Choose the path, cheapest first: Katapult already there → flash; Klipper running → ask it to enter
   Katapult; that ignored or nothing answering → the person double-taps RESET (Katapult's double-reset
   entry), watched live; still nothing → ROM DFU with BOOT0, where the Katapult bootloader (--bootloader)
   is written first through dfu-util, and then the firmware through Katapult.
3. Each physical step is one instruction to the person and a live wait for its effect: a USB `add`
   (doctor watch's event stream) or, on a UART that never re-enumerates, Katapult answering CONNECT.
4. Flash with the normal plan (shown, confirmed unless --yes, verified) and re-diagnose at the end.

`Recovery(...).run()` is the whole flow; the person is an object with `instruct(action, text)` so a test
can play the part (press the simulated board's buttons) while the terminal version prints the text.
doctor/commands/recover.py only wires it to the command line. Plans run as `doctor flash` runs them
(`execute`: run_plan, then the outcome shown or put in the JSON document).
"""

from __future__ import annotations

import argparse
import os
import time
from dataclasses import dataclass, field
from typing import Any, Protocol

from rich.text import Text

from doctor.boards import options
from doctor.cli import Context
from doctor.drivers.base import ActionRequest, Plan, plan_action
from doctor.errors import DoctorError, UsageError
from doctor.status import ExitCode

PROMPTS = {
    "double-reset": "Double-tap RESET on the board now: two presses within half a second (Katapult's double-reset entry).",
    "boot0-reset": "Hold BOOT0 (or set the BOOT jumper), tap RESET, then release BOOT0: the chip starts its ROM DFU bootloader.",
    "plug": "Plug the board in now (with a cable you know carries data).",
    "boot0-release": "Remove the BOOT0 jumper (if you set one) and tap RESET.",
}


class Person(Protocol):
    def instruct(self, action: str, text: str) -> None:
        """Tell the person to do `action` (a key of PROMPTS); returns at once, doctor then watches for the effect."""
        ...


@dataclass
class TerminalPerson:
    ctx: Context

    def instruct(self, action: str, text: str) -> None:
        if not self.ctx.interactive and not self.ctx.yes:
            # nobody at a terminal to do it: stop now with the step, rather than wait for buttons nobody presses
            raise DoctorError(
                f"this step needs a person at the board: {text}",
                "run doctor recover in a terminal, or do the step and run it again with --yes (doctor then waits for the board)",
                exit_code=ExitCode.FAULTS,
            )
        # on stderr, also in JSON mode: a physical step needs the person whatever the output format
        self.ctx.err.print(Text.assemble(("  ▶ ", "bold cyan"), (text, "bold")))
        self.ctx.err.print(Text("    doctor is watching for the board...", style="dim"))


@dataclass
class Recovery:
    ctx: Context
    args: argparse.Namespace
    person: Person
    events: Any = None  # a doctor.watch EventSource (live udev by default for USB boards)
    wait: float = 30.0  # seconds the person gets for each physical step
    attempts: int = 2
    log: list[dict[str, Any]] = field(default_factory=list)
    _image: Any = None  # the firmware image, read once (doctor.firmware.Image)

    def say(self, text: str, style: str = "") -> None:
        if not self.ctx.json:
            self.ctx.console.print(Text(text, style=style))

    def record(self, stage: str, **data: Any) -> None:
        self.log.append({"stage": stage, **data})

    # --- 1. diagnose ---------------------------------------------------------------------------------------------

    def probe(self, port: str) -> dict[str, Any]:
        from doctor.identify import identify_port

        result = identify_port(port, self.args.baud)
        self.record("identify", port=port, outcome=result.get("outcome"), katapult=result.get("katapult"), klipper=result.get("klipper"))
        return result

    def find_port(self) -> str | None:
        """The one Katapult/Klipper board the bus shows (a USB CDC port), else None."""
        from doctor.checks import collect_all

        from doctor.boards import ask_which, candidates

        facts = collect_all(active=False)
        boards = [c for c in candidates(facts) if c.via == "katapult"]
        if len(boards) > 1:
            ctx = self.ctx
            if ctx.interactive and not ctx.yes and not ctx.json:
                return ask_which(ctx, boards).opts["port"]
            raise UsageError(
                f"{len(boards)} Katapult/Klipper boards are connected, doctor will not pick one: " + "; ".join(f"{c.label}: {c.flags()}" for c in boards),
                "name the board to recover with the --port shown",
            )
        return boards[0].opts["port"] if boards else None

    # --- 2./3. paths ---------------------------------------------------------------------------------------------

    def katapult_answers(self, port: str) -> bool:
        from doctor.protocols import katapult as kp

        if not os.path.exists(port):
            return False
        try:
            with kp.KatapultClient(port, self.args.baud or 250000, timeout=0.25, tries=1) as client:
                client.connect()
            return True
        except kp.KatapultError:
            return False

    def wait_katapult(self, port: str, usb: bool) -> bool:
        """After a physical step: a Katapult USB `add` event, or (UART) Katapult answering CONNECT."""
        deadline = time.monotonic() + self.wait
        if usb and self.events is not None:
            from doctor.watch import wait_for

            ev = wait_for(self.events, lambda e: e.action == "add" and (e.role == "katapult" or (e.vid, e.pid) == ("1d50", "6177")), self.wait)
            if ev is None:
                return False
            self.record("usb_add", vid=ev.vid, pid=ev.pid, product=ev.product)
            deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            if self.katapult_answers(port):
                return True
            time.sleep(0.25)
        return False

    def double_reset(self, port: str, usb: bool) -> bool:
        for attempt in range(1, self.attempts + 1):
            self.person.instruct("double-reset", PROMPTS["double-reset"] + ("" if attempt == 1 else " (once more, a little faster)"))
            if self.wait_katapult(port, usb):
                self.record("double_reset", attempt=attempt, result="katapult")
                self.say(f"Katapult answers on {port}.", "bold green")
                return True
            self.record("double_reset", attempt=attempt, result="timeout")
        return False

    def rom_dfu(self, port: str | None) -> bool:
        """BOOT0 → ROM DFU → write Katapult (--bootloader) with dfu-util; returns True when Katapult then answers."""
        self.person.instruct("boot0-reset", PROMPTS["boot0-reset"])
        ev = None
        if self.events is not None:
            from doctor.watch import wait_for

            ev = wait_for(self.events, lambda e: e.action == "add" and (e.vid, e.pid) == ("0483", "df11"), self.wait)
        self.record("rom_dfu", result="dfu" if ev is not None else "timeout")
        if ev is None:
            raise DoctorError(
                "no ROM DFU device (0483:df11) appeared after BOOT0 + RESET (BOOT003)",
                "check BOOT0 is held while RESET is released; boards with only a USB-serial chip cannot use DFU (BOOT005): use an ST-Link",
            )
        bootloader = getattr(self.args, "bootloader", None)
        if not bootloader:
            raise DoctorError(
                "the board is in ROM DFU, but no Katapult image was given to write",
                "build Katapult for this board (make menuconfig in ~/katapult), then run: doctor recover FIRMWARE --bootloader ~/katapult/out/katapult.bin",
            )
        opts = options(self.args)
        opts.update(firmware=bootloader, device="0483:df11", address=opts.get("address") or "0x08000000", expect="usb-katapult_*")
        if getattr(self.args, "firmware", None):
            # erase the first page of the application area too (where the firmware to come is linked), so Katapult
            # waits for it instead of starting what is left of an application that began at the flash base
            from doctor import firmware as fwmod

            app_start = fwmod.linked_at(self.image())
            if app_start is not None and app_start > int(str(opts["address"]), 0):
                opts["app_start"] = app_start
        plan = plan_action("dfu.flash", ActionRequest(options=opts))
        rc = self.execute(plan, self._no_rediagnose())
        self.record("dfu_flash", rc=rc)
        return port is not None and self.wait_katapult(port, usb=True)

    def execute(self, plan: Plan, args: argparse.Namespace) -> int:
        """Run a plan the way `doctor flash` does (shown, confirmed, verified; the outcome rendered)."""
        from doctor.commands.flash import execute

        return execute(plan, args, self.ctx)

    def _no_rediagnose(self) -> argparse.Namespace:
        ns = argparse.Namespace(**vars(self.args))
        ns.no_rediagnose = True
        return ns

    # --- the flow ---------------------------------------------------------------------------------------------------

    def dry_run_plan(self, port: str | None) -> int:
        """--dry-run: what recovery would do, in order; nothing is sent to any device (not even identify)."""
        steps = [
            f"ask what answers on {port or 'the Katapult/Klipper board the USB bus shows'} (Katapult CONNECT, then Klipper identify)",
            "if Klipper runs there: ask it to reboot into Katapult (this restarts the MCU: a print in progress stops) - asked for confirmation first",
            "if that is ignored: you double-tap RESET (Katapult's double-reset entry), doctor watches the bus",
            "if Katapult still does not come: you set BOOT0 and reset; doctor writes --bootloader through ROM DFU (dfu-util)",
        ]
        if self.args.firmware:
            steps.append(f"flash {self.args.firmware} through Katapult at the application start it reports, verify it, then re-check")
        self.say("Recovery plan (--dry-run: nothing is sent to the board):", "bold")
        for i, step in enumerate(steps, start=1):
            self.say(f"  {i}. {step}")
        return int(ExitCode.OK)

    def image(self) -> Any:
        """The firmware image given on the command line, read once for the pre-flight, the DFU path and the flash."""
        if self._image is None:
            from doctor import firmware as fwmod

            self._image = fwmod.load(self.args.firmware)
        return self._image

    def preflight_file(self) -> None:
        """The image is read and checked before anything reaches the board: a file that is not firmware at all
        (a text, an archive) never causes a reboot."""
        if not self.args.firmware:
            return
        from doctor import firmware as fwmod

        image = self.image()
        problems = fwmod.check(image, fwmod.Target(mcu=(image.klipper or {}).get("mcu")))
        not_firmware = [f for f in problems if f.id == "FW005"]
        if not_firmware:
            raise UsageError(not_firmware[0].message, (not_firmware[0].remediation or {}).get("text"))

    def confirm_request(self, port: str) -> bool:
        if self.ctx.yes:
            return True
        if self.ctx.json or not self.ctx.interactive:
            raise DoctorError(
                f"Klipper is running on {port}: asking it to enter Katapult reboots the MCU, and doctor will not do that unasked",
                f"stop any print, then run again with --yes (or enter Katapult yourself: double-tap RESET) - doctor recover --yes --port {port}",
                exit_code=ExitCode.FAULTS,
            )
        return self.ctx.confirm(f"Klipper runs on {port}. Reboot it into Katapult now? A print in progress stops.")

    def run(self) -> int:
        args = self.args
        self.preflight_file()
        if self.ctx.dry_run:
            return self.dry_run_plan(args.port)
        port = args.port or self.find_port()
        if port is None:
            self.say("No Katapult or Klipper board is on the bus.")
            return self._no_board()
        usb = (args.transport or ("usb" if os.path.basename(os.path.realpath(port)).startswith("ttyACM") else "uart")) == "usb"
        result = self.probe(port)
        outcome = result.get("outcome")
        self.say(f"{port}: {self._describe(result)}")
        if outcome in ("held", "no-access"):
            raise DoctorError(str(result.get("error")), "doctor scan shows who holds the port and the fix (SER003/SER004)")
        in_katapult = outcome == "katapult"
        if not in_katapult and outcome == "klipper":
            if not self.confirm_request(port):
                self.say("Nothing was sent: the board keeps running Klipper.")
                return int(ExitCode.OK)
            self.say("Asking the running Klipper to enter Katapult...")
            in_katapult = self.request(port)
            self.record("request", result="katapult" if in_katapult else "ignored")
            if not in_katapult:
                self.say("The application ignored the request (BOOT001): next, Katapult's double-reset entry.", "yellow")
        if not in_katapult and outcome == "missing" and usb:
            self.person.instruct("plug", PROMPTS["plug"])
        if not in_katapult:
            in_katapult = self.double_reset(port, usb)
        if not in_katapult:
            self.say("Katapult did not come up with a double reset: it may be missing or built without double-reset entry.", "yellow")
            in_katapult = self.rom_dfu(port)
        if not in_katapult:
            raise DoctorError(f"Katapult does not answer on {port}", "run `doctor recover` again, or flash with an ST-Link (doctor flash --via stlink)")
        if not args.firmware:
            self.say("The board is in Katapult. Give the firmware to flash: doctor flash FIRMWARE --port " + port)
            return int(ExitCode.OK)
        opts = options(args)
        opts.update(firmware=args.firmware, port=port, transport="usb" if usb else (args.transport or "uart"))
        opts["image"] = self.image()
        entered = any(r.get("stage") in ("request", "double_reset", "dfu_flash") for r in self.log)
        plan = plan_action("katapult.flash", ActionRequest(params={"resolves": ["BOOT001"] if entered else []}, options=opts))
        return self.execute(plan, args)

    def request(self, port: str) -> bool:
        from doctor.drivers.katapult import NotInBootloader, Options, Session

        transport = self.args.transport or ("usb" if os.path.basename(os.path.realpath(port)).startswith("ttyACM") else "uart")
        session = Session(Options(port=port, baud=self.args.baud or 250000, transport=transport, wait_port=8.0 if transport == "usb" else 1.0))
        session.noise = True  # identify found an application: it may be asked
        try:
            session.enter()
            return True
        except NotInBootloader:
            return False
        finally:
            session.close()

    def _describe(self, result: dict[str, Any]) -> str:
        outcome = result.get("outcome")
        if outcome == "katapult":
            k = result.get("katapult") or {}
            return f"Katapult {k.get('version') or ''} on {k.get('mcu')} (application at {k.get('app_start', 0):#x})"
        if outcome == "klipper":
            k = result.get("klipper") or {}
            return f"Klipper {k.get('version')} on {k.get('mcu')}"
        return {"silent": "nothing answers", "noise": "bytes come back, but neither Klipper nor Katapult (another baud rate?)",
                "missing": "the port does not exist"}.get(str(outcome), str(result.get("error") or outcome))

    def _no_board(self) -> int:
        from doctor.guide import SEQUENCES, run_sequence

        if self.events is None:
            raise DoctorError("no board found and no live USB events to watch", "plug the board in and run `doctor watch` (USB001)")
        self.person.instruct("plug", PROMPTS["plug"])
        outcome = run_sequence(SEQUENCES["bootloader"], self.events, timeout=self.wait)
        for line in outcome.message:
            self.say(line)
        return int(ExitCode.FAULTS if outcome.state != "success" else ExitCode.OK)
