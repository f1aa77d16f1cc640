"""(motor-controllers s15) Rows from the session-15 round on motor-controller boards: VESC Tool's serial-port messages
(vedderb/vesc_tool vescinterface.cpp, mainwindow.cpp; Qt qserialport_unix.cpp / _win.cpp error strings) and GNU ld's
undefined references as a failed firmware link on their own (a PlatformIO build of hoverboard motor-controller firmware)."""

from __future__ import annotations

from textkit import events, first, serious

# --- VESC Tool ------------------------------------------------------------------------------------------------------


def test_vesc_tool_port_not_writable_is_the_tty_group() -> None:
    assert first("Serial port is not writable\n") == "SER004"
    dialog = ("The serial port is not writable. This can usually be fixed by adding your user to the dialout, uucp and/or "
              "lock groups. Would you like to do that?\n")
    assert first(dialog) == "SER004"
    ev = events("Serial port error: Permission denied\n", "serial", "vesc_tool")
    assert ev and ev[0]["kind"] == "serial_permission_denied" and ev[0]["errno"] == 13
    assert first("Serial port error: Permission denied\n") == "SER004"


def test_vesc_tool_port_busy_or_locked_or_windows_access_denied_is_held() -> None:
    for text in ("Serial port error: Device or resource busy\n", "Serial port error: Permission error while locking the device\n",
                 "Serial port error: Access is denied.\n"):
        assert first(text) == "SER003", text


def test_vesc_tool_invalid_port_and_no_firmware_answer() -> None:
    assert first("Invalid serial port: /dev/ttyACM0\n") == "SER005"
    no_fw = ("Could not read firmware version. Make sure that the selected port really belongs to the VESC. If you are using "
             "UART, make sure that the port is enabled, connected correctly (rx to tx and tx to rx) and uses the correct "
             "baudrate\n")
    assert [e["kind"] for e in events(no_fw, "serial", "vesc_tool")] == ["vesc_no_fw_response"]
    assert first(no_fw) == "GEN001"


# --- GNU ld undefined references without the collect2 line -----------------------------------------------------------


def test_ld_undefined_references_alone_are_a_failed_build() -> None:
    text = ("Linking .pioenvs\\genericSTM32F103RC\\firmware.elf\n"
            ".pioenvs\\genericSTM32F103RC\\src\\bldc.o: In function `DMA1_Channel1_IRQHandler':\n"
            "bldc.c:(.text.DMA1_Channel1_IRQHandler+0x250): undefined reference to `blockPhaseCurrent'\n"
            "bldc.c:(.text.DMA1_Channel1_IRQHandler+0x2a2): undefined reference to `blockPWM'\n")
    assert first(text) == "FW005"
    assert "GEN001" not in serious(text)
