"""(fw-tool s23) Families the first-contact threads of the firmware/tool round showed:

- the ESP ROM's "invalid header: 0x........" read some other image's data at the bootloader offset (its four bytes
  differ): an app or merged image written at the wrong address (FW001), even without the ROM's reset line; an erased
  word (0xffffffff) or a stuck line (four equal bytes) alone stays what it was (blank or unreadable flash);
- the Pico SDK 2.x's CMake found no installed picotool it can use (Findpicotool.cmake's warning, pico_init_picotool()'s
  fatal "Incompatible picotool installation found", "No picotool found"): TOOL001;
- a flasher given a folder cut at a space as its image (esptool's "[Errno 2] No such file or directory: 'c:\\\\Users\\\\X'",
  avrdude's "can't open input file C:\\Users\\X: ..."): the wrapper split its command line; nothing is missing (not FW005's
  missing-image forms; GEN001 says what happened).

Texts marked "from the source's format" are written from the tool's output, the others are lines of real threads."""

from __future__ import annotations

from textkit import events, findings, first, serious


def _messages(text: str, fid: str) -> list[str]:
    return [f.message for f in findings(text) if f.id == fid]


# Fr4nkFletcher/ESP32-Marauder-Cheap-Yellow-Display#149: the app image written at 0x0 on an ESP32, then the boot loop
_FOREIGN_HEADER = "invalid header: 0x53004d41\n"
# from the source's format: the same line inside a boot loop, and the blank/stuck words alone
_FOREIGN_LOOP = "invalid header: 0x53004d41\ninvalid header: 0x53004d41\ninvalid header: 0x53004d41\n"
_BLANK_LOOSE = "invalid header: 0xffffffff\ninvalid header: 0xffffffff\n"
_STUCK_LOOSE = "invalid header: 0x15151515\ninvalid header: 0x15151515\n"


def test_foreign_header_alone_is_the_wrong_offset() -> None:
    assert first(_FOREIGN_HEADER) == "FW001"
    assert first(_FOREIGN_LOOP) == "FW001"
    (ev,) = [e for e in events(_FOREIGN_HEADER, "flash", "esptool") if e["kind"] == "esp_boot_header_invalid"]
    assert ev.get("foreign_header") is True


def test_blank_or_stuck_word_alone_is_not_read_as_an_offset() -> None:
    assert "FW001" not in serious(_BLANK_LOOSE)
    assert "FW001" not in serious(_STUCK_LOOSE)
    for text in (_BLANK_LOOSE, _STUCK_LOOSE):
        assert not any(e.get("foreign_header") for e in events(text, "flash", "esptool"))


def test_blank_word_in_a_rom_boot_log_still_fw001() -> None:
    # Fr4nkFletcher/ESP32-Marauder-Cheap-Yellow-Display#2 (the ROM's reset line above the loop): unchanged
    text = ("rst:0x10 (RTCWDT_RTC_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\ninvalid header: 0xffffffff\n"
            "invalid header: 0xffffffff\nets Jul 29 2019 12:21:46\n")
    assert first(text) == "FW001"


# raspberrypi/picotool#147 (pico-sdk 2.0.0): the CMake warning of every new project
_PICO_NO_INSTALLED = (
    "CMake Warning at /home/erfanium/Documents/pico-sdk/tools/Findpicotool.cmake:28 (message):\n"
    "  No installed picotool with version 2.0.0 found - building from source\n"
    "\n"
    "  It is recommended to build and install picotool separately, or to set\n"
    "  PICOTOOL_FETCH_FROM_GIT_PATH to a common directory for all your SDK\n"
    "  projects\n")
# from the source's format (pico-sdk 2.1.1 tools/CMakeLists.txt pico_init_picotool(), CMake's wrapped FATAL_ERROR)
_PICO_INCOMPATIBLE = (
    "CMake Error at /home/u/pico-sdk/tools/CMakeLists.txt:125 (message):\n"
    "  Incompatible picotool installation found: Requires version 2.1.1, you have\n"
    "  version 2.0.0\n"
    "\n"
    "  Update your installation, or set PICOTOOL_FORCE_FETCH_FROM_GIT to download\n"
    "  and build the correct version\n")
_PICO_NONE = "No picotool found\n"  # from the source's format


