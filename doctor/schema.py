"""The facts snapshot schema: every namespace, every field, every event kind.

This is the contract between probes and parsers (which write facts) and the knowledge base (whose
conditions read them). The knowledge loader rejects a condition that names a field not declared here,
or compares an event `kind` with a value not declared here, so a typo fails the knowledge test
instead of silently never matching.

Conventions: fact paths are dotted snake_case; VID and PID are lower-case 4-digit hex strings;
a namespace whose probe could not run has `status` = "unavailable" or "error" and a `reason`;
every fact that came from pasted text carries `origin` = "pasted" (live probes: "live").

Text-derived facts: a parser turns one block of tool output into a *run*: {tool, origin, source,
events: [...], plus summary fields}. Events are {kind, line, lineno, ...attributes}; `line` is the
exact text that is quoted as evidence.
"""

from __future__ import annotations

from typing import Any

SCHEMA_VERSION = 1

# Leaf types are given as strings for documentation: "str", "int", "float", "bool", "any".
# A list of objects is written as a one-element list holding the object's schema.

EVENT = {
    "kind": "str",
    "line": "str",
    "lineno": "int",
    "repeats": "int",  # identical events folded into this one (facts.collapse_repeats), with the last one's line
    "last_lineno": "int",
    "source": "str",
    "time": "float",
    # common attributes (which ones appear depends on the kind)
    "code": "int",
    "port": "str",
    "old": "str",  # claims: the port's earlier name in "shows up on ttyACM1 instead of ttyACM0"
    "vid": "str",
    "pid": "str",
    "product": "str",
    "manufacturer": "str",
    "serial": "str",
    "driver": "str",
    "tty": "str",
    "device": "str",
    "path": "str",
    "value": "any",
    "address": "int",
    "slave": "int",  # (modbus-rs485 s16) the Modbus slave (unit, device) id a request went to
    "mcu": "str",
    "command": "str",
    "tries": "int",
    "left": "int",  # dfu-util maple_upload dfu_retry: the tries it says remain ("Trying 4 more time(s)")
    "expected": "any",
    "blank": "bool",  # (probes-vendors s22) mplab device_id_invalid: the id read is 0 or all ones (the PIC never answered)
    "received": "any",
    "errno": "int",
    "interface": "str",
    "programmer": "str",
    "part": "str",
    "memory": "str",
    "mismatch_address": "int",
    "op": "str",  # pyocd transfer_fault: the access that faulted (read, write)
    "os": "str",  # (keyboards s7) keyboard_tools uf2_copy_os_error: the OS whose file copy printed it (macos)
    "process": "str",
    "pid_holder": "int",
    "unit": "str",
    "uuid": "str",
    "application": "str",
    "count": "int",
    "version": "str",
    "name": "str",
    "text": "str",
    "group": "str",
    "mode": "str",
    "owner": "str",
    "voltage": "float",
    "idcode": "str",
    "coreid": "str", "chipid": "str",  # stlink.py unknown_coreid
    "lost": "bool",  # openocd.py: a poll of an examined target failed (it was reached, then lost)
    "size": "int",
    "state": "str",
    "reason": "str",  # klippy.log: an MCU's shutdown reason
    "addr": "str",  # (micropython s11) esptool boot log: the offset in the ESP ROM's "flash read err, 1000"
    "rom_boot": "bool",  # (lead s11) esptool boot log: the header error came with the ROM's reset line or banner
    "foreign_header": "bool",  # (fw-tool s23) esptool boot log: the ROM's "invalid header: 0x..." read data of some other image (its four bytes differ), not an erased or unreadable flash
    "recovered": "bool",  # (micropython s11) esptool boot log: an invalid-header loop the same paste shows booting after
    "transaction": "str",  # (keyboards-stm32-rp s11) qmk console: the split transaction that failed
    "signal": "str",  # (klipper-host s11) klipper_build: the signal a compiler pass or a make recipe died of (Killed, Segmentation fault)
    "board": "str",  # flash-sdcard: the board name
    "speed": "str",  # kernel usb_new_device / usb_reset: full, high, superspeed...
    "origin": "str",  # live | pasted | watch (events a live probe or `doctor watch` observed)
    # attributes the producer-side test (tests/test_schema_producers.py) found undeclared
    "adapter": "str",  # jlink / openocd: the debug adapter named
    "target": "str",  # flash, dfu-util: what the tool was pointed at
    "baud": "int",
    "garbage_baud": "int",  # (ecosystems s25) claims: the rate at which the serial output was said to be garbage (said_baud_garbage_other_works; baud = the rate that read well)
    "bus": "int",
    "index": "int",  # openocd: the adapter's index in its list
    "uid": "str",  # openocd / pyocd: a probe's unique id
    "board_target": "str",  # pyocd: the target its board id implies
    "before": "str",  # works_only_with_sudo: the earlier line the same command failed with as a user
    "option": "str",  # avrdude: the option it rejected
    "verified": "bool",
    "module": "str",  # modprobe / CAN: the kernel module named
    "outdated": "bool",  # platformio: its udev rules file is outdated
    "preferred": "str",  # qmk-toolbox: the driver the device should have (WinUSB)
    "error": "str",  # can kernel log: the bitrate error the controller reports ("0.3%")
    "bus_state": "str", "rx_error": "int", "tx_error": "int", "rise": "int",  # klippy.log canbus_stats (Stats lines, 2025+)
    "libusb": "str",  # wb32-dfu-updater: the libusb error name it reports (LIBUSB_ERROR_ACCESS)
    "env": "str",  # platformio: the environment a summary-table line names
    "excess": "str",  # micronucleus: how many bytes the program is over the bootloader's space
    "cmd": "str",  # arduino-cli: the command that could not be run (exec: "<cmd>")
    "step": "str",  # micronucleus: the step that failed ("Flash erase", "Flash write", "Run")
    "reply": "str", "garbled": "bool",  # (ecu-tuning s15) python-OBD: the adapter's reply as logged (a repr), and whether it is bytes with no ELM text
    "property": "str",  # arduino-cli / IDE 2: the platform property an upload needs and the board package lacks ("upload.tool.serial")
    "newer": "bool", "version_note": "str",  # micronucleus: a bootloader version newer than the tool knows, and its note for the message
    "mcuid": "int",  # avrdude urclock: the bootloader's mcuid that avrdude's uP_table does not know
    # programmer / bootloader tools (stlink, openocd, dfu-util, avrdude, make flash, pio, wally)
    "role": "str",  # the device table's role of the VID:PID the event names
    "role_name": "str",
    "extra_bits_only": "bool",  # avrdude verify mismatch: the device's byte only has bits set that the input has clear
    "page_aligned": "bool",  # (avr s7) avrdude verify mismatch: the first differing address is on a 256-byte boundary
    "extra_mask": "int",  # (avr s7) avrdude verify mismatch: the bits the device set that the input has clear (0xc0: a lock byte's unused bits 6-7)
    "was": "int", "now": "int",  # (avr-isp s12) avrdude safemode "fuse changed! Was X, and is now Y": the two values
    "bits_subset": "bool",  # (avr-isp s12) avrdude safemode fuse changed: one value has only bits the other has too (unused bits read back otherwise)
    "chip": "str", "flasher": "str", "host": "str", "sudo": "bool",  # (longtail s6c) esptool: the chip named, the flasher (espflash, esptool-ck); mdloader: the host the binary is for (linux, mac, windows) and whether it ran under sudo
    "rst": "int",  # (stuck-boot s22) esptool.py esp_rom_download_boot / esp_rom_boot: the ESP8266 ROM's "rst cause:N" (1 power-on, 2 reset pin, 3 software, 4 watchdog); `mode` is then its boot-mode digit
    "reset": "str",  # (stuck-boot s22) esptool.py esp_rom_usb_download_boot: the ESP32 ROM's USB-side reset reason (USB_UART_CHIP_RESET, USB_JTAG_HPSYS...)
    "printable": "bool",  # (longtail s6c) esptool Invalid head of packet: the byte that came back is printable ASCII (application text, not SLIP)
    "sketch_text": "str",  # avrdude not-in-sync replies that read as text (a running sketch's output): the bootloader never took the sync
    "baud_text": "str",  # (intl-printer s7) OctoPrint garbled reply: " at <baud> baud" when the rate read at is known
    "resp_value": "int",  # avrdude not-in-sync: the reply byte as a number (avr-c s6c)
    "java_serial": "bool",  # (homeauto-de s13) openHAB Z-Wave binding serial_notfound/serial_inuse: nrjavaserial's NoSuchPort/PortInUse, not an errno
    "invalid_name": "bool",  # (astronomy s15) pyserial on Windows: CreateFile refused the port string itself (winerror 123): no COM port name
    "foreign_os": "str",  # a serial port name of another OS (a /dev/ path on Windows, COMn on Linux/macOS): "windows" or "posix", where it ran
    "builtin_port": "str",  # (serial-host s10b) the port is the computer's own, never a board's: "bluetooth" (macOS cu.*-SPP/-SP/Bluetooth-Incoming-Port, Linux rfcomm) or "macos-internal" (debug-console, wlan-debug)
    "file_vid": "str", "file_pid": "str",  # dfu-util File ID mismatch: the vendor/product ids the image's DFU suffix names
    "ptype": "str",  # avrdude paged_fallback_unsupported: the programmer type whose byte-wise fallback is missing (butterfly)
    "dfu": "bool",  # stm32cubeprogrammer stlink_error: printed while closing a USB DFU session (no ST-Link involved)
    "sector": "int",  # (spent-c s10) stm32cubeprogrammer dfu_erase_failed: the flash sector whose USB DFU erase failed
    "other_vendor": "bool",  # dfu-util File ID mismatch: the image's DFU suffix names another vendor id than the device's
    "after_success": "bool",  # stm32flash: a ROM failure after an earlier run of the paste wrote through the same port
    "retry_ok_baud": "int",  # (other-tools s25) esptool: the --baud of another attempt in the paste that wrote the image, this one failed at "baud"
    "after_unprotect": "bool",  # (other-tools s25) wchisp flash_protected: read back protected after the run's own "Code Flash unprotected"
    "ended_by": "str",  # (other-tools review s25) wchisp flash_protected of a flash command: the command's own "Error: ..." of another cause that stopped it
    "unfinished": "bool",  # a wait the paste ends in (QMK's "Waiting for /dev/ttyACM0 to become writable....." never ended)
    "empty": "bool",  # QMK Toolbox "Flash complete" right after "Attempting to flash", no flasher output between (avr-keyboard s6)
    "bootloader_id": "bool",  # Sonix ISP tool: the device it talked to has Sonix's boot loader vendor id (0C45) (keyboards s7)
    "app": "str",  # the keyboard configurator app that ran dfu-util (chrysalis, kiibohd-configurator) (keyboards s7)
    "app_id": "bool",  # QMK Toolbox called a device "Caterina" whose id is the running application, not the bootloader (keyboards s7)
    "console_used": "bool",  # QMK Toolbox's "HID console connected" with the keyboard's console output under it, or a text saying the console is in use / flashing works (kbd-dev s22 review)
    "nosd_said": "bool",  # INFO_UF2.TXT's "SoftDevice: not found" in a block whose prose names a no-SoftDevice build or says the firmware runs (kbd-dev s22 review)
    "odd_name": "bool",  # dfu-programmer could not open a .hex whose name has spaces, %20 or parentheses (keyboards2 s9)
    "several": "bool", "remapped": "bool",  # QMK's avrdude target: two ports appeared at once / MSYS-WSL renamed /dev/ttyS<n> COM<n+1> (keyboard-b s6)
    "format": "str", "flasher": "str",  # QMK Toolbox "Only firmware files in .bin format can be flashed with dfu-util!" (keyboard-b s6)
    "option": "str",  # a flasher took an option it does not know for its file name ("error opening -mmcu=...") (keyboard-b s6)
    "needed": "str",  # (keyboards s25) qmk build_error: the build product whose prerequisite make had no rule for ("needed by 'elf'")
    "lines_ok": "bool",  # avrdude AVRISP mkII/STK600 connection status with no line fault flagged ("Unknown status 0x00")
    "answer": "int",  # avrdude usbasp program enable: the firmware's reply byte (1: the chip did not answer; 0: no byte came back over USB)
    "echo": "str",  # avrdude usbtiny -vv: the third reply byte to program enable (ac 53 00 00), 53 when the chip took it; stlink chip_id_unknown: what a failed 1.x id read echoed ("address", "dhcsr_key", "aircr_key")
    "loader": "str",  # teensy table: which HID loader printed the line ("bootloadhid": obdev's bootloadHID)
    "via": "str",  # which exchange an event was read from (avrdude: "usbtiny program enable")
    "search_failed": "bool",  # (audit s11) kiauh_no_mcu: KIAUH's search command itself failed ("Unable to find a USB DFU device!")
    "garbled_lines": "int",  # (stackexchange s9) serial monitor rows of undecodable bytes (U+2E2E) no readable output followed
    "kext": "str",  # (stackexchange s9) the macOS driver extension id kextd refused (com.FTDI.driver.FTDIUSBSerialDriver)
    "host_uart": "bool", "broken": "bool",  # (platformio s9) the upload port is the host's own UART (ttyS*, ttyAMA*, COM1/2); a tool package folder PlatformIO cannot read
    "auto_detected": "bool",  # (platformio-community s18) PlatformIO chose the upload port itself ("Auto-detected: COM1"), nobody gave it
    "pin": "str",  # openocd GPIO adapters (linuxgpiod): the signal whose line could not be claimed (swclk, swdio, srst) (swd-b s6)
    "stage": "str",  # stlink-tools: which step of the connect failed ("enter_swd": the probe's ENTER_SWD command) (swd-b s6)
    "serial_echo": "bool",  # avrdude signature made only of serial-bootloader reply bytes (0x0d0d0d): another program wrote to the port
    "strings_matched": "bool",  # avrdude USB programmer not found although a device with the wanted vendor/product strings was seen
    "after_sync": "bool",  # (audit-avr-dfu s18) avrdude 7.0-8.x main.c's "unable to open port X for programmer Y" after a failed sync, no OS error: not a port open failure
    "strings_other": "str",  # (thin-other s9) avrdude -vv saw the programmer's VID:PID with other vendor/product strings than it wants (a clone: -c usbasp-clone)
    "hid_open_failed": "bool",  # (arduino-boards s11) hid-flash 2.2.1 crashed after "device is found !": hid_open() gave NULL
    "code_only": "bool",  # (audit-esp-nrf-updi s11) espflash connection_failed read from its miette code alone (no cause line in the block)
    "other_part": "bool",  # avrdude signature mismatch: the signature read is a genuine AVR's (0x1e9xyy), another part than -p
    "usb_id": "bool",  # avrdude serial open failure: the "port" is a USB vendor:product id (make flash FLASH_DEVICE=2e8a:0003)
    "phase": "str", "expect": "str", "byte": "str",  # (intl-c s7) avrdude STK500v1 protocol error: "transfer" during page writes/reads; the reply byte expected (0x14 sync, 0x10 OK) and which
    "rsp": "str",  # avrdude jtagmkII: the programmer's response code to a command (RSP_ILLEGAL_MCU_STATE, RSP_NO_TARGET_POWER)
    "record": "int",  # avrdude input file: the line of the hex/S-record file that could not be read
    "missing": "bool",  # avrdude input file: the file could not be opened at all
    "plausible": "bool",
    "clock_speed": "bool",  # (thin-boot s15) klippy mcu_clock_mismatch: the two MHz are HC32F460's two Clock Speed choices (168/200)
    "mem_ap": "bool",  # openocd dp_connect_failed: no MEM-AP found (on nRF5x: APPROTECT)
    "iface": "int", "cls": "int", "subclass": "int", "num": "str", "fw": "str",  # openocd cmsis_dap_wrong_class (the USB interface OpenOCD took and its class), jlink debug_pin_stuck (pin number), WCH-Link firmware (debug-probes s9)
    "cidr": "str",  # pyocd rom_table_garbage: the component id register value read where a ROM table should be (debug-probes s9)
    "status": "str",  # (s9) edbg's transfer status (7: no answer), WebDFU's final DFU status code, as printed
    "exc": "str",  # (keyboards2 s9) vial-gui: the Python exception class of its error dialog
    "kernel": "str",  # (windows-macos s9) usbipd/WSL: the kernel release usbip was not found for
    "session_note": "bool",  # (healthy-fw s24) avrdude main.c's closing "USB access errors detected" note (a session's summary, not one open)
    "retried_kind": "str",  # (healthy2 s9) avrdude sync_retried: the kind the retried attempt had (not_in_sync, programmer_not_responding)
    "busid": "str", "filter": "str",  # (windows-macos s9) usbipd: the bus id an attach failed for; a USB filter driver it warns of
    "ob": "str",  # (st-community s9) STM32CubeProgrammer: the option byte (WRP/PCROP...) whose read-back differs
    "image": "str",  # (daplink-mbed-particle s14) openocd DAPLink FAIL.TXT rows: a DAPLink interface firmware file named on the line (0254_k20dx_frdmkl25z_0x8000.bin)
    "transport": "str",  # openocd transport_selected: the session transport OpenOCD auto-selected ("hla_swd", "dapdirect_swd", "swd (dapdirect)")
    "ack": "str",  # pyocd dp_connect_failed: the SWD acknowledge the probe got ("none": no ACK at all, the target did not answer; "power": the ST-Link's debug power-up request went unacknowledged)
    "bluetooth": "bool",  # avrdude serial open failures: the port is a Bluetooth serial port (macOS cu.*Bluetooth*, Linux rfcomm)
    "dev_path_doubled": "bool",  # bossac 1.3a-1.6.1 bootloader_not_found on a full /dev/ path: it opened "/dev/" + that path
    "link_lost": "bool",  # (misc-b s6) bossac flash_write_failed from SambaError: the serial link to SAM-BA broke mid-transfer
    "foreign": "bool",  # stm32cubeprogrammer dfu_device: the USB DFU device is not ST's ROM bootloader (its strings say so)
    "wanted": "str",  # openocd adapter_open_failed: the probe family its interface script looked for (cmsis-dap, jlink, stlink)
    "resp": "str", "func": "str", "over": "int", "limit": "int", "bootloader": "str", "retry": "bool", "retried": "bool", "benign": "bool", "id": "str", "what": "str", "of": "str",  # avrdude not-in-sync byte and function; image size over its limit; QMK bootloader kind
    "total": "int",  # (deepen-generic s19) klipper_build build_overflow: the region size the Arm linker reports (L6220E "size (N bytes) exceeds limit")
    "file": "str", "bytes": "int", "usage": "str", "lineno_hex": "str",  # teensy_loader_cli: the image it read, its size, its share of flash; the hex line it could not parse
    "flash_size": "int", "block": "int", "erase_window": "bool",  # (boot-dfu s10) teensy_loader_cli: the MCU's flash (bytes / usage); the block whose write failed (its dots); a write that timed out in the erase window
    "answered": "bool",  # (boot-dfu s10) adafruit-nrfutil dfu_no_ack: the device sent bytes (a later step was printed, or the port closed on the timeout): a bootloader did answer
    "rdp": "str", "level": "any",  # stm32cubeprogrammer RDP option byte value (0xAA: level 0) and the protection level it means
    "feature": "str",  # klippy: the feature an MCU with deprecated code lacks (STEPPER_STEP_BOTH_EDGE)
    "family": "str", "built_for": "str",  # picotool: a UF2 family name (rp2040, rp2350-arm-s...) and the chip its code is for
    "stick": "str", "pinned_baud": "bool",  # (home-automation s12) GCFFlasher: the radio stick it talks to (conbee1/2/3); universal-silabs-flasher: a probe pinned to one --baudrate
    "listed": "bool",  # (zigbee-thread-dongles s14) GCFFlasher: a stick its own -l listing showed (with its path)
    "card": "str",  # (printer-sd-screens s14) RepRapFirmware sd_mount_failed / sd_init_failed: the SD slot number (0 the board's own)
    "bad": "bool",  # mdloader md_applet_missing: the applet file is there but unusable ("Applet binary too small!")
    "named": "str",  # (rp2040-sd s11) uf2-drive uf2_rom_chip_mismatch: the chip the person names the board as (the ROM's INFO_UF2.TXT says `mcu`)
    "where": "str", "start": "int", "start_hex": "str", "at": "str", "which": "str", "page": "str",  # dfu-util address_not_writeable: where the address lies (past_end, protected, outside, other_memory, empty), the download's start, the address in hex, "Last"/"First" or "Page at"
    "slot": "str",  # (byid-fw-boot s17) mcuboot: the slot (primary, secondary) an image_invalid / image_built_for_other_offset names
    "host": "str", "type": "str",  # dfu-util: the host its command ran on ("windows" for dfu-util.exe or a C:\ path); a DfuSe memory segment's r/e/w type
    "read": "str",  # stlink chip_id: the message the id came from ("unknown_chip_id": st-flash/st-util 1.x "unknown chip id! 0")
    "fail": "bool",  # the message reports a failure (a message table's `fail` row); GEN001 quotes unexplained ones  # st-link chip_id_unknown: the value looks like a real (clone or newer) STM32 device id, not a failed read
}

