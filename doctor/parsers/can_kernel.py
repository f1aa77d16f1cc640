"""CAN messages of the host's logs: the kernel's CAN drivers (mcp251x, mcp251xfd, gs_usb, can_dev), and the
services that bring can0 up (ifupdown's `networking.service` / `ifup`, systemd-networkd), in dmesg, journalctl
or bare form.

Facts: `can.events`, one per message (the kernel's USB and generic CAN lines stay with the kernel log parser;
this table holds the CAN controller and interface-configuration messages it does not classify):
- can_controller_failed: an SPI CAN controller did not answer at probe (`mcp251x spi0.0: Cannot initialize
  MCP2515. Wrong wiring?`, `MCP251x didn't enter in conf mode after reset`, `Probe failed, err=19`, mcp251xfd's
  `Failed to detect MCP2517FD`, `CRC read of clock register ... hw not found`): no can0 will exist.
- can_controller_ok: `mcp251x spi0.0 can0: MCP2515 successfully initialized.` (benign).
- can_adapter_error: gs_usb's `Couldn't start device`, `Couldn't register CAN device`, `Couldn't get device
  config`, `usb_submit failed`, `Unexpected unused echo id`: the USB adapter or bridge firmware misbehaves.
- can_no_bitrate: `can0: bit-timing not yet defined` (the link was set up without a bitrate).
- can_bitrate_error: `can0: bitrate error 1.2%` (the controller cannot reach the bitrate exactly).
- can_link_ready: `IPv6: ADDRCONF(NETDEV_CHANGE): can0: link becomes ready` (benign).
- can_bus_state: a controller driver's error-state change (`entered error passive state`, `error warning state`,
  `bus-off, scheduling restart in 100 ms`), with `state` = passive | warning | bus-off; can_bus_errors: the protocol
  errors some drivers log one by one (mttcan's `Bit1 Error Detected`): the bus itself is faulty.
- can_driver_bug: the kernel CAN layer's `can_put_echo_skb: BUG! echo_skb 0 is occupied!`: the controller driver lost
  track of its transmit slots (a kernel driver defect, e.g. rockchip_canfd), so frames stall whatever the bus does.
- can_config_failed: the interface configuration failed (`ifup: failed to bring up can0`, networkd's
  `can0: Failed to set CAN interface configurations: ...`, `Could not set bitrate`, `Could not bring up interface`),
  can_config_unknown: `ifup: unknown interface can0` (no stanza for it was read), can_config_invalid: ifupdown cannot
  parse its configuration (`/etc/network/interfaces.d/can0:1: misplaced option`, `couldn't read interfaces file`):
  it then configures no interface at all; can_config_ignored: systemd-networkd dropped a CAN key from a file
  (`80-can0.network:11: Unknown key name 'TransmitQueueLength' in section 'Link', ignoring`), `name` = the key.
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, event_attrs, group, rows_of

_CAN = r"(?P<interface>(?:v|sl)?can\d+)"
# an optional log prefix: dmesg "[ 12.3]", "-T" wall time, journal "Mar 01 12:00:00 host kernel: "
_PRE = r"(?:^\s*|\]\s?|kernel: |\]: )"

MESSAGES = rows_of(
    group(
        "Linux drivers/net/can/spi/mcp251x.c (3.x-6.x)",
        Msg("can_controller_failed", _PRE + r"mcp251x (?P<device>spi\d+\.\d+)(?: can\d+)?: (?:Cannot initialize MCP\w+\. Wrong wiring\?|MCP251x didn't enter in conf mode after reset)",
            strength="strong", fail=True, example="mcp251x spi0.0: Cannot initialize MCP2515. Wrong wiring?"),
        Msg("can_controller_failed", _PRE + r"mcp251x (?P<device>spi\d+\.\d+)(?: can\d+)?: Probe ?failed, err=(?P<code>-?\d+)",
            strength="strong", fail=True, convert=(("code", int),), example="mcp251x spi0.0: Probe failed, err=19"),
        Msg("can_controller_failed", _PRE + r"mcp25(?:1x|xx)(?:fd)?: probe of (?P<device>spi\d+\.\d+) failed with error (?P<code>-\d+)",
            strength="strong", fail=True, convert=(("code", int),), example="mcp251x: probe of spi0.0 failed with error -110"),
        # (can s15) drivers/base/dd.c since 6.3 words it per device: "<dev>: probe with driver <drv> failed with error <n>"
        Msg("can_controller_failed", _PRE + r"mcp25(?:1x|xx)(?:fd)? (?P<device>spi\d+\.\d+): probe with driver mcp25\w+ failed with error (?P<code>-\d+)",
            strength="strong", fail=True, convert=(("code", int),),
            src="Linux 6.3-6.x drivers/base/dd.c call_driver_probe() 'probe with driver %s failed with error %d' (can s15)",
            example="[    3.624267] mcp251x spi1.2: probe with driver mcp251x failed with error -110"),
        Msg("can_controller_ok", _PRE + r"mcp251x (?P<device>spi\d+\.\d+) " + _CAN + r": MCP\w+ successfully initialized",
            strength="strong", example="mcp251x spi0.0 can0: MCP2515 successfully initialized."),
    ),
    group(
        "Linux drivers/net/can/spi/mcp251xfd/ (5.10-6.x)",
        Msg("can_controller_failed", _PRE + r"mcp251xfd (?P<device>spi\d+\.\d+)(?: can\d+)?: (?:Failed to detect MCP\w+|CRC read of clock register resulted in a bad CRC mismatch|Probe failed, err=(?P<code>-?\d+))",
            strength="strong", fail=True, convert=(("code", int),), example="mcp251xfd spi0.0: Failed to detect MCP2517FD (osc=0x00000000)."),
        # (can s15) the probe-time messages go through netdev_err() on a net_device not yet registered, so the kernel names
        # it "(unnamed net_device) (uninitialized)"; 5.8-5.9 and the out-of-tree driver (msperl/linux-rpi, Seeed, Waveshare
        # overlays) call the driver mcp25xxfd; 6.x reads the OSC register as "Failed to read Oscillator Configuration
        # Register" or times out on "Oscillator Ready". All mean the controller did not answer on SPI: no CAN interface.
        Msg("can_controller_failed", _PRE + r"mcp25(?:1x|xx)fd (?P<device>spi\d+\.\d+)(?: can\d+| \(unnamed net_device\) \(uninitialized\))?: (?:Failed to detect MCP\w+|Failed to read Oscillator Configuration Register|Timeout waiting for Oscillator Ready|CRC read of clock register resulted in a bad CRC mismatch|Probe failed, err=(?P<code>-?\d+))",
            strength="strong", fail=True, convert=(("code", int),),
            src="Linux 5.8-6.x drivers/net/can/spi/mcp251xfd/mcp251xfd-core.c mcp251xfd_chip_wait_for_osc_ready() / _clock_enable(); msperl/linux-rpi mcp25xxfd (can s15)",
            example="mcp251xfd spi0.0 (unnamed net_device) (uninitialized): Failed to detect MCP251xFD (osc=0x00000000)."),
        Msg("can_controller_ok", _PRE + r"mcp25(?:1x|xx)fd (?P<device>spi\d+\.\d+) " + _CAN + r": MCP\w+ rev[\d.]+ \(",
            strength="strong", example="mcp251xfd spi0.0 can0: MCP2518FD rev0.0 (-RX_INT -MAB_NO_WARN +CRC_REG +CRC_RX +CRC_TX +ECC -HD c:40.00MHz m:20.00MHz r:17.00MHz e:16.66MHz) successfully initialized."),
    ),
    group(
        "Linux pinctrl core (drivers/pinctrl/pinmux.c pin_request(), core.c pinctrl_commit_state()) and driver core "
        "(drivers/base/dd.c): the Raspberry Pi's SPI controller itself fails to start (can s15)",
        # a GPIO overlay (relays, inputs) or another HAT already holds one of the SPI pins, so the SPI master (spi-bcm2835 /
        # spi-bcm2835aux for SPI1/SPI2) never probes and no CAN controller on that bus is ever probed or logged
        Msg("can_spi_bus_failed", _PRE + r"pinctrl-bcm\w+ \S+: pin gpio\d+ already requested by \S+; cannot claim for (?P<device>\w+\.spi)\b",
            strength="strong", fail=True,
            src="Linux 4.x-6.x drivers/pinctrl/pinmux.c pin_request() 'pin %s already requested by %s; cannot claim for %s' (can s15)",
            example="[    4.420357] pinctrl-bcm2835 fe200000.gpio: pin gpio19 already requested by fe200000.gpio; cannot claim for fe215080.spi"),
        Msg("can_spi_bus_failed", _PRE + r"spi-bcm2835(?:aux)? (?P<device>\w+\.spi): (?:error -\w+: )?Error applying setting, reverse things back",
            strength="strong", fail=True,
            src="Linux 4.x-6.x drivers/pinctrl/core.c pinctrl_commit_state() (can s15)",
            example="[    4.457410] spi-bcm2835aux fe215080.spi: error -EINVAL: Error applying setting, reverse things back"),
        Msg("can_spi_bus_failed", _PRE + r"spi-bcm2835(?:aux)?: probe of (?P<device>\w+\.spi) failed with error (?P<code>-\d+)",
            strength="strong", fail=True, convert=(("code", int),),
            src="Linux 4.x-6.2 drivers/base/dd.c really_probe() '%s: probe of %s failed with error %d' (can s15)",
            example="[    4.651405] spi-bcm2835aux: probe of fe215080.spi failed with error -22"),
        Msg("can_spi_bus_failed", _PRE + r"spi-bcm2835(?:aux)? (?P<device>\w+\.spi): probe with driver spi-bcm2835\w* failed with error (?P<code>-\d+)",
            strength="strong", fail=True, convert=(("code", int),),
            src="Linux 6.3-6.x drivers/base/dd.c call_driver_probe() 'probe with driver %s failed with error %d' (can s15)",
            example="[    4.651405] spi-bcm2835aux fe215080.spi: probe with driver spi-bcm2835aux failed with error -22"),
    ),
    group(
        "Linux kernel/module/main.c (kernel/module.c before 5.19) simplify_symbols(): a CAN driver module refers to the "
        "can_dev core, which is not loaded (or built), so the driver does not load and no CAN interface appears (can s15)",
        Msg("can_no_device", _PRE + r"(?P<module>\w+): Unknown symbol (?:open_candev|close_candev|register_candev|unregister_candev|alloc_candev\w*|free_candev|can_change_mtu|can_put_echo_skb|can_get_echo_skb|alloc_can_skb|alloc_can_err_skb|can_bus_off|can_change_state) \(err -?\d+\)",
            strength="strong", fail=True, attrs={"reason": "module"},
            src="Linux 3.x-6.x kernel/module/main.c pr_warn(\"%s: Unknown symbol %s (err %d)\") (can s15)",
            example="[37049.561650] hlcan: Unknown symbol open_candev (err -2)"),
    ),
    group(
        "Linux drivers/net/can/usb/gs_usb.c (4.x-6.x)",
        # (deepen-rp-can s19) gs_usb_probe() fails before any CAN interface is registered: the adapter (or a Klipper / candleLight
        # bridge firmware) did not answer the driver's setup requests (4.x-6.x "Couldn't send data format (err=%d)", "Couldn't get
        # device config: (err=%d)"; 6.x prints "%pe", e.g. -ETIMEDOUT), then the driver core's "probe of %s failed with error %d"
        # (drivers/base/dd.c really_probe() to 6.2) / "probe with driver gs_usb failed with error %d" (6.3+): no can0 is created
        Msg("can_adapter_probe_failed", _PRE + r"gs_usb (?P<device>\d+-[\d.]+:\d+\.\d+): (?P<text>Couldn't (?:send data format|get device config)[^\n]{0,40})",
            strength="strong", fail=True, src="Linux 4.x-6.x drivers/net/can/usb/gs_usb.c gs_usb_probe() (deepen-rp-can s19, from the source's format)",
            example="gs_usb 1-1.3:1.0: Couldn't get device config: (err=-110)"),
        Msg("can_adapter_probe_failed", _PRE + r"gs_usb: probe of (?P<device>\d+-[\d.]+:\d+\.\d+) failed with error (?P<code>-\d+)",
            strength="strong", fail=True, convert=(("code", int),),
            src="Linux 4.x-6.2 drivers/base/dd.c really_probe() (deepen-rp-can s19, from the source's format)",
            example="gs_usb: probe of 1-1.3:1.0 failed with error -110"),
        Msg("can_adapter_probe_failed", _PRE + r"gs_usb (?P<device>\d+-[\d.]+:\d+\.\d+): probe with driver gs_usb failed with error (?P<code>-\d+)",
            strength="strong", fail=True, convert=(("code", int),),
            src="Linux 6.3-6.x drivers/base/dd.c call_driver_probe() (deepen-rp-can s19, from the source's format)",
            example="gs_usb 1-1.3:1.0: probe with driver gs_usb failed with error -110"),
        Msg("can_adapter_error", _PRE + r"gs_usb (?P<device>\d+-[\d.]+:\d+\.\d+)(?: " + _CAN + r")?: (?P<text>Couldn't (?:start device|register CAN device|get device config|send data format|get bit timing const|set bittimings|allocate (?:rx|tx) urb|configure device)[^\n]{0,60}|usb_submit failed[^\n]{0,40}|Unexpected (?:unused|out of range) echo id[^\n]{0,20})",
            strength="strong", fail=True, example="gs_usb 1-1.3:1.0 can0: Couldn't start device (err=-32)"),
        # (kernel s11) the rest of gs_usb.c's errors in 6.1 and 6.12 (probe: candev registration, bit-timing constants,
        # endpoints; open: bit timing, URB submission; receive: short or nodata reads; transmit: URB, tx context), and 4.x-5.x's
        # "No memory left for URBs", "failed to xmit URB %u: %d" (6.x prints the errno by name: -ENODEV); from the source's format
        Msg("can_adapter_error", _PRE + r"gs_usb (?P<device>\d+-[\d.]+:\d+\.\d+)(?: " + _CAN + r")?: (?P<text>Couldn't (?:register candev|get extended bit timing const|allocate candev|set data bittimings?)[^\n]{0,60}|failed to (?:set (?:data )?bittiming|xmit URB|re-submit IN URB)[^\n]{0,40}|usb_submit_urb\(\) failed[^\n]{0,30}|short read \(actual_length=\d+, minimum_length=\d+\)|Disconnect \(nodata\)|No memory left for (?:USB buffer|URBs?)|Required endpoints not found|Driver cannot handle more th[ae]n \d+ CAN interfaces|Invalid tx context \d+)",
            strength="strong", fail=True, src="Linux 4.x-6.x drivers/net/can/usb/gs_usb.c (kernel s11, from the source's format)",
            example="gs_usb 1-1:1.0 can0: failed to xmit URB 3: -ENODEV"),
    ),
    group(
        "Linux drivers/net/can/dev/ (2.6.31-6.x)",
        Msg("can_no_bitrate", _PRE + r"(?:[\w-]+ \S+ )?" + _CAN + r": bit-timing not yet defined", strength="strong", fail=True,
            example="gs_usb 1-1.1.2:1.0 can0: bit-timing not yet defined"),
        # (kernel s11) dev.c open_candev() 3.x-6.x: a CAN FD link set up with a bitrate but without `dbitrate` (data phase)
        Msg("can_no_bitrate", _PRE + r"(?:[\w-]+ \S+ )?" + _CAN + r": incorrect/missing data bit-timing", strength="strong", fail=True,
            src="Linux 3.x-6.x drivers/net/can/dev/dev.c open_candev() (kernel s11, from the source's format)",
            example="gs_usb 1-1:1.0 can0: incorrect/missing data bit-timing"),
        # (kernel s11) dev.c can_restart(): the automatic restart after bus-off failed (6.x "Restart failed, error %pe", before
        # 6.x "Error %d during restart"), or a restart was asked while the link was up
        Msg("can_adapter_error", _PRE + r"(?:[\w-]+ \S+ )?" + _CAN + r": (?P<text>Restart failed, error \S+|Error -?\d+ during restart|Attempt to restart for bus-off recovery, but carrier is OK\?)",
            strength="strong", fail=True, src="Linux 3.x-6.x drivers/net/can/dev/dev.c can_restart() (kernel s11, from the source's format)",
            example="gs_usb 1-1:1.0 can0: Restart failed, error -ENODEV"),
        Msg("can_bitrate_error", _PRE + r"(?:[\w-]+ \S+ )?" + _CAN + r": bitrate error (?P<error>[\d.]+%)", strength="strong",
            example="mcp251x spi0.0 can0: bitrate error 0.3%"),
        Msg("can_link_ready", r"ADDRCONF\(NETDEV_(?:CHANGE|UP)\): " + _CAN + r": link (?:becomes ready|is not ready)", strength="strong",
            example="IPv6: ADDRCONF(NETDEV_CHANGE): can0: link becomes ready"),
    ),
    group(
        "Linux CAN controller drivers (mttcan, m_can, c_can, flexcan, rcar_can, sja1000...; 3.x-6.x): error state changes",
        Msg("can_bus_state", _PRE + r"[\w-]+ \S+ " + _CAN + r": (?:entered )?error (?P<state>passive|warning) (?:state|mode)\b",
            strength="strong", fail=True, example="mttcan c310000.mttcan can0: entered error passive state"),
        Msg("can_bus_state", _PRE + r"[\w-]+ \S+ " + _CAN + r": (?P<state>bus-off)\b", strength="strong", fail=True,
            example="mcp251xfd spi2.1 can0: bus-off, scheduling restart in 1000 ms"),
        Msg("can_bus_errors", _PRE + r"[\w-]+ \S+ " + _CAN + r": (?P<text>Bit[01] Error Detected|Stuff Error Detected|Form Error Detected|Ack(?:nowledgement)? Error Detected|CRC Error Detected)",
            strength="strong", fail=True, example="mttcan c310000.mttcan can0: Bit1 Error Detected"),
    ),
    group(
        "Linux drivers/net/can/dev/skb.c (4.x-6.x): the driver lost track of its own transmit echo slots",
        Msg("can_driver_bug", _PRE + r"(?:[\w-]+ \S+ )?" + _CAN + r": (?P<text>can_(?:put|get)_echo_skb: BUG! [^\n]{0,60}|BUG! Trying to access can_priv::echo_skb out of bounds[^\n]{0,30})",
            strength="strong", fail=True, example="rockchip_canfd fe580000.can can0: can_put_echo_skb: BUG! echo_skb 0 is occupied!"),
    ),
    group(
        "ifupdown ifup/ifdown (0.8) and networking.service; systemd-networkd (v239-v256) networkd-can.c",
        Msg("can_config_unknown", r"\bifup: unknown interface " + _CAN, strength="strong", fail=True,
            example="ifup: unknown interface can0"),
        Msg("can_config_failed", r"\bifup: failed to bring up " + _CAN, strength="strong", fail=True,
            example="ifup: failed to bring up can0"),
        # ifupdown 0.8 config.c: one bad line and it reads nothing at all (every interface stays down at boot)
        Msg("can_config_invalid", r"\b(?:ifup|ifdown|ifquery)(?:\[\d+\])?: (?P<text>(?P<path>/?[\w./-]*interfaces[\w./-]*):\d+: (?:misplaced option|too few parameters for iface line|option with empty value|unknown or no (?:method|address type)[^\n]{0,60}|duplicate [^\n]{0,40}))",
            strength="strong", fail=True, example="ifup: /etc/network/interfaces.d/can0:1: misplaced option"),
        Msg("can_config_invalid", r"\b(?:ifup|ifdown|ifquery)(?:\[\d+\])?: (?P<text>couldn't read interfaces file \"(?P<path>[^\"]{1,200})\")",
            strength="strong", fail=True, example='ifup: couldn\'t read interfaces file "/etc/network/interfaces"'),
        # systemd-networkd reads a .network / .link file but drops a key it does not know there (TransmitQueueLength=
        # belongs to a .link file's [Link]; BitRate= to a .network file's [CAN]): the interface keeps its defaults
        Msg("can_config_ignored", r"(?P<text>(?P<path>/\S{1,200}\.(?:network|link)):\d+: Unknown key name '(?P<name>TransmitQueueLength|BitRate|SamplePoint|RestartSec|DataBitRate|FDMode|Termination)' in section '\w+', ignoring)",
            strength="strong", fail=True,
            example="Dec 03 11:53:19 mkspi systemd-networkd[266]: /etc/systemd/network/80-can0.network:11: Unknown key name 'TransmitQueueLength' in section 'Link', ignoring."),
        Msg("can_config_failed", _CAN + r": (?P<text>Failed to set CAN interface configurations|Could not set bitrate|Could not bring up interface|Failed to configure CAN link)[^\n]{0,80}",
            strength="strong", fail=True, example="can0: Failed to set CAN interface configurations: Protocol error"),
        # (can s15) networkd-link.c link_enter_failed() warns "<ifname>: Failed" and link_set_state() logs (debug)
        # "State changed: <old> -> <new>" with the states pending/initialized/configuring/configured/unmanaged/failed/linger:
        # a CAN link in the failed state is one networkd could not configure (no bitrate set, left down)
        Msg("can_config_failed", r"(?:^\s*|: )" + _CAN + r": (?P<text>State changed: \w+ -> failed|State changed: failed -> \w+|Failed)\.?\s*$",
            strength="strong", fail=True,
            src="systemd v243-v256 src/network/networkd-link.c link_set_state() / link_enter_failed() (can s15)",
            example="can0: State changed: configuring -> failed"),
        # (deepen-rp-can s19) systemd v246-v256 src/shared/netlink-util.c rtnl_resolve_interface_or_warn() (networkctl status /
        # up / down, resolvectl, ...) "Failed to resolve interface \"%s\": %m": a CAN link name that names no interface (ENODEV)
        Msg("can_no_device", r"Failed to resolve interface \"" + _CAN + r"\": No such device",
            strength="strong", fail=True,
            src="systemd v246-v256 src/shared/netlink-util.c rtnl_resolve_interface_or_warn() (deepen-rp-can s19)",
            example='Failed to resolve interface "can0": No such device'),
    ),
)


@register
class CanKernelParser(TableParser):
    name = "can-log"
    namespace = "can"
    messages = MESSAGES
    hints = ("mcp251", "mcp25xx", "spi-bcm2835", "unknown symbol", "gs_usb", "unknown key name", "bit-timing", "bitrate error", "addrconf", "ifup", "ifquery", "ifdown", "interfaces", "can")

    def feed(self, lineno: int, line: str) -> None:
        text = line.strip()
        if not text or len(text) > 2000:
            return
        for row, m in self.match_line(text):
            if row.kind:
                self.event(row.kind, lineno, line, **event_attrs(row, m))

    def finish(self) -> dict[str, Any]:
        return {"can": {"events": self.events}} if self.events else {}


def classify(text: str) -> tuple[str, dict[str, Any]] | None:
    """The CAN event (kind, attributes) one log line means, or None (for other parsers meeting such lines)."""
    for row, m in CanKernelParser.table.match(text):
        if row.kind:
            return row.kind, event_attrs(row, m)
    return None


__all__ = ["CanKernelParser", "classify"]
