"""Session 22, swd-can gathering round: three prose families the first-contact threads showed.

- claims.said_swd_worked_once -> SWD004: the probe programmed the board once, every later connect fails (the answer to
  SWD002/SWD004's own ask, said by the person).
- claims.said_no_can_interface -> CAN002: the person says can0 does not exist (English and German wordings); plain
  `ifconfig` leaves a DOWN interface out, so that form is lower and CAN001's `ip link` still wins.
- claims.said_stm32_part -> KAT001: a Katapult run that failed at SEND_BLOCK and names no chip, beside an STM32H723/H733
  named in prose, and no other STM32 part.

Lines quoted from threads say so; the others are written from the tools' own output format (Katapult flashtool.py,
iproute2), marked "from the source's format".
"""

from __future__ import annotations

import pytest

from tests.textkit import first, kinds


def _said(text: str) -> list[str]:
    return [k for k in kinds(text, "claims") if k.startswith("said_")]


# ---- SWD004: programmed once, never again ------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    # qa-community.st.com 122151 (STM32F103CB, CubeIDE 1.14, ST-Link V2)
    'After flashing the board once (through CubeIDE v1.14.0 with ST-Link v2) I cannot flash it again and keep getting the message "No target found".',
    # community.arm.com 54111 (STM32F030K6, a Nucleo's ST-Link)
    "I was able to program it the first time using the STM32Programmer but on all successive attempts it fails saying it can't find the target device.",
    # wordings of the same statement
    "The first flash worked fine with the ST-Link, now it says no target found.",
    "It flashed only once over SWD and now openocd cannot connect anymore.",
])
def test_worked_once_is_swd004(text: str) -> None:
    assert "said_swd_worked_once" in _said(text)
    assert first(text) == "SWD004"


@pytest.mark.parametrize("text", [
    # no debug-probe or target word: a bootloader or a serial upload, not SWD
    "I could upload the sketch once, but after that the upload fails every time.",
    # a question, and a try that was undone
    "How do I flash it again after flashing once with the ST-Link? It cannot connect.",
    "After flashing once with the ST-Link I did a full chip erase and it cannot connect either.",
    # no failure after it
    "I flashed it once with the ST-Link and it runs fine.",
])
def test_worked_once_needs_probe_failure_statement(text: str) -> None:
    assert "said_swd_worked_once" not in _said(text)


def test_worked_once_outranks_bare_connect_failure() -> None:
    # from the source's format: ST-LINK Utility's connect failure, with the person's statement beside it
    text = ("09:12:01 : Can not connect to target!\n"
            "\n"
            "I was able to program it the first time with the ST-Link, all later attempts fail.\n")
    assert first(text) == "SWD004"


# ---- CAN002: can0 said not to exist ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "I created /etc/network/interfaces.d/can0 but can0 does not show up in ip a.",
    "After the reboot there is no can0 at all.",
    "can0 is still missing after installing the U2C.",
    # OpenNept4une#298 (German)
    "und es wird mir trozdehm kein can netzwerk angezeigt",
    "can0 wird bei ip a nicht angezeigt",
])
def test_no_can0_is_can002(text: str) -> None:
    assert "said_no_can_interface" in _said(text)
    assert first(text) == "CAN002"


@pytest.mark.parametrize("text", [
    "How do I get can0 to show up?",
    # the bridge flashed over CAN: BOOT002's own row
    "After flashing the bridge mcu over can0 the can0 interface disappeared.",
    "can0 is down after every reboot.",
])
def test_no_can0_not_said(text: str) -> None:
    assert "said_no_can_interface" not in _said(text)


def test_ifconfig_only_is_lower_and_ip_link_wins() -> None:
    text = "ifconfig doesn't show can0"
    assert first(text) == "CAN002"
    # from the source's format (iproute2 `ip link show`): can0 exists and is down, so the statement is about ifconfig's view
    text_down = ("ifconfig doesn't show can0\n"
                 "\n"
                 "3: can0: <NOARP,ECHO> mtu 16 qdisc noop state DOWN mode DEFAULT group default qlen 128\n"
                 "    link/can \n")
    assert first(text_down) == "CAN001"


