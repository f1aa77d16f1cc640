"""printer-vendors, session 11: PrusaSlicer's firmware flasher logs the avrdude it links in as `avrdude-slic3r`; its
command line is read like avrdude's own (part, programmer, port, the -U image), and an image only an ARM board's own
updater takes (a Prusa MINI/MK4/XL .bbf, a .uf2) handed to avrdude is the wrong tool for the board (BOOT006), not a
missed bootloader reset. Texts are real pastes (sources in comments)."""

from __future__ import annotations

import textkit
from textkit import facts, first, serious

# forum.prusaprinters.org/forum/hardware-firmware-and-software-help/firmware-4-0-3-flashing-problem/ (a MINI: solved by
# copying the .bbf onto a USB stick; the slicer's avrdude path is for the 8-bit Einsy boards)
MINI_BBF = r"""
avrdude-slic3r -v -p atmega2560 -c wiring -P COM3 -b 115200 -D -U flash:w:0:C:\Users\finar\Downloads\prusa3d_fw_MINI_4_0_3.bbf:i

avrdude-slic3r: Version 6.3-20160220-prusa3d, compiled on Feb 9 2020 at 11:15:02
Copyright (c) 2000-2005 Brian Dean, http://www.bdmicro.com/
Copyright (c) 2007-2014 Joerg Wunsch

Using Port : COM3
Using Programmer : wiring
Overriding Baud Rate : 115200
avrdude-slic3r: stk500v2_recv(): timeout
avrdude-slic3r: stk500v2_getsync(): timeout communicating with programmer
avrdude-slic3r: Could not open port: COM3

avrdude-slic3r done. Thank you.
"""

# the same flasher with an Einsy .hex (forum.prusa3d.com .../the-firmware-upgrade-from-3-13-2-7080-fails): no ARM image,
# so not BOOT006 (the run never synced: a bootloader/port question)
EINSY_HEX = r"""
avrdude-slic3r -v -p atmega2560 -c wiring -P /dev/ttyACM0 -b 115200 -D -U flash:w:0:/home/user/prusa3d_fw_3_14_0_MK3S/MK3S_MK3S+_FW_3.14.0_MULTILANG.hex:i
avrdude-slic3r: Version 6.3-20160220-prusa3d, compiled on Jun 27 2024 at 09:30:33
Using Port : /dev/ttyACM0
Using Programmer : wiring
Overriding Baud Rate : 115200
avrdude-slic3r: stk500v2_recv(): timeout
avrdude-slic3r: stk500v2_getsync(): timeout communicating with programmer
avrdude-slic3r: Could not open port: /dev/ttyACM0
avrdude-slic3r done. Thank you.
"""


def test_avrdude_slic3r_command_line_is_read() -> None:
    runs = facts(MINI_BBF)["avrdude"]["runs"]
    assert runs[0]["part"] == "atmega2560" and runs[0]["programmer"] == "wiring" and runs[0]["device"] == "COM3"
    assert any(a.endswith(".bbf:i") for a in runs[0]["argv"])


def test_bbf_through_avrdude_is_the_wrong_tool() -> None:
    assert first(MINI_BBF) == "BOOT006"


def test_uf2_through_avrdude_is_the_wrong_tool() -> None:
    text = MINI_BBF.replace("prusa3d_fw_MINI_4_0_3.bbf", "klipper.uf2")
    assert first(text) == "BOOT006"


def test_einsy_hex_is_not_the_wrong_tool() -> None:
    assert "BOOT006" not in serious(EINSY_HEX)
    assert textkit.kinds(EINSY_HEX, "avrdude")


# forum.prusa3d.com/forum/original-prusa-i3-mmu2s-mmu2-hardware-firmware-and-software-help/cant-flash-firmware: the forum's copy
# lost the line breaks and even the spaces between the flasher's messages
RUN_ON_NO_SPACE = r"""
avrdude-slic3r -v -p atmega2560 -c wiring -P COM18 -b 115200 -D -U flash:w:0:C:\Users\rick\Downloads\prusa3d_fw_3_11_0_MK3S_1_0_6_MMU2S\prusa3d_fw_MK3S_MK3S+_3_11_0_4955.hex:i
avrdude-slic3r: Version 6.3-20160220-prusa3d, compiled on Mar 10 2022 at 11:54:26 Copyright (c) 2000-2005 Brian Dean, http://www.bdmicro.com/ Copyright (c) 2007-2014 Joerg Wunsch
Using Port : COM18 Using Programmer : wiring Overriding Baud Rate : 115200avrdude-slic3r: stk500v2_recv(): timeoutavrdude-slic3r: stk500v2_getsync(): timeout communicating with programmeravrdude-slic3r: Could not open port: COM18
avrdude-slic3r done. Thank you.
"""

# forum.prusa3d.com .../the-firmware-upgrade-from-3-13-2-7080-fails: the whole run on one line (the command first)
ONE_LINE = (
    "avrdude-slic3r -v -p atmega2560 -c wiring -P /dev/ttyACM0 -b 115200 -D -U flash:w:0:/home/<folder_name>/prusa3d_fw_3_14_0_MK3S/"
    "MK3S_MK3S+_FW_3.14.0_MULTILANG.hex:i avrdude-slic3r: Version 6.3-20160220-prusa3d, compiled on Jun 27 2024 at 09:30:33 Copyright (c) "
    "2000-2005 Brian Dean, http://www.bdmicro.com/ Copyright (c) 2007-2014 Joerg Wunsch Using Port : /dev/ttyACM0 Using Programmer : "
    "wiring Overriding Baud Rate : 115200 avrdude-slic3r: stk500v2_recv(): timeout avrdude-slic3r: stk500v2_getsync(): timeout "
    "communicating with programmer avrdude-slic3r: Could not open port: /dev/ttyACM0 avrdude-slic3r done. Thank you."
)


def test_run_on_slic3r_messages_are_cut() -> None:
    for text in (RUN_ON_NO_SPACE, ONE_LINE):
        assert "programmer_not_responding" in textkit.kinds(text, "avrdude")
        assert facts(text)["avrdude"]["runs"][0]["part"] == "atmega2560"
        assert first(text) not in (None, "GEN001")
