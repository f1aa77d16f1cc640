"""Redaction you can promise (issue 13): private values are recognised by value, not only by layout.

A property test plants generated values of every kind (serials in any by-id product name, lsusb, dmesg,
dfu-util and .config wordings; users and hosts in paths, prompts and the host facts; MACs in every spelling;
zero-padded IPs; CAN UUIDs; e-mail addresses; API keys, tokens, passwords, Wi-Fi SSIDs and passphrases) in one
field in its context, and bare, in other letter cases and wrapped over two lines, in other fields and texts;
neither the Markdown nor the JSON of the report may hold any of them.
"""

from __future__ import annotations

import copy
import json
import random
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from doctor import report

ALNUM = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"
HEX = "0123456789abcdef"

BASE = {
    "schema_version": 1,
    "mode": "scan",
    "host": {"hostname": "h", "user": {"name": "u", "home": "/home/u", "groups": ["dialout"]}, "kernel": "6.1.21-v8+"},
    "usb": {"devices": [{"vid": "1d50", "pid": "614e", "kind": "usb-serial", "product": "stm32f446xx", "serial": "S", "ttys": ["/dev/ttyACM0"]}]},
    "serial": {"ports": [{"device": "/dev/ttyACM0", "by_id": ["/dev/serial/by-id/x"], "usb": {"serial": "S"}}]},
    "kernel": {"events": [{"kind": "usb_new", "line": "usb 1-1: new full-speed USB device number 5 using xhci_hcd"}]},
    "klipper": {"printer_cfg": {"path": "/home/u/printer_data/config/printer.cfg", "mcus": [{"name": "mcu", "serial": "/dev/ttyAMA0"}]},
                "log": {"events": [{"kind": "shutdown", "line": "MCU 'mcu' shutdown: Timer too close"}]}},
    "text": {"failures": [{"line": "avrdude: stk500_recv(): programmer is not responding", "lineno": 1, "source": "1.txt", "tool": "avrdude"}]},
    "tool_runs": [{"tool": "lsusb", "argv": ["lsusb", "-v"], "returncode": 0, "stdout": "Bus 001 Device 005: ID 1d50:614e\n", "origin": "live"}],
    "avrdude": {"runs": [{"tool": "avrdude", "origin": "live", "stdout": "avrdude done.  Thank you.\n", "events": []}]},
}
FINDINGS = [{"id": "SER001", "slug": "x", "severity": "error", "confidence": 0.9, "message": "m", "evidence": [{"path": "p", "value": "v"}],
             "remediation": {"text": "t", "commands": ["sudo usermod -aG dialout u"]}}]


def _string_slots(obj: object, path: tuple = ()) -> list[tuple]:
    out = []
    if isinstance(obj, dict):
        for k, v in obj.items():
            out += _string_slots(v, path + (k,))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            out += _string_slots(v, path + (i,))
    elif isinstance(obj, str) and path and path[-1] not in ("vid", "pid", "kind", "severity", "id"):
        out.append(path)
    return out


def _put(obj: object, path: tuple, text: str, append: bool = True) -> None:
    for k in path[:-1]:
        obj = obj[k]  # type: ignore[index]
    obj[path[-1]] = (obj[path[-1]] + " " + text + " ") if append else text  # type: ignore[index]


def _serial(rng: random.Random) -> str:
    body = [rng.choice(ALNUM) for _ in range(rng.randint(8, 24))]
    i, j = rng.sample(range(len(body)), 2)
    body[i] = rng.choice("0123456789")  # a serial number holds a digit (a word without one is not taken for one)
    body[j] = rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ")
    return "".join(body)


def _word(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("bcdfgjkmnpqvwxz") for _ in range(n))


