"""Rows and rules added for the byid-common round (session 16): the common fault ids in forms doctor had not met
(rusb/libusb error texts of wchisp and wlink on Windows, uuu's libusb return codes, cmd.exe splitting an unquoted path,
QMK Toolbox's keyboard-list fetch, avrdude's ja/zh Windows messages after a wrong decode, the rusEFI console's DfuSe)."""

from __future__ import annotations

from tests.textkit import events, first, kinds, serious

# wchisp before be71a08 (2023-02-20): rusb::Error::NotSupported of device.open() printed bare (Windows, WCH's driver bound)
WCHISP_NOT_SUPPORTED = """C:\\Users\\Max>C:\\Users\\Max\\Downloads\\wchisp.exe probe
19:15:25 [INFO] Found 1 devices
19:15:25 [INFO] hint: use `wchisp info` to check chip info
Error: Operation not supported or unimplemented on this platform"""

# wlink before 80e15fa (rusb backend): error.rs "USB error: {0}" with rusb's Display
WLINK_NOT_FOUND = """.\\wlink.exe
Error: USB error: Entity not found

Caused by:
    Entity not found"""

WLINK_ACCESS = "Error: USB error: Access denied (insufficient permissions)"

# libuuu/trans.cpp ensure_interface_claimed: libusb_detach_kernel_driver's return code, -3 = LIBUSB_ERROR_ACCESS
UUU_DETACH_ACCESS = """uuu (Universal Update Utility) for nxp imx chips -- libuuu_1.5.201-10-g311ee9b

Success 0    Failure 1


1:1-         1/ 2 [detach kernel driver failure (-3)     ] SDP: boot -f "u-boot-dtb.imx\""""

UUU_CLAIM_BUSY = """uuu (Universal Update Utility) for nxp imx chips -- libuuu_1.5.201-10-g311ee9b

Success 0    Failure 1


1:1-         1/ 2 [Failure claim interface (-6)     ] SDP: boot -f "u-boot-dtb.imx\""""

# cmd.exe split an unquoted "C:\\Users\\pc de marco\\..." at its space
PATH_SPLIT_COMPILE = ("'C:\\Users\\pc' is not recognized as an internal or external command, operable program or batch file. "
                      "exit status 1 Error compiling for board Generic PY32F002A Series.")
PATH_SPLIT_PROGRAM = """'C:\\Program' is not recognized as an internal or external command,
operable program or batch file."""
REAL_MISSING = """'avrdude' is not recognized as an internal or external command,
operable program or batch file."""

QMK_TOOLBOX_NO_NETWORK = """*** DFU device connected: ATmega32U4 -- 03EB:2FF4:0001 {eb781aaf-9c70-4523-a5df-642a87eca567}

Something went wrong when trying to get the keyboard list from QMK.FM, you might not have a internet connection or the servers are down.

*** Attempting to flash, please don't remove device

>>> dfu-programmer.exe atmega32u4 erase --force

Erasing flash... Success

Checking memory from 0x0 to 0x6FFF... Empty."""

AVRDUDE_REASON = """avrdude: ser_open(): can't open device "\\\\.\\COM3": {reason}

avrdude done.  Thank you."""

RUSEFI_DFUSE_SILENT = """Giving time for USB enumeration...
Executing .\\.\\DfuSe/DfuSeCommand.exe -c -d --v --fn ..\\rusefi.dfu
Done!
0 / 0
ERROR: does not look like DFU has worked!
Please power cycle device to exit DFU mode"""


def test_wchisp_bare_not_supported_is_a_windows_driver() -> None:
    assert "usb_driver_missing" in kinds(WCHISP_NOT_SUPPORTED, "flash")
    assert first(WCHISP_NOT_SUPPORTED) == "USB004"


def test_wlink_rusb_entity_not_found_is_a_windows_driver() -> None:
    assert "usb_no_driver" in [e["kind"] for e in events(WLINK_NOT_FOUND, "openocd", "wlink")]
    assert first(WLINK_NOT_FOUND) == "USB004"


