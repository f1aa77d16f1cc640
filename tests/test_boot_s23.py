"""(boot s23) Families the first-contact threads of the boot round showed:

- dfu-util's "Cannot open DFU device VID:PID" carried on a wrapper's own failure line (particle-cli 1.x: "Error writing
  firmware..." then dfu-util's stderr) is where that run stopped, on a DFU-capable device that is no known bootloader (a
  laptop's Bluetooth adapter); beside a listing of the board's own DFU device that is BOOT006, alone BOOT003
  (community.particle.io 16264). Without the wrapper's line the warning stays probe_devices() passing over another device.
- prose: a Mac's Bluetooth (or other built-in) serial port named as the chosen port while avrdude fails without naming
  its port (BOOT006 above BOOT008: SparkFun forum 65071);
- prose: the host "shows only" the board's USB-serial bridge chip and no DFU (BOOT005: Manta-M8P#157);
- prose: the boot button / BOOT0 + reset "does not put" the board into DFU (BOOT003: Manta-E3EZ#2);
- prose: after the flash the board "remains in DFU mode" (BOOT004: Octopus-Max-EZ#24; in Chinese QDrive-Hardware#1);
- prose: a Klipper/Katapult tool's request to enter the bootloader failed (BOOT001: KlipperFleet#6);
- prose: Betaflight's "BL mode" and a paragraph-long post whose hijacking verb comes late (BOOT007).

Texts marked "from the source's format" are written from the tool's output, the others are lines of real threads."""

from __future__ import annotations

from textkit import findings, first, kinds, serious

# a line of community.particle.io 16264 (particle-cli 1.x over dfu-util 0.8 on Windows)
_PARTICLE_FAILED = (
    "Cannot open DFU device 0489:e07a\n"
    "Error writing firmware...Cannot open DFU device 0489:e07a\n")
_PARTICLE_LISTING = (
    "Cannot open DFU device 0489:e07a\n"
    'Found DFU: [1d50:607f] ver=0200, devnum=15, cfg=1, intf=0, alt=1, name="@SPI Flash : SST25x/0x00000000/512*04Kg", serial="8D6E45695654"\n'
    'Found DFU: [1d50:607f] ver=0200, devnum=15, cfg=1, intf=0, alt=0, name="@Internal Flash  /0x08000000/20*001Ka,108*001Kg", serial="8D6E45695654"\n')


def test_wrapper_failure_on_another_dfu_device_beside_the_board_is_wrong_device() -> None:
    text = _PARTICLE_FAILED + "\n" + _PARTICLE_LISTING
    assert "dfu_open_wrong_device" in kinds(text, "dfu")
    assert first(text) == "BOOT006"


def test_wrapper_failure_on_another_dfu_device_with_no_board_listed_is_no_board_in_dfu() -> None:
    assert "dfu_open_wrong_device" in kinds(_PARTICLE_FAILED, "dfu")
    assert first(_PARTICLE_FAILED) == "BOOT003"


def test_particle_cli_key_failure_line_carries_the_open_failure_too() -> None:
    # (fix-boot s23 review) from the source's format: particle-cli 1.x "Error saving key from device..." then dfu-util's stderr
    text = "Error saving key from device...Cannot open DFU device 0489:e07a\n"
    assert "dfu_open_wrong_device" in kinds(text, "dfu")
    assert first(text) == "BOOT003"


def test_a_listing_that_passes_over_another_device_stays_benign() -> None:
    # dfu-util -l warns about the Bluetooth adapter, then lists the board: no failure of the run
    assert "dfu_open_wrong_device" not in kinds(_PARTICLE_LISTING, "dfu")
    assert "BOOT006" not in serious(_PARTICLE_LISTING)


def test_wrapper_failure_on_the_boards_own_bootloader_is_not_another_device() -> None:
    # from the source's format: the same wrapper line on ST's ROM DFU id is the board's own open failure
    text = "Error writing firmware...Cannot open DFU device 0483:df11\n"
    assert "dfu_open_wrong_device" not in kinds(text, "dfu")