RUN = {
    "tool": "str",
    "events_omitted": "int",  # events of a very long block left out (Parser.KEEP_RECENT_EVENTS: the first of each, the latest kept)
    "repeats": "int",  # the same output was pasted this many times (facts.collapse_repeats)  # st-info, st-flash, st-util, openocd, dfu-util, avrdude, flashtool, make-flash, flash-sdcard, ...
    "origin": "str",
    "source": "str",
    "argv": ["str"],
    "command": "str",
    "returncode": "int",
    "status": "str",
    "stdout": "str",
    "stderr": "str",
    "duration": "float",
    "error": "str",
    "events": [EVENT],
    "extra": "any",
    # summary fields a parser may set (judged by rules)
    "success": "bool",
    "version": "str",
    "version_code": "int",  # avrdude: major*100+minor of `version` (701 for 7.1), for rules that depend on the release
    "tpi_unsupported": "bool",  # (avr-isp s12) avrdude: a USBasp answered a TPI-only part with the SPI program enable (firmware without TPI)
    "mentions": ["str"],  # avrdude: what the poster's own words around the paste name (usbtiny, nano, old-bootloader...)
    "commands": [{"programmer": "str", "part": "str", "device": "str", "baud": "int", "lineno": "int"}],  # avrdude: each command line of a block that holds several (sbc-hosts s11)
    "wrapper": "str",  # avrdude: "arduino" when the Arduino IDE / arduino-cli ran it (their avrdude or avrdude.conf path, an IDE verdict in the output)
    "programmer": "str",
    "part": "str",
    "mcu": "str",
    "chipid": "str",
    "flash_size": "int",
    "voltage": "float",
    "device": "str",
    "baud": "int",
    "interface": "str",
    "connect_under_reset": "bool",
    "hot_plug": "bool",  # (st-community s9) stm32cubeprog.py: the run attached in Hot Plug mode (no reset of the target)
    "hot_plug_only": "bool",  # (st-community s9) stm32cubeprog.py: in the same log a resetting connect failed and a Hot Plug one identified the device
    "dfu": "bool",  # (spent-c s10) stm32cubeprog.py: the run's log shows the USB DFU interface's own commands (DfuSe erase / address lines)
    "found": "int",
    "serial": "str",
    "target": "str",
    "address": "int",
    "download_complete": "bool",
    "verified": "bool",
    "written": "bool",
    "leave": "bool",
    "sudo": "bool",  # dfu-util, dfu-programmer: the command line ran it with sudo (access to the USB node is not what failed)
    "launcher": "str",  # (homeauto-de s13) dfu-programmer run started by another program's service: "fhem" (FHEM CULflash, as the fhem user)
    "uuid": "str",
    # Katapult flashtool / flash-sdcard summaries
    "binary_mcu": "str",
    "binary_version": "str",
    "block_size": "int",
    "failed_command": "str",
    "crashed": "str",  # flashtool.py: a Python error of the tool itself (ValueError ...), not a failure of the device
    "vanished_after_flash": "bool",  # flashtool.py: a completed CAN flash whose node a later query in the paste no longer finds
    "left_waiting": "bool",  # flashtool.py: a bootloader request (-r) that no later flash of the paste follows
    "others_flashed": "bool",  # flashtool.py: with left_waiting, the same paste flashes other boards
    "request_ignored": "bool",  # (board-vendors s13) flashtool.py: a CAN request (-r) whose node a later query still lists as its application
    "stalled": "str",  # (can-katapult s11) flashtool.py: "connect" when a flash's output stops before CONNECT answered, with no error or result
    "mode": "str",  # flashtool.py: request (-r), query (-q), status (-s); absent for a flash
    "image": "str",  # (deepen-klipper-fw s19) flashtool.py: the file it flashed (-f, "Flashing '<path>'...")
    "board": "str",
    "boards": ["str"],
    "card": {  # flash-sdcard's "SD Card Information" block
        "version": "str", "sdhc": "bool", "write_protected": "bool", "sectors": "int", "capacity": "str",
        "capacity_gib": "float", "fs_type": "str", "product_name": "str", "manufacturer_id": "str", "volume_label": "str",
    },
    # active probes (checks/stlink.py, checks/dfu.py): which step of the probe sequence this run was
    "probe_step": "str",  # plain | openocd-init | under-reset | list
    "target_found": "bool",  # the run reached the target (a plausible STM32 chip id; openocd init succeeded)
    "only_under_reset": "bool",  # on the under-reset run: it found the target and the plain run did not
    "unknown_to_tool": "bool",  # st-info: an STM32-range chip id with no descr/dev-type line and flash 0 (stlink.py)
    "onboard_probe": "bool", "examined": "bool", "answered_after_failure": "bool", "clone_suspect": "str", "clone_flash": "str", "coreid": "str",  # SWD: openocd.py, stlink.py
    "debug_units_zero": "bool",  # (spent-f s10) openocd.py: "hardware has 0 breakpoints, 0 watchpoints": the core's FPB/DWT read as zero
    "image_past_flash": "str",  # (swd-avr s23) openocd.py: the first address "no flash bank found" skipped in an STM32's flash window past the probed flash size (only with a printed, non-zero "flash size =")
    "config_family": "str", "config_mismatch": "str",  # (swd s7) openocd.py: the target config's STM32 family, and how the chip's core or device id contradicts it
    "sketch_text": "str",  # avrdude: printable text found in the bytes read back
    "chip": "str", "probe": "str",  # debug-probe runs (openocd.py, probe_rs.py): the target chip named (--chip, target/rp2040.cfg) and the probe family used
    "legacy": "bool", "garbled": "bool",  # (arduino-forum-arm s18) artemis_svl.py: the 1.0.x cores' script wording; a bootloader packet that came whole but failed its CRC
}

