"""A simulated board with Katapult: the bootloader side of the protocol on a pseudo-terminal (or a CAN bus).

Faithful to shared/katapult-protocol.md and upstream-tools.md section B, and to Katapult's firmware (902f335:
generic/serial_irq.c, usb_cdc.c, canserial.c, command.c, flashcmd.c, stm32/flash.c):

- Flash: `flash_size` bytes from `flash_base`, erased to 0xFF; the bootloader region below `app_start` can
  never be written. A SEND_BLOCK at a page's first block erases the page unless it is already erased (or the
  block is a retransmission); a block elsewhere must be erased or identical, else the write fails (0xf2),
  as the firmware does. EOF answers the number of pages written.
- Flash model: erasing a page costs `erase_time`, programming a block `program_time`, answering a
  REQUEST_BLOCK `read_time`; meanwhile the firmware processes no input.
- Transports (`transport`), each with the firmware's own buffers:
  - uart: every byte takes 10 bits at `baud` in each direction; the receive buffer holds 192 bytes, including
    the frame being processed, and bytes beyond that are lost; a reply that does not fit in the 96-byte transmit
    buffer is dropped.
  - usb (full-speed CDC): data moves at 1 ms frame boundaries in both directions: what the host writes during
    a frame moves from the next boundary on, in packets of at most 64 bytes at `usb_rate` (1 MB/s), each write
    its own transfer; the OUT endpoint holds one packet and NAKs the next (nothing is lost) until the firmware
    takes it, which usb_cdc.c does only when its 128-byte receive buffer has 64 bytes free and it is not busy
    programming; replies go into the 192-byte transmit buffer (dropped when they do not fit), leave in 64-byte
    packets and reach the host at the end of the frame they left in. The host's CDC driver buffers 16 URBs;
    beyond that the host's writes wait in the pty.
  - can: the node on a python-can bus (`can_interface`, `can_channel`; "virtual" is in-process), one shared
    bus at `can_bitrate`: 8-byte frames of 135 bits (47 + 64 + worst-case stuffing), host and node taking turns
    (the host's id 0x202 wins arbitration over the node's 0x203), a frame delivered when its last bit is on the
    bus; canserial.c's 192-byte receive buffer drops a frame that does not fit (no flow control on CAN), its
    96-byte transmit buffer (plus the controller's three mailboxes) drops a reply that does not fit. Admin frames
    (0x3f0: set/clear node id by UUID, the application's bootloader request) act at once.
  `line_model=False` turns the pacing off (and the frame boundaries), not the buffers.
- Only the controlling (master) side of the pty is held: the host's port looks free to other tools, and the
  simulator copes with no one having it open. `link` is a symlink to the pty's slave.
- Personas: `katapult` (the bootloader), the Klipper application (answers Klipper's identify through
  doctor.protocols.klipper and, when `app_honours_request`, "resets" into Katapult on the UART request string,
  the USB 1200-baud touch or the CAN admin request), and a board without Katapult (`bootloader="none"`).
- Person's actions (`action()`, or lines on the control FIFO): reset, double-reset, boot0-on, boot0-off,
  power-cycle, unplug, plug. USB boards re-enumerate: the pty goes away and comes back, and add/remove
  `UsbEvent`s are pushed into an optional doctor.watch.QueueSource.
- Faults (`Fault`): no_reply, corrupt_crc, wrong_address, delay, drop_bytes, corrupt_bytes, vanish,
  stuck_first_reply, wrong_baud.

Checked against Katapult's own flashtool.py (scripts/flashtool.py at 902f335, run unchanged as a separate process
with the USB model's pty as its serial port, 64 KiB over an older image, the board logging when it processed each
command): the image was in flash byte for byte, and the one-command-at-a-time host met the frame structure exactly
as the model predicts: a SEND_BLOCK every 3.00 ms (967 of 1023 intervals; 31 of 23 ms, the page erases), a
REQUEST_BLOCK every 2.00 ms (1015 of 1023), every command processed right after a frame boundary (0.1 ms into the
frame for a 76-byte SEND_BLOCK at 1 MB/s, 0.0 for a 12-byte REQUEST_BLOCK); write phase 3.77 s, verify 2.06 s,
5.99 s for the whole run (the issue's independent model of the same board: 6.05 s). benchmarks/bench_flash.py
repeats the flashtool.py run on every benchmark.

Firmware behaviour the model does not show: usb_cdc.c reads a packet only when its buffer has 64 bytes free, so
a 76-byte frame whose first 65..75 bytes sit in the buffer with the rest behind them in the same packet never
completes (the board stops answering). That happens only when one host write carries the end of one frame and
the start of the next; the model assumes every frame starts its own write (a pty does not keep write
boundaries), which is what flashtool.py and doctor do over USB.

Everything runs in one thread on a virtual clock that follows the real one: byte arrivals, processing and
departures are computed exactly, and the pty (or the bus) is serviced at least every `tick` seconds.
"""

from __future__ import annotations

import fcntl
import collections
import os
import queue
import re
import select
import struct
import threading
import time
import tty
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from doctor.protocols import katapult as kp

TCGETS2 = 0x802C542A
FAULT_KINDS = ("no_reply", "corrupt_crc", "wrong_address", "delay", "drop_bytes", "corrupt_bytes", "vanish", "stuck_first_reply", "wrong_baud")
ACTIONS = ("reset", "double-reset", "boot0-on", "boot0-off", "boot0-reset", "power-cycle", "unplug", "plug")
DOUBLE_RESET_WINDOW = (0.010, 0.500)  # Katapult's double-click window after a reset


@dataclass
class Fault:
    """One injected fault. `cmd` limits it to a command (None: any); it applies to occurrences `at`..`at+count-1`
    of that command (0-based). `param`: seconds for delay/vanish, byte count for drop_bytes, baud for wrong_baud."""

    kind: str
    cmd: int | None = None
    at: int = 0
    count: int = 1
    param: float | None = None

    @classmethod
    def parse(cls, text: str) -> "Fault":
        """KIND[:CMD][@N][xCOUNT][=PARAM], e.g. no_reply:SEND_BLOCK@10, corrupt_crc:REQUEST_BLOCK@5x2, wrong_baud=115200."""
        m = re.fullmatch(r"([a-z_]+)(?::([A-Za-z_]+|0x[0-9a-fA-F]+|\d+))?(?:@(\d+))?(?:x(\d+))?(?:=([0-9.]+))?", text.strip())
        if not m or m.group(1) not in FAULT_KINDS:
            raise ValueError(f"bad fault {text!r}: KIND[:CMD][@N][xCOUNT][=PARAM], KIND one of {', '.join(FAULT_KINDS)}")
        kind, cmd, at, count, param = m.groups()
        cmd_id = None
        if cmd:
            try:
                cmd_id = int(cmd, 0) if cmd[0].isdigit() else int(kp.Cmd[cmd.upper()])
            except KeyError:
                raise ValueError(f"unknown command {cmd!r} in fault {text!r}") from None
        return cls(kind, cmd_id, int(at or 0), int(count or 1), float(param) if param else None)

    def applies(self, kind: str, cmd: int, occurrence: int) -> bool:
        return self.kind == kind and (self.cmd is None or self.cmd == cmd) and self.at <= occurrence < self.at + self.count


