"""healthy-intl, session 11: J-Flash / J-Link DLL's target RAM check before its flash loader runs ("RAM check failed @
address ...", a written pattern read back as zeros or 0xAAAAAAAA): the connect passed but no data crosses the debug
wires (SWD002, alternatives SWD004 / SWD003), and healthy runs of rarely pasted tools that must stay silent.
Texts are real pastes (sources in comments)."""

from __future__ import annotations

from textkit import events, first, kinds, serious

# cnblogs lialong1st/p/7763528 (J-Link ribbon re-wired to an STM32, SWDIO/SWCLK on the wrong row)
JFLASH_RAM_ZEROS = """
- ERROR: RAM check failed @ address 0x20000000.
    - ERROR: Write: 0x03020100 07060504
    - ERROR: Read: 0x00000000 00000000
    - ERROR: (0 bytes of RAM have been checked successfully)
    - ERROR: Failed to erase sectors
"""

# forum.segger.com thread 75 (AT91SAM7S256, J-Flash V3.79: the same check reading 0xAAAAAAAA, fixed by a 10 kHz JTAG speed)
JFLASH_RAM_AAAA = """
 - 1024 sectors, 1 range, 0x100000 - 0x13FFFF
 - ERROR: Write memory error @ address 0x00200000, word access: Memory access timeout.
 Failed to verify RAMCode for CPU clock frequency detection!
 - ERROR: RAM check failed @ address 0x00200000.
 - ERROR: Write: 0xE7FEE7FD E07CE062
 - ERROR: Read: 0xAAAAAAAA AAAAAAAA
 - ERROR: (0 bytes of RAM have been checked successfully)
 - ERROR: Failed to read back target memory
 Disconnecting ...
 - Disconnected
"""


def test_ram_check_failed_is_an_event_with_its_address() -> None:
    evs = [e for e in events(JFLASH_RAM_ZEROS, "openocd") if e["kind"] == "ram_check_failed"]
    assert evs and evs[0]["address"] == 0x20000000 and evs[0]["fail"]


def test_ram_check_read_back_nothing_is_swd_wiring_first() -> None:
    assert first(JFLASH_RAM_ZEROS) == "SWD002"
    assert "ram_check_failed" in kinds(JFLASH_RAM_AAAA, "openocd")
    assert first(JFLASH_RAM_AAAA) == "SWD002"


# github.com/bluerobotics/ping-viewer/issues/949 (stm32flash 0.5 writing a Ping sonar's STM32F303)
STM32FLASH_OK = """
stm32flash 0.5

http://stm32flash.sourceforge.net/

Using Parser : Intel HEX
Interface serial_posix: 115200 8E1
Version      : 0x31
Option 1     : 0x00
Option 2     : 0x00
Device ID    : 0x0446 (STM32F302xD(E)/F303xD(E)/F398xx)
- RAM        : 64KiB  (6144b reserved by bootloader)
- Flash      : 512KiB (size first sector: 2x2048)
- Option RAM : 16b
- System RAM : 8KiB
Write to memory
Erasing memory
Wrote and verified address 0x080202c8 (100.00%) Done.

Starting execution at address 0x08000000... done.
"""

# github.com/pyocd/pyOCD/issues/808 (MIMXRT1050-EVKB, the flash itself finished)
PYOCD_FLASH_OK = """
pyocd flash ~/Downloads/hello_world.bin 
[====================] 100%
0028815:INFO:loader:Erased 262144 bytes (1 sector), programmed 262144 bytes (512 pages), skipped 0 bytes (0 pages) at 9.06 kB/s
"""

# swiatelka.pl viewtopic.php?p=265398 (USBasp + ATtiny13 flashlight driver, Windows, avrdude 6.0.1)
AVRDUDE_T13_OK = """
C:\\avrusb>avrdude -p t13 -c usbasp -n
avrdude: AVR device initialized and ready to accept instructions
Reading | ################################################## | 100% 0.02s
avrdude: Device signature = 0x1e9007
avrdude: safemode: Fuses OK (H:FF, E:FF, L:75)
avrdude done. Thank you.
"""


def test_healthy_runs_stay_silent() -> None:
    for text in (STM32FLASH_OK, PYOCD_FLASH_OK, AVRDUDE_T13_OK):
        assert serious(text) == []


def test_ram_check_line_alone_is_recognised() -> None:
    # the message without J-Flash's "- ERROR: " prefix (a line quoted on its own in a post)
    assert first("RAM check failed @ address 0x20000000.") == "SWD002"
