"""(gather-host s20) Host-side forms a gathering round found missed: bash/sudo/glibc under a non-English locale, STM32 for
VSCode's PATH check, an avrdude too old for -U's file format letter, and an ESP-IDF port set to Device Manager's label."""

from __future__ import annotations

import pytest

from textkit import events, findings, first


# --- bash/sudo "command not found" and glibc ENOENT, translated (bash 4.4-5.3 po, sudo po, glibc libc.po) ---

@pytest.mark.parametrize("line, name", [
    ("bash: ./st-info: Tiedostoa tai hakemistoa ei ole", "st-info"),  # Arduino_STM32#173 (fi)
    ("bash: ./bossac: Datei oder Verzeichnis nicht gefunden", "bossac"),
    ("bash: ./bossac: Aucun fichier ou dossier de ce type", "bossac"),
    ("bash : ./bossac : Aucun fichier ou dossier de ce nom", "bossac"),
    ("bash: ./avrdude: No existe el fichero o el directorio", "avrdude"),
    ("bash: ./st-flash: Нет такого файла или каталога", "st-flash"),
    ("bash: ./st-flash: 没有那个文件或目录", "st-flash"),
    ("bash: ./st-flash: そのようなファイルやディレクトリはありません", "st-flash"),
    ("bash: ./dfu-util: Arquivo ou diretório inexistente", "dfu-util"),
    ("./upload.sh: Zeile 2: /opt/tools/st-flash: Datei oder Verzeichnis nicht gefunden", "st-flash"),
    ("bash: st-flash: Kommando nicht gefunden.", "st-flash"),
    ("bash: avrdude: commande introuvable", "avrdude"),
    ("bash: avrdude: orden no encontrada", "avrdude"),
    ("bash: dfu-util: komentoa ei löydy", "dfu-util"),
    ("bash: dfu-util: comando non trovato", "dfu-util"),
    ("bash: picotool: команда не найдена", "picotool"),
    ("bash: picotool: 未找到命令", "picotool"),
    ("bash: picotool: コマンドが見つかりません", "picotool"),
    ("sudo: st-flash: Befehl nicht gefunden", "st-flash"),
    ("sudo: st-flash：找不到命令", "st-flash"),
    ("./flash.sh: Zeile 3: st-flash: Kommando nicht gefunden.", "st-flash"),
    ("./flash.sh: 第 3 行：st-flash：未找到命令", "st-flash"),
    ("./flash.sh: 3 行: st-flash: コマンドが見つかりません", "st-flash"),
])
def test_translated_shell_messages_name_the_missing_tool(line: str, name: str) -> None:
    evs = [e for e in events(line, "shell") if e["kind"] == "tool_missing"]
    assert [e["name"] for e in evs] == [name]
    assert first(line) == "TOOL001"


@pytest.mark.parametrize("line", [
    "bash: /dev/ttyUSB0: Datei oder Verzeichnis nicht gefunden",  # a port, not a program
    "bash: /run/udev/rules.d/69-x.rules: Datei oder Verzeichnis nicht gefunden",  # a redirection's target
])
def test_translated_enoent_for_no_program_is_no_missing_tool(line: str) -> None:
    assert not [e for e in events(line, "shell") if e["kind"] == "tool_missing"]


# --- STM32 for VSCode 1.x (src/init.js) ---

@pytest.mark.parametrize("line, name", [
    ('This extension requires: "st-flash" to be available in PATH, please install make for your specific environment', "st-flash"),
    ('This extension requires: "arm-none-eabi-gcc" to be available in PATH, please install arm-none-eabi for your specific environment',
     "arm-none-eabi-gcc"),
    ('This extension requires: "openocd" to be available in PATH, see: http://openocd.org/getting-openocd/ for more info', "openocd"),
])
def test_stm32_for_vscode_path_check(line: str, name: str) -> None:
    assert [e["name"] for e in events(line, "shell")] == [name]
    assert first(line) == "TOOL001"


# --- avrdude -U file format letters (update.c / fileio.c) ---

@pytest.mark.parametrize("line, fmt", [
    ("invalid file format 'e' in update specifier", "e"),  # avr-rust/blink#21, avrdude 5.10
    ("avrdude: invalid file format 'e' in update specifier", "e"),
    ("avrdude: invalid file format 'I' in update specifier", "I"),  # 7.0 and older do not know :I
    ("avrdude error: invalid file format :R in -U flash:w:x.hex:R; known formats are", "R"),  # 7.2-7.3 wording
    ("avrdude error: invalid file format :e; known formats are", "e"),  # 8.x wording
])
def test_avrdude_format_newer_than_the_tool_is_too_old_a_tool(line: str, fmt: str) -> None:
    evs = [e for e in events(line, "avrdude") if e["kind"] == "format_unsupported"]
    assert [e["format"] for e in evs] == [fmt]
    assert first(line) == "TOOL001"