USB_INTERFACE = {
    "number": "int",
    "alt": "int",
    "class": "str",
    "subclass": "str",
    "protocol": "str",
    "driver": "str",
    "name": "str",
}

USB_DEVICE = {
    "vid": "str",
    "pid": "str",
    "bcd_device": "str",
    "manufacturer": "str",
    "product": "str",
    "serial": "str",
    "bus": "int",
    "address": "int",
    "port_path": "str",
    "sysfs_path": "str",
    "speed": "str",
    "driver": "str",
    "device_class": "str",
    "interfaces": [USB_INTERFACE],
    "dfu": {
        "version": "str",
        "attributes": "int",
        "detach_timeout": "int",
        "transfer_size": "int",
        "alt_names": ["str"],
        "memory": [{"alt": "int", "name": "str", "start": "int", "size": "int", "sectors": "any"}],
    },
    "devnode": "str",
    "can_open": "bool",
    "node_mode": "str",
    "node_owner": "str",
    "node_group": "str",
    "role": "str",  # a key of knowledge/devices.toml roles: klipper, katapult, rom-dfu, stlink, ...
    "role_name": "str",
    "kind": "str",  # app | bootloader | probe | usb-serial | isp | can-adapter | hub | other
    "raw_access": "bool",  # the tools open this device through libusb (needs /dev/bus/usb access)
    "mcu": "str",
    "ttys": ["str"],
    "netdevs": ["str"],
    "origin": "str",
    "source": "str",
    "line": "str",
    "lineno": "int",
    "hub_path": "bool",
    "description": "str",  # lsusb's usb.ids text for the VID:PID (not the device's own strings)
    "usbguard": "str", "blocked": "bool",  # usbguard list-devices: the policy target (allow/block/reject); blocked: the kernel keeps it unauthorized
}

