"""The output of building Klipper or Katapult (`make`): compile and link lines, overflows, missing images.

Rows from Klipper's and Katapult's Makefiles (the "  Compiling out/src/...", "  Linking out/klipper.elf",
"  Creating bin file out/klipper.bin" lines, 2016-2026), GNU make's own errors, GNU ld's overflow messages
(binutils 2.20-2.42: "region `rom' overflowed by N bytes" (one byte: "by 1 byte"), also `FLASH', `text'; "section `.text' will
not fit in region `text'"; avr-ld's "address 0x800a2e of out/klipper.elf section `.data' is not within region `data'", the
RAM of an AVR; LLVM lld's "section '.text' will not fit in region 'FLASH': overflowed by N bytes") and the shell's for a
missing cross compiler (and binutils, the host cc, the python2/python3 the Makefile runs, ncurses for the 2016-2020
kconfig), GNU make's failed recipes for the build targets (out/..., menuconfig and the kconfig tools), GNU ld's
undefined references and GNU as refusing another target's options, GCC crashing (an internal compiler error, a pass
killed by a signal, collect2's "lto-wrapper returned N exit status") and a recipe GNU make saw die of a signal, a
traceback through lib/kconfiglib (2020-11 and later), and a failed Nix derivation of the Klipper firmware (nixpkgs klipper-firmware). ld's and gcc's warnings are
marked benign: a build that only warns is not a failed one.

Facts: one run under `klipper.build.runs` (tool "make") with events build_overflow (name = the memory
region, size = bytes over), build_error (a compiler or linker error, a make rule for an object file that
is missing: a broken or half-updated checkout), image_missing (`mv: cannot stat 'out/klipper.bin'` and the
like), toolchain_missing (arm-none-eabi-gcc / avr-gcc not installed), build_output (the image was
created); `success` is True when an image was created and nothing failed.
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of, to_int

MAX_EVENTS = 200

MESSAGES = rows_of(
    group(
        "GNU ld (binutils 2.20-2.42, arm-none-eabi-ld and avr-ld) linking Klipper / Katapult / any firmware",
        Msg("build_overflow", r"region [`'‘]?(?P<name>[\w.]+)['’]? overflowed by (?P<size>\d+) bytes?\b", strength="strong", fail=True,
            convert=(("size", int),), example="/usr/lib/gcc/arm-none-eabi/12.2.1/../../../arm-none-eabi/bin/ld: region `rom' overflowed by 385 bytes"),
        # (fw-rp s25) the same ld line quoted in a sentence without its start ("I get: \"FLASH' overflowed by 22756 bytes\"",
        # mriscoc/Ender3V2S1#1437): GNU ld's own quoting, the region name closed by a quote right before "overflowed by N byte(s)"
        Msg("build_overflow", r"(?<![\w`'‘])[`'‘]?(?P<name>[A-Za-z_][\w.]*)['’] overflowed by (?P<size>\d+) bytes?\b", strength="strong", fail=True,
            convert=(("size", int),), example="When trying to compile experimental FW I get: \"FLASH' overflowed by 22756 bytes\"."),
        Msg("build_overflow", r"section [`'‘]?\.?[\w.]+['’]? will not fit in region [`'‘]?(?P<name>[\w.]+)['’]?"
            r"(?:: overflowed by (?P<size>\d+) bytes?)?", strength="strong", fail=True, convert=(("size", int),),
            example="/usr/lib/gcc/avr/5.4.0/../../../avr/bin/ld: out/klipper.elf section `.text' will not fit in region `text'",
            src="GNU ld (binutils 2.20-2.42) ldlang.c and LLVM lld (ld.lld 9-19: \"section '.text' will not fit in region 'FLASH': overflowed by N bytes\")"),
        Msg("build_overflow", r"address (?P<address>0x[0-9a-fA-F]+) of \S+ section [`'‘]?\.?[\w.]+['’]? is not within region [`'‘]?(?P<name>[\w.]+)['’]?",
            strength="strong", fail=True, convert=(("address", to_int),),
            example="/usr/lib/gcc/avr/5.4.0/../../../avr/bin/ld: address 0x800a2e of out/klipper.elf section `.data' is not within region `data'",
            src="GNU ld (binutils 2.20-2.42) ldlang.c: a section placed past the end of its region (avr-ld: RAM is region `data' at 0x800000)"),
        # (fw-build s10b) GNU ld ldlang.c lang_check_section_addresses(): two output sections were placed over each other,
        # "section .version LMA [00007ffe,00007fff] overlaps section .text LMA [00007000,0000817b]" (binutils 2.22+),
        # "section .version [00007ffe -> 00007fff] overlaps section .text [00007000 -> 0000817b]" (older): the code ran
        # past the address the next section is fixed at (a bootloader grown past its boot section, arduino/Arduino#6339)
        Msg("build_overflow", r"\bsection ?\.?[\w.]+ (?:[LV]MA )?\[[0-9a-fA-Fx ,>-]{3,50}\] overlaps section (?P<name>\.?[\w.]+)", strength="strong", fail=True,
            example="ld.exe: section .version LMA [00007ffe,00007fff] overlaps section .text LMA [00007000,0000817b]"),
        Msg("build_overflow", r"\bregion [`'‘]?(?P<name>[\w.]+)['’]? overflowed with (?:the )?(?:stack|heap)", strength="strong", fail=True,
            example="arm-none-eabi-ld: region m_data overflowed with stack and heap",
            src="the ASSERT of vendor linker scripts (NXP MCUXpresso, STM32CubeMX, Zephyr) run by GNU ld"),
        # (deepen-generic s19) the other vendors' linkers saying the image does not fit its memory: Arm Compiler armlink
        # (Keil MDK, ARM DS-5/armclang 5-6 error list: L6220E "Load region/Execution region NAME size (N bytes) exceeds
        # limit (M bytes)", L6406E "No space in execution regions with .ANY selector matching SECTION", L6407E "Sections of
        # aggregate size 0x... bytes could not fit into .ANY selector(s)"), IAR ILINK ("Error[Lp011]: section placement
        # failed", EWARM 6-9), IAR XLINK (EW8051/EWAVR: "Error[e16]: Segment CODE (size: ...) is too long for segment
        # definition", "Error[e104]: Failed to fit all segments into specified ranges"), Microchip MPLAB XC8 ("(1347)
        # can't find 0x1E words (0x1e withtotal) for psect ... in class \"CODE\"") and XC16/XC32 ld ("Link Error: Could
        # not allocate section .text, size = N bytes", "Could not allocate program memory")
        Msg("build_overflow", r"(?:\bL6220E: |^(?:Error: )?)(?:Load|Execution) region (?P<name>[\w.$]+) size \((?P<total>\d+) bytes\) exceeds limit \((?P<limit>\d+) bytes\)",
            strength="strong", fail=True, convert=(("total", int), ("limit", int)),
            example="linker.sct(7): error: L6220E: Load region LR_IROM1 size (70256 bytes) exceeds limit (65536 bytes). Region contains 38 bytes of padding and 0 bytes of veneers (total 70218 bytes of linker generated content).",
            src="Arm Compiler 5-6 armlink (Keil MDK) error L6220E"),
        Msg("build_overflow", r"\bL640[67]E: (?:No space in execution regions with \.ANY selector|Sections of aggregate size 0x[0-9a-fA-F]+ bytes could not fit into \.ANY selector)",
            strength="strong", fail=True,
            example="Error: L6406E: No space in execution regions with .ANY selector matching main.o(.text).",
            src="Arm Compiler 5-6 armlink (Keil MDK) errors L6406E, L6407E"),
        Msg("build_overflow", r"\bError\[Lp011\]: section placement failed|\bError\[e16\]: Segment (?P<name>\w+) \(size: [^)]{1,60}\) is too long for segment definition"
            r"|\bError\[e104\]: Failed to fit all segments into specified ranges",
            strength="strong", fail=True,
            example="Error[Lp011]: section placement failed",
            src="IAR ILINK (EWARM 6-9) Lp011; IAR XLINK (EW8051, EWAVR) e16 and e104"),
        Msg("build_overflow", r"\(1347\) can't find 0x[0-9a-fA-F]+ words (?:\(0x[0-9a-fA-F]+ withtotal\) )?for psect \\?\"?[\w.]+\\?\"? in class \\?\"?(?P<name>CODE|CONST|STRCODE|ENTRY)\b"
            r"|\bLink Error: Could not allocate (?:section (?P<section>\.?[\w.]+), size = \d+ bytes, attributes = code\b|program memory\b)",
            strength="strong", fail=True,
            example="mcc_generated_files/tmr0.c:89:: error: (1347) can't find 0x1E words (0x1e withtotal) for psect \"text3\" in class \"CODE\" (largest unused contiguous range 0x15)",
            src="Microchip MPLAB XC8 1.x-2.x message 1347 (program memory classes); XC16/XC32 ld (pic30-ld, xc16-ld) \"Link Error: Could not allocate\""),
        Msg("build_error", r"collect2(?:\.exe)?: error: ld returned \d+ exit status", strength="strong", fail=True,
            example="collect2: error: ld returned 1 exit status"),
        # (klipper-host s11) GCC collect-utils.c do_wait(): error ("%s returned %d exit status", prog, ret) for the other
        # programs collect2 runs, the LTO stage (gcc 4.5+): "collect2: error: lto-wrapper returned 1 exit status"; and
        # lto-wrapper's own "lto-wrapper: avr-gcc returned 1 exit status" ("lto-wrapper: fatal error: ..." since gcc 4.9)
        Msg("build_error", r"(?:collect2|lto-wrapper)(?:\.exe)?: (?:fatal )?error: (?:lto-wrapper|[^\n]{0,250}?(?:gcc|g\+\+))(?:\.exe)? returned \d+ exit status"
            r"|^lto-wrapper(?:\.exe)?: \S*gcc(?:\.exe)? returned \d+ exit status", strength="strong", fail=True,
            example="collect2: error: lto-wrapper returned 1 exit status",
            src="GCC 4.5-14 gcc/collect-utils.c do_wait(), run by collect2 and lto-wrapper"),
    ),
    group(
        "GCC crashing (an internal compiler error) while building the firmware",
        # (klipper-host s11) GCC diagnostic.def DK_ICE "internal compiler error: " (gcc 2.95-14), prefixed by the program that
        # crashed (cc1, cc1plus, lto1) or by the source position it was compiling: the host's cross toolchain is broken
        # (a known avr-gcc 5.4 LTO crash, too little RAM on the SBC, a corrupt package); no image is written
        Msg("build_error", r"\binternal compiler error: ", strength="strong", fail=True,
            example="lto1: internal compiler error: Segmentation fault",
            src="GCC 2.95-14 gcc/diagnostic.def (DK_ICE)"),
        # (klipper-host s11) GCC gcc.c execute(): a compiler pass killed from outside (SIGKILL: the OOM killer on a small
        # SBC, SIGTERM, SIGINT) is fatal_error ("%s signal terminated program %s", strsignal(), prog), not an ICE:
        # "arm-none-eabi-gcc: fatal error: Killed signal terminated program cc1"
        Msg("build_error", r"fatal error: (?P<signal>[A-Z][a-z]+(?: [a-z]+)*) signal terminated program (?P<name>\S+)", strength="strong", fail=True,
            example="arm-none-eabi-gcc: fatal error: Killed signal terminated program cc1",
            src="GCC 4.8-14 gcc/gcc.c execute()"),
    ),
    group(
        "the shell and GNU make when the cross compiler is not installed (Debian/Raspberry Pi OS, OctoPi, containers)",
        Msg("toolchain_missing", r"\b(?P<name>(?:arm-none-eabi|avr|riscv\S*)-gcc)(?::| ) ?(?:Command not found|not found|No such file or directory)",
            strength="strong", fail=True, example="make: arm-none-eabi-gcc: Command not found"),
        # the rest of a cross toolchain (binutils), the host compiler and the Python the Makefile runs: Klipper's Makefile
        # ran `python2` for kconfig and buildcommands.py until 2021-2023 (an old checkout on a system without python2
        # stops at out/autoconf.h); its kconfig before 2020-11 compiled C with the host `cc`
        Msg("toolchain_missing", r"(?:^|[\s:/])[`'‘]?(?P<name>(?:arm-none-eabi|avr|riscv\S*)-(?:as|ld|objcopy|objdump|strip|size)|cc|gcc|python[23]?)"
            r"['’]?: (?:Command not found|not found|No such file or directory)\s*$", fail=True,
            example="/bin/sh: 1: python2: not found"),
        Msg("toolchain_missing", r"\*\*\* '?make menuconfig'? requires the (?P<name>ncurses) libraries", fail=True,
            example=" *** 'make menuconfig' requires the ncurses libraries."),
    ),
    group(
        "GCC and GNU make errors inside a Klipper / Katapult build",
        # (octoprint-marlin s13) Marlin's pins files (1.0-2.1.x, and forks: Prusa-Firmware, MK4duo) and HAL stop the compile
        # with an #error when the Arduino board / PlatformIO environment built for is not the MCU the MOTHERBOARD needs:
        # 1.x-2.0 "Oops!  Make sure you have 'Sanguino' selected from the 'Tools -> Boards' menu." (also 'Arduino Mega 2560
        # or Rambo', 'Teensy++ 2.0', "LPC1768 selected."), 2.0.x+ "Oops! Select 'Arduino/Genuino Mega or Mega 2560' in
        # 'Tools > Board.'", "Oops! Select an STM32F1 board in 'Tools > Board.'", "Oops! Select an STM32F746 environment",
        # "Oops! Select BTT_OCTOPUS_446 or BTT_OCTOPUS_407 in platformio.ini -> default_envs"; GCC prints them as
        # "<file>:<line>: error: #error \"...\"" (clang: error: "...")
        Msg("build_wrong_board", r"\berror: (?:#error )?\"?Oops!\s+(?:Make sure you have|Select)\b\s*(?P<board>[^\n\"]{1,160})",
            strength="strong", fail=True,
            example="pins_SANGUINOLOLU_11.h:55: error: #error \"Oops!  Make sure you have 'Sanguino' selected from the 'Tools -> Boards' menu.\"",
            src="Marlin 1.0-2.1.x src/pins/**/pins_*.h (#error \"Oops! ...\")"),
        # weak (s9): a compile error pasted alone is a failed build (every bare one in the corpus resolved as FW005), unless a
        # host library's header is what is missing (libusb.h, ftdi.h, hidapi.h: a tool's build, its -dev package: TOOL001)
        Msg("build_error", r"^(?:>\s+)?\S+\.(?:[chsS]|cpp):\d+:\d+: (?:fatal )?error: (?!(?:\S*/)?(?:libusb|ftdi|hidapi|usb|libudev|ncurses|Python)\S*\.h\b)",
            strength="weak", fail=True,
            example="src/stm32/stm32f4.c:12:10: fatal error: board/armcm_boot.h: No such file or directory"),
        # (fw-build s10b) the same GCC diagnostic where the path holds a space (PlatformIO's and the Arduino IDE's library
        # folders: ".pio\libdeps\d1_mini\Adafruit BME280 Library/Adafruit_BME280.h:26:29: fatal error: ...", SensESP#154) or
        # the source is a sketch or C++ header (.ino, .hpp, .cc)
        Msg("build_error", r"^(?:[A-Za-z]:)?[^\s:][^:\n]{0,250}?\.(?:[chsS]|cpp|cc|cxx|hpp|hh|ino|tpp):\d+:\d+: (?:fatal )?error: (?!(?:\S*/)?(?:libusb|ftdi|hidapi|usb|libudev|ncurses|Python)\S*\.h\b)",
            strength="weak", fail=True,
            example=".pio\\libdeps\\d1_mini\\Adafruit BME280 Library/Adafruit_BME280.h:26:29: fatal error: Adafruit_Sensor.h: No such file or directory"),
        # (fw-build s10b) Arduino IDE 1.6-1.8 (arduino-builder) names a sketch's error by the sketch and line only
        # ("arkanoid:211: error: 'ssd1306_setRamBlock' was not declared in this scope"), and a paste often keeps only GCC's
        # message, or the IDE's summary line under "exit status 1" ("'WS2812_LEDS' was not declared in this scope")
        Msg("build_error", r"^[A-Za-z_][\w.+-]{0,100}:\d+: error: ", strength="weak", fail=True,
            example="arkanoid:211: error: 'ssd1306_setRamBlock' was not declared in this scope"),
        # (hwhacking-tools s13) SDCC's diagnostics (swegener/sdcc mirror, src/SDCCerr.c, 2.x-4.5: "%s:%d: " or with --vc
        # "%s(%d) : ", "at %d: ", "-:0: ", then "error %d: " / "syntax error: "; warnings "warning %d: "): the 8051/STM8/Z80
        # firmware of rfcat, CC-Bootloader, CH55x boards. rfcat #41: "error 4: 'fopen' failed" (the checkout not writable)
        Msg("build_error", r"^(?:[^\s:(][^:(\n]{0,250}?(?::\d+: |\(\d+\) : )|at \d+: |-:0: )(?:error \d+|syntax error): ", strength="weak", fail=True,
            example="appFHSSNIC.c:1371: error 4: 'fopen' failed on file 'appFHSSNIC.asm'"),
        Msg(None, r"^(?:[^\s:(][^:(\n]{0,250}?(?::\d+: |\(\d+\) : )|at \d+: |-:0: )(?:warning|info) \d+: ", benign=True,
            example="chipcon_usb.c:680: warning 110: conditional flow changed by optimizer: so said EVELYN the modified DOG"),
        Msg("build_error", r"^(?:error: )?'[^'\n]{1,200}' (?:was not declared in this scope|is not a member of '|does not name a type|has no member named ')",
            strength="weak", fail=True, example="'WS2812_LEDS' was not declared in this scope"),
        # (game-controllers-sim s14) the same summary line for an overload that does not fit (GCC cp/call.cc "no matching
        # function for call to %<%D(%A)%>", "call of overloaded %<%D(%A)%> is ambiguous"): a library of another version
        # than the sketch's (HX711's constructor took pins, later it takes none: tbattz/DIYLoadCellSimRacingPedals #1)
        Msg("build_error", r"^(?:error: )?(?:no matching function for call to|call of overloaded) '[^'\n]{1,300}'",
            strength="weak", fail=True, example="no matching function for call to 'HX711::HX711(int, int)'"),
        # GNU ld: a symbol no object or library defines (an incomplete toolchain: avr-libc/libgcc missing or mismatched;
        # a build configuration that leaves out code another file calls). binutils 2.20-2.42, both wordings. Strong
        # (motor-controllers s15): ld prints it only when a link fails, and a paste may hold the undefined references
        # without the collect2 summary line (lucysrausch/hoverboard-firmware-hack #43, a PlatformIO build)
        Msg("build_error", r"undefined reference ?to [`'‘](?P<name>[^'’\s]{1,200})['’]", strength="strong", fail=True,
            example="/home/pi/klipper/src/basecmd.c:323: undefined reference to `__mulsi3'"),
        # GNU as handed options of another target (avr-gcc running the host `as`: binutils-avr missing)
        Msg("build_error", r"^(?:\S*\bas(?:\.exe)?: )?(?:Error: )?unrecognized option [`'‘]?-m(?:mcu|cpu|arch|thumb)", fail=True,
            example="Error: unrecognized option -mmcu=avr6"),
        # (deepen-generic s19) the GCC driver does not know the target the build asks for: a cross compiler older than the
        # chip (arm-none-eabi-gcc < 8 for cortex-m33/RP2350-class armv8-m, Debian's gcc-arm-none-eabi 6/7 for cortex-m7 with
        # -mfpu=fpv5-d16, an avr-gcc 4.x/5.x without the megaAVR 0-series device specs). GCC 8-14 arm/aarch64 driver
        # ("error: unrecognized -mcpu target: %s", "-march target", "-mtune target"), GCC 4-7 ("error: bad value (%s) for
        # -mcpu= switch"), avr-gcc 5+ gcc/config/avr/driver-avr.c and specs ("device-specs/specs-%s: No such file or
        # directory"), avr-gcc 4.x ("unknown MCU '%s' specified"); GCC 6-7 "unrecognized argument in option '-mcpu=cortex-m33'"
        # (RT-Thread#5641, mbed-os#9619: '-mcpu=cortex-m33+nodsp' on gcc 7 2018-q2). The mbed online compiler drops armlink's
        # L6220E number ("Error: Load region LR_IROM1 size (69108 bytes) exceeds limit (65536 bytes)", mbed-os#2971)
        Msg("build_error", r"\berror: (?:unrecognized -m(?P<option>cpu|arch|tune|fpu) target: (?P<value>[\w.+-]+)|unrecognized argument in option '-m(?:cpu|arch|tune|fpu)=(?P<value5>[\w.+-]+)'|bad value \((?P<value2>[\w.+-]+)\) for -m(?:cpu|arch|tune|fpu)=? switch)"
            r"|\bdevice-specs/specs-(?P<value3>\w+): No such file or directory|\bunknown MCU '(?P<value4>\w+)' specified",
            strength="strong", fail=True, attrs={"reason": "toolchain_target"},
            example="arm-none-eabi-gcc: error: unrecognized -mcpu target: cortex-m33",
            src="GCC 4-14 driver (config/arm/arm.c, common/config/arm/arm-common.c), avr-gcc 4.x-14 (config/avr/driver-avr.c)"),
        # (fw-rp s25) the same refusal told in a sentence, the option written out: "`-march=nocona` (gcc) and `-mtune=haswell`
        # (avr-gcc) is not recognized" (qmk_firmware#9301: a conda environment's x86 flags reached the cross compiler); a
        # statement only, not a question ("is -mcpu=... not recognized?") nor advice; (reviewfix s25) "isn't recognized" too,
        # never "is not recognized as a problem"
        Msg("build_error", r"(?i)^(?![^\n]*\?\s*$)(?![^\n]{0,80}\b(?:make sure|try|should|if)\b)[^\n]{0,80}?[`'\"]?-m(?:cpu|arch|tune|fpu|mcu)=[\w.+-]+[`'\"]?(?:\s*\([\w.+ -]{1,20}\))?"
            r"(?:\s*(?:,|and|or)\s*[`'\"]?-m(?:cpu|arch|tune|fpu|mcu)=[\w.+-]+[`'\"]?(?:\s*\([\w.+ -]{1,20}\))?){0,3}\s+(?:(?:is|are|was|were|gets?|got)\s+not|(?:is|are|was|were)n[’']?t)\s+recogni[sz]ed\b(?!\s+as\b)",
            strength="weak", fail=True, attrs={"reason": "toolchain_target"},
            example="`-march=nocona` (gcc) and `-mtune=haswell` (avr-gcc) is not recognized. I am not too familiar with avr-gcc"),
        # GNU make: the recipe of a build step failed (an object, the elf, autoconf.h, the board link, or the kconfig
        # tools of menuconfig); `make flash` targets are the flash parser's. GNU make 3.81-4.4, both wordings, and its
        # translations of "Error" (Fehler, Erreur, Ошибка...)
        Msg("build_error", r"^make(?:\[\d+\])?: \*\*\* \[(?:[^\]\s]*:\d+: )?(?P<target>out/(?:src/|klipper\.|katapult\.|canboot\.|deployer\.|"
            r"compile_time_request|autoconf\.h|board)[^\]]*)\] [^\W\d]+ (?P<code>\d+)", strength="strong", fail=True, convert=(("code", int),),
            example="make: *** [Makefile:67: out/src/sched.o] Error 1"),
        # (klipper-host s11) GNU make job.c child_error() when the recipe's process died of a signal: "%s[%s: %s] %s%s%s"
        # with strsignal() and " (core dumped)" (make 4.2+; "%s[%s] %s%s%s" in 3.81-4.1): the compiler or a build
        # script crashed or was killed (the OOM killer on a small SBC)
        Msg("build_error", r"^make(?:\[\d+\])?: \*\*\* \[(?:[^\]\s]*:\d+: )?(?P<target>out/[^\]]*)\] (?P<signal>Segmentation fault|Killed|Aborted"
            r"|Bus error|Illegal instruction|Floating point exception)(?: \(core dumped\))?", strength="strong", fail=True,
            example="make: *** [Makefile:86: out/src/sched.o.ctr] Segmentation fault",
            src="GNU make 3.81-4.4 src/job.c child_error()"),
        # (klipper-host s11) GNU make 3.82-4.1 job.c child_error(): "%s: recipe for target '%s' failed" before the
        # "make: *** [target] Error N" line (merged into that line in make 4.2, 2016)
        Msg("build_error", r"^\S+:\d+: recipe for target [`'‘](?P<target>out/[^'’]+)['’] failed", strength="strong", fail=True,
            example="Makefile:87: recipe for target 'out/klipper.elf' failed",
            src="GNU make 3.82-4.1 job.c child_error()"),
        Msg("build_error", r"^make(?:\[\d+\])?: \*\*\* \[(?:[^\]\s]*:\d+: )?(?P<target>menuconfig|olddefconfig|oldconfig|savedefconfig|"
            r"scripts/kconfig/[^\]]+)\] [^\W\d]+ (?P<code>\d+)", strength="weak", fail=True, convert=(("code", int),),
            example="make: *** [Makefile:112: menuconfig] Error 1"),
        # Klipper's kconfiglib (lib/kconfiglib, 2020-11 and later) crashing: a traceback through it (a locale the
        # system lacks, a Kconfig file missing from a broken checkout)
        Msg("build_error", r"File \"\S*lib/kconfiglib/\w+\.py\", line \d+", strength="strong", fail=True,
            example='  File "lib/kconfiglib/menuconfig.py", line 705, in menuconfig'),
        # a Nix derivation of the Klipper firmware (nixpkgs klipper-firmware, klipper-firmware-<mcu>) that failed to build
        Msg("build_error", r"(?:builder for|build of) '[^']*klipper-firmware[^']*\.drv' failed", strength="strong", fail=True,
            example="error: builder for '/nix/store/s7bwsk07zgfxzwlp5vsa785q69zb8xsm-klipper-firmware-mcu-0.12.0-unstable-2024-08-03.drv' failed with exit code 2;"),
        Msg("build_error", r"^make(?:\[\d+\])?: \*\*\* No rule to make target '(?P<path>[^']+)', needed by 'out/", strength="strong", fail=True,
            example="make: *** No rule to make target 'out/src/generic/timer_irq.o', needed by 'out/katapult.elf'.  Stop."),
        # (deepen-generic s19) also any image file a script copies after its build (pico-sdk's build/x.uf2, a QMK .hex)
        Msg("image_missing", r"(?:mv|cp|stat): cannot stat '(?P<path>[^']*out/[^']*|[^']*\.(?:bin|hex|uf2|elf|dfu))'", strength="strong", fail=True,
            example="mv: cannot stat 'out/klipper.bin': No such file or directory"),
        Msg("image_missing", r"No such file or directory: '(?P<path>[^']*out/(?:klipper|katapult|canboot)\.\w+)'", strength="weak", fail=True,
            example="FileNotFoundError: [Errno 2] No such file or directory: 'out/klipper.bin'"),
        # any other tool or wrapper that was handed an image the build never wrote, in the "<path>: No such file or
        # directory" form of C tools and shells (sb/rz in a board vendor's flash script, cat, dd, scp, ls, a flash
        # helper): " sb: cannot open /home/pi/klipper/out/klipper.bin : No such file or directory" (PandaPi's
        # "Run Klipper mode"), "ls: cannot access 'out/klipper.uf2': No such file or directory"
        Msg("image_missing", r"(?<![^\s'\"])['\"]?(?P<path>[^\s'\"]*\bout/(?:klipper|katapult|canboot|deployer)\.(?:bin|uf2|elf|hex|elf\.hex))['\"]? ?: "
            r"No such file or directory", strength="weak", fail=True,
            example=" sb: cannot open /home/pi/klipper/out/klipper.bin : No such file or directory"),
        # front ends that build and then look for the image (RatOS configurator's "Could not find compiled firmware at
        # .../out/klipper.uf2", other scripts' "firmware not found: out/klipper.bin"): the build left no image
        Msg("image_missing", r"(?i)(?:could not|couldn't|can ?not|unable to) find (?:the )?(?:compiled |built )?firmware"
            r"(?: file)? (?:at|in) '?(?P<path>\S*out/(?:klipper|katapult|canboot)\.\w+)", strength="strong", fail=True,
            example="Could not compile firmware for SB2209 v1.0 RP2040: Could not find compiled firmware at /home/pi/klipper/out/klipper.uf2"),
        # (audit s11) KIAUH v6 (kiauh/components/klipper_firmware/menus/klipper_flash_error_menu.py, 2024+): its flash menu
        # found no klipper.elf/klipper.bin/klipper.uf2 in ~/klipper/out, in a box of its menu ("║ ... ║")
        Msg("image_missing", r"^(?:\W{1,3} ?)?Unable to find a compiled firmware file!", strength="strong", fail=True,
            example="║ Unable to find a compiled firmware file!               ║"),  # (from the source's format)
        # (audit-wrappers s18) KIAUH v6.0-v6.2 (kiauh/components/klipper_firmware/menus/klipper_build_menu.py start_build_process):
        # make clean, menuconfig or the build itself returned non-zero; the CalledProcessError's own line ("[ERROR] Command 'make
        # PYTHON=python3 KCONFIG_CONFIG=...' returned non-zero exit status 2.") comes before it, make's output above both
        Msg("build_error", r"^(?:\[ERROR\] )?Building Klipper Firmware failed!", strength="strong", fail=True,
            example="[ERROR] Building Klipper Firmware failed!"),  # (from the source's format)
    ),
    group(
        "SCons 2.x-4.x under PlatformIO core 3.6-6.1.17 (builder/main.py): a build product's action failed (audit-wrappers s18)",
        # SCons reports the failed target ("scons: *** [T] Error N", PlatformIO 4+ prints it without "scons: "): an object file,
        # a library archive or the ELF under the build folder (.pio/build/<env>/, 3.x .pioenvs/<env>/) is a failed compile or
        # link (the compiler's or linker's lines above say why). Not firmware.bin/.hex: the step after the link (esptool.py
        # elf2image, objcopy) is a tool of its own that may crash (platformio-vscode-ide#2003); "[upload]" is the platformio parser's
        Msg("build_error", r"^(?:scons: )?\*\*\* \[(?P<target>\.pio(?:envs)?[/\\][^\]\s]{1,300}\.(?:o|a|elf))\] Error -?\d+", strength="strong", fail=True,
            example="*** [.pio/build/uno/src/main.cpp.o] Error 1"),
    ),
    group(
        "GCC cpp (directives.c, all versions), Clang/armclang -Wmacro-redefined, Arm Compiler 5 armcc #47-D: VECT_TAB_OFFSET defined twice",
        # (klipper-side s24w2) the preprocessor saying VECT_TAB_OFFSET was defined twice: the -D value a build for a bootloader
        # passes (-DVECT_TAB_OFFSET=0x...) is replaced by the CMSIS system file's own #define (0x0 in the system_stm32*.c
        # templates without an #ifndef guard), so the image sets its vector table for the flash start while it is linked and
        # written behind the bootloader. Wordings: GCC cpp (directives.c "\"%s\" redefined", all versions: `warning:
        # "VECT_TAB_OFFSET" redefined`), Clang/armclang (-Wmacro-redefined: `warning: 'VECT_TAB_OFFSET' macro redefined`),
        # Arm Compiler 5 armcc (`warning:  #47-D: incompatible redefinition of macro "VECT_TAB_OFFSET"`). Resolved:
        # STMicroelectronics/cmsis-device-f1#5 (fixed in the template), platform-ststm32#756 (the app no longer started from
        # the bootloader until the offset was defined in the system file). Not a failure line by itself (benign).
        # (fix-klipper-side s24w2) Only where the redefining file is a vendor's template in a framework or package (CMSIS
        # Templates/, PlatformIO's framework-cmsis-*/framework-* packages, a Drivers/CMSIS/Device tree): there the #define is
        # the template's own 0x0. In a project's own system file (src/, Core/Src/) the person may have written the right offset
        # there on purpose: vector_offset_redefined_local (FW001 as an info, said conditionally). Never `<command-line>`: a -D
        # given twice on the command line, no system file involved (benign, no event).
        Msg("vector_offset_redefined",
            r"^(?!<command-line>)\"?(?=[^\s\"]{0,400}?(?:[/\\]Templates[/\\]|framework-cmsis|[/\\]packages[/\\]framework-|[/\\]Drivers[/\\]CMSIS[/\\]Device[/\\]))\S{1,400}?"
            r"(?:,?\s+line \d+:)?\s+[Ww]arning:\s+(?:[\"'‘“]VECT_TAB_OFFSET[\"'’”] (?:macro )?redefined\b|#47-D: incompatible redefinition of macro [\"']VECT_TAB_OFFSET[\"'])",
            strength="strong", benign=True,
            example='/home/pi/.platformio/packages/framework-cmsis-stm32f1/Source/Templates/system_stm32f1xx.c:95:0: warning: "VECT_TAB_OFFSET" redefined'),
        # IAR EWARM iccarm (diagnostic Pe047, the file and line after the message): `Warning[Pe047]: incompatible redefinition of
        # macro "VECT_TAB_OFFSET" (declared at line 95 of "...") C:\proj\Src\system_stm32f4xx.c 112`, a vendor template's path
        Msg("vector_offset_redefined",
            r"\bWarning\[Pe047\]: incompatible redefinition of macro [\"']VECT_TAB_OFFSET[\"'].{0,400}?"
            r"(?:[/\\]Templates[/\\]|framework-cmsis|[/\\]packages[/\\]framework-|[/\\]Drivers[/\\]CMSIS[/\\]Device[/\\])[^\"]{0,300}?\s\d+\s*$",
            strength="strong", benign=True,
            example='Warning[Pe047]: incompatible redefinition of macro "VECT_TAB_OFFSET" (declared at line 95 of "C:\\proj\\Inc\\stm32f4xx.h") C:\\proj\\Drivers\\CMSIS\\Device\\ST\\STM32F4xx\\Source\\Templates\\system_stm32f4xx.c 112'),  # (from the source's format)
        # the same wordings (GCC, Clang, armcc, IAR) in any other file: a project's own system file
        Msg("vector_offset_redefined_local",
            r"^(?!<command-line>)(?:\S.{0,300}?)?\b[Ww]arning(?::\s+|\[Pe047\]:\s+)(?:[\"'‘“]VECT_TAB_OFFSET[\"'’”] (?:macro )?redefined\b"
            r"|(?:#47-D: )?incompatible redefinition of macro [\"']VECT_TAB_OFFSET[\"'])",
            strength="strong", benign=True,
            example='src/system_stm32l4xx.c:106: warning: "VECT_TAB_OFFSET" redefined'),
        # a -D given twice on the command line: `<command-line>: warning: "VECT_TAB_OFFSET" redefined` (no system file)
        Msg(None, r"^<command-line>(?::\d+)*: warning: [\"'‘“]VECT_TAB_OFFSET[\"'’”] (?:macro )?redefined", strength="strong", benign=True,
            example='<command-line>: warning: "VECT_TAB_OFFSET" redefined'),
        # the build asking for no offset (-DVECT_TAB_OFFSET=0x0, an image at the flash start: no bootloader), where the template's
        # 0x00000000U only differs by its tokens
        Msg("vector_offset_zero_given", r"-D\s*VECT_TAB_OFFSET=(?:0x)?0+[uU]?(?![\w.])", strength="weak", benign=True,
            example="build_flags = -DVECT_TAB_OFFSET=0x0"),
    ),
    group(
        "Klipper / Katapult Makefiles (quiet build lines)",
        Msg("build_output", r"^\s*Creating (?:hex|bin|uf2|binary) file (?P<path>out/\S+)", strength="strong",
            example="  Creating bin file out/klipper.bin"),
        Msg(None, r"^\s*Linking out/(?:klipper|katapult|canboot|deployer)\.elf", strength="strong", example="  Linking out/klipper.elf"),
        Msg(None, r"^\s*Compiling out/src/", strength="strong", example="  Compiling out/src/sched.o"),
        Msg(None, r"^\s*Building out/autoconf\.h", strength="strong", example="  Building out/autoconf.h"),
        Msg(None, r"^\s*Creating symbolic link out/board", strength="strong", example="  Creating symbolic link out/board"),
        Msg(None, r"^\s*Build Kconfig config file", strength="weak", example="  Build Kconfig config file"),  # before 2020-11
        Msg(None, r"^\S*~/(?:klipper|katapult|CanBoot)\S* ?[$#] +make\b(?! +(?:flash|serialflash)\b)", strength="strong", example="pi@octopi:~/klipper $ make menuconfig"),
        # kconfiglib's own lines (menuconfig, olddefconfig) in a Klipper / Katapult checkout
        Msg(None, r"^(?:Using default symbol values \(no '|(?:Loaded|No change to) configuration '|Configuration saved to ')\S*\.config'",
            example="Configuration saved to '/home/pi/klipper/.config'"),
        # warnings are not failures: ld's (newlib's wchar_t size "... may fail", binutils 2.39+'s RWX segment and executable
        # stack notices) and gcc's; the build goes on
        Msg(None, r"\bld(?:\.bfd|\.exe)?: warning: ", benign=True,
            example="/usr/lib/gcc/arm-none-eabi/4.9.3/../../../arm-none-eabi/bin/ld: warning: /usr/lib/gcc/arm-none-eabi/4.9.3/../../../arm-none-eabi/lib/armv7-m/libg_nano.a(lib_a-exit.o) uses 2-byte wchar_t yet the output is to use 4-byte wchar_t; use of wchar_t values across objects may fail"),
        Msg(None, r"^\S+\.(?:[chsS]|cpp):\d+(?::\d+)?: warning: ", benign=True,
            example="drivers/cpufreq/brcmstb-avs-cpufreq.c:449:28: warning: array subscript 5 is outside array bounds of 'void[60]' [-Warray-bounds=]"),
        Msg(None, r"^\s*Preprocessing out/", strength="weak", example="  Preprocessing out/src/stm32/stm32f1.ld"),
        Msg(None, r"^\s*Version: v\d", strength="weak", example="  Version: v0.12.0-85-gd785b396"),
        Msg(None, r"^\s*Building out/", strength="weak", example="  Building out/compile_time_request.o"),
    ),
)


@register
class KlipperBuildParser(TableParser):
    name = "make"
    namespace = "klipper"
    messages = MESSAGES

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.failed = False
        self.created = False

    def feed(self, lineno: int, line: str) -> None:
        if len(self.events) > MAX_EVENTS:
            return
        super().feed(lineno, line)

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        if ev is None:
            return
        ev["line"] = line.strip()[:500]
        ev.pop("fail", None)
        for alt in ("value2", "value3", "value4", "value5"):  # the toolchain-target row's wordings name one field, `value`
            if alt in ev:
                ev.setdefault("value", ev.pop(alt))
        if row.fail:
            self.failed = True
        elif ev["kind"] == "build_output":
            self.created = True

    def finish(self) -> dict[str, Any]:
        run = self.run(success=self.created and not self.failed)
        return {"klipper": {"build": {"runs": [run]}}}
