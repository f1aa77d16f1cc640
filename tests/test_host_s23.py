"""(host s23) Families the first-contact threads of the host round (Windows/macOS wordings, host-side wrappers) showed:

- esp-idf-monitor and idf.py monitor open a Windows COM port in its device-namespace form `\\\\.\\COM4`, and pyserial's
  message prints it through `{!r}`, doubling the backslashes (`'\\\\\\\\.\\\\COM4'`): the Access-is-denied of that form is
  the same busy COM port as `'COM4'` (SER003), not a Unix group (SER004).
- "works if you run it as sudo" is the same tell-tale as "works with sudo" (claims said_works_only_as_root: SER004 on a tty).
- Windows Device Manager's status "Device Descriptor Request Failed" quoted alone, in the Windows display languages
  (German "Fehler beim Anfordern einer Gerätebeschreibung"...): a failed enumeration (USB002).
- Simplify3D's Communication tab (parsers/printer_hosts.py): READ:/RECEIVED: lines of bytes no G-code firmware sends and no
  reply in its words are the connection's baud rate against the firmware's (SER007).
- The Arduino IDE 1.x / PuTTY Windows-1252 drawing of wrong-rate bytes scattered among ASCII ones (serial_monitor.py: SER007),
  not a Western sentence with accents.
- A wiring list or sentence joining TX to TX / RX to RX (claims said_tx_to_tx): the UART is not crossed (SER006).
- macOS 10.x IOUSBFamily timing out a transfer to address 0: the Mac never got the device descriptor (USB002).
- "no COM port shows up", "no boards are found", the Port menu greyed out, said flat with nothing on the bus pasted: no USB
  data connection (USB001), not when brltty's lines are there (SER001).

Texts marked "from the source's format" are written from the tool's output, the others are lines of real threads."""

from __future__ import annotations

from textkit import first, kinds, serious


# a line of idf-eclipse-plugin#1115 (esp-idf-monitor 1.5.0 on Windows)
_MONITOR_DOUBLED = (
    "--- esp-idf-monitor 1.5.0 on \\\\.\\COM4 115200\n"
    "could not open port '\\\\\\\\.\\\\COM4': PermissionError(13, 'Access is denied.', None, 5)\n"
    "--- Connection to \\\\.\\COM4 failed. Available ports:\n"
    "COM4\n")
# from the source's format: the single-backslash form and the missing-port form
_MONITOR_SINGLE = "could not open port '\\\\.\\COM7': PermissionError(13, 'Access is denied.', None, 5)\n"
_MONITOR_MISSING = "could not open port '\\\\\\\\.\\\\COM9': FileNotFoundError(2, 'The system cannot find the file specified.', None, 2)\n"


def test_doubled_device_namespace_port_is_a_busy_com_port() -> None:
    assert "serial_port_busy" in kinds(_MONITOR_DOUBLED, "serial")
    assert first(_MONITOR_DOUBLED) == "SER003"


def test_single_backslash_form_still_busy() -> None:
    assert first(_MONITOR_SINGLE) == "SER003"


def test_doubled_form_missing_port_is_no_such_port() -> None:
    assert "serial_no_such_port" in kinds(_MONITOR_MISSING, "serial")
    # (review s23) forms only the widened rows read (HEAD: serial_open_failed, serial_io_error); from the source's format
    assert "serial_no_such_port" in kinds("SerialException: could not open port '\\\\\\\\.\\\\COM9': File not found\n", "serial")
    assert first("could not open port '\\\\\\\\.\\\\COM4': WindowsError(5, 'Zugriff verweigert')\n") == "SER003"


# a line of raspberrypi/pico-examples#286 (minicom on a Pico's /dev/ttyACM0, Ubuntu 22.04)
_WORKS_IF_SUDO = ("Had similar issue, and noticed that `minicom -b 115200 -o -D /dev/ttyACM0` works if you run it as sudo.\n"
                  "That is probably related to user restrictions.\n")


def test_works_if_run_as_sudo_names_the_tty_group() -> None:
    assert "said_works_only_as_root" in kinds(_WORKS_IF_SUDO, "claims")
    assert first(_WORKS_IF_SUDO) == "SER004"