def test_pico_sdk_without_installed_picotool_is_tool001() -> None:
    assert first(_PICO_NO_INSTALLED) == "TOOL001"
    assert any("picotool" in m and "CMake package" in m for m in _messages(_PICO_NO_INSTALLED, "TOOL001"))
    (ev,) = [e for e in events(_PICO_NO_INSTALLED, "flash", "picotool") if e["kind"] == "tool_missing"]
    assert ev["via"] == "pico-sdk-picotool" and ev["expected"] == "2.0.0"


def test_pico_sdk_incompatible_or_no_picotool_is_tool001() -> None:
    assert first(_PICO_INCOMPATIBLE) == "TOOL001"
    (ev,) = [e for e in events(_PICO_INCOMPATIBLE, "flash", "picotool") if e["kind"] == "tool_missing"]
    assert ev["expected"] == "2.1.1" and ev["reason"] == "version"
    assert first(_PICO_NONE) == "TOOL001"


def test_picotool_forms_give_their_own_fix_and_no_picotool_found_is_a_warning() -> None:
    # (review s23) each pico-sdk form prints the picotool install steps, not the entry's `apt install stlink-tools ...`;
    # "No picotool found" is a plain message() of pico_init_picotool() before the SDK fetches picotool: a warning
    for text in (_PICO_NO_INSTALLED, _PICO_INCOMPATIBLE, _PICO_NONE):
        (f,) = [f for f in findings(text) if f.id == "TOOL001"]
        assert "cmake --install" in f.remediation["text"] and "picotool_DIR" in f.remediation["text"]
        assert not any("stlink-tools" in c for c in f.remediation.get("commands") or [])
    assert [f.severity for f in findings(_PICO_NONE) if f.id == "TOOL001"] == ["warning"]
    assert [f.severity for f in findings(_PICO_INCOMPATIBLE) if f.id == "TOOL001"] == ["error"]


# platformio/platform-espressif32#118 (user folder 'C:\Users\Martin Ger')
_ESPTOOL_SPLIT = (
    "Uploading .pioenvs\\lolin 32\\firmware.bin\n"
    "usage: esptool write_flash [-h] [--flash_freq {keep,40m,26m,20m,80m}]\n"
    "<address> <filename> [<address> <filename> ...]\n"
    "esptool write_flash: error: argument <address> <filename>: [Errno 2] No such file or directory: 'c:\\\\Users\\\\Martin'\n"
    "*** [upload] Error 2\n")
# from the source's format: the same message naming a real file that is not there
_ESPTOOL_MISSING = ("esptool write_flash: error: argument <address> <filename>: [Errno 2] No such file or directory: "
                    "'build/firmware.bin'\n")
# from the source's format (avrdude 6.3 fileio.c): a -U path cut at a space, and a real missing hex
_AVRDUDE_SPLIT = ("avrdude: reading input file \"C:\\Users\\First\"\n"
                  "avrdude: can't open input file C:\\Users\\First: No such file or directory\n"
                  "avrdude: read from file 'C:\\Users\\First' failed\n")
_AVRDUDE_MISSING = ("avrdude: reading input file \"blink.hex\"\n"
                    "avrdude: can't open input file blink.hex: No such file or directory\n"
                    "avrdude: read from file 'blink.hex' failed\n")


def test_esptool_image_path_cut_at_a_space_is_no_missing_image() -> None:
    (ev,) = [e for e in events(_ESPTOOL_SPLIT, "flash", "esptool") if e["kind"] == "image_missing"]
    assert ev.get("reason") == "path_split"
    assert not any("could not open the image" in m for m in _messages(_ESPTOOL_SPLIT, "FW005"))
    assert any("cut at a space" in m for m in _messages(_ESPTOOL_SPLIT, "GEN001"))


def test_esptool_really_missing_image_stays_fw005() -> None:
    (ev,) = [e for e in events(_ESPTOOL_MISSING, "flash", "esptool") if e["kind"] == "image_missing"]
    assert "reason" not in ev
    assert first(_ESPTOOL_MISSING) == "FW005"