SERIAL_PORT = {
    "device": "str",
    "name": "str",
    "kind": "str",  # usb-acm | usb-serial | uart | pty | other
    "exists": "bool",
    "by_id": ["str"],
    "by_path": ["str"],
    "driver": "str",
    "usb": {"vid": "str", "pid": "str", "serial": "str", "port_path": "str", "manufacturer": "str", "product": "str"},
    "role": "str",
    "owner": "str",
    "group": "str",
    "mode": "str",
    "can_open": "bool",
    "holders": [{"pid": "int", "comm": "str", "cmdline": "str", "unit": "str", "user": "str", "access": "str"}],
    "mm_ignore": "bool",  # udev property ID_MM_DEVICE_IGNORE=1 is set on the port (ModemManager leaves it alone)
    "origin": "str",
    "source": "str",
    "line": "str",
    # (platformio-community s18) a pasted port listing (`pio device list`): pyserial's description of the port, and the line
    "description": "str",
    "lineno": "int",
}

CAN_INTERFACE = {
    "name": "str",
    "exists": "bool",
    "up": "bool",
    "operstate": "str",
    "flags": ["str"],
    "bitrate": "int",
    "txqueuelen": "int",
    "can_state": "str",  # ERROR-ACTIVE | ERROR-WARNING | ERROR-PASSIVE | BUS-OFF | STOPPED
    "berr_tx": "int",
    "berr_rx": "int",
    "restarts": "int",
    "bus_errors": "int",
    "error_warn": "int", "error_pass": "int", "bus_off": "int",  # ip -d -s xstats: times the controller entered each state
    "rx_errors": "int",
    "tx_errors": "int",
    "driver": "str",
    "origin": "str",
    "source": "str",
    "line": "str",
    "lineno": "int",
    "details": "bool",  # the listing had -details (bitrate and CAN state would be shown if set)
    "link_type": "str",  # can | vcan | other
}

