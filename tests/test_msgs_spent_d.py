"""spent-d round, session 10: the misses of the held-out set spent-d, fixed as families.

- an AVR sketch that runs into the board's boot section: avrdude's verify fails first exactly where a boot section
  starts (0x7e00/0x7c00/0x7800/0x7000 on a 32 KiB part) while the sketch written runs past it (the IDE's or PlatformIO's
  size report, or the byte count of an upload through the bootloader): FW004 (derived.image_into_boot_section);
- the size reports read for that: Arduino IDE 1.0.x's 'Binary sketch size', the 1.6+ report with a space as thousands
  separator and in the IDE's translations (de, fr, es, it, pt, ru), PlatformIO's 'Flash:' bar;
- an Arduino IDE paste whose line breaks were lost: avrdude's lines run on after the IDE's own are read by avrdude.
"""

from __future__ import annotations

import pytest

from textkit import events, facts, first

UNO_FLAT = ("Sketch uses 31,688 bytes (98%) of program storage space. Maximum is 32,256 bytes. Global variables use 1,015 "
            "bytes (49%) of dynamic memory, leaving 1,033 bytes for local variables. Maximum is 2,048 bytes. avrdude: "
            "verification error, first mismatch at byte 0x7800 0xff != 0x35 avrdude: verification error; content mismatch")


# --- size reports ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("line,size,limit", [
    ("Sketch uses 10,578 bytes (32%) of program storage space. Maximum is 32,256 bytes.", 10578, 32256),
    # a locale that groups thousands with a space (a no-break space is folded to one by the reader)
    ("Sketch uses 32 008 bytes (99%) of program storage space. Maximum is 32 256 bytes.", 32008, 32256),
    # Arduino IDE 0018-1.0.x
    ("Binary sketch size: 30700 bytes (of a 32256 byte maximum)", 30700, 32256),
    ("Binary sketch size: 1,084 bytes (of a 32,256 byte maximum)", 1084, 32256),
])
def test_arduino_size_report_rows(line: str, size: int, limit: int) -> None:
    evs = [e for e in events(line, "flash", "arduino") if e["kind"] == "image_size_ok"]
    assert evs and evs[0]["size"] == size and evs[0]["limit"] == limit, evs


@pytest.mark.parametrize("line,size,limit", [
    # the IDE's / arduino-cli's translations (German, French, Spanish, Italian, Portuguese, Russian)
    ("Der Sketch verwendet 19.666 Bytes (64%) des Programmspeicherplatzes. Das Maximum sind 30.720 Bytes.", 19666, 30720),
    ("Le croquis utilise 1 066 octets (3%) de l'espace de stockage de programmes. Le maximum est de 32 256 octets.", 1066, 32256),
    ("Le croquis utilise 26162 octets (85%) de l'espace de stockage de programmes.", 26162, None),  # the limit wrapped
    ("El Sketch usa 5998 bytes (18%) del espacio de almacenamiento de programa. El máximo es 32256 bytes.", 5998, 32256),
    ("Lo sketch usa 24.558 byte (76%) dello spazio disponibile per i programmi. Il massimo è 32.256 byte.", 24558, 32256),
    ("O sketch usa 4362 bytes (14%) de espaço de armazenamento para programas. O máximo são 32256 bytes.", 4362, 32256),
    ("Скетч использует 25962 байт (84%) памяти устройства. Всего доступно 30720 байт.", 25962, 30720),
])
def test_translated_size_report_rows(line: str, size: int, limit: int | None) -> None:
    evs = [e for e in events(line, "flash", "arduino") if e["kind"] == "image_size_ok"]
    assert evs and evs[0]["size"] == size and evs[0].get("limit") == limit, evs


def test_translated_size_report_feeds_the_boot_section_check() -> None:
    text = ("Der Sketch verwendet 31.688 Bytes (98%) des Programmspeicherplatzes. Das Maximum sind 32.256 Bytes.\n"
            "avrdude: verification error, first mismatch at byte 0x7800\n         0xff != 0x35\n"
            "avrdude: verification error; content mismatch\n")
    assert first(text) == "FW004"


