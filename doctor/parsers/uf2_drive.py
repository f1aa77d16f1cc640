"""What people say in prose about copying a UF2 onto the RP2040/RP2350 BOOTSEL drive, when there is no tool output.

Dragging a UF2 onto the BOOTSEL drive (RPI-RP2 for the RP2040, RP2350 for the RP2350) prints nothing: the boot ROM
writes the blocks it accepts and reboots into the new image. Blocks whose UF2 family id is not the chip's (an
RP2040 image on an RP2350, or the reverse) are dropped without a word, so the copy "finishes" and the drive just
stays. The only text such a thread holds is the person's own sentences; the families, in their usual wordings
(forum posts, GitHub issues, Discourse):

- a UF2 was copied onto the drive -> said_uf2_copied (`name`: RPI-RP2, RP2350, RP2040 or BOOTSEL, as said):
  `copied the file to the RP2350 device under file explorer`, `Copying the file to the mounted RP2350 file
  system`, `dragged blink.uf2 onto RPI-RP2`
- the drive did not go away / the board did not reboot into it -> said_uf2_not_applied: `does not automatically
  reboot the Pico 2`, `does not restart into application mode`, `the drive doesn't eject`, `just sits there`,
  `it stays as the RP2350 drive`, `just shows up in Windows as RP2350 device`

- what the image is for -> uf2_file_family (`family` in picotool's names, `built_for`): file(1)'s "UF2 firmware image,
  family Raspberry Pi RP2040, address 0x10000000, 26 total blocks", uf2conv.py --info's "Family ID is RP2040, hex
  value is 0xe48bff56"; the chip named beside it -> said_chip (`mcu`): `pico 2`, `RP2350`, the `RPI-RP2` drive. One
  chip named and an image for another: uf2_family_mismatch (RP003).

Both statements go to one run under `flash.runs` (tool "uf2-drive"), the namespace of the tools that load RP
images, so RP003 reads them next to picotool's family lines. A statement is weaker evidence than a tool line:
the knowledge uses the pair only, and below what a tool line gives.
"""

from __future__ import annotations

from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of
from doctor.parsers.picotool import FAMILY_CHIP, family_name

_DRIVE = r"(?P<name>RPI-RP2|RP2350|RP2040|BOOTSEL)"
_SENT = r"(?:[^.!?\n]|\.(?=\S))"  # stay inside one sentence (a dot inside a file name does not end it)
_NEG = r"(?:does|did|do|would|will|has|have|is|was)(?:n'?t| not)|never|won'?t|without"
# (reviewfix s25) the guard of the "copy the firmware over" rows (a line that names no drive): not an SD/TF card's or another
# medium's copy, not a .bin/.hex/.elf/.dfu, not another family's UF2 bootloader, not asked, conditional, advised or negated
_OVER_GUARD = (r"(?![^\n]{0,400}?(?:\b(?:micro ?sd|sd|tf)\b|\bcards?\b|\.(?:bin|hex|elf|dfu)\b|\busb (?:stick|flash drive)\b"
               r"|\b(?:nrf\w*|samd\w*|sam[de]\d\w*|esp(?:32|8266)\w*|tinyuf2|nice!?\s?nano|stm32\w*|teensy\w*)\b))"
               r"(?![^\n]{0,400}?\?)(?!\W{0,3}(?:if|unless|in case|should|could|would|does|did|do|can|is)\b)"
               r"(?![^\n]{0,400}?\b(?:make sure|ensure|you (?:can|could|should|need to|have to|must|just)|should (?:I|we|you))\b)"
               r"(?![^\n]{0,400}?(?:\b(?:not|never)|n't)\s+(?:\w+\s+){0,2}?(?:cop|drag))")

