"""Session 7, katapult-can: rows for CanBoot's 2022 flash_can.py wordings (SEND_BLOCK's ACK check, the USB bootloader
wait: Arksine/CanBoot scripts/flash_can.py 794ccd6 and b267acc) and for pastes whose line breaks were lost (forum
mirrors that flatten a code block: forum.vorondesign.com, gitmemories.com). Lines are real (the threads' pastes, as
the mirrors print them) or the tools' own source; each test can fail."""

from __future__ import annotations

from typing import Any

import pytest

from doctor import engine
from doctor.parsers import parse_stream


def facts(text: str) -> dict[str, Any]:
    return parse_stream(iter(text.splitlines()), "t.txt")


def findings(text: str) -> list[Any]:
    return [f for f in engine.evaluate(facts(text)) if f.severity in ("error", "warning") and not f.secondary_to]


def first(text: str) -> str | None:
    found = findings(text)
    return found[0].id if found else None


def katapult_kinds(text: str) -> list[str]:
    return [e["kind"] for r in (facts(text).get("katapult") or {}).get("runs", []) for e in r.get("events", [])]


# ---- CanBoot flash_can.py 2022: SEND_BLOCK's ACK compared byte for byte ------------------------------------------

ACK_FAIL = """\
pi@voron:~/CanBoot/scripts $ python3 flash_can.py -i can0 -f ~/klipper/out/klipper.bin -u 3799962ca524
Sending bootloader jump command...
Resetting all bootloader node IDs...
Checking for canboot nodes...
Detected UUID: 3799962ca524, Application: CanBoot
Attempting to connect to bootloader
CanBoot Connected
Protocol Version: 1.0.0
Block Size: 64 bytes
Application Start: 0x10004000
MCU type: rp2040
Verifying canbus connection
Flashing '/home/pi/klipper/out/klipper.bin'...

[#########
Expected resp: bytearray(b'\\x01\\x88\\xa1\\x00\\t\\x03'), Recd: b''
ERROR:root:Can Flash Error
FlashCanError: Did not receive ACK for sent block 9
"""


def test_missing_block_ack_is_a_send_block_failure() -> None:
    assert "katapult_write_error" in katapult_kinds(ACK_FAIL)
    (run,) = facts(ACK_FAIL)["katapult"]["runs"]
    assert run.get("failed_command") == "SEND_BLOCK" and not run.get("success")
    assert first(ACK_FAIL) == "CAN007"  # a CAN transfer dying mid-write on a non-H723 MCU


def test_missing_block_ack_alone_is_never_silent() -> None:
    assert first("FlashCanError: Did not receive ACK for sent block 3") is not None


def test_a_verify_retry_is_not_a_failure() -> None:
    text = ("Write complete: 13 pages\nVerifying (block count = 413)...\n\n[#########\nRead Timeout, Retrying...\n"
            "#########################################]\n\nVerification Complete: SHA = DF9F878419F13509BFA40F1B3D4E919EA5B6DD78\n"
            "CAN Flash Success\n")
    assert findings(text) == []


# ---- CanBoot flash_can.py 2022-06 .. 2023: -d on a Klipper USB device waits for the USB bootloader --------------

@pytest.mark.parametrize("line", [
    "Entering USB Bootloader....................Failed to detect usb device",
    "Failed to detect usb device",
])
def test_usb_bootloader_never_came_back(line: str) -> None:
    text = "pi@voron:~/CanBoot/scripts $ python3 flash_can.py -d /dev/serial/by-id/usb-Klipper_stm32f446xx_1-if00\n" + line + "\n"
    assert "katapult_reconnect_timeout" in katapult_kinds(text)
    assert first(text) == "BOOT001"


def test_usb_bootloader_found_is_healthy() -> None:
    text = ("pi@voron:~/CanBoot/scripts $ python3 flash_can.py -d /dev/serial/by-id/usb-Klipper_stm32f446xx_1-if00\n"
            "Entering USB Bootloader.....found\nAttempting to connect to bootloader\nCanBoot Connected\n"
            "Flashing '/home/pi/klipper/out/klipper.bin'...\n[##################################################]\n"
            "Write complete: 2 pages\nVerification Complete: SHA = 8BD03B80BBC27AD4AD5F9458B830AA19E4C35B0E\nCAN Flash Success\n")
    assert "katapult_reconnect_timeout" not in katapult_kinds(text)
    assert findings(text) == []


# ---- pastes whose line breaks were lost -------------------------------------------------------------------------

