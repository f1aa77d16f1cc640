"""STK500 version 1 emulator on a pseudo-terminal (Atmel application note AVR061).

What avrdude `-c arduino` (an Arduino bootloader such as optiboot) and `-c avrisp` / `-c stk500v1`
(an "Arduino as ISP" or STK500 programmer wired to a target) speak. Every command is a command
byte, its fixed arguments, then Sync_CRC_EOP (0x20); every answer starts with Resp_STK_INSYNC (0x14)
and ends with Resp_STK_OK (0x10), or is Resp_STK_NOSYNC (0x15) when the frame did not end in EOP.

Two modes:
- "bootloader": the chip programs itself. READ_SIGN answers, each PROG_PAGE erases its page first,
  a chip erase through UNIVERSAL is ignored (as optiboot does), fuses can be read, not written.
- "isp": a programmer in front of a target. UNIVERSAL carries the target's 4-byte serial
  programming instructions (signature, fuses, lock, chip erase, extended address); the target only
  answers ENTER_PROGMODE when it is powered (`chip.signature` not all 0x00/0xFF) and the SCK
  period (Parm_STK_SCK_DURATION, 8 / 7.3728 MHz per count, set by avrdude's -B) is at least four
  target clock cycles.

Usage (tests): `with Stk500v1(AvrChip(PARTS["m328p"])) as emu: run avrdude -P emu.port ...`.
"""

from __future__ import annotations

from typing import Literal

from doctor.sim.avr import AvrChip, Disconnected, IdleTimeout, PtySerial, Server

# Responses and the frame end (AVR061, "Protocol constants")
RESP_OK = 0x10
RESP_FAILED = 0x11
RESP_UNKNOWN = 0x12
RESP_NODEVICE = 0x13
RESP_INSYNC = 0x14
RESP_NOSYNC = 0x15
EOP = 0x20

# Commands: name -> (code, number of argument bytes before EOP; None = variable)
GET_SYNC = 0x30
GET_SIGN_ON = 0x31
SET_PARAMETER = 0x40
GET_PARAMETER = 0x41
SET_DEVICE = 0x42
SET_DEVICE_EXT = 0x45
ENTER_PROGMODE = 0x50
LEAVE_PROGMODE = 0x51
CHIP_ERASE = 0x52
CHECK_AUTOINC = 0x53
LOAD_ADDRESS = 0x55
UNIVERSAL = 0x56
PROG_FLASH = 0x60
PROG_DATA = 0x61
PROG_FUSE = 0x62
PROG_LOCK = 0x63
PROG_PAGE = 0x64
PROG_FUSE_EXT = 0x65
READ_FLASH = 0x70
READ_DATA = 0x71
READ_FUSE = 0x72
READ_LOCK = 0x73
READ_PAGE = 0x74
READ_SIGN = 0x75
READ_OSCCAL = 0x76
READ_FUSE_EXT = 0x77

# Parameters (GET_PARAMETER / SET_PARAMETER)
PARM_HW_VER = 0x80
PARM_SW_MAJOR = 0x81
PARM_SW_MINOR = 0x82
PARM_VTARGET = 0x84
PARM_VADJUST = 0x85
PARM_OSC_PSCALE = 0x86
PARM_OSC_CMATCH = 0x87
PARM_SCK_DURATION = 0x89
PARM_TOPCARD_DETECT = 0x98

STK500_XTAL = 7_372_800  # the STK500's controller clock: one SCK_DURATION count is 8 of its cycles

Mode = Literal["bootloader", "isp"]


