"""MCUboot, the secure bootloader of Zephyr, NuttX, Mynewt, Mbed and Espressif builds: its console log at boot, and
imgtool (`imgtool sign`, also run by Zephyr's `west sign`), as message tables (byid-fw-boot s17).

Sources read: mcu-tools/mcuboot (main 2d4bacc, 2026-07) boot/bootutil/src/loader.c (BOOT_LOG_* lines: "Image in %s slot
at 0x%x has been built for offset 0x%x, skipping" for an image linked for another slot (IMAGE_F_ROM_FIXED), "Secondary
header magic detected in first sector, wrong upload address?", "Image in the %s slot is not valid!", "Bad image magic
0x%lx; Image=%u", "Failed reading image headers; Image=%u", "panic!"), swap_move.c and swap_offset.c ("Not enough free
space to run swap upgrade" then "required %d bytes but only %d are available": the new image and the swap's trailer do
not fit the slot), boot/zephyr/main.c ("Unable to find bootable image", "Jumping to the first image slot", "Bootloader
chainload address offset: 0x%x"), bootutil's boot_swap_type / boot_read_image_headers INFO lines ("Primary image:
magic=...", "Boot source: ...", "Swap type: ..."); scripts/imgtool/main.py validate_header_size() ('Minimum value for
-H/--header-size is {min}') and image.py check_trailer() ("Image size (0x%x) + trailer (0x%x) exceeds requested size
0x%x"). Zephyr's scripts/west_commands/sign.py prints the image configuration it passes to imgtool ("partition offset",
"text section offset" / "rom start offset", the header size imgtool gets) and "FATAL ERROR: command exited with status".

Meanings: a header size of 0 passed to imgtool is the application's ROM_START_OFFSET / TEXT_SECTION_OFFSET, which is
only reserved when the application is built for MCUboot (CONFIG_BOOTLOADER_MCUBOOT): the image was linked for flash
without the bootloader's header and slot offset (zephyr#25597). "Unable to find bootable image" / "... slot is not
valid!" mean MCUboot runs where the application should: nothing valid (signed, at the slot's offset) in the slot.

Facts: one run per block under `flash.runs`, tools "mcuboot" and "imgtool".
"""

from __future__ import annotations

import functools

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

_hex = functools.partial(int, base=16)

# MCUboot's log prefix: Zephyr's minimal log "I: " / "W: " / "E: ", or the full logger's "[00:00:00.004,913] <inf> mcuboot: "
_P = r"^(?:\[[0-9:.,]+\] ?)?(?:\S{0,8}<(?:inf|wrn|err|dbg)> mcuboot: |[IWED]: )"

MESSAGES = rows_of(
    group(
        "mcu-tools/mcuboot boot/bootutil/src/loader.c, swap_move.c, swap_offset.c, boot/zephyr/main.c BOOT_LOG_* (1.x-2.x, main 2026-07)",
        Msg("mcuboot_start", _P + r"Starting bootloader", "strong", example="I: Starting bootloader"),
        Msg(None, _P + r"(?:Primary|Secondary) image: magic=|" + _P + r"Scratch: magic=|" + _P + r"Image index: \d+, Swap type:", "strong",
            example="I: Primary image: magic=unset, swap_type=0x1, copy_done=0x3, image_ok=0x3"),
        Msg(None, _P + r"(?:Boot source|Swap type): \S+|" + _P + r"(?:Primary|Secondary)? *slot: version=|" + _P + r"Image version: v",
            "weak", example="I: Boot source: primary slot"),
        Msg(None, _P + r"Image \d+ Secondary slot: Image not found", "strong", benign=True,
            example="I: Image 0 Secondary slot: Image not found"),
        Msg(None, _P + r"Image \d+ RAM loading to 0x[0-9a-fA-F]+ is succeeded|" + _P + r"Image \d+ loaded from the \w+ slot|"
            + _P + r"Bootloader chainload address offset: 0x[0-9a-fA-F]+", "strong",
            example="I: Bootloader chainload address offset: 0xc000"),
        Msg("mcuboot_jump", _P + r"Jumping to the first image slot", "strong", example="I: Jumping to the first image slot"),
        Msg("swap_no_space", _P + r"Not enough free space to run swap upgrade", "strong", fail=True,
            example="W: Not enough free space to run swap upgrade"),
        Msg("swap_no_space", _P + r"required (?P<size>\d+) bytes but only (?P<limit>\d+) are available", "strong", fail=True,
            convert=(("size", int), ("limit", int)), example="W: required 1048576 bytes but only 917504 are available"),
        Msg("image_built_for_other_offset", _P + r"Image in (?P<slot>\w+) slot at (?P<at>0x[0-9a-fA-F]+) has been built for offset (?P<value>0x[0-9a-fA-F]+)",
            "strong", fail=True, example="W: Image in primary slot at 0x10000 has been built for offset 0x20000, skipping"),
        Msg("image_built_for_other_offset", _P + r"Secondary header magic detected in first sector, wrong upload address\?", "strong", fail=True,
            attrs={"slot": "primary"}, example="E: Secondary header magic detected in first sector, wrong upload address?"),
        Msg("image_invalid", _P + r"Image in the (?P<slot>\w+) slot is not valid!", "strong", fail=True,
            example="E: Image in the primary slot is not valid!"),
        Msg("image_invalid", _P + r"Bad image magic 0x[0-9a-fA-F]+; Image=\d+", "strong", fail=True, attrs={"slot": "primary"},
            example="E: Bad image magic 0xffffffff; Image=0"),
        Msg(None, _P + r"Failed reading (?:image headers|boot status)", "strong", example="W: Failed reading image headers; Image=0"),
        Msg("no_bootable_image", _P + r"Unable to find bootable image", "strong", fail=True, example="E: Unable to find bootable image"),
        Msg("mcuboot_panic", _P + r"panic!", "strong", fail=True, example="E: panic!"),
        # the Zephyr kernel's and MCUboot's banners (kernel/banner.c "*** Booting Zephyr OS build %s ***", MCUboot 2.x's
        # "*** Booting MCUboot %s ***" with "*** Using Zephyr OS build %s ***")
        Msg(None, r"^\*\*\* (?:Booting (?:Zephyr OS build|MCUboot) |Using Zephyr OS build )\S+ +\*\*\*\s*$", "strong",
            example="*** Booting Zephyr OS build v2.3.0-rc1-138-gc46b138453a2  ***"),
    ),
)

