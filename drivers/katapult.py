"""Native Katapult: enter the bootloader, write, verify by read-back and SHA-1, start the application.

Transports: serial (a UART, or a USB-serial adapter wired to one), USB CDC (the board's own USB), CAN
(python-can over SocketCAN; optional). The wire protocol is doctor.protocols.katapult.

How a flash goes (`Session`):
1. Enter Katapult: CONNECT first (a board already in Katapult answers); if nothing answers, ask the running
   application to enter it (USB: 1200 baud with DTR dropped; UART: the 32-byte request string; CAN: admin
   0x02 + UUID), follow the re-enumeration and CONNECT again. STM32 USBFS parts other than F2/F4/H7 are
   "primed" first (command 0x90, the first reply discarded: double-buffered endpoints).
2. Pre-flight (doctor.firmware.check) against what CONNECT reported: a wrong offset, MCU or size stops here.
3. SEND_BLOCK, pipelined, the window sized by the transport: on a UART and on CAN 192 bytes (two 76-byte frames
   and a part: the bootloader's receive buffer, which loses what does not fit); over USB-CDC 12 frames, one
   write per frame (the endpoint NAKs and the host buffers, so nothing is lost: the window only has to cover the
   acknowledgement's round trip of 1 ms frames, keeping the board's command queue full). Over USB the read-back
   rides on the write: behind each SEND_BLOCK goes the REQUEST_BLOCK of the block 64 earlier (past any buffer
   the bootloader keeps until EOF), answered while the board programs. Any missing, corrupted, NACKed or
   wrongly acknowledged reply makes the writer go back to the oldest unacknowledged block and resend from there
   (the firmware ignores an identical retransmission and re-erases a page whose first block comes again), at
   most `tries` times per block. Late acknowledgements of abandoned frames are recognised and ignored.
4. SEND_EOF, then REQUEST_BLOCK for every block not read back yet (or read before it was final). On a UART the
   next request goes out when enough of the current reply has arrived that the next reply will fit in the
   bootloader's 96-byte transmit buffer (a reply that does not fit is silently dropped by the firmware); on CAN
   the same against canserial's 96 bytes and the controller's mailboxes; over USB eight requests are in flight
   (halved after a lost reply). SHA-1 of the read-back against the SHA-1 of what was sent; a mismatch rewrites
   the image from its first block and verifies again.
5. COMPLETE only after a verified image. After a failure doctor never sends COMPLETE, so the board stays in
   Katapult and answers CONNECT for the next attempt (the host tool sends it in a `finally`).
6. Wait for the application (the port comes back after a USB re-enumeration) and identify it with Klipper's
   `identify` (doctor.protocols.klipper): the version and MCU it reports are the proof the new image runs.

Port holders are found as Katapult's host tool finds them (every /proc/PID/fd that is the device); a holder
that is a systemd service is stopped (with consent: it is a step of the plan) and started again at the end.
"""

from __future__ import annotations

import bisect
import collections
import hashlib
import itertools
import os
import shlex
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from doctor.checks.serial import port_holders
from doctor.drivers.base import ActionRequest, Plan, Refused, Step, StepContext, StepFailed
from doctor.drivers.registry import Action, Backend, Driver, Target
from doctor.errors import DoctorError, UsageError
from doctor.protocols import entry, transport
from doctor.protocols import katapult as kp

Progress = Callable[[int, int], None]

UART_WRITE_WINDOW = kp.RX_BUFFER["uart"]  # bytes: the bootloader's serial receive buffer (two 76-byte frames and a part)
CAN_WRITE_WINDOW = kp.RX_BUFFER["can"]  # canserial.c's receive buffer: a CAN frame that does not fit is dropped
# USB is flow-controlled (the OUT endpoint NAKs while the 128-byte receive buffer is full, the host's CDC driver
# buffers), so nothing sent ahead is lost: the window only has to cover the acknowledgement's round trip (data
# and replies move at 1 ms frame boundaries: up to ~3 ms, about two blocks of programming) on top of what the
# board holds (128 + a 64-byte packet), with room for the host's scheduling jitter. 12 frames = 912 bytes.
USB_WRITE_WINDOW = 12 * 76
COMMON_BAUDS = (250000, 115200, 500000, 1000000, 230400, 460800, 921600, 57600)
UART_TX_BUFFER = kp.TX_BUFFER["uart"]  # the bootloader's serial transmit buffer (replies that do not fit are dropped)
CAN_TX_BUFFER = kp.TX_BUFFER["can"] + 8 * (kp.CAN_TX_MAILBOXES - 1)  # canserial.c's transmit buffer, plus two of the controller's three 8-byte mailboxes
USB_TX_BUFFER = kp.TX_BUFFER["usb"]
# REQUEST_BLOCKs in flight over USB. A reply that does not fit usb_cdc.c's 192-byte transmit buffer (+ the 64-byte
# IN endpoint) is dropped. The buffer drains at bus speed while the board reads flash, and the board takes the
# requests one 64-byte packet at a time, so eight in flight (640 bytes of replies, at most eight requests inside
# the board at once whatever the timing) fit on a board that reads a block in 50 us or more. Replies come back
# two or three 1 ms frames after their request: eight in flight read about three blocks per millisecond. After a
# lost reply the window halves (down to 2: 160 bytes always fit) for the rest of the read-back.
USB_READ_WINDOW = 8
# Over USB the read-back rides on the write: behind the SEND_BLOCK of block j goes the REQUEST_BLOCK of block
# j - USB_READ_LAG, while the board is busy programming anyway (its reply leaves during the next block's
# programming time). The protocol lets a bootloader buffer written data until EOF ("write any remaining data in
# the buffer to flash"; rp2040 keeps a 256-byte page, lpc176x its IAP buffer): 64 blocks (4 KiB) behind the
# write, a block is past any such buffer, and a block whose early read does not match is simply read again after
# EOF, as are the last 64 blocks. The SHA-1 is over what was read.
USB_READ_LAG = 64


