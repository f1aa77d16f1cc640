"""Session 22, tool-host round: the families the first-contact threads of TOOL001, USB001/003/004/005 and SER002/003
showed missing (docs in the rows' and conditions' comments).

Tool lines here are written from the source's format (glibc ld.so, lld, Windows' loader dialog, esc-configurator's
Web Serial message); the prose sentences are the shapes people write, not copies of the held-out threads."""

from __future__ import annotations

from textkit import findings, first, kinds


def _cue(text: str) -> list[str]:
    from doctor import derive
    from textkit import facts

    snap = facts(text)
    return [c["cue"] for c in derive.failure_cues(snap)]


# --- library_missing: the loader found the library but not a symbol (another version than the tool was built for) ---

def test_glibc_symbol_lookup_error_is_a_tool_library_mismatch() -> None:
    # from the source's format: glibc elf/dl-lookup.c via _dl_signal_error, "%s: symbol lookup error: %s: undefined symbol: %s"
    text = "./zorbflash: symbol lookup error: ./zorbflash: undefined symbol: libusb_set_option\n"
    assert _cue(text) == ["library_missing"]
    assert first(text) == "TOOL001"


def test_windows_procedure_entry_point_is_a_tool_library_mismatch() -> None:
    # from the source's format: the Windows loader's dialog text as people copy it
    text = "zorbflash.exe - Entry Point Not Found\nThe procedure entry point libusb_set_option could not be located in the dynamic link library libusb-1.0.dll.\n"
    assert first(text) == "TOOL001"


def test_a_link_steps_undefined_symbol_and_macos_dlsym_are_not_the_library_cue() -> None:
    # lld's own error (a build that failed to link) and pyserial's dlsym on Big Sur (GEN001 threads in tests/cases)
    assert "library_missing" not in _cue("ld.lld: error: undefined symbol: main\n")
    assert "library_missing" not in _cue("ValueError: dlsym(RTLD_DEFAULT, kIOMasterPortDefault): symbol not found\n")


# --- the failure scan: "already in use by another ..." is a failure, and the port_busy cue names it ---

def test_port_already_in_use_by_another_application_is_the_port_held() -> None:
    # from the source's format: esc-configurator's message when Web Serial's open() is refused
    assert first("Port already in use by another application\n") == "SER003"


def test_a_socket_address_already_in_use_is_not_a_serial_port_held() -> None:
    assert first("OSError: [Errno 98] Address already in use\n") != "SER003"


# --- USB005: the 16U2's DFU bootloader name as people copy it ---

def test_atmega16u2_dfu_name_run_together_or_hyphenated() -> None:
    for name in ("atmega16u2DFU", "ATmega16U2-DFU", "ATmega16U2 DFU"):
        text = f'In Devices and Printers my new Mega shows up as "{name}" and there is no COM port.\n'
        assert first(text) == "USB005", name


# --- USB001: the host never noticed the board being plugged in ---

def test_host_does_not_see_the_board_plugged_in() -> None:
    for text in ("Neither laptop sees the board being plugged into the USB port.\n",
                 "My PC doesn't even see it when I plug it in, so a COM port is never created.\n",
                 "Auch taucht im Gerätemanager kein unbekanntes Gerät auf.\n"):
        assert first(text) == "USB001", text


def test_windows_not_recognising_the_device_is_not_this_claim() -> None:
    # Windows' "USB device not recognized" is an enumeration that failed (USB002), not nothing on the bus
    assert "said_not_seen_on_plug" not in kinds("Windows does not recognize the device when I plug it in.\n", "claims")


# --- USB004 / SER004: works only as root ---

def test_works_only_with_sudo_on_a_usb_probe_is_a_missing_udev_rule() -> None:
    for text in ("OpenOCD starts now. But only when executing with root privileges.\n",
                 "The error is that no CMSIS-DAP device can be found. It only worked if I used `sudo`.\n",
                 "The programmer does not work without sudo.\n"):
        assert first(text) == "USB004", text


def test_works_only_with_sudo_on_a_serial_port_is_the_group() -> None:
    assert first("Opening /dev/ttyACM0 only works with sudo.\n") == "SER004"


def test_sudo_that_does_not_help_is_not_the_claim() -> None:
    for text in ("It does not work even with sudo.\n", "I also tried with sudo, only the same error.\n"):
        assert "said_works_only_as_root" not in kinds(text, "claims"), text


# --- SER002: ModemManager named as what took the port ---

def test_modemmanager_named_as_taking_the_port() -> None:
    for text in ("Sorry for the noise. ModemManager was hogging /dev/ttyACM0 and made it unavailable to minicom.\n",
                 "Stellt sich heraus, dass der Modem Manager sich die Device greift.\n"):
        assert first(text) == "SER002", text


def test_modemmanager_ruled_out_is_not_the_claim() -> None:
    for text in ("I don't think ModemManager is grabbing the port, it isn't even installed.\n",
                 "It is not ModemManager interfering here.\n"):
        assert "said_modemmanager_holds" not in kinds(text, "claims"), text


def test_a_healthy_sentence_about_plugging_in_is_quiet() -> None:
    found = findings("I plugged the board in and the computer sees it as COM5; uploading works.\n")
    assert not [f for f in found if f.severity in ("error", "warning")]


def test_a_connection_that_breaks_during_upload_is_a_failure_not_silence() -> None:
    found = findings("When I flash through my USB-serial adapter the connection breaks randomly at 6-12% of the upload.\n")
    assert found and found[0].severity in ("error", "warning")
    assert not [f for f in findings("If the connection drops, the tool retries the block.\n") if f.severity in ("error", "warning")]