# A Klipper or Katapult `.config` (the interpreted values; `values` keeps every CONFIG_ line).
KCONFIG = {
    "path": "str",
    "values": "any",
    "mcu": "str",
    "origin": "str",
    "source": "str",
    "kind": "str",  # klipper | katapult
    "arch": "str",  # stm32 | rp2040 | lpc176x | atsam | atsamd | avr | linux | ...
    "application_address": "int",  # Klipper CONFIG_FLASH_APPLICATION_ADDRESS / Katapult CONFIG_LAUNCH_APP_ADDRESS
    "flash_start": "int",  # CONFIG_FLASH_BOOT_ADDRESS / CONFIG_FLASH_START
    "bootloader_offset": "int",  # application_address - flash start
    "flash_size": "int",
    "clock_ref_freq": "int",
    "clock_freq": "int",
    "canbus_frequency": "int",
    "serial_baud": "int",
    "comm": "str",  # usb | can | usbcan | serial
    "double_reset": "bool",
    "line": "str",
}

MCU_SECTION = {
    "name": "str",
    "instance": "str",  # the printer_data folder it came from, when a host runs several printers (~/printer_1_data)
    "source": "str",  # the config file (printer.cfg or an included file) holding the section
    "serial": "str",
    "canbus_uuid": "str",
    "canbus_interface": "str",
    "baud": "int",
    "restart_method": "str",
    "line": "str",
    "lineno": "int",
    "header_lost": "bool",  # (thin-boot s15) a pasted block that starts at the section's serial/canbus_uuid option: name "mcu" assumed
    # live scan: what this instance's klippy.log last said about the MCU (checks.klipper.last_said)
    "log": {"state": "str", "kind": "str", "line": "str", "lineno": "int", "version": "str", "mcu": "str", "reason": "str",
            "repeats": "int", "path": "str"},
}

