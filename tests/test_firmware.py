"""Pre-flight checks of firmware images: formats, vector table, link offset, Klipper dictionary, size."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from intelhex import IntelHex

from doctor import firmware
from doctor.errors import UsageError
from doctor.sim.images import klipper_image

F103 = firmware.Target.for_mcu("stm32f103xe", app_start=0x08002000, bootloader="Katapult")


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


def ids(findings: list) -> list[str]:
    return [f.id for f in findings]


def test_good_bin(tmp_path: Path) -> None:
    image = firmware.load(write(tmp_path, "klipper.bin", klipper_image(16 * 1024)))
    assert image.format == "bin" and image.base is None and image.size == 16384
    assert image.klipper and image.klipper["mcu"] == "stm32f103xe" and image.klipper["version"].startswith("v0.12")
    assert firmware.check(image, F103) == []


def test_other_mcu_is_fw002(tmp_path: Path) -> None:
    image = firmware.load(write(tmp_path, "klipper.bin", klipper_image(8192, mcu="stm32f446xx")))
    found = firmware.check(image, F103)
    assert ids(found) == ["FW002"]
    assert "stm32f446xx" in found[0].message and "stm32f103xe" in found[0].message


def test_other_offset_is_fw001_without_a_guess(tmp_path: Path) -> None:
    image = firmware.load(write(tmp_path, "klipper.bin", klipper_image(8192, link_address=0x08000000)))
    found = firmware.check(image, F103)
    assert ids(found) == ["FW001"]
    # the vectors contradict the placement; they do not say where the image was linked (issue 15)
    assert "another application offset" in found[0].message and "fit an image linked" not in found[0].message


def test_too_large_is_fw004(tmp_path: Path) -> None:
    small = firmware.Target.for_mcu("stm32f103x8", app_start=0x08002000)
    image = firmware.load(write(tmp_path, "klipper.bin", klipper_image(60 * 1024, mcu="stm32f103x8")))
    assert ids(firmware.check(image, small)) == ["FW004"]
    assert firmware.check(image, firmware.Target.for_mcu("stm32f103x8", 0x08002000, flash_size=128 * 1024)) == []


def test_stack_pointer_outside_ram_is_fw002(tmp_path: Path) -> None:
    image = firmware.load(write(tmp_path, "a.bin", klipper_image(4096, stack_top=0x20020000)))
    small = firmware.Target.for_mcu("stm32f103x8", app_start=0x08002000)
    image.klipper = None
    assert ids(firmware.check(image, small)) == ["FW002"]


def test_hex_elf_uf2(tmp_path: Path) -> None:
    data = klipper_image(4096)
    ih = IntelHex()
    ih.frombytes(data, offset=0x08002000)
    hex_path = tmp_path / "k.hex"
    ih.write_hex_file(str(hex_path))
    image = firmware.load(hex_path)
    assert (image.format, image.base, image.data) == ("hex", 0x08002000, data)
    assert firmware.check(image, F103) == []
    assert ids(firmware.check(image, firmware.Target.for_mcu("stm32f103xe", 0x08004000))) == ["FW001"]

    # a minimal ELF32 with one PT_LOAD at 0x08002000
    ehdr = b"\x7fELF\x01\x01\x01" + b"\0" * 9 + struct.pack("<HHIIIIIHHHHHH", 2, 40, 1, 0x08002201, 52, 0, 0, 52, 32, 1, 0, 0, 0)
    phdr = struct.pack("<8I", 1, 84, 0x08002000, 0x08002000, len(data), len(data), 5, 4)
    elf = firmware.load(write(tmp_path, "k.elf", ehdr + phdr + data))
    assert (elf.format, elf.base, elf.data) == ("elf", 0x08002000, data)

    blocks = b""
    for i in range(0, len(data), 256):
        payload = data[i : i + 256].ljust(476, b"\0")
        blocks += struct.pack("<8I", firmware.UF2_MAGIC0, firmware.UF2_MAGIC1, 0x2000, 0x08002000 + i, 256, i // 256, 16, 0xE48BFF56)
        blocks += payload + struct.pack("<I", firmware.UF2_MAGIC_END)
    uf2 = firmware.load(write(tmp_path, "k.uf2", blocks))
    assert (uf2.format, uf2.base, uf2.data, uf2.uf2_family) == ("uf2", 0x08002000, data, 0xE48BFF56)
    assert "FW002" in ids(firmware.check(uf2, F103))  # an RP2040 UF2 for an STM32


def test_empty_and_missing(tmp_path: Path) -> None:
    assert ids(firmware.check(firmware.load(write(tmp_path, "e.bin", b"\xff" * 64)), F103)) == ["FW005"]
    with pytest.raises(UsageError):
        firmware.load(tmp_path / "nope.bin")
