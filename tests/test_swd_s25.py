"""Session 25, area swd: families found by unseen threads (heldout27/swd).

- OpenOCD's ST-Link DAP-direct driver on a probe whose firmware predates V2J24 (stlink_usb.c 0.11-master: no DAP
  register API): the transport OpenOCD auto-selected ("dapdirect_swd", master's "swd (dapdirect)") beside the probe's
  "STLINK V2J17S4" line (derive.py openocd_stlink_hla_only), or 0.11/0.12's own "ST-Link version does not support DAP
  direct transport" -> SWD009, the family of the tools that refuse a probe's firmware as too old.
- pyOCD over an ST-Link, "STLink error (29): Bad AP" (constants.py Status.BAD_AP): the probe refused the access port
  -> SWD008.

Texts marked "from the source's format" are built from the tools' printf/logger formats, not pasted by anyone.
"""

from __future__ import annotations

from textkit import findings


def ids(text: str) -> list[str]:
    return [f.id for f in findings(text)]


# OpenOCD 0.12.0 src/transport/transport.c and stlink_usb.c, from the source's format
OCD_012_DAPDIRECT_OLD = """Open On-Chip Debugger 0.12.0
Licensed under GNU GPL v2
Info : auto-selecting first available session transport "dapdirect_swd". To override use 'transport select <transport>'.
Info : clock speed 1000 kHz
Info : STLINK V2J17S4 (API v2) VID:PID 0483:3748
Error: ST-Link version does not support DAP direct transport
"""

# OpenOCD master transport.c (the DEPRECATED warning, full transport name) with the probe line, from the source's format
OCD_MASTER_DAPDIRECT_OLD = """Open On-Chip Debugger 0.12.0+dev-01850-geb6f2745b
Warn : DEPRECATED: auto-selecting transport "swd (dapdirect)". Use 'transport select swd' to suppress this message.
Info : clock speed 1000 kHz
Info : STLINK V2J21S4 (API v2) VID:PID 0483:3748
"""

# Gissio/radpro#243 (trimmed): the reporter quoted the two lines inline
RADPRO = """Programming with STLINK V2 clone `STLINK V2J17S4 (API v2) VID:PID 0483:3748`

The included openocd tries connecting using DAP transport (which is not available on cheap clones) and fails.
`Info : auto-selecting first available session transport "dapdirect_swd". To override use 'transport select <transport>'.`
"""


def test_openocd_012_refuses_dap_direct_on_old_stlink_firmware() -> None:
    assert ids(OCD_012_DAPDIRECT_OLD)[0] == "SWD009"


def test_openocd_master_dapdirect_with_pre_j24_stlink() -> None:
    assert ids(OCD_MASTER_DAPDIRECT_OLD)[0] == "SWD009"


def test_radpro_quoted_lines() -> None:
    assert ids(RADPRO)[0] == "SWD009"


def test_dapdirect_with_new_firmware_or_hla_with_old_firmware_is_not_this() -> None:
    # a V2J37 has the DAP API; hla_swd is the driver a V2J17 speaks: neither is the firmware refusal (from the source's format)
    new_fw = OCD_MASTER_DAPDIRECT_OLD.replace("V2J21S4", "V2J37S7") + "Error: init mode failed (unable to connect to the target)\n"
    assert "SWD009" not in ids(new_fw)
    hla = ("Info : auto-selecting first available session transport \"hla_swd\". To override use 'transport select <transport>'.\n"
           "Info : STLINK V2J17S4 (API v2) VID:PID 0483:3748\nInfo : Target voltage: 3.24\n"
           "Error: init mode failed (unable to connect to the target)\n")
    assert "SWD009" not in ids(hla)
    # a V3 always has it
    v3 = OCD_MASTER_DAPDIRECT_OLD.replace("STLINK V2J21S4 (API v2) VID:PID 0483:3748", "STLINK V3J7M3 (API v3) VID:PID 0483:374E")
    assert "SWD009" not in ids(v3)


def test_transport_line_alone_is_no_fault() -> None:
    healthy = ("Info : auto-selecting first available session transport \"hla_swd\". To override use 'transport select <transport>'.\n"
               "Info : STLINK V2J37S7 (API v2) VID:PID 0483:3748\nInfo : Target voltage: 3.236\n"
               "Info : stm32f1x.cpu: hardware has 6 breakpoints, 4 watchpoints\n** Programming Started **\n"
               "** Programming Finished **\n** Verified OK **\n")
    assert not [i for i in ids(healthy) if i.startswith("SWD") or i == "GEN001"]


# pyOCD probe/stlink/constants.py get_error_message, from the source's format
PYOCD_BAD_AP = """0000706 I Target type is nrf52 [board]
0001093 C STLink error (29): Bad AP [__main__]
"""


def test_pyocd_stlink_bad_ap_is_the_probe() -> None:
    assert ids(PYOCD_BAD_AP)[0] == "SWD008"
    # pyOCD#918's title quotes it without the text
    assert ids("pyOCD failed to flash - STLink error (29)\n")[0] == "SWD008"


