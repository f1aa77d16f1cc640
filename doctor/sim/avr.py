"""The target side shared by the AVR protocol emulators: a simulated chip and a pseudo-terminal server.

`AvrChip` holds what a real AVR keeps: flash (erased = 0xFF), EEPROM, signature, fuses and lock
bits. Fuse bytes that do not exist on the part (`unused` masks) read back as 1, as on silicon: a
write of efuse 0x05 to an ATmega328P reads back 0xFD.

`PtySerial` is a serial device on a pseudo-terminal. The emulator owns the controller side; the
host (avrdude, pyserial) opens `port` like any tty. A pty does not enforce baud rate, but its
termios settings are shared by both ends, so the emulator can see the speed the host chose
(the Caterina 1200-baud touch) and, by POLLHUP on the controller side, when the host closed it.
"""

from __future__ import annotations

import errno
import os
import select
import termios
import threading
import time
import tty
from dataclasses import dataclass, field

B1200 = termios.B1200


class Disconnected(Exception):
    """The host closed the port (nobody holds the pty's terminal side any more)."""


class IdleTimeout(Exception):
    """No byte arrived within the time allowed."""


@dataclass(frozen=True)
class AvrPart:
    """What the emulators need to know of a part (values from the part's datasheet)."""

    name: str
    signature: bytes
    flash_size: int
    page_size: int
    eeprom_size: int
    boot_size: int  # bytes at the top of flash that the bootloader occupies (0: none)
    fuses: tuple[int, int, int]  # factory low, high, extended
    unused: tuple[int, int, int]  # bits of low, high, extended that do not exist (read back as 1)
    lock_unused: int = 0xC0


PARTS: dict[str, AvrPart] = {
    # ATmega328P: 32 KiB flash, 128-byte pages; efuse uses only BODLEVEL2:0 (bits 2..0).
    "m328p": AvrPart("ATmega328P", bytes((0x1E, 0x95, 0x0F)), 32768, 128, 1024, 512, (0xFF, 0xDE, 0xFD), (0, 0, 0xF8)),
    # ATmega32U4: 32 KiB flash, 128-byte pages; efuse uses bits 3..0 (HWBE, BODLEVEL2:0).
    "m32u4": AvrPart("ATmega32U4", bytes((0x1E, 0x95, 0x87)), 32768, 128, 1024, 4096, (0xFF, 0xD8, 0xCB), (0, 0, 0xF0)),
    # ATmega2560: 256 KiB flash, 256-byte pages (extended addressing).
    "m2560": AvrPart("ATmega2560", bytes((0x1E, 0x98, 0x01)), 262144, 256, 4096, 8192, (0xFF, 0xD8, 0xFD), (0, 0, 0xF8)),
}


@dataclass
class AvrChip:
    """A simulated AVR: memories plus the faults a bench can inject."""

    part: AvrPart
    flash: bytearray = field(default_factory=bytearray)
    eeprom: bytearray = field(default_factory=bytearray)
    fuses: list[int] = field(default_factory=list)
    lock: int = 0xFF
    signature: bytes | None = None  # None: the part's; b"\0\0\0" models an unpowered or unwired target
    protect_boot: bool = True  # writes into the bootloader section leave it unchanged

    def __post_init__(self) -> None:
        if not self.flash:
            self.flash = bytearray(b"\xff" * self.part.flash_size)
        if not self.eeprom:
            self.eeprom = bytearray(b"\xff" * self.part.eeprom_size)
        if not self.fuses:
            self.fuses = list(self.part.fuses)
        if self.signature is None:
            self.signature = self.part.signature

    @property
    def app_end(self) -> int:
        """First byte of the bootloader section (the end of what an application may use)."""
        return self.part.flash_size - (self.part.boot_size if self.protect_boot else 0)

    def erase(self, *, application_only: bool = False) -> None:
        end = self.app_end if application_only else self.part.flash_size
        self.flash[:end] = b"\xff" * end
        if not application_only:
            self.eeprom[:] = b"\xff" * len(self.eeprom)
            self.lock = 0xFF

    def write_flash(self, address: int, data: bytes, *, erase_pages: bool = False) -> None:
        """Program bytes at a byte address; bytes past the application section are dropped.

        Programming only clears bits, as on real flash; a bootloader erases each page it is given
        first (`erase_pages`), an ISP programmer relies on a chip erase before.
        """
        if erase_pages and data:
            page = self.part.page_size
            first = address - address % page
            for start in range(first, address + len(data), page):
                if start + page <= self.app_end:
                    self.flash[start : start + page] = b"\xff" * page
        for i, byte in enumerate(data):
            a = address + i
            if 0 <= a < self.app_end:
                self.flash[a] &= byte

    def read_flash(self, address: int, size: int) -> bytes:
        out = bytes(self.flash[address : address + size])
        return out + b"\xff" * (size - len(out))

    def write_fuse(self, index: int, value: int) -> None:
        self.fuses[index] = (value | self.part.unused[index]) & 0xFF

    def write_lock(self, value: int) -> None:
        self.lock = (value | self.part.lock_unused) & 0xFF

    def image(self, size: int | None = None) -> bytes:
        """The flash from address 0, `size` bytes (all of it by default)."""
        return bytes(self.flash[: size if size is not None else len(self.flash)])