class Stk500v1(Server):
    """An STK500v1 device on a pty. `chip` is what it programs; `log` records (command, args) received."""

    def __init__(
        self,
        chip: AvrChip,
        *,
        mode: Mode = "bootloader",
        target_clock_hz: float | None = None,
        responsive: bool = True,
        idle_timeout: float = 3600.0,
    ) -> None:
        super().__init__()
        self.chip = chip
        self.mode = mode
        self.target_clock_hz = target_clock_hz  # None: fast enough for any SCK
        self.responsive = responsive  # False: a board whose bootloader never runs (no answer at all)
        self.idle_timeout = idle_timeout
        self.pty = PtySerial()
        self.port = self.pty.port
        self.params: dict[int, int] = {
            PARM_HW_VER: 2,
            PARM_SW_MAJOR: 1,
            PARM_SW_MINOR: 18,
            PARM_VTARGET: 50,
            PARM_VADJUST: 50,
            PARM_OSC_PSCALE: 0,
            PARM_OSC_CMATCH: 0,
            PARM_SCK_DURATION: 1,
            PARM_TOPCARD_DETECT: 0xFF,
        }
        self.address = 0  # word address for flash, as LOAD_ADDRESS gives it
        self.ext_address = 0  # bits 16..23 of the word address (UNIVERSAL 0x4D)
        self.in_progmode = False
        self.log: list[tuple[int, bytes]] = []

    def close(self) -> None:
        self.pty.close()

    # --- the target's answers -------------------------------------------------------------

    def sck_period(self) -> float:
        return max(1, self.params[PARM_SCK_DURATION]) * 8 / STK500_XTAL

    def target_answers(self) -> bool:
        """Whether the target answers the programming-enable instruction."""
        sig = self.chip.signature or b""
        if sig in (b"\x00\x00\x00", b"\xff\xff\xff"):
            return False
        if self.mode == "isp" and self.target_clock_hz is not None:
            return self.sck_period() >= 4 / self.target_clock_hz
        return True

    def universal(self, instr: bytes) -> int:
        """Execute one 4-byte serial programming instruction and return the byte the target shifts out."""
        a, b, c, d = instr
        chip = self.chip
        sig = chip.signature or b"\0\0\0"
        if a == 0xAC and b == 0x53:  # programming enable
            return 0x53 if self.target_answers() else 0x00
        if not self.target_answers():
            return 0x00
        if a == 0x30:  # read signature byte c
            return sig[c & 3] if (c & 3) < 3 else 0xFF
        if a == 0x50 and b == 0x00:
            return chip.fuses[0]
        if a == 0x58 and b == 0x08:
            return chip.fuses[1]
        if a == 0x50 and b == 0x08:
            return chip.fuses[2]
        if a == 0x58 and b == 0x00:
            return chip.lock
        if a == 0x38:  # calibration byte
            return 0x9A
        if a == 0x4D:  # load extended address
            self.ext_address = c
            return 0x00
        if self.mode == "bootloader":
            return 0x00  # optiboot: writes, erases and anything else through UNIVERSAL are ignored
        if a == 0xAC:
            if b == 0x80:
                chip.erase()
            elif b == 0xA0:
                chip.write_fuse(0, d)
            elif b == 0xA8:
                chip.write_fuse(1, d)
            elif b == 0xA4:
                chip.write_fuse(2, d)
            elif b == 0xE0:
                chip.write_lock(d)
            return 0x00
        if a in (0x20, 0x28):  # read program memory low/high byte at word address b:c
            word = (self.ext_address << 16) | (b << 8) | c
            return chip.flash[(word * 2 + (1 if a == 0x28 else 0)) % len(chip.flash)]
        if a == 0xA0:  # read EEPROM byte
            return chip.eeprom[((b << 8) | c) % len(chip.eeprom)]
        if a == 0xC0:  # write EEPROM byte
            chip.eeprom[((b << 8) | c) % len(chip.eeprom)] = d
        return 0x00

    # --- the wire ----------------------------------------------------------------------------

    def serve(self) -> None:
        while not self.stopping:
            try:
                cmd = self.pty.read(1, 0.2)[0]
            except (IdleTimeout, Disconnected):
                continue
            if not self.responsive:
                continue
            try:
                self.command(cmd)
            except Disconnected:
                self.in_progmode = False
            except IdleTimeout:
                continue  # a frame cut short: wait for the host's next sync

    def _args(self, n: int) -> bytes | None:
        """n argument bytes and the EOP; None (after answering NOSYNC) when the EOP is missing."""
        data = self.pty.read(n + 1, 1.0)
        if data[-1] != EOP:
            self.pty.write(bytes((RESP_NOSYNC,)))
            return None
        return data[:-1]

    def _reply(self, payload: bytes = b"", status: int = RESP_OK) -> None:
        self.pty.write(bytes((RESP_INSYNC,)) + payload + bytes((status,)))

    def command(self, cmd: int) -> None:
        chip = self.chip
        fixed = {
            GET_SYNC: 0, GET_SIGN_ON: 0, SET_PARAMETER: 2, GET_PARAMETER: 1, SET_DEVICE: 20,
            ENTER_PROGMODE: 0, LEAVE_PROGMODE: 0, CHIP_ERASE: 0, CHECK_AUTOINC: 0, LOAD_ADDRESS: 2,
            UNIVERSAL: 4, PROG_FLASH: 2, PROG_DATA: 1, PROG_FUSE: 2, PROG_LOCK: 1, PROG_FUSE_EXT: 3,
            READ_FLASH: 0, READ_DATA: 0, READ_FUSE: 0, READ_LOCK: 0, READ_SIGN: 0, READ_OSCCAL: 0,
            READ_FUSE_EXT: 0,
        }
        if cmd == SET_DEVICE_EXT:
            count = self.pty.read(1, 1.0)[0]  # counts itself
            args = self._args(max(count - 1, 0))
        elif cmd == PROG_PAGE:
            head = self.pty.read(3, 1.0)
            size = (head[0] << 8) | head[1]
            body = self._args(size)
            args = None if body is None else head + body
        elif cmd == READ_PAGE:
            args = self._args(3)
        elif cmd in fixed:
            args = self._args(fixed[cmd])
        else:
            # Unknown command: UNKNOWN if the EOP follows, NOSYNC otherwise (AVR061).
            nxt = self.pty.read(1, 1.0)[0]
            self.pty.write(bytes((RESP_UNKNOWN if nxt == EOP else RESP_NOSYNC,)))
            return
        if args is None:
            return
        self.log.append((cmd, args))

        if cmd == GET_SYNC or cmd == SET_DEVICE or cmd == SET_DEVICE_EXT or cmd == CHECK_AUTOINC:
            self._reply()
        elif cmd == GET_SIGN_ON:
            self._reply(b"AVR STK")
        elif cmd == GET_PARAMETER:
            if args[0] in self.params:
                self._reply(bytes((self.params[args[0]],)))
            else:
                self._reply(b"\x00", RESP_FAILED)
        elif cmd == SET_PARAMETER:
            self.params[args[0]] = args[1]
            self._reply()
        elif cmd == ENTER_PROGMODE:
            if self.target_answers():
                self.in_progmode = True
                self._reply()
            else:
                self._reply(status=RESP_NODEVICE)
        elif cmd == LEAVE_PROGMODE:
            self.in_progmode = False
            self._reply()
        elif cmd == CHIP_ERASE:
            if self.mode == "isp":
                chip.erase()
            self._reply()
        elif cmd == LOAD_ADDRESS:
            self.address = args[0] | (args[1] << 8)
            self._reply()
        elif cmd == UNIVERSAL:
            self._reply(bytes((self.universal(args),)))
        elif cmd == READ_SIGN:
            self._reply(chip.signature or b"\0\0\0")
        elif cmd == READ_FUSE:
            self._reply(bytes((chip.fuses[0], chip.fuses[1])))
        elif cmd == READ_FUSE_EXT:
            self._reply(bytes(chip.fuses))
        elif cmd == READ_LOCK:
            self._reply(bytes((chip.lock,)))
        elif cmd == READ_OSCCAL:
            self._reply(b"\x9a")
        elif cmd == PROG_PAGE:
            self._prog_page(args[2], args[3:])
        elif cmd == READ_PAGE:
            self._read_page((args[0] << 8) | args[1], args[2])
        elif cmd in (PROG_FUSE, PROG_FUSE_EXT, PROG_LOCK) and self.mode == "isp":
            for i, value in enumerate(args):
                if cmd == PROG_LOCK:
                    chip.write_lock(value)
                else:
                    chip.write_fuse(i, value)
            self._reply()
        else:  # byte-wise PROG_FLASH/PROG_DATA/READ_FLASH/READ_DATA are not used by avrdude's paged modes
            self._reply(status=RESP_FAILED)

    def _byte_address(self, memtype: int) -> int:
        word = (self.ext_address << 16) | self.address
        # Flash is addressed in words; EEPROM too for the "arduino" bootloaders avrdude talks to.
        return word * 2 if memtype == ord("F") or self.mode == "bootloader" else word

    def _prog_page(self, memtype: int, data: bytes) -> None:
        start = self._byte_address(memtype)
        if memtype == ord("F"):
            self.chip.write_flash(start, data, erase_pages=self.mode == "bootloader")
        elif memtype == ord("E"):
            self.chip.eeprom[start : start + len(data)] = data
        else:
            self._reply(status=RESP_FAILED)
            return
        self._reply()

    def _read_page(self, size: int, memtype: int) -> None:
        start = self._byte_address(memtype)
        if memtype == ord("F"):
            self._reply(self.chip.read_flash(start, size))
        elif memtype == ord("E"):
            data = bytes(self.chip.eeprom[start : start + size])
            self._reply(data + b"\xff" * (size - len(data)))
        else:
            self._reply(status=RESP_FAILED)