def test_works_if_sudo_not_when_asked_advised_or_negated() -> None:
    for text in ("Does minicom on /dev/ttyACM0 work if you run it as sudo?\n",
                 "If it works when you run it as sudo on /dev/ttyACM0, add yourself to dialout.\n",
                 "Try whether minicom on /dev/ttyACM0 works if you run it with sudo.\n",
                 "minicom on /dev/ttyACM0 never works, not even if you run it as sudo.\n"):
        assert "said_works_only_as_root" not in kinds(text, "claims"), text


# a line of community.hobbyelektroniker.ch thread 305 (German Windows, Heltec board with a failed CP2102)
_GERMAN_DESCRIPTOR = ('Hilft mir das jetzt irgendwie weiter? An meinen installierten Treibern scheint es ja nicht zu liegen, '
                      'wenn Windows "Fehler beim Anfordern einer Gerätebeschreibung." meldet. Sind die Boards alle defekt?\n')


def test_windows_descriptor_request_failed_status_alone_in_german() -> None:
    assert "usb_descriptor_error" in kinds(_GERMAN_DESCRIPTOR, "windows")
    assert first(_GERMAN_DESCRIPTOR) == "USB002"


def test_windows_descriptor_request_failed_status_alone_other_languages() -> None:
    # from the source's format: Device Manager's status string in other Windows display languages, quoted alone
    for text in ("Windows affiche : Échec de la demande de descripteur de périphérique\n",
                 "Aparece: Error de solicitud de descriptor de dispositivo\n",
                 "显示设备描述符请求失败\n"):
        assert "usb_descriptor_error" in kinds(text, "windows"), text


# Simplify3D's Communication tab: lines of sambuls/MarlinOnTrinus#8 (macOS, CH340) and MarlinFirmware/Marlin#5373 (Windows)
_S3D_GARBAGE = (
    "Attempting connection at /dev/cu.wchusbserial1410...\n"
    "READ: þQJÿQBJPJpp$få]a>haÙzváJZôQÿQþ%x%@áé>`}ÉjKa7.aCP..aCKa*áJJðQHBþQPJðQHBp|X_aÜ6áMcYÒ>A\"Ü6W*&Ô62K7&Ck62K\n"
    "  Testing plaintext communication protocol...\n"
    "  Testing binary communication protocol...\n"
    "  Testing alternate communication protocols...\n"
    "  Attempting RTS reset and trying again...\n"
    "  Connection failed.\n")
_S3D_RECEIVED = (
    "Attempting connection at \\\\.\\COM5...\n"
    "RECEIVED: ánp|n6HÈp|Hn8]ÈZÌK%hÀonL]H+mJM^&ëHÈHÈxñJð^èJ@óm³7÷è-L\n"
    "RECEIVED: &]+mBOVwD«P|Â³HsH6FñJJJJKHJàIFñ:fH/^7l\n"
    "RECEIVED: I&HN~L\n")
# from the source's format: the same connection at the firmware's rate (readable replies), and a garbled first line
# followed by the firmware's own words (the rate is right: the first bytes were a reset's noise)
_S3D_OK = ("Attempting connection at COM3...\n"
           "READ: start\n"
           "READ: echo:Marlin 2.0.9.3\n"
           "SENT: M105\n"
           "READ: ok T:21.4 /0.0 B:21.1 /0.0 @:0 B@:0\n")
_S3D_NOISE_THEN_TEXT = ("Attempting connection at COM3...\n"
                        "READ: ÿþÿ\x00ÿ\n"
                        "READ: start\n"
                        "READ: ok\n")


def test_simplify3d_garbled_replies_are_a_baud_mismatch() -> None:
    assert "host_reply_garbled" in kinds(_S3D_GARBAGE, "serial")
    assert first(_S3D_GARBAGE) == "SER007"
    assert first(_S3D_RECEIVED) == "SER007"


def test_simplify3d_readable_replies_are_no_baud_problem() -> None:
    assert "host_reply_garbled" not in kinds(_S3D_OK, "serial")
    assert "SER007" not in serious(_S3D_OK)
    assert "SER007" not in serious(_S3D_NOISE_THEN_TEXT)


def test_connection_failed_alone_is_not_simplify3d() -> None:
    assert "host_connect_failed" not in kinds("Connection failed.\n", "serial")


