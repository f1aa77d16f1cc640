"""A Klipper MCU on a pseudo-terminal: answers `identify` with a real-format data dictionary.

    with KlipperMcuSim(example_dictionary("stm32f446xx")) as mcu:
        doctor identify mcu.port

The emulator keeps only the controlling side of its pty (a real board never holds the host's tty
open), so doctor's port-in-use check sees the port as free; `hold_port()` starts a separate process
that opens it, as klippy or OctoPrint would. `hold_follower=True` (`--hold-follower`) keeps both ends
open, as Klipper's Linux MCU (klipper_mcu, `/tmp/klipper_host_mcu`) does: the process that is the MCU
then holds the follower too, and must not be taken for a program competing for the port.

Line model: on a UART link (`link="uart"`) the MCU was built for one baud rate. A pty does not
enforce speed, but both ends share termios, so the emulator reads the speed the host set: when it
differs, every byte in either direction turns into framing-error noise (what a UART receives at the
wrong rate), and replies are paced at the configured rate (10 bits per byte). On a USB link
(`link="usb"`) speed is irrelevant except 1200 baud, the bootloader request of USB CDC boards.

Faults: `silent` (never answers: timeouts), `garbage` (answers only noise), `delay` (seconds before
each reply), `baud` mismatch (above). `on_bootloader_request` is called on the UART request block
or the 1200-baud touch (the Katapult emulator uses it to switch persona).
"""

from __future__ import annotations

import argparse
import errno
import fcntl
import os
import random
import select
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
import tty
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Callable, Iterator

from doctor.protocols.klipper import KlipperMcuResponder, example_dictionary

TCGETS2 = 0x802C542A  # struct termios2 (44 bytes): c_ispeed at 36, c_ospeed at 40
BOTHER = 0o010000
_SPEEDS = {getattr(termios, n): int(n[1:]) for n in dir(termios) if n.startswith("B") and n[1:].isdigit()}


def host_speed(fd: int) -> int | None:
    """The baud rate the host set on the terminal side of a pty (read through the controller fd)."""
    try:
        buf = fcntl.ioctl(fd, TCGETS2, b"\0" * 44)
        cflag = struct.unpack_from("I", buf, 8)[0]
        ospeed = struct.unpack_from("I", buf, 40)[0]
        if cflag & BOTHER == BOTHER and ospeed:
            return int(ospeed)
        if ospeed:
            return int(ospeed)
    except OSError:
        pass
    try:
        return _SPEEDS.get(termios.tcgetattr(fd)[5])
    except termios.error:
        return None


@dataclass
class Faults:
    silent: bool = False  # reads everything, answers nothing
    garbage: bool = False  # answers with noise of the same length
    delay: float = 0.0  # seconds before each reply


