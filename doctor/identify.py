"""What answers on a serial port: a Klipper MCU, a Katapult bootloader, or nothing.

`identify_port(port)` is safe by construction: it never opens a port another process holds (it
reports the holders instead: SER003), never uses 1200 baud (the USB bootloader request), and only
sends Klipper's `identify` and Katapult's CONNECT, which change nothing on the board. The whole run
is bounded by `budget` seconds.

The result is one fact (schema: identify.ports[]):

    outcome   klipper | katapult | silent | noise | held | no-access | missing | error
    link      usb | uart | pty       (usb: a USB CDC or USB-serial adapter port; uart: ttyS*/ttyAMA*)
    baud      the rate used
    bytes_received   how many bytes came back at all (noise included)
    klipper   {version, mcu, clock_freq, serial_baud, canbus_frequency, config, build_versions...}
    katapult  {proto_version, mcu, app_start, block_size, version...}
    holders   [{pid, comm, cmdline, unit}] when held
    tried     ["klipper", "katapult"] in the order tried
    seconds   wall time

`silent` means no byte at all came back; `noise` means bytes came back but neither protocol could
be read from them (the usual sign of a baud mismatch on a UART).
"""

from __future__ import annotations

import os
import stat
import time
from typing import Any

from doctor.checks.serial import port_holders  # noqa: F401  (also used by doctor.guide)

from doctor.errors import UsageError

DEFAULT_BAUD = 250000
BUDGET = 2.0  # seconds for one port, all attempts together (the command's promise is 3 s)
OUTCOMES = ("klipper", "katapult", "silent", "noise", "held", "no-access", "missing", "error")


def link_of(port: str) -> str:
    """usb | uart | pty, from the device name (after following by-id/by-path links)."""
    real = os.path.realpath(port)
    name = os.path.basename(real)
    if real.startswith("/dev/pts/") or name.startswith("pts"):
        return "pty"
    if name.startswith(("ttyACM", "ttyUSB")):
        return "usb"
    return "uart"


def usb_role(port: str) -> tuple[str | None, str | None, str | None]:
    """(role, vid:pid, product) of the USB device behind a tty, through udev; Nones when unknown."""
    try:
        import pyudev

        from doctor import devices

        dev = pyudev.Devices.from_device_file(pyudev.Context(), os.path.realpath(port))
        usb = dev.find_parent("usb", "usb_device")
        if usb is None:
            return None, None, None
        attrs = usb.attributes

        def get(name: str) -> str | None:
            try:
                return attrs.asstring(name).strip()
            except (KeyError, UnicodeDecodeError):
                return None

        vid, pid = get("idVendor"), get("idProduct")
        if not vid or not pid:
            return None, None, None
        role = devices.classify(vid, pid, get("manufacturer"), get("product"), get("bcdDevice")).role
        return role, f"{vid}:{pid}", get("product")
    except Exception:  # noqa: BLE001 - no udev, not a device file: the role is simply unknown
        return None, None, None


def _preflight(port: str) -> dict[str, Any] | None:
    """A result that ends the identification before the port is opened (missing, no access, held)."""
    try:
        st = os.stat(port)
    except FileNotFoundError:
        return {"outcome": "missing", "error": f"{port} does not exist"}
    except OSError as exc:
        return {"outcome": "error", "error": f"cannot stat {port}: {exc.strerror or exc}"}
    if not stat.S_ISCHR(st.st_mode):
        return {"outcome": "error", "error": f"{port} is not a character device (not a serial port)"}
    if not os.access(port, os.R_OK | os.W_OK):
        return {"outcome": "no-access", "error": f"permission denied: this user may not open {port}"}
    held = port_holders(port)
    if held:
        return {"outcome": "held", "holders": held, "error": f"{port} is open in another process; doctor did not touch it"}
    return None