# a wiring table of tuct/levoit#43 (ESP32 behind a Waveshare USB-TTL adapter, esptool "no serial data received")
_WIRED_TX_TO_TX = ("Esp32-J1 | USB to TTL (waveshare)\n"
                   "1[TX]    | TXD\n"
                   "2[RX]    | RXD\n"
                   "3[GND]   | GND\n")


def test_wiring_tx_to_tx_is_an_uncrossed_uart() -> None:
    assert "said_tx_to_tx" in kinds(_WIRED_TX_TO_TX, "claims")
    assert first(_WIRED_TX_TO_TX) == "SER006"


def test_crossed_asked_or_corrected_wiring_is_not_tx_to_tx() -> None:
    for text in ("TX -> RX\n", "TX to RX and RX to TX\n", "Should TX go to TX?\n",
                 "TX to TX was wrong, I swapped them\n", "Make sure TX goes to RX, not TX to TX\n", "TXD0 RXD0 pins\n"):
        assert "said_tx_to_tx" not in kinds(text, "claims"), text


# the Arduino IDE 1.x Serial Monitor of MarlinFirmware/Marlin#5373 (Windows-1252 drawing of bytes read at another rate)
_MONITOR_CP1252 = ("ánP<nVH5Œèk<H.]áNp|$nHÌÈ+.p|H.8]«ˆZŒŒ%ˆh€ONL}H+MJm>&~‹H'ˆHÈxñJ3ð~èŠ\n"
                   "@“mó7—è-'\n"
                   "&§}+Mo6D«P|ÂóHHvf±J¤JJˆJˆHKHJàˆIñ:&ho^7l\n")


def test_scattered_windows_1252_garbage_is_a_wrong_rate() -> None:
    assert "serial_monitor_garbled" in kinds(_MONITOR_CP1252, "serial")
    assert first(_MONITOR_CP1252) == "SER007"


def test_western_sentences_with_accents_are_no_garbage() -> None:
    for text in ("Größe über Öl\n", "Téléchargement échoué « fichier »\n", "Temperatur: 23.5 °C, Luftfeuchte 40 %\n",
                 "Ça marche très bien, merci beaucoup à tous\n", "«Hola» ¿qué tal? ¡Bien!\n",
                 "Error de conexión — reintentando…\n"):
        assert "serial_monitor_garbled" not in kinds(text, "serial"), text


# from the source's format: macOS 10.x IOUSBFamily's EHCI driver timing out the transfer to a device still at address 0
_MAC_ADDR0 = ("USBF:    379206.265    AppleUSBEHCI::Found a transaction which hasn't moved in 5000 milliseconds on bus 0x1a, timing out! (Addr: 0, EP: 0)\n"
              "USBF:    379212.271    AppleUSBEHCI::Found a transaction which hasn't moved in 5000 milliseconds on bus 0x1a, timing out! (Addr: 0, EP: 0)\n")
# the same timeout to an addressed device's endpoint 2: no enumeration failure
_MAC_ADDR6_EP2 = "USBF:    379183.245    AppleUSBEHCI::Found a transaction past the completion deadline on bus 0x1a, timing out! (Addr: 6, EP: 2)\n"


def test_macos_address_zero_transaction_timeout_is_a_failed_enumeration() -> None:
    assert first(_MAC_ADDR0) == "USB002"


def test_macos_timeout_to_an_addressed_endpoint_is_not_enumeration() -> None:
    assert first(_MAC_ADDR6_EP2) != "USB002"


# lines of airrohr-firmware-flasher#39 (a cable without data lines) and MordFIdel/SOCORAD32#16
_NO_BOARDS_FOUND = ("I tried all my USB ports with three different cables. but the flasher keeps telling that no boards are found.\n"
                    "I even tested it on two PCs (Manjaro Linux and Windows 10) but nothing works.\n")
_NO_COM_PORT = "Drivers and ESP IDF installed, etc - no COM port shows up. Win 11.\n"


def test_no_port_or_board_ever_appears_is_no_usb_data_connection() -> None:
    assert "said_no_port_appears" in kinds(_NO_BOARDS_FOUND, "claims")
    assert first(_NO_BOARDS_FOUND) == "USB001"
    assert first(_NO_COM_PORT) == "USB001"


def test_no_port_not_when_asked_conditional_or_momentary() -> None:
    for text in ("Does no COM port show up?\n", "If no COM port shows up, install the CH340 driver.\n",
                 "No COM port appears until I press reset.\n", "Make sure no other COM port is listed.\n",
                 "Now the COM port shows up.\n", "The serial port only appears after I hold BOOT.\n"):
        assert "said_no_port_appears" not in kinds(text, "claims"), text


