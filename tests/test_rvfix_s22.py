"""(review s22) Fixes to this session's probe-vendor, MPLAB and dfu-util rows after a read-only review:

- a secured Kinetis that the same log then unsecures (OpenOCD "MDM: Chip is unsecured", LinkServer "Part is not secured",
  a program/verify or "Finished writing Flash successfully" after it) is overcome, not SWD006;
- MPLAB: a failed attempt (no VDD, device id 0) followed by "Programming/Verify complete" is overcome; the message inside
  a sentence that says it is gone is not the failure; the debugger's "No source code lines were found at current PC." is
  benign;
- dfu-util's quoted "Cannot open DFU device" in a story of the fix (English, Japanese) or beside a finished download.

All texts are from the source's format (OpenOCD 0.11 kinetis.c, MCUXpresso kinetisconnect.scp, MPLAB X 5.x-6.x output,
dfu-util 0.9-0.11 main.c) or sentences written for the test, not pasted threads."""

from __future__ import annotations

from textkit import events, findings

_SECURED_OCD = ("Info : SWD DPIDR 0x2ba01477\n"
                "Warn : **** Your Kinetis MCU is in secured state, which means that,  ****\n")


def ids(text: str) -> list[str]:
    return [f.id for f in findings(text)]


def test_openocd_kinetis_unsecured_later_is_overcome() -> None:
    assert "SWD006" in ids(_SECURED_OCD)
    text = _SECURED_OCD + "> kinetis mdm mass_erase\nInfo : MDM: Chip is unsecured. Continuing.\n" \
        "wrote 65536 bytes from file fw.bin in 2.1s (30.4 KiB/s)\nverified 65536 bytes in 0.5s (128 KiB/s)\n"
    assert "SWD006" not in ids(text)
    text = _SECURED_OCD + "** Programming Started **\n** Programming Finished **\n** Verify Started **\n** Verified OK **\n"
    assert "SWD006" not in ids(text)


def test_linkserver_part_not_secured_later_is_overcome() -> None:
    secured = ("============= SCRIPT: kinetisconnect.scp =============\nKinetis Connect Script\nDpID = 2BA01477\n"
               "Part is secured\nMass Erase Required\n============= END SCRIPT =============================\n")
    assert "SWD006" in ids(secured)
    again = secured + "Mass erase completed\n============= SCRIPT: kinetisconnect.scp =============\nPart is not secured\n" \
        "============= END SCRIPT =============================\n"
    assert "SWD006" not in ids(again)
    assert "SWD006" not in ids(secured + "Writing 45680 bytes to address 0x00000000 in Flash\n"
                               "(100) Finished writing Flash successfully.\nFlash Write Done\n")


_MPLAB_OK = ("Connecting to MPLAB PICkit 3...\nProgrammer to target power is enabled - VDD = 5.000000 volts.\n"
             "Target device PIC16F1829 found.\nDevice Erased...\n\nProgramming...\n\nProgramming/Verify complete\n")


def test_mplab_failed_attempt_then_success_is_overcome() -> None:
    novdd = ("Connecting to MPLAB PICkit 3...\nTarget device was not found (could not detect target voltage VDD). "
             "You must connect to a target device to use PICkit 3.\n\n")
    badid = ("Connecting to MPLAB PICkit 3...\nTarget Device ID (0x0) is an Invalid Device ID. "
             "Please check your connections to the Target Device.\n\n")
    assert "SWD003" in ids(novdd) and "SWD003" not in ids(novdd + _MPLAB_OK)
    assert "SWD002" in ids(badid) and "SWD002" not in ids(badid + _MPLAB_OK)


def test_mplab_message_in_a_sentence_that_says_it_is_gone() -> None:
    gone = ("After I switched on 'Power target circuit from tool' it no longer says Target device was not found "
            "(could not detect target voltage VDD) and programming works.\n")
    assert "SWD003" not in ids(gone)
    assert "SWD003" not in ids("It doesn't say Target Vdd not detected. Please ensure the target device is connected anymore.\n")
    # the tool's own line, and a sentence quoting it, still count
    assert "SWD003" in ids("I get Target device was not found (could not detect target voltage VDD). You must connect ...\n")
    assert "SWD003" in ids("Target Vdd not detected. Please ensure the target device is connected.\n")


def test_mplab_debug_halt_without_source_is_benign() -> None:
    assert ids("No source code lines were found at current PC.\n") == []


def _dfu(text: str) -> list[str]:
    return [e["kind"] for e in events(text, "dfu")]


def test_dfu_quoted_open_failure_in_a_story_of_the_fix() -> None:
    for text in ('I used to get "Cannot open DFU device" but after installing WinUSB with Zadig it flashed fine.\n',
                 "Fixed the 'Cannot open DFU device' error by adding the udev rule, works great now.\n",
                 "[SOLVED] Cannot open DFU device\n",
                 'Solved: "Cannot open DFU device" was a missing udev rule.\n',
                 'Zadigでドライバを入れたら "Cannot open DFU device" は出なくなりました\n'):
        assert "dfu_open_failed" not in _dfu(text), text
        assert "USB004" not in ids(text) and "USB003" not in ids(text), text
    assert "USB004" in ids('QMK Toolbox says "Cannot open DFU device" and nothing else.\n')


def test_dfu_quoted_open_failure_beside_a_finished_download() -> None:
    paste = ("Opening DFU capable USB device...\nID 0483:df11\nDownload\t[=========================] 100%        20480 bytes\n"
             "Download done.\n")
    assert "dfu_open_failed" not in [k for k in _dfu(paste + "QMK Toolbox says \"Cannot open DFU device\" too.\n")]
    assert "USB004" not in ids(paste + "The old error 'Cannot open DFU device...' is gone.\n")