# forum.vorondesign.com/threads/problems-flashing-sb2209-rp2040.2341 as its mirror prints the "Code:" block
FLAT_SEND_BLOCK = (
    "Code:biqu@BTT-CB1:~$ python3 ~/katapult/scripts/flashtool.py -i can0 -u 43c7cab7362b -f ~/klipper/out/klipper.bin "
    "b'5623' Connecting to CAN UUID 43c7cab7362b on interface can0 Sending bootloader jump command... Resetting all "
    "bootloader node IDs... Detected Klipper binary version v0.12.0-384-g847331260, MCU: rp2040 Attempting to connect to "
    "bootloader Katapult Connected Software Version: v0.0.1-96-gbc1ecea Protocol Version: 1.1.0 Block Size: 64 bytes "
    "Application Start: 0x10004000 MCU type: rp2040 Verifying canbus connection Flashing "
    "'/home/biqu/klipper/out/klipper.bin'... [######################ERROR:root:Flash Tool Error Traceback (most recent "
    "call last): File \"/home/biqu/katapult/scripts/flashtool.py\", line 835, in run await flasher.send_file() File "
    "\"/home/biqu/katapult/scripts/flashtool.py\", line 427, in send_file resp = await self.send_command('SEND_BLOCK', "
    "prefix + buf) File \"/home/biqu/katapult/scripts/flashtool.py\", line 406, in send_command raise "
    "FlashError(\"Error sending command [%s] to Device\" % (cmdname)) FlashError: Error sending command [SEND_BLOCK] to "
    "Device During handling\n")


def test_flattened_flashtool_run_reads_like_the_printed_one() -> None:
    (run,) = facts(FLAT_SEND_BLOCK)["katapult"]["runs"]
    assert run["interface"] == "can" and run.get("mcu") == "rp2040" and run.get("failed_command") == "SEND_BLOCK"
    unflattened = FLAT_SEND_BLOCK.replace(" Connecting to", "\nConnecting to").replace(" Attempting", "\nAttempting") \
        .replace(" Katapult Connected", "\nKatapult Connected").replace(" MCU type", "\nMCU type") \
        .replace(" Flashing '", "\nFlashing '").replace(" FlashError: Error", "\nFlashError: Error")
    assert first(FLAT_SEND_BLOCK) == first(unflattened) == "CAN007"


def test_flattened_healthy_run_stays_healthy() -> None:
    # gitmemories.com/Arksine/CanBoot/issues/158: a run that flashed, its first lines flattened
    text = ("Connecting to CAN UUID 2d48171f6998 on interface can0 Sending bootloader jump command... Resetting all "
            "bootloader node IDs... Detected Klipper binary version v0.12.0-468-gd679f711, MCU: stm32g0b1xx Attempting to "
            "connect to bootloader Katapult Connected Software Version: v0.0.1-91-g604b7e5 Protocol Version: 1.1.0 Block "
            "Size: 64 bytes Application Start: 0x8002000 MCU type: stm32g0b1xx Verifying canbus connection Flashing "
            "'/home/pi/klipper/out/klipper.bin'...\n[##################################################]\n"
            "Write complete: 16 pages Verifying (block count = 496)...\n[##################################################]\n"
            "Verification Complete: SHA = 414E45041D7092E4375C1D3966AE777A3083776C Programming Complete\n")
    (run,) = facts(text)["katapult"]["runs"]
    assert run.get("success") and run.get("mcu") == "stm32g0b1xx"
    assert findings(text) == []


def test_flattened_canbus_query_traceback() -> None:
    # github.com/FYSETC/FYSETC-SPIDER/issues/126's paste, its lines joined as a mirror prints them
    text = ("pi@mainsailos:~/klipper $ ~/klippy-env/bin/python ~/klipper/scripts/canbus_query.py can0 Traceback (most recent "
            "call last): File \"/home/pi/klipper/scripts/canbus_query.py\", line 64, in <module> main() File "
            "\"/home/pi/klippy-env/lib/python3.7/site-packages/can/interfaces/socketcan/socketcan.py\", line 459, in "
            "bind_socket sock.bind((channel,)) OSError: [Errno 19] No such device\n")
    events = (facts(text).get("can") or {}).get("queries", [{}])[0].get("events", [])
    assert [e["kind"] for e in events] == ["can_no_device"] and events[0]["interface"] == "can0"
    assert first(text) == "CAN002"


def test_flattened_ip_details_keeps_the_can_state() -> None:
    # github.com/tonyrog/can/issues/2's `ip -details link show can0`, its lines joined
    text = ("3: can0: <NO-CARRIER,NOARP,UP,ECHO> mtu 16 qdisc pfifo_fast state DOWN mode DEFAULT group default qlen 10 "
            "link/can  promiscuity 0 can state BUS-OFF (berr-counter tx 248 rx 0) restart-ms 0 bitrate 250000 sample-point "
            "0.875 tq 250 prop-seg 6 phase-seg1 7 phase-seg2 2 sjw 1 c_can: tseg1 2..16 tseg2 1..8 sjw 1..4 brp 1..1024 "
            "brp-inc 1 clock 24000000\n")
    (iface,) = facts(text)["can"]["interfaces"]
    assert iface["can_state"] == "BUS-OFF" and iface["bitrate"] == 250000 and iface["berr_tx"] == 248
    assert first(text) == "CAN004"
