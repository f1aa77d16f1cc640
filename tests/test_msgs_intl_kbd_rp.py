"""Round intl-kbd-rp (session 7, second wave): keyboards, RP2040 and USB as pasted in non-English forums and blogs.

Windows names a device whose enumeration failed, and reports it in its notification and device status, in the
language of the installation: Japanese (`不明な USB デバイス(デバイス記述子要求の失敗)`, pasted on a Japanese blog about a
Pro Micro), Korean, Traditional Chinese (描述元), and the Code 43 sentence "A request for the USB device descriptor
failed." by its noun phrase in French, Spanish, Italian, Portuguese, Polish, Japanese, Chinese and Korean. Each must
become the same event as the English wording (USB002 ranks it; FW003 is the alternative when only the application
fails), never silence. Lines that merely mention USB devices in those languages stay unclaimed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from doctor.cli import main
from doctor.facts import iter_events
from doctor.parsers import parse_stream


def kinds(text: str) -> list[str]:
    facts = parse_stream(iter(text.strip("\n").splitlines()), "paste")
    return [e["kind"] for _ns, e in iter_events(facts)]


def first_finding(tmp_path: Path, text: str, capsys: pytest.CaptureFixture[str]) -> str:
    f = tmp_path / "1.txt"
    f.write_text(text, encoding="utf-8")
    capsys.readouterr()
    main(["analyze", "--json", str(f)])
    findings = json.loads(capsys.readouterr().out)["findings"]
    return findings[0]["id"] if findings else "none"


DESCRIPTOR_FAILURES = [
    # Japanese Device Manager name (neo-sahara.com, a Pro Micro 5V/16MHz uploaded with the 3.3V/8MHz setting)
    "不明な USB デバイス(デバイス記述子要求の失敗)",
    "不明なUSBデバイス (デバイス記述子要求の失敗)",
    # Korean and Traditional Chinese Device Manager names
    "알 수 없는 USB 장치(장치 설명자 요청 실패)",
    "未知的 USB 裝置 (裝置描述元要求失敗)",
    # the Code 43 device-status sentence in other Windows languages
    "USB 장치 설명자에 대한 요청이 실패했습니다.",
    "Échec d'une demande de descripteur de périphérique USB.",
    "Error en una solicitud del descriptor de dispositivo USB.",
    "Richiesta descrittore dispositivo USB non riuscita.",
    "Falha em uma solicitação de descritor de dispositivo USB.",
    "Żądanie deskryptora urządzenia USB nie powiodło się.",
    "对 USB 设备描述符的请求失败。",
]


@pytest.mark.parametrize("line", DESCRIPTOR_FAILURES)
def test_localized_descriptor_failures_are_usb_descriptor_errors(line: str) -> None:
    assert "usb_descriptor_error" in kinds(line), line


@pytest.mark.parametrize("line", [
    "USBデバイスが認識されません",
    "このコンピュータに接続されているUSBデバイスの1つが正しく機能していないことが、Windowsによって認識されていません。",
    "USB 장치를 인식할 수 없음",
])
def test_localized_not_recognized_notifications(line: str) -> None:
    assert "usb_not_recognized" in kinds(line), line


@pytest.mark.parametrize("line", [
    "不明な USB デバイス(デバイス記述子要求の失敗)",
    "알 수 없는 USB 장치(장치 설명자 요청 실패)",
    "USBデバイスが認識されません",
])
def test_a_bare_localized_enumeration_failure_is_usb002_not_silence(tmp_path: Path, line: str,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    assert first_finding(tmp_path, line + "\n", capsys) == "USB002"


@pytest.mark.parametrize("line", [
    # mentions of USB devices and descriptors that are not Windows' failure names
    "USB デバイスを接続すると、ドライブとして認識されます。",
    "USBディスクリプタは、USBデバイスがホストに自身の構成や機能を伝えるための重要な情報を含むデータ構造です。",
    "알 수 없는 문제가 발생했습니다",
    "Le descripteur USB contient les identifiants VID et PID.",
])
def test_mentions_that_are_not_failures_are_not_descriptor_errors(line: str) -> None:
    assert "usb_descriptor_error" not in kinds(line) and "usb_not_recognized" not in kinds(line), line


# ---- macOS: avrdude's reads of a Caterina port failing with ENXIO ("Device not configured") -------------------------

CATALINA = """\
$ sudo avrdude -p atmega32u4 -c avr109 -P /dev/tty.usbmodem142101  -U flash:w:.build/choco60_pudding.hex

Connecting to programmer: .avrdude: ser_recv(): read error: Device not configured
avrdude: butterfly_recv(): programmer is not responding

avrdude: ser_recv(): read error: Device not configured
avrdude: butterfly_recv(): programmer is not responding
avrdude: ser_drain(): read error: Device not configured
"""


def test_device_not_configured_reads_name_the_macos_version_question(tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    """poyo.hatenablog.jp (macOS 10.15.0-10.15.1, fixed by 10.15.2): still BOOT008 first (the bootloader leaving gives
    the same lines), but the question names the macOS versions that broke avrdude with every Caterina bootloader."""
    f = tmp_path / "1.txt"
    f.write_text(CATALINA, encoding="utf-8")
    capsys.readouterr()
    main(["analyze", "--json", str(f)])
    first = json.loads(capsys.readouterr().out)["findings"][0]
    assert first["id"] == "BOOT008"
    assert "Device not configured" in first["message"] and "10.15.2" in (first.get("ask") or ""), first


def test_not_responding_without_device_not_configured_keeps_the_plain_message(tmp_path: Path,
                                                                             capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "1.txt"
    f.write_text(CATALINA.replace("read error: Device not configured", "read error: Input/output error"), encoding="utf-8")
    capsys.readouterr()
    main(["analyze", "--json", str(f)])
    first = json.loads(capsys.readouterr().out)["findings"][0]
    assert first["id"] == "BOOT008" and "10.15.2" not in (first.get("ask") or ""), first


# ---- Windows Code 28: no driver installed for the device --------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "The drivers for this device are not installed. (Code 28)",
    "Die Treiber für dieses Gerät wurden nicht installiert. (Code 28)",
    "このデバイスのドライバーがインストールされていません。 (コード 28)",
    "Los controladores para este dispositivo no están instalados. (Código 28)",
])
def test_code_28_in_any_language_is_driver_not_installed(line: str) -> None:
    assert "driver_not_installed" in kinds(line), line


def test_code_28_on_rp2_boot_is_usb004_not_gen001(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """forum.micropython.org t=10849 (Windows 7): 'RP2 Boot' under Other devices with Code 28, Thonny finds no port."""
    text = ("Windows Manage Computer / Devices / Other Devices / RP2 Boot with yellow exclamation mark\n"
            "The drivers for this device are not installed. (Code 28)\n")
    assert first_finding(tmp_path, text, capsys) == "USB004"


@pytest.mark.parametrize("line", ["Code 280 bytes were written", "(Code 43)", "Port 28 (COM28) opened"])
def test_other_numbers_are_not_code_28(line: str) -> None:
    assert "driver_not_installed" not in kinds(line), line
