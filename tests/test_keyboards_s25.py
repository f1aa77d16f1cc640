"""Session 25, third wave, area keyboards: families found by unseen threads (heldout29/keyboards).

- GNU make's refusal "No rule to make target 'X', needed by 'Y'" in a QMK/tmk build: a prerequisite (a keyboard's source,
  the object built from it, the WinAVR template's <TARGET>.elf) is missing, so nothing is built -> FW005. Before, only the
  keyboard:keymap target and lib/ (submodule) forms were read; these texts fell to GEN001 (or to resemblance).
- make 3.81 (macOS's /usr/bin/make, old MSYS) quotes the target `X' instead of 'X': the existing QMK rows (keyboard:keymap
  target, lib/ submodule makefile) now read both quotings.

Texts marked "from the source's format" are built from GNU make's message format (remake.c), not pasted by anyone.
"""

from __future__ import annotations

from textkit import findings


def ids(text: str) -> list[str]:
    return [f.id for f in findings(text)]


# LeafCutterLabs/bigKNOB#4 (pasted): a QMK MSYS build whose keyboard source is missing
BIGKNOB = """$ qmk compile -kb leafcutterlabs/bigknob -km default
Ψ Compiling keymap with make -j 1 leafcutterlabs/bigknob:default

QMK Firmware 0.11.64
Making leafcutterlabs/bigknob with keymap default

make[1]: *** No rule to make target '.build/obj_leafcutterlabs_bigknob_default/keyboards/leafcutterlabs/bigknob/bigknob.o', needed by '.build/leafcutterlabs_bigknob_default.elf'.  Stop.
Make finished with errors
make: *** [Makefile:523: leafcutterlabs/bigknob:default] Error 1
"""

# qmk_firmware#54 (pasted): the WinAVR template's phony 'elf' target needs <TARGET>.elf, which a wrong KEYMAP leaves without a rule
TMK_ELF = "make: *** No rule to make target 'ergodox_ez.elf', needed by 'elf'.  Stop.\n"

# from the source's format: GNU make 3.81 (macOS /usr/bin/make) quotes `X'
TMK_ELF_381 = "make: *** No rule to make target `planck_rev4_default.elf', needed by `elf'.  Stop.\n"
QMK_TARGET_381 = """$ make keebio/bdn9/rev2:default
QMK Firmware 0.11.1
make: *** No rule to make target `keebio/bdn9/rev2:default'.  Stop.
"""
QMK_LIB_381 = """QMK Firmware 0.6.1
Making planck/rev4 with keymap default

make[1]: *** No rule to make target `lib/lufa/LUFA/makefile'.  Stop.
Make finished with errors
"""


def test_qmk_build_missing_prerequisite_is_build_failure():
    fs = findings(BIGKNOB)
    assert fs and fs[0].id == "FW005"
    assert "bigknob.o" in fs[0].message


def test_winavr_template_elf_without_rule_is_build_failure():
    assert ids(TMK_ELF)[:1] == ["FW005"]
    assert ids(TMK_ELF_381)[:1] == ["FW005"]


def test_make_381_quoting_of_qmk_target_and_submodule():
    fs = findings(QMK_TARGET_381)
    assert fs and fs[0].id == "FW005" and "keebio/bdn9/rev2:default" in fs[0].message
    assert ids(QMK_LIB_381)[:1] == ["FW005"]


def test_other_make_refusals_are_not_read_as_qmk_build():
    # a make outside QMK whose prerequisite is no WinAVR build product: not QMK's row (GEN001 quotes it as before)
    generic = "make: *** No rule to make target 'install', needed by 'all'.  Stop.\n"
    fs = findings(generic)
    assert not any(f.id == "FW005" and "QMK" in f.message for f in fs)
    # Klipper/Katapult's out/ build keeps its own parser and message
    klipper = "make: *** No rule to make target 'out/src/generic/timer_irq.o', needed by 'out/katapult.elf'.  Stop.\n"
    fs = findings(klipper)
    assert fs and fs[0].id == "FW005" and "QMK" not in fs[0].message


def test_healthy_qmk_build_stays_silent():
    ok = """QMK Firmware 0.14.9
Making crkbd/rev1 with keymap default

Linking: .build/crkbd_rev1_default.elf                                                          [OK]
Creating load file for flashing: .build/crkbd_rev1_default.hex                                   [OK]
Checking file size of crkbd_rev1_default.hex                                                     [OK]
 * The firmware size is fine - 26160/28672 (91%, 2512 bytes free)
"""
    assert ids(ok) == []


# (keyboards s25 review) the WinAVR makefile template's phony elf/hex targets are every WinAVR-era AVR project's (Marlin's old
# Makefile, USBasp, V-USB and LUFA demos), not only tmk's: without QMK's context the refusal is a plain make build, not "The
# QMK firmware build failed" with `qmk git-submodule` advice. From the source's format (GNU make remake.c)
def test_winavr_template_refusal_without_qmk_context_is_plain_make():
    for text in ("make: *** No rule to make target 'main.elf', needed by 'elf'.  Stop.\n",
                 "make: *** No rule to make target `applet/Marlin.elf', needed by `elf'.  Stop.\n",
                 TMK_ELF):
        fs = findings(text)
        assert fs and fs[0].id == "FW005" and fs[0].severity == "error", text
        assert "QMK" not in fs[0].message and "qmk " not in (fs[0].ask or ""), text
        assert "needed by 'elf'" in fs[0].message, text  # the event's `needed`, read by FW005's message


def test_winavr_template_refusal_with_qmk_context_keeps_qmk_reading():
    text = "QMK Firmware 0.5.100\nmake: *** No rule to make target 'planck_rev4_foo.elf', needed by 'elf'.  Stop.\n"
    fs = findings(text)
    assert fs and fs[0].id == "FW005" and "QMK" in fs[0].message


# (keyboards s25 review) Windows' make names itself after its executable: WinAVR's Programmers Notepad runs make.exe (make
# 3.81, `X' quoting), MinGW ships mingw32-make. From the source's format
def test_windows_make_names_read_the_refusal():
    for text in ("> \"make.exe\" all\nmake.exe: *** No rule to make target `main.elf', needed by `elf'.  Stop.\n> Process Exit Code: 2\n",
                 "mingw32-make: *** No rule to make target 'blink.hex', needed by 'hex'.  Stop.\n"):
        fs = findings(text)
        assert fs and fs[0].id == "FW005" and fs[0].severity == "error" and "no rule to make" in fs[0].message, text


def test_keyboard_name_typo_keeps_keyboard_reading():
    # guard: a misspelt keyboard (no such revision) still reads as the keyboard:keymap row did before this session
    text = "$ make crkbd/rev9:default\nmake: *** No rule to make target 'crkbd/rev9:default'.  Stop.\n"
    fs = findings(text)
    assert fs and fs[0].id == "FW005" and "does not hold that keyboard" in fs[0].message


def test_qmk_build_failure_gets_qmk_remedy_not_klippers():
    # (keyboards s25 review) the QMK build_error reading had no remediation of its own: the entry's Klipper one
    # ("cd ~/klipper && git pull", out/klipper.bin) was printed under a QMK build
    fs = findings(BIGKNOB)
    rem = fs[0].remediation
    assert "klipper" not in (rem.get("text", "") + " ".join(rem.get("commands", []))).lower()
    assert any(c.startswith("qmk ") for c in rem.get("commands", []))