# What answered on one serial port (doctor identify, and the identify probe of `doctor scan`).
IDENTIFY_PORT = {
    "port": "str",
    "device": "str",  # the tty behind a by-id / by-path link
    "link": "str",  # usb | uart | pty
    "baud": "int",
    "baud_source": "str",  # option | printer.cfg | klipper .config | default
    "usb_role": "str",
    "usb_id": "str",
    "outcome": "str",  # klipper | katapult | silent | noise | held | no-access | missing | error | skipped
    "tried": ["str"],  # protocols tried, in order: klipper, katapult
    "bytes_received": "int",  # bytes that came back at all (noise included); 0 with outcome silent
    "seconds": "float",
    "error": "str",
    "holders": [{"pid": "int", "comm": "str", "cmdline": "str", "unit": "str"}],
    "klipper": {
        "protocol": "str",
        "app": "str",
        "version": "str",
        "build_versions": "str",
        "mcu": "str",
        "clock_freq": "int",
        "serial_baud": "int",
        "canbus_frequency": "int",
        "config": "any",
        "commands": "int",
        "responses": "int",
        "dictionary_size": "int",
    },
    "katapult": {"proto_version": "str", "app_start": "int", "block_size": "int", "mcu": "str", "version": "str"},
}

# A firmware image on disk (checks/firmware.py): doctor.firmware's facts plus the pre-flight against the board.
FIRMWARE_IMAGE = {
    "path": "str",
    "role": "str",  # klipper-out | named
    "status": "str",
    "error": "str",
    "format": "str",  # bin | hex | elf | uf2
    "size": "int",
    "base": "int",
    "initial_sp": "int",
    "reset_vector": "int",
    "uf2_family": "str",
    "klipper": "any",  # the embedded data dictionary's summary (mcu, version...)
    "mtime": "int",
    "stale": "bool",  # older than the klipper .config it should have been built from
    "target": {"mcu": "str", "app_start": "int", "flash_size": "int", "source": "str"},
    "preflight": [{"id": "str", "message": "str"}],  # the pre-flight's problems: FW001, FW002, FW004, FW005
}