@dataclass
class Options:
    """How to reach the board and how patient to be."""

    port: str | None = None
    baud: int = 250000
    transport: str | None = None  # uart | usb | can (None: usb for ttyACM*, else uart; can when iface given)
    can_iface: str | None = None
    can_interface: str = field(default_factory=lambda: os.environ.get("DOCTOR_CAN_BUS_INTERFACE", "socketcan"))  # python-can's
    uuid: str | None = None
    usb_product: str | None = None  # the USB product string (decides the prime); read from sysfs when None
    reply_timeout: float = 5.0  # per awaited reply while writing (a large flash sector erases slowly)
    connect_timeout: float = 0.5
    tries: int = 3  # per block
    passes: int = 2  # full rewrites after a failed verification
    wait_port: float = 8.0  # re-enumeration after a bootloader request or COMPLETE
    request_wait: float = 1.0  # after a UART request string (the host tool waits 1 s)
    identify: bool = True

    @property
    def kind(self) -> str:
        if self.transport:
            return self.transport
        if self.can_iface:
            return "can"
        name = os.path.basename(os.path.realpath(self.port or ""))
        return "usb" if name.startswith("ttyACM") else "uart"


@dataclass
class Session:
    """One Katapult conversation: entry, write, verify, complete, identify. Steps of a plan call its methods."""

    opts: Options
    log: Callable[[str], None] = lambda message: None
    client: kp.KatapultClient | None = None
    info: kp.ConnectInfo | None = None
    entered_by: str | None = None  # "already" | "usb-1200" | "uart-request" | "can-request"
    app_before: dict[str, Any] | None = None
    app_after: dict[str, Any] | None = None
    counters: dict[str, int] = field(default_factory=lambda: collections.defaultdict(int))
    timings: dict[str, float] = field(default_factory=dict)
    sha1: str | None = None
    pages: int | None = None
    usb_read_window: int = USB_READ_WINDOW
    early_reads: dict[int, bytes] = field(default_factory=dict)  # USB: blocks read back during the write (address -> data)

    # --- transport ------------------------------------------------------------------------------------------

    def _open(self, timeout: float | None = None) -> kp.KatapultClient:
        if self.client is not None:
            return self.client
        kind = self.opts.kind
        if kind == "can":
            transport: kp.Transport = CanTransport(self.opts.can_iface or "can0", self.opts.uuid, interface=self.opts.can_interface)
        else:
            if not self.opts.port:
                raise UsageError("no port given", "add --port /dev/serial/by-id/... (doctor scan lists the ports)")
            transport = kp.SerialTransport(self.opts.port, self.opts.baud)
        prime = kind == "usb" and kp.needs_prime(self.opts.usb_product or usb_product(self.opts.port))
        self.client = kp.KatapultClient(transport, self.opts.baud, timeout=timeout or self.opts.connect_timeout, tries=2, prime=prime)
        return self.client

    def close(self) -> None:
        if self.client is not None and self.client.transport is not None:
            self.client.transport.close()
        self.client = None

    def _try_connect(self, tries: int = 2) -> kp.ConnectInfo | None:
        """CONNECT with a short timeout; None when nothing valid answers (noise is remembered in `noise`)."""
        try:
            client = self._open()
            client.tries = tries
            client.timeout = self.opts.connect_timeout
            info = client.connect()
        except kp.KatapultVanished:
            self.close()
            return None
        except kp.KatapultError as exc:
            if "cannot open" in exc.message:
                raise
            if self.client is not None and self.client.stats.received:
                self.noise = True
            return None
        return info

    reenumerated = True  # USB: the port went away and came back after the request
    noise = False  # bytes came back that were not Katapult frames (another baud rate, another protocol)
    baud_found: int | None = None
    on_stuck: Callable[[str], bool] | None = None  # asks the person to reset the board; True when done

    def _probe_bauds(self) -> kp.ConnectInfo | None:
        """On a UART that answered with noise: CONNECT at the other common baud rates (SER007)."""
        asked = self.opts.baud
        for baud in COMMON_BAUDS:
            if baud == asked:
                continue
            self.close()
            self.opts.baud = baud
            info = self._try_connect(tries=1)
            if info is not None:
                self.baud_found = baud
                self.log(f"Katapult answers at {baud} baud, not {asked} (SER007): using {baud}")
                return info
        self.close()
        self.opts.baud = asked
        return None

    # --- 1. enter ---------------------------------------------------------------------------------------------

    def enter(self) -> kp.ConnectInfo:
        """Reach Katapult: CONNECT, else request it from the application and CONNECT again."""
        info = self._try_connect()
        if info is not None:
            self.entered_by = "already"
            return self._connected(info)
        kind = self.opts.kind
        # Klipper's identify can wedge a Katapult that missed our CONNECT (its id byte 0x01 is where Katapult's
        # resync stops), so only ask it when bytes came back that were not Katapult's: an application NAKing.
        self.app_before = self._identify_app() if self.noise else None
        self.close()
        if kind == "uart" and self.app_before is None and self.noise:
            info = self._probe_bauds()
            if info is not None:
                self.entered_by = "already"
                return self._connected(info)
        if kind == "usb":
            self.log(f"requesting the bootloader: 1200 baud with DTR dropped on {self.opts.port}")
            usb_request(self.opts.port or "")
            self.entered_by = "usb-1200"
            if not wait_reappear(self.opts.port or "", self.opts.wait_port):
                self.reenumerated = False
        elif kind == "uart":
            self.log(f"requesting the bootloader: the serial request string at {self.opts.baud} baud")
            uart_request(self.opts.port or "", self.opts.baud)
            self.entered_by = "uart-request"
            time.sleep(self.opts.request_wait)
        else:
            self.log(f"requesting the bootloader: CAN admin 0x02 for {self.opts.uuid}")
            can_request(self.opts.can_iface or "can0", self.opts.uuid, interface=self.opts.can_interface)
            self.entered_by = "can-request"
        deadline = time.monotonic() + (self.opts.wait_port if kind == "usb" and self.reenumerated else 0.0)
        while True:
            info = self._try_connect(tries=2 if kind != "uart" else 3)
            if info is not None:
                return self._connected(info)
            if time.monotonic() > deadline:
                break
            self.close()
            time.sleep(0.2)
        what = f"Klipper {self.app_before.get('version')} ({self.app_before.get('mcu')})" if self.app_before else "the board"
        baud = f" at {self.opts.baud} baud" if kind == "uart" else ""
        raise NotInBootloader(
            f"Katapult did not answer CONNECT on {self.opts.port or self.opts.can_iface}{baud}, and {what} did not enter it when asked",
            "double-tap RESET (Katapult's double-reset entry), then run the same command again; or let "
            "`doctor recover` walk you through it (BOOT001)"
            + (f". Bytes did come back: if Katapult was built for another baud rate, pass it with --baud (SER007)" if self.noise else ""),
        )

    def _connected(self, info: kp.ConnectInfo) -> kp.ConnectInfo:
        self.info = info
        self.log(f"Katapult {info.version or '?'} (protocol {info.proto_text}) on {info.mcu}: application at {info.app_start:#x}, {info.block_size}-byte blocks")
        if self.opts.kind == "can" and self.opts.uuid:
            assert self.client is not None
            uuid = self.client.get_canbus_id()
            if uuid.lower() != self.opts.uuid.lower():
                raise DoctorError(f"UUID mismatch ({uuid} vs {self.opts.uuid})", "check --uuid (doctor scan lists the CAN nodes)")
        return info

    def _identify_app(self) -> dict[str, Any] | None:
        """Who is running when Katapult does not answer (Klipper identify; None when nothing answers)."""
        try:
            from doctor.protocols import klipper
        except ImportError:
            return None
        if self.opts.kind == "can":
            return None
        try:
            client = self._open()
            assert client.transport is not None
            ident = klipper.KlipperClient(client.transport).identify(timeout=1.5, first_reply=0.6)
        except (klipper.ProtocolError, kp.KatapultError, OSError):
            return None
        return ident.to_fact()

    # --- 3. write -----------------------------------------------------------------------------------------------

    def blocks(self, image: bytes) -> list[tuple[int, bytes]]:
        assert self.info is not None
        bs = self.info.block_size
        padded = image + b"\xff" * (-len(image) % bs)
        return [(self.info.app_start + i, padded[i : i + bs]) for i in range(0, len(padded), bs)]

    def write(self, image: bytes, progress: Progress | None = None) -> None:
        client = self._need_client()
        blocks = self.blocks(image)
        window = {"usb": USB_WRITE_WINDOW, "can": CAN_WRITE_WINDOW}.get(self.opts.kind, UART_WRITE_WINDOW)
        start = time.monotonic()
        self.early_reads = {}
        self._pipeline(client, blocks, window, progress, read_lag=USB_READ_LAG if self.opts.kind == "usb" else None)
        self.timings["write"] = time.monotonic() - start

    def _need_client(self) -> kp.KatapultClient:
        if self.client is None or self.info is None:
            raise StepFailed("not connected to Katapult", "run the flash again; doctor connects first")
        return self.client

    def _pipeline(self, client: kp.KatapultClient, blocks: list[tuple[int, bytes]], window: int, progress: Progress | None,
                  *, read_lag: int | None = None) -> None:
        """Go-back-N SEND_BLOCK within a byte window; acknowledgements must come in order.

        `window` is in bytes: at most that many bytes are sent and not yet acknowledged. The bootloader keeps a
        frame in its receive buffer until it has processed it and sends the ACK just before freeing it, so with
        the window equal to the buffer (192 bytes on a UART: two 76-byte frames and the first 40 bytes of a
        third) the buffer can never overrun, and the line never waits for a round trip. After an error the
        frame that was cut at the window's edge is completed before going back, so no partial frame is left
        in the bootloader's buffer to spoil the resent ones.

        Over USB every frame is its own write, whole: the CDC driver sends a write as one transfer, and Katapult's
        usb_cdc.c reads a 64-byte packet only when its 128-byte buffer has 64 bytes free, so a 76-byte frame whose
        first 65..75 bytes sat in the buffer, the rest behind them in the same packet, would never complete (the
        board would stop answering until a reset). A frame that starts its own transfer (64 + 12 bytes) cannot
        end up that way."""
        n = len(blocks)
        whole = self.opts.kind == "usb"
        frames = [kp.send_block_frame(addr, data) for addr, data in blocks]
        if read_lag is not None:  # block j's unit: its SEND_BLOCK, then the REQUEST_BLOCK of block j - read_lag
            frames = [f + (kp.request_block_frame(blocks[j - read_lag][0]) if j >= read_lag else b"") for j, f in enumerate(frames)]
        ends = list(itertools.accumulate(len(f) for f in frames))
        stream = b"".join(frames)
        starts = [e - len(f) for e, f in zip(ends, frames)]
        bounds = sorted({s0 + c for s0, f in zip(starts, frames) for c in (kp.send_block_size(len(blocks[0][1])), len(f)) if c <= len(f)})
        base = 0  # oldest unacknowledged block
        sent = 0  # bytes of `stream` written
        stale: collections.Counter[int] = collections.Counter()
        tries: collections.Counter[int] = collections.Counter()
        attached = self.counters["reattach"]  # a frame cut before the port came back is not completed after
        while base < n:
            acked = starts[base]
            if sent < len(stream) and sent - acked < window:
                upto = min(len(stream), acked + window)
                if whole:
                    # one write per Katapult frame, never a cut one: see the docstring
                    i = bisect.bisect_right(ends, upto) - 1
                    upto = max(ends[i] if i >= 0 else 0, ends[bisect.bisect_right(ends, sent)])  # at least one unit
                    while sent < upto:
                        end = bounds[bisect.bisect_right(bounds, sent)]
                        self._write(client, stream[sent:end])
                        sent = end
                else:
                    self._write(client, stream[sent:upto])
                    sent = upto
                attached = self.counters["reattach"]
            expected = blocks[base][0]
            item = self._read(client, self.opts.reply_timeout)
            problem = ""
            if item is None:
                problem = f"no reply for the block at {expected:#x}"
            elif isinstance(item, kp.FrameError):
                problem = f"corrupted reply ({item})"
            elif item.cmd == kp.Resp.ACK and item.word(0) == kp.Cmd.SEND_BLOCK:
                addr = item.word(1) or 0
                if addr == expected:
                    base += 1
                    if progress:
                        progress(base, n)
                    continue
                if addr < expected or stale[addr] > 0:
                    stale[addr] -= addr >= expected
                    self.counters["stale_acks"] += 1
                    continue
                problem = f"Block write mismatch: acknowledged {addr:#x}, expected {expected:#x}"
            elif item.cmd == kp.Resp.ACK and item.word(0) == kp.Cmd.REQUEST_BLOCK and read_lag is not None:
                addr = item.word(1) or 0
                if len(item.payload) == 8 + len(blocks[0][1]):
                    self.early_reads[addr] = item.payload[8:]
                continue
            elif item.cmd == kp.Resp.ACK:
                self.counters["stale_acks"] += 1
                continue  # a late reply to an earlier command
            elif item.cmd == kp.Resp.NACK:
                problem = "NACK (the bootloader saw a damaged frame)"
            elif item.cmd == kp.Resp.CMD_ERROR:
                problem = f"command error for the block at {expected:#x} (the flash write failed or was refused)"
            else:
                problem = f"unexpected reply {item.cmd:#04x}"
            self.counters["write_retries"] += 1
            tries[base] += 1
            self.log(f"block {expected:#x}: {problem}; resending from there")
            if tries[base] > self.opts.tries:
                raise self._failure(f"Flash write failed at {expected:#x}: {problem}", blocks_done=base, total=n)
            last = bisect.bisect_left(ends, sent)  # the block whose frame holds byte `sent - 1`, or the next
            for i in range(base + 1, min(last + 1, n)):
                stale[blocks[i][0]] += 1
            self._recover(client)
            if last < n and starts[last] < sent < ends[last] and self.counters["reattach"] == attached:
                self._write(client, stream[sent : ends[last]])  # finish the cut frame
                self._recover(client)
            sent = starts[base]
        if read_lag is not None and n > read_lag:
            # the read-back riding on the last block comes right behind its acknowledgement: take it now, so that
            # it is not mistaken for the answer to SEND_EOF (missing, it is simply read again after EOF)
            last = blocks[n - 1 - read_lag][0]
            until = time.monotonic() + min(self.opts.reply_timeout, 0.5)
            while last not in self.early_reads and time.monotonic() < until:
                item = self._read(client, until - time.monotonic())
                if isinstance(item, kp.Frame) and item.cmd == kp.Resp.ACK and item.word(0) == kp.Cmd.REQUEST_BLOCK:
                    if len(item.payload) == 8 + len(blocks[0][1]):
                        self.early_reads[item.word(1) or 0] = item.payload[8:]

    def _write(self, client: kp.KatapultClient, data: bytes) -> None:
        """Write through the current client (it changes when the port came back after vanishing)."""
        try:
            (self.client or client).write(data)
        except kp.KatapultVanished:
            self._reattach()
            assert self.client is not None
            self.client.write(data)

    def _read(self, client: kp.KatapultClient, timeout: float) -> kp.Frame | kp.FrameError | None:
        try:
            return (self.client or client).read_frame(timeout)
        except kp.KatapultVanished:
            self._reattach()
            return None

    def _recover(self, client: kp.KatapultClient) -> None:
        """After an error: let the frames in flight be processed, discard what comes back."""
        try:
            (self.client or client).drain(quiet=0.06, limit=0.5)
        except kp.KatapultVanished:
            self._reattach()

    def _reattach(self) -> None:
        """The port went away (USB glitch, re-enumeration): wait for it to come back and CONNECT again."""
        self.counters["reattach"] += 1
        self.close()
        if self.opts.kind == "can" or not self.opts.port:
            raise self._failure("the CAN link failed")
        self.log(f"{self.opts.port} went away; waiting up to {self.opts.wait_port:g} s for it to come back")
        deadline = time.monotonic() + self.opts.wait_port
        while time.monotonic() < deadline:
            if os.path.exists(self.opts.port):
                info = self._try_connect(tries=1)
                if info is not None:
                    self.info = info
                    return
                self.close()
            time.sleep(0.1)
        raise Vanished(
            f"{self.opts.port} disappeared in the middle of the flash and did not come back",
            "check the cable and the board's power; Katapult keeps waiting for the image: when the port is back, "
            "run the same command again (the board was not told to start the incomplete image)",
        )

    def _failure(self, message: str, *, blocks_done: int | None = None, total: int | None = None) -> DoctorError:
        """A clear error, after checking whether the bootloader still answers."""
        self.close()
        alive = self._try_connect(tries=2) is not None
        done = f" ({blocks_done} of {total} blocks written)" if total else ""
        if alive:
            hint = ("Katapult still answers CONNECT and was not told to start the incomplete image: run the same command "
                    "again; if it fails at the same place, try a lower baud rate or another cable")
        else:
            hint = ("Katapult no longer answers: a damaged frame can leave its receive parser stuck until a reset. "
                    "Double-tap RESET to re-enter Katapult, then run the same command again")
        self.counters["bootloader_answers_after_failure"] = int(alive)
        self.close()
        return StepFailed(message + done, hint) if alive else Stuck(message + done, hint)

    # --- 4. EOF and verify ----------------------------------------------------------------------------------------

    def eof(self) -> int:
        client = self._need_client()
        frame = self._command(client, kp.Cmd.SEND_EOF)
        self.pages = frame.word(1)
        return self.pages or 0

    def _command(self, client: kp.KatapultClient, cmd: int, payload: bytes = b"") -> kp.Frame:
        try:
            return client.command(cmd, payload, tries=self.opts.tries + 2, timeout=min(self.opts.reply_timeout, 2.0))
        except kp.KatapultVanished:
            self._reattach()
            assert self.client is not None
            return self.client.command(cmd, payload, tries=self.opts.tries + 2, timeout=min(self.opts.reply_timeout, 2.0))
        except kp.KatapultError as exc:
            raise self._failure(exc.message) from exc

    def read_back(self, count: int, progress: Progress | None = None, *, indices: list[int] | None = None) -> bytes:
        """REQUEST_BLOCK for `count` blocks from the application start (or for the blocks `indices`); returns the
        bytes read, in that order."""
        client = self._need_client()
        assert self.info is not None
        bs = self.info.block_size
        reply = kp.request_reply_size(bs)
        request = len(kp.request_block_frame(0))
        if self.opts.kind == "usb":
            window, early = self.usb_read_window, None
        elif self.opts.kind == "can":
            # one bus: the request's frames win arbitration and hold the reply back, so none of it leaves meanwhile
            window, early = 2, max(0, 2 * reply - CAN_TX_BUFFER)
        else:
            window, early = 2, max(0, 2 * reply - UART_TX_BUFFER - request)  # bytes of a reply before the next request
        addrs = [self.info.app_start + i * bs for i in (range(count) if indices is None else indices)]
        count = len(addrs)
        got: list[bytes | None] = [None] * count
        base = nxt = 0
        pending: collections.deque[int] = collections.deque()
        stale: collections.Counter[int] = collections.Counter()
        tries: collections.Counter[int] = collections.Counter()
        deadline = time.monotonic() + self.opts.reply_timeout
        while base < count:
            can_send = nxt < count and (not pending or (len(pending) < window and (early is None or self._partial(client) >= early)))
            if can_send:
                self._write(client, kp.request_block_frame(addrs[nxt]))
                pending.append(nxt)
                nxt += 1
                deadline = time.monotonic() + self.opts.reply_timeout if len(pending) == 1 else deadline
                continue
            item = self._poll(client, deadline, early is not None and len(pending) < window and nxt < count)
            if item == "partial":
                continue
            expected = addrs[base]
            problem = ""
            if item is None:
                problem = f"no reply for the block at {expected:#x}"
            elif isinstance(item, kp.FrameError):
                problem = f"corrupted reply ({item})"
            elif isinstance(item, kp.Frame) and item.cmd == kp.Resp.ACK and item.word(0) == kp.Cmd.REQUEST_BLOCK:
                addr = item.word(1) or 0
                if addr == expected and len(item.payload) == 8 + bs:
                    got[base] = item.payload[8:]
                    pending.popleft()
                    base += 1
                    deadline = time.monotonic() + self.opts.reply_timeout
                    if progress:
                        progress(base, count)
                    continue
                if addr < expected or stale[addr] > 0:
                    stale[addr] -= addr >= expected
                    continue
                problem = f"Block Request Error: got {addr:#x}, expected {expected:#x}"
            elif isinstance(item, kp.Frame) and item.cmd == kp.Resp.ACK:
                continue
            elif isinstance(item, kp.Frame):
                names: dict[int, str] = {kp.Resp.NACK: "NACK", kp.Resp.CMD_ERROR: "command error"}
                problem = names.get(item.cmd, f"unexpected reply {item.cmd:#04x}")
            self.counters["read_retries"] += 1
            if self.opts.kind == "usb" and window > 2:
                window = self.usb_read_window = max(2, window // 2)  # a reply lost to the transmit buffer: fewer at once
            tries[base] += 1
            self.log(f"read-back {expected:#x}: {problem}; asking again")
            if tries[base] > self.opts.tries + 1:
                raise self._failure(f"Read-back failed at {expected:#x}: {problem}", blocks_done=base, total=count)
            for i in pending:
                stale[addrs[i]] += 1
            stale[expected] -= 1 if stale[expected] > 0 else 0
            pending.clear()
            self._recover(client)
            nxt = base
            deadline = time.monotonic() + self.opts.reply_timeout
        return b"".join(b for b in got if b is not None)

    def _partial(self, client: kp.KatapultClient) -> int:
        """Bytes of the reply now arriving (what the host has of an incomplete frame)."""
        buf = (self.client or client).reader.buffer
        return len(buf) if buf[:2] == kp.HEADER else 0

    def _poll(self, client: kp.KatapultClient, deadline: float, watch_partial: bool) -> Any:
        """The next frame, or "partial" when watching a reply arrive and enough of it is there, or None at the deadline."""
        c = self.client or client
        for item in c.reader.frames():
            return item
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            try:
                data = c.transport.read(min(left, 0.05)) if c.transport else b""
            except kp.KatapultVanished:
                self._reattach()
                return None
            if data:
                c.stats.received += len(data)
                c.reader.feed(data)
                for item in c.reader.frames():
                    return item
                if watch_partial:
                    return "partial"

    def verify(self, image: bytes, progress: Progress | None = None) -> str:
        """Read everything back; SHA-1 must equal that of the padded image. Returns the SHA-1."""
        blocks = self.blocks(image)
        sent = b"".join(d for _, d in blocks)
        start = time.monotonic()
        early = self.early_reads
        if early:
            # read during the write (USB): only the blocks not read yet, or read before they were final, are asked for
            need = [i for i, (addr, block) in enumerate(blocks) if early.get(addr) != block]
            self.counters["blocks_read_during_write"] = len(blocks) - len(need)
            again = self.read_back(len(need), progress, indices=need)
            size = len(blocks[0][1])
            parts = {i: again[k * size : (k + 1) * size] for k, i in enumerate(need)}
            data = b"".join(parts[i] if i in parts else early[addr] for i, (addr, _) in enumerate(blocks))
        else:
            data = self.read_back(len(blocks), progress)
        self.timings["verify"] = time.monotonic() - start
        want, have = hashlib.sha1(sent).hexdigest(), hashlib.sha1(data).hexdigest()
        if want != have:
            bad = [blocks[i][0] for i in range(len(blocks)) if data[i * len(blocks[0][1]) : (i + 1) * len(blocks[0][1])] != blocks[i][1]]
            raise VerifyMismatch(f"Checksum mismatch: Expected {want}, Received {have}", bad)
        self.sha1 = have
        return have

    def write_and_verify(self, image: bytes, progress: Progress | None = None, vprogress: Progress | None = None) -> str:
        """write + EOF + verify; on a mismatch rewrite from the first block (a page's first block re-erases it)."""
        resets = 0
        for attempt in range(self.opts.passes + 1):
            try:
                self.write(image, progress)
                self.eof()
                return self.verify(image, vprogress)
            except Stuck as exc:
                # the bootloader stopped answering: only a reset helps; with a person at hand, ask for one
                if self.on_stuck is None or resets >= 2 or not self.on_stuck(exc.message):
                    raise
                resets += 1
                self.counters["resets_by_person"] += 1
                self._reconnect_after_reset()
                continue
            except VerifyMismatch as exc:
                self.counters["rewrites"] += 1
                self.log(f"{exc.message}; {len(exc.bad)} blocks differ (first {exc.bad[0]:#x}); rewriting")
                if attempt == self.opts.passes:
                    raise self._failure(f"{exc.message} after {attempt + 1} writes") from exc
        raise AssertionError("unreachable")

    def _reconnect_after_reset(self, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.close()
            if self.opts.port is None or os.path.exists(self.opts.port):
                info = self._try_connect(tries=1)
                if info is not None:
                    self.info = info
                    return
            time.sleep(0.1)
        raise NotInBootloader("Katapult did not answer after the reset", "double-tap RESET (twice within half a second) and run the command again")

    # --- 5./6. complete, identify -----------------------------------------------------------------------------------

    def complete(self) -> None:
        client = self._need_client()
        try:
            client.command(kp.Cmd.COMPLETE, tries=3, timeout=1.0)
        except kp.KatapultVanished:
            pass  # it jumped before we read the ACK
        except kp.KatapultError as exc:
            raise StepFailed(f"COMPLETE was not acknowledged: {exc.message}", "the image is written and verified; reset the board to start it") from exc
        self.close()

    def wait_application(self, announce: Callable[[str], None] | None = None,
                         progress: Callable[[float, float], None] | None = None) -> dict[str, Any]:
        """Wait for the application as long as the transport needs and identify it (drivers.app_wait): UART at
        once, USB after re-enumeration (the new by-id name), CAN by the node's answer to the UUID query.
        `announce` gets what is waited for before the wait starts."""
        from doctor.drivers.app_wait import AppWait

        kind = self.opts.kind
        wait = AppWait(kind, port=self.opts.port, baud=self.opts.baud, can_iface=self.opts.can_iface, uuid=self.opts.uuid,
                       can_interface=self.opts.can_interface, reenumerate=self.opts.wait_port)
        result = wait.run(announce, progress)
        if result.get("status") == "answered":
            self.app_after = result
        return result


class NotInBootloader(DoctorError):
    """Katapult never answered CONNECT (BOOT001)."""


class Stuck(StepFailed):
    """The bootloader stopped answering during the flash (only a reset brings it back)."""


class Vanished(DoctorError):
    """The port disappeared during the flash and did not come back."""


class VerifyMismatch(DoctorError):
    def __init__(self, message: str, bad: list[int]) -> None:
        super().__init__(message, "run the flash again")
        self.bad = bad


# --- bootloader entry and the host side -------------------------------------------------------------------------------


def usb_request(port: str) -> None:
    """The USB CDC request (doctor.protocols.entry.touch_1200); errors ignored, like Klipper's flash_usb: whether
    the board went is what the caller checks next."""
    try:
        entry.touch_1200(port)
    except entry.EntryError:
        pass


uart_request = entry.uart_request  # the serial request string at the application's baud (doctor.protocols.entry)


def wait_reappear(port: str, timeout: float, *, gone_first: bool = True) -> bool:
    """Wait for `port` to go away and come back (USB re-enumeration). True when it went away (if `gone_first`)
    and is there at the end; False when it never went away within 2 s or did not come back."""
    deadline = time.monotonic() + timeout
    if gone_first:
        gone_by = time.monotonic() + min(timeout, 2.0)
        while os.path.exists(port):
            if time.monotonic() >= gone_by:
                return False  # no re-enumeration: the request was ignored
            time.sleep(0.02)
    while time.monotonic() < deadline:
        if os.path.exists(port):
            time.sleep(0.05)
            return True
        time.sleep(0.05)
    return False


def usb_product(port: str | None) -> str | None:
    """The USB product string of a ttyACM's device, from sysfs (None for anything else)."""
    if not port:
        return None
    name = os.path.basename(os.path.realpath(port))
    node = Path("/sys/class/tty") / name / "device"
    for parent in (node / "..", node / "../.."):
        try:
            return (parent / "product").read_text().strip()
        except OSError:
            continue
    return None


# --- CAN --------------------------------------------------------------------------------------------------------------

CanTransport = transport.CanTransport  # Katapult's byte stream over CAN (doctor.protocols.transport)


def can_request(iface: str, uuid: str | None, bus: Any = None, *, interface: str = "socketcan", wait: float = 1.0) -> None:
    """Ask a running Klipper on CAN to enter Katapult (doctor.protocols.entry); then wait 1 s as the host tool does."""
    if not uuid:
        raise UsageError("a CAN bootloader request needs the node's UUID", "add --uuid")
    entry.can_request(iface, uuid, bus, interface=interface, wait=wait)


def _ask_for_reset(sctx: StepContext) -> Callable[[str], bool] | None:
    """With a person at the terminal: ask for a double reset when Katapult stopped answering."""
    if not sctx.can_ask:
        return None

    def ask(message: str) -> bool:
        sctx.warn(message)
        return sctx.confirm("Katapult stopped answering. Double-tap RESET on the board now (two presses within half a second), then answer y to continue")

    return ask


# --- plans ------------------------------------------------------------------------------------------------------------


def options_from(request: ActionRequest) -> Options:
    o = Options(
        port=request.get("port"),
        baud=int(request.get("baud") or 250000),
        transport=request.get("transport"),
        can_iface=request.get("can"),
        uuid=request.get("uuid"),
        usb_product=request.get("usb_product"),
    )
    for key in ("reply_timeout", "connect_timeout", "wait_port", "request_wait"):
        if request.get(key) is not None:
            setattr(o, key, float(request.get(key)))
    if request.get("identify") is False:
        o.identify = False
    if o.transport not in (None, "uart", "usb", "can"):
        raise UsageError(f"unknown transport {o.transport!r}", "the transport is uart, usb or can")
    return o


def _holder_steps(request: ActionRequest, port: str | None) -> tuple[list[Step], list[Step], list[str]]:
    """Steps that stop the services holding the port, the steps that start them again, and preconditions."""
    holders = request.facts.get("holders") if isinstance(request.facts.get("holders"), list) else None
    if holders is None:
        holders = port_holders(port) if port else []
    stops, starts, pre = [], [], []
    for h in holders:
        unit = h.get("unit")
        if unit:
            stops.append(Step(f"stop {unit} (it holds {port})", argv=["systemctl", "stop", unit], root=True, timeout=60,
                              hint=f"stop it yourself: {shlex.join(['sudo', 'systemctl', 'stop', str(unit)])}"))
            starts.append(Step(f"start {unit} again", argv=["systemctl", "start", unit], root=True, always=True, timeout=60))
        else:
            raise DoctorError(
                f"{port} is in use by another program: {h.get('comm')} (PID {h.get('pid')}): {h.get('cmdline')}",
                f"close it (or stop the service that runs it), then run the flash again (SER003)",
            )
    if holders:
        pre.append(f"{', '.join(str(h.get('unit') or h.get('comm')) for h in holders)} may be stopped while flashing")
    return stops, starts, pre


def plan_flash(request: ActionRequest) -> Plan:
    """katapult.flash: the whole flash of `options["image"]` (a doctor.firmware.Image) through Katapult."""
    from doctor import firmware

    image = request.options.get("image")
    if image is None:
        path = request.get("firmware")
        if not path:
            raise UsageError("katapult.flash needs a firmware file", "doctor flash FIRMWARE --via katapult --port PORT")
        image = firmware.load(path)
    opts = options_from(request)
    where = opts.port or f"{opts.can_iface} node {opts.uuid}"
    if opts.kind != "can" and not opts.port:
        raise UsageError("katapult.flash needs the board's port", "add --port /dev/serial/by-id/... (or --can IFACE --uuid U)")
    stops, starts, pre = _holder_steps(request, opts.port)
    name = Path(image.path).name
    state_key = "katapult"
    if image.base is not None:
        pre.append(f"{name} loads at {image.base:#x}: it must equal Katapult's application start")
    pre.append(f"Katapult on {where} ({opts.kind}{'' if opts.kind != 'uart' else f', {opts.baud} baud'})")

    def session(sctx: StepContext) -> Session:
        s = sctx.state.get(state_key)
        if s is None:
            s = Session(opts, log=sctx.log)
            s.on_stuck = _ask_for_reset(sctx)
            sctx.state[state_key] = s
        return s

    def closing(fn: Callable[[StepContext], dict[str, Any]]) -> Callable[[StepContext], dict[str, Any]]:
        """A failing step releases the port (the plan stops there; the next run must be able to open it)."""

        def run(sctx: StepContext) -> dict[str, Any]:
            try:
                return fn(sctx)
            except BaseException:
                session(sctx).close()
                raise

        return run

    def enter(sctx: StepContext) -> dict[str, Any]:
        s = session(sctx)
        info = s.enter()
        if s.baud_found:
            sctx.warn(f"Katapult answered at {s.baud_found} baud, not at {opts_baud}: using {s.baud_found} (SER007; "
                      f"next time pass --baud {s.baud_found})")
        return {"connect": info.to_fact(), "entered_by": s.entered_by, "application_before": s.app_before, "baud": s.opts.baud}

    opts_baud = opts.baud

    def preflight(sctx: StepContext) -> dict[str, Any]:
        s = session(sctx)
        assert s.info is not None
        target = firmware.Target.for_mcu(s.info.mcu, s.info.app_start, request.get("flash_size"), bootloader=f"Katapult on {where}")
        target.arm = True  # this writer only serves ARM Cortex-M parts
        problems = firmware.check(image, target)
        if problems:
            s.close()
            first = problems[0]
            raise Refused(f"{first.id}: {first.message}", (first.remediation or {}).get("text"), problems)
        return {"image": image.to_fact(), "target": {"mcu": target.mcu, "app_start": target.app_start, "flash_size": target.flash_size}}

    blocks = (image.size + 63) // 64

    def write(sctx: StepContext) -> dict[str, Any]:
        s = session(sctx)
        sctx.progress(0, blocks, "writing", unit="blocks")  # Katapult's 64-byte blocks
        sha = s.write_and_verify(
            image.data,
            progress=lambda done, total: sctx.progress(done, total, "writing", unit="blocks"),
            vprogress=lambda done, total: sctx.progress(done, total, "verifying", unit="blocks"),
        )
        return {"sha1": sha, "pages": s.pages, "seconds": {k: round(v, 3) for k, v in s.timings.items()}, "counters": dict(s.counters)}

    def complete(sctx: StepContext) -> dict[str, Any]:
        session(sctx).complete()
        return {}

    def identify(sctx: StepContext) -> dict[str, Any]:
        s = session(sctx)
        result = s.wait_application(announce=sctx.say, progress=lambda done, total: sctx.progress(done, total, "waiting for the application", unit="s"))
        built = (image.klipper or {}).get("version")
        if result.get("version") and built and result["version"] != built:
            raise StepFailed(
                f"the board runs Klipper {result['version']}, not the {built} just written",
                "power-cycle the board; if it still reports the old version, flash again",
            )
        if result.get("status") == "answered":
            if result.get("by_id") and result.get("port") != opts.port:
                sctx.say(f"the application is on {result['port']} (use this path in printer.cfg)")
        else:
            meaning = str(result.get("meaning") or "")
            sctx.warn(f"the application did not answer after {result.get('waited')} s: {result.get('reason')}. {meaning[:1].upper()}{meaning[1:]}")
        return {"application": result}

    steps = stops + [
        Step("enter Katapult", operation=(
            f"CONNECT on {where}; if nothing answers: "
            + {"usb": "1200 baud with DTR dropped, wait for the port to come back", "uart": "the serial request string, wait 1 s",
               "can": "CAN admin 0x02 + UUID, assign node id 129"}[opts.kind] + ", CONNECT again"),
            execute=closing(enter), hint="double-tap RESET to enter Katapult, then run the command again"),
        Step(f"pre-flight: {name} against the bootloader", operation="image format, size, vector table, link offset and Klipper's MCU against CONNECT's answer", execute=closing(preflight)),
        Step(f"write and verify {image.size} bytes", risk="writes-flash", execute=closing(write), long=True, verify=True, operation=(
            f"SEND_BLOCK ×{blocks} from Katapult's application start (at most {UART_WRITE_WINDOW if opts.kind != 'usb' else USB_WRITE_WINDOW} bytes in flight"
            + ("; blocks read back while the board programs" if opts.kind == "usb" else "") + "), "
            f"SEND_EOF, REQUEST_BLOCK ×{blocks if opts.kind != 'usb' else f'≤{blocks}'}, SHA-1 of the read-back")),
        Step("start the application", operation="COMPLETE (only after a verified image)", execute=closing(complete)),
    ]
    if opts.identify:
        steps.append(Step("wait for the application and identify it", long=True, execute=identify, operation={
            "uart": "Klipper identify on the port (the application answers at once)",
            "usb": "wait for the board to re-enumerate under the application's by-id name, then Klipper identify on it",
            "can": "Klipper's UUID query until the node answers as Klipper"}[opts.kind]))
    steps += starts
    return Plan(
        title=f"flash {name} through Katapult on {where}",
        driver="katapult",
        steps=steps,
        preconditions=pre,
        resolves=list(request.params.get("resolves") or []),
        params={"port": opts.port, "baud": opts.baud, "transport": opts.kind, "firmware": image.path},
    )


def plan_request_bootloader(request: ActionRequest) -> Plan:
    """katapult.request_bootloader: ask the running application to enter Katapult and check that it answers."""
    opts = options_from(request)
    if opts.kind != "can" and not opts.port:
        raise UsageError("katapult.request_bootloader needs the board's port", "add --port PORT (or --can IFACE --uuid U)")
    where = opts.port or f"{opts.can_iface} node {opts.uuid}"
    stops, starts, pre = _holder_steps(request, opts.port)

    def enter(sctx: StepContext) -> dict[str, Any]:
        s = Session(opts, log=sctx.log)
        try:
            info = s.enter()
        finally:
            s.close()
        return {"connect": info.to_fact(), "entered_by": s.entered_by, "application_before": s.app_before}

    steps = stops + [
        Step("request Katapult", operation={"usb": "1200 baud with DTR dropped", "uart": "the serial request string",
                                            "can": "CAN admin 0x02 + UUID"}[opts.kind] + f" on {where}, then CONNECT", execute=enter, verify=True,
             hint="double-tap RESET to enter Katapult"),
    ] + starts
    return Plan(f"enter Katapult on {where}", "katapult", steps, pre, resolves=list(request.params.get("resolves") or []),
                params={"port": opts.port, "transport": opts.kind})


def scanned_target(dev: dict[str, Any], ports: dict[str, dict[str, Any]]) -> Target | None:
    """A Klipper or Katapult board the scan found behind a tty: named by its /dev/serial/by-id link."""
    if not dev.get("ttys"):
        return None
    tty = str(dev["ttys"][0])
    by_id = (ports.get(tty) or {}).get("by_id") or []
    port = str(by_id[0]) if by_id else tty
    name = dev.get("product") or dev.get("role_name") or dev.get("role") or f"{dev.get('vid')}:{dev.get('pid')}"
    return Target("katapult", {"port": port}, f"{name} ({dev.get('role')}) on {port}")


DRIVER = Driver(
    "katapult",
    actions={
        "katapult.flash": Action(plan_flash, "flash an application image through Katapult (serial, USB or CAN) and verify it"),
        "katapult.request_bootloader": Action(
            plan_request_bootloader, "ask a running Klipper to enter Katapult (1200 baud, UART string or CAN admin command)"
        ),
    },
    backend=Backend(
        "katapult",
        flash="katapult.flash",
        summary="Katapult over serial, USB or CAN (--port, or --can with --uuid)",
        selected_by=("can", "port"),
        precedence=30,
        target=scanned_target,
    ),
)
ACTIONS = DRIVER.plans()