MESSAGES = rows_of(
    group(
        "prose: a UF2 was copied onto the BOOTSEL drive",
        Msg("said_uf2_copied",
            rf"(?i)\b(?:cop(?:y|ies|ied|ying)|drag(?:s|ged|ging)?|drop(?:s|ped|ping)?|past(?:e|es|ed|ing)|mov(?:e|es|ed|ing)|"
            rf"transfer(?:s|red|ring)?|put|plac(?:e|ed|ing))\b{_SENT}{{0,80}}?\b(?:to|onto|into|on) (?:(?:the|my|a|an|its) )?(?:[\w-]+ )?{_DRIVE}\b",
            strength="strong",
            example="I have downloaded pico-v1.23.0-1-pimoroni-micropython.uf2 from your repo, to my Windows 10 machine, "
                    "copied the file to the RP2350 device under file explorer."),
        # (rp-usb s8) the drive called by what it looks like rather than its label (`the removable disk`, `the mass storage
        # drive`, `the USB drive`), and the UF2 / firmware copied "over" (steps-to-reproduce lists): the name comes from
        # the chip named in the same text (finish)
        Msg("said_uf2_copied",
            rf"(?i)\b(?:cop(?:y|ies|ied|ying)|drag(?:s|ged|ging)?(?: and drop)?|drop(?:s|ped|ping)?|past(?:e|es|ed|ing)|mov(?:e|es|ed|ing)|"
            rf"transfer(?:s|red|ring)?|put|plac(?:e|ed|ing))\b{_SENT}{{0,60}}?\b(?:to|onto|into|on) (?:(?:the|my|a|an|its) )?"
            rf"(?:removable (?:disk|drive|storage(?: device)?)|mass[- ]storage(?: device| drive)?|usb (?:drive|disk|stick)|boot(?:loader)? drive)\b",
            strength="strong",
            example="The test found that the current rp2350 firmware compiled by klipper cannot drag and drop the uf2 file to the removable disk for flash."),
        # (deepen-rp-can s19) the drive named in the sentence before, the copy "onto it": "the RP2350 drive shows up in Windows
        # Explorer. I dragged the .uf2 onto it"; the name comes from the chip named in the same text (finish)
        Msg("said_uf2_copied",
            r"(?i)\b(?:cop(?:y|ies|ied|ying)|drag(?:s|ged|ging)?(?: and drop(?:ped)?)?|drop(?:s|ped|ping)?|mov(?:e|es|ed|ing)) (?:the |my |a |an )?(?:new )?(?:\S*\.uf2|uf2)(?: file)? (?:on|onto|to|into) it\b",
            strength="strong", example="I dragged the .uf2 onto it, the drive disappears and comes straight back"),
        # (klipper s23) a named .uf2 file copied onto "the drive" (the BOOTSEL drive the text shows by its INFO_UF2.TXT): "When I copy
        # the file PicoCalc_PicoMite_v1.0.uf2 onto the drive it just copies it" (forum.clockworkpi.com 18162); the name comes from the
        # chip named in the same text (finish). A file with the .uf2 extension in the same sentence, never a program's own drive
        Msg("said_uf2_copied",
            r"(?i)\b(?:cop(?:y|ies|ied|ying)|drag(?:s|ged|ging)?(?: and drop(?:ped)?)?|drop(?:s|ped|ping)?|mov(?:e|es|ed|ing)) (?:the |my |a |an )?(?:new )?(?:file )?"
            r"\S+\.uf2\b(?: file)? (?:on|onto|to|into) (?:the|that|this) (?:usb |new |mounted |removable )?drive\b",
            strength="strong", example="When I copy the file PicoCalc_PicoMite_v1.0.uf2 onto the drive it just copies it."),
        # (rp-fw s24) the copy said in the passive, the image first: "The New.UF2 file seems to get copied to the drive that appears"
        # (earlephilhower/arduino-pico#3025, an RP2040-family image on a Pico 2), "the uf2 is copied onto RPI-RP2", "klipper.uf2 was
        # dragged onto the RP2350 drive"; the name comes from the drive or the chip named in the same text (finish)
        # (review s24) a UF2 named (not a bare "firmware"), never a copy the board took (it rebooted, the drive went away, the
        # program runs: "... was copied to the drive, the drive disappeared and Thonny sees the REPL"); the drive by its chip's label
        # is the first row's (one event a line)
        Msg("said_uf2_copied",
            r"(?i)^(?![^\n]{0,400}?(?<!n't )(?<!not )(?<!never )\b(?:reboot(?:ed|s)\s+(?:fine|ok(?:ay)?|normally|into)|rebooted|restarted|disappeared(?!\s+and\s+(?:then\s+)?(?:came|reappeared|showed))"
            r"|went\s+away(?!\s+and\s+(?:then\s+)?(?:came|reappeared|showed))|ejected|works|worked|connects|connected|repl)\b)"
            r"[^\n]{0,300}?\b(?:the |my |a |an |this )?(?:new )?(?:\S+\.uf2|uf2)(?: file| firmware| image)?\s+(?:\w+\s+){0,3}?(?:is|was|gets?|got|getting|being|been|are|were)\s+"
            r"(?:successfully\s+)?(?:copied|dragged|dropped|moved|transferred|written|pasted)\s+(?:over\s+)?(?:to|onto|into|on)\s+(?:the|that|this|my)\s+"
            r"(?:(?:usb|new|mounted|removable|boot(?:loader)?|bootsel)\s+)?(?:drive|disk|volume)\b",
            strength="strong", example="The New.UF2 file seems to get copied to the drive that appears when i trigger the command"),
        # (reviewfix s25) both "over" rows: never a copy onto an SD / TF card or another medium, another file type, another
        # family's UF2 drive (nRF52, SAMD, ESP32-S2/S3 TinyUF2), nor a question, an "if", advice or a negated copy
        Msg("said_uf2_copied",
            r"(?i)^" + _OVER_GUARD + r"[^\n]{0,300}?\b(?:cop(?:y|ied)|drag(?:ged)?(?: and drop(?:ped)?)?) (?:the |my |a |an )?(?:new )?(?:firmware|\S+\.uf2|uf2(?: file)?) (?:file )?(?:over|across)\b",
            strength="strong", example="- Copy the firmware over"),
        # (fw-rp s25) "over" before the image: "try copying over any firmware from here, nothing happens", "I can copy over the
        # flash_nuke.uf2 file" (r/raspberrypipico 1jky005, a Pico 2 W); the name comes from the chip named in the same text (finish)
        Msg("said_uf2_copied",
            # (fw-rp s25) never an SD card's or another file's copy ("copied over the firmware.bin to the SD card": SD001's)
            r"(?i)^" + _OVER_GUARD + r"[^\n]{0,300}?\b(?:cop(?:y|ies|ied|ying)|drag(?:s|ged|ging)?(?: and drop(?:ped)?)?)\s+over\s+(?:the |my |a |an |any |some |your |this )?(?:new |latest )?"
            r"(?:firmware(?![.\w])|\S+\.uf2|uf2)\b",
            strength="strong", example="when I plug it in and try copying over any firmware from here, nothing happens"),
        # (sd-rp s22) the image "uploaded" or "flashed" onto the drive named by its chip: "Trying to upload your firmware to RP2350
        # and nothing happens" (MadedCat/Murmulator_rp2040#1). Only with a firmware/UF2 object: "upload the sketch to the RP2040"
        # is an IDE upload, not the drive. (review s22) Nor a debug probe's flash (SWD, picotool, openocd)
        Msg("said_uf2_copied",
            rf"(?i)^(?![^\n]{{0,400}}?(?:\bswd\b|picotool|probe|openocd|cmsis))[^\n]{{0,300}}?\b(?:upload(?:s|ed|ing)?|flash(?:es|ed|ing)?)\s+(?:the |my |your |a |an |this |our )?(?:new |latest )?(?:\S+\.uf2|uf2|firmware|image)"
            rf"(?: file)?\s+(?:to|onto|into|on)\s+(?:(?:the|my|a|an|its) )?{_DRIVE}\b",
            strength="strong", example="Trying to upload your firmware to RP2350 and nothing happens, explorer window didn't clolse and Pico wouldn't reboot."),
    ),
    group(
        "prose: the drive stayed, the board did not reboot into the image",
        Msg("said_uf2_not_applied",
            rf"(?i)\b(?:(?:{_NEG})\s+(?:\w+\s+){{0,2}}?(?:reboot|restart|eject|disconnect|disappear|unmount|dismount)|"
            rf"(?:just |only )?(?:sits?|sat|stays?|stayed|remains?|remained) (?:there\b|mounted\b|(?:as|in) (?:the |a )?(?:RPI-RP2|RP2350|BOOTSEL|bootloader))|"
            # (deepen-rp-can s19) "reboots straight back into the RPI-RP2 drive", "goes right back to BOOTSEL"
            rf"(?:reboot(?:s|ed)?|restart(?:s|ed)?|goes|went|comes?|came|drops?|dropped)\s+(?:straight\s+|right\s+)?back\s+(?:in)?to\s+(?:the\s+)?(?:RPI-RP2|RP2350|BOOTSEL)|"
            rf"(?:just )?(?:shows?|showed|comes?|came) (?:up |back )?(?:again )?(?:in \w+ )?as (?:the |an? )?(?:RPI-RP2|RP2350))",
            strength="none",
            example="The file looks like it copies but does not automatically reboot  the Pico 2 once the copy is complete."),
        # (rp-usb s8) the copy itself said not to work: `cannot drag and drop the uf2 file`, `impossible to copy the uf2 file
        # to the removable disk`, `drag and drop doesn't work` (Klipper PR #6948: an RP2350 drive ignoring an RP2040-family image)
        Msg("said_uf2_not_applied",
            r"(?i)\b(?:cannot|can'?t|can not|unable to|impossible to|not possible to|fails? to|failed to)\s+(?:drag(?: and drop| & drop|-and-drop)?|copy|flash (?:it )?(?:by|with|via) drag(?:ging)?(?: and drop(?:ping)?)?)\b"
            r"|\bdrag(?: and |-and-| & )drop(?:ping)? (?:does(?:n'?t| not)|did(?:n'?t| not)|won'?t) work",
            strength="none", example="But it is impossible to copy the uf2 file to the removable disk flash of RP2350."),
        # (thin-rp s15) the drive goes and comes straight back (the ROM rebooted into BOOTSEL again, or took nothing): "it
        # disappears and comes back again", "the drive ejects and then reappears", "unmounts and remounts"
        Msg("said_uf2_not_applied",
            r"(?i)\b(?:disappear(?:s|ed)?|goes away|went away|eject(?:s|ed)|vanish(?:es|ed)|unmount(?:s|ed)|disconnect(?:s|ed))\s+(?:for a (?:second|moment)\s+)?and\s+(?:then\s+)?(?:immediately\s+|right away\s+)?"
            r"(?:comes?\s+(?:straight\s+|right\s+)?back|came\s+(?:straight\s+|right\s+)?back|reappear(?:s|ed)?|re-?mount(?:s|ed)?|shows?\s+up\s+again|showed\s+up\s+again|pops?\s+(?:up|back)\s+again|re-?connect(?:s|ed))",
            strength="none", example="I copied the uf2 to the RP2350 drive, it disappears and comes back again."),
        # (deepen-rp-can s19) the drive's window stays, nothing else happens: "Nothing happens, the file explorer remains open"
        # (pico-examples#544: an RP2040-only flash_nuke.uf2 on an RP2350), "the Finder window stays open", "nothing happens"
        Msg("said_uf2_not_applied",
            r"(?i)\b(?:(?:file\s+)?explorer(?:\s+window)?|finder(?:\s+window)?|(?:drive|folder)\s+window|window|drive)\s+(?:just\s+)?(?:remains|remained|stays|stayed|is\s+still)\s+open\b",
            strength="none", example="Actual behaviour: Nothing happens, the file explorer remains open, until any other uf2 is copied which contains executable code."),
        # (sd-rp s22) the reboot that did not come, said as what was expected: "it completes and then just sits there. I'm expecting it
        # to auto reboot like the RPI-RP2 does" (geeekpi/pico_breadboard_kit#8, a Pico 1 image on a Pico 2)
        # (review s22) only the expectation (a wait is no outcome), and not one the sentence says came true ("and it did", "it rebooted")
        Msg("said_uf2_not_applied",
            r"(?i)\b(?:i'?m |i am |i was |was )?expect(?:ing|ed)?\s+(?![^.!?\n]{0,80}?\b(?:(?:and|which)\s+it\s+did|rebooted|works?|worked|runs)\b)(?:it|the (?:board|pico(?:\s*2)?|device|drive|rp2350|rp2040))\s+to\s+"
            r"(?:auto(?:matically)?[- ]?)?(?:re-?boot|restart|eject|disconnect|disappear|unmount)\b",
            strength="none", example="I'm expecting it to auto reboot like the RPI-RP2 does."),
        # (klipper s23) the copy said to be all that happened: "it just copies it" (forum.clockworkpi.com 18162), "it only copies the
        # file"; not in a line that says the board then rebooted or the drive went away
        Msg("said_uf2_not_applied",
            # (review s23) nor one that says the board then ran (works, runs, shows up as its serial / by-id name), nor another family's
            # drive (nRF52, SAMD, ESP32-S2/S3 UF2 bootloaders: not RP2040's ROM)
            r"(?i)^(?!.*\b(?:re-?boot|restart|disconnect|eject|disappear|vanish|unmount|goes\s+away|went\s+away|flash(?:es|ed)\b"
            r"|(?<!nothing )(?<!not )(?<!n't )(?:works?|worked|runs?|running)|(?:shows?|showed|comes?|came)\s+up|serial|by-id|usb-klipper\w*|nrf\w*|samd\w*"
            r"|esp(?:32|8266)\w*|adafruit))"
            r".*\b(?:it|windows|explorer|the (?:pc|computer|mac|os))\s+(?:just|only|simply)\s+cop(?:ies|ied)\s+(?:it|the file|the uf2|over)\b",
            strength="none", example="When I copy the file PicoCalc_PicoMite_v1.0.uf2 onto the drive it just copies it."),
        # "nothing happens" alone, in a line that does not say the board rebooted or the drive went away (a ROM that took the
        # whole image reboots; one that dropped every block just sits)
        Msg("said_uf2_not_applied",
            r"(?i)^(?!.*\b(?:re-?boot|restart|disconnect|eject|disappear|vanish|unmount|goes\s+away|went\s+away))"
            r"(?:.*?(?:[.:,;!]\s*|\band\s+|\bbut\s+|\bthen\s+))?(?:just\s+|absolutely\s+|simply\s+)?nothing\s+(?:happens|happened|at\s+all\s+happens)\b",
            strength="none", example="Observation: nothing happens."),
    ),
)


