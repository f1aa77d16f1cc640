"""(healthy-core s18) Healthy runs of the core tools gathered this round: no error or warning may be raised on them.
No row or rule was changed for them; these guard the paths they exercise (dfu-util's 'can't detach' after a
successful :leave download, stm32flash 0.4's erase-only run, and a verified WCH OpenOCD upload whose IDE wrapper
still reports exit status 1)."""

from textkit import serious

DFU_CANT_DETACH = """\
Opening DFU capable USB device...
ID 0483:df11
Run-time device DFU version 011a
Claiming USB DFU Interface...
Setting Alternate Setting #0 ...
Determining device status: state = dfuERROR, status = 10
dfuERROR, clearing status
Determining device status: state = dfuIDLE, status = 0
dfuIDLE, continuing
DFU mode device DFU version 011a
Device returned transfer size 2048
DfuSe interface name: "Internal Flash  "
Downloading to address = 0x08008000, size = 29084
Download\t[=========================] 100%        29084 bytes
Download done.
File downloaded successfully
Transitioning to dfuMANIFEST state
dfu-util: can't detach
Resetting USB to switch back to runtime mode
"""

STM32FLASH_ERASE = """\
stm32flash 0.4

http://stm32flash.googlecode.com/

Interface serial_w32: 57600 8E1
Version      : 0x22
Option 1     : 0x00
Option 2     : 0x00
Device ID    : 0x0410 (Medium-density)
- RAM        : 20KiB  (512b reserved by bootloader)
- Flash      : 128KiB (sector size: 4x1024)
- Option RAM : 16b
- System RAM : 2KiB
Erasing flash
"""

WCH_VERIFIED_EXIT_1 = """\
Info : WCH-LinkE  mode:RV version 2.11 
Info : wlink_init ok
[wch_riscv.cpu.0] Target successfully examined.
** Programming Started **
Info : flash size = 62kbytes
** Programming Finished **
** Verify Started **
** Verified OK **

Failed uploading: uploading error: exit status 1
"""


def test_dfu_util_cant_detach_after_download_is_healthy():
    assert serious(DFU_CANT_DETACH) == []


def test_stm32flash_erase_only_run_is_healthy():
    assert serious(STM32FLASH_ERASE) == []


def test_wch_openocd_verified_then_ide_exit_status_is_healthy():
    assert serious(WCH_VERIFIED_EXIT_1) == []
