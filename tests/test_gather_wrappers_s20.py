"""(wrappers-ide s20) Families the round's unseen wrapper/IDE threads showed missing: libjaylink's J-Link open failure
under OpenOCD (Cortex-Debug), libusb's refused open inside st-flash's output (a DevContainer's EPERM), Node's spawn ENOENT
with a Windows or mangled path (VS Code extensions), an Arduino upload recipe run through `sh` with its tool package
unresolved and the shells' "can't open" for a missing script, and QMK's size check with its coloured text stripped
(QMK Configurator). Texts are written from the source's format (libjaylink discovery_usb.c, libusb os/linux_usbfs.c
get_usbfs_fd, libuv spawn errors, dash input.c/redir.c, busybox ash.c, qmk builddefs/message.mk), not copied from the threads."""

from __future__ import annotations

from textkit import findings, first


# --- libjaylink 0.1-0.3 discovery_usb.c / transport_usb.c: "Failed to open device: %s." with libusb_error_name()

def test_jlink_found_but_not_openable_on_windows_is_a_driver_problem() -> None:
    # from the source's format: OpenOCD forwards libjaylink's warning, then jlink.c finds no device it could use
    text = ("Open On-Chip Debugger 0.12.0\nInfo : auto-selecting first available session transport \"jtag\".\n"
            "Warn : Failed to open device: {code}.\nError: No J-Link device found\n")
    found = findings(text.format(code="LIBUSB_ERROR_NOT_FOUND"))
    assert found[0].id == "USB004"
    assert "J-Link" in found[0].message and "SEGGER" in (found[0].ask or "") and "STSW-LINK009" not in (found[0].ask or "")
    # the other two were read before this session (kept: the family's three forms)
    assert first(text.format(code="LIBUSB_ERROR_NOT_SUPPORTED")) == "USB004"
    assert first(text.format(code="LIBUSB_ERROR_ACCESS")) == "USB004"


def test_jlink_absent_stays_probe_not_found() -> None:
    # from the source's format: nothing with SEGGER's VID on the bus, so libjaylink never tried to open one
    assert first("Open On-Chip Debugger 0.12.0\nError: No J-Link device found\n") != "USB004"


# --- libusb 1.0.24+ get_usbfs_fd "libusb couldn't open USB device %s, errno=%d", logged by st-flash 1.6-1.8

def test_stflash_with_libusb_refusing_the_node_is_access_denied() -> None:
    # from the source's format: errno 13 is the node's mode, errno 1 a device cgroup (a container without the device)
    text = ("st-flash 1.8.0\nlibusb: error [get_usbfs_fd] libusb couldn't open USB device /dev/bus/usb/001/005, errno={e}\n"
            "2025-05-20T12:41:32 WARN usb.c: Couldn't find any ST-Link devices\n")
    assert first(text.format(e=13)) == "USB004"
    assert first(text.format(e=1)) == "USB004"


def test_libusb_eperm_line_alone_is_access_denied() -> None:
    # from the source's format: libusb's own log lines from a program doctor has no parser for; EPERM is a sandbox's
    # refusal (review s20: the container answer, not a udev rule), at an error's confidence
    found = findings("libusb: error [get_usbfs_fd] libusb couldn't open USB device /dev/bus/usb/003/007, errno=1\n")
    assert found[0].id == "USB004" and found[0].severity == "error" and found[0].confidence >= 0.9
    assert "sandbox" in found[0].message and "--privileged" in (found[0].ask or "")


# --- libuv/Node "spawn <file> ENOENT" (VS Code extensions: Cortex-Debug, STM32 for VSCode, PlatformIO)

def test_node_spawn_enoent_with_a_windows_path_is_tool_missing() -> None:
    # from the source's format: the file as the extension gave it, with a drive letter and spaces
    assert first("Failed to launch OpenOCD GDB Server: Error: spawn C:\\Program Files (x86)\\OpenOCD\\bin\\openocd.exe ENOENT\n") == "TOOL001"


def test_node_spawn_eacces_with_a_windows_path_with_spaces_is_tool_missing() -> None:
    # from the source's format: libuv's EACCES for a bundled tool under a folder with a space
    assert first("Error: spawn C:\\Users\\First Last\\.vscode\\extensions\\x\\bin\\esptool EACCES\n") == "TOOL001"


def test_node_spawn_enoent_with_backslashes_eaten_is_tool_missing() -> None:
    # from the source's format: a settings.json path whose backslashes were read as escapes runs into the code
    assert first("Failed to launch OpenOCD GDB Server: Error: spawn C:envoolsOpenOCD-0.10.0inENOENT\n") == "TOOL001"


# --- Arduino IDE 1.8: a recipe run through sh with an unresolved tool path; the shells' "can't open" for a missing script

def test_arduino_recipe_through_sh_with_remove_placeholder_is_tool_missing() -> None:
    # from the source's format: the verbose upload echo of stm32duino's Linux pattern, then dash 0.5.10's message
    text = ("Sketch uses 13432 bytes (5%) of program storage space. Maximum is 262144 bytes.\n"
            "sh ___REMOVE___/stm32CubeProg.sh 0 /tmp/arduino_build_1/Blink.ino.bin -g \n"
            "sh: 0: Can't open ___REMOVE___/stm32CubeProg.sh\nAn error occurred while uploading the sketch\n")
    assert first(text) == "TOOL001"


def test_shell_cannot_open_a_script_is_tool_missing() -> None:
    # from the source's format: dash 0.5.3-0.5.10, dash 0.5.11+, busybox ash; inside an IDE's output and alone
    for line in ("sh: 0: Can't open /home/u/.arduino15/packages/STM32/tools/STM32Tools/1.4.0/tools/linux/stm32CubeProg.sh",
                 "sh: 0: Can't open /home/u/tools/flash.sh", "/bin/sh: 1: Can't open upload.sh",
                 "sh: 0: cannot open /home/u/tools/stm32CubeProg.sh: No such file",
                 "sh: can't open './upload.sh': No such file or directory"):
        assert first(line + "\nAn error occurred while uploading the sketch\n") == "TOOL001", line
        assert first(line + "\n") == "TOOL001", line


def test_shell_cannot_open_a_port_is_not_a_missing_tool() -> None:
    # from the source's format: a redirection from a missing port reads the same in dash 0.5.11+
    assert first("sh: 1: cannot open /dev/ttyACM0: No such file\n") != "TOOL001"


# --- qmk builddefs/message.mk MSG_FILE_TOO_BIG with its coloured text dropped (QMK Configurator compile log)

def test_qmk_size_check_without_its_coloured_phrase_is_image_too_large() -> None:
    # from the source's format: " * " + (coloured "The firmware is too large!" removed) + " N/M (K bytes over)"
    text = ("Copying kbd_x_default.bin to qmk_firmware folder\nChecking file size of kbd_x_default.bin\n"
            " *  24800/24576 (224 bytes over)\n")
    assert first(text) == "FW004"
    assert any(f.id == "FW004" for f in findings(" *  28900/28672 (228 bytes over)\n"))