MESSAGES = MESSAGES + group(
    "QMK Toolbox 0.2-0.3 (no RP2040 bootloader type): its device line for an RP2040/RP2350 in BOOTSEL, quoted inside a sentence",
    Msg("bootloader_connected", r"USB device connected \((?P<driver>NO DRIVER)\):\s+RP2 Boot \((?P<vid>2[Ee]8[Aa]):(?P<pid>000[3Ff])\b",
        strength="strong", fail=True,
        example='the software detected the controller "USB device connected (NO DRIVER):  RP2 Boot (2E8A:0003:0100)" but it didn\'t let me flash'),
)

MESSAGES = MESSAGES + group(
    "util-linux mount(8) 2.23-2.40 (libmount's messages, `mount: /mnt: ...` since 2.30, `mount: ...` before): mounting the "
    "bootloader's drive (RPI-RP2, an SD-card style MSC bootloader) failed: no such drive, or no FAT file system on it",
    Msg("mount_failed", r"^mount: (?:\S+: )?(?:special device (?P<device>/dev/\S+?) does not exist|"
        r"wrong fs type, bad option, bad superblock on (?P<device2>/dev/[^\s,]+)|can't read superblock on (?P<device3>/dev/[^\s.]+)|"
        r"(?P<device4>/dev/\S+) is not a (?:valid )?block device|can't find (?P<device5>/dev/\S+) in /etc/fstab)",
        strength="strong", fail=True,
        example="mount: /mnt: wrong fs type, bad option, bad superblock on /dev/sda1, missing codepage or helper program, or other error."),
    Msg(None, r"^\s*dmesg\(1\) may have more information after failed mount system call", strength="none", benign=True,
        example="       dmesg(1) may have more information after failed mount system call."),
)