IMGTOOL = rows_of(
    group(
        "mcu-tools/mcuboot scripts/imgtool main.py, image.py (1.x-2.x); zephyr scripts/west_commands/sign.py (2.2-4.x)",
        Msg("imgtool_header_too_small", r"Minimum value for -H/--header-size is (?P<limit>\d+)", "strong", fail=True, convert=(("limit", int),),
            example='Error: Invalid value for "-H" / "--header-size": Minimum value for -H/--header-size is 32'),
        Msg("image_too_large", r"Image size \((?P<size>0x[0-9a-fA-F]+)\) \+ trailer \(0x[0-9a-fA-F]+\) exceeds requested size (?P<limit>0x[0-9a-fA-F]+)",
            "strong", fail=True, convert=(("size", _hex), ("limit", _hex)), example="Error: Image size (0x67c00) + trailer (0x1030) exceeds requested size 0x67000"),
        Msg(None, r"^=== (?:image configuration|signed binaries|signing binaries):?\s*$", "strong", example="=== image configuration:"),
        Msg("sign_offset", r"^(?P<what>text section|rom start) offset: (?P<value>\d+) \(0x[0-9a-fA-F]+\)", "strong", convert=(("value", int),),
            example="text section offset: 0 (0x0)"),
        Msg(None, r"^partition (?:offset|size): \d+ \(0x[0-9a-fA-F]+\)|^(?:unsigned |signed )?bin: \S+", "weak", example="partition offset: 49152 (0xc000)"),
        Msg("imgtool_failed", r"FATAL ERROR: command exited with status \d+: \S*imgtool", "strong", fail=True,
            example="FATAL ERROR: command exited with status 2: /usr/local/bin/imgtool sign --version 0.0.0+0 --align 4 --header-size 0 --slot-size 421888"),
        Msg(None, r"^Usage: imgtool sign \[OPTIONS\]", "strong", example="Usage: imgtool sign [OPTIONS] INFILE OUTFILE"),
    ),
)


@register
class McubootParser(TableParser):
    name = "mcuboot"
    namespace = "flash"
    messages = MESSAGES
    hints = ("mcuboot", "starting bootloader", "image: magic=", "scratch: magic", "swap type", "boot source", "slot: version",
             "secondary slot", "ram loading", "loaded from the", "chainload", "jumping to the first image", "free space to run swap",
             "are available", "has been built for offset", "header magic", "slot is not valid", "bad image magic", "failed reading",
             "bootable image", "panic!", "booting zephyr", "using zephyr", "image version")


@register
class ImgtoolParser(TableParser):
    name = "imgtool"
    namespace = "flash"
    messages = IMGTOOL
    hints = ("header-size", "exceeds requested size", "=== image configuration", "=== signed", "=== signing", "section offset",
             "rom start offset", "partition offset", "partition size", "bin:", "imgtool")