def test_platformio_flash_bar_is_an_image_size() -> None:
    text = ("RAM:   [=====     ]  49.6% (used 1015 bytes from 2048 bytes)\n"
            "Flash: [==========]  98.2% (used 31688 bytes from 32256 bytes)\n")
    evs = [e for e in events(text, "flash", "platformio") if e["kind"] == "image_size_ok"]
    assert len(evs) == 1 and evs[0]["size"] == 31688 and evs[0]["limit"] == 32256, evs


# --- a flattened IDE paste -------------------------------------------------------------------------------------------

def test_flattened_ide_line_hands_avrdude_its_lines() -> None:
    f = facts(UNO_FLAT)
    assert [e["kind"] for e in events(f, "flash", "arduino")] == ["image_size_ok"]
    evs = [e for e in events(f, "avrdude") if e["kind"] == "verify_mismatch"]
    assert evs and evs[0]["address"] == 0x7800, evs


def test_flattened_ide_line_with_sync_failure_is_read() -> None:
    text = ("Sketch uses 924 bytes (2%) of program storage space. Maximum is 32256 bytes. Global variables use 9 bytes (0%) of "
            "dynamic memory, leaving 2039 bytes for local variables. Maximum is 2048 bytes. avrdude: stk500_recv(): programmer "
            "is not responding avrdude: stk500_getsync() attempt 1 of 10: not in sync: resp=0x00")
    assert "not_in_sync" in [e["kind"] for e in events(text, "avrdude")]
    assert first(text) not in (None, "GEN001")


# --- a sketch into the boot section: FW004 -----------------------------------------------------------------------------

def test_flattened_uno_verify_at_boot_section_is_fw004() -> None:
    assert first(UNO_FLAT) == "FW004"


@pytest.mark.parametrize("text", [
    # the IDE's report and avrdude's lines as two pastes (forum.arduino.cc 353810: a 4 KiB boot section at 0x7000)
    "Sketch uses 29,414 bytes (91%) of program storage space. Maximum is 32,256 bytes.\n"
    "avrdude: verification error, first mismatch at byte 0x7000\n0xff != 0x2f\n"
    "avrdude: verification error; content mismatch\n",
    # PlatformIO's bar
    "Flash: [==========]  98.2% (used 31688 bytes from 32256 bytes)\nUploading .pio/build/uno/firmware.hex\n"
    "avrdude: 31688 bytes of flash written\navrdude: verification error, first mismatch at byte 0x7800\n"
    "         0xff != 0x35\navrdude: verification error; content mismatch\n",
    # no size report: the byte count of an upload through the bootloader (-carduino)
    "avrdude -v -patmega328p -carduino -P/dev/ttyACM0 -b115200 -D -Uflash:w:sketch.hex:i\n"
    "avrdude: 31688 bytes of flash written\navrdude: verification error, first mismatch at byte 0x7800\n"
    "         0xff != 0x35\navrdude: verification error; content mismatch\n",
])
def test_sketch_into_boot_section_is_fw004(text: str) -> None:
    assert first(text) == "FW004"


@pytest.mark.parametrize("text", [
    # the sketch ends below the address: something else failed there
    "Sketch uses 20,000 bytes (62%) of program storage space. Maximum is 32,256 bytes.\n"
    "avrdude: verification error, first mismatch at byte 0x7800\n         0xff != 0x35\n",
    # not the start of a boot section
    "Sketch uses 31,000 bytes (96%) of program storage space. Maximum is 32,256 bytes.\n"
    "avrdude: verification error, first mismatch at byte 0x7700\n         0xff != 0x35\n",
    # a bootloader image burnt through an ISP programmer: its byte count is no sketch
    "avrdude -v -patmega328p -cusbasp -Uflash:w:optiboot.hex:i\navrdude: 32768 bytes of flash written\n"
    "avrdude: verification error, first mismatch at byte 0x7e00\n         0xff != 0x11\n",
    # no size at all (zeus074/dramtester#11)
    "avrdude.exe: verification error, first mismatch at byte 0x7800\n             0xff != 0x2e\n"
    "avrdude.exe: verification error; content mismatch\n",
])
def test_not_a_sketch_into_boot_section(text: str) -> None:
    assert first(text) != "FW004"