def test_no_port_with_brltty_in_the_log_stays_brltty() -> None:
    text = ("[ 1286.322347] usb 3-1: usbfs: interface 0 claimed by cp210x while 'brltty' sets config #1\n"
            "[ 1286.323072] cp210x ttyUSB0: cp210x converter now disconnected from ttyUSB0\n"
            "No serial port shows up in the Arduino IDE.\n")
    assert first(text) == "SER001"
    assert "USB001" not in serious(text)  # (review s23) the exclusion itself, not only the order


# from the source's format: usbipd-win's attach refused for a device never bound, and for a bus id with no device
_USBIPD_NOT_SHARED = "usbipd: error: Device is not shared; run 'usbipd bind --busid=1-4' as administrator first.\n"
_USBIPD_NO_BUSID = "usbipd: error: There is no device with busid '2-3'.\n"


def test_usbipd_attach_of_an_unshared_device_leaves_it_on_windows() -> None:
    assert first(_USBIPD_NOT_SHARED) == "BOOT006"
    assert first(_USBIPD_NO_BUSID) == "BOOT006"


# ---- (review s23) the read-only review's texts: each must stay clear of the row it was read by, or reach the right one ----

def test_review_no_port_appears_not_on_working_boards_or_conditions() -> None:
    for text in ("The serial port doesn't show any output, just a blank window at 115200.\n",
                 "Upload works fine on COM5 but the serial port doesn't show any data.\n",
                 "When no COM port appears, Windows needs the CH340 driver.\n"):
        assert "said_no_port_appears" not in kinds(text, "claims"), text
        assert "USB001" not in serious(text), text
    assert "said_no_port_appears" in kinds("The COM port doesn't show up at all.\n", "claims")
    assert "said_no_port_appears" in kinds("When I plug it in, no COM port shows up.\n", "claims")
    assert "said_no_port_appears" not in kinds("Whenever the COM port doesn't show up, I replug it.\n", "claims")
    # the board on the bus in what was pasted (a kernel's enumeration and driver lines, an `ls /dev/cu.*` listing)
    for text in ("[ 5121.330129] usb 1-1.2: new full-speed USB device number 5 using xhci_hcd\n"
                 "[ 5121.512044] usb 1-1.2: ch341-uart converter now attached to ttyUSB0\n"
                 "No serial port shows up in the Arduino IDE.\n",
                 "$ ls /dev/cu.*\n/dev/cu.Bluetooth-Incoming-Port\n/dev/cu.usbserial-1410\n"
                 "No serial port shows up in the Arduino IDE.\n"):
        assert "said_no_port_appears" in kinds(text, "claims"), text
        assert "USB001" not in serious(text), text
    # a Mac's own Bluetooth port alone is no board
    assert first("$ ls /dev/cu.*\n/dev/cu.Bluetooth-Incoming-Port\nNo serial port shows up in the Arduino IDE.\n") == "USB001"


def test_review_simplify3d_needs_its_connection_and_reads_firmware_words_first() -> None:
    for text in ("READ: b'\\x01\\x03\\x02\\x00\\x19\\xb8\\x44'\n",  # a Modbus debug print
                 "RECEIVED: ÿþ‡¤Æ packet rssi -87\n",  # a LoRa receiver's log
                 "Attempting connection at COM3...\nREAD: echo:Température buse 215°C → 220°C\n"):
        assert "host_reply_garbled" not in kinds(text, "serial"), text
        assert "SER007" not in serious(text), text
    # from the source's format: the escapes without Simplify3D's drawing of the bytes are no garbage either
    assert "host_reply_garbled" not in kinds("Attempting connection at COM3...\nREAD: \\x01\\x03\\x02\\x00\\x19\\xb8\n", "serial")


def test_review_pin_tables_are_not_tx_to_tx_wiring() -> None:
    for text in ("GPIO1 | U0TXD | TX\n", "| GPIO3 | U0RXD | RX |\n", "Pin 18 | TXD1 | TX1\n",
                 "| Pin | Pico | Adapter |\n| TX | TX (GP0) | RXD |\n| RX | RX (GP1) | TXD |\n",
                 "TX | TX (GP0) | RXD\nRX | RX (GP1) | TXD\n"):
        assert "said_tx_to_tx" not in kinds(text, "claims"), text
        assert "SER006" not in serious(text), text
    # the last two cells of a wider table joining TX to TX still are
    assert "said_tx_to_tx" in kinds("| ESP32 | GPIO1 | TX | TXD |\n", "claims")