def test_wrapper_failure_on_a_dfu_id_the_table_may_not_know_is_the_boards_own() -> None:
    # (fix-boot s23 review) from the source's format: Particle's own DFU ids (2b04:d0xx, Spark Core 1d50:607f) and AT32's
    # 2e3c:df11 on particle-cli's failure line are the board's open failure (a Windows driver), not another device; nor an
    # unknown id when the listing shows that same id
    for text in ("Error writing firmware...Cannot open DFU device 2b04:d006\n",
                 "Error writing firmware...Cannot open DFU device 1d50:607f\n",
                 "Error writing firmware...Cannot open DFU device 2e3c:df11\n",
                 "Error saving key from device...Cannot open DFU device 2b04:d006\n",
                 "Error writing firmware...Cannot open DFU device 2b04:d006\n"
                 'Found DFU: [2b04:d006] ver=0250, devnum=5, cfg=1, intf=0, alt=0, name="@Internal Flash   /0x08000000/03*016Ka,01*016Kg,01*064Kg,07*128Kg", serial="00000000010C"\n',
                 "Error writing firmware...Cannot open DFU device 1234:5678\n"
                 'Found DFU: [1234:5678] ver=0200, devnum=5, cfg=1, intf=0, alt=0, name="@Internal Flash  /0x08000000/64*002Kg", serial="1"\n'):
        assert "dfu_open_wrong_device" not in kinds(text, "dfu"), text
        assert first(text) == "USB004", text


def test_wrapper_failure_on_an_unknown_id_beside_another_listed_device_is_wrong_device() -> None:
    # from the source's format: the failing id is not the one dfu-util lists
    text = ("Error writing firmware...Cannot open DFU device 1234:5678\n"
            'Found DFU: [2b04:d006] ver=0250, devnum=5, cfg=1, intf=0, alt=0, name="@Internal Flash   /0x08000000/03*016Ka", serial="1"\n')
    assert "dfu_open_wrong_device" in kinds(text, "dfu")
    assert first(text) == "BOOT006"


_SPARKFUN = (
    "I am offered two ports:\n"
    "/dev/cu.BLTH serial port\n"
    "and\n"
    "/dev/cu.Bluetooth-incoming-Port\n"
    "When I select the second port it appears to be happy but when I try to upload a minimum sketch I get:\n"
    "Connecting to programmer: .avrdude: butterfly_recv(): programmer is not responding\n"
    "avrdude: butterfly_recv(): programmer is not responding\n"
    "Found programmer: Id = \"\"; type =\n"
    "Software Version = .; Hardware Version = .\n"
    "avrdude: error: buffered memory access not supported. Maybe it isn't\n"
    "a butterfly/AVR109 but a AVR910 device?\n"
    "avrdude: initialization failed, rc=-1\n"
    "Failed uploading: uploading error: exit status 1\n")


_BUTTERFLY_FAILED = ("avrdude: butterfly_recv(): programmer is not responding\n"
                     "avrdude: initialization failed, rc=-1\n"
                     "Failed uploading: uploading error: exit status 1\n")
_STK_FAILED = ("avrdude: stk500_recv(): programmer is not responding\n"
               "avrdude: stk500_getsync() attempt 10 of 10: not in sync: resp=0x00\n"
               "Failed uploading: uploading error: exit status 1\n")


def test_bluetooth_port_chosen_in_prose_beside_failed_avrdude_is_wrong_device() -> None:
    # (fix-boot s23 review) a verb of choosing on the port's own line (written for the test, in the thread's words)
    text = "When I select /dev/cu.Bluetooth-incoming-Port it appears to be happy but the upload fails:\n" + _BUTTERFLY_FAILED
    assert "said_bluetooth_port" in kinds(text, "claims")
    assert first(text) == "BOOT006"
    # Windows: the COM port chosen is the Bluetooth link's own (its own fix text)
    text = "Device Manager lists Standard Serial over Bluetooth link (COM3) and I selected COM3.\n" + _STK_FAILED
    assert "said_bluetooth_port" in kinds(text, "claims")
    found = findings(text)
    assert found[0].id == "BOOT006" and "COM port" in found[0].message


def test_sparkfun_ports_listed_then_chosen_on_another_line_is_no_claim() -> None:
    # (fix-boot s23 review) the port listed alone on its line is no choice (QMK Toolbox's "Found port:", "Only ... is
    # listed"): SparkFun 65071's choice ("When I select the second port") sits on another line, so it is read as avrdude's
    # failure alone now (BOOT008), never silence
    assert "said_bluetooth_port" not in kinds(_SPARKFUN, "claims")
    assert serious(_SPARKFUN)