def test_avrdude_input_path_cut_at_a_space() -> None:
    evs = [e for e in events(_AVRDUDE_SPLIT, "avrdude") if e["kind"] == "image_unreadable"]
    assert evs and all(e.get("reason") == "path_split" for e in evs)
    assert not any("could not read the firmware file" in m for m in _messages(_AVRDUDE_SPLIT, "FW005"))
    assert any("cut at a space" in m for m in _messages(_AVRDUDE_SPLIT, "GEN001"))
    assert first(_AVRDUDE_MISSING) == "FW005"
    assert not any(e.get("reason") for e in events(_AVRDUDE_MISSING, "avrdude") if e["kind"] == "image_unreadable")


# OpenOCD's own -f scripts use a command or parameter the binary lacks: its binary and scripts are of different versions
# ilg-archived/openocd#36 (GNU MCU Eclipse 0.10.0-10)
_OCD_INVALID_NAME = (
    "GNU MCU Eclipse 64-bit Open On-Chip Debugger 0.10.0+dev-00352-gaa6c7e9b (2018-10-20-06:18)\n"
    "srst_only separate srst_nogate srst_open_drain connect_deassert_srst\n"
    "/opt/gnu-mcu-eclipse/openocd/0.10.0-10-20181020-0522/bin/..//scripts/target/stm32h7x.cfg:102: Error: invalid command name \"stm32h7x.dap\"\n"
    "in procedure 'script' \n"
    "at file \"embedded:startup.tcl\", line 60\n")
# wuxx/nanoDAP#29 (a 0.12 build reading /usr/share/openocd's older target scripts)
_OCD_CHAIN_POSITION = (
    "Open On-Chip Debugger 0.12.0+dev-00271-g2c57d11c7-dirty (2023-07-19-20:04)\n"
    "DEPRECATED! use 'adapter driver' not 'interface'\n"
    "Info : auto-selecting first available session transport \"swd\". To override use 'transport select <transport>'.\n"
    "/usr/share/openocd/scripts/target/stm32f4x.cfg:45: Error: target requires -dap parameter instead of -chain-position!\n"
    "in procedure 'script' \n")
# from the source's format: a -c command the user mistyped is not a script mismatch
_OCD_TYPO = ("Open On-Chip Debugger 0.12.0\n"
             "Error: invalid command name \"programm\"\n"
             "in procedure 'programm'\n")


def test_openocd_script_of_another_version_is_named() -> None:
    for text, name in ((_OCD_INVALID_NAME, "stm32h7x.dap"), (_OCD_CHAIN_POSITION, "-chain-position")):
        (ev,) = [e for e in events(text, "openocd") if e["kind"] == "script_version_mismatch"]
        assert ev["name"] == name
        assert any("different OpenOCD versions" in m for m in _messages(text, "GEN001"))


def test_openocd_typo_in_a_command_is_not_a_script_mismatch() -> None:
    assert not [e for e in events(_OCD_TYPO, "openocd") if e["kind"] == "script_version_mismatch"]


def test_pico_sdk_fetch_warning_is_a_warning_below_a_later_error() -> None:
    found = findings(_PICO_NO_INSTALLED)
    assert found[0].id == "TOOL001" and found[0].severity == "warning"
    # from the source's format: the SDK built picotool itself, then the link of the application failed
    text = _PICO_NO_INSTALLED + (
        "Downloading Picotool\n"
        "/usr/lib/gcc/arm-none-eabi/13.2.1/../../../arm-none-eabi/bin/ld: blink.elf section `.text' will not fit in region `FLASH'\n"
        "/usr/lib/gcc/arm-none-eabi/13.2.1/../../../arm-none-eabi/bin/ld: region `FLASH' overflowed by 5816 bytes\n"
        "collect2: error: ld returned 1 exit status\n")
    assert first(text) == "FW004"



# ---- (fw-tool review s23) the reviewer's texts (/tmp/rv23fw), each from the source's format ----

# an application's own log line of the same words is no ROM boot header (ESPHome component, ESP-IDF app, MCUboot)
_ESPHOME_APP_LOG = ("[12:34:56][I][app:100]: ESPHome version 2024.6.0 compiled on Jun 20 2024\n"
                    "[12:34:57][D][sensor:094]: Sending state 21.5\n"
                    "[12:34:58][W][ld2402:088]: Invalid header: 0x0a0bf1f2\n"
                    "[12:34:59][D][sensor:094]: Sending state 21.6\n")


