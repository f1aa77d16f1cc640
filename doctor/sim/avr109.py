"""AVR109 ("butterfly") bootloader emulator on a pseudo-terminal, and a Caterina board around it.

AVR109 (Atmel application note "Self-programming") is what avrdude `-c avr109` speaks to Caterina,
the Arduino Leonardo / Pro Micro bootloader. One ASCII command byte, binary arguments; commands
that return nothing else answer '\\r', unknown ones '?':

  'S' programmer id (7 chars)   'V' software version (2 chars)   'p' type ('S' = serial)
  'a' auto-increment ('Y')      'b' block support ('Y' + size hi, lo)
  'A' hi lo  set word address (flash) / byte address (EEPROM)
  'B' hi lo M data  write a block of memory M ('F' flash, 'E' EEPROM), address advances
  'g' hi lo M  read a block     'e' chip erase (application section)   'E' exit bootloader
  's' signature (3 bytes, last first)   'r' lock   'F' low fuse   'N' high fuse   'Q' extended fuse
  't' supported device codes, 0-terminated   'T' c  select device   'P'/'L' enter/leave programming
  'x'/'y' c  LED on/off   ESC  ignored (sync)

`CaterinaBoard` models the USB side: the application's CDC port is a pty linked at `app_link`;
opening it at 1200 baud and closing it (the "1200-baud touch") resets the board into Caterina,
whose own port appears at `bootloader_link` after `reenumerate_delay`. Caterina leaves for the
application after `window` seconds without a command (8 s on real boards), or on 'E'. The flash
persists across both personas, so a test can flash through the bootloader and then inspect it.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from doctor.sim.avr import B1200, AvrChip, Disconnected, IdleTimeout, PtySerial, Server

CR = b"\r"
CATERINA_WINDOW = 8.0  # seconds Caterina waits for a command before it starts the application
DEVICE_CODE_M32U4 = 0x44  # the device code Caterina reports in 't'


class Avr109(Server):
    """An AVR109 bootloader on a pty, serving until `stop()`, 'E', or `idle_timeout` s without a command.

    `on_exit` is called once with the reason ("exit" or "idle") when the bootloader stops by itself.
    """

    def __init__(
        self,
        chip: AvrChip,
        *,
        programmer_id: bytes = b"CATERIN",
        software_version: bytes = b"10",
        device_codes: bytes = bytes((DEVICE_CODE_M32U4,)),
        idle_timeout: float | None = None,
        pty: PtySerial | None = None,
    ) -> None:
        super().__init__()
        if len(programmer_id) != 7:
            raise ValueError("an AVR109 programmer id is exactly 7 characters")
        self.chip = chip
        self.programmer_id = programmer_id
        self.software_version = software_version
        self.device_codes = device_codes
        self.idle_timeout = idle_timeout
        self.pty = pty or PtySerial()
        self.port = self.pty.port
        self.address = 0
        self.exit_reason: str | None = None
        self.commands: list[str] = []  # command letters received, for tests

    def close(self) -> None:
        self.pty.close()

    def serve(self) -> None:
        last = time.monotonic()
        while not self.stopping:
            wait = 0.2
            if self.idle_timeout is not None:
                left = self.idle_timeout - (time.monotonic() - last)
                if left <= 0:
                    self.exit_reason = "idle"
                    return
                wait = min(wait, left)
            try:
                cmd = self.pty.read(1, wait)
            except (IdleTimeout, Disconnected):
                continue
            last = time.monotonic()
            try:
                done = self.command(cmd[0])
            except (IdleTimeout, Disconnected):
                continue
            last = time.monotonic()
            if done:
                self.exit_reason = "exit"
                self._wait_host_close(1.0)
                return

    def _wait_host_close(self, timeout: float) -> None:
        """After 'E': give the host time to read the '\\r' and close the port before the device goes."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.pty.host_attached():
            time.sleep(0.01)

    def command(self, c: int) -> bool:
        """Answer one command; True when it was 'E' (leave the bootloader)."""
        chip = self.chip
        pty = self.pty
        letter = chr(c)
        self.commands.append(letter)
        if letter == "S":
            pty.write(self.programmer_id)
        elif letter == "V":
            pty.write(self.software_version)
        elif letter == "v":
            pty.write(b"?")  # no hardware version
        elif letter == "p":
            pty.write(b"S")
        elif letter == "a":
            pty.write(b"Y")
        elif letter == "b":
            size = chip.part.page_size
            pty.write(bytes((ord("Y"), size >> 8, size & 0xFF)))
        elif letter == "t":
            pty.write(self.device_codes + b"\0")
        elif letter in "Txy":
            pty.read(1, 1.0)
            pty.write(CR)
        elif letter in "PL":
            pty.write(CR)
        elif letter == "A":
            hi, lo = pty.read(2, 1.0)
            self.address = (hi << 8) | lo
            pty.write(CR)
        elif letter == "H":
            b2, b1, b0 = pty.read(3, 1.0)
            self.address = (b2 << 16) | (b1 << 8) | b0
            pty.write(CR)
        elif letter == "e":
            chip.erase(application_only=True)
            pty.write(CR)
        elif letter == "s":
            sig = chip.signature or b"\0\0\0"
            pty.write(bytes((sig[2], sig[1], sig[0])))
        elif letter == "r":
            pty.write(bytes((chip.lock,)))
        elif letter == "F":
            pty.write(bytes((chip.fuses[0],)))
        elif letter == "N":
            pty.write(bytes((chip.fuses[1],)))
        elif letter == "Q":
            pty.write(bytes((chip.fuses[2],)))
        elif letter == "B":
            hi, lo, mem = pty.read(3, 1.0)
            size = (hi << 8) | lo
            data = pty.read(size, 1.0)
            pty.write(self._write_block(mem, data))
        elif letter == "g":
            hi, lo, mem = pty.read(3, 1.0)
            pty.write(self._read_block(mem, (hi << 8) | lo))
        elif letter == "E":
            pty.write(CR)
            return True
        elif c == 0x1B:
            pass  # ESC: avrdude's wake-up for the Butterfly; Caterina ignores it
        else:
            pty.write(b"?")
        return False

    def _write_block(self, mem: int, data: bytes) -> bytes:
        if mem == ord("F"):
            self.chip.write_flash(self.address * 2, data, erase_pages=True)
            self.address += len(data) // 2
        elif mem == ord("E"):
            self.chip.eeprom[self.address : self.address + len(data)] = data
            self.address += len(data)
        else:
            return b"?"
        return CR

    def _read_block(self, mem: int, size: int) -> bytes:
        if mem == ord("F"):
            out = self.chip.read_flash(self.address * 2, size)
            self.address += size // 2
            return out
        if mem == ord("E"):
            out = bytes(self.chip.eeprom[self.address : self.address + size])
            self.address += size
            return out + b"\xff" * (size - len(out))
        return b"?"


