"""Guided sequences for `doctor watch`: a prompt, a time window, and what the bus did meanwhile.

A sequence (`SEQUENCES`) says what to ask the person to do and which USB event means it worked:

    plug        plug the board in            any USB device appears          nothing: USB001 / errors: USB002
    rom-dfu     hold BOOT0, tap RESET        0483:df11 (or another ROM DFU)  timeout: BOOT003
    katapult    double-tap RESET             1d50:6177                       timeout: BOOT001
    caterina    double-tap RESET             a Caterina id, for ~8 s         timeout: BOOT008
    bootsel     hold BOOTSEL, plug or reset  2e8a:0003 / 2e8a:000f           timeout: USB001 differential
    bootloader  the plug test's differential step: any bootloader with the same cable
    power-cycle unplug everything, plug back in  the board comes back      in ROM DFU again: BOOT004
    request     doctor asks a running Klipper for its bootloader (1200 baud, UART string, CAN)
                                              the app leaves and a bootloader appears / Katapult answers

`run_sequence(seq, source, ...)` waits on any doctor.watch EventSource, so the same code runs live,
against a recorded sequence (ReplaySource) or a simulator (QueueSource). It returns an `Outcome`: the
state (success | timeout | errors), the event that settled it, everything seen, and the facts to add
to a snapshot (kernel events with origin "watch", the person's answers). The knowledge base judges
those facts; the `message` only reads the outcome back to the person with the next step.

Questions (`QUESTIONS`) are asked by an `Asker`: interactive mode asks on the terminal; JSON and
non-interactive runs get `None` back and list the question as open instead.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Callable, Protocol

from doctor import devices, schema
from doctor.watch import EventSource, UsbEvent, is_descriptor_error, now_of

schema.declare_event_kinds("usb_add", "usb_remove", "tty_add", "tty_remove")


@dataclass(frozen=True)
class Question:
    id: str  # the key under facts `answers`
    text: str
    choices: tuple[str, ...] = ("yes", "no")


QUESTIONS: dict[str, Question] = {
    q.id: q
    for q in (
        Question("replugged", "Did you unplug the board and plug it back in while doctor was watching?"),
        Question("power_led", "Is the board's power LED on while it is plugged in?"),
        Question("hub", "Is there a USB hub (or a monitor/keyboard port) between the board and the computer?"),
        Question("bootloader_same_cable", "Try the bootloader with the same cable now (hold BOOT0 and tap RESET, or hold BOOTSEL)?"),
        Question("boot0_held", "Did you hold BOOT0 (or set the BOOT jumper) while you pressed RESET?"),
        Question("dfu_after_power_cycle", "Unplug everything, wait 5 s and plug back in: is the board in DFU (0483:df11) again?"),
        Question("appears_after_reset", "Does the board appear when you press RESET once after plugging it in?"),
        Question("double_reset_enabled", "Was Katapult built with double-reset entry (CONFIG_ENABLE_DOUBLE_RESET)?"),
    )
}


class Asker(Protocol):
    def __call__(self, question: Question) -> str | None: ...


def no_asker(question: Question) -> str | None:
    """Non-interactive: every question stays open."""
    return None


def scripted(answers: dict[str, str]) -> Asker:
    """An asker that answers from a dict (tests, `--answer id=value`)."""

    def ask(question: Question) -> str | None:
        return answers.get(question.id)

    return ask


# From knowledge/devices.toml, never copied: the DFU bootloaders dfu-util writes to, the RP2040/RP2350 ROM, any bootloader.
ROM_DFU_ROLES = devices.roles_for("dfu", raw_access=True)
ROM_DFU_IDS = devices.ids_of(ROM_DFU_ROLES)
BOOTSEL_IDS = devices.ids_of(("rp2040-bootsel", "rp2350-bootsel"))
BOOTLOADER_ROLES = devices.roles_of_kind("bootloader")


def _is_usb_add(ev: UsbEvent) -> bool:
    return ev.action == "add" and ev.subsystem != "tty" and ev.vid is not None


def _is_board_add(ev: UsbEvent) -> bool:
    """A device that can be the board: not a hub (unknown ids count: a board may run firmware doctor does not know)."""
    return _is_usb_add(ev) and ev.role != "hub"


def _ids(*idents: str) -> Callable[[UsbEvent], bool]:
    return lambda ev: _is_usb_add(ev) and ev.ident in idents


def _role(*roles: str) -> Callable[[UsbEvent], bool]:
    return lambda ev: _is_usb_add(ev) and ev.role in roles


@dataclass(frozen=True)
class Sequence:
    name: str
    title: str
    prompt: str
    timeout: float
    success: Callable[[UsbEvent], bool]
    on_timeout: str | None  # the fault id a silent window points at
    stop_on_errors: bool = False  # enumeration errors end the window (the plug test)
    window: float | None = None  # after success, also time how long the device stays (Caterina)


SEQUENCES: dict[str, Sequence] = {
    s.name: s
    for s in (
        Sequence("plug", "Plug-in test", "Plug the board in now (with the cable you want to test).", 20.0, _is_board_add, "USB001"),
        Sequence("rom-dfu", "STM32 ROM DFU", "Hold BOOT0 (or set the BOOT jumper), tap RESET, then release BOOT0.", 20.0, _ids(*ROM_DFU_IDS), "BOOT003"),
        Sequence("katapult", "Katapult double-tap", "Double-tap RESET: two presses within half a second.", 15.0, _role("katapult"), "BOOT001"),
        Sequence("caterina", "Caterina bootloader", "Double-tap RESET (Pro Micro: short RST to GND twice); the bootloader waits about 8 s.", 15.0, _role("caterina"), "BOOT008", window=10.0),
        Sequence("bootsel", "RP2040 BOOTSEL", "Hold BOOTSEL and plug the board in (or hold BOOTSEL and tap RESET).", 20.0, _ids(*BOOTSEL_IDS), "USB001"),
        Sequence("bootloader", "Bootloader with the same cable", "Put the board in its bootloader with the same cable: hold BOOT0 and tap RESET (STM32), hold BOOTSEL while plugging in (RP2040), or double-tap RESET (Katapult).", 20.0, _role(*BOOTLOADER_ROLES), "USB001"),
        Sequence("power-cycle", "Power cycle", "Unplug the board and its power supply, wait 5 s, then plug everything back in.", 30.0, _is_board_add, None),
        Sequence("request", "Bootloader request", "doctor asks the running Klipper to enter its bootloader; watch the board re-enumerate.", 8.0, _role(*BOOTLOADER_ROLES), "BOOT001"),
    )
}


@dataclass
class Outcome:
    sequence: str
    state: str  # success | timeout | errors | interrupted
    seconds: float
    matched: UsbEvent | None = None
    seen: list[UsbEvent] = field(default_factory=list)
    fault: str | None = None
    message: list[str] = field(default_factory=list)
    answers: dict[str, str] = field(default_factory=dict)
    open_questions: list[Question] = field(default_factory=list)
    window: float | None = None  # Caterina: how long the bootloader stayed
    extra: dict[str, Any] = field(default_factory=dict)

    def to_fact(self) -> dict[str, Any]:
        fact: dict[str, Any] = {"name": self.sequence, "state": self.state, "seconds": round(self.seconds, 3), "events": len(self.seen)}
        if self.matched is not None:
            fact["matched"] = {k: v for k, v in self.matched.to_fact().items() if k in ("vid", "pid", "role", "product", "port_path", "tty", "serial")}
        if self.fault:
            fact["fault"] = self.fault
        if self.window is not None:
            fact["window"] = round(self.window, 2)
        fact.update(self.extra)
        return fact


def _ask(asker: Asker, qid: str, out: Outcome) -> str | None:
    question = QUESTIONS[qid]
    answer = asker(question)
    if answer is None:
        out.open_questions.append(question)
        return None
    answer = answer.strip().lower()
    out.answers[qid] = answer
    return answer


def run_sequence(
    seq: Sequence,
    source: EventSource,
    *,
    timeout: float | None = None,
    asker: Asker = no_asker,
    on_event: Callable[[UsbEvent], None] | None = None,
    action: Callable[[], str | None] | None = None,
) -> Outcome:
    """Wait up to `timeout` (default: the sequence's) for the sequence's success event; judge what was seen.

    `action` runs after the window opened (the bootloader request); a string it returns is an error
    that ends the sequence at once. KeyboardInterrupt ends it with state "interrupted".
    """
    limit = seq.timeout if timeout is None else timeout
    start = now_of(source)
    out = Outcome(seq.name, "timeout", 0.0)
    deadline = start + limit
    try:
        if action is not None:
            problem = action()
            if problem:
                out.state, out.fault = "error", None
                out.message = [problem]
                out.seconds = now_of(source) - start
                return out
        gave_up = False  # the kernel logged "unable to enumerate": nothing more will come of this plug-in
        while out.matched is None and not gave_up:
            remaining = deadline - now_of(source)
            if remaining <= 0:
                break
            for ev in source.events(remaining):
                out.seen.append(ev)
                if on_event is not None:
                    on_event(ev)
                if seq.success(ev):
                    out.matched = ev
                    break
                if ev.kind == "usb_enumerate_failed" or (seq.stop_on_errors and is_descriptor_error(ev)):
                    gave_up = True
                    break
        if out.matched is not None and seq.window:
            left = _stay(source, out.matched, seq.window, out, on_event)
            out.window = left
    except KeyboardInterrupt:
        out.state = "interrupted"
        out.seconds = now_of(source) - start
        out.message = ["Interrupted: nothing was changed."]
        return out
    out.seconds = now_of(source) - start
    _judge(seq, out, asker)
    return out


def _stay(source: EventSource, dev: UsbEvent, limit: float, out: Outcome, on_event: Callable[[UsbEvent], None] | None) -> float | None:
    """Seconds until `dev` goes away again (None if it stays longer than `limit`)."""
    t0 = dev.time if dev.time else now_of(source)
    end = now_of(source) + limit
    while (remaining := end - now_of(source)) > 0:
        for ev in source.events(remaining):
            out.seen.append(ev)
            if on_event is not None:
                on_event(ev)
            if ev.action == "remove" and ev.subsystem != "tty" and ev.ident == dev.ident:
                return ev.time - t0 if ev.time else now_of(source) - t0
    return None


def _judge(seq: Sequence, out: Outcome, asker: Asker) -> None:
    errors = [e for e in out.seen if is_descriptor_error(e)]
    kernel_new = [e for e in out.seen if e.action == "kernel" and e.kind in ("usb_new_device", "usb_device_ids")]
    if out.matched is not None:
        out.state = "success"
        m = out.matched
        what = f"{m.ident} {m.role_name or m.product or ''}".strip()
        where = f" on port {m.port_path}" if m.port_path else ""
        out.message = [f"{seq.title}: {what} appeared{where} after {out.seconds:.1f} s."]
        if seq.name == "plug":
            out.answers["replugged"] = "yes"
        if seq.name == "power-cycle":
            in_dfu = m.role in ROM_DFU_ROLES or m.ident in ROM_DFU_IDS
            out.answers["dfu_after_power_cycle"] = "yes" if in_dfu else "no"
            if in_dfu:
                out.fault = "BOOT004"
                out.message.append("It came back in the ROM DFU after a full power cycle: BOOT0 is still set (jumper or switch). Remove it, then power-cycle again (BOOT004).")
            else:
                out.message.append("It came back as its application: BOOT0 is not stuck.")
        if seq.name == "bootloader":
            out.message.append("The cable carries data: the application firmware is what does not start USB (bootloader offset, USB interface, clock: FW001/FW002/FW003).")
        if seq.name == "caterina":
            if out.window is not None:
                out.message.append(f"The bootloader stayed {out.window:.1f} s: flash within that window (avrdude -c avr109 -P <its tty>).")
            else:
                out.message.append("The bootloader is still there.")
        if errors:
            out.message.append(f"The kernel also logged {len(errors)} enumeration error(s) first (USB002: cable or connector): {errors[0].line}")
        return
    if errors:
        out.state = "errors"
        out.fault = "USB002"
        codes = sorted({e.code for e in errors if e.code is not None})
        out.message = [
            f"The kernel saw a device but could not enumerate it ({len(errors)} error(s){', codes ' + ', '.join(map(str, codes)) if codes else ''}): {errors[0].line}",
            "That is the cable, the connector or the port (USB002) — or, only after a new flash, a firmware built with the wrong crystal (FW003).",
        ]
        if seq.name == "plug":
            out.answers["replugged"] = "yes"
        hub = _ask(asker, "hub", out)
        if hub == "yes":
            out.message.append("Plug the board straight into the computer, without the hub, and run this again.")
        return
    out.state = "timeout"
    out.fault = seq.on_timeout
    if seq.name == "plug":
        replugged = _ask(asker, "replugged", out)
        if replugged == "no":
            out.fault = None
            out.message = ["Nothing was plugged in during the window: run `doctor watch --guide plug` again and plug the board in when asked."]
            return
        if kernel_new:
            out.fault = None
            out.message = [f"The kernel saw a device ({kernel_new[0].line}) but udev reported none: run with sudo or check udev."]
            return
        out.message = [f"Nothing at all happened on USB within {out.seconds:.0f} s: no kernel line, no device (USB001)."]
        led = _ask(asker, "power_led", out)
        if led == "no":
            out.message.append("No power either: another cable or port, or the board has no power (check its fuse and power jumper).")
        elif led == "yes":
            out.message.append("Power without data: a charge-only cable is the usual cause; a firmware that never starts USB is the other.")
        same = _ask(asker, "bootloader_same_cable", out)
        out.message.append(
            "The differential test: put the board in its bootloader with the same cable (`doctor watch --guide rom-dfu` or "
            "`--guide bootsel`). It appears: the cable is fine and the application firmware is at fault (offset, USB interface, clock: "
            "FW001/FW002/FW003). It does not: the cable or the port."
        )
        out.extra["differential"] = "offered" if same is None else ("accepted" if same == "yes" else "declined")
        return
    if seq.name == "rom-dfu":
        others = [e for e in out.seen if _is_usb_add(e)]
        out.message = [f"No ROM DFU device (0483:df11) appeared within {out.seconds:.0f} s (BOOT003)."]
        if others:
            out.message.append(f"Instead: {others[-1].describe()}. A board whose only USB path is a USB-serial chip cannot do USB DFU (BOOT005).")
        held = _ask(asker, "boot0_held", out)
        if held == "yes":
            out.message.append("BOOT0 was held: on some boards the ROM listens on a USART first when PA10 floats (BOOT007); check the board's USB wiring.")
        else:
            out.message.append("Hold BOOT0 while you press and release RESET, keep it held for a second, then release it.")
        return
    if seq.name == "katapult":
        out.message = [
            f"Katapult did not appear within {out.seconds:.0f} s (BOOT001): double reset is not enabled in Katapult's build, the two presses were too slow or too fast (10-500 ms apart), or Katapult is not installed.",
            "Check CONFIG_ENABLE_DOUBLE_RESET in ~/katapult/.config, or request the bootloader from Klipper: `doctor watch --guide request --port <tty>`.",
        ]
        _ask(asker, "double_reset_enabled", out)
        return
    if seq.name == "caterina":
        out.message = [f"The Caterina bootloader did not appear within {out.seconds:.0f} s (BOOT008): two quick resets are needed; it stays about 8 s."]
        return
    if seq.name == "bootsel":
        out.message = [f"No RP2040/RP2350 BOOTSEL device appeared within {out.seconds:.0f} s.", "Nothing even in BOOTSEL: the cable or the port (USB001)."]
        _ask(asker, "appears_after_reset", out)
        return
    if seq.name == "power-cycle":
        out.message = [f"Nothing came back within {out.seconds:.0f} s of the power cycle: is it plugged in again? Then run `doctor watch --guide plug`."]
        return
    if seq.name == "bootloader":
        out.message = ["Not even the bootloader appeared with this cable: the cable or the port (USB001). Try a cable that carries data and a port directly on the computer."]
        return
    if seq.name == "request":
        out.message = [
            f"No bootloader appeared within {out.seconds:.0f} s of the request (BOOT001): the running firmware ignored it "
            "(no Katapult installed, or built without bootloader-request support). Double-tap RESET instead: `doctor watch --guide katapult`."
        ]


def facts_of(outcomes: list[Outcome], seen: list[UsbEvent], sources: dict[str, bool] | None = None) -> dict[str, Any]:
    """The snapshot fragment of a watch session: kernel events (origin "watch"), USB events, sequences, answers."""
    kernel_events: list[dict[str, Any]] = []
    usb_events: list[dict[str, Any]] = []
    for ev in seen:
        if ev.action == "kernel":
            if ev.kernel:
                item = dict(ev.kernel)
                item["origin"] = "watch"
                item["time"] = ev.time
                kernel_events.append(item)
            continue
        kind = ("tty_" if ev.subsystem == "tty" else "usb_") + ev.action
        item = {"kind": kind, "line": ev.line or ev.describe(), "time": ev.time, "source": "watch"}
        for key in ("vid", "pid", "product", "manufacturer", "serial", "tty"):
            value = getattr(ev, key)
            if value is not None:
                item[key] = value
        if ev.port_path:
            item["port"] = ev.port_path
        usb_events.append(item)
    answers: dict[str, str] = {}
    for out in outcomes:
        answers.update(out.answers)
    fragment: dict[str, Any] = {
        "watch": {"status": "ok", "events": usb_events, "sequences": [o.to_fact() for o in outcomes]},
        "kernel": {"events": kernel_events},
    }
    if sources is not None:
        fragment["watch"]["sources"] = sources
    if answers:
        fragment["answers"] = answers
    return fragment


def open_questions(outcomes: list[Outcome]) -> list[dict[str, Any]]:
    seen: set[str] = set()
    out = []
    for o in outcomes:
        for q in o.open_questions:
            if q.id not in seen:
                seen.add(q.id)
                out.append({"id": q.id, "question": q.text, "choices": list(q.choices), "sequence": o.sequence})
    return out


def request_bootloader(method: str, port: str | None = None, *, baud: int = 250000, uuid: str | None = None, interface: str = "can0") -> str | None:
    """Ask a running Klipper to enter its bootloader, as Klipper's and Katapult's host tools do (doctor.protocols.entry:
    usb, the 1200-baud touch; uart, the request string at `baud`; can, the admin request 0x02 + UUID on 0x3f0).
    Returns None when the request was sent, else what went wrong. Never touches a port another process holds.
    """
    from doctor.protocols import entry

    if method in ("usb", "uart"):
        if not port:
            return f"--port is needed to request the bootloader over {method}"
        from doctor.identify import port_holders

        held = port_holders(port)
        if held:
            who = ", ".join(f"{h.get('comm')} (pid {h.get('pid')})" for h in held)
            return f"{port} is open in {who}: stop it first (`sudo systemctl stop klipper`), doctor did not touch the port (SER003)"
        try:
            if method == "usb":
                entry.touch_1200(port)
            else:
                entry.uart_request(port, baud)
        except entry.EntryError as exc:
            return f"could not send the bootloader request on {port}: {exc.__cause__ or exc.message}"
        return None
    if method == "can":
        if not uuid or len(uuid) != 12:
            return "--uuid (12 hex digits, the node's canbus_uuid) is needed to request the bootloader over CAN"
        try:
            entry.can_request(interface, uuid)
        except entry.EntryError as exc:
            return f"could not send the bootloader request on {interface}: {exc.__cause__ or exc.message}"
        return None
    return f"unknown request method {method!r} (usb, uart or can)"


def follow_uart_request(port: str, baud: int, out: Outcome, wait: float = 1.0) -> None:
    """After a UART request nothing re-enumerates: ask the port whether Katapult answers now."""
    from doctor.identify import identify_port

    time.sleep(wait)
    result = identify_port(port, baud)
    out.extra["identify"] = {k: v for k, v in result.items() if k in ("outcome", "katapult", "klipper", "bytes_received")}
    if result.get("outcome") == "katapult":
        info = result["katapult"]
        out.state, out.fault = "success", None
        out.message = [f"Katapult answers on {port} now: MCU {info.get('mcu')}, application at {info.get('app_start', 0):#x}."]
    else:
        out.state, out.fault = "timeout", "BOOT001"
        out.message = [
            f"Katapult does not answer on {port} after the request (identify: {result.get('outcome')}): the running firmware ignored it (BOOT001).",
            "A UART board keeps its tty name in the bootloader; double-tap RESET and run `doctor identify " + port + "`.",
        ]
