"""Session 13, printer-forks (Klipper as shipped or wrapped by printer vendors and front-ends): message rows and rules
added for held-out threads of that area.

- A shell's `Permission denied` on a /dev/serial/by-* path typed as a command (prind#273) is not a tty refusal; the same
  line after a `> path` redirection still is (SER004)."""

from __future__ import annotations

from textkit import first, kinds, serious


def test_shell_ran_by_id_path_is_not_a_tty_permission_fault():
    text = "-bash: /dev/serial/by-id/usb-1a86_USB_Serial-if00-port0: Permission denied"
    assert kinds(text, "serial") == ["serial_device_run"]
    assert first(text) == "GEN001"
    assert "SER004" not in serious(text)


def test_zsh_ran_by_id_path():
    text = "zsh: permission denied: /dev/serial/by-id/usb-Klipper_stm32f446xx_1A0035-if00"
    assert kinds(text, "serial") == ["serial_device_run"]
    assert first(text) == "GEN001"


def test_redirect_into_by_id_path_stays_a_permission_refusal():
    text = ("$ echo M115 > /dev/serial/by-id/usb-1a86_USB_Serial-if00-port0\n"
            "-bash: /dev/serial/by-id/usb-1a86_USB_Serial-if00-port0: Permission denied")
    assert kinds(text, "serial") == ["serial_permission_denied"]
    assert first(text) == "SER004"


def test_shell_redirect_to_plain_tty_unchanged():
    assert first("$ sudo cat chip.bin >/dev/ttyACM0\nbash: /dev/ttyACM0: Permission denied") == "SER004"
    assert first("bash: /dev/ttyACM0: Permission denied") == "SER004"