def test_pyocd_other_stlink_errors_are_not_bad_ap() -> None:
    assert "SWD008" not in ids("0000882 C STLink error (9): Get IDCODE error [__main__]\n")[:1]


# (review s25) two OpenOCD invocations pasted in one block (one run to the parser): a V3 on the auto-selected dapdirect
# that could not reach its target, then the old V2J17 through interface/stlink-v2.cfg on hla_swd. The V2J17 never ran on
# dapdirect: no SWD009 (it used to pair the first invocation's transport with the second's probe). From the source's format
TWO_INVOCATIONS = """$ openocd -f interface/stlink.cfg -f target/stm32f1x.cfg
Open On-Chip Debugger 0.12.0
Info : auto-selecting first available session transport "dapdirect_swd". To override use 'transport select <transport>'.
Info : clock speed 1000 kHz
Info : STLINK V3J7M3 (API v3) VID:PID 0483:374E
Info : Target voltage: 3.28
Error: init mode failed (unable to connect to the target)
$ openocd -f interface/stlink-v2.cfg -f target/stm32f1x.cfg
Open On-Chip Debugger 0.11.0
Info : auto-selecting first available session transport "hla_swd". To override use 'transport select <transport>'.
Info : STLINK V2J17S4 (API v2) VID:PID 0483:3748
Info : Target voltage: 3.24
Error: init mode failed (unable to connect to the target)
"""


def test_review_transport_of_another_invocation_is_not_paired() -> None:
    assert "SWD009" not in ids(TWO_INVOCATIONS)
    # the other order: the old probe on hla first, a V3 on dapdirect after
    first, second = TWO_INVOCATIONS.split("$ openocd -f interface/stlink-v2.cfg")
    assert "SWD009" not in ids("$ openocd -f interface/stlink-v2.cfg" + second + first)
    # master's full names ("swd (hla)") end a dapdirect invocation too
    master = TWO_INVOCATIONS.replace('Info : auto-selecting first available session transport "hla_swd". To override use '
                                     "'transport select <transport>'.",
                                     'Warn : DEPRECATED: auto-selecting transport "swd (hla)". Use \'transport select swd\' to suppress this message.')
    assert "swd (hla)" in master and "SWD009" not in ids(master)
    # the same block whose second invocation did take dapdirect with the old probe is the refusal
    both = TWO_INVOCATIONS.replace('"hla_swd"', '"dapdirect_swd"')
    assert ids(both)[0] == "SWD009"


def test_review_radpro_with_its_hla_workaround_line() -> None:
    # Gissio/radpro#243 as pasted: the probe quoted first, the failing dapdirect line, then the working hla_swd line
    text = RADPRO + ("\nWorkaround is using the previous release's stlink.cfg, which defaults to HLA mode and everything is fine again.\n"
                     "`Info : auto-selecting first available session transport \"hla_swd\". To override use 'transport select <transport>'.`\n")
    assert ids(text)[0] == "SWD009"


def test_review_stlink_v1_and_run_on_paste() -> None:
    # an ST-Link/V1 (stlink_usb.c: no DAP register API on any V1 firmware), from the source's format
    v1 = OCD_MASTER_DAPDIRECT_OLD.replace("STLINK V2J21S4 (API v2) VID:PID 0483:3748", "STLINK V1J13S0 (API v1) VID:PID 0483:3744")
    assert ids(v1)[0] == "SWD009"
    # a forum paste that lost its line breaks (the pieces of one line keep their order)
    run_on = " ".join(OCD_MASTER_DAPDIRECT_OLD.splitlines()[1:]) + "\n"
    assert ids(run_on)[0] == "SWD009"


def test_review_dapdirect_with_new_firmware_healthy_flash() -> None:
    healthy = ('Warn : DEPRECATED: auto-selecting transport "swd (dapdirect)". Use \'transport select swd\' to suppress this message.\n'
               "Info : STLINK V2J37S7 (API v2) VID:PID 0483:3748\nInfo : Target voltage: 3.236\n"
               "Info : stm32f1x.cpu: hardware has 6 breakpoints, 4 watchpoints\n** Programming Started **\n"
               "** Programming Finished **\n** Verified OK **\n")
    assert not [i for i in ids(healthy) if i.startswith("SWD") or i == "GEN001"]


def test_review_pyocd_before_033_prints_unknown_error_for_29() -> None:
    # pyOCD 0.18-0.32: Status.MESSAGES had no 0x1d, get_error_message fell back to "Unknown error" (from the source's format)
    assert ids("0001093 C STLink error (29): Unknown error [__main__]\n")[0] == "SWD008"


def test_review_bad_ap_row_takes_only_29() -> None:
    # the other AP statuses (0x10-0x1a) are the link or the target, not the probe's refusal (from the source's format)
    for line in ("0000900 C STLink error (17): AP fault [__main__]\n", "0000900 C STLink error (290): Unknown error [__main__]\n",
                 "0000900 C STLink error (2): SPI error [__main__]\n"):
        assert "SWD008" not in ids(line), line
