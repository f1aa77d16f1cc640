"""GNU objcopy (objcopy, avr-objcopy, arm-none-eabi-objcopy...) refusing its input file, as flashing scripts show it
(proxmark-sec s13).

Flash scripts that convert the image before flashing (a .hex into the .bin their loader wants, an .elf into .bin/.hex: the
Chameleon Mini Rev E "rebooted" upgrade batch file, Makefile and IDE recipes) run objcopy on the file they were given.
binutils (2.2x-2.4x) objcopy.c reports an input it cannot read through bfd: "<prog>: <file>: file format not recognized"
(bfd/bfd.c bfd_errmsgs, "File format not recognized" in older releases; "file format is ambiguous" when several
targets match) and a file that is not there as "<prog>: '<file>': No such file". The output the script then expects is never
written, and a script that goes on flashes nothing or a part (iceman1001/ChameleonMini-rebooted #62: "File format not
recognized", flash.bin not found, the flash erased and only the EEPROM written).

Facts: one run per block under `flash.runs` (tool "objcopy"), events image_unreadable (file) and image_missing (file).
"""

from __future__ import annotations

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

_PROG = r"^(?:\S{0,300}?[/\\])?(?:[\w.-]{1,40}-)?objcopy(?:\.exe)?: ?"

MESSAGES = rows_of(
    group(
        "GNU binutils 2.2x-2.4x binutils/objcopy.c (copy_file, get_file_size) with bfd/bfd.c bfd_errmsgs",
        Msg("image_unreadable", _PROG + r"(?P<file>.{1,400}?): [Ff]ile format (?:not recognized|is ambiguous)\s*$", "strong", fail=True,
            example=r"B:\Downloads\avr-objcopy.exe:B:\Downloads\Chameleon-Mini.hex: File format not recognized"),
        Msg("image_missing", _PROG + r"'(?P<file>[^']+)': No such file\s*$", "strong", fail=True,
            example="arm-none-eabi-objcopy: 'build/firmware.elf': No such file"),
    ),
)


@register
class ObjcopyParser(TableParser):
    name = "objcopy"
    namespace = "flash"
    messages = MESSAGES
    hints = ("objcopy",)
