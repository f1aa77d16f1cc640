"""Session 25, area boot-dfu-avr: families found by unseen threads (heldout27/boot-dfu-avr).

- Atmel FLIP's "AtLibUsbDfu.dll not found" dialog (the DFU device has no Atmel/libusb driver bound) retyped in a report:
  the DLL name quoted, "is/was not found", "missing", "could not find/load AtLibUsbDfu.dll" -> USB004, not a missing tool.
  A conditional or advice line naming the message is no failure of the run.

Texts marked "from the source's format" are built from the tool's dialog wording, not pasted by anyone.
"""

from __future__ import annotations

from textkit import findings


def ids(text: str) -> list[str]:
    return [f.id for f in findings(text)]


# grbl/grbl#995 (trimmed): FLIP on Windows 8.1 with an Uno R3's 16U2; fixed by installing the driver that comes with FLIP
FLIP_REPORT = """When I try to "Load HEX File" with FLIP, I get "Address is out of Range" error.
...
I think it is the "AtLibUsbDfu.dll" file, but I don't have any idea of how to go about installing it.
When I run FLIP, it complains that "AtLibUsbDfu.dll" is not found.
"""


def test_flip_dll_not_found_retyped_is_driver_not_tool():
    got = ids(FLIP_REPORT)
    assert got and got[0] == "USB004"
    assert "TOOL001" not in got


# from the source's format: FLIP's dialog text as it prints it, and other retypings of it
def test_flip_dll_wordings():
    for line in ("atlibusbdfu.dll not found",
                 "FLIP 3.4.7: AtLibUsbDfu.dll was not found",
                 "Error: could not load AtLibUsbDfu.dll",
                 "the Atmel FLIP window says AtLibUsbDfu.dll is missing"):
        got = ids(line + "\n")
        assert got and got[0] == "USB004", (line, got)


def test_flip_dll_advice_and_mention_are_no_failure():
    # (review s25) no finding at all: with the row guarded, the generic "library missing" cue read these as TOOL001
    for line in ("If FLIP says AtLibUsbDfu.dll not found, install the driver from FLIP's usb folder.",
                 "Make sure AtLibUsbDfu.dll is not missing from the FLIP bin folder.",
                 "I think it is the \"AtLibUsbDfu.dll\" file, but I don't know how to install it."):
        assert ids(line + "\n") == [], line


# (review s25) plausible forum sentences: advice, a conditional or a question anywhere in the line, a negation
def test_flip_dll_advice_question_negation_anywhere_are_no_failure():
    for line in ("- If FLIP says AtLibUsbDfu.dll not found, install the driver.",
                 "> If FLIP says AtLibUsbDfu.dll not found, install the driver.",
                 "Try reinstalling FLIP if it says AtLibUsbDfu.dll not found.",
                 "So if you get AtLibUsbDfu.dll not found, point Device Manager at the usb folder.",
                 "When FLIP says AtLibUsbDfu.dll not found, install the driver from the usb folder.",
                 "The FLIP manual says you may see AtLibUsbDfu.dll not found if the driver is not installed.",
                 "You should check whether FLIP says AtLibUsbDfu.dll not found.",
                 "Is it because AtLibUsbDfu.dll is missing?",
                 "Could it be that AtLibUsbDfu.dll is not found",
                 "I no longer get the AtLibUsbDfu.dll not found error.",
                 "It doesn't complain that AtLibUsbDfu.dll is missing anymore."):
        assert ids(line + "\n") == [], line


# (review s25) the sibling wordings a report retypes (Windows' "could not be found", "missing X.dll"), and reports that open
# with "When I ..." / "If I ..." (grbl #995's own line opens with "When I run FLIP"): USB004, not TOOL001 or GEN001
def test_flip_dll_sibling_wordings_and_reports():
    for line in ("FLIP complains that AtLibUsbDfu.dll could not be found.",
                 "FLIP says AtLibUsbDfu.dll cannot be found",
                 "FLIP error about missing AtLibUsbDfu.dll",
                 "The code execution cannot proceed because AtLibUsbDfu.dll was not found.",
                 "When I run FLIP 3.4.7, it complains that \"AtLibUsbDfu.dll\" is not found.",
                 "Whenever I open FLIP I get AtLibUsbDfu.dll not found, and then nothing works.",
                 "If I select USB, FLIP says AtLibUsbDfu.dll not found.",
                 "Could not load AtLibUsbDfu.dll",
                 "Can't flash the 16U2: AtLibUsbDfu.dll not found"):
        got = ids(line + "\n")
        assert got and got[0] == "USB004", (line, got)


# (review s25) the question guard scanned from each "AtLibUsbDfu.dll" to the sentence's end (".dll" never ends one):
# quadratic on a long pasted line naming the DLL many times (tests/test_hostile_regex.py's adversarial lines)
def test_flip_dll_row_is_linear_on_a_long_line():
    import re
    import time

    from doctor.parsers.dfu_programmer import MESSAGES

    line = "AtLibUsbDfu.dll" * 3000  # 45 KB
    for row in MESSAGES:
        if "AtLibUsbDfu\\.dll" in row.pattern:
            t = time.perf_counter()
            re.search(row.pattern, line)
            assert time.perf_counter() - t < 0.5, row.pattern[:60]