# What the image itself says it is for: file(1)'s UF2 magic (file 5.4x, magic/Magdir/uf2: "UF2 firmware image, family
# Raspberry Pi RP2040, address 0x10000000, 26 total blocks"; the family names come from microsoft/uf2's
# uf2families.json) and uf2conv.py --info ("Family ID is RP2040, hex value is 0xe48bff56"). Next to the chip the
# person names (a Pico 2 / RP2350, the RPI-RP2 drive of an RP2040), a family of another chip is RP003's fault.
_FILE_FAMILY = {"raspberry pi rp2040": "rp2040", "raspberry pi rp2350, secure arm image": "rp2350-arm-s",
                "raspberry pi rp2350, risc-v image": "rp2350-riscv", "raspberry pi rp2350, non-secure arm image": "rp2350-arm-ns"}
MESSAGES = MESSAGES + group(
    "file 5.40-5.46 magic/Magdir/uf2 (family names of microsoft/uf2 utils/uf2families.json) and microsoft/uf2 utils/uf2conv.py "
    "--info: the UF2 family a file carries",
    Msg("uf2_file_family", r"UF2 firmware image(?:, (?:not main flash|file container))*, family (?P<family>Raspberry Pi RP2040|Raspberry Pi RP2350, (?:Secure Arm|RISC-V|Non-secure Arm) image"
        r"|Raspberry Pi MC: (?:Absolute|Data)|Nordic NRF5\w*|Microchip \(Atmel\) SAM\w+|ST STM32\w+|ESP32\w*|0x[0-9a-fA-F]{6,8})",
        strength="strong", example="blink.uf2: UF2 firmware image, family Raspberry Pi RP2040, address 0x10000000, 26 total blocks"),
    Msg("uf2_file_family", r"^Family ID is \w*, hex value is (?P<family>0x[0-9a-fA-F]{8})", strength="strong",
        example="Family ID is RP2040, hex value is 0xe48bff56"),
    # (thin-rp s15) picotool 2.0-2.3 main.cpp info_guts(): `picotool info FILE.uf2` heads each family's section with the family's
    # name (family_name(): quoted for the known ids, the number otherwise)
    Msg("uf2_file_family", r"^File \S.*?\.uf2 family ID '?(?P<family>rp2040|rp2350-arm-s|rp2350-arm-ns|rp2350-riscv|absolute|data|0x[0-9a-fA-F]{8})'?:\s*$",
        strength="strong", example="File blink.uf2 family ID 'rp2040':"),
    # (rp2040-pico s9) release file names that name the board they are built for: MicroPython's downloads (RPI_PICO_W-20240222-
    # v1.22.2.uf2, RPI_PICO2_W-..., rp2-pico-20210618-v1.16.uf2), Pimoroni's (picow-v1.25.0-pimoroni-micropython.uf2,
    # pico2_w-v1.29.0-1-pimoroni-micropython.uf2), CircuitPython's (adafruit-circuitpython-raspberry_pi_pico2_w-en_US-9.2.4.uf2):
    # a Pico / Pico W file is an RP2040 image, a Pico 2 / Pico 2 W file an RP2350 one (pimoroni-pico#1093, #997)
    Msg("uf2_file_family", r"(?i)(?<![\w-])(?P<board>RPI_PICO2?(?:_W)?|rp2-pico2?(?:-w)?)-\d{8}-v\d[\w.+-]*\.uf2\b", strength="strong",
        attrs={"via": "name"}, example="RPI_PICO_W-20240222-v1.22.2.uf2"),
    Msg("uf2_file_family", r"(?i)(?<![\w-])(?P<board>(?:rpi_)?pico2?(?:_?w)?)-v\d[\w.+-]*-pimoroni-micropython\.uf2\b", strength="strong",
        attrs={"via": "name"}, example="picow-v1.25.0-pimoroni-micropython.uf2"),
    Msg("uf2_file_family", r"(?i)\badafruit-circuitpython-(?P<board>raspberry_pi_pico2?(?:_w)?)-\w+-\d[\w.+-]*\.uf2\b", strength="strong",
        attrs={"via": "name"}, example="adafruit-circuitpython-raspberry_pi_pico2_w-en_US-9.2.4.uf2"),
    # the chip the person names: an RP2350 board (Pico 2, Pico 2 W, the RP2350 drive), or the RP2040 ROM's drive
    Msg("said_chip", r"(?i)(?<![\w.-])(?P<chip>pico ?2(?: ?w)?|rp2350[ab]?|rpi-rp2)(?![\w-])", strength="weak",
        example="While pressing the boot loader button i connected the pico 2. it's shown as rp2350."),
)