class KlipperMcuSim:
    """A Klipper MCU on a pty, served by a background thread. `port` is the path the host opens."""

    def __init__(
        self,
        dictionary: dict[str, Any] | None = None,
        *,
        baud: int = 250000,
        link: str = "uart",
        faults: Faults | None = None,
        on_bootloader_request: Callable[[], None] | None = None,
        seed: int = 1,
        hold_follower: bool = False,
    ) -> None:
        if link not in ("uart", "usb"):
            raise ValueError("link is 'uart' or 'usb'")
        self.dictionary = dictionary or example_dictionary(serial_baud=baud if link == "uart" else None)
        self.baud = baud
        self.link = link
        self.faults = faults or Faults()
        self.on_bootloader_request = on_bootloader_request
        self.responder = KlipperMcuResponder(self.dictionary, on_bootloader_request=self._bootloader_request)
        self.rng = random.Random(seed)
        self.fd, follower = os.openpty()
        self.follower: int | None = None
        try:
            tty.setraw(follower)
            self.port = os.ttyname(follower)
        finally:
            if hold_follower:
                self.follower = follower  # both ends, as Klipper's Linux MCU (klipper_mcu) keeps them
            else:
                os.close(follower)  # keep only the controller side
        os.set_blocking(self.fd, False)
        self.bootloader_requests = 0
        self.received = 0
        self.sent = 0
        self.garbled = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._holders: list[subprocess.Popen[bytes]] = []

    # lifecycle
    def start(self) -> "KlipperMcuSim":
        if self._thread is None:
            self._thread = threading.Thread(target=self._serve, name=f"klipper-mcu {self.port}", daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2)
            self._thread = None
        for proc in self._holders:
            if proc.poll() is None:
                proc.terminate()
                proc.wait(timeout=5)
        self._holders.clear()
        for fd in (self.fd, self.follower):
            try:
                if fd is not None:
                    os.close(fd)
            except OSError:
                pass
        self.follower = None

    def __enter__(self) -> "KlipperMcuSim":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @contextmanager
    def hold_port(self) -> Iterator[int]:
        """Another process (as klippy would) holds the port open while the block runs; yields its pid."""
        proc = subprocess.Popen(
            [sys.executable, "-c", _HOLDER, self.port],
            stdout=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
        )
        self._holders.append(proc)
        try:
            assert proc.stdout is not None
            if proc.stdout.readline().strip() != b"held":
                raise RuntimeError(f"could not hold {self.port}")
            yield proc.pid
        finally:
            proc.terminate()
            proc.wait(timeout=5)
            if proc.stdout is not None:
                proc.stdout.close()
            self._holders.remove(proc)

    # the line
    def _bootloader_request(self) -> None:
        self.bootloader_requests += 1
        if self.on_bootloader_request is not None:
            self.on_bootloader_request()

    def _speed_ok(self) -> bool:
        if self.link != "uart":
            return True
        speed = host_speed(self.fd)
        return speed is None or speed == self.baud

    def _noise(self, size: int) -> bytes:
        return bytes(self.rng.randrange(256) for _ in range(size))

    def _garble(self, data: bytes) -> bytes:
        """What a UART receives when sender and receiver disagree on the rate: shorter or longer noise."""
        speed = host_speed(self.fd) or self.baud
        ratio = speed / self.baud
        size = max(1, round(len(data) / ratio)) if ratio > 0 else len(data)
        self.garbled += len(data)
        # break characters and framing errors usually read as 0x00 / 0xff / high-bit noise; never a clean sync
        return bytes(b if b not in (0x7E,) else 0xFE for b in self._noise(size))

    def _serve(self) -> None:
        poller = select.poll()
        poller.register(self.fd, select.POLLIN)
        usb_touch = False
        while not self._stop.is_set():
            events = poller.poll(20)
            if self.link == "usb":
                touched = host_speed(self.fd) == 1200
                if touched and not usb_touch:
                    self._bootloader_request()
                usb_touch = touched
            if not events:
                continue
            if events[0][1] & select.POLLHUP and not events[0][1] & select.POLLIN:
                time.sleep(0.01)  # nobody has the port open
                continue
            try:
                data = os.read(self.fd, 4096)
            except BlockingIOError:
                continue
            except OSError as exc:
                if exc.errno == errno.EIO:
                    time.sleep(0.01)
                    continue
                raise
            if not data:
                continue
            self.received += len(data)
            speed_ok = self._speed_ok()
            if self.faults.silent:
                continue
            incoming = data if speed_ok else self._garble(data)
            reply = self.responder.feed(incoming)
            if not reply:
                continue
            if self.faults.garbage:
                reply = self._noise(len(reply))
            elif not speed_ok:
                reply = self._garble(reply)
            if self.faults.delay:
                time.sleep(self.faults.delay)
            self._send(reply)

    def _send(self, data: bytes) -> None:
        if self.link == "uart":
            time.sleep(len(data) * 10 / self.baud)  # the line's own time
        view = memoryview(data)
        while view and not self._stop.is_set():
            try:
                n = os.write(self.fd, view)
            except BlockingIOError:
                time.sleep(0.001)
                continue
            except OSError:
                return
            view = view[n:]
            self.sent += n


# A process that holds a tty open until it is terminated (the "klippy" of the port-in-use tests).
_HOLDER = (
    "import os, signal, sys, time\n"
    "fd = os.open(sys.argv[1], os.O_RDWR | os.O_NOCTTY)\n"
    "print('held', flush=True)\n"
    "signal.sigwait({signal.SIGTERM, signal.SIGINT})\n"
)


def main(argv: list[str] | None = None) -> int:
    """`python -m doctor.sim.klipper_mcu`: serve one emulated MCU until interrupted; prints its port."""
    p = argparse.ArgumentParser(prog="python -m doctor.sim.klipper_mcu", description=__doc__.splitlines()[0])
    p.add_argument("--mcu", default="stm32f446xx")
    p.add_argument("--version", default="v0.12.0-302-g87ac69363")
    p.add_argument("--baud", type=int, default=250000)
    p.add_argument("--link", choices=("uart", "usb"), default="uart")
    p.add_argument("--silent", action="store_true")
    p.add_argument("--garbage", action="store_true")
    p.add_argument("--link-file", help="also create this symlink to the pty (like /tmp/klipper_host_mcu)")
    p.add_argument("--hold-follower", action="store_true", help="keep both ends of the pty open, as Klipper's Linux MCU does")
    args = p.parse_args(argv)
    dictionary = example_dictionary(args.mcu, args.version, serial_baud=args.baud if args.link == "uart" else None)
    sim = KlipperMcuSim(dictionary, baud=args.baud, link=args.link, faults=Faults(silent=args.silent, garbage=args.garbage),
                        hold_follower=args.hold_follower)
    if args.link_file:
        if os.path.islink(args.link_file):
            os.unlink(args.link_file)
        os.symlink(sim.port, args.link_file)
    print(sim.port, flush=True)

    def _stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _stop)
    with sim:
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
    if args.link_file and os.path.islink(args.link_file):
        os.unlink(args.link_file)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