def _plants(rng: random.Random) -> list[tuple[str, str, list[str]]]:
    """(kind, value, [texts in which the value stands where a reader recognises it])."""
    serial = _serial(rng)
    product = rng.choice(["FTDI_FT232R_USB_UART", "Beacon_Beacon_RevH", "Silicon_Labs_CP2102N_USB_to_UART_Bridge_Controller", "Klipper_stm32f446xx", "katapult_rp2040"])
    ctx = rng.choice([
        f"/dev/serial/by-id/usb-{product}_{serial}-if00-port0",
        f"serial: /dev/serial/by-id/usb-{product}_{serial}-if00",
        f"[  3.1] usb 1-1.2: SerialNumber: {serial}",
        f"  iSerial                 3 {serial}",
        f'Found DFU: [0483:df11] ver=2200, devnum=5, cfg=1, intf=0, path="1-1", alt=0, name="@Internal Flash", serial="{serial}"',
        f'CONFIG_USB_SERIAL_NUMBER="{serial}"',
        f"SERIAL={serial}",
        f"serialnumber: {serial}",
    ])
    user = "zq" + _word(rng, rng.randint(3, 6))
    host = _word(rng, 4) + "-" + user
    mac = [rng.randrange(256) for _ in range(6)]
    mac_spelled = rng.choice([
        ":".join(f"{b:02x}" for b in mac), "-".join(f"{b:02X}" for b in mac),
        "{:02x}{:02x}.{:02x}{:02x}.{:02x}{:02x}".format(*mac), "".join(f"{b:02x}" for b in mac) if any(b > 9 for b in mac) else "b8" + "".join(f"{b:02x}" for b in mac[1:]),
    ])
    ip = f"192.168.{rng.randrange(256):03d}.{rng.randrange(1, 255):03d}" if rng.random() < 0.5 else f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
    uuid = "".join(rng.choice(HEX) for _ in range(11)) + "a"
    uuid = uuid[:5] + "7" + uuid[6:]
    email = f"{user}.{_word(rng, 3)}@{_word(rng, 5)}.example"
    secret = "".join(rng.choice("abcdefghjkmnpqrstuvwxyzABCDEFGH23456789") for _ in range(rng.randint(12, 24)))
    secret_ctx = rng.choice([f"api_key={secret}", f"X-Api-Key: {secret}", f"token: {secret}", f'password="{secret}"', f"psk={secret}",
                             f'ssid="{secret}"', f"Authorization: Bearer {secret}", f'"access_token": "{secret}"', f"wpa_passphrase={secret}"])
    home = rng.choice([f"/home/{user}/printer_data", f"C:\\Users\\{user}\\Documents", f"/Users/{user}/klipper", f"{user}@{host}:~ $ ls"])
    return [
        ("serial", serial, [ctx]),
        ("user", user, [home]),
        ("host", host, [f"{user}@{host}:~ $ sudo dmesg"]),
        ("mac", mac_spelled, [f"link/ether {mac_spelled} brd ff:ff:ff:ff:ff:ff"]),
        ("ip", ip, [f"inet {ip}/24"]),
        ("uuid", uuid, [f"canbus_uuid: {uuid}"]),
        ("email", email, [f"mail {email}"]),
        ("secret", secret, [secret_ctx]),
    ]


def _variants(kind: str, value: str, rng: random.Random) -> list[str]:
    """The value as it may appear elsewhere: other letter cases, wrapped over two lines."""
    out = [value, value.upper(), value.lower()]
    if kind in ("serial",) and len(value) >= 10:
        cut = rng.randint(3, len(value) - 3)
        out.append(value[:cut] + "\n    " + value[cut:])
    return out


def _all_text(obj: object) -> str:
    """Every string of a JSON document (keys too), one per line: a value wrapped inside a string stays wrapped."""
    out: list[str] = []
    stack = [obj]
    while stack:
        x = stack.pop()
        if isinstance(x, str):
            out.append(x)
        elif isinstance(x, dict):
            out.extend(k for k in x if isinstance(k, str))
            stack.extend(x.values())
        elif isinstance(x, list):
            stack.extend(x)
    return "\n".join(out)


def _leaks(value: str, text: str) -> bool:
    flat = re.sub(r"\r?\n[ \t>]*", "", text).lower()
    v = value.lower()
    if v in text.lower() or v in flat:
        return True
    if re.fullmatch(r"[0-9a-f:.\-]+", v) and len(re.sub(r"[^0-9a-f]", "", v)) == 12:  # a MAC in any other spelling
        bare = re.sub(r"[^0-9a-f]", "", v)
        return bare in re.sub(r"[^0-9a-f]", "", flat) and any(
            s in flat for s in (bare, ":".join(bare[i:i + 2] for i in range(0, 12, 2)), "-".join(bare[i:i + 2] for i in range(0, 12, 2)))
        )
    return False