# (rp2040-sd s11) The BOOTSEL drive's INFO_UF2.TXT names the boot ROM, so the chip: pico-bootrom-rp2040
# bootrom/info_uf2.txt ("UF2 Bootloader v3.0" (v2.0 on B0/B1), "Model: Raspberry Pi RP2", "Board-ID: RPI-RP2") and
# pico-bootrom-rp2350 src/nsboot/usb_virtual_disk.c's defaults ("UF2 Bootloader v1.0", "Model: Raspberry Pi RP2350",
# "Board-ID: RP2350"; white-labelled boards may say otherwise, so only the defaults are read). Next to a board the
# person names as the other chip ("new Raspberry Pi Pico 2W" with the RP2040 ROM's file), the image they pick for
# that board is for another chip: RP003 (circuitpython#10047).
MESSAGES = MESSAGES + group(
    "pico-bootrom-rp2040 bootrom/info_uf2.txt and pico-bootrom-rp2350 src/nsboot/usb_virtual_disk.c: INFO_UF2.TXT of the BOOTSEL drive",
    # (fw-rp s25) an image for another board variant on the console: the RISC-V Linux psram-bootloader for RP2350 boards with PSRAM
    # (pi-pico2-linux, main.c psram_setup_and_test(): "PSRAM setup failed" when setup_psram() finds no chip; its "Invalid PSRAM
    # ID: N") copied onto a Pico 2, which has none: it keeps running from its flash partition and the UF2s copied after it
    # change nothing (cnx-software 2024-09-03); flash_nuke.uf2 clears it
    Msg("rp_image_board_mismatch", r"^\s*(?:Invalid PSRAM ID: (?:0x)?[0-9a-fA-F]+|PSRAM setup failed)\s*$", strength="strong", fail=True,
        attrs={"what": "PSRAM"}, example="Invalid PSRAM ID: 0"),
    Msg("bootrom_info", r"^\s*Model:\s*Raspberry Pi (?P<model>RP2350|RP2)\s*$", strength="strong",
        example="Model: Raspberry Pi RP2"),
    Msg("bootrom_info", r"^\s*Board-ID:\s*(?P<model>RPI-RP2|RP2350)\s*$", strength="strong",
        example="Board-ID: RP2350"),
)