# ---- KAT001: the H723 named in prose ------------------------------------------------------------------------------------

# from the source's format (Katapult scripts/flashtool.py, a trimmed paste without the CONNECT block)
_SEND_BLOCK = ("Flashing '/home/pi/klipper/out/klipper.bin'...\n"
               "\n"
               "[ERROR:root:Flash Tool Error\n"
               "Traceback (most recent call last):\n"
               '  File "/home/pi/katapult/scripts/flashtool.py", line 427, in send_file\n'
               "    resp = await self.send_command('SEND_BLOCK', prefix + buf)\n"
               "FlashError: Error sending command [SEND_BLOCK] to Device\n")


@pytest.mark.parametrize("said", [
    # Arksine/katapult#155
    "We've been seeing this a fair bit of late, for flashing Klipper to the AFC-Lite (STM32H723 board) after successfully flashing Katapult.",
    "My board is an Octopus Pro H723 and Katapult is installed.",
    "The chip is a stm32h723zgt6.",
])
def test_h723_in_prose_with_send_block_is_kat001(said: str) -> None:
    assert first(said + "\n\n" + _SEND_BLOCK) == "KAT001"


def test_send_block_alone_or_other_chip_is_not_kat001() -> None:
    assert first(_SEND_BLOCK) != "KAT001"
    both = "The mainboard is an STM32H723 and the toolhead an STM32G0B1, flashing the toolhead fails.\n\n" + _SEND_BLOCK
    assert first(both) != "KAT001"


def test_stm32_part_normalised() -> None:
    from tests.textkit import events
    evs = [e for e in events("The chip is a STM32H723ZGT6 on this board.", "claims") if e["kind"] == "said_stm32_part"]
    assert evs and evs[0]["mcu"] == "stm32h723"
    evs = [e for e in events("My board is a BTT Octopus Pro H723 with Katapult on it.", "claims") if e["kind"] == "said_stm32_part"]
    assert evs and evs[0]["mcu"] == "stm32h723"


# ---- CAN007: another adapter works; bytes_invalid said in prose ---------------------------------------------------------

@pytest.mark.parametrize("text", [
    # bigtreetech/U2C#4
    "I waste 4 days to get 'not' running your usb-2-can adapter. CanBoot is not working (working with version 1.1 fine).",
    # bigtreetech/U2C#3
    "! when using U2C v1.1(STM32F072) - nothing on problem",
    # Arksine/katapult#44
    "EDIT: Seems to be an issue specifically with the BTT U2C v2.1, I was able to use Octopus Pro can bridge without issue.",
])
def test_other_adapter_works_is_can007(text: str) -> None:
    assert "said_other_adapter_works" in _said(text)
    assert first(text) == "CAN007"


@pytest.mark.parametrize("text", [
    # a serial adapter, not CAN
    "The ESP32 flashes fine with another USB to TTL adapter.",
    "It does not work with another CAN adapter either.",
    "Does the EBB work with a different CAN adapter?",
])
def test_other_adapter_not_said(text: str) -> None:
    assert "said_other_adapter_works" not in _said(text)


def test_bytes_invalid_said_is_can007() -> None:
    # bigtreetech/U2C#3
    text = "but it's found bytes_retransmit=20 and bytes_invalid=10~90 on klippy.log a lots of lines over 1,000 lines."
    assert "said_bytes_invalid" in _said(text)
    assert first(text) == "CAN007"
    assert "said_bytes_invalid" not in _said("bytes_invalid stays at 0 on the EBB, only bytes_retransmit rises.")


def test_other_adapter_not_over_bus_off() -> None:
    # from the source's format (iproute2 `ip -details link show can0`): the bus itself is off, CAN004 stays first
    text = ("3: can0: <NOARP,UP,LOWER_UP,ECHO> mtu 16 qdisc pfifo_fast state UP mode DEFAULT group default qlen 128\n"
            "    link/can  promiscuity 0 minmtu 0 maxmtu 0\n"
            "    can state BUS-OFF restart-ms 0\n"
            "\t  bitrate 1000000 sample-point 0.875\n"
            "\n"
            "It works fine with the U2C v1.1 though.\n")
    assert first(text) != "CAN007"


