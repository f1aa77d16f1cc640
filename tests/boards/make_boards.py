"""Writes the umockdev board library (tests/boards/*.umockdev) from the descriptions below.

Run `python3 tests/boards/make_boards.py` after changing a board (umockdev files cannot hold
comments, so this docstring is the note that they are generated); tests/test_scan_umockdev.py fails
when a .umockdev file differs from what this script writes.

Each board is described once as data (ids, strings, interfaces with their class-specific descriptors,
the kernel driver bound to each interface and the tty or netdev below it); the script renders the
kernel's binary `descriptors` attribute (little-endian, as the device sends it), the sysfs attributes
and udev properties umockdev needs, and the /dev nodes and /dev/serial links udev would create.
Format: P: sysfs path, N: /dev node, S: /dev symlink, E: udev property, A: sysfs attribute,
H: binary attribute in hex, L: sysfs symlink; a blank line separates devices.
"""

from __future__ import annotations

import struct
import sys
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
PCI = "/devices/pci0000:00/0000:00:{slot:02x}.0"  # one host controller per bus: 14.0 for bus 1, 15.0 for bus 2...

# CDC ACM class-specific interface descriptors: header 1.10, call management, ACM, union(0 -> 1)
CDC_FUNCTIONAL = bytes.fromhex("0524001001" "0524010001" "04240202" "0524060001")
# gs_usb / candleLight: the DFU runtime interface's functional descriptor (detach, 1 KiB transfers, DFU 1.1a)
DFU_RUNTIME_FUNCTIONAL = bytes.fromhex("09210BFF000004" "1A01")


def dfu_functional(attributes: int, detach_ms: int, transfer: int, version: int) -> bytes:
    """A DFU functional descriptor (type 0x21), little-endian."""
    return struct.pack("<BBBHHH", 9, 0x21, attributes, detach_ms, transfer, version)


@dataclass
class Endpoint:
    address: int
    attributes: int  # 2 bulk, 3 interrupt
    max_packet: int
    interval: int = 0

    def descriptor(self) -> bytes:
        return struct.pack("<BBBBHB", 7, 5, self.address, self.attributes, self.max_packet, self.interval)


@dataclass
class Interface:
    cls: int
    subclass: int
    protocol: int
    driver: str | None = None
    name: str | None = None  # iInterface string (sysfs `interface` attribute of the current alt)
    extra: bytes = b""  # class-specific descriptors after the interface descriptor
    endpoints: list[Endpoint] = field(default_factory=list)
    alt_names: list[str] = field(default_factory=list)  # more alternate settings (DfuSe memory segments)
    tty: str | None = None  # "acm" or "usb-serial": a tty below this interface
    netdev: bool = False  # a CAN netdev below this interface (gs_usb)


@dataclass
class Board:
    key: str
    vid: int
    pid: int
    bcd: int
    manufacturer: str | None
    product: str | None
    serial: str | None
    interfaces: list[Interface]
    device_class: tuple[int, int, int] = (0, 0, 0)
    speed: str = "12"
    usb_version: int = 0x0200
    max_power: int = 50  # 2 mA units

    def descriptors(self) -> bytes:
        """The device descriptor, then the configuration with its interfaces (the sysfs `descriptors` file)."""
        strings = 0
        i_man = i_prod = i_ser = 0
        if self.manufacturer:
            strings += 1
            i_man = strings
        if self.product:
            strings += 1
            i_prod = strings
        if self.serial:
            strings += 1
            i_ser = strings
        mps0 = 8 if self.speed == "1.5" else 64
        c, s, p = self.device_class
        dev = struct.pack("<BBHBBBBHHHBBBB", 18, 1, self.usb_version, c, s, p, mps0, self.vid, self.pid, self.bcd, i_man, i_prod, i_ser, 1)
        body = b""
        next_string = strings + 1
        for number, intf in enumerate(self.interfaces):
            names = [intf.name, *intf.alt_names]
            for alt, name in enumerate(names):
                i_intf = 0
                if name:
                    i_intf = next_string
                    next_string += 1
                body += struct.pack("<BBBBBBBBB", 9, 4, number, alt, len(intf.endpoints), intf.cls, intf.subclass, intf.protocol, i_intf)
                if alt == len(names) - 1:
                    body += intf.extra
                for ep in intf.endpoints:
                    body += ep.descriptor()
        config = struct.pack("<BBHBBBBB", 9, 2, 9 + len(body), len(self.interfaces), 1, 0, 0x80, self.max_power)
        return dev + config + body