def identify_port(
    port: str,
    baud: int | None = None,
    *,
    budget: float = BUDGET,
    order: tuple[str, ...] | None = None,
) -> dict[str, Any]:
    """Identify what answers on `port` (see the module docstring for the result). Never raises for the board's behaviour."""
    if baud is not None and baud == 1200:
        raise UsageError(
            "1200 baud is the USB bootloader request for Klipper, Katapult and Arduino boards: identify never uses it",
            "use the board's configured baud (default 250000)",
        )
    start = time.monotonic()
    link = link_of(port)
    role, ident, product = usb_role(port) if link == "usb" else (None, None, None)
    result: dict[str, Any] = {"port": port, "link": link, "baud": baud or DEFAULT_BAUD, "tried": [], "bytes_received": 0}
    if port != os.path.realpath(port):
        result["device"] = os.path.realpath(port)
    if role:
        result["usb_role"] = role
    if ident:
        result["usb_id"] = ident
    early = _preflight(port)
    if early is not None:
        result.update(early)
        result["seconds"] = round(time.monotonic() - start, 3)
        return result
    if order is None:
        # Katapult first, always: its CONNECT is harmless to a Klipper MCU (which resynchronises on 0x7e and
        # NAKs once), while Klipper's identify frame can wedge Katapult's parser until a reset (its resync
        # search for 0x01 restarts at the failed frame, and identify's message id is 0x01).
        order = ("katapult", "klipper")
    from doctor.protocols import katapult, klipper

    try:
        transport = katapult.SerialTransport(port, result["baud"])
    except katapult.KatapultError as exc:
        result.update(outcome="error", error=exc.message)
        result["seconds"] = round(time.monotonic() - start, 3)
        return result
    except (ValueError, OSError) as exc:  # pyserial: not a tty (no termios), or a baud the driver refuses
        result.update(outcome="error", error=f"cannot use {port} as a serial port: {exc}")
        result["seconds"] = round(time.monotonic() - start, 3)
        return result
    counting = _Counting(transport)
    try:
        for index, name in enumerate(order):
            remaining = budget - (time.monotonic() - start)
            share = remaining / (len(order) - index)
            if share < 0.2:
                break
            result["tried"].append(name)
            if name == "klipper":
                client = klipper.KlipperClient(counting)
                counting.listen_for = "katapult" if "katapult" in order[index + 1 :] else None
                try:
                    # a dictionary that is arriving may use what the later attempts would have had
                    later = 0.25 * (len(order) - index - 1)
                    identity = client.identify(timeout=max(share, remaining - later), retry_every=min(0.4, share / 2), first_reply=share)
                except (klipper.ProtocolError, _OtherProtocol):
                    continue
                finally:
                    counting.listen_for = None
                result["outcome"] = "klipper"
                result["klipper"] = identity.to_fact()
                break
            kat = katapult.KatapultClient(counting, result["baud"], timeout=max(0.1, share / 2 - 0.1), tries=2, prime=katapult.needs_prime(product))
            counting.listen_for = "klipper" if "klipper" in order[index + 1 :] else None
            try:
                kat.drain(limit=0.05)  # what the board sent for bytes before ours
                info = kat.connect()
            except (katapult.KatapultError, _OtherProtocol):
                continue
            finally:
                counting.listen_for = None
            result["outcome"] = "katapult"
            result["katapult"] = info.to_fact()
            break
    except katapult.KatapultVanished as exc:
        result.update(outcome="error", error=f"the port went away: {exc.message}")
    finally:
        transport.close()
    result["bytes_received"] = counting.received
    if "outcome" not in result:
        result["outcome"] = "noise" if counting.received else "silent"
    result["seconds"] = round(time.monotonic() - start, 3)
    return result


class _OtherProtocol(Exception):
    """The other protocol's frame came back (Klipper's NAK to CONNECT, Katapult's NACK to identify): stop this attempt."""