def test_bluetooth_port_listed_advised_or_fixed_is_no_claim() -> None:
    # (fix-boot s23 review) the reviewer's texts
    for line in ("If you only see /dev/cu.Bluetooth-Incoming-Port, the board is not connected.\n",
                 "Avoid /dev/cu.Bluetooth-Incoming-Port.\n",
                 "I know /dev/cu.Bluetooth-Incoming-Port is the wrong one; I picked the other.\n",
                 "Selected /dev/cu.Bluetooth-Incoming-Port earlier by mistake, fixed now, uploaded fine.\n",
                 "Only /dev/cu.Bluetooth-Incoming-Port is listed, the board's port never appears.\n",
                 "Should I pick /dev/cu.Bluetooth-Incoming-Port or the other one\n",
                 "Don't select /dev/cu.Bluetooth-Incoming-Port\n",
                 "The upload went to /dev/cu.Bluetooth-Incoming-Port by mistake; after selecting /dev/cu.usbmodem1421 it worked.\n",
                 "Port: /dev/cu.Bluetooth-Incoming-Port\n",
                 "    Found port: /dev/cu.Bluetooth-Incoming-Port\n",
                 "I selected COM5, the Device Manager also lists Standard Serial over Bluetooth link (COM3).\n"):
        assert "said_bluetooth_port" not in kinds(line + _BUTTERFLY_FAILED, "claims"), line
    listing = ("Ports (COM & LPT)\n    Standard Serial over Bluetooth link (COM3)\n    Standard Serial over Bluetooth link (COM4)\n"
               "    USB-SERIAL CH340 (COM5)\n")
    assert "said_bluetooth_port" not in kinds(listing + _STK_FAILED, "claims")
    assert "BOOT006" not in serious(listing + _STK_FAILED)


def test_bluetooth_port_not_chosen_or_beside_the_boards_port_is_no_claim() -> None:
    for line in ("It is not the /dev/cu.Bluetooth-Incoming-Port, I picked the other one.\n",
                 "Ports: /dev/cu.Bluetooth-Incoming-Port and /dev/cu.usbmodem14101\n",
                 "PORTS {/dev/cu.Bluetooth-Incoming-Port, /dev/cu.usbmodemCkbio01, } / {} => {}\n",
                 "Should I use /dev/cu.Bluetooth-Incoming-Port?\n"):
        assert "said_bluetooth_port" not in kinds(line, "claims"), line


def test_only_the_bridge_chip_shown_is_no_native_usb() -> None:
    text = "When connect the type c cable it shows only CH340 serial converter and board is not entering in DFU mode at all\n"
    assert "said_only_usb_serial" in kinds(text, "claims")
    assert first(text) == "BOOT005"


def test_only_the_bridge_chip_asked_about_is_no_claim() -> None:
    assert "said_only_usb_serial" not in kinds("Does it show only CH340 serial converter when it is in DFU mode?\n", "claims")


def test_boot_button_does_not_put_it_in_dfu_is_boot0_not_asserted() -> None:
    text = "the usual reset + boot button method does NOT put the board in DFU mode, making it impossible to update firmware via STM32Programmer\n"
    assert "said_boot_held_no_dfu" in kinds(text, "claims")
    assert first(text) == "BOOT003"


def test_boot_button_put_it_in_dfu_said_as_success_or_question_is_no_claim() -> None:
    for line in ("How do I put the board in DFU mode with the boot button?\n",
                 "The boot button does not put it into DFU at first, but after a new cable it worked.\n",
                 "BOOT0 and reset put the board into DFU mode and dfu-util flashed it fine.\n"):
        assert "said_boot_held_no_dfu" not in kinds(line, "claims"), line


def test_board_remains_in_dfu_after_the_flash_is_boot0_left_set() -> None:
    for text in ("It remains in DFU mode and there is no by-id device.\n",
                 "我使用usb烧录了程序，但是程序无法运行，连接usb依旧是usb DFU下载模式\n",
                 "Nach dem Flashen bleibt das Board im DFU-Modus.\n"):
        assert "said_dfu_remains" in kinds(text, "claims"), text
        assert first(text) == "BOOT004", text


def test_dfu_stay_on_purpose_negated_or_asked_is_no_claim() -> None:
    for line in ("It stays in DFU mode until I press reset, so I can flash it.\n",
                 "It doesn't stay in DFU mode for more than a second.\n",
                 "Does it remain in DFU mode after flashing?\n",
                 "Make sure the board stays in DFU mode while dfu-util runs.\n"):
        assert "said_dfu_remains" not in kinds(line, "claims"), line


def test_board_stuck_in_dfu_after_the_flash_is_boot0_left_set() -> None:
    # (fix-boot s23 review) "stuck in DFU" only beside the flash before it (written for the test)
    text = "After flashing Katapult the board is stuck in DFU mode.\n"
    assert "said_dfu_remains" in kinds(text, "claims")
    assert first(text) == "BOOT004"