@dataclass
class Placed:
    """A board at a place on the bus, with the numbers udev gave it."""

    board: Board
    bus: int
    ports: str  # "2" or "1.3"
    devnum: int
    serial: str | None
    tty_index: dict[str, int]  # "acm" / "usb-serial" / "can" -> first number free
    links: set[str]  # /dev links already made (shared by every board of one description)


def _hex2(n: int) -> str:
    return f"{n:02x}"


def _tty_name(kind: str, index: int) -> str:
    return f"ttyACM{index}" if kind == "acm" else f"ttyUSB{index}"


def _id_string(text: str | None, fallback: str) -> str:
    return (text or fallback).replace(" ", "_")


def render(placed: Placed) -> list[str]:
    """umockdev blocks for one placed board: the usb_device, its interfaces and the ttys/netdevs below them."""
    b = placed.board
    name = f"{placed.bus}-{placed.ports}"
    pci = PCI.format(slot=0x13 + placed.bus)
    dev_path = f"{pci}/usb{placed.bus}/{name}"
    vid, pid = f"{b.vid:04x}", f"{b.pid:04x}"
    node = f"bus/usb/{placed.bus:03d}/{placed.devnum:03d}"
    c, s, p = b.device_class
    lines = [
        f"P: {dev_path}",
        f"N: {node}",
        f"E: DEVNAME=/dev/{node}",
        "E: DEVTYPE=usb_device",
        "E: DRIVER=usb",
        f"E: PRODUCT={b.vid:x}/{b.pid:x}/{b.bcd:x}",
        f"E: TYPE={c}/{s}/{p}",
        f"E: BUSNUM={placed.bus:03d}",
        f"E: DEVNUM={placed.devnum:03d}",
        "E: MAJOR=189",
        f"E: MINOR={(placed.bus - 1) * 128 + placed.devnum - 1}",
        "E: SUBSYSTEM=usb",
        f"E: ID_VENDOR_ID={vid}",
        f"E: ID_MODEL_ID={pid}",
        f"E: ID_REVISION={b.bcd:04x}",
    ]
    if placed.serial:
        lines.append(f"E: ID_SERIAL_SHORT={placed.serial}")
    lines += [
        "L: driver=../../../../../bus/usb/drivers/usb",
        f"A: idVendor={vid}\\n",
        f"A: idProduct={pid}\\n",
        f"A: bcdDevice={b.bcd:04x}\\n",
        f"A: bDeviceClass={_hex2(c)}\\n",
        f"A: bDeviceSubClass={_hex2(s)}\\n",
        f"A: bDeviceProtocol={_hex2(p)}\\n",
        "A: bNumConfigurations=1\\n",
        "A: bConfigurationValue=1\\n",
        f"A: bNumInterfaces={len(b.interfaces):2d}\\n",
        f"A: busnum={placed.bus}\\n",
        f"A: devnum={placed.devnum}\\n",
        f"A: devpath={placed.ports}\\n",
        f"A: speed={b.speed}\\n",
        f"A: version={b.usb_version >> 8:2d}.{b.usb_version & 0xFF:02x}\\n",
    ]
    for attr, value in (("manufacturer", b.manufacturer), ("product", b.product), ("serial", placed.serial)):
        if value:
            lines.append(f"A: {attr}={value}\\n")
    lines.append(f"H: descriptors={b.descriptors().hex().upper()}")
    blocks = ["\n".join(lines)]
    id_serial = "_".join(
        x for x in (_id_string(b.manufacturer, vid), _id_string(b.product, pid), placed.serial) if x
    )
    for number, intf in enumerate(b.interfaces):
        ipath = f"{dev_path}/{name}:1.{number}"
        il = [
            f"P: {ipath}",
            "E: DEVTYPE=usb_interface",
            "E: SUBSYSTEM=usb",
            f"E: INTERFACE={intf.cls}/{intf.subclass}/{intf.protocol}",
            f"E: PRODUCT={b.vid:x}/{b.pid:x}/{b.bcd:x}",
        ]
        if intf.driver:
            il.append(f"E: DRIVER={intf.driver}")
            il.append(f"L: driver=../../../../../../bus/usb/drivers/{intf.driver}")
        il += [
            f"A: bInterfaceClass={_hex2(intf.cls)}\\n",
            f"A: bInterfaceSubClass={_hex2(intf.subclass)}\\n",
            f"A: bInterfaceProtocol={_hex2(intf.protocol)}\\n",
            f"A: bInterfaceNumber={_hex2(number)}\\n",
            "A: bAlternateSetting= 0\\n",
            f"A: bNumEndpoints={_hex2(len(intf.endpoints))}\\n",
        ]
        if intf.name:
            il.append(f"A: interface={intf.name}\\n")
        blocks.append("\n".join(il))
        if intf.tty:
            index = placed.tty_index[intf.tty]
            placed.tty_index[intf.tty] += 1
            tty = _tty_name(intf.tty, index)
            suffix = f"-if{number:02d}" + ("-port0" if intf.tty == "usb-serial" else "")
            by_id = f"serial/by-id/usb-{id_serial}{suffix}"
            by_path = f"serial/by-path/pci-0000:00:{0x13 + placed.bus:02x}.0-usb-0:{placed.ports}:1.{number}" + ("-port0" if intf.tty == "usb-serial" else "")
            # two identical serial-less adapters get the same by-id name: udev keeps one link (the first here)
            links = [link for link in (by_id, by_path) if link not in placed.links]
            placed.links.update(links)
            if intf.tty == "usb-serial":
                parent = f"{ipath}/{tty}"
                blocks.append(
                    "\n".join(
                        [
                            f"P: {parent}",
                            "E: SUBSYSTEM=usb-serial",
                            f"E: DRIVER={intf.driver}",
                            f"L: driver=../../../../../../../bus/usb-serial/drivers/{intf.driver}",
                            "A: port_number=0\\n",
                        ]
                    )
                )
                tty_path = f"{parent}/tty/{tty}"
                major, minor = 188, index
            else:
                tty_path = f"{ipath}/tty/{tty}"
                major, minor = 166, index
            blocks.append(
                "\n".join(
                    [
                        f"P: {tty_path}",
                        f"N: {tty}",
                        *(f"S: {link}" for link in links),
                        f"E: DEVNAME=/dev/{tty}",
                        "E: SUBSYSTEM=tty",
                        f"E: MAJOR={major}",
                        f"E: MINOR={minor}",
                        f"E: ID_VENDOR_ID={vid}",
                        f"E: ID_MODEL_ID={pid}",
                        f"E: ID_SERIAL={id_serial}",
                        f"E: ID_USB_INTERFACE_NUM={number:02d}",
                        f"E: ID_USB_DRIVER={intf.driver}",
                        f"E: DEVLINKS={' '.join('/dev/' + link for link in links)}",
                        f"A: dev={major}:{minor}\\n",
                    ]
                )
            )
        if intf.netdev:
            index = placed.tty_index["can"]
            placed.tty_index["can"] += 1
            blocks.append(
                "\n".join(
                    [
                        f"P: {ipath}/net/can{index}",
                        f"E: INTERFACE=can{index}",
                        f"E: IFINDEX={10 + index}",
                        "E: SUBSYSTEM=net",
                        f"E: ID_VENDOR_ID={vid}",
                        f"E: ID_MODEL_ID={pid}",
                        "A: type=280\\n",
                        "A: operstate=down\\n",
                        "A: tx_queue_len=10\\n",
                    ]
                )
            )
    return blocks