@settings(max_examples=120, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 2**32))
def test_planted_private_values_never_reach_the_report(seed: int) -> None:
    rng = random.Random(seed)
    facts = copy.deepcopy(BASE)
    findings = copy.deepcopy(FINDINGS)
    plants = _plants(rng)
    by_kind = {k: v for k, v, _ in plants}
    facts["host"]["user"]["name"] = by_kind["user"]
    facts["host"]["user"]["home"] = f"/home/{by_kind['user']}"
    facts["host"]["hostname"] = by_kind["host"]
    if rng.random() < 0.5:
        facts["usb"]["devices"][0]["serial"] = by_kind["serial"]
    slots = _string_slots(facts)
    fslots = _string_slots(findings)
    for kind, value, contexts in plants:
        for text in contexts:
            _put(facts, rng.choice(slots), text)
        for variant in _variants(kind, value, rng):
            if rng.random() < 0.5:
                _put(findings, rng.choice(fslots), variant)
            else:
                _put(facts, rng.choice(slots), variant)
    out_facts, out_findings = report.redact(facts, findings)
    md = report.markdown(out_facts, out_findings)
    js = report.to_json(out_facts, out_findings)
    for kind, value, _ in plants:
        for where, text in (("Markdown", md), ("JSON", _all_text(json.loads(js)))):
            assert not _leaks(value, text), f"{kind} {value!r} leaked into the {where}"


def test_the_same_value_gets_the_same_placeholder_in_markdown_and_json() -> None:
    facts = copy.deepcopy(BASE)
    facts["usb"]["devices"][0]["serial"] = "2B0040001750344D30353320"
    facts["serial"]["ports"][0]["by_id"] = ["/dev/serial/by-id/usb-Klipper_stm32f446xx_2B0040001750344D30353320-if00"]
    findings = copy.deepcopy(FINDINGS)
    findings[0]["message"] = "the board 2b0040001750344d30353320 at B8:27:EB:11:22:33 (b827.eb11.2233)"
    out_facts, out_findings = report.redact(facts, findings)
    md, js = report.markdown(out_facts, out_findings), report.to_json(out_facts, out_findings)
    assert out_facts["usb"]["devices"][0]["serial"] == "<serial-1>"
    assert "usb-Klipper_stm32f446xx_<serial-1>-if00" in js and "<serial-1>" in md
    assert out_findings[0]["message"] == "the board <serial-1> at <mac-1> (<mac-1>)"


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("serial: /dev/serial/by-id/usb-FTDI_FT232R_USB_UART_AK06N3EO-if00-port0", "AK06N3EO"),
        ("usb-Beacon_Beacon_RevH_5A4C3F2E515157384D202020FF0A2C1F-if00", "5A4C3F2E515157384D202020FF0A2C1F"),
        ("usb-Klipper_rp2040_E6613893\n  5F4B2B2A-if00", "E66138935F4B2B2A"),
        ("SERIAL=ABC123XYZ9", "ABC123XYZ9"),
        ("serialnumber: QWE7788990", "QWE7788990"),
        ("ALICE logged in on VORON-ALICE", "alice"),
        (r"C:\Users\bobby\klipper", "bobby"),
        ("/Users/bobby/klipper", "bobby"),
        ("b827.eb11.2233", "b827.eb11.2233"),
        ("b827eb445566", "b827eb445566"),
        ("192.168.001.050", "192.168.001.050"),
        ("canbus_uuid: 0e0d81e4210c", "0e0d81e4210c"),
        ("X-Api-Key: ZZZtoken999", "ZZZtoken999"),
        ('ssid="My Home Wifi"', "My Home Wifi"),
    ],
)
def test_the_leaks_of_issue_13(text: str, secret: str) -> None:
    facts = copy.deepcopy(BASE)
    facts["host"]["user"]["name"] = "alice"
    facts["text"]["failures"][0]["line"] = text
    out_facts, out_findings = report.redact(facts, FINDINGS)
    out = report.markdown(out_facts, out_findings) + "\n" + _all_text(json.loads(report.to_json(out_facts, out_findings)))
    assert not _leaks(secret, out)
