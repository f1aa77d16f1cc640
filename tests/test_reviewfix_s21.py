"""(reviewfix s21) Defects a read-only review of the session-21 changes found, each fixed as a family:

1. avr_claims: avrdude's `-b` (baud) is not `-B` (bit clock): the flag is read case-sensitively;
2. jlink: the auto-detection's "Trying ..." continuations are a try that goes on, not a failure;
3. avr_claims: a success only hoped, heard of or advised ("doesn't seem to work", "should work", "works for some people,
   but not for me", "Try adding -B 32, that usually works") is no claim;
4. failure cue network_down needs a CAN word on the line (ssh, ping, curl print the same strerror); the generic failure
   scan keeps "network is down" and a report of it; can_error_state not on a denial ("never goes bus-off");
5. AVR001: a bare rc=-2 after "AVR device not responding" stays AVR005 (6.x linuxspi / bit-bang);
6. avr_claims + AVR003: a USBtiny 64 KiB sentence that asks, rules the limit out, or sits beside a run of another programmer;
7. probe_rs: `sudo $(which probe-rs)` and `sudo env "PATH=$PATH" probe-rs` are runs as root;
8. SER007: Rust std's Windows console refusal only beside a serial console (ravedude); any other program's stdout -> GEN001.

Texts are the reviewer's test sentences written from the tools' formats ("from the source's format"), not pasted threads."""

from __future__ import annotations

import pytest

from textkit import events, findings, first


def _claims(text: str) -> list[str]:
    return [e["kind"] for e in events(text + "\n", "claims", "avr-claims")]


# 1 -------------------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("line", [
    "Using -b 57600 worked, it's an old Nano bootloader.",
    "I had to use -b 19200 with Arduino as ISP",
    "Using -b 115200 worked for esptool.",
    "avrdude needs -b 19200 for ArduinoISP",
    "With -b 57600 it works, the old bootloader needs that baud rate.",
])
def test_the_baud_option_is_not_the_bit_clock(line: str) -> None:
    assert not _claims(line), line


def test_baud_fix_under_a_not_in_sync_log_is_not_avr001() -> None:
    text = ("avrdude: stk500_recv(): programmer is not responding\n"
            "avrdude: stk500_getsync() attempt 10 of 10: not in sync: resp=0x00\n\n"
            "Using -b 57600 worked, it's an old Nano bootloader.\n")
    assert first(text) != "AVR001"


def test_the_bit_clock_still_claims() -> None:
    for line in ("Using -B 32 worked.", "-B 32 fixed it, thanks!", "I had to use -B 10 for brand new chips."):
        assert set(_claims(line)) == {"said_bitclock_fix"}, line


# 3 -------------------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("line", [
    "With -B 32 it doesn't seem to work.",
    "With -B 32 nothing works.",
    "I read that -B 32 works for some people, but not for me.",
    "Setting -B 32 should work according to the wiki, will try tomorrow.",
    "Try adding -B 32, that usually works.",
    "You could try setting -B 32, that worked for others.",
    "Using -B 32 is supposed to work.",
    "It went on failing. Try adding -B 32, it worked for me.",
])
def test_a_hoped_heard_or_advised_success_is_no_claim(line: str) -> None:
    assert not _claims(line), line


def test_a_stated_success_after_another_sentence_still_claims() -> None:
    assert set(_claims("It failed at first. Adding -B 32 fixed it.")) == {"said_bitclock_fix"}


# 2 -------------------------------------------------------------------------------------------------------------------
def test_jlink_autodetect_that_then_connects_is_no_fault() -> None:
    # J-Link Commander V6.44, from the source's format
    text = ("SEGGER J-Link Commander V6.44 (Compiled Mar  1 2019 17:23:51)\n"
            "Connecting to J-Link via USB...O.K.\nVTref=3.300V\nDevice \"NRF52832_XXAA\" selected.\n"
            "Connecting to target via SWD\nInitTarget()\n"
            "Failed to identify target. Trying again with slow (4 kHz) speed.\n"
            "Found SW-DP with ID 0x2BA01477\nScanning AP map to find all available APs\n"
            "Found Cortex-M4 r0p1, Little endian.\nCortex-M4 identified.\n")
    assert not [f for f in findings(text) if f.severity == "error"], [f.id for f in findings(text)]
    # Keil's JLink Info pane, from the source's format
    text = ("JLink Info: Device \"STM32F103C8\" selected.\n"
            "JLink Info: No devices found on JTAG chain. Trying to find device on SWD.\n"
            "JLink Info: Found SWD-DP with ID 0x1BA01477\nJLink Info: Found Cortex-M3 r1p1, Little endian.\n"
            "Programming Done.\n")
    assert not [f for f in findings(text) if f.severity == "error"], [f.id for f in findings(text)]