def _cdc(driver: str = "cdc_acm") -> list[Interface]:
    return [
        Interface(2, 2, 0, driver, extra=CDC_FUNCTIONAL, endpoints=[Endpoint(0x82, 3, 8, 255)], tty="acm"),
        Interface(0x0A, 0, 0, driver, endpoints=[Endpoint(0x01, 2, 64), Endpoint(0x81, 2, 64)]),
    ]


def _vendor_serial(driver: str, cls: tuple[int, int, int] = (0xFF, 0, 0)) -> list[Interface]:
    return [Interface(*cls, driver, endpoints=[Endpoint(0x81, 2, 64), Endpoint(0x02, 2, 64)], tty="usb-serial")]


_STM32F4_DFUSE = [
    "@Internal Flash  /0x08000000/04*016Kg,01*064Kg,07*128Kg",
    "@Option Bytes  /0x1FFFC000/01*016 e",
    "@OTP Memory /0x1FFF7800/01*512 e,01*016 e",
    "@Device Feature/0xFFFF0000/01*004 e",
]

BOARDS: list[Board] = [
    Board(
        "stm32-rom-dfu", 0x0483, 0xDF11, 0x2200, "STMicroelectronics", "STM32  BOOTLOADER", "2065325E5748",
        [Interface(0xFE, 1, 2, None, name=_STM32F4_DFUSE[0], alt_names=_STM32F4_DFUSE[1:], extra=dfu_functional(0x0B, 255, 2048, 0x011A))],
    ),
    Board("klipper-usb", 0x1D50, 0x614E, 0x0100, "Klipper", "stm32h723xx", "2B0023000247393439313338", _cdc(), device_class=(2, 0, 0)),
    Board("katapult-usb", 0x1D50, 0x6177, 0x0100, "katapult", "stm32f446xx", "37001A001851303439363932", _cdc(), device_class=(2, 0, 0)),
    Board(
        "stlink-v2", 0x0483, 0x3748, 0x0100, "STMicroelectronics", "STM32 STLink", "55FF6B065177495619420887",
        [Interface(0xFF, 0xFF, 0xFF, None, endpoints=[Endpoint(0x81, 2, 64), Endpoint(0x02, 2, 64), Endpoint(0x83, 2, 64)])],
    ),
    Board(
        "stlink-v21", 0x0483, 0x374B, 0x0100, "STMicroelectronics", "STM32 STLink", "0671FF535155878281151726",
        [
            Interface(0xFF, 0xFF, 0xFF, None, name="ST-Link Debug", endpoints=[Endpoint(0x81, 2, 64), Endpoint(0x01, 2, 64), Endpoint(0x82, 2, 64)]),
            Interface(8, 6, 0x50, "usb-storage", name="ST-Link mass storage", endpoints=[Endpoint(0x83, 2, 64), Endpoint(0x03, 2, 64)]),
            Interface(2, 2, 1, "cdc_acm", name="ST-Link VCP Ctrl", extra=CDC_FUNCTIONAL.replace(bytes.fromhex("0524060001"), bytes.fromhex("0524060203")), endpoints=[Endpoint(0x84, 3, 2, 255)], tty="acm"),
            Interface(0x0A, 0, 0, "cdc_acm", name="ST-Link VCP Data", endpoints=[Endpoint(0x05, 2, 64), Endpoint(0x85, 2, 64)]),
        ],
        device_class=(0xEF, 2, 1),
    ),
    Board("ch340", 0x1A86, 0x7523, 0x0264, None, "USB2.0-Serial", None, [Interface(0xFF, 1, 2, "ch341", endpoints=[Endpoint(0x82, 2, 32), Endpoint(0x02, 2, 32), Endpoint(0x81, 3, 8, 1)], tty="usb-serial")], device_class=(0xFF, 0, 0), usb_version=0x0110),
    Board("cp2102", 0x10C4, 0xEA60, 0x0100, "Silicon Labs", "CP2102 USB to UART Bridge Controller", "0001", _vendor_serial("cp210x")),
    Board("ftdi-ft232r", 0x0403, 0x6001, 0x0600, "FTDI", "FT232R USB UART", "A50285BI", _vendor_serial("ftdi_sio", (0xFF, 0xFF, 0xFF))),
    Board(
        "rp2040-bootsel", 0x2E8A, 0x0003, 0x0100, "Raspberry Pi", "RP2 Boot", "E0C9125B0D9B",
        [
            Interface(8, 6, 0x50, "usb-storage", endpoints=[Endpoint(0x81, 2, 64), Endpoint(0x02, 2, 64)]),
            Interface(0xFF, 0, 0, None, endpoints=[Endpoint(0x03, 2, 64), Endpoint(0x84, 2, 64)]),
        ],
        usb_version=0x0110,
    ),
    Board(
        "klipper-usb-can-bridge", 0x1D50, 0x606F, 0x0100, "Klipper", "stm32g0b1xx", "4E0029000B50415833323520",
        [Interface(0xFF, 0xFF, 0xFF, "gs_usb", endpoints=[Endpoint(0x81, 2, 64), Endpoint(0x02, 2, 64)], netdev=True)],
    ),
    Board(
        "candlelight", 0x1D50, 0x606F, 0x0000, "bytewerk", "candleLight USB to CAN adapter", "003C00245734570920303839",
        [
            Interface(0xFF, 0xFF, 0xFF, "gs_usb", name="candleLight USB to CAN adapter", endpoints=[Endpoint(0x81, 2, 64), Endpoint(0x02, 2, 64)], netdev=True),
            Interface(0xFE, 1, 1, None, name="candleLight firmware upgrade interface", extra=dfu_functional(0x0B, 255, 1024, 0x011A)),
        ],
    ),
    Board("atmel-dfu-32u4", 0x03EB, 0x2FF4, 0x0000, "ATMEL", "DFU", "1.0.0", [Interface(0xFE, 1, 0, None)]),
    Board("caterina-pro-micro", 0x1B4F, 0x9205, 0x0001, "SparkFun", "Pro Micro 5V", None, _cdc(), device_class=(2, 0, 0)),
    Board("usbasp", 0x16C0, 0x05DC, 0x0104, "www.fischl.de", "USBasp", None, [Interface(0, 0, 0, None)], device_class=(0xFF, 0, 0), speed="1.5", usb_version=0x0110),
    Board("usbtiny", 0x1781, 0x0C9F, 0x0104, None, "USBtiny", None, [Interface(0, 0, 0, None)], device_class=(0xFF, 0, 0), speed="1.5", usb_version=0x0110),
]
BY_KEY = {b.key: b for b in BOARDS}
HUB = Board("hub", 0x05E3, 0x0608, 0x6060, None, "USB2.0 Hub", None, [Interface(9, 0, 0, "hub", endpoints=[Endpoint(0x81, 3, 1, 12)])], device_class=(9, 0, 1), speed="480")