class PtySerial:
    """The device end of a pseudo-terminal: read and write bytes, see the host's speed and its close."""

    def __init__(self) -> None:
        self.fd, slave = os.openpty()
        try:
            tty.setraw(slave)  # no echo, no line editing, even before the host configures the port
            self.port = os.ttyname(slave)
        finally:
            os.close(slave)  # keep only the controller side: the host's close then shows as POLLHUP
        self._poll = select.poll()
        self._poll.register(self.fd, select.POLLIN | select.POLLHUP)
        self.closed = False

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            try:
                os.close(self.fd)
            except OSError:
                pass

    def speed(self) -> int:
        """The output speed the host set on its side (a termios B* constant)."""
        return termios.tcgetattr(self.fd)[5]

    def host_attached(self) -> bool:
        """True while some process holds the terminal side open."""
        for _fd, ev in self._poll.poll(0):
            if ev & select.POLLHUP:
                return False
        return True

    def read(self, n: int, timeout: float) -> bytes:
        """Exactly n bytes, or IdleTimeout when the host sends nothing for `timeout` s between bytes.

        Raises Disconnected when the host closes the port in the middle of a read.
        """
        out = bytearray()
        deadline = time.monotonic() + timeout
        while len(out) < n:
            left = deadline - time.monotonic()
            if left <= 0:
                raise IdleTimeout()
            events = self._poll.poll(min(left, 0.05) * 1000)
            if not events:
                continue
            ev = events[0][1]
            if ev & select.POLLIN:
                try:
                    chunk = os.read(self.fd, n - len(out))
                except OSError as exc:
                    if exc.errno != errno.EIO:
                        raise
                    chunk = b""
                if chunk:
                    out += chunk
                    deadline = time.monotonic() + timeout
                    continue
            if ev & select.POLLHUP:
                if out:
                    raise Disconnected()
                time.sleep(0.01)  # nobody attached: wait for the host without spinning
        return bytes(out)

    def write(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            try:
                written = os.write(self.fd, view)
            except BlockingIOError:
                time.sleep(0.001)
                continue
            view = view[written:]


class Server:
    """Runs an emulator's `serve()` in a daemon thread; `stop()` ends it and frees the pty."""

    def __init__(self) -> None:
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.error: BaseException | None = None

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def serve(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def _main(self) -> None:
        try:
            self.serve()
        except BaseException as exc:  # noqa: BLE001 - kept for the test to re-raise
            if not self._stop.is_set():
                self.error = exc

    def start(self) -> "Server":
        self._thread = threading.Thread(target=self._main, name=type(self).__name__, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self.close()
        if self.error is not None:
            raise self.error

    def close(self) -> None:  # pragma: no cover - overridden
        pass

    def __enter__(self) -> "Server":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