def test_wlink_rusb_access_denied() -> None:
    assert "usb_access_denied" in [e["kind"] for e in events(WLINK_ACCESS, "openocd", "wlink")]
    assert first(WLINK_ACCESS) == "USB004"


def test_uuu_detach_kernel_driver_access_is_usb_permission() -> None:
    assert "usb_access_denied" in kinds(UUU_DETACH_ACCESS, "flash")
    assert first(UUU_DETACH_ACCESS) == "USB004"


def test_uuu_other_libusb_codes_stay_a_transfer_failure() -> None:
    assert "transfer_failed" in kinds(UUU_CLAIM_BUSY, "flash")
    assert "USB004" not in serious(UUU_CLAIM_BUSY)


def test_cmd_exe_path_split_in_a_compile_is_the_build() -> None:
    assert first(PATH_SPLIT_COMPILE) == "FW005"
    assert "TOOL001" not in serious(PATH_SPLIT_COMPILE)


def test_cmd_exe_path_split_is_no_missing_tool() -> None:
    assert "TOOL001" not in serious(PATH_SPLIT_PROGRAM)
    assert first(REAL_MISSING) == "TOOL001"


def test_qmk_toolbox_keyboard_list_fetch_is_benign() -> None:
    assert serious(QMK_TOOLBOX_NO_NETWORK) == []


def test_avrdude_windows_reasons_after_a_wrong_decode() -> None:
    # Shift-JIS / GBK FormatMessage text decoded as UTF-8 (U+FFFD) or cp1252/latin-1; the cp1252 forms as the parsers see
    # them, their curly quotes (’ ‚ ”) folded by the reader (_reader._plain) before any row
    for reason in ("�w�肳�ꂽ�t�@�C����������܂���B", "Žw'è'³'ê'½ƒtƒ@ƒCƒ‹'ªŒ©'Â'©'è'Ü'¹'ñ", "ϵͳ�Ҳ���ָ�����ļ���",
                   "ϵͳÕÒ²»µ½Ö¸¶¨µÄÎļþ¡£"):
        assert first(AVRDUDE_REASON.format(reason=reason)) == "SER005", reason
    for reason in ("�A�N�Z�X�����ۂ���܂����B", "ƒAƒNƒZƒX'ª‹'\"Û'³'ê'Ü'µ'½", "�ܾ����ʡ�", "¾Ü¾ø·ÃÎÊ¡£"):
        assert first(AVRDUDE_REASON.format(reason=reason)) == "SER003", reason


def test_rusefi_console_silent_dfusecommand_did_not_start() -> None:
    assert first(RUSEFI_DFUSE_SILENT) == "TOOL001"


POSIX_REASON = """avrdude: ser_open(): can't open device "/dev/ttyUSB0": {reason}

avrdude done.  Thank you."""


def test_glibc_localised_errno_texts_on_a_tty() -> None:
    # glibc strerror in ru / zh_CN / ja / pl / de: EACCES, EBUSY, ENOENT on a /dev/ port
    for reason in ("Отказано в доступе", "权限不够", "許可がありません", "Brak dostępu"):
        assert first(POSIX_REASON.format(reason=reason)) == "SER004", reason
    for reason in ("Das Gerät oder die Ressource ist belegt", "Устройство или ресурс занято", "设备或资源忙"):
        assert first(POSIX_REASON.format(reason=reason)) == "SER003", reason
    for reason in ("Нет такого файла или каталога", "没有那个文件或目录", "そのようなファイルやディレクトリはありません"):
        assert first(POSIX_REASON.format(reason=reason)) == "SER005", reason


def test_russian_access_denied_on_a_com_port_stays_busy() -> None:
    assert first(AVRDUDE_REASON.format(reason="Отказано в доступе.")) == "SER003"