def describe(boards: list[Board], *, hubs: bool = False) -> str:
    """One umockdev description with `boards` placed on bus 1 (and 2...), each with unique numbers.

    hubs=True puts every ten devices behind a hub (the hub counts as one of the devices)."""
    counters = {"acm": 0, "usb-serial": 0, "can": 0}
    links: set[str] = set()
    blocks: list[str] = []
    devnum: dict[int, int] = {}
    seen: dict[str, int] = {}
    hub_port = ""
    child = 0
    for i, board in enumerate(boards):
        bus = 1 + i // 50
        devnum[bus] = devnum.get(bus, 1) + 1
        if hubs and i % 10 == 0:
            hub_port = str(1 + (i % 50) // 10)
            child = 0
        n = seen.get(board.key, 0)
        seen[board.key] = n + 1
        serial = board.serial
        if serial and n:
            serial = f"{serial[:-4]}{n:04X}"
        if hubs and board.key == "hub":
            ports = hub_port
        elif hubs:
            child += 1
            ports = f"{hub_port}.{child}"
        else:
            ports = str(i + 1)
        blocks += render(Placed(board, bus, ports, devnum[bus], serial, counters, links))
    return "\n\n".join(blocks) + "\n"


def bench(n: int) -> list[Board]:
    """n devices for the scan benchmark: a hub in front of every nine boards, the board library in turn."""
    out: list[Board] = []
    for i in range(n):
        out.append(HUB if i % 10 == 0 else BOARDS[(i - i // 10 - 1) % len(BOARDS)])
    return out


def files() -> dict[str, str]:
    """Every file this script writes: name -> text."""
    out = {f"{b.key}.umockdev": describe([b]) for b in BOARDS}
    out["stm32-dfu-and-klipper.umockdev"] = describe([BY_KEY["stm32-rom-dfu"], BY_KEY["klipper-usb"]])
    for n in (20, 100):
        out[f"bench-{n}.umockdev"] = describe(bench(n), hubs=True)
    return out


def main() -> int:
    for name, text in files().items():
        (HERE / name).write_text(text, encoding="utf-8")
    print(f"wrote {len(files())} files to {HERE}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