def test_dfu_remains_said_as_condition_solved_before_the_flash_or_of_another_board_is_no_claim() -> None:
    # (fix-boot s23 review) the reviewer's texts
    for line in ("If it stays in DFU mode after flashing, remove the BOOT0 jumper.\n",
                 "It was stuck in DFU mode, but after removing the jumper and a power cycle it runs Klipper fine. Solved.\n",
                 "It no longer stays in DFU mode.\n",
                 "The board is still in DFU mode, which is expected since I have not flashed yet.\n",
                 "I'm stuck in DFU because I can't find the right driver.\n",
                 "I'm stuck at DFU mode step of the guide.\n",
                 "I put the board in DFU mode with BOOT0 and it is still in DFU, then I ran dfu-util -a 0 -s 0x08000000:leave -D klipper.bin and it worked.\n",
                 "After flashing, the device stays in DFU mode so you need to unplug and replug it.\n",
                 "My ESP32-S3 stays in DFU mode after esptool write.\n",
                 "The Particle Photon is stuck in DFU mode (blinking yellow) after particle flash --usb.\n",
                 "My Arduino Uno R3's 16u2 stays in DFU mode after I flashed it with Flip.\n",
                 "Keyboard stays in DFU mode after QMK Toolbox flash.\n",
                 "It stays in DFU mode which is what I want, then I flash it.\n",
                 "The board is stuck in DFU mode because the flash failed with \"Error during download\".\n",
                 "我一直在DFU模式下烧录固件，没有问题。\n",
                 "请问为什么一直在DFU模式？\n",
                 "板子还是在DFU模式下才能被识别吗？\n",
                 "按住BOOT0上电后，它一直处于DFU模式，然后用dfu-util烧录成功了。\n",
                 "烧录后板子还是在DFU模式，拔掉BOOT0跳线后正常了。\n",
                 "Es bleibt im DFU-Modus, solange ich BOOT0 gedrückt halte.\n",
                 "Das Board bleibt im DFU Modus, bis ich den Jumper entferne.\n",
                 "Soll ich das Board im DFU-Modus lassen? Es bleibt im DFU Modus.\n"):
        assert "said_dfu_remains" not in kinds(line, "claims"), line


def test_klipper_tool_failing_to_enter_the_bootloader_is_not_in_bootloader() -> None:
    text = ("I have been attempting to re-flash a toolhead board that is connected to my rPi using a USB to TTL adapter. "
            "Unfortunately, when KlipperFleet tries to get the board into bootloader mode, it fails (see screenshot below).\n")
    assert "said_bootloader_request_failed" in kinds(text, "claims")
    assert first(text) == "BOOT001"
    assert "said_bootloader_request_failed" in kinds("flashtool.py can't get the EBB36 into Katapult anymore.\n", "claims")


def test_bootloader_request_asked_advised_or_of_another_ecosystem_is_no_claim() -> None:
    for line in ("How can I get the board into Katapult with flashtool?\n",
                 "Make sure Klipper is stopped, otherwise flashtool cannot get the board into the bootloader.\n",
                 "The Arduino IDE fails to get the Leonardo into bootloader mode.\n",
                 "Double-clicking reset does not get it into Katapult.\n"):
        assert "said_bootloader_request_failed" not in kinds(line, "claims"), line
    # (fix-boot s23 review) the reviewer's texts: the tool not the subject, "never", a condition, the docs, a solved story
    for line in ("I could not get the board into the bootloader with the Arduino IDE, so I installed Klipper instead.\n",
                 "I never put the board into Katapult mode, Klipper just runs.\n",
                 "If flashtool.py can't get the board into Katapult, double check the UUID.\n",
                 "When flashtool.py fails to put the board into the bootloader, it prints \"ERROR:root:Flash Error\" and times out.\n",
                 "The Katapult docs say the request will fail to put the board into the bootloader if Klipper is not running.\n",
                 "flashtool.py could not get the board into Katapult; solved by updating Klipper.\n",
                 "flashtool.py couldn't get the board into Katapult at first, but after updating Katapult it worked and flashing succeeded.\n",
                 "Katapult is installed but I cannot get the RP2040 into the bootloader, BOOTSEL button does nothing.\n"):
        assert "said_bootloader_request_failed" not in kinds(line, "claims"), line