def test_avrdude_without_elf_support_is_too_limited_a_tool() -> None:
    line = "avrdude: can't handle ELF file blink.elf, ELF file support was not compiled in"
    assert first(line) == "TOOL001"
    assert first("avrdude error: cannot handle ELF file blink.elf, ELF file support was not compiled in") == "TOOL001"


def test_avrdude_unknown_letter_is_a_typo_not_an_old_tool() -> None:
    line = "avrdude: invalid file format 'x' in update specifier"
    assert [e["format"] for e in events(line, "avrdude") if e["kind"] == "format_unsupported"] == ["x"]
    assert "TOOL001" not in [f.id for f in findings(line)]


def test_avrdude_immediate_for_output_is_not_a_format_letter() -> None:
    line = "avrdude error: invalid file format 'immediate' for output"
    assert not [e for e in events(line, "avrdude") if e["kind"] == "format_unsupported"]


# --- ESP-IDF legacy make with Device Manager's label as the port ---

def test_espidf_make_flash_port_set_to_device_manager_label() -> None:
    # esp-idf#1294 (the shell broke on the label's parenthesis)
    text = """\
$ make flash
/bin/sh: -c: line 0: syntax error near unexpected token `('
/bin/sh: -c: line 0: `echo "Flashing binaries to serial port "USB Serial Port(COM21)" (app at offset 0x10000)..."'
make: *** [/home/student/esp-idf/components/esptool_py/Makefile.projbuild:54: flash] Error 1
"""
    assert first(text) == "SER005"
    assert "Device Manager" in findings(text)[0].message


def test_espidf_make_flash_with_a_com_name_is_no_fault() -> None:
    line = "Flashing binaries to serial port COM21 (app at offset 0x10000)..."
    assert not [e for e in events(line, "serial") if e["kind"] == "serial_no_such_port"]
    label = "Flashing binaries to serial port Silicon Labs CP210x USB to UART Bridge (COM3) (app at offset 0x10000)..."
    assert first(label) == "SER005"


@pytest.mark.parametrize("line", [
    "A fatal error occurred: Could not open USB Serial Port (COM21), the port doesn't exist",
    "A fatal error occurred: Could not open USB-SERIAL CH340 (COM3), the port is busy or doesn't exist.",
    "serial.serialutil.SerialException: could not open port 'USB-SERIAL CH340 (COM3)': FileNotFoundError(2, "
    "'The system cannot find the file specified.', None, 2)",
])
def test_esptool_and_pyserial_given_device_manager_label(line: str) -> None:
    assert first(line) == "SER005"
    assert "Device Manager" in findings(line)[0].message


def test_esptool_plain_com_name_keeps_its_own_reading() -> None:
    line = "A fatal error occurred: Could not open COM21, the port doesn't exist"
    assert not [e for e in events(line, "serial") if e.get("via") == "device-manager-label"]


@pytest.mark.parametrize("line", [
    "/usr/bin/env: „python“: Datei oder Verzeichnis nicht gefunden",
    "/usr/bin/env: « python » : Aucun fichier ou dossier de ce type",
    "/usr/bin/env: “python”: 没有那个文件或目录",
    "/usr/bin/env: «python»: No existe el fichero o el directorio",
])
def test_translated_env_interpreter_missing(line: str) -> None:
    assert [e["name"] for e in events(line, "shell")] == ["python"]
    assert first(line) == "TOOL001"


# --- a shell or coreutils line on a tty under a non-English locale (glibc strerror translated) ---

@pytest.mark.parametrize("line, fid", [
    ("bash: /dev/ttyUSB0: Keine Berechtigung", "SER004"),
    ("stty: /dev/ttyUSB0: Permiso denegado", "SER004"),
    ("bash: /dev/ttyACM0: Отказано в доступе", "SER004"),
    ("bash: /dev/ttyACM0: 权限不够", "SER004"),
    ("bash: Zeile 1: /dev/ttyACM0: Keine Berechtigung", "SER004"),
    ("cat: /dev/ttyAMA0: Das Gerät oder die Ressource ist belegt", "SER003"),
    ("cat: /dev/ttyAMA0: Périphérique ou ressource occupé", "SER003"),
])
def test_translated_strerror_on_a_tty(line: str, fid: str) -> None:
    assert first(line) == fid


def test_translated_enoent_on_a_tty_is_a_missing_port() -> None:
    line = "stty: /dev/ttyUSB0: Datei oder Verzeichnis nicht gefunden"
    assert [e["kind"] for e in events(line, "serial")] == ["serial_no_such_port"]
    assert not [e for e in events(line, "shell") if e["kind"] == "tool_missing"]