# (rp-usb s7) The same two statements as a shell session shows them (Linux/macOS terminals, Windows cmd): a `cp`/`copy`/`mv`
# of a .uf2 onto the drive's mount point, and later a listing of that drive holding only the ROM's two files again (the
# board came back as the BOOTSEL drive instead of starting the image). On Linux the mount point rarely names the drive
# (/mnt/pico, /media/usb): the copy is kept as `BOOTSEL` unless the path says RPI-RP2 or RP2350. elf2uf2-rs 1.x-2.x
# (crates/elf2uf2-rs/src/deploy.rs, `-d` deploy): "Found pico uf2 disk PATH" = an RP2040/RP2350 in BOOTSEL is mounted;
# "Unable to find mounted pico" = none is.
MESSAGES = MESSAGES + group(
    "POSIX cp/mv and Windows copy of a UF2 onto the BOOTSEL drive, and ls/dir of the drive afterwards (its two ROM files)",
    Msg("said_uf2_copied", r"(?i)(?:^|[$#>] )(?:sudo )?(?:cp|mv|copy|xcopy|move)(?: /?-?\w+)* (?:\"[^\"\n]*\.uf2\"|\S+\.uf2) (?P<dest>\"[^\"\n]+\"|\S+)\s*$",
        strength="weak", attrs={"via": "shell"},
        example="user@3dprinter:~/klipper $ sudo cp ~/klipper/out/klipper.uf2 /mnt/pico"),
    # (thin-rp s15) strong: only the boot ROM's drive holds exactly these two files, and the listing after the copy often
    # follows other commands of the session (ls /dev/serial/by-id, mount) whose blocks would swallow it; settle() pairs it
    # with the copy across blocks
    Msg("bootsel_drive_listing", r"^\s*(?:INDEX\.HTM\s+INFO_UF2\.TXT|INFO_UF2\.TXT\s+INDEX\.HTM)\s*$", strength="strong",
        example="INDEX.HTM  INFO_UF2.TXT"),
)
MESSAGES = MESSAGES + group(
    "elf2uf2-rs 1.3-2.x crates/elf2uf2-rs/src/deploy.rs (cargo run with the elf2uf2-rs -d runner of the rp-rs templates)",
    Msg("uf2_drive_found", r"Found pico uf2 disk (?P<path>\S.*?)\s*$", strength="strong", attrs={"role": "rp2040-bootsel"},
        example="Found pico uf2 disk /Volumes/RPI-RP2"),
    Msg("rp2040_not_found", r"Unable to find mounted pico", strength="strong", fail=True, attrs={"state": "no_drive"},
        example="Error: \"Unable to find mounted pico\""),
    Msg(None, r"^Transfering program to (?:pico|microcontroller)", strength="strong", example="Transfering program to pico"),
)
# (rp2350-picotool2 s16) elf2flash 0.1 (BjornTheProgrammer/elf2flash, the elf2uf2-rs successor: `elf2flash deploy` as a cargo
# runner) writes the UF2 through libusb (rusb) to the BOOTSEL drive's mass-storage interface instead of a mounted drive.
# crates/elf2flash/src/commands/deploy/to_usb.rs list_uf2_partitions(): "Failed to list partitions for board '<b>' (family id
# 0x..): <err>", then per partition "Failed to open USB mass storage ..." / "Failed to get block device ...". The errors of
# crates/usbh-scsi (UsbMassStorageError::FailedToOpenUsbDevice: libusb_open failed, with "Insufficient permissions to open
# usb device" on LIBUSB_ERROR_ACCESS; FailedToClaimInterfaceFromUsbDevice) and crates/usbh-fatfs (BlockDeviceOpenFail: the
# interface could not be claimed) mean the board is there but this program may not open its interface: on Linux no udev
# rule (elf2flash#1), on Windows the interface bound to USBSTOR instead of WinUSB (elf2flash#2). ListingPartitionFail (the
# FAT could not be read) is not an access failure and stays out.
MESSAGES = MESSAGES + group(
    "elf2flash 0.1 crates/elf2flash/src/commands/deploy (to_usb.rs), crates/usbh-scsi storage, crates/usbh-fatfs",
    Msg(None, r"^Getting plugged in boards\s*$", strength="strong", example="Getting plugged in boards"),
    Msg("uf2_drive_found", r"^\s*board: (?P<path>rp2040|rp2350) \(family id: 0x[0-9a-fA-F]+\)", strength="strong",
        attrs={"role": "rp2040-bootsel", "via": "elf2flash"}, example="    board: rp2350 (family id: 0xe48bff59)"),
    Msg("msc_open_failed", r"Failed to (?:list partitions|open USB mass storage|get block device) for board '(?P<name>[^']*)' \(family id "
        r"0x[0-9a-fA-F]+\): (?P<text>BlockDeviceOpenFail|UsbMassStorageError\((?:FailedToOpenUsbDevice|FailedToClaimInterfaceFromUsbDevice\(\w+\))\)"
        r"|FailedToOpenUsbDevice|FailedToClaimInterfaceFromUsbDevice\(\w+\))", strength="strong", fail=True,
        example="WARN: Failed to list partitions for board 'rp2350' (family id 0xe48bff59): BlockDeviceOpenFail"),
    Msg("usb_access_denied", r"Insufficient permissions to open usb device", strength="strong", fail=True,
        example="ERROR: Insufficient permissions to open usb device"),
)

