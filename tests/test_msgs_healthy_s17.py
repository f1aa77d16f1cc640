"""Rows added for the healthy-s17 round (session 17): harmless lines in texts of runs that worked (gdb built without
expat warning that it cannot parse the XML target description; pyserial's traceback out of a 1200-baud touch that
rebooted an RP2040 into BOOTSEL before picotool loaded and verified the image)."""

from __future__ import annotations

from tests.textkit import events, serious

# a CSM32RV20 README: JLinkGDBServer, then a gdb built without expat (doctor quoted its warning as GEN001)
GDB_NO_EXPAT = """(gdb) target remote :2331
Remote debugging using :2331
warning: Can not parse XML target description; XML support was disabled at compile time
0x00000000 in ?? ()
(gdb) load
Loading section .init, size 0x126 lma 0x20000000
Start address 0x20000000, load size 7374
Transfer rate: 1800 KB/sec, 1843 bytes/write."""

# rp2040-cdc-console README: `cmake --build build --target flash` (python -m serial --dtr 0 PORT 1200, then picotool load -v)
TOUCH_THEN_LOAD = """[1/1] cd /home/noah/build && python -m serial --dtr 0 /dev/ttyACM0 1200 2>&1 >/dev/null || true && sleep 0.5 && picotool load -v rp2040_cdc_console.bin && picotool reboot
--- forcing DTR inactive
Traceback (most recent call last):
  File "/usr/lib/python3.10/runpy.py", line 196, in _run_module_as_main
    return _run_code(code, main_globals, None,
  File "/home/noah/.virtualenvs/default/lib/python3.10/site-packages/serial/serialposix.py", line 336, in open
    self._update_dtr_state()
  File "/home/noah/.virtualenvs/default/lib/python3.10/site-packages/serial/serialposix.py", line 715, in _update_dtr_state
    fcntl.ioctl(self.fd, TIOCMBIC, TIOCM_DTR_str)
OSError: [Errno 71] Protocol error
Loading into Flash: [==============================]  100%
Verifying Flash:    [==============================]  100%
  OK
The device was rebooted into application mode."""


def test_gdb_without_expat_target_description_is_harmless() -> None:
    assert serious(GDB_NO_EXPAT) == []


def test_gdb_without_expat_memory_map_is_still_quoted() -> None:
    # without the memory map gdb knows no flash regions: a failing `load` may follow, so the line stays a failure
    assert serious("warning: Can not parse XML memory map; XML support was disabled at compile time") == ["GEN001"]


def test_pyserial_touch_traceback_overcome_by_picotool_load() -> None:
    assert serious(TOUCH_THEN_LOAD) == []
    touch = [e for e in events(TOUCH_THEN_LOAD, "flash", "picotool") if e["kind"] == "serial_touch_error"]
    assert [e["lineno"] for e in touch] == [3, 10] and all(e.get("retried") and not e.get("fail") for e in touch)


def test_pyserial_touch_traceback_without_load_stays_a_failure() -> None:
    text = TOUCH_THEN_LOAD.split("\nLoading into Flash")[0] + "\nNo accessible RP2040 devices in BOOTSEL mode were found."
    assert serious(text)


# RIOT's lora-e5-dev notes: OpenOCD 0.11 with an ST-Link clone, `make flash` (src/jtag/core.c: SRST asked for, none declared)
OPENOCD_NO_SRST = """Info : STLINK V2J29S7 (API v2) VID:PID 0483:3748
Info : Target voltage: 3.271562
Error: BUG: can't assert SRST
Info : stm32wlx.cpu: hardware has 6 breakpoints, 4 watchpoints
Info : device idcode = 0x10016497 (STM32WLEx - Rev 'unknown' : 0x1001)
Info : flash size = 256kbytes
auto erase enabled
wrote 9128 bytes from file hello-world.elf in 0.580517s (15.355 KiB/s)
verified 9124 bytes in 0.343355s (25.950 KiB/s)
shutdown command invoked"""


def test_openocd_srst_request_without_srst_is_harmless() -> None:
    assert serious(OPENOCD_NO_SRST) == []


# PlatformIO's Library Dependency Finder on a project without libraries (SparkFun Artemis Nano, SVL upload)
PIO_NO_LIBRARIES = """Processing SparkFun_Artemis_Nano (platform: apollo3blue; board: SparkFun_Artemis_Nano; framework: arduino)
LDF: Library Dependency Finder -> http://bit.ly/configure-pio-ldf
LDF Modes: Finder ~ chain, Compatibility ~ soft
Found 0 compatible libraries
Scanning dependencies...
No dependencies
Building in release mode
======================================================================= [SUCCESS] Took 3.39 seconds ======================================================================="""


def test_platformio_ldf_found_no_libraries_is_harmless() -> None:
    assert serious(PIO_NO_LIBRARIES) == []