def test_jlink_autodetect_that_finds_nothing_is_still_a_failure() -> None:
    text = ("Connecting to J-Link via USB...O.K.\nVTref=3.300V\nConnecting to target via SWD\n"
            "No devices found on JTAG chain. Trying to find device on SWD.\nNo device found on SWD.\n"
            "Did not find any core.\nFailed to identify target.\n")
    assert first(text) == "SWD002"
    kinds = [e["kind"] for e in events("SEGGER J-Link Commander V6.44\nFailed to identify target. Trying again with slow (4 kHz) speed.\n",
                                       "openocd", "jlink")]
    assert "dp_connect_failed" not in kinds


# 4 -------------------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "ssh: connect to host 192.168.1.50 port 22: Network is down",
    "ping: sendto: Network is down",
    "curl: (7) Failed to connect to github.com port 443: Network is down",
])
def test_network_down_without_can_is_not_can001(text: str) -> None:
    assert first(text + "\n") == "GEN001"


def test_a_wifi_network_down_aside_is_no_fault() -> None:
    assert not findings("My wifi network is down half the time, unrelated. Anyway the printer works.\n")


def test_network_down_with_can_words_is_can001() -> None:
    for text in ("can.CanError: Failed to transmit: [Errno 100] Network is down",
                 "mcu 'MKS_THR': Unable to open CAN port: Failed to transmit: [Errno 100] Network is down",
                 "It says network down when I run cansend can0 123#00"):
        assert first(text + "\n") == "CAN001", text


def test_a_denied_error_state_is_not_can004() -> None:
    text = "The state is ERROR-ACTIVE, it never goes bus-off or error-passive, yet klipper says Timer too close.\n"
    assert first(text) != "CAN004"
    assert first("can state switches from `ERROR-ACTIVE` to `ERROR-PASSIVE`\n") == "CAN004"


# 5 -------------------------------------------------------------------------------------------------------------------
def test_rc_minus_2_after_device_not_responding_is_avr005() -> None:
    # avrdude 6.x linuxspi / bit-bang, from the source's format
    text = ("avrdude: error: AVR device not responding\navrdude: initialization failed, rc=-2\n"
            "         Double check connections and try again, or use -F to override\n         this check.\n")
    assert first(text) == "AVR005"


# 6 -------------------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("line", [
    "Does the USBtinyISP support chips with more than 64k of flash?",
    "The 64k limit of the USBtiny was fixed in avrdude 7.1, so that's not it.",
    "The USBtiny 64k verify limit is no longer an issue with avrdude 8.",
])
def test_usbtiny_64k_asked_or_ruled_out_is_no_claim(line: str) -> None:
    assert not _claims(line), line


def test_usbtiny_sentence_beside_a_usbasp_run_is_not_avr003() -> None:
    text = ("avrdude -c usbasp -p m2560 -U flash:w:Marlin.hex\n"
            "avrdude: AVR device initialized and ready to accept instructions\n"
            "avrdude: Device signature = 0x1e9801 (probably m2560)\n"
            "avrdude: verification error, first mismatch at byte 0x10000\n         0xff != 0x0c\n"
            "avrdude: verification error; content mismatch\n\n"
            "I read the USBtiny has a 64k limit on verify but I am using a USBasp.\n")
    assert first(text) != "AVR003"


# 7 -------------------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("sudo", ["sudo $(which probe-rs) list", 'sudo env "PATH=$PATH" probe-rs list',
                                  "sudo -E env PATH=/home/me/.cargo/bin:/usr/bin probe-rs list", "sudo `which probe-rs` list"])
def test_probe_rs_as_root_through_which_or_env_is_permissions(sudo: str) -> None:
    text = ("$ probe-rs list\nNo debug probes were found.\n$ " + sudo + "\n"
            "The following debug probes were found:\n[0]: STLink V2 -- 0483:3748:0668FF (ST-LINK)\n")
    assert first(text) == "USB004", sudo


# 8 -------------------------------------------------------------------------------------------------------------------
def test_a_rust_program_stdout_panic_is_not_a_serial_baud() -> None:
    text = ("   Compiling mytool v0.1.0\n    Finished dev [unoptimized + debuginfo] target(s) in 2.1s\n"
            "     Running `target\\debug\\mytool.exe dump firmware.bin`\n"
            "thread 'main' panicked at 'failed printing to stdout: Windows stdio in console mode does not support writing "
            "non-UTF-8 byte sequences', library\\std\\src\\io\\stdio.rs:1019:9\n")
    assert first(text) == "GEN001"


def test_the_same_panic_in_a_ravedude_console_is_ser007() -> None:
    # ravedude 0.1.x console.rs, from the source's format
    text = ("Console COM3 at 57600 baud\nCTRL+C to exit.\n"
            "thread '<unnamed>' panicked at src\\console.rs:35:32:\n"
            "called `Result::unwrap()` on an `Err` value: Error { kind: InvalidData, message: \"Windows stdio in console mode "
            "does not support writing non-UTF-8 byte sequences\" }\n")
    assert first(text) == "SER007"
