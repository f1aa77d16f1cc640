"""Session 19, healthy tutorials: harmless lines of successful runs that must not raise an error or warning."""

from tests.textkit import serious

# dfu-util 0.5-0.7 (src/dfu_load.c, the status request that moves to MANIFEST_SYNC after the last block) printed
# "unable to read DFU status" where later versions print "... after completion": the board has usually left already.
OLD_DFU_UTIL_AFTER_DOWNLOAD = """\
Opening DFU capable USB device...
ID 1fc9:000c Run-time device DFU version 0100
Claiming USB DFU Interface...
Setting Alternate Setting #0 ...
Determining device status: state = dfuIDLE, status = 0
dfuIDLE, continuing
DFU mode device DFU version 0100
Device returned transfer size 2048
Copying data from PC to DFU device
Download    [=========================] 100%
90640 bytes Download done.
dfu-util: unable to read DFU status
"""


def test_old_dfu_util_unable_to_read_status_after_download_is_benign():
    assert serious(OLD_DFU_UTIL_AFTER_DOWNLOAD) == []