class _Counting:
    """A transport wrapper that counts the bytes that came back (to tell `silent` from `noise`).

    `listen_for` = "klipper": a valid Klipper frame in the input (its NAK of CONNECT) raises
    _OtherProtocol, so the Katapult attempt ends at once; "katapult": Katapult's frame header (01 88,
    its NACK) does the same for the Klipper attempt.
    """

    def __init__(self, inner: Any) -> None:
        from doctor.protocols.klipper import FrameReader

        self.inner = inner
        self.received = 0
        self.port = getattr(inner, "port", "transport")
        self.listen_for: str | None = None
        self._tail = b""
        self._klipper = FrameReader()

    def write(self, data: bytes) -> None:
        self.inner.write(data)

    def read(self, timeout: float) -> bytes:
        data: bytes = self.inner.read(timeout)
        self.received += len(data)
        if data and self.listen_for == "katapult":
            seen = self._tail + data
            self._tail = data[-1:]
            if b"\x01\x88" in seen:
                raise _OtherProtocol()
        elif data and self.listen_for == "klipper" and self._klipper.feed(data):
            raise _OtherProtocol()
        return data

    def close(self) -> None:
        pass  # the owner closes the real transport


def meaning(result: dict[str, Any]) -> list[str]:
    """Plain sentences saying what an outcome means for this port (shown by `doctor identify`).

    The knowledge base judges the facts (SER003, SER006, SER007, BOOT001...); these sentences only
    read the outcome back to the person who asked, with the next command to try.
    """
    port, baud, link = result["port"], result.get("baud"), result.get("link")
    outcome = result.get("outcome")
    if outcome == "klipper":
        k = result["klipper"]
        clock = f"{k['clock_freq'] / 1e6:g} MHz" if k.get("clock_freq") else "unknown clock"
        return [f"Klipper {k.get('version') or '(no version)'} is running on {port}: MCU {k.get('mcu') or '?'}, {clock}."]
    if outcome == "katapult":
        info = result["katapult"]
        start = info.get("app_start")
        start_text = f"{start:#x}" if isinstance(start, int) else str(start)
        return [
            f"The Katapult bootloader is waiting on {port}: MCU {info.get('mcu') or '?'}, "
            f"application at {start_text}, {info.get('block_size')}-byte blocks, version {info.get('version') or '?'}."
        ]
    if outcome == "held":
        who = ", ".join(f"{h.get('comm') or '?'} (pid {h.get('pid')}{', ' + h['unit'] if h.get('unit') else ''})" for h in result.get("holders", []))
        return [f"{port} is open in {who}; doctor did not open it (SER003).", "Stop that program first, e.g. `sudo systemctl stop klipper`, then run this again."]
    if outcome == "no-access":
        return [f"This user may not open {port} (SER004).", "Add yourself to the port's group (`ls -l` shows it, usually dialout): `sudo usermod -aG dialout $USER`, then log in again."]
    if outcome == "missing":
        return [f"{port} does not exist (SER005).", "List the ports that do: `ls -l /dev/serial/by-id/`."]
    if outcome == "error":
        return [str(result.get("error") or "identification failed")]
    tried = " nor ".join("Klipper's identify" if t == "klipper" else "Katapult's CONNECT" for t in result.get("tried", []))
    if outcome == "noise":
        lines = [f"Bytes came back on {port} at {baud} baud, but neither {tried} could be read from them."]
        if link != "usb":
            other = 250000 if baud != 250000 else 115200
            lines.append(f"On a UART this is the sign of a baud mismatch (SER007): try the rate the firmware was built with, e.g. `doctor identify {port} --baud {other}`.")
        else:
            lines.append("Over USB the baud does not matter: the device speaks another protocol (not Klipper, not Katapult).")
        return lines
    lines = [f"Nothing answered on {port} at {baud} baud (no byte came back to {tried})."]
    if link == "usb":
        lines.append(
            "Over USB a running Klipper or Katapult always answers: the firmware on this USB-serial port is something else, "
            "or (behind a USB-UART adapter) the MCU's UART wiring or baud is wrong (SER006, SER007)."
        )
    else:
        lines.append("On a UART this means: TX/RX not crossed, no common ground, the host's serial console on that UART (SER006), or another baud (SER007).")
    lines.append(
        "If you just asked a running Klipper to enter its bootloader, it ignored the request (BOOT001): "
        "double-tap RESET to enter Katapult, then run this again."
    )
    return lines