@pytest.mark.parametrize("line", [
    # tools' own rows that name the chip stay in their tools' blocks (Katapult flashtool.py, STM32CubeProgrammer, PlatformIO,
    # pyOCD, a Mainsail MCU row)
    "MCU type: stm32f103xe",
    "Detected Klipper binary version v0.12.0-458-gd886c176, MCU: stm32f103xe",
    "14:50:52:908 Device name : STM32F405xx/F407xx/F415xx/F417xx",
    "SYSTEM: STM32F103RCT6 72MHz 20KB RAM (64KB Flash)",
    "pyocd flash --target=stm32f103re firmware.bin",
    "mcu (stm32f401xc)",
])
def test_stm32_part_not_from_tool_rows(line: str) -> None:
    assert "said_stm32_part" not in _said(line)


def test_katapult_run_keeps_its_mcu_line() -> None:
    # from the source's format (Katapult scripts/flashtool.py, serial): the "MCU type:" row is the run's, not a claim
    text = ("Connecting to Serial Device /dev/ttyS0, baud 230400\n"
            "Attempting to connect to bootloader\n"
            "Katapult Connected\n"
            "Software Version: v0.0.1-110-g42909f8\n"
            "Protocol Version: 1.1.0\n"
            "Block Size: 64 bytes\n"
            "Application Start: 0x8002000\n"
            "MCU type: stm32f103xe\n")
    from tests.textkit import facts
    runs = facts(text).get("katapult", {}).get("runs", [])
    assert runs and runs[-1].get("mcu") == "stm32f103xe"


# ---- CAN006: a small transmit queue said in prose ------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "can0 is configured with txqueuelen 10 (the default), my EBB36 disconnects with Timer too close during prints",
    'Fixed it: my can0 file had no txqueuelen line, so the queue was only 10. After adding "up ip link set $IFACE txqueuelen 128" the Timer too close errors are gone.',
])
def test_small_txqueuelen_said_is_can006(text: str) -> None:
    assert "said_small_txqueuelen" in _said(text)
    assert first(text) == "CAN006"


@pytest.mark.parametrize("text", [
    "Should txqueuelen of can0 be 128 or 1024?",
    "I tried txqueuelen 128 and 1024 on can0, no change.",
    # from the source's format: iproute2's row and ifconfig's row stay theirs (the interface keeps its queue length)
    "3: can0: <NOARP,UP,LOWER_UP,ECHO> mtu 16 qdisc pfifo_fast state UP mode DEFAULT group default qlen 10",
    "        unspec 00-00-00-00-00-00-00-00-00-00-00-00-00-00-00-00  txqueuelen 10  (UNSPEC)",
    "    up ifconfig $IFACE txqueuelen 10",
])
def test_small_txqueuelen_not_from_questions_or_tool_rows(text: str) -> None:
    assert "said_small_txqueuelen" not in _said(text)


def test_ip_link_row_keeps_its_queue_length() -> None:
    from tests.textkit import facts
    text = "17: can0: <NOARP,UP,LOWER_UP,ECHO> mtu 16 qdisc pfifo_fast state UNKNOWN mode DEFAULT group default qlen 10\n"
    ifs = facts(text).get("can", {}).get("interfaces", [])
    assert ifs and ifs[0].get("txqueuelen") == 10


# ---- review s22: negative texts (the reviewer's probes) -----------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Could it be that it worked once with the ST-Link and now fails because of the firmware?",
    "It's not that it flashed once and then failed, it never connected at all with the ST-Link.",
    "If it flashed once and now fails, connect under reset with the ST-Link.",
    "After flashing once with the ST-Link it cannot connect, but Connect under reset fixed it and it works now.",
    "It never worked, not even the first time: the ST-Link cannot connect.",
    "Usually when the ST-Link flashes only once and then cannot connect, the firmware disabled SWD.",
    # a symptom after the flash, not a connect/flash failure
    "After flashing once with the ST-Link, the LED doesn't blink.",
    "After flashing the board once via ST-Link, the program doesn't run.",
    "I was able to flash it the first time with the ST-Link, but the USB port doesn't show up in Windows.",
    "After flashing once with the ST-Link, the firmware does not start; the board sits in the bootloader.",
    "The board was programmed once with the J-Link and now the app doesn't work after reset.",
    "The first flash worked with the ST-Link, and every flash since works too; only the serial monitor fails.",
    # another tool than a debug probe
    "After flashing the bootloader once with my USBasp the target cannot be programmed anymore.",
    "After flashing once with esptool, the target won't boot.",
    "My target board flashed only once through the Arduino IDE bootloader and now upload fails.",
    "After uploading once with avrdude, the target no longer responds to avrdude.",
    "The first upload worked fine, then the ESP32 target fails to connect: Failed to connect to ESP32: Timed out waiting for packet header",
])
def test_worked_once_review_negatives(text: str) -> None:
    assert "said_swd_worked_once" not in _said(text)
    assert first(text) != "SWD004"