def test_bl_mode_and_a_late_hijacking_verb_is_uart_hijack() -> None:
    text = ("I keep getting error messages when trying to enter BL mode on a TMotor Fu7 Mini HD, regardless whether using BL CLI "
            "command, 'Flash Firmware' button or DriverFixer tool. Can flashother FCs fine. Special about the F7 Mini is that both "
            "RX and a GPS module are connected to 3.3V voltage port which is fired up when connecting USB (even without connecting "
            "a battery). Therefore, it seems one of the devices is hijacking a UART which then cannot respond to the request trying "
            "to take it into Bootloader mode.\n")
    assert "said_dfu_uart_hijack" in kinds(text, "claims")
    assert first(text) == "BOOT007"


def test_bl_mode_or_dfu_that_works_advice_or_an_esc_is_no_uart_hijack() -> None:
    # (fix-boot s23 review) the reviewer's texts
    for line in ("Flashing in DFU went fine with Betaflight 4.4 on my Speedybee F405. Then I set up the ports: the ELRS receiver is on "
                 "UART2 with CRSF and the GPS on UART4, both at 115200, and the OSD shows all elements correctly, battery voltage and "
                 "current look plausible, and the arming flags are clear in the Setup tab, the model tilts correctly, accelerometer "
                 "calibrated on a level surface. The only problem is that the motors will not spin in the Motors tab, even after I "
                 "removed the props and enabled the slider.\n",
                 "The FC enters BL mode fine, and I flashed it. Then my ELRS receiver won't bind, so I removed it and rebound it.\n",
                 "BLHeliSuite: ESC #1 won't enter BL mode, the receiver is unplugged.\n",
                 "I press the button to enter BL mode and Betaflight Configurator flashes; but the GPS won't get a fix since I unplugged the antenna.\n",
                 "If your FC won't enter DFU mode, disconnect the receiver and the GPS first, that fixes it for most people.\n",
                 "DFU mode works fine and the receiver is not the problem, the GPS was removed already.\n",
                 "Could the GPS be preventing DFU mode?\n"):
        assert "said_dfu_uart_hijack" not in kinds(line, "claims"), line[:80]


def test_boot_button_said_as_condition_advice_success_or_of_another_chip_is_no_claim() -> None:
    # (fix-boot s23 review) the reviewer's texts
    for line in ("If the boot button does not put the board in DFU mode, check the cable.\n",
                 "When BOOT0 and reset won't get it into DFU mode, try holding BOOT0 while plugging in.\n",
                 "The boot button doesn't put it into DFU, you need to hold it while plugging in the USB cable.\n",
                 "The boot button alone does not put the board into DFU mode; you must press reset while holding it.\n",
                 "The boot button did not put it into DFU because the board was powered from the Pi's 5V as well; after unplugging that it enters DFU and I flashed Katapult.\n",
                 "BOOT0 never failed to put it into DFU mode.\n",
                 "Note: the BOOT button on the ESP32-S3 does not put it into DFU mode, it enters the ROM serial download mode.\n",
                 "The RP2040's boot button does not put it into DFU mode, it shows RPI-RP2.\n",
                 "Holding the boot button does not put my nRF52840 dongle into DFU mode.\n",
                 "The Boot button can't get the Teensy into DFU.\n"):
        assert "said_boot_held_no_dfu" not in kinds(line, "claims"), line


def test_only_the_bridge_chip_said_as_condition_or_with_dfu_after_is_no_claim() -> None:
    # (fix-boot s23 review) the reviewer's texts
    for line in ("If it shows only CH340 serial converter, the board is not in DFU mode yet.\n",
                 "It showed only CH340 serial converter before, now with the BOOT0 jumper set dfu-util -l lists 0483:df11 and flashing worked.\n",
                 "Windows shows only the CH340 serial converter, which is expected: the Manta's USB-C is the CB1 console. DFU works over the other port.\n",
                 "When I connect the type c cable it no longer shows only CH340, DFU shows up.\n",
                 "If it shows only CH340 and no DFU device, your board has no native USB.\n",
                 "When I hold BOOT0 it shows only CH340 at first, but after a few seconds the STM32 DFU device appears and dfu-util flashed fine.\n",
                 "Device Manager shows only the CH340 when the board is in DFU mode, because I plugged the wrong USB port; the other USB-C port gives DFU.\n",
                 "dmesg shows only CH340 but dfu-util -l finds the STM32 in DFU mode.\n",
                 "My Octopus shows only CH340 when I plug the USB-C port meant for the Pi; the USB-A port would give DFU.\n",
                 "On my ESP32-S3 board the PC shows only CP2102 and the DFU mode never appears.\n"):
        assert "said_only_usb_serial" not in kinds(line, "claims"), line