def test_works_with_sudo_said_without_only() -> None:
    assert first("The probe is listed by lsusb. Flashing works fine with sudo.\n") == "USB004"
    assert first("With sudo it works, as my user the programmer is never found.\n") == "USB004"
    for text in ("It does not work, not even with sudo.\n", "Nothing works with sudo either, neither as root.\n"):
        assert "said_works_only_as_root" not in kinds(text, "claims"), text


# --- (review s22) the four prose rows share one guard (claims._STATED): no question, advice or condition ---

def test_modemmanager_asked_advised_or_denied_is_not_the_claim() -> None:
    for text in ("Could it be ModemManager grabbing the port?\n", "Is ModemManager interfering with the port\n",
                 "Maybe ModemManager is hogging /dev/ttyACM0\n", "You should check whether ModemManager claims the port.\n",
                 "I removed ModemManager and it still fails. ModemManager was not hogging it.\n",
                 "ModemManager claims to support this modem.\n", "Ist ModemManager das Problem, der sich die Device greift?\n",
                 "Der ModemManager blockiert den Port nicht, er ist deinstalliert.\n"):
        assert "said_modemmanager_holds" not in kinds(text, "claims"), text
    assert "said_modemmanager_holds" in kinds("Turns out ModemManager claims the port as soon as it appears.\n", "claims")


def test_modemmanager_named_is_a_warning() -> None:
    found = findings("Sorry for the noise. ModemManager was hogging /dev/ttyACM0 and made it unavailable to minicom.\n")
    assert found[0].id == "SER002" and found[0].severity == "warning"


def test_german_device_manager_with_a_qualified_noun_or_a_port_there_is_not_the_claim() -> None:
    for text in ("Im Gerätemanager nichts Auffälliges, der Port COM5 ist da.\n",
                 "Im Gerätemanager kein Gerät mit gelbem Ausrufezeichen, COM3 ist vorhanden.\n",
                 "Im Gerätemanager keinen Eintrag gefunden?\n"):
        assert "said_not_in_device_manager" not in kinds(text, "claims"), text
    assert first("Im Gerätemanager nichts, auch nicht unter Andere Geräte.\n") == "USB001"


def test_not_seen_on_plug_as_advice_question_or_exception_is_not_the_claim() -> None:
    for text in ("Make sure the COM port is never assigned to another device.\n",
                 "The computer doesn't see it when I plug it in? Check the cable.\n",
                 "Neither computer sees the board being plugged in? Did you try another cable?\n",
                 "None of my computers see the board unless it is plugged in with the original cable, which works.\n",
                 "The laptop doesn't see it when plugged into the hub, only directly.\n"):
        assert "said_not_seen_on_plug" not in kinds(text, "claims"), text


def test_works_with_sudo_asked_or_as_a_condition_is_not_the_claim() -> None:
    for text in ("Does it work with sudo?\n", "Works with sudo? Then add a udev rule.\n",
                 "If it works with sudo, it's a udev problem.\n", "it only works when I run it as root? that is odd\n",
                 "Did it work with sudo. Try that.\n"):
        assert "said_works_only_as_root" not in kinds(text, "claims"), text


def test_works_only_with_sudo_said_of_a_serial_upload_is_the_group() -> None:
    for text in ("I am in the dialout group and avrdude only works with sudo.\n", "The Arduino IDE upload only works with sudo.\n",
                 "Opening the port as my user fails, with sudo it works fine.\n"):
        assert first(text) == "SER004", text


def test_connection_drops_as_condition_plural_wifi_or_past_is_quiet() -> None:
    for text in ("Tip: if your connection drops, use a shorter cable.\n", "Connection drops are retried automatically\n",
                 "Serial connection breaks are logged to klippy.log\n", "My connection drops a lot with the wifi but the upload is fine.\n",
                 "The connection dropped once last week but today everything works fine.\n"):
        assert not [f for f in findings(text) if f.severity in ("error", "warning")], text


def test_in_use_denied_a_probe_or_a_tcp_port_is_not_the_serial_port_held() -> None:
    assert not [f for f in findings("The port was not in use by another process.\n") if f.severity in ("error", "warning")]
    for text in ("The J-Link is already in use by another process (J-Link Commander).\n",
                 "Failed to start GDB server: port 61234 is already in use by another application\n"):
        assert first(text) == "GEN001", text


def test_library_missing_ordinal_german_dialog_and_not_a_linker_line() -> None:
    # from the source's format: the Windows loader dialog's ordinal wording, and its German text
    assert first("The ordinal 242 could not be located in the dynamic link library libusb0.dll.\n") == "TOOL001"
    assert first('Der Prozedureinsprungpunkt "libusb_set_option" wurde in der DLL "zorbflash.exe" nicht gefunden.\n') == "TOOL001"
    assert "library_missing" not in _cue("wasm-ld: error: main.o: undefined symbol: foo\n")


def test_atmega8u2_dfu_name() -> None:
    for name in ("ATmega8U2 DFU", "ATmega8U2DFU"):
        assert first(f"My Uno shows up as {name} in Device Manager.\n") == "USB005", name


def test_a_question_in_another_sentence_of_the_line_does_not_hide_the_claim() -> None:
    assert first("Die IDE meldet, dass der Port belegt sei. Ich war das nicht. WTF? Stellt sich heraus, dass der Modem Manager "
                 "sich die Device greift.\n") == "SER002"