@pytest.mark.parametrize("text, cause", [
    # from the source's format (avrdude 7, esptool 4, avrdude's stk500 driver behind the Arduino IDE): the tool's line keeps its cause
    ("After flashing the bootloader once with my USBasp the target cannot be programmed anymore.\n"
     "avrdude: error: program enable: target doesn't answer. 1\navrdude: initialization failed, rc=-1\n", "AVR001"),
    ("After flashing once with the Arduino IDE the target no longer uploads.\n"
     "avrdude: stk500_recv(): programmer is not responding\navrdude: stk500_getsync() attempt 10 of 10: not in sync: resp=0x00\n", "SER007"),
    ("The first upload worked fine, now it fails every time.\n"
     "A fatal error occurred: Failed to connect to ESP32: Wrong boot mode detected (0x13)! The chip needs to be in download mode.\n", "BOOT001"),
])
def test_worked_once_leaves_other_tools_their_cause(text: str, cause: str) -> None:
    assert first(text) == cause


@pytest.mark.parametrize("text", [
    "It's not that can0 doesn't exist, it exists but it's DOWN.",
    "If can0 does not show up, install gs_usb.",
    "Make sure can0 doesn't show up as DOWN.",
    "Why does can0 not show up after reboot?",
    "can0 does not exist anymore after I fixed it? No, it's there now.",
    "can0 does not show up until I run sudo ip link set can0 up type can bitrate 1000000.",
    "can0 does not show up in ip a. Edit: it does show up after replugging the U2C, works fine now.",
    "Before installing the driver can0 did not show up, now it works.",
    "There is no can0 in my printer.cfg, I use canbus_uuid.",
    "no can0 in the interfaces file, I used systemd-networkd instead.",
    "I have no can0 because I use USB not CAN, the printer works fine.",
    "can0 wird nicht angezeigt, obwohl ich den Treiber installiert habe?",
    "Ich habe kein CAN-Interface auf dem Pi, nur USB.",
    "Ich habe kein can netzwerk, mein Drucker läuft über USB.",
    "ifconfig doesn't show can0 but ip link shows it DOWN",
])
def test_no_can0_review_negatives(text: str) -> None:
    assert "said_no_can_interface" not in _said(text)
    assert first(text) != "CAN002"


@pytest.mark.parametrize("text", ["can0 does not show up in ifconfig.", "ifconfig does not show can0."])
def test_no_can0_via_ifconfig_wherever_named(text: str) -> None:
    from tests.textkit import events
    evs = [e for e in events(text, "claims") if e["kind"] == "said_no_can_interface"]
    assert evs and evs[0].get("via") == "ifconfig"


@pytest.mark.parametrize("text", [
    "The CAN bus works with another adapter? I have not tried.",
    "I don't know if the EBB works with another adapter.",
    "Katapult works fine with my U2C v2.1 now after updating the firmware.",
    "My printer with canbus works fine on the BTT Octopus v1.1.",
    "My EBB36 v1.2 works fine on the U2C.",
    "Flashed the EBB v1.2 through katapult, works.",
    "The CAN bus doesn't work with v1.1 either.",
    "It also fails with another adapter, so the U2C is not the problem.",
    "I tried the U2C v2.1 and v1.1, both fail with the same CAN error.",
    "Neither the U2C nor another adapter works with the EBB36.",
    "Does bytes_invalid increase on the CAN toolhead?",
    "bytes_invalid=0 on the EBB over CAN, all good.",
    "bytes_invalid=0 bytes_retransmit=12 on can0",
])
def test_can007_review_negatives(text: str) -> None:
    said = _said(text)
    assert "said_other_adapter_works" not in said and "said_bytes_invalid" not in said
    assert first(text) != "CAN007"