def test_an_application_log_line_of_invalid_header_is_no_foreign_boot_header() -> None:
    for text in (_ESPHOME_APP_LOG, "W (1234) ld2402: Invalid header: 0x12345678\n", "mcuboot: invalid header: 0x12345678\n",
                 # an app's line in the text: an app ran, so a ROM-like line below is no boot that found no bootloader
                 "I (312) app_main: started\ninvalid header: 0x53004d41\n"):
        assert "FW001" not in [f.id for f in findings(text) if f.severity == "error"], text
        assert not any(e.get("foreign_header") for e in events(text, "flash", "esptool")), text
    # the ROM's line behind a serial monitor's timestamp stays the ROM's
    assert first("12:34:56.789 -> invalid header: 0x53004d41\n") == "FW001"


def test_near_erased_word_and_known_file_magics_are_not_foreign() -> None:
    for word in ("0xffffff3f", "0x464c457f", "0x0a324655", "0x4f44213c"):  # near-erased, ELF, UF2, "<!DO" (a web page)
        text = f"invalid header: {word}\ninvalid header: {word}\n"
        assert not any(e.get("foreign_header") for e in events(text, "flash", "esptool")), word
        assert "FW001" not in serious(text), word
    # two 0xff bytes are still data
    assert any(e.get("foreign_header") for e in events("invalid header: 0xffff0a3f\n", "flash", "esptool"))


_PIO_PROJECT_SPLIT = (
    "Looking for upload port...\n"
    "Uploading C:\\Users\\bob\\Documents\\PlatformIO\\Projects\\ESP32 Wifi Controller\\.pio\\build\\esp32dev\\firmware.bin\n"
    "usage: esptool write_flash [-h] <address> <filename> [<address> <filename> ...]\n"
    "esptool write_flash: error: argument <address> <filename>: [Errno 2] No such file or directory: "
    "'C:\\\\Users\\\\bob\\\\Documents\\\\PlatformIO\\\\Projects\\\\ESP32'\n"
    "*** [upload] Error 2\n")
_ESP_NAMED = "esptool write_flash: error: argument <address> <filename>: [Errno 2] No such file or directory: '{}'\n"


def test_a_project_folder_with_a_space_shown_in_the_text_is_a_split_command_line() -> None:
    assert first(_PIO_PROJECT_SPLIT) == "GEN001"
    assert any("cut at a space" in m for m in _messages(_PIO_PROJECT_SPLIT, "GEN001"))
    assert "FW005" not in serious(_PIO_PROJECT_SPLIT)
    for longer, frag in (("/home/pi/My Project/.pio/build/esp32dev/firmware.bin", "/home/pi/My"),
                         ("C:\\Users\\Martin\\OneDrive - Contoso\\Arduino\\build\\fw.bin", "C:\\\\Users\\\\Martin\\\\OneDrive")):
        text = f"Uploading {longer}\n" + _ESP_NAMED.format(frag)
        (ev,) = [e for e in events(text, "flash", "esptool") if e["kind"] == "image_missing"]
        assert ev.get("reason") == "path_split", text
    # alone, nothing shows the longer path: a missing image as before (FW005)
    for frag in ("/home/pi/My", "C:\\\\Users\\\\Martin\\\\OneDrive"):
        assert first(_ESP_NAMED.format(frag)) == "FW005"
    # a real missing file named again in another sentence is no cut path
    text = "build/firmware.bin was not found in /home/pi\n" + _ESP_NAMED.format("build/firmware.bin")
    assert first(text) == "FW005"


def test_a_linux_or_macos_user_folder_is_no_cut_path() -> None:
    # Linux and macOS user names hold no space: /home/john given as the image is a folder given as it is
    for text in ("avrdude: can't open input file /home/john: Is a directory\n",
                 "avrdude: can't open input file /home/john: No such file or directory\n"):
        assert not any(e.get("reason") for e in events(text, "avrdude") if e["kind"] == "image_unreadable"), text
        assert not any("cut at a space" in m for m in _messages(text, "GEN001")), text
    assert _ESP_NAMED.format("/Users/john") and first(_ESP_NAMED.format("/Users/john")) == "FW005"
    # a Windows user folder that exists ("Is a directory") is no cut path either; the 7.x wording of a cut one is
    assert not any(e.get("reason") for e in events("avrdude: can't open input file C:\\Users\\First: Is a directory\n", "avrdude")
                   if e["kind"] == "image_unreadable")
    assert first("avrdude error: cannot open input file C:\\Users\\First: No such file or directory\n") == "GEN001"
    assert first("avrdude: can't open input file C:/Program: No such file or directory\n") == "GEN001"


