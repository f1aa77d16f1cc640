"""(intl s22) Families the first-contact threads of the non-English round showed:

- dfu-util's "Cannot open DFU device VID:PID" (every dfu-util since 0.8) quoted in a post with the VID:PID elided
  ("cannot open DFU device ... と表示される", a Japanese QMK issue whose fix was Zadig's WinUSB driver) -> the same
  dfu_open_failed event as the printed line, so USB004; not when the sentence asks, advises, or says the message is gone.

Texts marked "from the source's format" are written from the tool's source (dfu-util src/main.c 0.8-0.11), the others are
lines of real threads."""

from __future__ import annotations

from textkit import events, first


def _kinds(text: str) -> list[str]:
    return [e["kind"] for e in events(text, "dfu")]


def test_the_quoted_message_with_its_id_elided_is_dfu_open_failed() -> None:
    # verxirtam/qmk_firmware#9 (Japanese): the whole description
    text = "cannot open DFU device ... と表示される\n"
    assert "dfu_open_failed" in _kinds(text)
    assert first(text) == "USB004"


def test_an_english_quote_with_an_ellipsis_or_closing_quote() -> None:
    assert first('QMK Toolbox says "Cannot open DFU device" and nothing else.\n') == "USB004"
    assert first("dfu-util keeps printing Cannot open DFU device ... whatever I do\n") == "USB004"


def test_the_printed_line_keeps_its_id() -> None:
    # from the source's format: dfu-util 0.9 main.c
    evs = [e for e in events("dfu-util: Cannot open DFU device 0483:df11\n", "dfu") if e["kind"] == "dfu_open_failed"]
    assert evs and evs[0].get("vid") == "0483"


def test_not_a_question_a_condition_advice_or_a_message_that_is_gone() -> None:
    for text in ('Why does it say "cannot open DFU device ..."?\n',
                 'If you get "cannot open DFU device ..." install the WinUSB driver with Zadig\n',
                 'Make sure it no longer says "Cannot open DFU device ..." before flashing\n',
                 'It doesn\'t say "Cannot open DFU device ..." anymore, it flashed fine\n'):
        assert "dfu_open_failed" not in _kinds(text), text
        assert first(text) != "USB004", text