class CaterinaBoard:
    """A 32U4 board: an application with a CDC port, and Caterina reached by the 1200-baud touch.

    `links` is a folder standing in for /dev/serial/by-id: while the application runs,
    `app_link` points at its pty; while Caterina runs, `bootloader_link` points at Caterina's.
    `history` records ("app" | "bootloader" | "touch" | "idle" | "exit", time) transitions.
    """

    def __init__(
        self,
        chip: AvrChip,
        links: Path,
        *,
        app_name: str = "usb-SparkFun_Pro_Micro-if00",
        bootloader_name: str = "usb-SparkFun_Pro_Micro_Bootloader-if00",
        window: float = CATERINA_WINDOW,
        reenumerate_delay: float = 0.3,
        honours_touch: bool = True,
    ) -> None:
        self.chip = chip
        self.links = Path(links)
        self.app_link = self.links / app_name
        self.bootloader_link = self.links / bootloader_name
        self.window = window
        self.reenumerate_delay = reenumerate_delay
        self.honours_touch = honours_touch  # False: firmware without the touch (needs a double reset)
        self.history: list[tuple[str, float]] = []
        self.bootloader: Avr109 | None = None
        self._stop = threading.Event()
        self._reset = threading.Event()
        self._thread: threading.Thread | None = None
        self.error: BaseException | None = None

    def _note(self, what: str) -> None:
        self.history.append((what, time.monotonic()))

    def _link(self, link: Path, target: str | None) -> None:
        try:
            link.unlink()
        except FileNotFoundError:
            pass
        if target is not None:
            os.symlink(target, link)

    def double_reset(self) -> None:
        """The person's part: press reset twice, which starts Caterina without the touch."""
        self._reset.set()

    def _run_app(self) -> str:
        """The application persona until a touch (or a double reset); returns what ended it."""
        pty = PtySerial()
        self._link(self.app_link, pty.port)
        self._note("app")
        touched = False
        try:
            while not self._stop.is_set():
                if self._reset.is_set():
                    self._reset.clear()
                    return "reset"
                if self.honours_touch:
                    if pty.speed() == B1200:
                        touched = True
                    if touched and not pty.host_attached():
                        self._note("touch")
                        return "touch"
                time.sleep(0.01)
            return "stop"
        finally:
            self._link(self.app_link, None)
            pty.close()

    def _run_bootloader(self) -> str:
        boot = Avr109(self.chip, idle_timeout=self.window)
        self.bootloader = boot
        self._link(self.bootloader_link, boot.port)
        self._note("bootloader")
        try:
            boot._stop = self._stop  # one stop for the whole board
            boot.serve()
            reason = boot.exit_reason or "stop"
            self._note(reason)
            return reason
        finally:
            self._link(self.bootloader_link, None)
            boot.close()

    def _main(self) -> None:
        try:
            while not self._stop.is_set():
                if self._run_app() == "stop":
                    return
                if self._stop.wait(self.reenumerate_delay):
                    return
                self._run_bootloader()
                if self._stop.wait(self.reenumerate_delay):
                    return
        except BaseException as exc:  # noqa: BLE001 - re-raised by stop()
            self.error = exc

    def start(self) -> "CaterinaBoard":
        self.links.mkdir(parents=True, exist_ok=True)
        self._thread = threading.Thread(target=self._main, name="CaterinaBoard", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 2
        while not self.app_link.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        if self.error is not None:
            raise self.error

    def __enter__(self) -> "CaterinaBoard":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