MESSAGES = MESSAGES + group(
    "util-linux fdisk -l, lsblk -f, mount (the BOOTSEL drive as the OS lists it: the boot ROM's mass storage answers SCSI "
    "INQUIRY as vendor RPI, product RP2 on the RP2040 and RP2350 on the RP2350; its FAT volume is labelled RPI-RP2 / RP2350)",
    # (se-wrappers s8) knurling-rs/probe-run#409: `sudo fdisk -l` showed "Disk model: RP2" (128 MiB) beside probe-run's
    # "no probe was found": the Pico on USB sits in BOOTSEL
    Msg("uf2_drive_found", r"^Disk model: (?P<path>RP2(?:350)?)\s*$", strength="strong", attrs={"role": "rp2040-bootsel", "via": "fdisk"},
        example="Disk model: RP2"),
    Msg("uf2_drive_found", r"\bvfat\s+(?P<path>RPI-RP2|RP2350)\b", strength="strong", attrs={"role": "rp2040-bootsel", "via": "lsblk"},
        example="sdd1  part vfat   RPI-RP2   000B-33DC"),
    Msg("uf2_drive_found", r"^\S+ on (?P<path>\S*/(?:RPI-RP2|RP2350)) type vfat\b", strength="strong", attrs={"role": "rp2040-bootsel", "via": "mount"},
        example="/dev/sda1 on /media/pi/RPI-RP2 type vfat (rw,nosuid,nodev,relatime)"),
)


def _settle_drive_family(runs: list[dict[str, Any]]) -> None:
    """(thin-rp s15) uf2conv.py's "Flashing E: (RP2350)" names the boot ROM that took the copy (an Arduino IDE upload with
    arduino-pico); the build's `picotool uf2 convert ... --family rp2040` (or a file(1) / picotool info family) in the same
    text names the chip the image is for. A ROM drops every block of another chip's family: an RP003 mismatch."""
    drives = [(r, e) for r in runs for e in r.get("events") or [] if e.get("kind") == "uf2_drive_flashed"]
    chips = {"rp2350" if str(e.get("name")).upper() == "RP2350" else "rp2040" for _, e in drives}
    if len(chips) != 1 or any(e.get("kind") == "uf2_family_mismatch" for r in runs for e in r.get("events") or []):
        return
    chip = next(iter(chips))
    for r in runs:
        for e in r.get("events") or []:
            if e.get("kind") == "uf2_file_family" and e.get("built_for") and e["built_for"] != chip:
                run, drive = drives[0]
                run.setdefault("events", []).append({**e, "kind": "uf2_family_mismatch", "mcu": chip, "fail": True,
                                                     "drive_line": drive.get("line")})
                run["success"] = False
                return