@dataclass
class BoardConfig:
    mcu: str = "stm32f103xe"
    flash_base: int = 0x08000000
    flash_size: int = 128 * 1024
    app_start: int = 0x08002000
    block_size: int = 64
    page_size: int = 2048
    erase_time: float = 0.020
    program_time: float = 0.0017
    transport: str = "uart"  # uart | usb | can
    baud: int = 250000
    usb_rate: int = 1_000_000  # bytes/s of a full-speed CDC link in each direction
    usb_frame: float = 0.001  # USB full speed: host and device data move at 1 ms frame boundaries
    usb_packet: int = 64  # bulk endpoint size: the OUT endpoint holds one packet and NAKs the next
    usb_host_buffer: int = 16 * 1280  # what the host's CDC driver buffers (16 write URBs); beyond, its writes block
    can_bitrate: int = 1_000_000
    can_interface: str = "virtual"  # python-can interface the node listens on (virtual: in-process)
    can_channel: str = "katapult-sim"
    read_time: float = 0.00005  # firmware time to answer a REQUEST_BLOCK (read the flash, CRC the reply)
    line_model: bool = True
    flash_model: bool = True
    bootloader: str = "katapult"  # katapult | none
    bootloader_version: str = "v0.0.1-sim"
    app_honours_request: bool = True
    canbus_uuid: str | None = None
    serial: str = "SIM0123456789"
    fixed_resync: bool = False  # True: resync skips the failed frame's 0x01 (see Board._find_block)
    reenumerate_time: float = 0.15  # USB: how long the device is gone when it resets
    by_id_dir: str | None = None  # USB: also keep udev's by-id link there, usb-<katapult|Klipper>_<mcu>_<serial>-if00
    faults: list[Fault] = field(default_factory=list)

    @property
    def rx_capacity(self) -> int:
        """The firmware's receive buffer: serial_irq.c and canserial.c 192 bytes, usb_cdc.c 128."""
        return 128 if self.transport == "usb" else 192

    @property
    def tx_capacity(self) -> int:
        """The firmware's transmit buffer: serial_irq.c and canserial.c 96 bytes, usb_cdc.c 192."""
        return 192 if self.transport == "usb" else 96

    @property
    def byte_time(self) -> float:
        if not self.line_model:
            return 0.0
        return 10.0 / self.baud if self.transport == "uart" else 1.0 / self.usb_rate if self.transport == "usb" else 0.0

    def can_frame_time(self, dlc: int) -> float:
        """Seconds one classic CAN data frame (11-bit id) with `dlc` data bytes occupies the bus: 47 + 8*dlc
        bits of frame and interframe space, plus the worst-case stuff bits over the 34 + 8*dlc stuffed bits."""
        if not self.line_model:
            return 0.0
        return can_frame_bits(dlc) / self.can_bitrate


def can_frame_bits(dlc: int) -> int:
    """Bits of a classic CAN data frame with an 11-bit id on the bus (interframe space included, worst-case
    stuffing: one stuff bit per four bits of SOF..CRC): 135 for 8 data bytes."""
    return 47 + 8 * dlc + (34 + 8 * dlc - 1) // 4


@dataclass
class Stats:
    frames: int = 0
    nacks: int = 0
    cmd_errors: int = 0
    lost_rx: int = 0  # bytes lost to receive-buffer overrun
    dropped_replies: int = 0  # replies that did not fit the transmit buffer
    blocks_written: int = 0
    line_idle: float = 0.0  # seconds the host->board line was idle between bytes (gaps under 0.5 s)
    pages_erased: int = 0
    boots: list[str] = field(default_factory=list)
    commands: dict[str, int] = field(default_factory=dict)