SCHEMA: dict[str, Any] = {
    "schema_version": "int",
    "doctor_version": "str",
    "created": "str",
    "mode": "str",  # scan | analyze | replay
    "sources": [{"name": "str", "kind": "str", "size": "int", "lines": "int", "blocks": [{"tool": "str", "start": "int", "end": "int"}],
                 "blocks_omitted": "int",  # blocks past the listing's cap (counted, their facts kept)
                 "truncated_at": "int"}],  # only this many bytes of the input were read (a pipe past the size limit)
    "redacted": "bool",
    "host": {
        "status": "str",
        "reason": "str",
        "os": {"id": "str", "pretty_name": "str", "version_id": "str"},
        "kernel": "str",
        "arch": "str",
        "hostname": "str",
        "user": {"name": "str", "uid": "int", "groups": ["str"], "home": "str"},
        "is_root": "bool",
        "services": "any",  # {"klipper": "active", "ModemManager": "inactive", "brltty": "unknown", ...}
        "processes": [{"pid": "int", "comm": "str", "cmdline": "str", "unit": "str"}],
        "udev_rules": [
            {"file": "str", "line": "str", "vid": "str", "pid": "str", "uaccess": "bool", "group": "str", "mode": "str", "mm_ignore": "bool"}
        ],
        "tools": "any",  # {"st-info": {"path": "...", "version": "1.7.0"} | null, ...}
        "boot_cmdline": "str",
        "serial_console": "bool",
        # (pi-uart-hosts s13) a pasted Raspberry Pi config.txt (its overlays with the [section] each sits in, enable_uart)
        # or Armbian's armbianEnv.txt (its overlays and overlay_prefix)
        "boot_config": {"overlays": [{"name": "str", "section": "str", "line": "str", "lineno": "int", "source": "str"}],
                        "enable_uart": "str", "overlay_prefix": "str"},
        "kernel_config": "any",
        "modules": ["str"],
        "id_output": "any",
        "origin": "str",
    },
    "usb": {"status": "str", "reason": "str", "devices": [USB_DEVICE], "origin": "str", "tree": "any"},
    "serial": {
        "status": "str",
        "reason": "str",
        "ports": [SERIAL_PORT],
        "by_id": [{"name": "str", "target": "str", "origin": "str", "line": "str", "source": "str", "lineno": "int"}],
        "by_path": [{"name": "str", "target": "str", "origin": "str", "line": "str", "source": "str"}],
        "nodes": [{"device": "str", "owner": "str", "group": "str", "mode": "str", "line": "str", "origin": "str", "acl": "bool", "target": "str", "source": "str",
                   "lineno": "int"}],  # lineno: (platformio-community s18) a plain listing's line, for `pio device list` records
        # paths that a pasted `ls` said do not exist (`ls: cannot access '/dev/serial/by-id/': No such file...`)
        # via: (audit-wrappers s18) "kiauh" when KIAUH's MCU search found no /dev/serial/by-id entry (ls_dev)
        "missing": [{"path": "str", "line": "str", "source": "str", "origin": "str", "via": "str"}],
        "runs": [RUN],  # pasted pyserial / OctoPrint / Pronterface / terminal messages about opening ports
    },
    "kernel": {
        "status": "str",
        "reason": "str",
        "source": "str",
        "origin": "str",
        "events": [EVENT],
        # the live probe's tries in order (dmesg, journalctl -k, /dev/kmsg), each with why it failed
        "attempts": [{"source": "str", "status": "str", "reason": "str"}],
        "counts": "any",  # {kind: n} of a long log whose events were thinned (first of each kind and port + the latest)
    },
    "can": {
        "status": "str",
        "reason": "str",
        "interfaces": [CAN_INTERFACE],
        "queries": [RUN],
        "nodes": [{"uuid": "str", "application": "str", "interface": "str", "claimed": "bool", "line": "str", "source": "str"}],
        "events": [EVENT],  # ip link / RTNETLINK / canbus_query errors
        "modules": ["str"],  # CAN kernel modules loaded (can, can_raw, gs_usb, mcp251x...)
        "links": [{"name": "str", "link_type": "str", "source": "str", "line": "str", "origin": "str"}],  # every link of a pasted or live `ip link` listing
        "dumps": [{"tool": "str", "origin": "str", "source": "str", "frames": "int", "error_frames": "int", "events": [EVENT]}],  # candump: frames counted, never kept
        "configs": [{"name": "str", "kind": "str", "bitrate": "int", "txqueuelen": "int", "line": "str", "lineno": "int", "source": "str", "origin": "str"}],  # interfaces.d/can0, systemd-networkd .network/.link
    },
    "klipper": {
        "status": "str",
        "reason": "str",
        "config": KCONFIG,
        "katapult_config": KCONFIG,
        # every pasted .config / menuconfig screen with a CAN bus speed, one per build (config keeps the last one)
        "can_builds": [{"kind": "str", "comm": "str", "mcu": "str", "canbus_frequency": "int", "source": "str", "line": "str"}],
        "menuconfig": {"arch_choices": ["str"], "selected": "str", "source": "str", "line": "str"},
        "printer_cfg": {"path": "str", "mcus": [MCU_SECTION], "origin": "str", "files": ["str"],
                        # (deepen-s16) the example config's header: the bootloader offset it tells to build with (bytes, 0 for
                        # "No bootloader"), its line, and the MCUs it names (printer_cfg.py _HEADER_OFFSET)
                        "header_offset": "int", "header_line": "str", "header_lineno": "int", "header_mcus": ["str"],
                        # (deepen-klipper-fw s19) the crystal (Hz) and the one interface (usb, serial, can) the header names
                        "header_crystal": "int", "header_crystal_line": "str", "header_comm": "str", "header_comm_line": "str"},
        "log": {
            "path": "str",
            "events": [EVENT],
            "origin": "str",
            "source": "str",
            "starts": "int",  # how many times the printer started in the log ("Start printer at"; else "Starting Klippy...")
            "lines": "int",
            "counts": "any",  # {event kind: how many times it occurred in the whole log}
            "version": "str",
            "size": "int",  # live: the log's size; only its end (from tail_from) was read
            "tail_from": "int",
            "error": "str",
            "mcus": [{"name": "str", "mcu": "str", "version": "str", "clock_freq": "int", "canbus_frequency": "int", "canbus_bridge": "int", "serial_baud": "int", "line": "str", "source": "str",
                      "lineno": "int"}],  # lineno: the MCU's last identification
            # (deepen-klipper-fw s19) an MCU whose bytes_retransmit grew between the session's first and last Stats line
            "retransmits": [{"name": "str", "value": "int", "rise": "int", "line": "str", "lineno": "int", "source": "str"}],
        },
        "build": {"runs": [RUN]},
        "runs": [RUN],  # pasted Klipper consoles: the failure messages of each block (GEN001 quotes unexplained ones)
        "firmware": "any",
    },
    # Tool namespaces: runs of one tool each, live (active probes, drivers) or pasted.
    "stlink": {"status": "str", "reason": "str", "runs": [RUN]},
    "openocd": {"status": "str", "reason": "str", "runs": [RUN]},
    "dfu": {"status": "str", "reason": "str", "runs": [RUN], "devices": [USB_DEVICE]},  # devices: what a live `dfu-util -l` listed
    "avrdude": {"status": "str", "reason": "str", "runs": [RUN]},
    "katapult": {"status": "str", "reason": "str", "runs": [RUN]},
    "flash": {"status": "str", "reason": "str", "runs": [RUN]},  # make flash, flash_usb.py, rp2040_flash, pio, wally...
    "sdcard": {"status": "str", "reason": "str", "runs": [RUN]},
    "shell": {"runs": [RUN]},  # pasted shell / launcher / import errors: a program or module that is not installed
    "claims": {"runs": [RUN]},  # what a person states in prose about the bus ("dmesg shows nothing", "not in lsusb")
    "windows": {"runs": [RUN]},  # pasted Windows Device Manager and USB notification texts
    "identify": {"status": "str", "reason": "str", "results": "any", "ports": [IDENTIFY_PORT]},
    "firmware": {"status": "str", "reason": "str", "images": [FIRMWARE_IMAGE]},
    # doctor watch: what the bus did during a watch session and how each guided step ended
    "watch": {
        "status": "str",
        "reason": "str",
        "sources": "any",  # {"udev": bool, "kernel": bool} or {"replay": true}
        "events": [EVENT],  # usb_add | usb_remove | tty_add | tty_remove (kernel lines go to kernel.events, origin "watch")
        "sequences": [
            {
                "name": "str",  # plug | rom-dfu | katapult | caterina | bootsel | bootloader | power-cycle | request
                "state": "str",  # success | timeout | errors | error | interrupted
                "seconds": "float",
                "events": "int",
                "matched": {"vid": "str", "pid": "str", "role": "str", "product": "str", "port_path": "str", "tty": "str", "serial": "str"},
                "fault": "str",  # the id the silent window points at (USB001, USB002, BOOT001, BOOT003, BOOT008)
                "window": "float",  # caterina: seconds the bootloader stayed
                "differential": "str",  # plug: offered | accepted | declined (the bootloader-with-the-same-cable test)
                "identify": "any",  # request over UART: what answered afterwards
            }
        ],
    },
    # pasted text: lines that say something failed (doctor.parsers' generic failure scan), for GEN001
    "text": {"failures": [{"line": "str", "lineno": "int", "source": "str", "tool": "str", "above": "str"}], "failure_count": "int",
             "prompts": [{"source": "str", "lineno": "int"}],
             "overcome": [{"source": "str", "lineno": "int"}],  # lines of waits a later successful write ended
             # a text's last line, when it is a tool still waiting ("Waiting for the new upload port..."): the run never ended
             "stalls": [{"line": "str", "lineno": "int", "source": "str", "tool": "str"}],
             # the words and word pairs of the text's head and tail that doctor/resemblance.py's index knows (for what it resembles)
             "words": ["str"]},
    "probes": "any",  # active-probe bookkeeping: which ran, how long
    "answers": "any",  # answers a person gave to doctor's questions: {"question_id": "yes" | "no" | ...}
    "tool_runs": [RUN],
    "parse_errors": [{"parser": "str", "source": "str", "line": "int", "error": "str"}],  # every external tool doctor ran itself during the scan (the runner's records)
}

