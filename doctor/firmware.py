"""Firmware images: read bin / Intel HEX / ELF / UF2, and check one against a board before anything is written.

`load(path) -> Image` reads any of the four formats into one flat byte string with its load address (None for
a raw .bin, which is placed at the bootloader's application start) and what can be learnt from the content:
the Cortex-M vector table (initial stack pointer, reset and exception handlers), the UF2 family, and Klipper's
embedded data dictionary (a zlib-compressed JSON: version, MCU, clock).

`check(image, target) -> list[Finding]` is the pre-flight: pure, no I/O. It returns error findings
FW001 (linked for another application offset), FW002 (built for another MCU), FW004 (does not fit) and
FW005 (empty image); a plan carrying any of them is refused before the first write (drivers.base.run_plan).
"""

from __future__ import annotations

import importlib.resources
import json
import os
import re
import stat
import struct
import tomllib
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from doctor.errors import UsageError
from doctor.findings import Finding

FORMATS = ("bin", "hex", "elf", "uf2")
UF2_MAGIC0, UF2_MAGIC1, UF2_MAGIC_END = 0x0A324655, 0x9E5D5157, 0x0AB16F30
UF2_FLAG_NOT_MAIN_FLASH, UF2_FLAG_FAMILY = 0x00000001, 0x00002000
MAX_IMAGE = 32 * 1024 * 1024