def test_review_scattered_garbage_not_on_real_text() -> None:
    for text in ("«Où ça ?» — «Là !»\n", "¿Y tú? ¡Sí! ¿Qué? ¡Ya!\n", "Þú átt það, ég á þá\n", "© 2024 ® ™ § 3 ¶ 2\n",
                 "ÚÄÄÄÄÄÄÂÄÄÄÄÄÄÄ¿\n³ COM3 ³ CH340 ³\nÀÄÄÄÄÄÄÁÄÄÄÄÄÄÄÙ\n",  # a cp437 box table drawn in Latin-1
                 "Ã¤ Ã¶ Ã¼ ÃŸ\n",  # UTF-8 read as Windows-1252
                 "Íå óäàåòñÿ îòêðûòü ïîðò COM3. Îòêàçàíî â äîñòóïå.\n",  # cp1251 Russian read as Latin-1
                 "00000010  ff fe 89 a4 c6 8b 9b 95  99 83 88 d7 f7 bf a1 a9  |ÿþ‰¤Æ‹›•™ƒˆ×÷¿¡©|\n"):  # a hex editor's row
        assert "serial_monitor_garbled" not in kinds(text, "serial"), text
        assert "SER007" not in serious(text), text


def test_review_usbipd_refusal_overcome_by_a_later_attach() -> None:
    # from the source's format: attach refused, bind, attach again (past the check), then avrdude's own failure
    text = ("PS C:\\> usbipd attach --wsl --busid 1-4\n"
            "usbipd: error: Device is not shared; run 'usbipd bind --busid 1-4' as administrator first.\n"
            "PS C:\\> usbipd bind --busid 1-4\n"
            "PS C:\\> usbipd attach --wsl --busid 1-4\n"
            "usbipd: info: Using WSL distribution 'Ubuntu' to attach; the device will be available in all WSL 2 distributions.\n"
            "avrdude: stk500_getsync() attempt 10 of 10: not in sync: resp=0x00\n")
    assert "BOOT006" not in serious(text)


def test_review_macos_timeout_with_driver_address_and_seconds() -> None:
    # from the source's format: the kernel log line with the driver object's address, the wait in seconds or milliseconds
    for wait in ("5 seconds", "5000 milliseconds"):
        text = (f"kernel[0]: USBF: 58.191 AppleUSBUHCI[0xffffff8011a34000]::Found a transaction which hasn't moved in {wait} "
                "on bus 0x1a, timing out! (Addr: 0, EP: 0)\n")
        assert first(text) == "USB002", text


def test_review_permission_error_13_of_a_failed_device_is_not_busy() -> None:
    # from the source's format: pyserial's errno 13 with winerror 31 (ERROR_GEN_FAILURE), doubled and plain port forms
    for port in ("'\\\\\\\\.\\\\COM4'", "'\\\\.\\COM4'", "'COM4'"):
        text = f"could not open port {port}: PermissionError(13, 'A device attached to the system is not functioning.', None, 31)\n"
        assert "serial_port_busy" not in kinds(text, "serial"), text
        assert first(text) != "SER003", text


def test_review_works_as_sudo_not_a_guess() -> None:
    for text in ("It should work if you run it as sudo on /dev/ttyACM0.\n",
                 "It will work if you run it as sudo on /dev/ttyACM0.\n",
                 "It might work if you run it as sudo on /dev/ttyACM0.\n",
                 "It should work with sudo on /dev/ttyACM0.\n"):
        assert "said_works_only_as_root" not in kinds(text, "claims"), text


def test_review_descriptor_status_portuguese_polish_dutch() -> None:
    # from the source's format: Device Manager's status in more Windows display languages
    for text in ("Falha na Solicitação do Descritor do Dispositivo\n",
                 "Żądanie deskryptora urządzenia nie powiodło się\n",
                 "Windows meldt: Aanvraag voor apparaatdescriptor mislukt\n"):
        assert "usb_descriptor_error" in kinds(text, "windows"), text