class Board:
    """One simulated board on a pty. `start()` runs it in a thread; `run()` in the caller's thread."""

    def __init__(
        self,
        config: BoardConfig,
        link: str | Path,
        *,
        events: Any = None,  # a doctor.watch.QueueSource (or anything with push(UsbEvent))
        control: str | Path | None = None,  # a FIFO path for person's actions, one per line
        tick: float = 0.0002,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.cfg = config
        self.link = Path(link)
        self.events = events
        self.control_path = Path(control) if control else None
        self.tick = tick
        self.clock = clock
        self.flash = bytearray(b"\xff" * config.flash_size)
        self._fill_bootloader()
        self.stats = Stats()
        self.mode = "off"  # off | katapult | app | rom | dead | gone
        self.request_flag = False  # REQUEST_CANBOOT in RAM (survives a reset, not a power cycle)
        self.boot0 = False
        self.plugged = True
        self.last_reset = -10.0
        self.master: int | None = None
        self.tty_name: str | None = None
        self._actions: "queue.Queue[str | Callable[[], None]]" = queue.Queue()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._occurrences: dict[tuple[str, int], int] = {}
        self._rx_stream_pos = 0
        self._host_was_open = False
        self._stuck: bytes | None = None
        self._stuck_armed = False
        self._timers: list[tuple[float, Callable[[], None]]] = []
        self._reset_line()
        self.lock = threading.Lock()

    # --- flash ------------------------------------------------------------------------------------------

    def _fill_bootloader(self) -> None:
        size = self.cfg.app_start - self.cfg.flash_base
        if self.cfg.bootloader == "katapult" and size > 0:
            pattern = b"KATAPULT-SIM " + self.cfg.bootloader_version.encode() + b" "
            self.flash[:size] = (pattern * (size // len(pattern) + 1))[:size]

    def load_app(self, image: bytes, address: int | None = None) -> None:
        """Put an application in flash directly (as if flashed earlier)."""
        start = (address if address is not None else self.cfg.app_start) - self.cfg.flash_base
        self.flash[start : start + len(image)] = image

    def app_image(self, size: int) -> bytes:
        start = self.cfg.app_start - self.cfg.flash_base
        return bytes(self.flash[start : start + size])

    def dump(self, path: str | Path) -> None:
        Path(path).write_bytes(bytes(self.flash))

    def _app_valid(self) -> bool:
        start = self.cfg.app_start - self.cfg.flash_base
        (sp,) = struct.unpack_from("<I", self.flash, start)
        return sp not in (0, 0xFFFFFFFF)

    # --- pty --------------------------------------------------------------------------------------------

    def _open_pty(self) -> None:
        master, slave = os.openpty()
        tty.setraw(slave)
        self.tty_name = os.ttyname(slave)
        os.close(slave)  # a board never holds the host's side
        os.set_blocking(master, False)
        self.master = master
        tmp = self.link.with_name(self.link.name + ".tmp")
        try:
            tmp.unlink()
        except FileNotFoundError:
            pass
        os.symlink(self.tty_name, tmp)
        os.replace(tmp, self.link)
        self._host_was_open = False
        self._by_id_link()

    def _by_id_link(self) -> None:
        """USB with `by_id_dir`: the by-id link udev makes for what runs now (the bootloader or the application
        name the board differently: usb-katapult_... vs usb-Klipper_...), the previous one removed."""
        if self.cfg.by_id_dir is None or self.cfg.transport != "usb":
            return
        for old in Path(self.cfg.by_id_dir).glob(f"usb-*_{self.cfg.serial}-if00"):
            old.unlink(missing_ok=True)
        if self.master is not None and self.tty_name and self.mode in ("katapult", "app"):
            maker = "katapult" if self.mode == "katapult" else "Klipper"
            os.symlink(self.tty_name, Path(self.cfg.by_id_dir) / f"usb-{maker}_{self.cfg.mcu}_{self.cfg.serial}-if00")

    def _close_pty(self) -> None:
        if self.master is not None:
            try:
                self.link.unlink()
            except FileNotFoundError:
                pass
            if self.cfg.by_id_dir is not None:
                for old in Path(self.cfg.by_id_dir).glob(f"usb-*_{self.cfg.serial}-if00"):
                    old.unlink(missing_ok=True)
            os.close(self.master)
            self.master = None

    def host_speed(self) -> int | None:
        """The baud the host set on its side of the pty (None when it cannot be read)."""
        if self.master is None:
            return None
        try:
            buf = fcntl.ioctl(self.master, TCGETS2, bytes(44))
        except OSError:
            return None
        return int(struct.unpack_from("<I", buf, 40)[0])

    # --- person's actions ---------------------------------------------------------------------------------

    def action(self, name: str) -> None:
        """Queue a person's action (thread-safe): reset, double-reset, boot0-on/off, power-cycle, unplug, plug."""
        if name not in ACTIONS:
            raise ValueError(f"unknown action {name!r} (one of {', '.join(ACTIONS)})")
        self._actions.put(name)

    def rom_download(self, data: bytes, address: int, *, mass_erase: bool = False, katapult_app_start: int | None = None, leave: bool = True) -> None:
        """What the STM32 ROM DFU bootloader does for `dfu-util -s ADDRESS[:mass-erase:force][:leave] -D FILE`
        (thread-safe; ignored unless the board is in ROM DFU): erase the whole flash or the pages the data
        covers, write it, and with :leave start from flash (BOOT0 is not sampled again). `katapult_app_start`:
        the data is a Katapult build with that application start, so the board has Katapult from then on."""

        def run() -> None:
            if self.mode != "rom":
                return
            base, page = self.cfg.flash_base, self.cfg.page_size
            start = address - base
            if mass_erase:
                self.flash[:] = b"\xff" * len(self.flash)
            else:
                first, end = start - start % page, start + len(data)
                self.flash[first : end + (-end) % page] = b"\xff" * (end + (-end) % page - first)
            self.flash[start : start + len(data)] = data
            if katapult_app_start is not None:
                self.cfg.bootloader = "katapult"
                self.cfg.app_start = katapult_app_start
            if leave:
                self.boot0 = False
                self.last_reset = -10.0  # the ROM ran at the last reset, not Katapult: no double-reset click
                self._reset(self.clock())

        self._actions.put(run)

    def _do_action(self, name: str) -> None:
        now = self.clock()
        if name == "reset":
            self._reset(now)
        elif name == "double-reset":
            self._reset(now)
            self._at(now + 0.1, lambda: self._reset(self.clock()))
        elif name == "boot0-on":
            self.boot0 = True
        elif name == "boot0-off":
            self.boot0 = False
        elif name == "boot0-reset":  # hold BOOT0, tap RESET, release BOOT0
            self.boot0 = True
            self._reset(now)
            self.boot0 = False
        elif name == "power-cycle":
            self.request_flag = False
            self.last_reset = -10.0
            self._power_off()
            self._at(now + 0.3, lambda: self._boot(self.clock(), power_on=True))
        elif name == "unplug":
            self.plugged = False
            self.request_flag = False
            self._power_off()
        elif name == "plug":
            if self.mode == "gone" and self.vanished:
                self._come_back()  # a cable glitch: the MCU kept running Katapult; the host sees it again
            elif not self.plugged:
                self.plugged = True
                self._boot(now, power_on=True)

    def _at(self, when: float, fn: Callable[[], None]) -> None:
        self._timers.append((when, fn))

    # --- boot ---------------------------------------------------------------------------------------------

    def _power_off(self) -> None:
        if self.cfg.transport == "usb" and self.mode not in ("off", "gone", "rom"):
            self._usb_event("remove")
            self._close_pty()
        self.mode = "off"
        self._reset_line()

    def _reset(self, now: float) -> None:
        if not self.plugged:
            return
        double = DOUBLE_RESET_WINDOW[0] <= now - self.last_reset <= DOUBLE_RESET_WINDOW[1]
        if self.cfg.transport == "usb" and self.mode not in ("off", "gone"):
            self._usb_event("remove")
            self._close_pty()
            self.mode = "gone"
            self._reset_line()
            boot0 = self.boot0  # the strap is sampled when the chip comes out of reset
            self._at(now + self.cfg.reenumerate_time, lambda: self._boot(self.clock(), double=double, boot0=boot0))
        else:
            self._boot(now, double=double)
        self.last_reset = now

    def _boot(self, now: float, *, double: bool = False, power_on: bool = False, boot0: bool | None = None) -> None:
        """What the chip does coming out of reset."""
        self.vanished = False
        self._reset_line()
        self.last_reset = now if power_on else self.last_reset
        if self.boot0 if boot0 is None else boot0:
            mode = "rom"
        elif self.cfg.bootloader == "katapult" and (self.request_flag or double or not self._app_valid()):
            mode = "katapult"
        elif self._app_valid():
            mode = "app"
        else:
            mode = "dead"
        self.request_flag = False
        self.mode = mode
        self.stats.boots.append(mode)
        if mode == "app":
            self._start_app()
        if self.cfg.transport == "usb":
            if mode in ("katapult", "app"):
                if self.master is None:
                    self._open_pty()
                self._usb_event("add")
            elif mode == "rom":
                self._close_pty()
                self._usb_event("add", vid="0483", pid="df11", product="STM32  BOOTLOADER", manufacturer="STMicroelectronics")
        elif self.master is None and self.cfg.transport != "can":
            self._open_pty()
        self.can_node_id = None  # a node id lives in RAM
        self._stuck_armed = any(f.kind == "stuck_first_reply" for f in self.cfg.faults)

    def _usb_event(self, action: str, *, vid: str | None = None, pid: str | None = None, product: str | None = None, manufacturer: str | None = None) -> None:
        if self.events is None:
            return
        from doctor.watch import UsbEvent

        if vid is None:
            vid, pid = kp.KATAPULT_USB_ID if self.mode == "katapult" else kp.KLIPPER_USB_ID
            manufacturer = "katapult" if self.mode == "katapult" else "Klipper"
            product = self.cfg.mcu
        self.events.push(
            UsbEvent(
                action=action, vid=vid, pid=pid, manufacturer=manufacturer, product=product, serial=self.cfg.serial,
                port_path="1-1.3", tty=self.tty_name if action == "add" else None, devnode=str(self.link),
                time=self.clock(), subsystem="usb", line=f"simulated board {action} {vid}:{pid} {manufacturer} {product}",
            )
        )

    def _start_app(self) -> None:
        from doctor.firmware import find_dictionary
        from doctor.protocols import klipper

        start = self.cfg.app_start - self.cfg.flash_base
        dictionary = find_dictionary(bytes(self.flash[start:]))
        self.app = klipper.KlipperMcuResponder(dictionary, on_bootloader_request=self._app_request) if dictionary else None

    def _app_request(self) -> None:
        if self.cfg.app_honours_request and self.cfg.bootloader == "katapult":
            self.request_flag = True
            self._at(self.clock() + 0.005, lambda: self._reset(self.clock()))

    # --- the line -------------------------------------------------------------------------------------------

    def _reset_line(self) -> None:
        self.wire = bytearray()  # host bytes on their way (the host's kernel buffer + the wire)
        self.wire_next = 0.0  # arrival time of wire[0]
        self.rx = bytearray()
        self.rx_time = 0.0
        self.busy_until = 0.0
        self.tx: collections.deque[list[Any]] = collections.deque()  # [departure time of the first byte, bytearray]
        self.rx_time = 0.0  # arrival time of the last byte that entered rx
        self.out = bytearray()  # departed, to be written to the pty
        self.delayed: list[tuple[float, bytes]] = []
        self.need_sync = False
        self.need_valid = False
        self.wedged = False
        # USB and CAN links (see _simulate_link)
        self.host_q: collections.deque[list[Any]] = collections.deque()  # [time the bytes may move, bytearray]
        self.ep_out = bytearray()  # USB: the OUT endpoint's packet (NAKs the next one while it holds this)
        self.ep_ready = 0.0  # USB: when the packet in ep_out finished arriving
        self.ep_free = 0.0  # USB: when ep_out was last emptied
        self.out_free = 0.0  # USB: OUT direction free from; CAN: the bus free from
        self.in_free = 0.0  # USB: IN direction free from
        self.txq = bytearray()  # USB/CAN: the firmware's transmit buffer (not yet on the bus)
        self.txq_time = 0.0  # when the bytes in txq became available
        self.emit: list[tuple[float, bytes, bool]] = []  # replies the firmware queues when it finishes a command
        self.to_host: collections.deque[tuple[float, bytes]] = collections.deque()  # (delivered at, bytes)
        self.arriving: tuple[float, bytes] | None = None  # CAN: the host frame on the bus (ends at, data)
        self._urb_left = 0

    def _baud_ok(self) -> bool:
        if self.cfg.transport != "uart":
            return True
        wrong = next((f for f in self.cfg.faults if f.kind == "wrong_baud"), None)
        board_baud = int(wrong.param) if wrong and wrong.param else self.cfg.baud
        host = self.host_speed()
        return host is None or host == board_baud or not self.cfg.line_model and wrong is None

    def _read_host(self, now: float) -> None:
        if self.cfg.transport == "can":
            self._read_can(now)
            return
        if self.master is None:
            return
        if self.cfg.transport == "usb" and sum(len(c[1]) for c in self.host_q) >= self.cfg.usb_host_buffer:
            return  # the host's CDC buffers are full: its writes wait in the tty (flow control, nothing lost)
        try:
            data = os.read(self.master, 65536)
        except BlockingIOError:
            return
        except OSError:  # EIO: no one has the port open
            self._host_was_open = False
            return
        if not data:
            return
        self._host_was_open = True
        if self.mode in ("off", "gone", "rom", "dead"):
            return
        if self.cfg.transport == "usb" and self.mode == "app" and self.host_speed() == kp.USB_REQUEST_BAUD:
            self._app_request()
        if self.cfg.transport == "usb":
            self._host_bytes(data, self._next_usb_frame(now))  # cut into the host's writes first, then the faults
            return
        data = self._drop_bytes(data)
        if not self._baud_ok():
            data = bytes((b * 7 + 0x55) & 0xFF for b in data[: max(1, len(data) // 2)])  # framing garbage
        if not self.wire:
            idle = now - self.wire_next
            if 0 < idle < 0.5:
                self.stats.line_idle += idle
            self.wire_next = max(self.wire_next, now) + self.cfg.byte_time
        self.wire += data

    def _drop_bytes(self, data: bytes) -> bytes:
        """The faults on the host's byte stream: drop_bytes@POS=N loses N bytes, corrupt_bytes@POS=N flips them."""
        for fault in self.cfg.faults:
            if fault.kind == "corrupt_bytes":
                lo, hi = fault.at, fault.at + int(fault.param or 1)
                data = bytes(b ^ 0x5A if lo <= self._rx_stream_pos + i < hi else b for i, b in enumerate(data))
        out = bytearray()
        for fault in self.cfg.faults:
            if fault.kind == "drop_bytes" and fault.cmd is None:
                lo, hi = fault.at, fault.at + int(fault.param or 1)
                for i, b in enumerate(data):
                    pos = self._rx_stream_pos + i
                    if not lo <= pos < hi:
                        out.append(b)
                self._rx_stream_pos += len(data)
                return bytes(out)
        self._rx_stream_pos += len(data)
        return data

    def _simulate(self, now: float) -> None:
        """Advance the virtual clock to `now`: byte arrivals, the firmware's processing, replies.

        USB and CAN have their own link model (_simulate_link); this is the UART's.

        Events are taken in time order: the next byte arriving, or the firmware taking the complete frame in
        its buffer once it is free (it is busy while it programs or erases, and the frame stays in the buffer
        until it has been processed). Bytes arrive in runs that end where a frame could complete."""
        if self.cfg.transport != "uart":
            self._simulate_link(now)
            return
        bt = self.cfg.byte_time
        inf = float("inf")
        while True:
            t_arr = self.wire_next if self.wire else inf
            t_fw = max(self.busy_until, self.rx_time) if self.mode in ("katapult", "app") and self._has_work() else inf
            if min(t_arr, t_fw) > now:
                break
            if t_fw <= t_arr:
                self._process(t_fw)
                continue
            n = min(len(self.wire), self._bytes_to_complete())
            if bt > 0:
                n = max(1, min(n, int((now - self.wire_next) / bt) + 1))
            cap = self.cfg.rx_capacity
            if self.cfg.transport == "usb":
                room = cap - len(self.rx)
                if room <= 0:
                    # flow control: the host's bytes wait until the firmware has processed a frame
                    self.wire_next = max(self.wire_next, self.busy_until if self.busy_until > self.wire_next else now) + bt
                    if self.wire_next <= now and not self._has_work():
                        self.wire_next = now + max(bt, 0.001)
                    if self.wire_next > now:
                        break
                    continue
                n = min(n, room)
                self.rx += self.wire[:n]
            else:
                room = max(0, cap - len(self.rx))
                self.rx += self.wire[: min(n, room)]
                self.stats.lost_rx += max(0, n - room)
            del self.wire[:n]
            self.rx_time = self.wire_next + (n - 1) * bt
            self.wire_next += n * bt

    # --- the USB and CAN links ------------------------------------------------------------------------------

    def _next_usb_frame(self, t: float) -> float:
        """The first USB frame boundary after t (frames are numbered on the simulator's clock)."""
        frame = self.cfg.usb_frame if self.cfg.line_model else 0.0
        if frame <= 0:
            return t
        return (int(t / frame) + 1) * frame

    def _host_bytes(self, data: bytes, when: float) -> None:
        """Host bytes that may move on the link from `when` on (USB: transfers, cut in packets later; CAN: one frame).

        USB: a pty does not keep the host's write boundaries, and the CDC driver sends each write as its own
        transfer (a new packet starts with it). The model takes every Katapult frame as one write, which is what
        flashtool.py and doctor do over USB; bytes outside a frame go as they come."""
        if not data:
            return
        if self.cfg.transport != "usb":
            self.host_q.append([when, bytearray(data)])
            return
        view = bytes(data)
        if self._urb_left > 0:
            self.host_q.append([when, bytearray()])  # the rest of a write the pty handed over in two reads
        while view:
            if self._urb_left <= 0:
                if len(view) >= 4 and view[:2] == kp.HEADER:
                    self._urb_left = view[3] * 4 + kp.FRAME_OVERHEAD
                else:
                    nxt = view.find(kp.HEADER, 1)
                    self._urb_left = nxt if nxt > 0 else len(view)
                self.host_q.append([when, bytearray()])
            n = min(self._urb_left, len(view))
            self.host_q[-1][1] += self._drop_bytes(view[:n])
            self._urb_left -= n
            view = view[n:]

    _urb_left = 0

    def _simulate_link(self, now: float) -> None:
        """USB full-speed CDC and CAN, event by event in time order up to `now`.

        USB (usb_cdc.c): what the host wrote during a 1 ms frame moves from the next frame boundary on, in
        packets of at most 64 bytes (never two writes in one packet) at `usb_rate`. The OUT endpoint holds one
        packet and NAKs the next until the firmware takes it, which it does only when its 128-byte receive
        buffer has 64 bytes free and it is not busy programming or erasing; a NAKed packet is sent again as
        soon as the endpoint is free, so nothing is lost. Replies go into the 192-byte transmit buffer (a reply
        that does not fit, counting the packet loaded in the IN endpoint, is dropped, as console_sendf does),
        leave in packets of at most 64 bytes at `usb_rate`, and reach the host at the end of the frame they
        left in.

        CAN (canserial.c): one bus, shared by both directions. The host's 8-byte frames and the node's take
        turns (when both wait, the host's id 0x202 wins arbitration over the node's 0x203), each occupying the
        bus for can_frame_time(dlc). A host frame that does not fit the node's 192-byte receive buffer is
        dropped (canserial_process_data); replies go into the 96-byte transmit buffer (plus the three hardware
        transmit mailboxes, 24 bytes), a reply that does not fit is dropped.
        """
        cfg = self.cfg
        usb = cfg.transport == "usb"
        bt = cfg.byte_time
        inf = float("inf")
        alive = self.mode in ("katapult", "app")
        while True:
            # the next event of each kind (inf: none)
            t_emit = self.emit[0][0] if self.emit else inf
            t_fw = max(self.busy_until, self.rx_time) if alive and self._has_work() else inf
            t_in = max(self.in_free if usb else self.out_free, self.txq_time) if self.txq else inf
            t_take = t_out = t_arrive = inf
            if usb:
                if self.ep_out and alive and len(self.rx) + cfg.usb_packet <= cfg.rx_capacity:
                    t_take = max(self.ep_ready, self.busy_until)
                if self.host_q and not self.ep_out:
                    t_out = max(self.out_free, self.host_q[0][0], self.ep_free)
            else:
                if self.arriving is not None:
                    t_arrive = self.arriving[0]
                if self.host_q:
                    t_out = max(self.out_free, self.host_q[0][0])
                # one bus: whoever is ready first when it is free sends; both ready: the host's lower id wins
                if t_out <= t_in:
                    t_in = inf
                else:
                    t_out = inf
            t = min(t_emit, t_take, t_fw, t_out, t_in, t_arrive)
            if t > now:
                return
            if t == t_emit:
                _, reply, force = self.emit.pop(0)
                self._emit(reply, t, force)
            elif t == t_arrive:
                assert self.arriving is not None
                _, data = self.arriving
                self.arriving = None
                if len(self.rx) + len(data) <= cfg.rx_capacity and alive:
                    self.rx += data
                    self.rx_time = t
                else:
                    self.stats.lost_rx += len(data)
            elif t == t_take:
                self.rx += self.ep_out
                self.ep_out = bytearray()
                self.ep_free = t
                self.rx_time = t
            elif t == t_fw:
                self._process(t)
            elif t == t_out:
                when, data = self.host_q[0]
                n = min(len(data), cfg.usb_packet if usb else 8)
                packet = bytes(data[:n])
                del data[:n]
                if not data:
                    self.host_q.popleft()
                if usb:
                    self.ep_out = bytearray(packet)
                    self.ep_ready = self.out_free = t + n * bt
                    if not alive:
                        self.ep_out = bytearray()  # nobody takes it
                else:
                    end = t + cfg.can_frame_time(n)
                    self.arriving = (end, packet)
                    self.out_free = end
            else:  # t == t_in
                n = min(len(self.txq), cfg.usb_packet if usb else 8)
                packet = bytes(self.txq[:n])
                del self.txq[:n]
                self.txq_time = t
                if usb:
                    end = self.in_free = t + n * bt
                    self.to_host.append((self._next_usb_frame(end) if bt > 0 else end, packet))
                else:
                    end = self.out_free = t + cfg.can_frame_time(n)
                    self.to_host.append((end, packet))

    def _emit(self, reply: bytes, t: float, force: bool) -> None:
        """The firmware puts a reply in its transmit buffer at t (console_sendf: dropped when it does not fit)."""
        cfg = self.cfg
        if cfg.transport == "usb":
            waiting = len(self.txq) - min(cfg.usb_packet, len(self.txq))  # the first packet sits in the IN endpoint
        else:
            waiting = max(0, len(self.txq) - 24)  # three transmit mailboxes of 8 bytes hold the first frames
        if not force and waiting + len(reply) > cfg.tx_capacity:
            self.stats.dropped_replies += 1
            return
        if not self.txq:
            self.txq_time = t
        self.txq += reply

    def _read_can(self, now: float) -> None:
        """Frames from the host on the CAN bus: admin frames act at once (canserial's admin queue), data frames
        for this node's id go on the paced bus model."""
        bus = self.can_bus
        if bus is None:
            return
        while True:
            msg = self._can_next if self._can_next is not None else bus.recv(0)
            self._can_next = None
            if msg is None:
                return
            data = bytes(msg.data)
            uuid = bytes.fromhex(self.cfg.canbus_uuid or "")
            if msg.arbitration_id == kp.CAN_ADMIN_ID:
                if self.mode == "katapult" and data[:1] == bytes([kp.CAN_SET_KATAPULT_NODEID]) and len(data) >= 8:
                    if data[1:7] == uuid:
                        self.can_node_id = data[7] * 2 + 0x100
                    elif self.can_node_id == data[7] * 2 + 0x100:
                        self.can_node_id = None
                elif self.mode == "katapult" and data[:1] == bytes([kp.CAN_CLEAR_KATAPULT_NODEID]):
                    self.can_node_id = None
                elif self.mode == "app" and data[:1] == bytes([kp.CAN_REQUEST_BOOTLOADER]) and data[1:7] == uuid:
                    self._app_request()
                elif data[:1] == b"\x00" and uuid:
                    self._answer_query(uuid)
            elif self.mode == "katapult" and self.can_node_id is not None and msg.arbitration_id == self.can_node_id:
                # the frame was queued for the bus when the host sent it (python-can stamps it with the wall clock),
                # not when this loop came round to read it
                sent = now
                if self.cfg.can_interface == "virtual" and msg.timestamp:
                    sent = min(now, max(now - 0.05, msg.timestamp - (time.time() - time.monotonic())))
                self._host_bytes(self._drop_bytes(data), sent if self.clock is time.monotonic else now)

    def _answer_query(self, uuid: bytes) -> None:
        """Klipper's UUID query (admin 0x00, CMD_QUERY_UNASSIGNED): a node without a node id answers on 0x3f1 with
        0x20, its UUID and its application (Klipper's canbus.c 0x01, Katapult's canserial.c 0x11); an application
        that is not Klipper (no data dictionary in the image) says nothing."""
        import can

        if self.can_node_id is not None or self.mode not in ("app", "katapult") or (self.mode == "app" and self.app is None):
            return
        app = 0x01 if self.mode == "app" else 0x11
        try:
            self.can_bus.send(can.Message(arbitration_id=kp.CAN_ADMIN_ID + 1, data=b"\x20" + uuid + bytes([app]), is_extended_id=False))
        except Exception:  # noqa: BLE001 - a bus that went away
            pass

    can_bus: Any = None
    can_node_id: int | None = None
    _can_next: Any = None

    def _open_can(self) -> None:
        import can

        self.can_bus = can.Bus(interface=self.cfg.can_interface, channel=self.cfg.can_channel)

    def _deliver(self, now: float) -> None:
        """Bytes whose time has come reach the host (USB: the pty; CAN: frames on the bus from the node's id)."""
        while self.to_host and self.to_host[0][0] <= now:
            _, data = self.to_host.popleft()
            if self.cfg.transport == "usb":
                self.out += data
            elif self.can_bus is not None and self.can_node_id is not None:
                import can

                try:
                    self.can_bus.send(can.Message(arbitration_id=self.can_node_id + 1, data=data, is_extended_id=False))
                except Exception:  # noqa: BLE001 - a bus that went away: the frame is lost, as on a real bus
                    pass

    def _bytes_to_complete(self) -> int:
        """How many more bytes could complete a frame in rx (the arrival run stops there)."""
        if self.mode == "app":
            return 1 << 30  # the application consumes bytes as they come
        buf = self.rx
        if self.wedged:
            return 1 << 30
        if len(buf) >= 4 and buf[0] == 0x01 and buf[1] == 0x88:
            return max(1, buf[3] * 4 + 8 - len(buf))
        return max(1, kp.MESSAGE_MIN - len(buf)) if not buf or buf[0] == 0x01 else 1

    def _has_work(self) -> bool:
        if self.mode == "app":
            return bool(self.rx)
        if self.wedged:
            return False
        return self._probe_block() != 0

    def _probe_block(self) -> int:
        key = (bytes(self.rx), self.need_sync, self.need_valid)
        if key == self._probe_key:
            return self._probe_status  # the same buffer and parser state: the same answer (saves a CRC per event)
        saved = (self.need_sync, self.need_valid)
        status, _ = self._find_block()
        self.need_sync, self.need_valid = saved
        self._probe_key, self._probe_status = key, status
        return status

    _probe_key: tuple[bytes, bool, bool] | None = None
    _probe_status = 0

    wedged = False
    _parse_failed = False

    def _find_block(self) -> tuple[int, int]:
        """(1, n) a valid frame of n bytes; (-1, n) discard n bytes; (0, 0) need more. As command_find_block:
        an error enters resync, which discards up to the next 0x01 and NACKs once per burst of errors.

        Faithful to the firmware (Katapult 902f335), the search for the next 0x01 starts at the frame that
        failed, so a corrupted frame that begins with 01 88 is never discarded: the parser is wedged until a
        reset. `BoardConfig.fixed_resync` searches from the next byte instead."""
        buf = self.rx
        self._parse_failed = False
        if not (buf and self.need_sync):
            if len(buf) < kp.MESSAGE_MIN:
                return 0, 0
            size = buf[3] * 4 + 8
            ok = buf[0] == 0x01 and buf[1] == 0x88 and kp.MESSAGE_MIN <= size <= kp.MESSAGE_MAX
            if ok:
                if len(buf) < size:
                    return 0, 0
                crc = buf[size - 4] | buf[size - 3] << 8
                ok = buf[size - 2 : size] == kp.TRAILER and crc == kp.crc16(bytes(buf[2 : size - 4]))
            if ok:
                self.need_valid = False
                return 1, size
            self.need_sync = True
            self._parse_failed = True
        idx = buf.find(b"\x01", 1 if self.cfg.fixed_resync and self._parse_failed else 0)  # fixed: past the frame that failed
        if idx >= 0:
            self.need_sync = False
            pop = idx
        else:
            pop = len(buf)
        if self.need_valid:
            return -1, pop
        self.need_valid = True
        return -2, pop

    def _process(self, t: float) -> None:
        if self.mode == "app":
            data = bytes(self.rx)
            self.rx.clear()
            if self.app is not None and self._baud_ok():
                answer = self.app.feed(data)
                if answer:
                    self._send(answer, t, force=True)
            self.busy_until = t
            return
        status, pop = self._find_block()
        if status == 0:
            return
        if status < 0:
            del self.rx[:pop]
            if status == -2:
                self.stats.nacks += 1
                self._send(kp.encode(kp.Resp.NACK), t)
            if pop == 0 and self._parse_failed:
                self.wedged = True  # the frame at the start failed and resync stays on it: stuck until a reset
            self.busy_until = t
            return
        frame = kp.decode(bytes(self.rx[:pop]))
        cost, reply = self._dispatch(frame, t)
        end = t + cost
        del self.rx[:pop]  # the frame occupies the buffer until it has been processed
        self.busy_until = end
        if reply is not None:
            self._send(reply, end)

    def _occurrence(self, cmd: int) -> int:
        key = ("cmd", cmd)
        n = self._occurrences.get(key, 0)
        self._occurrences[key] = n + 1
        return n

    def _fault(self, kind: str, cmd: int, occ: int) -> Fault | None:
        return next((f for f in self.cfg.faults if f.applies(kind, cmd, occ)), None)

    def _dispatch(self, frame: kp.Frame, t: float) -> tuple[float, bytes | None]:
        self.stats.frames += 1
        cmd = frame.cmd
        name = kp._name(cmd)
        self.stats.commands[name] = self.stats.commands.get(name, 0) + 1
        occ = self._occurrence(cmd)
        cost, reply = self._execute(frame)
        if self._fault("vanish", cmd, occ):
            fault = self._fault("vanish", cmd, occ)
            assert fault is not None
            self._vanish(t + cost, fault.param)
            return cost, None
        if self._fault("no_reply", cmd, occ):
            return cost, None
        if reply is not None and self._fault("wrong_address", cmd, occ) and cmd in (kp.Cmd.SEND_BLOCK, kp.Cmd.REQUEST_BLOCK):
            f = kp.decode(reply)
            payload = bytearray(f.payload)
            struct.pack_into("<I", payload, 4, (f.word(1) or 0) + self.cfg.block_size)
            reply = kp.encode(f.cmd, bytes(payload))
        if reply is not None and self._fault("corrupt_crc", cmd, occ):
            mutable = bytearray(reply)
            mutable[-4] ^= 0xFF
            reply = bytes(mutable)
        delay = self._fault("delay", cmd, occ)
        if reply is not None and delay is not None:
            self.delayed.append((t + cost + (delay.param or 1.0), reply))
            return cost, None
        return cost, reply

    def _vanish(self, t: float, seconds: float | None) -> None:
        """The device drops off the link (USB glitch, loose cable); the MCU itself stays in Katapult.
        It comes back after `seconds` (None: only when the person resets, power-cycles or replugs it)."""
        if self.cfg.transport == "usb":
            self._usb_event("remove")
            self._close_pty()
        self.mode = "gone"
        self.vanished = True
        self._reset_line()
        if seconds is not None:
            self._at(t + seconds, self._come_back)

    vanished = False

    def _come_back(self) -> None:
        if self.mode != "gone" or not self.vanished:
            return
        self.vanished = False
        self.mode = "katapult"
        if self.master is None:
            self._open_pty()
        if self.cfg.transport == "usb":
            self._usb_event("add")

    def _execute(self, frame: kp.Frame) -> tuple[float, bytes | None]:
        cfg = self.cfg
        cmd = frame.cmd
        if cmd == kp.Cmd.CONNECT:
            payload = kp.connect_payload(cfg.app_start, cfg.block_size, cfg.mcu, cfg.bootloader_version)
            return 0.0001, kp.encode(kp.Resp.ACK, payload)
        if cmd == kp.Cmd.SEND_BLOCK:
            words = len(frame.payload) // 4
            address = frame.word(0)
            if words != cfg.block_size // 4 + 1 or address is None or address < cfg.app_start:
                self.stats.cmd_errors += 1
                return 0.0001, kp.encode(kp.Resp.CMD_ERROR)
            cost, ok = self._write_block(address, frame.payload[4:])
            if not ok:
                self.stats.cmd_errors += 1
                return cost, kp.encode(kp.Resp.CMD_ERROR)
            return cost, kp.ack(kp.Cmd.SEND_BLOCK, kp.u32(address))
        if cmd == kp.Cmd.SEND_EOF:
            self.in_transfer = False
            return 0.0001, kp.ack(kp.Cmd.SEND_EOF, kp.u32(self.page_writes))
        if cmd == kp.Cmd.REQUEST_BLOCK:
            address = frame.word(0) or 0
            off = address - cfg.flash_base
            data = bytes(self.flash[off : off + cfg.block_size]) if 0 <= off < cfg.flash_size else b""
            data = data.ljust(cfg.block_size, b"\x00")
            return cfg.read_time, kp.ack(kp.Cmd.REQUEST_BLOCK, kp.u32(address) + data)
        if cmd == kp.Cmd.COMPLETE:
            self.request_flag = False
            self._at(self.clock() + 0.1, self._jump_to_app)
            return 0.0001, kp.ack(kp.Cmd.COMPLETE, kp.u32(0))
        if cmd == kp.Cmd.GET_CANBUS_ID and cfg.canbus_uuid:
            return 0.0001, kp.ack(kp.Cmd.GET_CANBUS_ID, bytes.fromhex(cfg.canbus_uuid) + b"\0\0")
        self.stats.cmd_errors += 1
        return 0.0001, kp.encode(kp.Resp.CMD_ERROR)

    in_transfer = False
    page_writes = 0

    def _jump_to_app(self) -> None:
        """COMPLETE: REQUEST_START_APP, then reset; the chip boots the application if there is one."""
        now = self.clock()
        if self.cfg.transport == "usb":
            self._usb_event("remove")
            self._close_pty()
            self.mode = "gone"
            self._reset_line()
            self._at(now + self.cfg.reenumerate_time, lambda: self._boot_app(self.clock()))
        else:
            self._boot_app(now)

    def _boot_app(self, now: float) -> None:
        self.request_flag = False
        if self._app_valid():
            self._reset_line()
            self.mode = "app"
            self.stats.boots.append("app")
            self.can_node_id = None  # the bootloader's node id lived in RAM: the application starts unassigned
            self._start_app()
            if self.cfg.transport == "usb":
                if self.master is None:
                    self._open_pty()
                self._usb_event("add")
        else:
            self._boot(now)

    def _write_block(self, address: int, data: bytes) -> tuple[float, bool]:
        cfg = self.cfg
        if address % cfg.block_size:
            return 0.0001, False
        off = address - cfg.flash_base
        if off + cfg.block_size > cfg.flash_size or address < cfg.app_start:
            return 0.0001, False
        page = off - off % cfg.page_size
        cost = cfg.program_time if cfg.flash_model else 0.0
        current = bytes(self.flash[off : off + cfg.block_size])
        if off == page:
            if self.flash[page : page + cfg.page_size].count(0xFF) != cfg.page_size:
                rest = self.flash[off + cfg.block_size : page + cfg.page_size]
                if current == data and rest.count(0xFF) == len(rest):
                    return 0.0001, True  # a retransmitted block: ignored, acknowledged
                self.flash[page : page + cfg.page_size] = b"\xff" * cfg.page_size
                self.stats.pages_erased += 1
                cost += cfg.erase_time if cfg.flash_model else 0.0
            self.page_writes += 1
        elif current != b"\xff" * cfg.block_size:
            return 0.0001, current == data  # a retransmission is fine; anything else is out of order
        self.flash[off : off + cfg.block_size] = data
        self.stats.blocks_written += 1
        return cost, True

    def _send(self, reply: bytes, t: float, *, force: bool = False) -> None:
        """Queue a reply at virtual time t (dropped when it does not fit the transmit buffer at that time)."""
        if self._stuck_armed:
            self._stuck_armed = False
            self._stuck = reply  # double-buffered USBFS: the first packet stays in the other buffer
            return
        if self._stuck is not None:
            reply = self._stuck + reply
            self._stuck = None
        if self.cfg.transport != "uart":
            self.emit.append((t, reply, force))
            self.emit.sort(key=lambda e: e[0])
            return
        if not force and self._pending_at(t) + len(reply) > self.cfg.tx_capacity:
            self.stats.dropped_replies += 1
            return
        if not self._baud_ok():
            reply = bytes((b * 5 + 0x33) & 0xFF for b in reply)  # what a receiver at another baud makes of it
        bt = self.cfg.byte_time
        end = self._tx_end()
        first = max(t, end) + bt
        if self.tx and end >= t:
            self.tx[-1][1] += reply  # contiguous with what is still going out
        else:
            self.tx.append([first, bytearray(reply)])

    def _tx_end(self) -> float:
        """Departure time of the last queued byte (-inf when nothing is queued)."""
        if not self.tx:
            return float("-inf")
        start, data = self.tx[-1]
        return float(start + (len(data) - 1) * self.cfg.byte_time)

    def _pending_at(self, t: float) -> int:
        bt = self.cfg.byte_time
        pending = 0
        for start, data in self.tx:
            if bt <= 0 or t < start:
                pending += len(data) if bt > 0 else 0
            else:
                pending += max(0, len(data) - (int((t - start) / bt) + 1))
        return pending

    def _advance_tx(self, t: float) -> None:
        """Move the bytes that have left the board by time t to the pty."""
        if self.cfg.transport != "uart":
            self._deliver(t)
            return
        bt = self.cfg.byte_time
        while self.tx:
            seg = self.tx[0]
            start, data = seg
            if bt <= 0:
                n = len(data)
            elif t < start:
                return
            else:
                n = min(len(data), int((t - start) / bt) + 1)
            self.out += data[:n]
            del data[:n]
            seg[0] = start + n * bt
            if data:
                return
            self.tx.popleft()

    def _flush_out(self) -> None:
        if not self.out or self.master is None:
            self.out.clear()
            return
        try:
            written = os.write(self.master, bytes(self.out))
            del self.out[:written]
        except BlockingIOError:
            pass
        except OSError:
            self.out.clear()  # nobody listening: the bytes go nowhere, as on a real wire

    # --- the loop -----------------------------------------------------------------------------------------

    def start(self, *, nice: int | None = None) -> "Board":
        """Power on and run in a daemon thread; returns once the pty exists. `nice`: the thread's own niceness
        (Linux; a benchmark raises it so that a busy machine delays the host under test, not the "board")."""

        def run() -> None:
            if nice is not None:
                try:
                    os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), nice)
                except OSError:
                    pass
            self.run()

        self._thread = threading.Thread(target=run, name="sim-katapult", daemon=True)
        self._thread.start()
        self._ready.wait(5)
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)

    def __enter__(self) -> "Board":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def run(self) -> None:
        """Power on, then serve until stop() (or SIGINT/SIGTERM in `doctor sim`)."""
        control_fd = self._open_control()
        if self.cfg.transport == "can":
            self._open_can()
        try:
            self._boot(self.clock(), power_on=True)
            self._ready.set()
            while not self._stop.is_set():
                self._step(control_fd)
        finally:
            if control_fd is not None:
                os.close(control_fd)
            self._close_pty()
            if self.can_bus is not None:
                self.can_bus.shutdown()
                self.can_bus = None

    def _open_control(self) -> int | None:
        if self.control_path is None:
            return None
        if not self.control_path.exists():
            os.mkfifo(self.control_path)
        return os.open(self.control_path, os.O_RDWR | os.O_NONBLOCK)  # RDWR: never sees EOF

    _control_buf = b""

    def _step(self, control_fd: int | None) -> None:
        now = self.clock()
        while not self._actions.empty():
            item = self._actions.get()
            if callable(item):
                item()  # a ROM operation queued by rom_download()
            else:
                self._do_action(item)
        due = [tm for tm in self._timers if tm[0] <= now]
        if due:
            self._timers = [tm for tm in self._timers if tm[0] > now]
            for _, fn in sorted(due, key=lambda tm: tm[0]):
                fn()
        self._read_host(now)
        with self.lock:
            self._simulate(now)
            for when, reply in [d for d in self.delayed if d[0] <= now]:
                self.delayed.remove((when, reply))
                self._send(reply, when)
            self._advance_tx(now)
        self._flush_out()
        # sleep until the next thing to do (at most 20 ms; at least `tick` while bytes are moving)
        nxt = [tm[0] for tm in self._timers] + [d[0] for d in self.delayed]
        if self.wire:
            nxt.append(self.wire_next)
        if self.rx and self._has_work():
            nxt.append(self.busy_until)
        if self.tx:
            nxt.append(self.tx[0][0])
        nxt += [e[0] for e in self.emit[:1]] + [d[0] for d in list(self.to_host)[:1]]
        if self.arriving is not None:
            nxt.append(self.arriving[0])
        link_busy = bool(self.host_q or self.txq or self.ep_out)
        if link_busy:
            nxt.append(self.clock() + self.tick)
        wait = min([0.02] + [max(0.0, t - self.clock()) for t in nxt])
        if self.tx or self.wire or self.out or link_busy:
            wait = max(wait, self.tick)
        if self.can_bus is not None:
            if self._can_next is None:
                try:
                    self._can_next = self.can_bus.recv(wait)
                except Exception:  # noqa: BLE001 - the bus went away
                    time.sleep(wait)
            wait = 0.0
        fds = [fd for fd in (control_fd,) if fd is not None]
        if self.master is not None and self._host_was_open:
            fds.append(self.master)
        if self.master is not None and not self._host_was_open:
            wait = min(wait, 0.002)  # poll for a host opening the port (EIO until then)
        try:
            ready, _, _ = select.select(fds, [], [], wait)
        except (OSError, ValueError):
            ready = []
        if control_fd is not None and control_fd in ready:
            try:
                self._control_buf += os.read(control_fd, 4096)
            except BlockingIOError:
                pass
            while b"\n" in self._control_buf:
                line, _, self._control_buf = self._control_buf.partition(b"\n")
                name = line.decode(errors="replace").strip()
                if name in ACTIONS:
                    self._do_action(name)


def board_in_bootloader(folder: Path, transport: str, app: bytes | None, *, serial: str, uuid: str, channel: str, **cfg: Any) -> Board:
    """A board (not started) on `transport` whose next reset lands in Katapult (request flag set), with `app` loaded:
    its UART pty is folder/port, its USB by-id links go in folder/by-id, on CAN it has `uuid` on virtual `channel`."""
    extra: dict[str, Any] = {"baud": 1_000_000} if transport == "uart" else {}
    if transport == "usb":
        (folder / "by-id").mkdir()
        extra["by_id_dir"] = str(folder / "by-id")
    if transport == "can":
        extra.update(canbus_uuid=uuid, can_channel=channel)
    board = Board(BoardConfig(transport=transport, serial=serial, **extra, **cfg), folder / "port")
    if app is not None:
        board.load_app(app)
    board.request_flag = True
    return board