@register
class Uf2DriveParser(TableParser):
    name = "uf2-drive"
    namespace = "flash"
    hints = ("rpi-rp2", "rp2350", "rp2040", "bootsel", "disk model: rp2", "mount:", "mount system call", "rp2 boot", "uf2 firmware image",
             "family id is", "pico", ".uf2", "info_uf2", "transfering program", "firmware over", "firmware across", "removable",
             "mass storage", "mass-storage", "usb drive", "drag and drop", "boot drive", "bootloader drive",
             "model: raspberry pi rp2", "board-id:", "invalid psram id", "psram setup failed",
             "plugged in boards", "for board '", "insufficient permissions to open usb")  # (rp2350-picotool2 s16) elf2flash
    event_kinds = ("uf2_family_mismatch", "uf2_rom_chip_mismatch")
    messages = MESSAGES
    all_matches = True  # one paragraph often holds both statements

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: Any, lineno: int, line: str) -> None:
        if ev is not None and ev["kind"] == "uf2_file_family" and ev.get("via") == "name":
            board = str(ev.pop("board", "")).lower()
            ev["family"] = "rp2350-arm-s" if "pico2" in board.replace("_", "").replace("-", "") else "rp2040"
            ev["built_for"] = FAMILY_CHIP[ev["family"]]
            return
        if ev is not None and ev["kind"] == "uf2_file_family":
            fam = str(ev.get("family", ""))
            ev["family"] = family_name(fam) if fam.lower().startswith("0x") else _FILE_FAMILY.get(fam.lower(), fam.lower())
            ev["built_for"] = FAMILY_CHIP.get(ev["family"], "other" if not ev["family"].startswith(("absolute", "data", "raspberry pi mc")) else "")
            if not ev["built_for"]:
                ev.pop("built_for")
        if ev is not None and ev["kind"] == "said_chip":
            ev["mcu"] = "rp2040" if str(ev.pop("chip", "")).lower() == "rpi-rp2" else "rp2350"
        if ev is not None and ev["kind"] == "bootrom_info":
            ev["mcu"] = "rp2350" if "2350" in str(ev.pop("model", "")) else "rp2040"
        if ev is not None and ev["kind"] == "bootloader_connected":
            ev["vid"], ev["pid"] = str(ev["vid"]).lower(), str(ev["pid"]).lower()
        if ev is not None and ev["kind"] == "said_uf2_copied" and ev.get("via") == "shell":
            dest = str(ev.pop("dest", "")).upper()
            ev["name"] = "RPI-RP2" if "RPI-RP2" in dest else "RP2350" if "RP2350" in dest else "BOOTSEL"
        if ev is not None and ev["kind"] == "uf2_drive_found":
            path = str(ev.get("path", "")).upper()
            if "RP2350" in path:
                ev["role"] = "rp2350-bootsel"
        if ev is not None and ev["kind"] == "mount_failed":
            for key in ("device2", "device3", "device4", "device5"):
                if key in ev:
                    ev["device"] = ev.pop(key)

    @staticmethod
    def settle(out: dict[str, Any]) -> None:
        """(thin-rp s15) A shell copy of a UF2 onto the drive in one block, and the drive listed again later with only the ROM's
        two files in another block of the same text (the session went on with other commands between): the board came back
        as the BOOTSEL drive, as finish() reads it inside one block."""
        all_runs = (out.get("flash") or {}).get("runs") or []
        _settle_drive_family(all_runs)
        runs = [r for r in all_runs if r.get("tool") == "uf2-drive"]
        if len(runs) < 2:
            return
        listings = [(r.get("source"), e.get("lineno") or 0, e) for r in runs for e in r.get("events") or []
                    if e.get("kind") == "bootsel_drive_listing"]
        for run in runs:
            evs = run.get("events") or []
            if any(e.get("kind") == "said_uf2_not_applied" for e in evs):
                continue
            copies = [e for e in evs if e.get("kind") == "said_uf2_copied" and e.get("via") == "shell"]
            if not copies:
                continue
            first = copies[0]
            later = [e for src, n, e in listings if src == first.get("source") and n > (first.get("lineno") or 0)]
            if later:
                evs.append({**later[0], "kind": "said_uf2_not_applied", "text": "the drive came back with only INDEX.HTM and INFO_UF2.TXT"})

    def finish(self) -> dict[str, Any]:
        # (rp-usb s8) a copy onto a drive the text names only as "the removable disk": the one chip named in the same text
        # names the drive (an RP2350 image on the RP2350's drive, the RPI-RP2 drive of an RP2040)
        named = {str(e["mcu"]) for e in self.events if e["kind"] == "said_chip"}
        if len(named) == 1:
            label = "RP2350" if "rp2350" in named else "RPI-RP2"
            for e in self.events:
                if e["kind"] == "said_uf2_copied" and not e.get("name"):
                    e["name"] = label
        # a shell copy of a UF2 onto the drive, and the drive listed later with only the ROM's two files: the board came back
        # as the BOOTSEL drive instead of starting the image (the ROM dropped it, or it did not boot)
        copies = [e for e in self.events if e["kind"] == "said_uf2_copied" and e.get("via") == "shell"]
        later = [e for e in self.events if e["kind"] == "bootsel_drive_listing" and copies and e["lineno"] > copies[0]["lineno"]]
        if later and not any(e["kind"] == "said_uf2_not_applied" for e in self.events):
            self.events.append({**later[0], "kind": "said_uf2_not_applied", "text": "the drive came back with only INDEX.HTM and INFO_UF2.TXT"})
        # the image's family against the chip named beside it (one chip named): an image for another chip, which the
        # boot ROM drops block by block without a word
        chips = {str(e["mcu"]) for e in self.events if e["kind"] == "said_chip"}
        chips |= {{"RP2350": "rp2350", "RPI-RP2": "rp2040"}.get(str(e.get("name")).upper(), "") for e in self.events
                  if e["kind"] == "said_uf2_copied"} - {""}
        if len(chips) == 1:
            chip = next(iter(chips))
            for e in [e for e in self.events if e["kind"] == "uf2_file_family" and e.get("built_for")]:
                if e["built_for"] != chip:
                    self.events.append({**e, "kind": "uf2_family_mismatch", "mcu": chip, "fail": True})
        # the drive's INFO_UF2.TXT names one boot ROM, and the person names the board as the other chip elsewhere (not on
        # the INFO_UF2.TXT lines): the image chosen for the named board is for another chip
        roms = [e for e in self.events if e["kind"] == "bootrom_info"]
        rom_chips = {str(e["mcu"]) for e in roms}
        rom_lines = {e["lineno"] for e in roms}
        named = {str(e["mcu"]) for e in self.events if e["kind"] == "said_chip" and e["lineno"] not in rom_lines}
        if len(rom_chips) == 1 and len(named) == 1 and named != rom_chips and not any(
                e["kind"] == "uf2_family_mismatch" for e in self.events):
            self.events.append({**roms[0], "kind": "uf2_rom_chip_mismatch", "mcu": next(iter(rom_chips)),
                                "named": next(iter(named)), "fail": True})
        return super().finish()

    def summary(self) -> dict[str, Any]:
        names = [e.get("name") for e in self.events if e["kind"] == "said_uf2_copied" and e.get("name")]
        s: dict[str, Any] = {}
        chip = {"RP2350": "rp2350", "RPI-RP2": "rp2040"}.get(str(names[0]).upper()) if names else None
        if chip:
            s["mcu"] = chip  # the drive's name says which boot ROM took the copy
        if any(e.get("fail") for e in self.events):
            s["success"] = False
        return s