@pytest.mark.parametrize("text", [
    "Set txqueuelen to 128 on can0.",
    "You should set txqueuelen 128 on can0, the default of 10 is too small.",
    "The default CAN txqueuelen is 10, set it to 128.",
    "My can0 txqueuelen is 128 already, still Timer too close.",
    "can0 txqueuelen 1024 and bitrate 1000000, Klipper works fine.",
    "I set can0 txqueuelen to 128 and it fixed nothing, the errors are still there.",
    "Setting txqueuelen 128 on can0 was not the problem, the issue was the cable termination.",
    "The CAN bus queue is 128, bitrate is 1M, the EBB36 is fine.",
    "My can0 has qlen 10 and that was not the cause, the cable was.",
    "Klipper reports 8 of 10 queue slots used on the toolhead.",
    "The toolhead stops after 5 minutes; CAN queue fine.",
    "Klipper on can0 with txqueuelen 10 works without errors for months.",
])
def test_small_txqueuelen_review_negatives(text: str) -> None:
    assert "said_small_txqueuelen" not in _said(text)
    assert first(text) != "CAN006"


# from the source's format (Katapult scripts/flashtool.py over CAN; pyserial's write error on a USB link that dropped)
_SEND_BLOCK_CAN = ("Connecting to CAN UUID 0e0d81e4210c on interface can0\n"
                   "Flashing '/home/pi/klipper/out/klipper.bin'...\n"
                   "ERROR:root:Can Flash Error\n"
                   "FlashCanError: Error sending command [SEND_BLOCK] to Can Device\n")
_SERIAL_GONE = ("Flashing '/home/pi/klipper/out/klipper.bin'...\n"
                "ERROR:root:Error on serial write\n"
                "serial.serialutil.SerialException: write failed: [Errno 5] Input/output error\n"
                "ERROR:root:Flash Tool Error\n"
                "FlashError: Error sending command [SEND_BLOCK] to Device\n")


@pytest.mark.parametrize("text", [
    "The mainboard is an Octopus Pro H723 as USB-CAN bridge, flashing the EBB36 toolhead over CAN fails.\n\n" + _SEND_BLOCK_CAN,
    "The Octopus H723 is the bridge, the SB2209 (RP2040) toolhead fails to flash.\n\n" + _SEND_BLOCK,
    "The mainboard is an Octopus Pro H723 as CAN bridge, flashing the EBB36 toolhead via Katapult fails.\n\n" + _SEND_BLOCK,
    "My board is an Octopus Pro H723 and Katapult is installed. The USB cable came loose mid-flash.\n\n" + _SERIAL_GONE,
    "Is the STM32H723 known to need a full chip erase?\n\n" + _SEND_BLOCK,
    "My board is an Octopus Pro H723. I already did the full chip erase in DFU, still fails.\n\n" + _SEND_BLOCK,
    "It is not the H723 board, it's my Manta M8P with the CB1.\n\n" + _SEND_BLOCK,
])
def test_kat001_prose_part_review_negatives(text: str) -> None:
    assert first(text) != "KAT001"


def test_serial_write_error_keeps_usb003() -> None:
    text = "My board is an Octopus Pro H723 and Katapult is installed. The USB cable came loose mid-flash.\n\n" + _SERIAL_GONE
    assert first(text) == "USB003"


@pytest.mark.parametrize("text", [
    "My SKR board with an STM32F103 doesn't flash with sd card.",
    "The board is an STM32F407 and it does not update the firmware through the microSD slot (TF CARD).",
])
def test_stm32_part_does_not_swallow_sd_rows(text: str) -> None:
    assert "said_sd_not_taken" in _said(text)
    assert first(text) == "SD001"


def test_stm32_part_read_beside_another_row() -> None:
    # the part is still read on a line another row claims
    assert "said_stm32_part" in _said("The SKR is an STM32G0B1 board and it still boots the old firmware.")