def test_shell_split_program_path_uses_the_shared_pattern() -> None:
    # cmd.exe's form (byid-common s16) unchanged, now through _common.split_path_fragment, doubled backslashes too
    from doctor.parsers import shell
    assert not hasattr(shell, "_SPLIT_PATH")
    ev = [e for e in events("'C:\\Users\\pc' is not recognized as an internal or external command,\n", "shell") if e["kind"] == "tool_missing"]
    assert ev and ev[0].get("reason") == "path_split"


_OCD_USER_TYPO = ("Open On-Chip Debugger 0.12.0\nLicensed under GNU GPL v2\n"
                  "myboard.cfg:4: Error: invalid command name \"transprot\"\nin procedure 'script'\n"
                  "at file \"embedded:startup.tcl\", line 26\n")


def test_openocd_user_script_error_is_no_version_claim() -> None:
    for text in (_OCD_USER_TYPO, "Open On-Chip Debugger 0.12.0\nopenocd.cfg:7: Error: invalid command name \"stm32f1x.cpu\"\n"):
        msgs = _messages(text, "GEN001")
        assert any("does not know" in m and "typo or ordering error" in m for m in msgs), text
        assert not any("different OpenOCD versions" in m for m in msgs), text
        (f,) = [f for f in findings(text) if f.id == "GEN001"]
        assert "<next>" not in f.remediation.get("text", "") and "Open the script" in f.remediation["text"]
    # embedded:startup.tcl is compiled into the binary (a -c typo), and -expected_id is a typo of -expected-id
    for text in ("Open On-Chip Debugger 0.12.0\nembedded:startup.tcl:1516: Error: invalid command name \"programm\"\n"
                 "in procedure 'programm'\n",
                 "Open On-Chip Debugger 0.12.0\nmy_chip.cfg:3: Error: Unknown param: -expected_id, try one of: -irlen, -irmask, "
                 "-ircapture, -enable, -disable, -expected-id, -ignore-version, -ignore-bypass\n"):
        assert not [e for e in events(text, "openocd") if e["kind"] == "script_version_mismatch"], text


def test_openocd_shipped_script_mismatch_names_its_fix() -> None:
    for text in (_OCD_INVALID_NAME, _OCD_CHAIN_POSITION):
        (f,) = [f for f in findings(text) if f.id == "GEN001"]
        assert "<next>" not in f.remediation.get("text", "") and "openocd --version" in f.remediation["text"]


def test_path_split_form_names_its_fix() -> None:
    (f,) = [f for f in findings(_ESPTOOL_SPLIT) if f.id == "GEN001"]
    assert "<next>" not in f.remediation.get("text", "") and "without spaces" in f.remediation["text"]


def test_a_full_path_holding_a_space_is_a_missing_file_not_a_cut() -> None:
    # (review s23 texts) the whole path, space and all, reached the tool: the file is missing (FW005)
    avr = ("avrdude: reading input file \"C:\\Users\\First Last\\blink.hex\"\n"
           "avrdude: can't open input file C:\\Users\\First Last\\blink.hex: No such file or directory\n"
           "avrdude: read from file 'C:\\Users\\First Last\\blink.hex' failed\n")
    esp = _ESP_NAMED.format("C:\\\\Users\\\\Martin Ger\\\\fw.bin")
    assert first(avr) == "FW005" and first(esp) == "FW005"
    assert not any(e.get("reason") for e in events(avr, "avrdude") if e["kind"] == "image_unreadable")
    # a user's own .tcl: the general wording, no version claim
    ocd = ("Open On-Chip Debugger 0.10.0\nInfo : auto-selecting first available session transport \"swd\".\n"
           "build.tcl:12: Error: invalid command name \"set_flash_size\"\n")
    assert any("does not know" in m for m in _messages(ocd, "GEN001"))
