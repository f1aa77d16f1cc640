"""What shells, interpreters and launchers print when the program they were asked to run is not there.

Every wording of "the tool is not installed" that reaches a paste, whichever tool was missing and whatever
wrapped it (a Makefile recipe, KIAUH, the Arduino IDE, PlatformIO, tinygo, a Java GUI):

- POSIX shells: bash `bash: st-flash: command not found` (also `-bash:`, `sudo:`, and a script's
  `./flash.sh: line 3: st-flash: command not found`); zsh `zsh: command not found: picotool`; dash and
  busybox sh `/bin/sh: 1: dfu-util: not found`, a script's `./x.sh: 6: ./x.sh: st-flash: not found`,
  `-ash: avrdude: not found`; fish `fish: Unknown command: openocd`; `/usr/bin/env: 'python': No such
  file or directory`.
- Windows: cmd.exe `'avrdude' is not recognized as an internal or external command,`; PowerShell `The term
  'dfu-util' is not recognized as the name of a cmdlet, function, script file, or operable program`; the
  Store alias `Python was not found; run without arguments to install from the Microsoft Store`; cmd.exe and
  PowerShell in German, French, Spanish, Italian, Portuguese and Russian Windows, and (rp-usb s10) in Chinese (simplified
  and traditional), Japanese and Korean Windows.
- A program called by a path that is not there: bash `bash: ./bossac: No such file or directory`, zsh
  `zsh: no such file or directory: ./teensy_loader_cli`, GNU make's own `make: stm32flash: No such file or
  directory` (a /dev/ path is a missing port, not a tool).
- Launchers inside programs: Go `exec: "openocd": executable file not found in $PATH` (or `%PATH%`), and for a
  command given with its path `fork/exec PATH: no such file or directory` (arduino-cli, Arduino IDE 2);
  Java `Cannot run program "/opt/x/dfu-util" ...: error=2, No such file or directory`; Node
  `spawn dfu-util ENOENT` (`spawnSync`, and `EACCES` for a tool without its execute bit); .NET `Win32Exception (2|13): An
  error occurred trying to start process 'X'`; Python `FileNotFoundError: [Errno 2] No such file or directory: 'dfu-util'`.
- A Python module that is not installed: `ModuleNotFoundError: No module named 'serial'` (Python 3.6+), the
  unrelated `serial` package in pyserial's place (`AttributeError: module 'serial' has no attribute 'Serial'`),
  `ImportError: No module named serial` (Python 2), Klipper's flash_usb.py `Python's pyserial module is
  required to update.`
- macOS without the command line tools: `xcrun: error: invalid active developer path`.
- A program that is there but built for another processor or system (reason `wrong_arch`): macOS `zsh: bad CPU
  type in executable: avrdude`, `fork/exec PATH: bad CPU type in executable`, `OSError: [Errno 86] ...`; Linux
  `cannot execute binary file: Exec format error`; Windows `CreateProcess error=193, %1 is not a valid Win32
  application`, `[WinError 193]`, `This version of X is not compatible with the version of Windows you're running`.

Each becomes a `tool_missing` event {name} in a run under `shell.runs`. A module is reported by the package
that provides it (`serial` -> pyserial). The POSIX shells' rows are weak: such a line inside another tool's
output (a Makefile recipe) stays in that tool's block, whose parser knows its own "not found" line; at the top
of a paste or after prose it starts a block of its own. The rows no tool prints about itself (zsh, Windows
shells, launchers, Python import errors) are strong.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from doctor.parsers._glibc import ENOENT_L10N
from doctor.parsers import register
from doctor.parsers._common import split_path_fragment
from doctor.parsers._messages import Msg, TableParser, group, rows_of

# import name -> the package a user installs (pip / apt)
MODULE_PACKAGES = {
    "serial": "pyserial", "usb": "pyusb", "can": "python-can", "elftools": "pyelftools", "yaml": "pyyaml",
    "intelhex": "intelhex", "hid": "hidapi", "Crypto": "pycryptodome", "jinja2": "jinja2", "greenlet": "greenlet",
    "cffi": "cffi", "numpy": "numpy", "esptool": "esptool", "pyocd": "pyocd", "libusb1": "libusb1", "usb1": "libusb1",
}

_NAME = r"(?P<name>[^\s:'\"‘’]+)"
# (byid-common s16) cmd.exe splits an unquoted command line at its first space, so a recipe that runs a program under
# "C:\Program Files\..." or "C:\Users\First Last\..." (a core's tools under the user's profile) makes it look for the
# fragment before the space: "'C:\Users\pc' is not recognized ..." (py32duino/Arduino-PY32#10, user "pc de marco", the
# core's recipe left the path unquoted). The fragment is a folder, never a program: nothing is missing (reason path_split;
# the pattern is parsers/_common.py SPLIT_PATH_FRAGMENT, shared with the flashers' image paths since fw-tool s23)
# (confined-hosts s16) util-linux programs every Linux install and container image ships (mount, umount, findmnt, lsblk):
# a program that cannot find one runs inside a sandbox whose runtime lacks it (a Flatpak: Thonny 4.0 list_volumes ran
# `mount` under /app, thonny#2426/#2650, fixed by asking UDisks2 over D-Bus), not on a host missing a package (reason sandbox)
_BASE_SYSTEM = frozenset({"mount", "umount", "findmnt", "lsblk"})
# a path that names no program: a port, a runtime directory, a data file (a redirection's target reads like a command)
_NOT_PROGRAM = r"(?!/dev/|/run/|/proc/|/sys/)(?![^\s:]*\.(?:rules|conf|cfg|txt|log|json|ini|ya?ml|csv|hex|uf2|lock|pid):)"

# (gather-host s20) translated wordings (see the group below): a program name never holds a full-width colon either
_NAME_L10N = r"(?P<name>[^\s:：'\"‘’„“”«»]+)"
# bash's "line %d: " as po/*.po word it (ja "%d 行", zh_CN "第 %d 行：", hu "%d. sor", ko "행 %d번")
_LINE_L10N = (r"(?:(?:Zeile|ligne|línea|rivi|riga|linha|строка|рядок|linia|regel|řádek|rad|linje|riadok) \d+|\d+ 行|第 \d+ [行列]"
              r"|\d+\. (?:sor|satır)|행 \d+번)")
_SEP = r" ?[:：] ?"
_NOT_FOUND_L10N = (r"(?:Kommando nicht gefunden|Befehl nicht gefunden|commande introuvable|orden no encontrada|comando no encontrado"
                   r"|komentoa ei (?:löydy|löytynyt)|comando non trovato|comando não encontrado|команда не найдена|команду не знайдено"
                   r"|команди не знайдено|nie znaleziono polecenia|opdracht niet gevonden|příkaz nenalezen|kommandot (?:finns inte|hittades inte)"
                   r"|コマンドが見つかりません|未找到命令|找不到命令|指令找不到|parancs nem található|komut yok|kommando ikke fundet"
                   r"|명령어를 찾을 수 없음|명령을 찾을 수 없음|comandă negăsită|príkaz nenájdený)")
_ENOENT_L10N = ENOENT_L10N


# (gather-wrappers s20) a shell that cannot open the script it was given (dash 0.5.3-0.5.10 input.c setinputfile "Can't open %s",
# also for a `.` file; dash 0.5.11+ redir.c sh_open_fail "cannot open %s: No such file", which a redirection prints too, so
# only a .sh name; busybox ash setinputfile "can't open '%s'" + strerror); a /dev path is a port, not a script. Shared
# with arduino.py, which reads the same lines inside an IDE's upload output
SH_CANT_OPEN = r"^(?:/bin/|/usr/bin/)?(?:-?sh|-?dash): (?:\d+: )?(?:\.: )?Can't open (?P<name>(?!/dev/)\S+)\s*$"
SH_CANNOT_OPEN = r"^(?:/bin/|/usr/bin/)?(?:-?sh|-?dash): (?:\d+: )?cannot open (?P<name>(?!/dev/)\S+\.sh): No such file\s*$"
ASH_CANT_OPEN = r"^(?:/bin/|/usr/bin/)?(?:-?sh|-?ash): can't open '(?P<name>(?!/dev/)[^']+)': No such file or directory\s*$"


# (review s20) the file libuv/Node name in "spawn FILE ENOENT": a path may hold spaces (after a drive letter or a path
# separator: "C:\Program Files (x86)\...", "/home/First Last/..."); a bare name may not, so prose ("spawn failed with
# ENOENT") is no tool name
_SPAWN_FILE = r"(?:[A-Za-z]:[^\n\"']{0,300}?|[\\/~.][^\n\"']{0,300}?|[\w./\\~+-]+)"

MESSAGES = rows_of(
    group(
        "bash 3-5 (execute_cmd.c: command not found), also through sudo and scripts",
        Msg("tool_missing", rf"^(?:/usr)?(?:/bin/)?(?:-?bash|sudo|sh)(?:: line \d+)?: {_NAME}: command not found", strength="weak", fail=True,
            example="bash: st-flash: command not found"),
        Msg("tool_missing", rf"^\S+: line \d+: {_NAME}: command not found", strength="weak", fail=True,
            example="./flash.sh: line 3: st-flash: command not found"),
        # a program called by its path that is not there (or a 32-bit binary without its loader on a 64-bit system: the
        # kernel's ENOENT reads the same); a /dev path is a missing port (`echo > /dev/ttyACM0`), not a tool.
        # (pi-uart-hosts s13) bash prints the same for a redirection whose target's directory is missing (`echo ... >
        # /run/udev/rules.d/69-labrador.rules`, an AppImage's udev helper): a runtime directory (/run, /proc, /sys) or a
        # data file (.rules, .conf, .txt...) is no program
        Msg("tool_missing", rf"^(?:/usr)?(?:/bin/)?(?:-?bash|sh|dash)(?:: line \d+)?: (?P<name>{_NOT_PROGRAM}[^\s:]*[/.][^\s:]*): No such file or directory\s*$",
            strength="weak", fail=True, example="bash: ./bossac: No such file or directory"),
        Msg("tool_missing", rf"^\S+: line \d+: (?P<name>{_NOT_PROGRAM}/[^\s:]+): No such file or directory\s*$", strength="weak", fail=True,
            example="/home/u/Arduino/hardware/Arduino_STM32/tools/linux/stlink_upload: line 2: /home/u/Arduino/hardware/Arduino_STM32/tools/linux/stlink/st-flash: No such file or directory"),
        # (winmac s6c) the same with the home directory written as ~ or $HOME (pastes redact it); on a 64-bit ARM host a
        # bundled armhf/i386 binary without its loader reads the same (platform-atmelavr #208: avrdude_bin)
        Msg("tool_missing", r"^\S+: line \d+: (?P<name>(?:~|\$HOME)/[^\s:]+): No such file or directory\s*$", strength="weak", fail=True,
            example="$HOME/.platformio/packages/tool-avrdude/avrdude: line 6: $HOME/.platformio/packages/tool-avrdude/avrdude_bin: No such file or directory"),
    ),
    group(
        # (gather-host s20) the same two bash messages under a non-English locale: bash translates its "command not found"
        # (execute_cmd.c, bash 3-5.2 "%s: command not found", 5.3 "%s: %s" with the phrase alone) and a script's "line %d",
        # and "No such file or directory" is glibc's strerror(ENOENT) from libc.po (Arduino_STM32#173, a Finnish Ubuntu:
        # "bash: ./st-info: Tiedostoa tai hakemistoa ei ole" for a 32-bit binary without its loader). Phrases from bash
        # 4.4-5.3 po/*.po, sudo 1.8-1.9 plugins/sudoers po and glibc 2.23-2.40 po/*.po (de fr es fi it pt pt_BR ru pl nl
        # cs sv ja zh_CN zh_TW uk hu tr da ko ro sk)
        "bash 4.4-5.3 and sudo 1.8-1.9 translated (po/*.po): command not found; glibc 2.23-2.40 libc.po: ENOENT",
        Msg("tool_missing", rf"^(?:/usr)?(?:/bin/)?(?:-?bash|sudo|sh)(?:{_SEP}{_LINE_L10N})?{_SEP}{_NAME_L10N}{_SEP}{_NOT_FOUND_L10N}",
            strength="weak", fail=True, example="bash: st-flash: Kommando nicht gefunden."),
        Msg("tool_missing", rf"^[^\s:：]+{_SEP}{_LINE_L10N}{_SEP}{_NAME_L10N}{_SEP}{_NOT_FOUND_L10N}", strength="weak", fail=True,
            example="./flash.sh: Zeile 3: st-flash: Kommando nicht gefunden."),
        Msg("tool_missing", rf"^(?:/usr)?(?:/bin/)?(?:-?bash|sh)(?:{_SEP}{_LINE_L10N})?{_SEP}(?P<name>{_NOT_PROGRAM}[^\s:：]*[/.][^\s:：]*){_SEP}{_ENOENT_L10N}\s*$",
            strength="weak", fail=True, example="bash: ./st-info: Tiedostoa tai hakemistoa ei ole"),
        Msg("tool_missing", rf"^[^\s:：]+{_SEP}{_LINE_L10N}{_SEP}(?P<name>{_NOT_PROGRAM}/[^\s:：]+){_SEP}{_ENOENT_L10N}\s*$", strength="weak", fail=True,
            example="./upload.sh: Zeile 2: /opt/tools/st-flash: Datei oder Verzeichnis nicht gefunden"),
        # coreutils env (a script's `#!/usr/bin/env python` with no such interpreter): quote() follows the locale's quotes
        Msg("tool_missing", rf"^(?:/usr)?(?:/bin/)?env{_SEP}[‘'„“«\"]?\s?{_NAME_L10N}\s?[’'“”»\"]?{_SEP}{_ENOENT_L10N}", strength="weak", fail=True,
            example="/usr/bin/env: „python“: Datei oder Verzeichnis nicht gefunden"),
    ),
    group(
        # (serial-host-tools s11) Ubuntu/Debian command-not-found 0.3-23.04 (CommandNotFound/CommandNotFound.py), the bash/zsh
        # handler that replaces "command not found" when the program is in no installed package
        "command-not-found (Ubuntu, Debian): `Command '%(command)s' not found, but can be installed with:` / `..., did you mean:` / "
        "`..., but there are %(num)s similar ones.`",
        Msg("tool_missing", r"^Command '(?P<name>[^'\s]+)' not found(?:, but can be installed with:|, did you mean:|, but there are \d+ similar ones\.?)",
            strength="strong", fail=True, example="Command 'st-flash' not found, but can be installed with:"),
        # (deepen-generic s19) the same handler's older wordings (command-not-found 0.2.x, Ubuntu 10.04-16.04, Debian 7-9):
        # "The program '%s' is currently not installed. You can install it by typing:" / "... To run '%s' please ask your
        # administrator to install the package '%s'", and "No command '%s' found, did you mean:"
        Msg("tool_missing", r"^The program '(?P<name>[^'\s]+)' is currently not installed\.|^No command '(?P<name2>[^'\s]+)' found, (?:did you mean|but there are)",
            strength="strong", fail=True, example="The program 'avrdude' is currently not installed. You can install it by typing:"),
        # GNU which 2.x (which.c: "which: no %s in (%s)"; Fedora, Arch, openSUSE): the program is on no PATH directory
        Msg("tool_missing", r"^(?:/usr)?(?:/bin/)?which: no (?P<name>[^\s/]+) in \(", strength="strong", fail=True,
            example="which: no avrdude in (/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin)"),
    ),
    group(
        "zsh 5 (exec.c: command not found: NAME), fish 3 (Unknown command)",
        Msg("tool_missing", rf"^zsh: command not found: {_NAME}", strength="strong", fail=True,
            example="zsh: command not found: picotool"),
        Msg("tool_missing", rf"^zsh: no such file or directory: (?P<name>(?!/dev/)\S+)", strength="strong", fail=True,
            example="zsh: no such file or directory: ./teensy_loader_cli"),
        Msg("tool_missing", rf"^fish: Unknown command:? '?{_NAME}'?", strength="weak", fail=True,
            example="fish: Unknown command: openocd"),
    ),
    group(
        "dash / busybox ash / POSIX sh (NAME: not found), GNU env",
        Msg("tool_missing", rf"^(?:/bin/|/usr/bin/)?(?:-?sh|-?ash|-?dash): (?:\d+: )?(?:[^:\s]+: )?{_NAME}: not found\s*$", strength="weak",
            fail=True, example="/bin/sh: 1: dfu-util: not found"),
        Msg("tool_missing", rf"^\S+: \d+: \S+: {_NAME}: not found\s*$", strength="weak", fail=True,
            example="./test_stm32f0.sh: 6: ./test_stm32f0.sh: st-flash: not found"),
        Msg("tool_missing", rf"^(?:/usr/bin/)?env: ['‘]?{_NAME}['’]?: No such file or directory", strength="weak", fail=True,
            example="/usr/bin/env: 'python': No such file or directory"),
        # (gather-wrappers s20) `sh SCRIPT` (an IDE's upload recipe, a Makefile) whose script is not there: dash 0.5.3-0.5.10
        # input.c setinputfile() "Can't open %s" (only a script or a `.` file reads that way), dash 0.5.11+ redir.c
        # sh_open_fail() "cannot open %s: No such file" (errmsg E_OPEN; a redirection reads the same, so only a .sh name),
        # busybox ash setinputfile() "can't open '%s'" + strerror. Arduino IDE 1.8 on Linux with the STM32 core's tools
        # package unresolved ran "sh ___REMOVE___/stm32CubeProg.sh" (stm32duino/Arduino_Tools#39); a /dev path is a port
        Msg("tool_missing", SH_CANT_OPEN, strength="weak", fail=True, src="dash 0.5.3-0.5.10 src/input.c setinputfile",
            example="sh: 0: Can't open ___REMOVE___/stm32CubeProg.sh"),
        Msg("tool_missing", SH_CANNOT_OPEN, strength="weak", fail=True, src="dash 0.5.11-0.5.12 src/redir.c sh_open_fail",
            example="sh: 0: cannot open /home/u/.arduino15/packages/STMicroelectronics/tools/STM32Tools/2.2.2/stm32CubeProg.sh: No such file"),
        Msg("tool_missing", ASH_CANT_OPEN, strength="weak", fail=True, src="busybox 1.x shell/ash.c setinputfile",
            example="sh: can't open './flash.sh': No such file or directory"),
        # GNU make 3.8-4.4 runs a simple recipe line itself (no shell) and reports a program it cannot exec by name;
        # a name with a dot or a slash is a file (an include, a prerequisite), not a program
        Msg("tool_missing", r"^g?make(?:\[\d+\])?: (?P<name>[A-Za-z][\w+-]*): (?:Command not found|No such file or directory)\s*$",
            strength="weak", fail=True, example="make: stm32flash: No such file or directory"),
    ),
    group(
        "GNU make 3.81-4.4 for Windows (w32/subproc/sub_proc.c process_begin, job.c): a recipe line make starts itself",
        # (other-tools s25) CreateProcess could not start the recipe's program: "process_begin: CreateProcess(NULL, <command
        # line>, ...) failed." (the first argument is the program's path when make found one), then "make (e=N): <the
        # Windows error text, in the system's language>". e=2 ERROR_FILE_NOT_FOUND: the program is not on make's PATH
        # (Polidea/cmake-nRF5x#9: nrfjprog, CLion started before PATH was set); e=193: not a Win32 program (wrong_arch)
        Msg(None, r"^process_begin: CreateProcess\((?P<_prog>NULL|[^,]{1,300}), (?P<_cmd>.{1,800}), \.\.\.\) failed\.\s*$", strength="strong",
            example="process_begin: CreateProcess(NULL, nrfjprog -c 4000 --eraseall --program untitled4.hex --sectorerase, ...) failed."),
        Msg("tool_missing", r"^(?:g?make|mingw32-make)(?:\.exe)?(?:\[\d+\])? \(e=2\): ", strength="strong", fail=True,
            example="make (e=2): The system cannot find the file specified."),
        Msg("tool_missing", r"^(?:g?make|mingw32-make)(?:\.exe)?(?:\[\d+\])? \(e=193\): ", strength="strong", fail=True,
            attrs={"reason": "wrong_arch"}, example="make (e=193): %1 is not a valid Win32 application."),
    ),
    group(
        "Windows cmd.exe and PowerShell 5-7, the Microsoft Store python alias",
        Msg("tool_missing", r"^'(?P<name>[^']+)' is not recognized as an internal or external command", strength="strong",
            fail=True, example="'avrdude' is not recognized as an internal or external command,"),
        # (byid-can-sd-tool s17) the same cmd.exe line inside a logged Node exec error, JSON-escaped on one line: Node's
        # child_process.exec rejects with `Command failed: <cmd>\n<stderr>`, and VS Code extensions (ESP-IDF's tool version
        # checks: dfu-util, esp32ulp-elf-as, idf.py.exe) write that error object as JSON (vscode-esp-idf-extension#795)
        Msg("tool_missing", r"\\n'(?P<name>[^'\\\n]{1,200})' is not recognized as an internal or external command", strength="strong",
            fail=True, example='{"message":"Command failed: esp32ulp-elf-as --version\\n\'esp32ulp-elf-as\' is not recognized as an internal or external command,\\r\\noperable program or batch file.\\r\\n"}'),
        Msg("tool_missing", r"The term '(?P<name>[^']+)' is not recognized as (?:the )?(?:a )?name of a cmdlet", strength="strong",
            fail=True, example="dfu-util : The term 'dfu-util' is not recognized as the name of a cmdlet, function, script file, or operable program."),
        # cmd.exe and PowerShell in other Windows languages (de, fr, es, it, pt-BR, ru; PowerShell de/fr)
        Msg("tool_missing", r"^Der Befehl \"(?P<name>[^\"]+)\" ist entweder falsch geschrieben oder", strength="strong", fail=True,
            example='Der Befehl "avrdude" ist entweder falsch geschrieben oder'),
        Msg("tool_missing", r"^['\"«](?P<name>[^'\"»]+)['\"»] (?:n'est pas reconnu en tant que commande|no se reconoce como un comando|non è riconosciuto come comando|não é reconhecido como um comando|не является внутренней или внешней)",
            strength="strong", fail=True, example="'dfu-util' n'est pas reconnu en tant que commande interne"),
        Msg("tool_missing", r"(?:Die Benennung|Le terme) [\"'«]\s?(?P<name>[^\"'»]+?)\s?[\"'»] (?:wurde nicht als Name eines Cmdlet|n'est pas reconnu comme nom d'applet)",
            strength="strong", fail=True,
            example='Die Benennung "dfu-util" wurde nicht als Name eines Cmdlet, einer Funktion, einer Skriptdatei oder eines ausführbaren Programms erkannt.'),
        # (rp-usb s10) cmd.exe and PowerShell in Chinese (simplified, traditional), Japanese and Korean Windows; the name is quoted
        # with ASCII or typographic quotes, the rest of cmd's sentence wraps to a second line ("或批处理文件。", "操作可能な...")
        Msg("tool_missing", r"^[\"'‘“]?(?P<name>[^\"'‘’“”\s]{1,200})[\"'’”]?\s?(?:不是内部或外部命令|不是內部或外部命令)", strength="strong", fail=True,
            example="'avrdude' 不是内部或外部命令，也不是可运行的程序"),
        Msg("tool_missing", r"^['‘\"](?P<name>[^'’\"]{1,200})['’\"] ?(?:は、内部コマンドまたは外部コマンド|은\(는\) 내부 또는 외부 명령)", strength="strong", fail=True,
            example="'esptool.py' は、内部コマンドまたは外部コマンド、"),
        Msg("tool_missing", r"(?:无法将[“\"](?P<name>[^”\"]{1,200})[”\"]项识别为 cmdlet|用語 ['‘](?P<name2>[^'’]{1,200})['’] は、コマンドレット、関数|['‘](?P<name3>[^'’]{1,200})['’] 용어가 cmdlet, 함수)",
            strength="strong", fail=True, example="无法将“dfu-util”项识别为 cmdlet、函数、脚本文件或可运行程序的名称。"),
        Msg("tool_missing", r"^(?P<name>Python) was not found; run without arguments to install from the Microsoft Store",
            strength="strong", fail=True,
            example="Python was not found; run without arguments to install from the Microsoft Store, or disable this shortcut from Settings > Manage App Execution Aliases."),
    ),
    group(
        "launchers: Go os/exec, Java ProcessBuilder, Node child_process, Python subprocess",
        Msg("tool_missing", r'exec: "(?P<name>[^"]+)": executable file not found in [$%]PATH', strength="strong", fail=True,
            example='error: failed to flash /tmp/main.hex: exec: "openocd": executable file not found in $PATH'),
        Msg("tool_missing", r'Cannot run program "(?P<name>[^"]+)"(?: \(in directory "[^"]*"\))?: (?:CreateProcess )?error=2\b',
            strength="strong", fail=True,
            example='java.io.IOException: Cannot run program "/opt/Axoloti/app/platform_linux/bin/dfu-util" (in directory "/opt/Axoloti/app/firmware/build"): error=2, No such file or directory'),
        # (ecu-tuning s15) newer JDKs on Linux/macOS (the jspawnhelper / posix_spawn launch) word the same errno as
        # "Exec failed, error: 2 (No such file or directory)" (error: 13 (Permission denied) for a file without its execute
        # bit); wording taken from real logs (rusefi/rusefi#9845, Gradle, Kotlin/Native), the JDK source was not read
        Msg("tool_missing", r'Cannot run program "(?P<name>[^"]+)"(?: \(in directory "[^"]*"\))?: Exec failed, error: 2\b',
            strength="strong", fail=True,
            example='java.io.IOException: Cannot run program "./STM32_Programmer_CLI/bin/STM32_Programmer_CLI.exe" (in directory "./STM32_Programmer_CLI/bin"): Exec failed, error: 2 (No such file or directory) '),
        Msg("tool_missing", r'Cannot run program "(?P<name>[^"]+)"(?: \(in directory "[^"]*"\))?: Exec failed, error: 13\b',
            strength="strong", fail=True, attrs={"reason": "not_executable"},
            example='java.io.IOException: Cannot run program "/opt/local/bin/dot": Exec failed, error: 13 (Permission denied)'),
        # (arduino-boards s11) Java's errno 13 / Windows' error 5: the program is there but may not be started (no execute bit)
        Msg("tool_missing", r'Cannot run program "(?P<name>[^"]+)"(?: \(in directory "[^"]*"\))?: (?:error=13\b|CreateProcess error=5\b)',
            strength="strong", fail=True, attrs={"reason": "not_executable"},
            example='java.io.IOException: Cannot run program "/home/me/arduino-1.8.5/portable/packages/SparkFun/tools/bossac/1.4.0/bossac": error=13, Permission denied'),
        # the same Java message wrapped by a console or a forum inside its "(in directory ...)": the error=2 is on the next line
        Msg("tool_missing", r'Cannot run program "(?P<name>[^"]+)" \(in directory "[^"]*$', strength="strong", fail=True,
            example='java.io.IOException: Cannot run program "avrdude" (in directory "/Users/ramon/Documents/sloeber-   '),
        # Go os/exec (arduino-cli, Arduino IDE 2, tinygo, west's Go helpers): a command given with a path is started without
        # a PATH lookup, and a missing file fails in StartProcess as `fork/exec PATH: ...` (Unix errno text, or the Windows
        # system message); LookPath on such a path says `exec: "PATH": stat PATH: no such file or directory`
        Msg("tool_missing", r"\bfork/exec (?P<name>(?:[A-Za-z]:)?[^:\n]+): (?:no such file or directory|The system cannot find the (?:file|path) specified)",
            strength="strong", fail=True,
            example="Failed to burn bootloader: cannot execute upload tool: fork/exec {runtime.tools.bossac-1.9.1-arduino2.path}/bossac: no such file or directory"),
        # (rp-usb s7) the stat path stops at its first colon after an optional drive letter: `[^\n]*` there rescanned the
        # rest of the line from every `exec: "` and made a long line of cut-off copies quadratic (test_hostile_regex)
        Msg("tool_missing", r'\bexec: "(?P<name>[^"\n]+)": (?:stat (?:[A-Za-z]:)?[^\n:]*: no such file or directory|file does not exist)', strength="strong",
            fail=True, example='exec: "/home/u/.arduino15/packages/arduino/tools/bossac/1.7.0/bossac": stat /home/u/.arduino15/packages/arduino/tools/bossac/1.7.0/bossac: no such file or directory'),
        # (gather-wrappers s20) libuv/Node write `spawn ${file} ENOENT` with the file as given: a Windows path has its drive
        # colon and often spaces ("C:\Program Files (x86)\..."), and a path from a settings.json whose backslashes were read
        # as escapes (\t, \b) loses them and can run into the code ("Failed to launch OpenOCD GDB Server: Error: spawn
        # C:envoolspenOCD-20200729-0.10.0inENOENT", bmd-studio/stm32-for-vscode#42 through Cortex-Debug)
        Msg("tool_missing", r"\bspawn (?P<name>" + _SPAWN_FILE + r")(?: |(?<=[\w.\\/]))ENOENT\b", strength="strong",
            fail=True, example="Error: spawn dfu-util ENOENT"),
        # (confined-hosts s16) the same Node error object as JSON.stringify writes it (lib/internal/errors.js uvException:
        # code, syscall 'spawn <file>', path, spawnargs), logged by VS Code extensions (esp-idf's 'Select Port To Use' ran
        # `udevadm info -e` through node-serialport: vscode-esp-idf-extension#1296, a container without the udev package)
        Msg("tool_missing", r'"code": ?"ENOENT", ?"syscall": ?"spawn (?P<name>[\w./\\+-]+)"', strength="strong", fail=True,
            example='{"errno":-2,"code":"ENOENT","syscall":"spawn udevadm","path":"udevadm","spawnargs":["info","-e"]}'),
        # (rp-usb s10) Node's synchronous spawn (VS Code extensions: nanoframework, esp-idf) says spawnSync; EACCES is a program
        # that is there without its execute bit (a bundled tool unpacked from a zip): both leave the tool unable to start
        Msg("tool_missing", r"\bspawnSync (?P<name>[\w./\\~:+-]{1,300}) ENOENT\b", strength="strong", fail=True,
            example="spawnSync ~/.vscode/extensions/nanoframework.vscode-nanoframework-1.0.56/dist/utils/serial-monitor-cli/linux/main ENOENT"),
        Msg("tool_missing", r"\bspawn(?:Sync)? (?P<name>" + _SPAWN_FILE + r") EACCES\b", strength="strong", fail=True,
            attrs={"reason": "not_executable"}, example="Error: spawn /home/u/.vscode/extensions/x/bin/esptool EACCES"),
        # (ide-debuggers s14) VS Code Cortex-Debug checks for the gdb it will launch before starting it (src/gdb.ts getGdbPath:
        # `<toolchainPrefix>-gdb[.exe]`, under armToolchainPath when set, else looked up on PATH): 0.1.x-1.2 (gdb.ts since
        # 65eaa46, Dec 2018) `<Server> GDB executable "X" was not found.` + `Please configure "cortex-debug.armToolchainPath"
        # correctly`, 1.4+ (cc4fd52, Feb 2022) `GDB executable "X" was not found.` + `... or "cortex-debug.gdbPath" correctly.`
        Msg("tool_missing", r'\bGDB executable "(?P<name>[^"\n]{1,300})" was not found\b', strength="strong", fail=True,
            example='OpenOCD GDB executable "arm-none-eabi-gdb" was not found. Please configure "cortex-debug.armToolchainPath" correctly.'),
        # (gather-host s20) STM32 for VSCode 1.x (bmd-studio/stm32-for-vscode, src/init.js 2019) checks make, arm-none-eabi-gcc,
        # st-flash/openocd on PATH before a build or flash: `This extension requires: "X" to be available in PATH, please
        # install <make|arm-none-eabi> for your specific environment` (openocd: `..., see: http://openocd.org/... for more
        # info`); its own tool-path settings were not consulted then (issue #4), so the tool is not where it looks
        Msg("tool_missing", r'\bThis extension requires: "(?P<name>[^"\n]{1,200})" to be available in PATH\b', strength="strong", fail=True,
            example='This extension requires: "st-flash" to be available in PATH, please install make for your specific environment'),
        # (rp-usb s10) .NET Process.Start (System.ComponentModel.Win32Exception, .NET Core 3-8 wording): errno 2 = the program is
        # not there, 13 = it is there but may not be executed (no execute bit)
        Msg("tool_missing", r"Win32Exception \(2\): An error occurred trying to start process '(?P<name>[^'\n]{1,300})'", strength="strong",
            fail=True, example="System.ComponentModel.Win32Exception (2): An error occurred trying to start process 'dfu-util' with working directory '/home/u'. No such file or directory"),
        Msg("tool_missing", r"Win32Exception \(13\): An error occurred trying to start process '(?P<name>[^'\n]{1,300})'", strength="strong",
            fail=True, attrs={"reason": "not_executable"},
            example="Unhandled exception. System.ComponentModel.Win32Exception (13): An error occurred trying to start process '~/.vscode/extensions/nanoframework.vscode-nanoframework-1.0.56/dist/utils/nanoFirmwareFlasher/esptool/esptoolLinux/esptool'"),
        # a bare program name (no slash, no extension): a file that is missing is another matter (FW005); (serial-host-tools s11)
        # a tty's name is pyserial opening a port given without /dev/ (SER005), not a program
        Msg("tool_missing", r"^(?:\w+\.)*FileNotFoundError: \[(?:Errno|WinError) 2\] [^:]*: '(?!tty(?:USB|ACM|AMA|S|THS|mxc)\d+')(?P<name>[\w+-]+)'\s*$", strength="weak",
            fail=True, example="FileNotFoundError: [Errno 2] No such file or directory: 'dfu-util'"),
        # (fpga-jtag s15) Python 3.3-3.6 subprocess appended the program's name to the message and passed it as the filename
        # too, so a program that is not installed reads "...: 'iceprog': 'iceprog'" (google/CFU-Playground#411): the doubled
        # name is a launch, never a data file (the two names are not compared: a back-reference cannot join the classifier's
        # combined patterns)
        Msg("tool_missing", r"^(?:\w+\.)*(?:FileNotFoundError|OSError): \[Errno 2\] No such file or directory: '(?P<name>[^'\s/\\]+)': '[^'\s/\\]+'\s*$",
            strength="strong", fail=True, example="FileNotFoundError: [Errno 2] No such file or directory: 'iceprog': 'iceprog'"),
    ),
    group(
        # (winmac s6c) the program is there but this computer cannot run it: built for another processor or system. The
        # kernel's error, as each shell or launcher words it: macOS EBADARCH (errno 86, 'Bad CPU type in executable': an
        # i386 tool on 10.15+, an x86-64 tool on Apple Silicon without Rosetta 2), Linux ENOEXEC (errno 8, 'Exec format
        # error': an x86 tool on a Raspberry Pi, an x86-64 one on 32-bit Linux), Windows ERROR_BAD_EXE_FORMAT (193, '%1 is
        # not a valid Win32 application') and ERROR_EXE_MACHINE_TYPE_MISMATCH (216)
        "shells and launchers (bash, zsh, dash; Go os/exec; Java ProcessBuilder; Python subprocess; Node/libuv; cmd.exe): "
        "an executable built for another CPU or OS",
        Msg("tool_missing", r"^zsh: (?:bad CPU type in executable|exec format error): (?P<name>\S+)", strength="strong", fail=True,
            attrs={"reason": "wrong_arch"}, example="zsh: bad CPU type in executable: avrdude"),
        # bash/sh/dash: `bash: ./x: cannot execute binary file: Exec format error`, a script's `script: line 175: PATH: Bad
        # CPU type in executable`, `sh: PATH: Bad CPU type in executable`, dash's `sh: 1: PATH: Exec format error`
        Msg("tool_missing", r"(?:^|: )(?P<name>[^\s:]+): (?:cannot execute binary file: )?(?:[Bb]ad CPU type in executable|Exec format error)\s*$",
            strength="strong", fail=True, attrs={"reason": "wrong_arch"},
            example="sh: /Users/u/.platformio/packages/toolchain-gccarmnoneeabi/bin/arm-none-eabi-g++: Bad CPU type in executable"),
        Msg("tool_missing", r"\bfork/exec (?P<name>(?:[A-Za-z]:)?[^:\n]+): (?:bad CPU type in executable|exec format error|%1 is not a valid Win32 application)",
            strength="strong", fail=True, attrs={"reason": "wrong_arch"},
            example="Error: fork/exec /Users/u/.cache/jaguar/sdk/tools/assets: bad CPU type in executable"),
        Msg("tool_missing", r'Cannot run program "(?P<name>[^"]+)"(?: \(in directory "[^"]*"\))?: (?:CreateProcess )?error=(?:193|86|8), ',
            strength="strong", fail=True, attrs={"reason": "wrong_arch"},
            example='java.io.IOException: Cannot run program "C:\\Users\\u\\Arduino\\hardware\\tools\\avr/bin/avrdude": CreateProcess error=193, %1 is not a valid Win32 application'),
        Msg("tool_missing", r"\b(?:OSError|PermissionError): \[(?:Errno 86|Errno 8|WinError 193)\] (?:Bad CPU type in executable|Exec format error|%1 is not a valid Win32 application)(?::? '(?P<name>[^'\n]+)')?",
            strength="strong", fail=True, attrs={"reason": "wrong_arch"},
            example="OSError: [Errno 86] Bad CPU type in executable: '/Users/u/.platformio/packages/tool-cppcheck/cppcheck'"),
        Msg("tool_missing", r"\bspawn (?:(?P<name>\S+) )?(?:ENOEXEC|Unknown system error -86)\b", strength="strong", fail=True,
            attrs={"reason": "wrong_arch"}, example="Error: spawn Unknown system error -86"),
        Msg("tool_missing", r"^This version of (?P<name>[^\n]{1,200}?) is not compatible with the version of Windows you're running",
            strength="strong", fail=True, attrs={"reason": "wrong_arch"},
            example="This version of C:\\tools\\dfu-util.exe is not compatible with the version of Windows you're running. Check your computer's system information and then contact the software publisher."),
    ),
    group(
        "Python 2.7-3.13 import errors, Klipper scripts/flash_usb.py",
        Msg("module_missing", r"^(?:\w+\.)*ModuleNotFoundError: No module named '(?P<module>[\w.]+)'", strength="strong", fail=True,
            example="ModuleNotFoundError: No module named 'serial'"),
        Msg("module_missing", r"^ImportError: No module named '?(?P<module>[\w.]+)'?\s*$", strength="strong", fail=True,
            example="ImportError: No module named serial"),
        # (serial-host-tools s11) `python -m esptool` without the module: CPython 2.7-3.13 Lib/runpy.py _run_module_as_main
        # exits with "%s: %s" % (sys.executable, _Error("No module named %s")), and with `-m name.py` "Error while finding
        # module specification for 'esptool.py' (ModuleNotFoundError: No module named 'esptool')"
        Msg("module_missing", r"^(?:\S*[/\\])?[Pp]ython[\d.]*(?:\.exe)?: No module named (?P<module>[\w.]+)\s*$", strength="strong", fail=True,
            example="/usr/bin/python3: No module named esptool"),
        Msg("module_missing", r"Error while finding module specification for '[^']+' \(ModuleNotFoundError: No module named '(?P<module>[\w.]+)'\)",
            strength="strong", fail=True,
            example="/usr/bin/python3: Error while finding module specification for 'esptool.py' (ModuleNotFoundError: No module named 'esptool')"),
        # CPython 2.7-3.13 Modules/main.c (pymain_run_file): "%ls: can't open file %R: [Errno %d] %s": `python esptool.py` run
        # where the tool's script is not (not installed there); Katapult's and Klipper's own scripts are their parsers' rows
        Msg("tool_missing", r"^(?:\S*[/\\])?[Pp]ython[\d.]*(?:\.exe)?: can't open file ['\"](?!\S*(?:flashtool|flash_can|flash_usb)\.py)"
            r"(?P<name>[^'\"]+\.py)['\"]: \[Errno 2\]", strength="strong", fail=True, attrs={"text": "script"},
            example="python: can't open file 'esptool.py': [Errno 2] No such file or directory"),
        Msg("module_missing", r"Python's (?P<module>pyserial) module is required", strength="strong", fail=True,
            example="Python's pyserial module is required to update. Install"),
        # `pip install serial` installs an unrelated package named serial: `import serial` works, pyserial's classes are not
        # there (pyserial itself is what is missing; pip uninstall serial, pip install pyserial)
        Msg("module_missing", r"^AttributeError: module '(?P<module>serial)' has no attribute '(?:Serial|SerialException|tools|serial_for_url|PARITY_\w+|EIGHTBITS)'",
            strength="strong", fail=True, example="AttributeError: module 'serial' has no attribute 'Serial'"),
        # (modbus-rs485 s16) pymodbus 3.x client/serial.py connect() logs only the exception's text (`Log.error(f"{msg}")`, its
        # format "%(levelname)s %(module)s:%(lineno)s %(message)s"), so the same AttributeError arrives without its class name
        # (pymodbus#2293: the `serial` package shadowed pyserial)
        Msg("module_missing", r"^(?:\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} )?(?:ERROR|WARNING) logging:\d+ module '(?P<module>serial)' has no attribute '(?:Serial|serial_for_url|SerialException|PARITY_\w+)'",
            strength="strong", fail=True, example="ERROR logging:115 module 'serial' has no attribute 'serial_for_url'"),
        # pymodbus without pyserial: 3.6-3.8 client/serial.py and transport/serialtransport.py raise RuntimeError("Serial client
        # requires pyserial Please install with \"pip install pyserial\" and try again."); 3.1-3.5 imported it under
        # `with suppress(ImportError)`, so connect() fails later with NameError on `serial` (traceback in pymodbus/client/serial.py,
        # or transport.py's "Failed to connect UNKNOWN EXCEPTION name 'serial' is not defined"; gavinying/modpoll#27)
        Msg("module_missing", r"Serial client requires (?P<module>pyserial)", strength="strong", fail=True,
            example='RuntimeError: Serial client requires pyserial Please install with "pip install pyserial" and try again.'),
        Msg("module_missing", r"(?:^NameError: |Failed to connect UNKNOWN EXCEPTION )name '(?P<module>serial)' is not defined", strength="strong", fail=True,
            example="NameError: name 'serial' is not defined"),
    ),
    group(
        "dynamic loaders: the tool is installed but a library it needs is not (libusb for dfu-util, avrdude, openocd, st-flash)",
        Msg("tool_missing", r"^dyld(?:\[\d+\])?: Library not loaded: '?(?:[^'\s]*/)?(?P<name>[^'/\s]+)'?", strength="strong", fail=True,
            attrs={"text": "shared library (macOS dyld)"},
            example="dyld[3956]: Library not loaded: '/usr/local/opt/libusb/lib/libusb-1.0.0.dylib'"),
        # (windows-macos s9) the same dyld error passed on by a wrapper that prefixes the program's name or its own
        # (`st-flash: dyld: ...`, PlatformIO, a Makefile's `sh: line 1: ...`), and dyld's other start-up failure: the
        # library is there but too old or for another CPU (`Symbol not found: _libusb_...`, lazy binding of a symbol)
        Msg("tool_missing", r"^\s*(?:[\w.+-]+(?:\[\d+\])?: ){1,3}dyld(?:\[\d+\])?: Library not loaded: '?(?:[^'\s]*/)?(?P<name>[^'/\s]+)'?",
            strength="strong", fail=True, attrs={"text": "shared library (macOS dyld)"},
            example="st-flash: dyld: Library not loaded: /usr/local/lib/libusb-1.0.0.dylib"),
        # (vial-hid-kb s13) a macOS crash report quotes dyld's message under "Dyld Error Message:" (10.x) or after
        # "Termination Reason: DYLD ... Library missing" (11+), without the "dyld:" prefix, indented, with "Referenced from:"
        # and "Reason: image not found" below it: the app (zsa/wally#29, Wally.app 1.x) needs Homebrew's libusb
        Msg("tool_missing", r"^\s*Library not loaded: '?(?:[^'\s]*/)?(?P<name>[^'/\s]+)'?\s*$", strength="strong", fail=True,
            attrs={"text": "shared library (macOS dyld)"},
            example="  Library not loaded: /usr/local/opt/libusb/lib/libusb-1.0.0.dylib"),
        Msg("tool_missing", r"^\s*(?:[\w.+-]+: )?dyld(?:\[\d+\])?: (?:lazy symbol binding failed: )?Symbol not found: (?P<name>_?[\w.]+)",
            strength="strong", fail=True, attrs={"text": "shared library too old or for another CPU (macOS dyld)"},
            example="dyld: Symbol not found: _libusb_set_option"),
        Msg("tool_missing", r"error while loading shared libraries: (?P<name>[\w.+-]+\.so[\w.]*): cannot open shared object file", strength="strong", fail=True,
            attrs={"text": "shared library (Linux ld.so)"},
            example="st-flash: error while loading shared libraries: libstlink.so.1: cannot open shared object file: No such file or directory"),
        Msg("tool_missing", r"(?:The code execution cannot proceed because|The program can't start because) (?P<name>[\w.+-]+\.dll) (?:was not found|is missing)",
            strength="strong", fail=True, attrs={"text": "DLL (Windows)"},
            example="The code execution cannot proceed because libusb-1.0.dll was not found. Reinstalling the program may fix this problem."),
        # (windows-macos s9) a launcher that only reports the Windows loader's NTSTATUS as the tool's exit code: 0xC0000135
        # STATUS_DLL_NOT_FOUND (a DLL the .exe needs is missing: an MSVC/MinGW runtime, libusb-1.0.dll), 0xC0000139
        # STATUS_ENTRYPOINT_NOT_FOUND (a DLL of another version), 0xC0000142 STATUS_DLL_INIT_FAILED; printed as hex by Go's
        # os/exec (arduino-cli 0.x-1.x 'exit status 0xc0000135'), as signed (-1073741515) or unsigned (3221225781) decimal
        # by SCons/PlatformIO, make and Python's subprocess
        Msg("tool_missing", r"(?i)\b(?:exit (?:status|code)|returned(?: non-zero exit status)?|error(?: code)?|code)[:= ]+(?:0xc0000135|-1073741515|3221225781)\b",
            strength="strong", fail=True, attrs={"text": "DLL (Windows: STATUS_DLL_NOT_FOUND)"},
            example="The terminal process terminated with exit code: 3221225781."),  # VS Code; arduino-cli's is read through its own row
        # (8bit-asia-mcus s14) a VS Code task run through a shell ("/bin/bash -c '<command> ...'") that ended with the shell's
        # 127, command not found, as VS Code's terminal reports it ("The terminal process \"{0}\" failed to launch (exit code: {1})."
        # and "... terminated with exit code: {1}.", in the Chinese UI "终端进程“{0}”启动失败(退出代码: {1})。"). github0null/eide#166:
        # stcgal was installed only in a conda environment, so the extension's bash could not find it
        Msg("tool_missing", r"The terminal process \"(?:/(?:usr/)?bin/)?(?:ba|z|da|k)?sh '-c', '(?:[^'\s]*/)?(?P<name>[\w.+-]+).{0,400}?\" "
            r"(?:failed to launch \(exit code: |terminated with exit code: )127\b|终端进程[\"“](?:/(?:usr/)?bin/)?(?:ba|z|da|k)?sh '-c', "
            r"'(?:[^'\s]*/)?(?P<name2>[\w.+-]+).{0,400}?[\"”](?:启动失败[(（]退出代码: |已终止，退出代码: )127\b", strength="strong", fail=True,
            attrs={"text": "command (the shell's exit code 127)"},
            example="The terminal process \"/bin/bash '-c', 'stcgal -P auto -b 115200 -p /dev/ttyUSB0 build/test2.hex'\" failed to launch (exit code: 127)."),
        Msg("tool_missing", r"(?i)\b(?:exit (?:status|code)|returned(?: non-zero exit status)?|error(?: code)?|code)[:= ]+(?:0xc0000139|-1073741511|3221225785|0xc0000142|-1073741502|3221225794)\b",
            strength="strong", fail=True, attrs={"text": "DLL of another version (Windows: STATUS_ENTRYPOINT_NOT_FOUND / DLL_INIT_FAILED)"},
            example="Process finished with exit code -1073741511 (0xC0000139)"),  # JetBrains IDEs; SCons' through platformio
        # (windows-macos s9) Windows Security / another antivirus refused to start the tool and usually deletes it next
        # (the following run then says the file does not exist): ERROR_VIRUS_INFECTED (225) / ERROR_VIRUS_DELETED (226) as
        # Java's ProcessBuilder ('CreateProcess error=225'), Python ('[WinError 225]') and Go's os/exec word it
        # (SparkFun Apollo3 #74: artemis_svl.exe; esptool.exe, avrdude.exe and picotool.exe are flagged now and then)
        Msg("tool_missing", r"(?:Cannot run program \"(?P<name>[^\"]+)\"[^\n]{0,40}?)?(?:CreateProcess error=22[56]|\[WinError 22[56]\]|\berror=22[56]\b)"
            r"|Operation did not complete successfully because the file contains a virus",
            strength="strong", fail=True, attrs={"reason": "antivirus", "text": "blocked by antivirus"},
            example="CreateProcess error=225, Operation did not complete successfully because the file contains a virus or potentially unwanted software at java.lang.ProcessBuilder.start(ProcessBuilder.java:1048)"),
        # 0xC000007B STATUS_INVALID_IMAGE_FORMAT: a 32-bit DLL loaded by a 64-bit tool or the reverse
        Msg("tool_missing", r"(?i)\b(?:exit (?:status|code)|returned(?: non-zero exit status)?|error(?: code)?|code)[:= ]+(?:0xc000007b|-1073741701|3221225595)\b|unable to start correctly \(0xc000007b\)",
            strength="strong", fail=True, attrs={"reason": "wrong_arch"},
            example="The application was unable to start correctly (0xc000007b). Click OK to close the application."),
    ),
    group(
        # (rp-usb s7) a Python program loading libusb itself (python-libusb1's usb1, pyusb's libusb1 backend, ctypes users):
        # CPython's ctypes passes the loader's own text on. macOS dlerror() before 11 'dlopen(NAME, 6): image not found',
        # since 11 'dlopen(NAME, 0x0006): tried: ... (no such file)'; glibc 'NAME: cannot open shared object file';
        # Windows (Python 3.8+) "Could not find module 'NAME' (or one of its dependencies)". pyusb 1.x with no libusb,
        # openusb or libusb0 library to load raises usb.core.NoBackendError('No backend available')
        "CPython 2.7-3.13 ctypes (dlopen / LoadLibrary errors) and pyusb 1.0-1.3 usb.core (find() without a backend library)",
        Msg("tool_missing", r"\bdlopen\((?P<name>[^,()\s]+), (?:\d+|0x[0-9a-fA-F]+)\): (?:image not found|tried: |no suitable image found)",
            strength="strong", fail=True, attrs={"text": "shared library (macOS dlopen)"},
            example="OSError: dlopen(libusb-1.0.dylib, 6): image not found"),
        Msg("tool_missing", r"^(?:\w+\.)*(?:OSError|ImportError): (?P<name>lib[\w+-]+(?:\.[\w+-]+)*\.so[\w.]*): cannot open shared object file",
            strength="strong", fail=True, attrs={"text": "shared library (Linux, Python ctypes)"},
            example="OSError: libusb-1.0.so.0: cannot open shared object file: No such file or directory"),
        Msg("tool_missing", r"Could not find module '(?:[^'\n]*[\\/])?(?P<name>[^'\\/\n]+\.dll)' \(or one of its dependencies\)",
            strength="strong", fail=True, attrs={"text": "DLL (Windows, Python ctypes)"},
            example="FileNotFoundError: Could not find module 'libusb-1.0.dll' (or one of its dependencies). Try using the full path with constructor syntax."),
        # Python before 3.8 (and a DLL's own missing dependency): LoadLibrary's ERROR_MOD_NOT_FOUND without the name
        Msg("tool_missing", r"^(?:\w+\.)*(?:OSError|FileNotFoundError|ImportError): \[WinError 126\] The specified module could not be found",
            strength="strong", fail=True, attrs={"name": "a DLL", "text": "DLL (Windows LoadLibrary error 126)"},
            example="OSError: [WinError 126] The specified module could not be found"),
        # pyusb 1.0.0a-b (2012-2015) raised ValueError('No backend available') for the same
        Msg("tool_missing", r"^(?:\w+\.)*(?:NoBackendError|ValueError): No backend available", strength="strong", fail=True,
            attrs={"name": "libusb-1.0", "text": "pyusb found no libusb library to use"},
            example="usb.core.NoBackendError: No backend available"),
    ),
    group(
        # (rp-usb s7) Rust build scripts (cargo build / cargo install of probe-rs, cargo-flash, elf2uf2-rs, rp-rs templates):
        # the cc crate's missing compiler in its three wordings (1.0.0-1.0.17 'is `X` not installed?', 1.0.18-1.0.90
        # 'Failed to find tool. Is `X` installed?', 1.1+ 'failed to find tool "X": <io error>'), and a build script's own
        # Command::new(X).output().expect(...) on a missing program: Rust's io::Error Debug form 'Os { code: 2, kind:
        # NotFound, ... }' after the expect text naming the program
        "Rust cc crate 1.0-1.2 (src/lib.rs, command_helpers.rs) and std::io::Error in build-script panics",
        Msg("tool_missing", r"\bis `(?P<name>[^`\s]+)` not installed\?|\bFailed to find tool\. Is `(?P<name2>[^`\s]+)` installed\?|"
            r"\bfailed to find tool \\?\"(?P<name3>[^\"\\\s]+)\\?\": (?:No such file or directory|The system cannot find the file specified)",
            strength="strong", fail=True,
            example='error occurred: failed to find tool "arm-none-eabi-gcc": No such file or directory (os error 2)'),
        Msg("tool_missing", r"\b(?:executing|execute|failed to (?:execute|run|spawn|start)|could not (?:execute|run|spawn|start)|unable to (?:execute|run|spawn|start)|"
            r"running|spawning|run) `?(?P<name>[\w.+-]+)`?: Os \{ code: 2, kind: NotFound",
            strength="strong", fail=True,
            example="thread 'main' panicked at 'executing arm-none-eabi-gcc: Os { code: 2, kind: NotFound, message: \"No such file or directory\" }', build.rs:20:10"),
        # (esp-espressif s12) rustc 1.3x-1.8x rustc_codegen_ssa back/link.rs: the linker a target names (esp-rs: xtensa-esp32-elf-gcc
        # from espup's export-esp.sh, ldproxy from `cargo install ldproxy`; rp-rs: flip-link) is not on PATH
        # (esp-rs/esp-template#99: export-esp.sh run instead of sourced; esp32-wifi-bridge#10: ldproxy not installed)
        Msg("tool_missing", r"^error: linker `(?P<name>[^`\s]+)` not found", strength="strong", fail=True,
            src="rustc rustc_codegen_ssa/src/back/link.rs (linker_not_found)",
            example="error: linker `xtensa-esp32-elf-gcc` not found"),
        # (rust-zephyr-probes s13) cargo src/bin/cargo/main.rs execute_external_subcommand(): `cargo X` for an external tool
        # whose cargo-X binary is not on PATH ("no such subcommand: `X`" to cargo 1.64, "no such command: `X`" from 1.65):
        # only the external tools of embedded flashing and their build steps (cargo-binutils' size/objcopy/nm/strip/readobj/
        # objdump, espflash, hf2, cargo-dfu, cargo-generate, cargo-binstall), not a typo of a built-in command; probe-rs's own
        # `cargo embed` / `cargo flash` are probe_rs.py's row
        Msg("tool_missing", r"^error: no such (?:sub)?command: `(?P<name>size|objcopy|objdump|nm|strip|readobj|espflash|hf2|dfu|generate|binstall)`",
            strength="strong", fail=True, src="cargo 1.3x-1.9x src/bin/cargo/main.rs (execute_external_subcommand)",
            example="error: no such command: `objcopy`"),
    ),
    group(
        # (byid-can-sd-tool s17) pip building a C extension from source (cffi, pyusb's deps, esptool's cryptography on a Pi, Home
        # Assistant OS): distutils/setuptools spawn() could not start the compiler. setuptools _distutils/spawn.py 2020-2026 and
        # CPython 3.9-3.11 Lib/distutils/spawn.py: DistutilsExecError("command %r failed: %s" % (cmd[0], exc.args[-1])), printed
        # by setup as `error: command 'gcc' failed: No such file or directory` (Windows: The system cannot find the file
        # specified); CPython 2.7-3.8 distutils' POSIX child wrote "unable to execute %r: %s" before "command %r failed with exit
        # status 1"; _msvccompiler / compilers/C/msvc.py without Visual Studio's build tools: "Microsoft Visual C++ 14.0 or
        # greater is required." (setuptools msvc.py 2014-2020 "Microsoft Visual C++ %0.1f is required (%s)." / "{version:0.1f}
        # is required.", then "... or greater is required."). NabuCasa/silabs-firmware#15: no gcc
        "Python distutils / setuptools spawn (CPython 2.7-3.11 Lib/distutils, setuptools 49-80 _distutils): the compiler pip needs is missing",
        Msg("tool_missing", r"^\s*(?:error: )?command '(?P<name>[^'\s]+)' failed: (?:No such file or directory|The system cannot find the file specified)",
            strength="strong", fail=True, src="setuptools _distutils/spawn.py (DistutilsExecError)",
            example="error: command 'gcc' failed: No such file or directory"),
        Msg("tool_missing", r"^\s*unable to execute '(?P<name>[^'\s]+)': No such file or directory", strength="strong", fail=True,
            src="CPython 2.7-3.8 Lib/distutils/spawn.py (_spawn_posix)",
            example="unable to execute 'x86_64-linux-gnu-gcc': No such file or directory"),
        Msg("tool_missing", r"\bMicrosoft Visual C\+\+ \d+\.\d (?:or greater )?is required\b", strength="strong", fail=True,
            attrs={"name": "Microsoft C++ Build Tools"}, src="setuptools _distutils/_msvccompiler.py, compilers/C/msvc.py",
            example='error: Microsoft Visual C++ 14.0 or greater is required. Get it with "Microsoft C++ Build Tools": https://visualstudio.microsoft.com/visual-cpp-build-tools/'),
    ),
    group(
        "pkg-config 0.29 / pkgconf 1-2, gcc, GNU ld: a library's development files missing while a host helper is built "
        "(Klipper's make flash builds lib/rp2040_flash and lib/hidflash against libusb-1.0; avrdude, openocd, stlink from source)",
        # (rp-usb s7) also indented (the Rust pkg-config crate 0.3.26+ quotes pkg-config's stderr under "pkg-config output:")
        # or after a literal \n (older versions' "--- stderr" inside a build-script panic message, one line)
        Msg("library_missing", r"(?:^\s*|\\n)Package (?P<name>[\w.+-]+) was not found in the pkg-config search path", strength="strong", fail=True,
            example="Package libusb-1.0 was not found in the pkg-config search path."),
        # (rp-usb s7) the Rust pkg-config crate (rust-lang/pkg-config-rs 0.3.x src/lib.rs): pkg-config itself missing, as
        # 0.3.0-0.3.25 'Failed to run `"pkg-config" "--libs" ...`: No such file or directory (os error 2)' (often inside a
        # panic string with escaped quotes) and 0.3.26+ 'Could not run `...`' + 'The pkg-config command could not be
        # found.'; the library missing, 0.3.26+ 'The system library `NAME` required by crate `X` was not found.'
        Msg("tool_missing", r"\b(?:Failed to run|Could not run) `\\?\"?(?:[^`\s]*/)?pkg-config\\?\"?[^`\n]*`: (?:No such file or directory|The system cannot find the file specified\.) \(os error 2\)",
            strength="strong", fail=True, attrs={"name": "pkg-config"},
            example='thread \'main\' panicked at \'Unable to find libusb-1.0: "Failed to run `\\"pkg-config\\" \\"--libs\\" \\"--cflags\\" \\"libusb-1.0\\"`: No such file or directory (os error 2)"\', build.rs:65:21'),
        Msg("tool_missing", r"(?:^\s*|\\n)The pkg-config command could not be found\.", strength="strong", fail=True, attrs={"name": "pkg-config"},
            example="The pkg-config command could not be found."),
        Msg("library_missing", r"The system library `(?P<name>[\w.+-]+)` required by crate `[\w-]+` was not found\.", strength="strong", fail=True,
            example="The system library `libusb-1.0` required by crate `libusb1-sys` was not found."),
        Msg("library_missing", r"^No package '(?P<name>[\w.+-]+)' found", strength="strong", fail=True,
            example="No package 'libusb-1.0' found"),
        Msg("library_missing", r"^Package '(?P<name>[\w.+-]+)',? required by '[^']*', not found", strength="strong", fail=True,
            example="Package 'libusb-1.0', required by 'virtual:world', not found"),  # pkgconf's wording
        Msg("library_missing", r"\bfatal error: (?P<header>(?:libusb-1\.0/)?libusb\.h|usb\.h|hidapi(?:/hidapi)?\.h|(?:libftdi1/)?ftdi\.h|ffi\.h|Python\.h|gpiod\.h|libudev\.h|readline/readline\.h): No such file or directory",
            strength="strong", fail=True, example="picoboot_connection.h:13:10: fatal error: libusb.h: No such file or directory"),
        Msg("library_missing", r"\b(?:ld|collect2)(?:\.[\w.]+)?: (?:error: )?cannot find -l(?P<lib>usb-1\.0|usb|hidapi-\w+|ftdi1?|ffi|udev|gpiod)\b",
            strength="strong", fail=True, example="/usr/bin/ld: cannot find -lusb-1.0: No such file or directory"),
    ),
    group(
        "Mbed OS 5.x-6.x tools/make.py, test.py, build_api.py (Mbed CLI 1: mbed compile / mbed test, Mbed Studio's terminal)",
        # (daplink-mbed-particle s14) the compiler that -t names was not found: make.py/test.py args_error() "Could not find
        # executable for %s.\nCurrently set search path: %s" (argparse puts "make.py: error: " before it), build_api.py (6.x)
        # raises the same text; the name is Mbed's toolchain (ARM/ARMC5/ARMC6: Arm's compiler, not installed by Mbed CLI; GCC_ARM:
        # the GNU Arm toolchain; IAR), and the path is GCC_ARM_PATH / ARM_PATH as configured ("No path set")
        Msg("tool_missing", r"^(?:\w+\.py: error: )?Could not find executable for (?P<name>ARMC[56]|ARM|GCC_ARM|IAR|uARM)\.?\s*$",
            strength="strong", fail=True, attrs={"via": "mbed-os"}, example="make.py: error: Could not find executable for GCC_ARM."),
        Msg(None, r"^Currently set search path: ", example="Currently set search path: No path set"),
    ),
    group(
        "pico-sdk 1.x-2.x cmake/preload/toolchains/util/find_compiler.cmake pico_find_compiler() (1.x: .../toolchains/find_compiler.cmake)",
        # (rp2350-picotool2 s16) the cross compiler of PICO_COMPILER (arm-none-eabi-gcc; riscv32-unknown-elf-gcc / riscv32-corev-elf-gcc
        # ... for rp2350-riscv, joined by " / ") is neither under PICO_TOOLCHAIN_PATH nor on PATH: FATAL_ERROR, CMake stops
        # (pico-sdk#1991). The first name is the one to install
        Msg("tool_missing", r"Compiler '(?P<name>[\w.+-]+)(?: / [^']*)?' not found, you can specify search path with",
            strength="strong", fail=True, attrs={"via": "pico-sdk"},
            example="  Compiler 'arm-none-eabi-gcc' not found, you can specify search path with"),
    ),
    group(
        "macOS xcrun (no command line tools after an OS update)",
        Msg("tool_missing", r"^xcrun: error: invalid active developer path", strength="strong", fail=True,
            attrs={"name": "Xcode command line tools"},
            example="xcrun: error: invalid active developer path (/Library/Developer/CommandLineTools), missing xcrun at: /Library/Developer/CommandLineTools/usr/bin/xcrun"),
    ),
)


# a library (pkg-config name, header, -l name) -> the Debian/Raspberry Pi OS package with its development files
_DEV_PACKAGES = (
    ("libusb", "libusb-1.0-0-dev"), ("usb-1.0", "libusb-1.0-0-dev"), ("usb.h", "libusb-dev"), ("usb", "libusb-dev"),
    ("hidapi", "libhidapi-dev"), ("ftdi", "libftdi1-dev"), ("ffi", "libffi-dev"), ("python", "python3-dev"),
    ("gpiod", "libgpiod-dev"), ("udev", "libudev-dev"), ("readline", "libreadline-dev"),
)


def _dev_package(key: str) -> str:
    low = key.lower()
    return next((pkg for stem, pkg in _DEV_PACKAGES if low.startswith(stem) or low.startswith("lib" + stem)), key)


def package_of(module: str) -> str:
    """The package that provides an import name (`serial.tools` -> pyserial)."""
    top = module.split(".", 1)[0]
    return MODULE_PACKAGES.get(top, top)


def _w32_program(prog: str, cmd: str) -> tuple[str | None, str | None]:
    """The program of GNU make's "process_begin: CreateProcess(PROG, CMD, ...)": PROG when make found a path, else the first
    word of the command line (quoted or not), without its directory and .exe; and that word as written when it has a
    directory (a path in the Makefile: its typo, or a script run without its interpreter, is as likely as a missing tool)."""
    first = prog.strip() if prog.strip() != "NULL" else cmd.strip()
    word = re.match(r'"([^"]+)"|(\S+)', first)
    if not word:
        return None, None
    written = word.group(1) or word.group(2)
    name = re.split(r"[/\\]", written)[-1]
    return re.sub(r"(?i)\.exe$", "", name) or None, (written[:300] if re.search(r"[/\\]", written) else None)


@register
class ShellParser(TableParser):
    name = "shell"
    namespace = "shell"
    messages = MESSAGES
    hints = ("command not found", "not found", "not recognized", "no such file", "process_begin: createprocess", " (e=", "can't open ", "enoent", "error=2", "no module named",
             "module is required", "invalid active developer path", "unknown command", "library not loaded", "shared librar", ".dll",
             "pkg-config", "no package", "fatal error", "cannot find -l", "cannot run program", "fork/exec", "file does not exist", "falsch geschrieben", "reconnu", "reconoce", "riconosciuto",
             "reconhecido", "является", "benennung", "has no attribute", "requires pyserial", "name 'serial' is not defined", "bad cpu type", "exec format error", "not a valid win32",
             "enoexec", "system error -86", "not compatible with the version of windows", "dlopen(", "cannot open shared object",
             "could not find module", "no backend available", "winerror 126", "not installed?", "failed to find tool", "kind: notfound",
             "no such command: `", "no such subcommand: `",
             "is currently not installed", "which: no ", "no command '",  # (deepen-generic s19) command-not-found 0.2, GNU which
             "could not find executable for", "currently set search path",  # (daplink-mbed-particle s14) Mbed OS tools
             "visual c++", "unable to execute '",  # (byid-can-sd-tool s17) distutils/setuptools spawn
             "could not run `", "failed to run `", "the system library `", "0xc0000135", "1073741515", "3221225781", "0xc0000139",
             "1073741511", "3221225785", "0xc0000142", "1073741502", "3221225794", "0xc000007b", "1073741701", "3221225595",
             "symbol not found", "error=225", "error=226", "winerror 225", "winerror 226", "contains a virus",
             "to be available in path",  # (gather-host s20) STM32 for VSCode
             "spawnsync", "eacces", "trying to start process", "terminal process", "终端进程",
             # (gather-host s20) translated bash/sudo "command not found" and glibc ENOENT (lower-cased)
             "nicht gefunden", "introuvable", "no encontrad", "ei löydy", "ei löytynyt", "non trovato", "não encontrado", "не найдена",
             "не знайдено", "nie znaleziono", "niet gevonden", "nenalezen", "finns inte", "hittades inte", "見つかりません", "未找到命令",
             "找不到命令", "指令找不到", "nem található", "komut yok", "ikke fundet", "찾을 수 없음", "negăsită", "nenájdený",
             "aucun fichier ou dossier", "no existe el fichero", "tiedostoa tai hakemistoa", "non esistente", "inexistente",
             "нет такого файла", "nie ma takiego", "bestaat niet", "neexistuje", "ファイルやディレクトリ", "没有那个文件", "沒有此一檔案",
             "немає такого", "nincs ilyen", "böyle bir dosya", "ingen sådan fil", "ingen slik fil", "그런 파일이나", "nu există un astfel",
             "不是内部或外部命令", "不是內部或外部命令", "内部コマンドまたは外部コマンド", "내부 또는 외부 명령", "项识别为 cmdlet", "は、コマンドレット", "용어가 cmdlet")  # (rp-usb s10) Node spawnSync/EACCES, .NET Process.Start
    event_kinds = ("tool_missing",)
    MAX_EVENTS: ClassVar[int] = 200
    _w32_pending: tuple[str | None, str | None] | None = None  # make's process_begin line: the program it could not start

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        if ev is None:
            if "_cmd" in m.re.groupindex:  # GNU make's "process_begin: CreateProcess(PROG, CMD, ...) failed." names the program
                self._w32_pending = _w32_program(m.group("_prog"), m.group("_cmd"))
            return
        if ev["kind"] == "tool_missing" and not ev.get("name") and row.pattern.startswith("^(?:g?make|mingw32-make)"):
            # (other-tools review s25) via "make-w32": TOOL001 reads it with Windows' advice (PATH, the recipe's path, a
            # script's interpreter), not a distribution's package
            name, written = self._w32_pending or (None, None)
            ev["name"] = name or "the program of the recipe line"
            ev["via"] = "make-w32"
            if written:
                ev["path"] = written
            self._w32_pending = None
        for alt in ("name2", "name3"):  # one row, alternative wordings of the same name
            if alt in ev:
                ev["name"] = ev.pop(alt)
        if ev["kind"] == "library_missing":
            # a library's development files are a missing tool too (TOOL001), named by the package to install
            header = str(ev.pop("header", "") or "")
            lib = str(ev.pop("lib", "") or "")
            key = ev.get("name") or header or lib
            ev["kind"] = "tool_missing"
            ev["name"] = _dev_package(str(key))
            ev["text"] = f"development files of {key}"
        if ev["kind"] == "module_missing":
            # a missing module is a missing tool: TOOL001 judges both alike
            ev["kind"] = "tool_missing"
            ev["name"] = package_of(str(ev.pop("module", "")))
            ev["text"] = f"Python module {m.group('module')}"
        if ev.get("reason") == "wrong_arch" and not ev.get("name"):
            ev["name"] = "the program"
        if ev.get("reason") == "antivirus" and not ev.get("name"):
            ev["name"] = "the upload tool"
        if not ev.get("name") and str(ev.get("text") or "").startswith("DLL"):
            ev["name"] = "a DLL the program needs"  # (windows-macos s9) the loader's NTSTATUS rows name no file
        name = str(ev.get("name") or "")
        if split_path_fragment(name):
            ev["reason"] = "path_split"
        elif name in _BASE_SYSTEM and not ev.get("reason"):
            ev["reason"] = "sandbox"
        if "/" in name or "\\" in name:
            ev["path"] = name
            ev["name"] = re.split(r"[/\\]", name)[-1]
        if len(self.events) > self.MAX_EVENTS:
            self.events.pop()

    def summary(self) -> dict[str, Any]:
        names = list(dict.fromkeys(str(e.get("name")) for e in self.events if e.get("kind") == "tool_missing"))
        return {"success": False, "error": ", ".join(names)[:200]} if names else {}

    def finish(self) -> dict[str, Any]:
        if not self.events:
            return {}
        return {self.namespace: {"runs": [self.run(**self.summary())]}}
