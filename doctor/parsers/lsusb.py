"""lsusb: the plain list, the tree (`-t`, `-tv`) and the verbose descriptors (`-v`, `-v -d vid:pid`).

Facts: every device becomes a `usb.devices` entry with origin "pasted", its bus/address, VID:PID,
the usb.ids description, and (from `-v`) the device's own manufacturer/product/serial strings, bcdDevice
and interfaces, plus `role`, `role_name`, `kind` and `raw_access` from the device table. `-t` nodes go
to `usb.tree` (port path, driver and class per interface) and, when `-tv` gives their ids, to the devices.

`usb-devices` (usbutils' script, the same records as /sys/kernel/debug/usb/devices): each `T:` line starts a device
(bus, Dev# = address, speed), `D:` gives its class (09 = hub), `P:` its Vendor/ProdID/Rev, `S:` its strings and `I:`
its interfaces with the driver bound to each; the devices join `usb.devices` like lsusb's.

macOS `system_profiler SPUSBDataType` (System Information > USB): a device's name line ("USB2.0-Serial:"), then its
`Product ID: 0x7523`, `Vendor ID: 0x1a86 (...)`, `Version`, `Serial Number`, `Manufacturer` and `Location ID` lines;
each becomes a `usb.devices` entry too (the bus lines "USB 3.0 Bus:" with their host controller are not devices).
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import Parser, register
from doctor.parsers._flashlog import classify_usb, id4

_PLAIN = re.compile(r"^Bus (\d{1,3}) Device (\d{1,3}): ID ([0-9a-fA-F]{4}):([0-9a-fA-F]{4})\s*(.*?)\s*$")
_INLINE_NEXT = re.compile(r"\bBus \d{3} Device \d{3}: ID [0-9a-fA-F]{4}:[0-9a-fA-F]{4}\b")
# (serial-cable-drivers s14) a listing pasted without its "Bus NNN Device NNN: ID " columns under the prompt that ran it
# ("$lsusb" / "0403:0000 Future Technology Devices International, Ltd H4SMK 7 Port Hub / Bricked Counterfeit FT232 ..."):
# only right after an `lsusb` prompt line, so a VID:PID mentioned in prose is not taken for a device
_PROMPT = re.compile(r"^(?:.{0,60}?[$#]\s*)?(?:sudo\s+)?lsusb\s*$")
# (fpga-jtag s15) also the macOS `lsusb` built on libusb's listdevs example: "0403:6010 (bus 20, device 10) path: 1" (ecpprog#12)
_BARE = re.compile(r"^([0-9a-fA-F]{4}):([0-9a-fA-F]{4})\s+(?:\(bus (?P<bus>\d+), device (?P<addr>\d+)\)(?: path: [\d.]+)?|(?P<desc>[A-Za-z].*?))\s*$")
# (klipper-printers s21) a listing's result told in a sentence ("lsusb shows 2e8a:0003 Raspberry Pi RP2 Boot", "lsusb now lists
# ID 0483:df11 STMicroelectronics STM Device in DFU Mode"): the device is on the bus as surely as in the listing, so it joins
# usb.devices; never a negated sentence ("lsusb doesn't show 1d50:614e"), and only right after a verb of showing, so a VID:PID
# merely named in prose is still not taken for a device
# (review s21) present tense only: "lsusb showed 2e8a:0003" (before flashing) or "has shown" tells what the bus held once, not now
_SAID_VERBS = r"(?:shows?|lists?|gives|returns?|reports?|displays?)"
_SAID = re.compile(r"\blsusb\b(?:(?:(?!\bnot\b|n't|\bnever\b|\bno longer\b|\bwithout\b).){0,40}?)\b" + _SAID_VERBS
                   + r"\b:?\s+(?:(?:only|just|me|now|still|a|an|the|device|entry)\s+){0,3}(?:ID\s+)?([0-9a-fA-F]{4}):([0-9a-fA-F]{4})\b"
                   + r"(?:\s+(?P<desc>[A-Za-z][^`\",?]{0,100}?))?(?=[\s)`\"\].,;:?]*$|\s*[,?]|\s+(?:but|when|if|instead|after|before|and then)\b)", re.IGNORECASE)
# (review s21) a hypothetical, a question or a condition is no result: "if lsusb shows ...", "does lsusb list ...", "Should lsusb
# show ...?", "whether lsusb shows", "neither lsusb shows" in the 30 characters before lsusb ("when I run lsusb it lists" is a
# result: the run itself is named); "lsusb should/would/could show", "is supposed/expected to", "used to", "fails to", "hasn't",
# "shows nothing" between lsusb and its verb
_SAID_COND_BEFORE = re.compile(r"\b(?:if|when|whenever|does|do|did|should|would|could|whether|expect\w*|neither|nor|unless|once)\b(?![^.;!?]*\b(?:I|we)\s+(?:run|ran|type|typed|do|did|enter|entered|try|tried|check|checked)\s*(?:sudo\s+)?$)[^.;!?]*$", re.IGNORECASE)
_SAID_COND_AFTER = re.compile(r"\b(?:should|would|could|might|will|supposed|expected|used\s+to|fails?|failed|hasn|hasnt|haven|nothing|can't|cannot|won't|wont)\b", re.IGNORECASE)


def _said_result(line: str) -> re.Match[str] | None:
    """A result of lsusb told in a sentence (`_SAID`), or None when the sentence is a condition, question or hypothetical."""
    m = _SAID.search(line)
    if not m:
        return None
    at = m.start()
    if _SAID_COND_BEFORE.search(line[max(0, at - 30):at]):
        return None
    verb = re.search(_SAID_VERBS, line[at:m.start(1)], re.IGNORECASE)
    if _SAID_COND_AFTER.search(line[at + 5:at + (verb.start() if verb else 0)]):
        return None
    if "?" in line[m.end():m.end() + 40].split(".")[0]:
        return None
    return m
_ROOT = re.compile(r"^/:\s+Bus (\d+)\.Port (\d+): Dev (\d+), (?:If (\d+), )?Class=([^,]*), Driver=([^,]*?)(?:/\d+p)?, (\S+)\s*$")
_NODE = re.compile(r"^(\s*)\|__ Port (\d+): Dev (\d+), If (\d+), Class=([^,]*), Driver=([^,]*), (\S+)\s*$")
_TREE_ID = re.compile(r"^\s*ID ([0-9a-fA-F]{4}):([0-9a-fA-F]{4})\s*(.*?)\s*$")
_VFIELD = re.compile(r"^\s+(idVendor|idProduct|bcdDevice|iManufacturer|iProduct|iSerial|bDeviceClass|bInterfaceNumber|"
                     r"bAlternateSetting|bInterfaceClass|bInterfaceSubClass|bInterfaceProtocol|iInterface|bcdDFUVersion|"
                     r"wTransferSize|wDetachTimeout|bmAttributes)\s+(\S+)(?:\s+(.*?))?\s*$")
# macOS system_profiler SPUSBDataType (10.x-15: "Product ID:" first, then "Vendor ID:"; tabs or spaces after the colon)
_SP_NAME = re.compile(r"^(\s+)(\S[^:]{0,80}):\s*$")
_SP_PID = re.compile(r"^\s+Product ID:\s+0x([0-9a-fA-F]{4})\s*$")
_SP_VID = re.compile(r"^\s+Vendor ID:\s+0x([0-9a-fA-F]{4})(?:\s+\((.*)\))?\s*$")
_SP_FIELD = re.compile(r"^\s+(Version|Serial Number|Manufacturer|Location ID|Speed):\s+(.*?)\s*$")
# usb-devices (usbutils/usb-devices printf formats; the debugfs file adds "*" after C:/I: for the active config)
_UD_T = re.compile(r"^T:\s+Bus=(\d+)\s+Lev=(\d+)\s+Prnt=(\d+)\s+Port=(\d+)\s+Cnt=(\d+)\s+Dev#=\s*(\d+)\s+Spd=(\S+)")
_UD_D = re.compile(r"^D:\s+Ver=\s*\S+\s+Cls=([0-9a-fA-F]{2})\(([^)]*)\)")
_UD_P = re.compile(r"^P:\s+Vendor=([0-9a-fA-F]{4})\s+ProdID=([0-9a-fA-F]{4})(?:\s+Rev=\s*(\S+))?")
_UD_S = re.compile(r"^S:\s+(Manufacturer|Product|SerialNumber)=(.*?)\s*$")
_UD_I = re.compile(r"^I:\*?\s+If#=\s*(\d+)\s+Alt=\s*(\d+)\s+#EPs=\s*\d+\s+Cls=([0-9a-fA-F]{2})\(([^)]*)\)\s+Sub=(\S+)\s+Prot=(\S+)\s+Driver=(\S*)")


@register
class LsusbParser(Parser):
    name = "lsusb"
    namespace = "usb"
    hints = ("bus ", "lsusb", "port", "idvendor", "idproduct", "descriptor", "binterface", "bcd", "iproduct", "imanufacturer", "iserial", "iinterface",
             "bus=", "vendor=", "bdevice", "vendor id", "product id")
    strong = (
        r"^Bus \d{3} Device \d{3}: ID [0-9a-fA-F]{4}:[0-9a-fA-F]{4}",
        r"^(?:.{0,60}?[$#]\s*)?(?:sudo\s+)?lsusb\s*$",  # the prompt line of a listing pasted without its Bus/Device/ID columns
        # a listing whose line breaks a web page dropped (answeroverflow, Discord mirrors): "$ lsusb Bus 001 Device 009:
        # ID 1d50:614e OpenMoko, Inc. stm32f446xx Bus 001 Device 001: ID 1d6b:0002 ..." on one line (see `_INLINE`)
        r"\bBus \d{3} Device \d{3}: ID [0-9a-fA-F]{4}:[0-9a-fA-F]{4}\b.{0,200}?\bBus \d{3} Device \d{3}: ID [0-9a-fA-F]{4}:",
        r"\blsusb\W{0,3} Bus \d{3} Device \d{3}: ID [0-9a-fA-F]{4}:[0-9a-fA-F]{4}\b",
        # (klipper-printers s21) the result told in a sentence (see `_SAID`)
        r"(?i)\blsusb\b(?:(?!\bnot\b|n't|\bnever\b|\bno longer\b|\bwithout\b).){0,40}?\b" + _SAID_VERBS + r"\b:?\s+(?:(?:only|just|me|now|still|a|an|the|device|entry)\s+){0,3}(?:ID\s+)?[0-9a-fA-F]{4}:[0-9a-fA-F]{4}\b",
        r"^/:\s+Bus \d+\.Port \d+: Dev \d+",
        r"^\s*\|__ Port \d+: Dev \d+, If \d+, Class=",
        r"^Device Descriptor:\s*$",
        r"^T:\s+Bus=\d+\s+Lev=\d+\s+Prnt=\d+\s+Port=\d+",  # usb-devices
        r"^P:\s+Vendor=[0-9a-fA-F]{4}\s+ProdID=[0-9a-fA-F]{4}",
        r"^\s+Vendor ID:\s+0x[0-9a-fA-F]{4}(?:\s+\(.*\))?\s*$",  # macOS system_profiler SPUSBDataType
    )
    # (healthy2 s9) usbutils lsusb.c with -v: notes of a listing run without root (the device cannot be opened, so strings
    # and some descriptors are left out) and of descriptors a device does not have (a full-speed device's qualifier, the
    # debug descriptor): the device is on the bus; these are no failure
    benign = (
        r"Couldn't open device, some information will be missing",
        r"can't get (?:device qualifier|debug descriptor)\b",
        r"can't get hub descriptor, LIBUSB_ERROR_(?:ACCESS|IO|PIPE)",
    )
    weak = (
        r"^\s+id(?:Vendor|Product)\s+0x[0-9a-fA-F]{4}",
        r"^\s+b(?:Interface(?:Class|SubClass|Protocol|Number)|cdDevice|DeviceClass)\s+\S",
        r"^\s+i(?:Manufacturer|Product|Serial|Interface)\s+\d",
        r"^\s+Product ID:\s+0x[0-9a-fA-F]{4}\s*$",
    )
    event_kinds = ()

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.devices: list[dict[str, Any]] = []
        self.tree: list[dict[str, Any]] = []
        self.current: dict[str, Any] | None = None
        self.iface: dict[str, Any] | None = None
        self.stack: list[tuple[int, str]] = []  # (indent, port path) of the -t nodes above
        self.tree_node: dict[str, Any] | None = None
        self.sp_name: str | None = None  # system_profiler: the name line above the next "Product ID:"
        self.after_prompt = False  # the previous lines were an `lsusb` prompt and bare "vvvv:pppp Name" entries

    def feed(self, lineno: int, line: str) -> None:
        if not line.strip():
            return
        if _PROMPT.match(line.strip()):
            self.after_prompt = True
            return
        if self.after_prompt:
            bare = _BARE.match(line.strip())
            if bare:
                self._bare(lineno, line, bare)
                return
            self.after_prompt = False
        said = _said_result(line.strip()) if "lsusb" in line.lower() and not _INLINE_NEXT.search(line) else None
        if said:
            self._bare(lineno, line, said, origin="said")
            return
        m = _PLAIN.match(line.strip())
        if m and not _INLINE_NEXT.search(line.strip(), m.start(5) if m.group(5) else m.end()):
            self._plain(lineno, line, m)
            return
        starts = [x.start() for x in _INLINE_NEXT.finditer(line)]
        if starts and (len(starts) > 1 or not line.lstrip().startswith("Bus ")):
            # entries run together on one line: each "Bus NNN Device NNN: ID" begins one, up to the next
            for a, b in zip(starts, [*starts[1:], len(line)]):
                part = line[a:b].strip()
                pm = _PLAIN.match(part)
                if pm:
                    self._plain(lineno, part, pm)
            return
        m = _ROOT.match(line)
        if m:
            self._root(lineno, line, m)
            return
        m = _NODE.match(line)
        if m:
            self._node(lineno, line, m)
            return
        m = _TREE_ID.match(line)
        if m and self.tree_node is not None:
            node = self.tree_node
            node["vid"], node["pid"] = id4(m.group(1)), id4(m.group(2))
            node["description"] = m.group(3) or None
            self._tree_device(lineno, line, node)
            return
        m = _VFIELD.match(line)
        if m and self.current is not None:
            self._verbose(m.group(1), m.group(2), (m.group(3) or "").strip())
            return
        if line[:2] in ("T:", "D:", "P:", "S:", "I:"):
            self._usb_devices(lineno, line.strip())
            return
        if line[:1].isspace():
            self._system_profiler(lineno, line)

    def _system_profiler(self, lineno: int, line: str) -> None:
        """One line of macOS `system_profiler SPUSBDataType` (see the module docstring)."""
        m = _SP_PID.match(line)
        if m:
            new: dict[str, Any] = {"pid": id4(m.group(1)), "origin": "pasted", "source": self.source, "line": line.strip()[:500],
                                   "lineno": lineno, "system_profiler": True}
            if self.sp_name:
                new["description"] = self.sp_name
            self.devices.append(new)
            self.current = new
            self.iface = None
            self.sp_name = None
            return
        m = _SP_NAME.match(line)
        if m and not m.group(2).startswith(("Product ID", "Vendor ID")):
            self.sp_name = m.group(2).strip()[:200]
            return
        dev = self.current
        if dev is None or not dev.get("system_profiler"):
            return
        m = _SP_VID.match(line)
        if m:
            dev["vid"] = id4(m.group(1))
            if m.group(2) and not dev.get("manufacturer"):
                dev["manufacturer"] = m.group(2).strip()[:200]
            return
        m = _SP_FIELD.match(line)
        if m:
            key, value = m.group(1), m.group(2)
            if key == "Version":
                dev["bcd_device"] = value[:20]
            elif key == "Serial Number":
                dev["serial"] = value[:200]
            elif key == "Manufacturer":
                dev["manufacturer"] = value[:200]
            elif key == "Speed":
                dev["speed"] = value[:40]

    def _usb_devices(self, lineno: int, text: str) -> None:
        """One line of `usb-devices` output (see the module docstring)."""
        m = _UD_T.match(text)
        if m:
            new: dict[str, Any] = {"bus": int(m.group(1)), "address": int(m.group(6)), "speed": m.group(7), "origin": "pasted",
                                   "source": self.source, "line": text[:500], "lineno": lineno, "usb_devices": True}
            self.devices.append(new)
            self.current = new
            self.iface = None
            self.tree_node = None
            return
        dev = self.current
        if dev is None or not dev.get("usb_devices"):
            return
        m = _UD_P.match(text)
        if m:
            dev["vid"], dev["pid"] = id4(m.group(1)), id4(m.group(2))
            if m.group(3):
                dev["bcd_device"] = m.group(3)
            dev["line"] = text[:500]
            dev["lineno"] = lineno
            return
        m = _UD_D.match(text)
        if m:
            dev["device_class"] = m.group(2).strip() or m.group(1)
            if m.group(1) == "09":
                dev["kind"] = "hub"
            return
        m = _UD_S.match(text)
        if m and m.group(2):
            dev[{"Manufacturer": "manufacturer", "Product": "product", "SerialNumber": "serial"}[m.group(1)]] = m.group(2)[:200]
            return
        m = _UD_I.match(text)
        if m:
            iface = {"number": int(m.group(1)), "alt": int(m.group(2)), "class": m.group(4).strip() or m.group(3),
                     "subclass": m.group(5), "protocol": m.group(6)}
            if m.group(7) and m.group(7) != "(none)":
                iface["driver"] = m.group(7)
            dev.setdefault("interfaces", []).append(iface)

    def _plain(self, lineno: int, line: str, m: re.Match[str]) -> None:
        dev: dict[str, Any] = {
            "bus": int(m.group(1)),
            "address": int(m.group(2)),
            "vid": id4(m.group(3)),
            "pid": id4(m.group(4)),
            "origin": "pasted",
            "source": self.source,
            "line": line.strip()[:500],
            "lineno": lineno,
        }
        if m.group(5):
            dev["description"] = m.group(5)
        self.devices.append(dev)
        self.current = dev
        self.iface = None
        self.tree_node = None

    def _bare(self, lineno: int, line: str, m: re.Match[str], origin: str = "pasted") -> None:
        """A listing entry without its bus and address (see `_BARE`); a result told in a sentence (`_SAID`) has origin "said", so
        only the rules that ask for it read it (a listing's rules ask for "pasted")."""
        dev: dict[str, Any] = {"vid": id4(m.group(1)), "pid": id4(m.group(2)), "description": m.group("desc"), "origin": origin,
                               "source": self.source, "line": line.strip()[:500], "lineno": lineno}
        if dev["description"] is None:  # libusb listdevs' form names no device
            dev.pop("description")
        self.devices.append(dev)
        self.current = dev
        self.iface = None
        self.tree_node = None

    def _verbose(self, key: str, value: str, rest: str) -> None:
        dev = self.current
        if dev is None:
            return
        if key in ("idVendor", "idProduct"):
            v = id4(value)
            if v:
                dev["vid" if key == "idVendor" else "pid"] = v
        elif key == "bcdDevice":
            dev["bcd_device"] = value
        elif key in ("iManufacturer", "iProduct", "iSerial"):
            if rest:
                dev[{"iManufacturer": "manufacturer", "iProduct": "product", "iSerial": "serial"}[key]] = rest
        elif key == "bDeviceClass":
            dev["device_class"] = rest or value
        elif key == "bInterfaceNumber":
            self.iface = {"number": _int(value)}
            dev.setdefault("interfaces", []).append(self.iface)
        elif self.iface is not None and key == "bAlternateSetting":
            self.iface["alt"] = _int(value)
        elif self.iface is not None and key in ("bInterfaceClass", "bInterfaceSubClass", "bInterfaceProtocol"):
            name = {"bInterfaceClass": "class", "bInterfaceSubClass": "subclass", "bInterfaceProtocol": "protocol"}[key]
            self.iface[name] = rest or value
        elif self.iface is not None and key == "iInterface" and rest:
            self.iface["name"] = rest
            if rest.startswith("@"):
                dev.setdefault("dfu", {}).setdefault("alt_names", []).append(rest)
        elif key == "bcdDFUVersion":
            dev.setdefault("dfu", {})["version"] = value
        elif key == "wTransferSize":
            n = _int(value)
            if n is not None:
                dev.setdefault("dfu", {})["transfer_size"] = n
        elif key == "wDetachTimeout":
            n = _int(value)
            if n is not None:
                dev.setdefault("dfu", {})["detach_timeout"] = n

    def _root(self, lineno: int, line: str, m: re.Match[str]) -> None:
        bus = int(m.group(1))
        node = {"bus": bus, "port_path": f"usb{bus}", "address": int(m.group(3)), "class": m.group(5).strip(),
                "driver": m.group(6).strip(), "speed": m.group(7), "line": line.strip()[:300], "lineno": lineno}
        self.tree.append(node)
        self.stack = [(-1, str(bus))]
        self.tree_node = node
        self.current = None

    def _node(self, lineno: int, line: str, m: re.Match[str]) -> None:
        indent = len(m.group(1))
        port, address, iface = int(m.group(2)), int(m.group(3)), int(m.group(4))
        while self.stack and self.stack[-1][0] >= indent:
            self.stack.pop()
        parent = self.stack[-1][1] if self.stack else "?"
        path = f"{parent}-{port}" if "-" not in parent else f"{parent}.{port}"
        bus = int(parent.split("-")[0]) if parent.split("-")[0].isdigit() else None
        self.stack.append((indent, path))
        entry = {"number": iface, "class": m.group(5).strip(), "driver": m.group(6).strip() or None}
        for node in self.tree:
            if node.get("port_path") == path and node.get("address") == address:
                node.setdefault("interfaces", []).append(entry)
                self.tree_node = node
                return
        node = {"bus": bus, "port_path": path, "address": address, "speed": m.group(7), "interfaces": [entry],
                "line": line.strip()[:300], "lineno": lineno}
        self.tree.append(node)
        self.tree_node = node
        self.current = None

    def _tree_device(self, lineno: int, line: str, node: dict[str, Any]) -> None:
        for dev in self.devices:
            if dev.get("port_path") == node["port_path"] and dev.get("address") == node["address"]:
                return
        dev = {"vid": node["vid"], "pid": node["pid"], "bus": node.get("bus"), "address": node["address"],
               "port_path": node["port_path"], "origin": "pasted", "source": self.source, "line": line.strip()[:500],
               "lineno": lineno, "interfaces": node.get("interfaces", [])}
        if node.get("description"):
            dev["description"] = node["description"]
        drivers = [i.get("driver") for i in node.get("interfaces", []) if i.get("driver")]
        if drivers:
            dev["driver"] = drivers[0]
        self.devices.append(dev)

    def finish(self) -> dict[str, Any]:
        self.devices = [d for d in self.devices if d.get("vid") and d.get("pid")]  # a usb-devices record cut before its P: line
        for dev in self.devices:
            dev.pop("usb_devices", None)
            dev.pop("system_profiler", None)
            _product_from_description(dev)
            info = classify_usb(dev.get("vid"), dev.get("pid"), manufacturer=dev.get("manufacturer"),
                                product=dev.get("product"), bcd_device=dev.get("bcd_device"))
            for key, value in info.items():
                dev.setdefault(key, value)
            if not dev.get("kind") and _HUB_TEXT.search(str(dev.get("description") or "")):
                dev["kind"] = "hub"  # a hub the device table does not know ("2109:3431 VIA Labs, Inc. Hub")
            if dev.get("driver") is None:
                drivers = [i.get("driver") for i in dev.get("interfaces", []) if i.get("driver")]
                if drivers:
                    dev["driver"] = drivers[0]
        out: dict[str, Any] = {}
        if self.devices:
            out.setdefault("usb", {})["devices"] = self.devices
        if self.tree:
            out.setdefault("usb", {})["tree"] = self.tree
        return out


# Klipper and Katapult put the MCU into iProduct; newer lsusb prints that string after the vendor's usb.ids name
# ("ID 1d50:614e OpenMoko, Inc. stm32h723xx"), older ones print only the usb.ids text.
_MCU_PRODUCT_IDS = {("1d50", "614e"), ("1d50", "6177"), ("1d50", "606f")}
_MCU_WORD = re.compile(r"^(?:stm32|rp2|lpc|atsam|samd|same|sam[34]|at90|atmega|hc32|gd32|apm32|ch32|linux)[a-z0-9_]*$")


# usb.ids names hubs "... Hub" ("VIA Labs, Inc. Hub", "Genesys Logic, Inc. Hub", "Terminus Technology Inc. Hub",
# "Standard Microsystems Corp. USB 2.0 Hub", "Intel Corp. Integrated Rate Matching Hub")
_HUB_TEXT = re.compile(r"\b[Hh]ub(?: \[[^\]]*\])?\s*$|\broot hub\b")


def _product_from_description(dev: dict[str, Any]) -> None:
    """For Klipper/Katapult ids, the MCU name the plain listing shows as the last word becomes `product`."""
    if dev.get("product") or (dev.get("vid"), dev.get("pid")) not in _MCU_PRODUCT_IDS:
        return
    words = str(dev.get("description") or "").split()
    if words and _MCU_WORD.match(words[-1]):
        dev["product"] = words[-1]


def _int(text: str) -> int | None:
    try:
        return int(text, 0)
    except ValueError:
        return None