@dataclass
class Image:
    path: str
    format: str  # bin | hex | elf | uf2
    data: bytes  # contiguous, gaps filled with 0xFF
    base: int | None  # load address; None for .bin (placed at the application start)
    uf2_family: int | None = None
    klipper: dict[str, Any] | None = None  # {"version", "mcu", "clock_freq", "app"} from the data dictionary
    build: dict[str, Any] | None = None  # the Klipper/Katapult build beside the image: {"mcu", "app_address", "config"}

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def vectors(self) -> tuple[int, ...]:
        """The first 16 words (Cortex-M: initial SP, reset, NMI, HardFault ... SysTick); fewer if short."""
        n = min(16, len(self.data) // 4)
        return struct.unpack_from(f"<{n}I", self.data, 0) if n else ()

    def to_fact(self) -> dict[str, Any]:
        vec = self.vectors
        return {
            "path": self.path,
            "format": self.format,
            "size": self.size,
            "base": self.base,
            "initial_sp": vec[0] if vec else None,
            "reset_vector": vec[1] if len(vec) > 1 else None,
            "uf2_family": None if self.uf2_family is None else f"{self.uf2_family:#010x}",
            "klipper": self.klipper,
            "build": self.build,
        }


@dataclass
class Target:
    """The board an image is about to go to (what the bootloader and the MCU table say)."""

    mcu: str | None = None
    app_start: int | None = None  # where the bootloader places the application (Katapult CONNECT reports it)
    flash_base: int | None = None
    flash_size: int | None = None
    ram: list[tuple[int, int]] = field(default_factory=list)
    bootloader: str = "the bootloader"
    arm: bool = False  # the writer only serves ARM Cortex-M parts (Katapult, ST-Link): expect a vector table
    assumed: str | None = None  # the flash size was assumed (a name that covers several sizes): what and how to say more

    @classmethod
    def for_mcu(cls, mcu: str | None, app_start: int | None = None, flash_size: int | None = None, bootloader: str = "the bootloader") -> "Target":
        """Fill flash and RAM from knowledge/memory.toml for a known MCU name; `flash_size` overrides."""
        row = mcu_row(mcu)
        return cls(
            mcu=mcu,
            app_start=app_start,
            flash_base=row["flash_base"] if row else None,
            flash_size=flash_size if flash_size is not None else (row["flash_size"] if row else None),
            ram=[(int(a), int(b)) for a, b in row["ram"]] if row else [],
            bootloader=bootloader,
            assumed=(row.get("assumed") if row and flash_size is None else None),
        )


@lru_cache(maxsize=1)
def memory_table() -> dict[str, Any]:
    text = importlib.resources.files("doctor.knowledge").joinpath("memory.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def mcu_row(mcu: str | None) -> dict[str, Any] | None:
    if not mcu:
        return None
    name = mcu.lower()
    rows = [r for r in memory_table()["mcus"] if name.startswith(r["prefix"])]
    return max(rows, key=lambda r: len(r["prefix"])) if rows else None


def offset_name(address: int) -> str:
    for row in memory_table()["offsets"]:
        if row["address"] == address:
            return f"{address:#010x}, {row['name']}"
    return f"{address:#010x}"


def linked_at(image: "Image") -> int | None:
    """Where an image was linked to run, from facts only: its load address (hex, elf, uf2), else the build
    beside a raw .bin (`.config` / `out/autoconf.h`: CONFIG_FLASH_APPLICATION_ADDRESS). None when nothing
    says: the vector table can contradict an address (`check`), it cannot tell one, since Klipper's reset
    handler lies anywhere from 16 to 60 KiB into the image."""
    if image.base is not None:
        return image.base
    build = image.build or {}
    address = build.get("app_address")
    return int(address) if isinstance(address, int) else None


_CONFIG_LINE = re.compile(r'^(?:#define\s+)?(CONFIG_[A-Z0-9_]+)(?:=|\s+)"?([^"\n]*)"?\s*$')


def build_config(image_path: Path) -> dict[str, Any] | None:
    """The Klipper (or Katapult) build an image came from: `.config` and `out/autoconf.h` beside `out/klipper.bin`.
    Only files next to the image count (its folder, or the folder above an `out/`); None when there are none."""
    folder = image_path.resolve().parent if image_path.exists() else image_path.parent
    candidates = [folder / "autoconf.h", folder / ".config"]
    if folder.name == "out":
        candidates += [folder.parent / ".config"]
    values: dict[str, str] = {}
    used = []
    for cand in candidates:
        try:
            if not cand.is_file() or cand.stat().st_size > 1024 * 1024:
                continue
            text = cand.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        used.append(str(cand))
        for line in text.splitlines():
            m = _CONFIG_LINE.match(line.strip())
            if m and m.group(1) not in values:
                values[m.group(1)] = m.group(2).strip()
    if not values:
        return None
    return {"mcu": values.get("CONFIG_MCU") or None, "app_address": _int_or_none(values.get("CONFIG_FLASH_APPLICATION_ADDRESS")), "files": used,
            "flash_size": _int_or_none(values.get("CONFIG_FLASH_SIZE")), "flash_start": _int_or_none(values.get("CONFIG_FLASH_START"))}


def _int_or_none(text: str | None) -> int | None:
    try:
        return int(text, 0) if text else None
    except ValueError:
        return None


def uf2_family_row(family: int | None) -> dict[str, Any] | None:
    return next((r for r in memory_table()["uf2_families"] if r["id"] == family), None)


# --- reading ----------------------------------------------------------------------------------------------


def load(path: str | Path) -> Image:
    """Read an image; the format is told by content (ELF magic, UF2 magic, Intel HEX records), else bin."""
    from doctor.snapshot_check import open_input  # a FIFO nobody writes to must not block the open

    p = Path(path)
    try:
        with open_input(p) as fh:
            st = os.fstat(fh.fileno())
            if not stat.S_ISREG(st.st_mode):  # a device, FIFO or socket (/dev/zero) is never read
                raise UsageError(f"{p} is not a regular file: not a firmware image", "give the built image, e.g. ~/klipper/out/klipper.bin")
            raw = fh.read(MAX_IMAGE + 1)  # bounded before reading: the size check needs no more
    except OSError as exc:
        raise UsageError(f"cannot read the firmware {p}: {exc.strerror or exc}", "check the path (Klipper builds out/klipper.bin)") from exc
    if len(raw) > MAX_IMAGE:
        raise UsageError(f"{p} is larger than {MAX_IMAGE // (1024 * 1024)} MiB: too large to be a firmware image")
    fmt = sniff(raw)
    if fmt == "elf":
        data, base = _read_elf(raw, p)
        image = Image(str(p), "elf", data, base)
    elif fmt == "uf2":
        data, base, family = _read_uf2(raw, p)
        image = Image(str(p), "uf2", data, base, uf2_family=family)
    elif fmt == "hex":
        data, base = _read_hex(p)
        image = Image(str(p), "hex", data, base)
    else:
        image = Image(str(p), "bin", raw, None)
    image.klipper = klipper_dictionary(image.data)
    image.build = build_config(p)
    return image


def sniff(raw: bytes) -> str:
    if raw[:4] == b"\x7fELF":
        return "elf"
    if len(raw) >= 512 and struct.unpack_from("<II", raw, 0) == (UF2_MAGIC0, UF2_MAGIC1):
        return "uf2"
    head = raw[:64].lstrip()
    if head[:1] == b":" and all(c in b":0123456789abcdefABCDEF\r\n \t" for c in raw[:4096]):
        return "hex"
    return "bin"


def _flatten(chunks: list[tuple[int, bytes]], what: str) -> tuple[bytes, int]:
    chunks = [(a, d) for a, d in chunks if d]
    if not chunks:
        raise UsageError(f"{what} holds no data to flash")
    start = min(a for a, _ in chunks)
    end = max(a + len(d) for a, d in chunks)
    if end - start > MAX_IMAGE:
        raise UsageError(f"{what} spans {end - start:#x} bytes ({start:#x}..{end:#x}): more than one memory region?",
                         "flash one region at a time (objcopy -O binary -j .text ...)")
    out = bytearray(b"\xff" * (end - start))
    for addr, data in chunks:
        out[addr - start : addr - start + len(data)] = data
    return bytes(out), start


def _read_elf(raw: bytes, p: Path) -> tuple[bytes, int]:
    if len(raw) < 52:
        raise UsageError(f"{p} is a truncated ELF file ({len(raw)} bytes, shorter than an ELF header)")
    if raw[4] != 1 or raw[5] != 1:
        raise UsageError(f"{p} is a 64-bit or big-endian ELF: not a microcontroller image")
    e_phoff, = struct.unpack_from("<I", raw, 28)
    e_phentsize, e_phnum = struct.unpack_from("<HH", raw, 42)
    chunks = []
    for i in range(e_phnum):
        off = e_phoff + i * e_phentsize
        if off + 32 > len(raw):
            raise UsageError(f"{p} is a truncated ELF file")
        p_type, p_offset, _vaddr, p_paddr, p_filesz = struct.unpack_from("<IIIII", raw, off)
        if p_type == 1 and p_filesz:  # PT_LOAD with file contents, placed at its load (physical) address
            if p_offset + p_filesz > len(raw):
                raise UsageError(f"{p} is a truncated ELF file (a segment runs past its end)")
            chunks.append((p_paddr, raw[p_offset : p_offset + p_filesz]))
    return _flatten(chunks, str(p))


def _read_uf2(raw: bytes, p: Path) -> tuple[bytes, int, int | None]:
    chunks = []
    families: set[int] = set()
    for off in range(0, len(raw) - 511, 512):
        m0, m1, flags, addr, size, _no, _num, family = struct.unpack_from("<8I", raw, off)
        (mend,) = struct.unpack_from("<I", raw, off + 508)
        if (m0, m1, mend) != (UF2_MAGIC0, UF2_MAGIC1, UF2_MAGIC_END):
            raise UsageError(f"{p}: block {off // 512} is not a UF2 block (bad magic)")
        if flags & UF2_FLAG_NOT_MAIN_FLASH:
            continue
        if flags & UF2_FLAG_FAMILY:
            families.add(family)
        chunks.append((addr, raw[off + 32 : off + 32 + min(size, 476)]))
    data, base = _flatten(chunks, str(p))
    return data, base, (min(families) if len(families) == 1 else None)


def _read_hex(p: Path) -> tuple[bytes, int]:
    from intelhex import IntelHex, IntelHexError

    try:
        ih = IntelHex(str(p))
    except (IntelHexError, ValueError) as exc:
        raise UsageError(f"{p} is not a valid Intel HEX file: {exc}") from exc
    segments = [(a, ih.tobinstr(start=a, size=b - a)) for a, b in ih.segments()]
    return _flatten(segments, str(p))


def find_dictionary(data: bytes) -> dict[str, Any] | None:
    """Klipper's embedded data dictionary (a zlib stream of JSON with "app": "Klipper" or config.MCU), whole."""
    start = 0
    attempts = 0
    candidates = 0
    view = memoryview(data)  # no copy of the rest of the image per candidate
    while True:
        i = data.find(b"\x78", start)
        if i < 0 or i + 2 > len(data):
            return None
        start = i + 1
        if data[i + 1] not in (0x01, 0x5E, 0x9C, 0xDA):
            continue
        candidates += 1
        if candidates > 100_000:  # crafted data made of zlib headers (issue 13): stop looking
            return None
        try:
            # one output byte first: a stream that does not start with "{" costs nothing to reject (no bomb inflates)
            if zlib.decompressobj().decompress(view[i : i + 4096], 1) != b"{":
                continue
            out = zlib.decompressobj().decompress(view[i:], 4 * 1024 * 1024)
        except zlib.error:
            continue
        if not out.startswith(b"{"):
            continue
        attempts += 1
        if attempts > 16:  # crafted data full of JSON-looking streams: stop looking
            return None
        try:
            d = json.loads(out)
        except (ValueError, RecursionError):
            continue
        if not isinstance(d, dict):
            continue
        config: dict[str, Any] = d["config"] if isinstance(d.get("config"), dict) else {}
        if d.get("app") == "Klipper" or "MCU" in config:
            return d


def klipper_dictionary(data: bytes) -> dict[str, Any] | None:
    """The data dictionary summarised: app, version, mcu, clock_freq, build_versions (None if there is none)."""
    d = find_dictionary(data)
    if d is None:
        return None
    config: dict[str, Any] = d["config"] if isinstance(d.get("config"), dict) else {}
    return {
        "app": d.get("app", "Klipper"),
        "version": d.get("version"),
        "mcu": config.get("MCU"),
        "clock_freq": config.get("CLOCK_FREQ"),
        "build_versions": d.get("build_versions"),
    }


# --- pre-flight -------------------------------------------------------------------------------------------


def _catalogue(fid: str) -> tuple[str, str]:
    from doctor.knowledge import catalogue  # the one reader of the fault catalogue

    row = catalogue().get(fid, {})
    return row.get("slug", fid.lower()), row.get("title", fid)


def finding(fid: str, message: str, evidence: list[tuple[str, str]], fix: str, commands: list[str] | None = None) -> Finding:
    """A pre-flight finding in the engine's shape (id, slug and title from the fault catalogue)."""
    slug, title = _catalogue(fid)
    return Finding(
        id=fid,
        slug=slug,
        severity="error",
        confidence=0.95,
        title=title,
        message=message,
        evidence=evidence,
        remediation={"text": fix, "commands": commands or []},
    )


REBUILD = "cd ~/klipper && make menuconfig && make clean && make"


def _wrong_offset(message: str, evidence: list[tuple[str, str]], offset: int) -> Finding:
    """FW001: the image is not for the application start `offset`; the fix is a build for it."""
    return finding("FW001", message, evidence,
                   f"rebuild with the bootloader offset {offset:#x} (Klipper: make menuconfig → Bootloader offset), then flash again", [REBUILD])


def _in_ram(sp: int, ram: list[tuple[int, int]]) -> bool:
    return any(start <= sp <= start + size for start, size in ram)


def _handlers(vec: tuple[int, ...]) -> list[int]:
    """Exception handler addresses of a Cortex-M vector table (thumb bit set, not blank)."""
    return [v & ~1 for v in vec[1:16] if v not in (0, 0xFFFFFFFF) and v & 1 and v < 0x20000000]


_MAGIC = (
    (b"PK\x03\x04", "a ZIP archive"), (b"\x1f\x8b", "a gzip archive"), (b"7z\xbc\xaf", "a 7-Zip archive"), (b"Rar!", "a RAR archive"),
    (b"BZh", "a bzip2 archive"), (b"\xfd7zXZ", "an xz archive"), (b"%PDF", "a PDF document"), (b"\x89PNG", "a PNG picture"),
    (b"\xff\xd8\xff", "a JPEG picture"), (b"MZ", "a Windows program"), (b"#!", "a script"), (b"\xca\xfe\xba\xbe", "a Java class or macOS program"),
)
_ARM = re.compile(r"(?i)^(?:stm32|rp2040|rp2350|lpc17|lpc11|atsam|sam[cde]\d|same\d|at32|gd32f|apm32|hc32|n32g|mm32|cks32|ch32f|hk32)")


def _cortex_table(data: bytes, offset: int = 0) -> bool:
    """A plausible Cortex-M vector table at `offset`: the initial stack pointer word-aligned in an SRAM-like
    region, the reset vector a Thumb address below it, the other handlers blank or Thumb addresses."""
    if len(data) < offset + 16:
        return False
    sp, reset, nmi, hard = struct.unpack_from("<4I", data, offset)
    if sp & 3 or not 0x10000000 <= sp <= 0x40000000:
        return False
    if not reset & 1 or reset >= 0x20000000 and not 0x10000000 <= reset < 0x12000000:
        return False
    return all(v in (0, 0xFFFFFFFF) or (v & 1 and v < 0x40000000) for v in (nmi, hard))


def not_firmware(image: Image, target: Target | None = None) -> str | None:
    """What a raw image looks like instead of firmware (None when it can be one): a text, an archive, a picture,
    or (for an ARM target) data without a Cortex-M vector table at its start."""
    if image.format != "bin":
        return None  # ELF, HEX and UF2 were read by their structure
    data = image.data
    for magic, name in _MAGIC:
        if data.startswith(magic):
            return name
    if len(data) > 257 + 5 and data[257:262] == b"ustar":
        return "a tar archive"
    sample = data[:8192]
    if sample and b"\x00" not in sample:
        printable = sum(1 for b in sample if b in (9, 10, 13) or 32 <= b < 127 or b >= 0x80)
        if printable >= 0.97 * len(sample):
            try:
                first = sample.decode("utf-8", errors="replace").strip().splitlines()[0][:40]
            except IndexError:
                first = ""
            return f"a text file (it begins {first!r})"
    mcu = (target.mcu if target else None) or (image.klipper or {}).get("mcu") or (image.build or {}).get("mcu")
    if not (mcu and _ARM.match(str(mcu))) and not (target is not None and target.arm):
        return None  # an AVR, a RISC-V GD32V or an unknown part: no vector table to expect
    if not _cortex_table(data) and not _cortex_table(data, 0x100):  # RP2040: boot2 comes first
        vec = image.vectors
        words = f" (stack pointer {vec[0]:#010x}, reset vector {vec[1]:#010x})" if len(vec) > 1 else ""
        return f"data with no ARM Cortex-M vector table at its start{words}"
    return None


def check(image: Image, target: Target) -> list[Finding]:
    """Pre-flight of `image` for `target`: FW005 not firmware or empty, FW002 wrong MCU, FW001 wrong offset,
    FW004 too large (the wrong MCU comes first: fixing the offset of an image for another chip helps nobody)."""
    found: list[Finding] = []
    where = f"firmware.images[{Path(image.path).name}]"
    if not image.data or image.data.count(0xFF) == len(image.data):
        return [finding("FW005", f"{image.path} is empty or all 0xFF: there is nothing to flash", [(where, f"{image.size} bytes")],
                        "rebuild the firmware (make menuconfig; make) and flash out/klipper.bin")]
    looks = not_firmware(image, target)
    if looks:
        return [finding("FW005", f"{Path(image.path).name} is not a firmware image: it looks like {looks}", [(where, f"{image.size} bytes, {image.format}")],
                        "give the image the build produced (Klipper: ~/klipper/out/klipper.bin after make), not a document or an archive",
                        ["ls -l ~/klipper/out/klipper.bin"])]
    build = image.build or {}
    built_mcu = (image.klipper or {}).get("mcu") or build.get("mcu")
    if built_mcu and target.mcu and str(built_mcu).lower() != target.mcu.lower() and not _same_family(str(built_mcu), target.mcu):
        return [finding(
            "FW002",
            f"{Path(image.path).name} was built for {built_mcu}, but the board is {target.mcu}",
            [(f"{where}.mcu", str(built_mcu)), ("katapult.mcu", target.mcu)],
            f"rebuild for {target.mcu} (make menuconfig → Processor model), then flash again",
            [REBUILD],
        )]
    if image.base is None and build.get("app_address") is not None and target.app_start is not None and build["app_address"] != target.app_start:
        return [_wrong_offset(
            f"{Path(image.path).name} was built for the application offset {offset_name(build['app_address'])} "
            f"({', '.join(build.get('files') or [])}), but {target.bootloader} starts the application at {offset_name(target.app_start)}",
            [(f"{where}.build.app_address", f"{build['app_address']:#010x}"), ("katapult.app_start", f"{target.app_start:#010x}")],
            target.app_start,
        )]
    base = image.base if image.base is not None else target.app_start
    start = target.app_start

    # FW001: the load address of a hex/elf/uf2, or the vector table of a bin, against the bootloader's start.
    if image.base is not None and start is not None and image.base != start:
        found.append(_wrong_offset(
            f"{Path(image.path).name} is linked to load at {offset_name(image.base)}, but {target.bootloader} starts the application at {offset_name(start)}",
            [(f"{where}.base", f"{image.base:#010x}"), ("katapult.app_start", f"{start:#010x}")],
            start,
        ))
    if image.base is None and base is not None and not found:
        misplaced = pointer_check(image, base)
        if misplaced is not None:
            where_linked = misplaced.get("linked")
            hint = f" Its own pointers fit an image linked at {offset_name(where_linked)}." if where_linked is not None else ""
            return [_wrong_offset(
                f"{Path(image.path).name} was not built for {offset_name(base)}: {misplaced['outside']} of its {misplaced['total']} "
                f"addresses into flash point {misplaced['side']} the image as {target.bootloader} would place it.{hint}",
                [(f"{where}.pointers", f"{misplaced['outside']} of {misplaced['total']} {misplaced['side']} {base:#010x}..{base + image.size:#010x}"),
                 ("app_start", f"{base:#010x}")],
                base,
            )]
    vec = image.vectors
    cortex = len(vec) >= 2 and target.ram and (_in_ram(vec[0], target.ram) or 0x10000000 <= vec[0] < 0x40000000)
    if cortex and base is not None and not found:
        handlers = _handlers(vec)
        reset = vec[1] & ~1
        if handlers and not (base <= reset < base + image.size):
            found.append(_wrong_offset(
                f"the reset vector {vec[1]:#010x} of {Path(image.path).name} points outside the image as {target.bootloader} would place it "
                f"({base:#010x}..{base + image.size:#010x}): it was built for another application offset",  # the vectors cannot say which
                [(f"{where}.reset_vector", f"{vec[1]:#010x}"), ("katapult.app_start", f"{base:#010x}")],
                base,
            ))
        elif not _in_ram(vec[0], target.ram):
            found.append(finding(
                "FW002",
                f"the initial stack pointer {vec[0]:#010x} of {Path(image.path).name} is not in the RAM of {target.mcu}: it was built for another chip",
                [(f"{where}.initial_sp", f"{vec[0]:#010x}"), ("mcu", str(target.mcu))],
                f"rebuild for {target.mcu} (make menuconfig → Processor model), then flash again",
            ))

    family = uf2_family_row(image.uf2_family)
    if family and target.mcu and not target.mcu.lower().startswith(family["mcu"]):
        found.append(finding(
            "FW002",
            f"{Path(image.path).name} is a UF2 for {family['name']}, but the board is {target.mcu}",
            [(f"{where}.uf2_family", f"{image.uf2_family:#010x}"), ("mcu", target.mcu)],
            f"build the image for {target.mcu}",
        ))

    # FW004: bootloader + image must fit the flash.
    if base is not None and target.flash_base is not None and target.flash_size:
        end = base + image.size
        limit = target.flash_base + target.flash_size
        if end > limit:
            used = base - target.flash_base
            found.append(finding(
                "FW004",
                f"{Path(image.path).name} is {image.size} bytes; placed at {base:#010x} it ends at {end:#010x}, beyond the end of "
                f"{target.mcu or 'the'} flash at {limit:#010x} ({used // 1024} KiB bootloader + {image.size / 1024:.1f} KiB > {target.flash_size // 1024} KiB)",
                [(f"{where}.size", str(image.size)), ("flash_size", str(target.flash_size))],
                ("disable features you do not need in make menuconfig (or pick the right chip variant), rebuild, then flash again"
                 + (f". The flash size was assumed: {target.assumed}" if target.assumed else "")),
            ))
    return found


def _flash_words(image: Image, lo: int, hi: int) -> list[int]:
    """The image's aligned 32-bit words whose value lies in [lo, hi): its absolute addresses into flash."""
    n = len(image.data) // 4
    words = struct.unpack_from(f"<{n}I", image.data, 0) if n else ()
    return [w for w in words if lo <= w < hi]


def pointer_check(image: Image, base: int) -> dict[str, Any] | None:
    """Contradict a placement from the image's own pointers (checked on real Klipper v0.13 builds for
    stm32f103/f401/f446/g0b1/h723: tests/data/klipper_images). A Cortex-M image holds hundreds of absolute
    addresses of its own code and constants (literal pools, the vector table, Klipper's VTOR write). Placed
    where it was linked they all fall inside it; placed lower, many point past its end; placed higher, some
    point below its start. Returns None when the placement is consistent or the image has too few pointers
    to tell (RP2040 code runs from RAM: a handful only), else {outside, total, side, linked}."""
    if base < 0x08000000 or base >= 0x0A000000 or image.size < 1024:
        return None  # STM32 flash only: other families were not checked against real builds
    words = _flash_words(image, 0x08000000, 0x08200000)
    inside = sum(1 for w in words if base <= w < base + image.size)
    above = sum(1 for w in words if w >= base + image.size)
    below = sum(1 for w in words if w < base)
    total = inside + above + below
    if total < 100:
        return None
    if above >= max(16, total // 20):
        side = "past the end of"
        outside = above
    elif below >= max(12, total // 50):
        side = "below the start of"
        outside = below
    else:
        return None
    linked = None
    for row in sorted(memory_table()["offsets"], key=lambda r: int(r["address"])):
        cand = int(row["address"])
        if cand == base or not 0x08000000 <= cand < 0x0A000000:
            continue
        if sum(1 for x in words if cand <= x < cand + image.size) >= len(words) - max(16, len(words) // 30) and cand in words:
            linked = cand  # all its pointers fit, and it holds the address itself (Klipper writes VTOR with it)
            break
    return {"outside": outside, "total": total, "side": side, "linked": linked}


def _same_family(a: str, b: str) -> bool:
    """Two names of one part as different tools spell it (Katapult's "stm32f446" and Klipper's "stm32f446xx")."""
    a, b = a.lower(), b.lower()
    return a.startswith(b) or b.startswith(a)


def write_address(image: Image, given: Any, tool: str) -> int:
    """Where a tool that writes at an absolute address (st-flash, dfu-util, OpenOCD) puts `image`: --address,
    else the image's own load address or the Klipper build beside it. A raw .bin with none of these is refused
    with the question to answer: a guess either overwrites the bootloader or leaves an image that cannot start."""
    if given is not None:
        try:
            return int(str(given), 0)
        except ValueError as exc:
            raise UsageError(f"--address {given!r} is not an address", "write it as hex, e.g. --address 0x08008000") from exc
    linked = linked_at(image)
    if linked is not None:
        return linked
    raise UsageError(
        f"where should {tool} write {Path(image.path).name}? A .bin does not say where it was linked, and no Klipper build "
        "(.config / out/autoconf.h) is beside it",
        "give the application offset your build used: --address 0x08008000 for Klipper's \"32KiB bootloader\" (make menuconfig → "
        "Bootloader offset; 0x08002000 for 8KiB, 0x08010000 for 64KiB). --address 0x08000000 only for a build with \"No bootloader\": "
        "it overwrites any bootloader there",
    )