# facts.drop_overcome_waits counts, in any namespace with runs, the runs it removed as waits a later write ended
for _ns in [SCHEMA[k] for k in SCHEMA] + [SCHEMA["klipper"]["build"]]:
    if isinstance(_ns, dict) and "runs" in _ns:
        _ns["runs_overcome"] = "int"

# Event kinds per namespace. A rule comparing `kind` with a literal must use one declared here.
EVENT_KINDS: set[str] = set()


def declare_event_kinds(*kinds: str) -> None:
    """Parsers and probes declare the event kinds they emit (at import time of the module)."""
    EVENT_KINDS.update(kinds)


def known_fields() -> set[str]:
    """Every field name that appears anywhere in the schema (used to validate rule expressions)."""
    names: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                names.add(key)
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(SCHEMA)
    return names


def undeclared(facts: Any) -> list[str]:
    """The producer-side check: every path in `facts` that this schema does not declare, or where a value's shape
    (object, list, scalar) is not the declared one, as generalised paths (`serial.by_id[].source`), sorted.

    Readers are tolerant (doctor.snapshot_check accepts undeclared keys from other versions); what doctor itself
    produces must match exactly, so tests run this over every case, recording and simulator run."""
    bad: set[str] = set()
    stack: list[tuple[Any, Any, str]] = [(facts, SCHEMA, "")]
    while stack:
        value, spec, path = stack.pop()
        if value is None or spec == "any":
            continue
        if spec is None:
            bad.add(f"{path} (not declared)")
            continue
        shape = "object" if isinstance(value, dict) else "list" if isinstance(value, list) else "scalar"
        want = "object" if isinstance(spec, dict) else "list" if isinstance(spec, list) else "scalar"
        if shape != want:
            bad.add(f"{path} ({shape}, declared {want})")
            continue
        if isinstance(value, dict):
            for key, item in value.items():
                stack.append((item, spec.get(str(key)), f"{path}.{key}" if path else str(key)))
        elif isinstance(value, list):
            for item in value:
                stack.append((item, spec[0] if spec else "any", f"{path}[]"))
    return sorted(bad)


def declared(path: list[str]) -> bool:
    """Whether a fact path (field names from the root; "[]" steps into a list's items) can exist: every name is
    declared where the path reaches it. An "any" node declares everything below it."""
    node: Any = SCHEMA
    for step in path:
        while isinstance(node, list):
            node = node[0] if node else "any"
        if node == "any":
            return True
        if not isinstance(node, dict) or step not in node:
            return False
        node = node[step]
    return True


def condition_problems(parsed: dict[str, Any], root: Any = None) -> list[str]:
    """Path-aware validation of one JMESPath condition (its syntax tree, `jmespath.compile(expr).parsed`): every
    field is looked up where the expression reaches it in the schema, so `usb.devices[].ttys` passes and
    `usb.ttys` or `serial.by_id[].vid` (names declared elsewhere) fail. What a function returns, and what
    lies under an "any" node, is not followed (no false alarm)."""
    problems: list[str] = []
    ANY = "any"

    def item(node: Any) -> Any:
        return (node[0] if node else ANY) if isinstance(node, list) else ANY

    def ev(ast: dict[str, Any], node: Any) -> Any:
        t = ast.get("type")
        kids = [c for c in ast.get("children", []) if isinstance(c, dict)]
        if t == "field":
            name = ast["value"]
            if node == ANY:
                return ANY
            if isinstance(node, dict):
                if name in node:
                    return node[name]
                names = sorted(node)
                problems.append(f"{name!r} is not a field there (it has: {', '.join(names[:12]) or 'nothing'}{', ...' if len(names) > 12 else ''})")
                return ANY
            shape = "a list (project it with [] first)" if isinstance(node, list) else f"a {node} value"
            problems.append(f"{name!r} is looked up in {shape}")
            return ANY
        if t in ("current", "identity"):
            return node
        if t == "literal":
            return ANY
        if t == "subexpression" or t == "pipe":
            out = node
            for k in kids:
                out = ev(k, out)
            return out
        if t == "index_expression":
            left = ev(kids[0], node)
            return item(left) if len(kids) > 1 and kids[1].get("type") == "index" else left
        if t in ("index", "slice"):
            return node
        if t == "flatten":
            inner = ev(kids[0], node)
            if isinstance(inner, list):
                first = item(inner)
                return first if isinstance(first, list) else inner
            return ANY
        if t == "projection":
            left = ev(kids[0], node)
            if not isinstance(left, list):
                return ANY
            return [ev(kids[1], item(left))] if len(kids) > 1 else left
        if t == "filter_projection":
            left = ev(kids[0], node)
            if not isinstance(left, list):
                for k in kids[1:]:
                    ev(k, ANY)
                return ANY
            each = item(left)
            ev(kids[2], each)  # the condition, on each item
            return [ev(kids[1], each)]
        if t == "value_projection":
            ev(kids[0], node)
            return ANY
        if t == "function_expression":
            args = [ev(k, node) if k.get("type") != "expref" else None for k in kids]
            first = next((a for a in args if a is not None), ANY)
            for k in kids:
                if k.get("type") == "expref":  # sort_by(list, &field): the field is read on the list's items
                    ev(k["children"][0], item(first) if isinstance(first, list) else ANY)
            return ANY
        for k in kids:  # comparator, and / or / not, multi-selects, key_val_pair
            ev(k, node)
        return ANY

    ev(parsed, SCHEMA if root is None else root)
    return problems
