"""The kernel log and the system journal: dmesg (plain, -T, -r, -x, /dev/kmsg records), journalctl -k and
syslog-style lines with host and process prefixes. USB-relevant messages become `kernel.events`.

The message families (kernel wordings from 2.6 to 6.x):
- enumeration: `new full-speed USB device number 26 using xhci_hcd` (older: `new full speed USB device
  using uhci_hcd and address 2`) -> usb_new_device; `New USB device found, idVendor=03eb, idProduct=2fef[,
  bcdDevice= 0.00]` and the following `Product:` / `Manufacturer:` / `SerialNumber:` lines -> usb_device_ids.
- enumeration failures (code = the negative errno): `device descriptor read/64, error -32`, `can't read
  configurations`, `string descriptor 0 read error` -> usb_descriptor_error; `device not accepting address 5,
  error -71`, `Device not responding to setup address` -> usb_address_error; `unable to enumerate USB
  device` -> usb_enumerate_failed; `Cannot enable. Maybe the USB cable is bad?` -> usb_cannot_enable;
  `attempt power cycle` -> usb_power_cycle.
- while running: `USB disconnect, device number 3` -> usb_disconnect; `reset full-speed USB device` ->
  usb_reset; `disabled by hub (EMI?), re-enabling...` -> usb_emi_disabled; `over-current condition` ->
  usb_over_current; `Under-voltage detected!` / `hwmon1: Undervoltage detected!` -> under_voltage;
  `nonzero urb status: -71`, `urb stopped: -32`, `usb_submit_urb failed: -19`, `failed status -71` -> urb_error;
  `hub_ext_port_status failed (err = -71)` -> usb_hub_error.
- USB serial: `ch341-uart converter detected` -> usb_serial_detected; `converter now attached to ttyUSB0`,
  `cdc_acm 1-1:1.0: ttyACM0: USB ACM device` -> tty_attached; `converter now disconnected from ttyUSB0`
  -> tty_detached; `usbfs: interface 0 claimed by ch341 while 'brltty' sets config #1`, `usbfs: process
  1234 (brltty) did not claim interface 0 before use` -> usbfs_claim_conflict; `input: BRLTTY ...` and
  brltty journal lines -> brltty_activity.
- CAN: `can: controller area network core` -> can_core; `gs_usb 1-1:1.0: Configuring for 1 interfaces` ->
  gs_usb_probe; `can0: bus-off` -> can_bus_off.
- drivers: `usbcore: registered new interface driver cdc_acm`, `USB Serial support registered for ch341-uart`
  -> driver_registered; `probe of 1-1:1.0 failed with error -22` -> driver_probe_failed.
- journal: `ModemManager[1242]: <warn> (ttyACM0) could not open serial device` -> modemmanager_probe.

The message families are rows (`MESSAGES`, `Msg` + `group` of doctor.parsers._messages), each with a real example; the
parser keeps state only where meaning depends on what came before (Product/Manufacturer lines belong to the last
`New USB device found` of their port; a disconnect forgets that device; long logs are compacted).
`parse_message(msg)` classifies one message without its prefix; `split_prefix(line)` removes the prefix.
Both are used by other parsers that meet journal lines (systemctl status).
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of
from doctor.parsers._prefilter import cond_holds, condition, digit_blind, shape_condition

# ---- prefixes --------------------------------------------------------------------------------------------

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
_DAY = r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)"
# day and month names follow the locale (journalctl and dmesg -T print "ноя 25 12:24:56", "Mär 02 ...")
_NAME = r"[^\W\d_]{2,5}\.?"
_WALL = rf"(?:{_NAME},? )?{_NAME} +\d{{1,2}}(?: \d{{4}})? \d\d:\d\d:\d\d(?:[.,]\d+)?(?: \d{{4}})?"
_ISO = r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)?"
_MONO = r"\[\s*\d+\.\d+\]"

_KMSG = re.compile(r"^(\d{1,2}),\d+,(\d+),[^;]{0,20};(.*)$")  # /dev/kmsg: prio,seq,usec,flags;message
_LEVEL = re.compile(r"^<\d{1,3}>")  # dmesg -r
_FACILITY = re.compile(r"^(?:kern|user|daemon|syslog|mail|auth|local\d)\s*:\s*(?:emerg|alert|crit|err|warn|notice|info|debug)\s*:\s?")
_DMESG_MONO = re.compile(r"^\[?\s*(\d+\.\d{6})\]\s?|^\[\s*(\d+\.\d+)\]\s?")  # "[ 12.345678]", or cut: "284.973396]"
_DMESG_WALL = re.compile(rf"^\[(?:{_WALL}|{_ISO}|\s*\+?\d+\.\d+|<\s*\d+\.\d+>|{_MONTH} ?\d{{1,2}} \d\d:\d\d)\]\s?")
_DMESG_ISO = re.compile(rf"^{_ISO}\s+(?=\S)")  # dmesg --time-format iso: no host, no process
_JOURNAL = re.compile(
    rf"^(?:{_WALL}|{_ISO}|{_MONO})\s+(?P<host>[\w.\-]+)\s+(?P<proc>[A-Za-z][\w.@\-/]*?)(?:\[(?P<pid>\d+)\])?:\s?(?P<msg>.*)$"
)
# a syslog line whose kernel message lost its "kernel:" tag (some forum pastes, old sysklogd): host, then a USB head
_SYSLOG_UNTAGGED = re.compile(
    rf"^(?:{_WALL}|{_ISO})\s+[\w.\-]+\s+(?=(?:usb|hub) (?:\d+-[\d.]+|usb\d+-port\d+)[\w.:\-]*: |(?:ch341|cp210x|ftdi_sio|pl2303|cdc_acm|usbserial)[\w\-]* \d+-)"
)
_BARE_PROC = re.compile(r"^(?P<proc>kernel|ModemManager|brltty|systemd-udevd|NetworkManager)(?:\[(?P<pid>\d+)\])?:\s?(?P<msg>.*)$")
# a quote marker before the line: e-mail/Discourse "> ", or the quote mark or backtick a post wraps a copied line in
# ("[ 2899.50] usb 3-8.3: usbfs: interface 0 claimed by ch341 ..." in double quotes, GitHub inline code)
_QUOTE = re.compile(r"^(?:>\s?|[\"`]\s?(?=\[\s*\d+\.\d+\]|<\d{1,3}>\[))+")
# a line number before a dmesg line: an editor's (`cat -n`, vim: "  1 [  787.64] usb ...") or `grep -n` ("12:[ 5.1]")
_LINENO = re.compile(r"^\d{1,7}(?::|\s+)(?=\[\s*\+?\d+\.\d+\]|<\d{1,3}>\[)")
_KNOWN_PROCS = {"kernel", "ModemManager", "brltty", "systemd-udevd", "NetworkManager", "systemd"}


def split_prefix(line: str) -> tuple[str, str, float | None]:
    """(process, message, monotonic time) of one log line; process is "kernel" for dmesg lines."""
    text = _QUOTE.sub("", line.strip()).strip()
    if text[:1].isdigit():
        text = _LINENO.sub("", text, count=1)
    m = _KMSG.match(text)
    if m:
        return "kernel", m.group(3), int(m.group(2)) / 1e6
    text = _LEVEL.sub("", text)
    text = _FACILITY.sub("", text)
    proc = "kernel"
    t: float | None = None
    m = _JOURNAL.match(text)
    if m and (not text.startswith("[") or m.group("proc") in _KNOWN_PROCS):
        proc = m.group("proc")
        text = m.group("msg")
    else:
        m = _BARE_PROC.match(text) or _SYSLOG_UNTAGGED.match(text)
        if m and m.groupdict().get("msg") is None:
            text = text[m.end():]
        elif m:
            proc = m.group("proc")
            text = m.group("msg")
        else:
            text = _DMESG_ISO.sub("", text, count=1)
    m = _DMESG_MONO.match(text)
    if m:
        t = float(m.group(1) or m.group(2))
        text = text[m.end():]
    else:
        m = _DMESG_WALL.match(text)
        if m:
            text = text[m.end():]
    return proc, text.strip().lstrip("`").strip(), t  # a stray backtick of a half-fenced paste: "[1.2]` usb 1-1: ..."


# ---- messages --------------------------------------------------------------------------------------------

_DEV = r"(?P<dev>\S+?)"
_PORT_OF_HUB = re.compile(r"^(?:usb )?(?:usb(?P<root>\d+)|(?P<hub>\d+-[\d.]+))-port(?P<n>\d+)$")
_HUB_IFACE = re.compile(r"^(?P<bus>\d+)-(?P<path>[\d.]+):\d+\.\d+$")
_IFACE = re.compile(r"^(?P<port>\d+-[\d.]+):(?P<iface>\d+\.\d+)$")
_PORTPATH = re.compile(r"^\d+-[\d.]+$")

# message head: "<subsystem or driver> <device>: <text>"
_HEAD = re.compile(r"^(?P<drv>[A-Za-z][\w\-]*) (?P<dev>[^\s:]+(?::\d+\.\d+)?)(?: (?P<sub>\w+\d+))?: (?P<text>.*)$")

# The kernel's USB messages as rows (pattern, kind, a real example line without its prefix). The attributes
# (port, code, address...) come from the named groups and the message head (see parse_message).
MESSAGES = rows_of(
    group(
        'Linux 2.6-6.x drivers/usb/core/hub.c (hub_port_init, announce_device) and generic.c: enumeration',
        Msg("usb_new_device", r"\bnew (?P<speed>[\w\-]+(?: [\w\-]+){0,2}?)[ -]speed (?:Gen \S+ )?USB device(?: number (?P<num>\d+))? using (?P<hcd>\S+?)(?: and address (?P<addr>\d+))?\s*$",
            example='usb 1-1.4: new full-speed USB device number 26 using xhci_hcd'),
        Msg("usb_new_device", r"\bnew (?P<speed>SuperSpeed(?:Plus)?(?: Gen \S+)?|high|full|low|wireless) (?:speed )?USB device(?: number (?P<num>\d+))? using (?P<hcd>\S+)",
            example='usb 2-8: new full speed USB device using ohci_hcd and address 7'),
        Msg("usb_device_ids", r"\bNew USB device found, idVendor=(?P<vid>[0-9a-fA-F]{1,4}), idProduct=(?P<pid>[0-9a-fA-F]{1,4})(?:, bcdDevice=\s*(?P<bcd>[\d.a-fA-F]+))?",
            example='usb 5-3: New USB device found, idVendor=1a86, idProduct=7523, bcdDevice=81.34'),
        Msg("usb_string", r"^(?P<key>Product|Manufacturer|SerialNumber): ?(?P<value>.*)$",
            example='usb 1-1: Product: stm32f103xe'),
    ),
    group(
        'Linux 2.6-6.x drivers/usb/core/hub.c and config.c: enumeration failures (code = negative errno)',
        Msg("usb_descriptor_error", r"(?i)\b(?:device descriptor read/\w+|string descriptor \d+ read error|can't read configurations|unable to read config index \d+ descriptor/\w+|can't set config #\d+|can't restore configuration #\d+|config index \d+ descriptor too short|device descriptor short read|(?:BOS|config) descriptor (?:read|error)|unable to get BOS descriptor)",
            example='usb 1-1.4: device descriptor read/64, error -32'),
        Msg("usb_address_error", r"(?i)\bdevice not accepting address (?P<addr>\d+), error (?P<code>-\d+)",
            example='usb 3-1: device not accepting address 16, error -71'),
        Msg("usb_address_error", r"(?i)\bdevice not responding to setup address",
            example='usb 1-1: Device not responding to setup address.'),
        Msg("usb_hub_error", r"(?i)\bhub_(?:hub|(?:ext_)?port)_status failed \(err = (?P<code>-\d+)\)|\bget_port_status failed with (?P<code2>-\d+)",
            example='hub 1-1:1.0: hub_ext_port_status failed (err = -71)'),
        # (audit-host-usb s18) hub.c hub_port_reset() (2.6: "cannot %sreset port %d (err = %d)", 3.x-6.x on the port device:
        # "cannot %sreset (err = %d)") and hub_port_disable() ("cannot disable (err = %d)"): the SET/CLEAR_PORT_FEATURE
        # request to the hub itself failed (-19, the hub gone, is not printed), like hub_hub_status()'s "%s failed (err = %d)"
        Msg("usb_hub_error", r"\bcannot (?:warm )?(?:reset|disable)(?: port \d+)? \(err = (?P<code>-\d+)\)", fail=True,
            src="Linux 2.6-6.x drivers/usb/core/hub.c hub_port_reset(), hub_port_disable() (audit-host-usb s18, from the source's format)",
            example='usb usb2-port1: cannot reset (err = -71)'),
        Msg("usb_enumerate_failed", r"(?i)\bunable to enumerate USB device(?: on port (?P<n>\d+))?",
            example='usb usb1-port1: unable to enumerate USB device'),
        Msg("usb_cannot_enable", r"(?i)\bcannot enable(?: port (?P<n>\d+))?\.\s+Maybe the USB cable is bad",
            example='usb usb2-port3: Cannot enable. Maybe the USB cable is bad?'),
        # hub.c hub_port_connect(): printed only after the first half of the enumeration attempts failed (kernel s11: fail)
        Msg("usb_power_cycle", r"(?i)\battempt power cycle", fail=True,
            example='usb 2-1-port1: attempt power cycle'),
    ),
    group(
        'Linux 2.6-6.x drivers/usb/core/hub.c, RPi firmware hwmon: a running device drops, resets, power',
        Msg("usb_disconnect", r"\bUSB disconnect, (?:device number|address) (?P<num>\d+)",
            example='usb 1-1: USB disconnect, device number 13'),
        Msg("usb_reset", r"\breset (?P<speed>[\w\-]+(?: [\w\-]+){0,2}?)[ -]speed (?:Gen \S+ )?USB device(?: number (?P<num>\d+))?",
            example='usb 1-1.3: reset full-speed USB device number 5 using xhci_hcd'),
        Msg("usb_emi_disabled", r"(?i)(?:port (?P<n>\d+) )?disabled by hub \(EMI\?\)",
            example='usb 2-1-port2: disabled by hub (EMI?), re-enabling...'),
        # (usb-drivers s10) hub.c's "(EMI?)" tag as people retell the line ("ehci_hub: USB disconnect on port 3 (EMI?)",
        # lawlorcode 2014-05: an Arduino Mega beside large motors): the tag is printed only on that path
        Msg("usb_emi_disabled", r"(?i)\b(?:disconnect|disabled) on port (?P<port>\d+) \(EMI\?\)", strength="strong",
            example='ehci_hub: USB disconnect on port 3 (EMI?)'),
        Msg("usb_over_current", r"(?i)\bover-?current (?:condition|change)(?: on port (?P<n>\d+))?",
            example='usb usb1-port1: over-current condition'),
        Msg("under_voltage", r"(?i)\bunder-?voltage detected",
            example='Under-voltage detected! (0x00050005)'),
        Msg("voltage_normal", r"(?i)\bvoltage normali[sz]ed",
            example='Voltage normalised (0x00000000)'),
        Msg("urb_error", r"(?i)\b(?:non-?zero urb status|urb stopped|urb shutting down with status|usb_submit_urb(?:\([^)]*\))? failed(?: with result)?|failed status|urb \d+ failed submission with|status received):?\s*(?P<code>-\d+)",
            example='ch341-uart ttyUSB0: usb_serial_generic_read_bulk_callback - urb stopped: -32'),
        # (deepen-ser-usb-fw s18) cp210x.c cp210x_write_reg_block()/cp210x_read_reg_block() (4.x-6.x): a control request to the
        # bridge failed ("failed set request 0x%x status: %d", "failed get req 0x%x size %d status: %d"): -19 ENODEV, the
        # device left the bus under the open port; -71/-110/-32 the link itself
        Msg("urb_error", r"\bfailed (?:set request|get req) 0x[0-9a-fA-F]+(?: size \d+)? status: (?P<code>-\d+)",
            src="Linux 4.x-6.x drivers/usb/serial/cp210x.c", example="cp210x ttyUSB0: failed set request 0x12 status: -19"),
    ),
    group(
        "Linux usb-serial (usb-serial.c, ch341, cp210x, ftdi_sio, pl2303), cdc-acm.c, usbfs devio.c, brltty's input device",
        Msg("usb_serial_detected", r"(?:^|\s)(?P<conv>[\w\-]+(?: [\w\-]+){0,4}?) converter detected",
            example='ch341 5-3:1.0: ch341-uart converter detected'),
        Msg("tty_attached", r"(?:^|\s)(?P<conv>[\w\-]+(?: [\w\-]+){0,4}?) converter now attached to (?P<tty>tty\w+)",
            example='usb 5-3: ch341-uart converter now attached to ttyUSB0'),
        Msg("tty_attached", r"^(?P<tty>tty(?:ACM|USB|GS)\d+): USB ACM device",
            example='cdc_acm 1-1:1.0: ttyACM0: USB ACM device'),
        Msg("acm_dtr_rts_failed", r"\bfailed to set dtr/rts", fail=True,
            example='cdc_acm 1-1.1.3:2.0: failed to set dtr/rts'),
        Msg("tty_detached", r"(?:^|\s)(?P<conv>[\w\-]+(?: [\w\-]+){0,4}?) converter now disconnected from (?P<tty>tty\w+)",
            example='ch341-uart ttyUSB0: ch341-uart converter now disconnected from ttyUSB0'),
        # (kernel s11) devio.c proc_setconfig() and proc_resetdevice() (4.x-6.x: "... while '%s' resets device"): a program
        # other than brltty (dfu-util, avrdude, openocd, a pyusb script) wanted the device a kernel driver holds; its
        # libusb call then fails (busy). No catalogue id says which program should have it: a failure, no cause
        Msg("usbfs_claim_conflict", r"\busbfs: interface (?P<iface>\d+) claimed by (?P<drv>\S+) while '(?P<proc>(?!brltty')[^']+)' (?:sets config|resets device)", fail=True,
            src="Linux 2.6-6.x drivers/usb/core/devio.c (kernel s11, from the source's format)",
            example="usb 3-1: usbfs: interface 0 claimed by cdc_acm while 'dfu-util' sets config #1"),
        Msg("usbfs_claim_conflict", r"\busbfs: interface (?P<iface>\d+) claimed by (?P<drv>\S+) while '(?P<proc>[^']+)' (?:sets config|resets device)",
            example="usb 3-1: usbfs: interface 0 claimed by cp210x while 'brltty' sets config #1"),
        # the same message wrapped by a mail or forum after "usbfs: interface 0" (its second half starts the next line)
        Msg("usbfs_claim_conflict", r"^(?P<iface>)claimed by (?P<drv>[\w-]+) while '(?P<proc>[^']+)' sets config",
            example="claimed by ftdi_sio while 'brltty' sets config #1"),
        Msg("usbfs_claim_conflict", r"\busbfs: process \d+ \((?P<proc>[^)]+)\) did not claim interface (?P<iface>\d+)",
            example='usb 1-1: usbfs: process 1234 (brltty) did not claim interface 0 before use'),
        Msg("brltty_activity", r"^input: BRLTTY\b",
            example='input: BRLTTY 6.4 Linux Screen Driver Keyboard as /devices/virtual/input/input68'),
        # (rp-usb s8) brltty's Linux screen driver creates the uinput keyboard "BRLTTY <version> Linux Screen Driver
        # Keyboard" (Drivers/Screen/Linux/screen.c, brltty 6.x) when brltty starts, which on desktop distributions means
        # udev started it for a USB device in its braille table: the X server / libinput / gdm-x-session journal lines
        # name it too (`(**) BRLTTY 6.4 Linux Screen Driver Keyboard: always reports core events`, Xorg.0.log
        # `(II) event17 - BRLTTY 6.4 Linux Screen Driver Keyboard: is tagged by udev as: Keyboard`)
        Msg("brltty_activity", r"\bBRLTTY \d[\d.]* Linux Screen Driver Keyboard\b",
            example='Jun 16 19:10:07 kuhn /usr/libexec/gdm-x-session[994]: (**) BRLTTY 6.4 Linux Screen Driver Keyboard: always reports core events'),
        # the usbfs message quoted or paraphrased in a post, with the typographic quotes of its language (‚brltty‘,
        # „brltty“, 'brltty', `brltty`) and without its "sets config" tail: the person read it in their dmesg
        Msg("usbfs_claim_conflict", r"\b(?:interface (?P<iface>\d+) )?claimed by (?P<drv>[\w-]+) while [\u201a\u2018\u2019\u201e\u201c\u201d'\"`]?(?P<proc>brltty)\b",
            example="Wir sehen, ein interface 0 claimed by cp210x while \u201abrltty\u2018 und ein device disconnected:"),
    ),
    group(
        'Linux net/can af_can.c, drivers/net/can/usb/gs_usb.c, can dev',
        Msg("can_core", r"^(?:can: )?controller area network core",
            example='can: controller area network core'),
        Msg("gs_usb_probe", r"\bConfiguring for (?P<count>\d+) interfaces?",
            example='gs_usb 1-1:1.0: Configuring for 1 interfaces'),
        # gs_usb.c gs_can_close(): the CAN interface was still up when its USB device vanished (-19 ENODEV): the
        # consequence of a disconnect (USB003 judges it), not a failure of its own
        Msg("can_dev_gone", r"\b(?P<can>can\d+): Couldn't shutdown device \(err=(?P<code>-\d+)\)", benign=True, convert=(("code", int),),
            example="gs_usb 1-1.2:1.0 can0: Couldn't shutdown device (err=-19)"),
        Msg("can_bus_off", r"\b(?P<can>can\d+):? bus-off",
            example='gs_usb 1-1:1.0 can0: bus-off'),
    ),
    group(
        'Linux usbcore driver registration and probe (drivers/base/dd.c)',
        Msg("driver_registered", r"\b(?:registered new interface driver|USB Serial support registered for) (?P<drvname>[\w\-]+)",
            example='usbcore: registered new interface driver ch341'),
        # (deepen-serial s19) the driver itself unloaded (rmmod/modprobe -r ftdi_sio, a libftdi tool's instructions): its ttys
        # are released with "now disconnected" and no USB disconnect, which is no program taking the device over (brltty):
        # drivers/usb/serial/usb-serial.c usb_serial_deregister() "USB Serial deregistering driver %s", drivers/usb/core/driver.c
        # usb_deregister() "%s: deregistering interface driver %s" (Linux 2.6-6.x)
        Msg("driver_deregistered", r"\b(?:USB Serial deregistering driver|deregistering interface driver) (?P<drvname>[\w\-][\w\- ]{0,60})",
            example='usbserial: USB Serial deregistering driver FTDI USB Serial Device'),
        Msg("driver_probe_failed", r"\bprobe of (?P<dev>\S+) failed with error (?P<code>-\d+)",
            example='cdc_acm: probe of 1-1:1.0 failed with error -22'),
        # (usb-instruments s15) drivers/media/usb/airspy, hackrf, msi2500 and dvb-frontends/rtl2832_sdr probe: the kernel's own
        # SDR driver bound the device and registered its v4l2 swradio node (the message head names the driver)
        Msg("sdr_registered", r"^Registered as swradio\d+\s*$", example='airspy 1-2:1.0: Registered as swradio0'),
    ),
    # ---- usb-cables (session 6): wordings of the same USB faults the rows above do not cover ----
    group(
        "Linux 2.4-6.x drivers/usb/core/hub.c (hub_port_debounce, hub_port_init) and config.c, host/xhci.c "
        "(xhci_setup_device): enumeration failures in other wordings (usb-cables s6)",
        # hub_port_connect_change(): the port's connect status did not stay stable for 100 ms: a contact that bounces
        # (connector, cable) or a device that keeps dropping its pull-up; 2.4-2.6 add ", port N disabled"
        Msg("usb_cannot_enable", r"(?i)\bconnect-debounce failed(?:, port (?P<n>\d+) disabled)?", fail=True,
            example="[   30.981076] usb usb2-port1: connect-debounce failed"),
        # xhci_setup_device(): the controller's Address Device command timed out (the device never answered SET_ADDRESS)
        Msg("usb_address_error", r"\bTimeout while waiting for setup device command", strength="strong", fail=True,
            example="xhci_hcd 0000:0b:00.3: Timeout while waiting for setup device command"),
        Msg("usb_address_error", r"\bhub failed to enable device, error (?P<code>-\d+)", fail=True,
            example="usb 10-1: hub failed to enable device, error -62"),
        # config.c usb_get_configuration(): the configuration descriptor came back empty or short
        Msg("usb_descriptor_error", r"\binvalid descriptor for config index \d+", fail=True,
            example="usb 2-8: invalid descriptor for config index 0: type = 0x0, length = 0"),
    ),
    group(
        "macOS 10.x IOUSBFamily (sudo dmesg: USBF lines) and 11+ IOUSBHostFamily (log show / dmesg): the Mac could not "
        "enumerate the device, the same failure as Linux's descriptor/address errors (usb-cables s6)",
        Msg("usb_descriptor_error", r"\bThe IOUSBFamily is having trouble enumerating a USB device", strength="strong", fail=True,
            example="USBF:    585.242    The IOUSBFamily is having trouble enumerating a USB device that has been plugged in.  It will keep retrying.  (Port 5 of Hub at 0x14000000)"),
        Msg("usb_enumerate_failed", r"\bThe IOUSBFamily (?:was not able to enumerate a device|gave up enumerating a USB device)",
            strength="strong", fail=True,
            example="USBF:    596.681    The IOUSBFamily gave up enumerating a USB device after 10 retries.  (Port 5 of Hub at 0x14000000)"),
        Msg("usb_enumerate_failed", r"\bAppleUSBHostPort::(?:enumerateDeviceComplete\w*: enumeration failed|terminateDevice: destroying .{0,80}?: enumeration failure|disconnect: persistent enumeration failures)",
            strength="strong", fail=True,
            example="kernel: (IOUSBHostFamily) usb-drd0-port-hs@00100000: AppleUSBHostPort::enumerateDeviceComplete_block_invoke: enumeration failed"),
        # (host s23) macOS 10.x IOUSBFamily's host-controller drivers (AppleUSBEHCI/OHCI/UHCI/XHCI) timing out a control
        # transfer to address 0: only a device being enumerated is at address 0 (its first GET_DESCRIPTOR, SET_ADDRESS), so
        # the Mac never got its descriptor (os.mbed.com questions/5625: an LPC4088 board that never appeared in /dev); (review s23)
        # the same in a kernel log line with the driver's object address and the wait in seconds
        # ("kernel[0]: USBF: 58.191 AppleUSBUHCI[0xffffff8011a34000]::Found a transaction which hasn't moved in 5 seconds ...")
        Msg("usb_descriptor_error", r"\bAppleUSB[EOUX]HCI(?:\[0x[0-9a-fA-F]+\])?::Found a transaction (?:which hasn't moved in \d+ (?:milli)?seconds|past the completion deadline) "
            r"on bus 0x[0-9a-fA-F]+, timing out! \(Addr: 0, EP: 0\)", strength="strong", fail=True,
            example="USBF:    379206.265    AppleUSBEHCI::Found a transaction which hasn't moved in 5000 milliseconds on bus 0x1a, timing out! (Addr: 0, EP: 0)"),
        Msg("usb_descriptor_error", r"\bIOUSBHostDevice::\w+: device descriptor fragment is invalid", strength="strong", fail=True,
            example="kernel: (IOUSBHostFamily) IOUSBHostDevice@00100000: IOUSBHostDevice::start_block_invoke: device descriptor fragment is invalid"),
        # the Mac's alert when a port's supply trips (a short or a board drawing too much): its over-current
        Msg("usb_over_current", r"(?i)\bUSB Accessories Disabled\W{1,5}(?:Unplug the accessory using too much power|.{0,40}?too much power)",
            strength="strong", fail=True,
            example="Warning in top right hand corner of Mac screen - USB Accessories Disabled - Unplug the accessory using too much power to re-enable USB devices."),
        # (byid-usb-ser s17) the same alert copied as shown, its body on a line of its own under the title; and the older
        # macOS wording of it, "USB Over Current Notice" (the alert as Apple-support help pages quote it; arduino.stackexchange
        # 48865 tells of a Nano clone on a faulty target the Mac "disabled due to pulling too much power")
        Msg("usb_over_current", r"(?i)^\W{0,3}Unplug the accessory using too much power to re-enable USB devices\b|\bUSB Over[- ]?Current Notice\b",
            strength="strong", fail=True, example="Unplug the accessory using too much power to re-enable USB devices."),
    ),
    group(
        "Linux cdc-acm.c (acm_probe, kernels before 4.x), host/xhci.c, usb-serial control requests: lines that look like "
        "failures but say nothing of their own (usb-cables s6)",
        # printed for every ACM device without call management (Teensy, LUFA, many boards): informational
        Msg("usb_notice", r"\bThis device cannot do calls on its own\. It is not a modem", benign=True,
            example="cdc_acm 3-2:1.0: This device cannot do calls on its own. It is not a modem."),
        # xhci beside a failed SET_ADDRESS: a consequence, the hub.c lines beside it carry the diagnosis
        Msg("usb_notice", r"\bWARN: invalid context state for evaluate context command", benign=True,
            example="usb 2-3: WARN: invalid context state for evaluate context command."),
        # a driver's control request after the device left the bus (-19 ENODEV): the disconnect says it already
        Msg("usb_notice", r"\bfailed to send control message: -19\b", benign=True,
            example="usb 4-1: failed to send control message: -19"),
        # config.c usb_parse_endpoint()/usb_parse_configuration(): the kernel corrects or skips a descriptor field and
        # goes on enumerating (the device still gets its ids and driver): a note on the device's descriptors, no failure
        Msg("usb_notice", r"\bconfig \d+ interface \d+ altsetting \d+ (?:\w+ )?endpoint 0x[0-9a-fA-F]+ has (?:an )?invalid (?:bInterval \d+, changing to \d+|maxpacket \d+)",
            benign=True, example="usb 1-1.5: config 1 interface 0 altsetting 0 endpoint 0x81 has an invalid bInterval 255, changing to 11"),
        Msg("usb_notice", r"\bconfig \d+ has an invalid (?:descriptor of length \d+, skipping remainder of the config|interface number: \d+ but max is \d+)",
            benign=True, example="usb 1-1: config 1 has an invalid descriptor of length 0, skipping remainder of the config"),
    ),
    group(
        "Raspberry Pi firmware: vcgencmd get_throttled (bit 0 under-voltage now, bit 16 under-voltage since boot) and "
        "OctoPrint's pi_support plugin, which reports the same mask (usb-cables s6)",
        Msg("under_voltage", r"\bthrottled=0x(?:[0-9a-fA-F]*[13579bdfBDF][0-9a-fA-F]{4}|[0-9a-fA-F]*[13579bdfBDF])\b",
            strength="strong", fail=True, example="throttled=0x50005"),
        Msg("under_voltage", r"\bthrottle_state\s*:\s*0x(?:[0-9a-fA-F]*[13579bdfBDF][0-9a-fA-F]{4}|[0-9a-fA-F]*[13579bdfBDF])\b",
            strength="strong", fail=True, example="env.plugins.pi_support.throttle_state : 0x50005"),
        Msg("under_voltage", r"'throttled_voltage_(?:now|past)': True\b", strength="strong", fail=True,
            example="2020-02-20 23:28:39,172 - octoprint.plugins.tracking - INFO - Sent tracking event system_throttled, payload: {'throttled_mask': 327685, 'throttled_voltage_now': True, 'throttled_voltage_past': True, 'throttled_overheat_now': False, 'throttled_now': True, 'throttled_past': True, 'throttled_overheat_past': False}"),
    ),
    group(
        "Linux 3.x-6.x kernel/printk/printk.c register_console(): a console registered on a serial port ('console [%s%d] "
        "enabled', 'printk: console [...]' since 5.x, 'printk: legacy console [...]' since 6.7): the kernel (and its login "
        "getty) talks on that UART (deepen-misc s17, from the source's format; tty0/tty1 screens and boot consoles are not a UART)",
        Msg("serial_console_enabled", r"\b(?:printk: )?(?:legacy )?console \[(?P<tty>(?:ttyS|ttyAMA|ttyUSB|ttyACM|ttymxc|ttySAC|ttyO|ttyFIQ|ttyMSM|ttyHS|ttyTHS)\d+)\] enabled\b",
            example="[    3.350612] printk: console [ttyS0] enabled"),
    ),
    # ---- kernel s11: the USB core, usb-serial and cdc-acm messages read whole from Linux 6.1 and 6.12 (Debian linux-source),
    # with the older wordings of the same calls; rows whose line was built from a format string say so in their group ----
    group(
        "Linux 4.x-6.x drivers/usb/core/hub.c hub_port_init(): SuperSpeed (Plus) devices are announced in a format of their "
        "own ('SuperSpeed%s%s': 4.x 'SuperSpeedPlus Gen 2', 5.x-6.x ' Plus' and ' Gen 2x1') (kernel s11, from the source's format)",
        Msg("usb_new_device", r"\bnew (?P<speed>SuperSpeed ?Plus(?: Gen \w+)?) USB device(?: number (?P<num>\d+))? using (?P<hcd>\S+)",
            example="usb 2-1: new SuperSpeed Plus Gen 2x1 USB device number 3 using xhci_hcd"),
        Msg("usb_reset", r"\breset (?P<speed>SuperSpeed(?: ?Plus)?(?: Gen \w+)?) USB device(?: number (?P<num>\d+))?",
            example="usb 2-1: reset SuperSpeed USB device number 2 using xhci_hcd"),
    ),
    group(
        "Linux 3.x-6.x drivers/usb/host/xhci.c xhci_setup_device(): the controller's Address Device command, 3.x wordings "
        "('set address', 'address device command') and 4.x-6.x's 'setup context' (kernel s11, from the source's format)",
        Msg("usb_address_error", r"(?i)\bdevice not responding to (?:set address|setup context)", fail=True,
            example="usb 1-1: Device not responding to setup context."),
        Msg("usb_address_error", r"\bTimeout while waiting for address device command", strength="strong", fail=True,
            example="xhci_hcd 0000:00:14.0: Timeout while waiting for address device command"),
    ),
    group(
        "Linux 2.6-6.x drivers/usb/core/config.c usb_get_configuration() and hub.c: after the configuration descriptors could "
        "not be read, the device is left with none (kernel s11, from the source's format)",
        Msg("usb_descriptor_error", r"\bchopping to 0 config\(s\)|^no configurations\s*$|\bcan't re-read device descriptor for authorization", fail=True,
            example="usb 1-1: chopping to 0 config(s)"),
    ),
    group(
        "Linux 2.6-6.x drivers/usb/core/hub.c, message.c, generic.c, driver.c, devio.c: the device or its interface is refused "
        "for a reason no catalogue id names (its descriptors change across a reset, the host controller has no room for it, "
        "usbguard or authorized_default keeps it, a program asks for an interface it has not) (kernel s11, from the source's format)",
        Msg("usb_error", r"\bInvalid ep0 maxpacket: \d+|\bgot a wrong device descriptor, warm reset device|\bdevice reset changed ep0 maxpacket size",
            fail=True, example="usb 1-1: Invalid ep0 maxpacket: 0"),
        Msg("usb_error", r"\bBusted HC\? Not enough HCD resources|\bNot enough bandwidth for altsetting \d+", fail=True,
            example="usb 1-1: Not enough bandwidth for altsetting 1"),
        Msg("usb_error", r"\b(?:Device|Interface \d+) is not authorized for usage", fail=True,
            example="usb 1-1: Device is not authorized for usage"),
        Msg("usb_error", r"\bno configuration chosen from \d+ choices?|^config 0 descriptor\?\?|\bdevice_add\([^)]*\) --> (?P<code>-\d+)", fail=True,
            example="usb 1-1: no configuration chosen from 1 choice"),
        Msg("usb_error", r"\binterface number \d+ out of range", fail=True,
            example="usb 1-1: interface number 2 out of range"),
        # hub_configure(): a hub the kernel will not use, or (3.x-6.x, xHCI) a USB 3 hub whose transaction translator the
        # controller was not told about: full- and low-speed boards behind it may not enumerate
        Msg("usb_error", r"\bbad descriptor, ignoring hub|\bHost not accepting hub info update|\bLS/FS devices and hubs may not work under this hub", fail=True,
            example="hub 2-1:1.0: LS/FS devices and hubs may not work under this hub"),
        # hub_irq()/hub_activate(): the hub's own status URB failed; -19 and -108 only follow the hub leaving the bus
        Msg("usb_hub_error", r"\b(?:activate|resubmit) --> (?P<code>-(?!19\b|108\b)\d+)", fail=True,
            example="hub 1-1:1.0: resubmit --> -71"),
    ),
    group(
        "Linux 2.6-6.x drivers/usb/core/hub.c (hub_power_remaining, hub_port_connect), generic.c usb_choose_configuration(), "
        "message.c usb_set_configuration(): the device asks for more current than its port may give (a bus-powered hub gives "
        "100 mA a port), so the kernel warns or leaves it unconfigured (kernel s11, from the source's format)",
        Msg("usb_power_budget", r"\b\d+mA is over \d+mA budget|\b\d+mA over power budget", fail=True,
            example="usb 1-1-port2: 500mA is over 100mA budget!"),
        Msg("usb_power_budget", r"\brejected \d+ configurations? due to insufficient available bus power", fail=True,
            example="usb 1-1.2: rejected 1 configuration due to insufficient available bus power"),
        Msg("usb_power_budget", r"\bnew config #\d+ exceeds power limit by \d+mA|\bcan't connect bus-powered hub to this port", fail=True,
            example="usb 1-1.2: new config #1 exceeds power limit by 400mA"),
    ),
    group(
        "Linux 2.6-6.x drivers/usb/core/config.c usb_parse_endpoint(), usb_parse_interface(), usb_parse_configuration(): the "
        "kernel skips or notes a malformed descriptor and enumerates the device anyway (kernel s11, from the source's format)",
        Msg("usb_notice", r"\bconfig \d+ interface \d+ altsetting \d+ (?:\w+ )?endpoint 0x[0-9a-fA-F]+ has invalid wMaxPacketSize 0", benign=True,
            example="usb 1-1: config 1 interface 0 altsetting 0 endpoint 0x82 has invalid wMaxPacketSize 0"),
        Msg("usb_notice", r"\bconfig \d+ (?:interface \d+ altsetting \d+ )?has an invalid (?:endpoint descriptor of length \d+|descriptor for endpoint zero|endpoint with address 0x[0-9a-fA-F]+|interface descriptor of length \d+|interface association descriptor of length \d+), skipping",
            benign=True, example="usb 1-1: config 1 interface 0 altsetting 0 has an invalid endpoint descriptor of length 5, skipping"),
        Msg("usb_notice", r"\b[Ii]nvalid SuperSpeed(?:Plus isoc)? endpoint companion", benign=True,
            example="usb 2-1: invalid SuperSpeed endpoint companion descriptor of length 0, skipping"),
    ),
    group(
        "Linux 2.6-6.x drivers/usb/class/cdc-acm.c acm_probe(), drivers/usb/serial/usb-serial.c usb_serial_probe() and "
        "usb_serial_register_drivers(), generic.c, ftdi_sio.c ftdi_determine_type(), pl2303.c pl2303_detect_type() and "
        "pl2303_startup(), cp210x.c cp210x_process_char(): the driver refuses the device (its descriptors, endpoints or "
        "chip revision) and no tty appears (kernel s11, from the source's format)",
        Msg("usb_driver_error", r"\b(?:Weird descriptor references|Zero length descriptor references|This needs exactly 3 endpoints)", fail=True,
            example="cdc_acm 1-1:1.0: Zero length descriptor references"),
        Msg("usb_driver_error", r"\b(?:required endpoints missing|required interrupt-in endpoint missing|device has no bulk endpoints|No more free serial minor numbers)", fail=True,
            example="ch341 1-1:1.0: required endpoints missing"),
        Msg("usb_driver_error", r"\bunknown device type(?:: 0x[0-9a-fA-F]+|, please report to linux-usb@vger\.kernel\.org)", fail=True,
            example="pl2303 1-1:1.0: unknown device type, please report to linux-usb@vger.kernel.org"),
        Msg("usb_driver_error", r"\bproblem (?P<code>-\d+) when registering driver \S+", fail=True,
            example="usbserial: problem -16 when registering driver ch341-uart"),
        Msg("usb_driver_error", r"\bmalformed event 0x[0-9a-fA-F]+", fail=True,
            example="cp210x ttyUSB0: malformed event 0x05"),
        # ch341.c ch341_detect_quirks() (5.12-6.x): CH340 revisions without the break register work with a simulated break
        Msg("usb_notice", r"\bbreak control not supported, using simulated break", benign=True,
            example="ch341-uart ttyUSB0: break control not supported, using simulated break"),
    ),
    # ---- audit-host-usb s18: the host side of a USB/serial board, host controllers and the Pi's power warnings ----
    group(
        "Linux 2.6-6.x drivers/usb/core/config.c usb_parse_configuration(): a descriptor of a type the kernel does not expect "
        "inside the configuration is skipped and the device enumerates (audit-host-usb s18, from the source's format)",
        Msg("usb_notice", r"\bconfig \d+ contains an unexpected descriptor of type 0x[0-9a-fA-F]+, skipping", benign=True,
            example="usb 1-1: config 1 contains an unexpected descriptor of type 0x2, skipping"),
    ),
    group(
        "Linux 2.6-6.x drivers/usb/core/hcd.c usb_hc_died(), host/ohci-hcd.c ohci_run(), dwc2/hcd_intr.c "
        "dwc2_hc_chhltd_intr_dma(): the host controller itself stopped or lost a transfer; every device on it drops, and "
        "which of power, the SoC's controller or its driver is to blame the line does not say (audit-host-usb s18)",
        Msg("usb_error", r"\bHC died; cleaning up|\bframe counter not updating; disabled\b", fail=True,
            example="ehci-pci 0000:00:1d.0: HC died; cleaning up"),
        # devio.c proc_do_submiturb(): a program's URB through usbfs (avrdude, dfu-util, openocd via libusb) was refused
        Msg("usb_error", r"\busbfs: usb_submit_urb returned (?P<code>-\d+)", fail=True,
            src="Linux 3.x-6.x drivers/usb/core/devio.c proc_do_submiturb() (audit-host-usb s18, from the source's format)",
            example="usb 1-1: usbfs: usb_submit_urb returned -121"),
        Msg("usb_error", r"\bChannel \d+ - ChHltd set, but reason is unknown", fail=True,
            example="dwc2 3f980000.usb: dwc2_hc_chhltd_intr_dma: Channel 5 - ChHltd set, but reason is unknown"),
    ),
    group(
        "Linux 3.x-6.x drivers/usb/musb/musb_core.c musb_stage0_irq() (Allwinner sunxi, TI am335x, Ingenic OTG ports in host "
        "mode): 'VBUS_ERROR in %s (%02x, %s), retry #%d, port1 %08x': the port's VBUS fell below valid while it powered a "
        "device (over-current, a board drawing too much, or an OTG port that gives no power) (audit-host-usb s18)",
        Msg("usb_over_current", r"\bVBUS_ERROR in [\w_]+ \(", fail=True,
            example="musb-hdrc musb-hdrc.1.auto: VBUS_ERROR in a_wait_vrise (80, <SessEnd), retry #3, port1 0008010c"),
    ),
    group(
        "Raspberry Pi OS desktop: lxplug-ptbatt / lxpanel's low-voltage alert ('Low voltage warning\\nPlease check your power "
        "supply'), the Wayland desktop's PMIC monitor ('Low voltage warning; please check your power supply.') and the Pi 5 "
        "brown-out notice ('Reset due to low power; please check your power supply'): the firmware's under-voltage flag as "
        "the desktop shows it (audit-host-usb s18)",
        Msg("under_voltage", r"(?i)^\W{0,3}Low voltage warning\b(?:[;.!]|\s*$)|\bLow voltage warning[;,.]? please check your power supply", fail=True,
            example="Low voltage warning; please check your power supply. See https://rptl.io/rpi5-power-supply-info for more information"),
        Msg("under_voltage", r"(?i)\bReset due to low power; please check your power supply", fail=True,
            example="Reset due to low power; please check your power supply"),
        # the Pi 5 desktop's notice when the supply did not negotiate 5 A over USB-PD (lxplug-ptbatt / wfplug-power "...\nPower to
        # peripherals will be restricted" or "is restricted"): the firmware then limits all USB ports together to 600 mA
        Msg("usb_power_budget", r"(?i)\bThis power supply is not capable of supplying 5A\b", fail=True,
            example="This power supply is not capable of supplying 5A; power to peripherals will be restricted"),
    ),
    group(
        "WCH's own CH34x driver (WCHSoftGroup/ch341ser_linux V1.6 ch34x.c 2020, V1.7-V1.9 ch341.c 2023-2025): a tty of its own "
        "name, /dev/ttyCH341USB<n>, not the kernel ch341's ttyUSB<n> (audit-host-usb s18)",
        Msg("tty_attached", r"^(?P<tty>ttyCH341USB\d+): (?P<conv>ch34[1x]) USB device\b",
            example="ch341 1-1:1.0: ttyCH341USB0: ch341 USB device"),
    ),
    group(
        "systemd/systemd src/udev/udev-rules.c (v247-v258): systemd-udevd's rules-file errors as dmesg shows them in early boot "
        "(the journal's form is parsers/udev_rules.py): a user's rule (/etc/udev/rules.d) is skipped whole; a distribution's "
        "(/usr/lib, /lib) logging it after an upgrade is not the board's rule (audit-host-usb s18)",
        Msg("udev_rule_invalid", r"^systemd-udevd\[\d+\]: /(?:usr/)?lib/udev/rules\.d/\S+\.rules:\d+:? (?:Invalid |The line (?:takes|has) no effect)",
            benign=True, example="systemd-udevd[1195]: /usr/lib/udev/rules.d/50-udev-default.rules:24 The line takes no effect, ignoring."),
        Msg("udev_rule_invalid", r"^systemd-udevd\[\d+\]: \S+\.rules:\d+:? (?:Invalid (?:key/value pair|key|operator|attribute|value)\b|The line (?:takes|has) no effect)",
            fail=True, example="systemd-udevd[120]: /etc/udev/rules.d/99-stlink.rules:2 Invalid key/value pair, ignoring."),
    ),
)

_CODE_KINDS = {"usb_descriptor_error", "usb_address_error", "usb_enumerate_failed", "usb_cannot_enable"}
_CODE = re.compile(r"(?:error|err|status|result)\s*[:=]?\s*(-\d{1,4})\b|[:,]\s*(?:error\s*)?(-\d{1,4})\s*\)?$")
# (rp-usb s10) hub.c hub_port_init(): when GET_DESCRIPTOR returned data whose bDescriptorType or bMaxPacketSize0 is no
# device descriptor's, r keeps the byte count it got and is printed as a positive "error 8", "error 18": the device
# answered, with the wrong bytes (its USB stack or firmware), which a marginal cable (-71, -110, -32) does not produce
_POS_CODE = re.compile(r"\bdevice descriptor read/\w+, error (\d{1,4})\b")

EVENT_KINDS = (
    "usb_new_device", "usb_device_ids", "usb_descriptor_error", "usb_address_error", "usb_enumerate_failed",
    "usb_cannot_enable", "usb_power_cycle", "usb_disconnect", "usb_reset", "usb_emi_disabled", "usb_over_current",
    "under_voltage", "voltage_normal", "urb_error", "usb_serial_detected", "tty_attached", "tty_detached",
    "usbfs_claim_conflict", "brltty_activity", "can_core", "gs_usb_probe", "can_bus_off", "driver_registered", "driver_deregistered",
    "driver_probe_failed", "modemmanager_probe", "usb_hub_error", "acm_dtr_rts_failed", "can_dev_gone",
    "acm_dtr_rts_after_disconnect", "usb_error", "usb_power_budget", "usb_driver_error", "usb_notice", "sdr_registered",
    "udev_rule_invalid",
)
# Kinds that say something about the USB bus and its devices (the live probe keeps only these).
USB_KINDS = frozenset(EVENT_KINDS) - {"voltage_normal"}
# Enumeration failures: the device tried to enumerate and could not.
ENUMERATION_ERRORS = ("usb_descriptor_error", "usb_address_error", "usb_enumerate_failed", "usb_cannot_enable")

_SERIAL_DRIVERS = ("ch341", "ch34x", "cp210x", "ftdi", "pl2303", "cdc_acm", "usbserial", "ch9102", "cdc-acm")
_MM_TTY = re.compile(r"\b(?:tty/)?(tty(?:ACM|USB|S|AMA|GS)\d+)\b")
_MM_PROBE = re.compile(r"(?i)\b(?:probe|plugin|checking support|serial port|port attributes|opening|could not open|couldn't check support|creat(?:e|ing) (?:virtual )?modem|modem for (?:virtual )?device|modem couldn't be initialized)|\[modem\d+\]")  # (audit-host-usb s18) ModemManager 1.18-1.24 mm-base-manager.c, mm-base-modem "[modemN]" log prefix


def port_of(dev: str) -> tuple[str | None, str | None]:
    """(USB port path like "1-1.4", interface like "1.0") of a kernel device name, when it names one."""
    dev = dev.rstrip(":")
    if dev.startswith("usb ") or dev.startswith("hub "):
        dev = dev[4:]
    m = _PORT_OF_HUB.match(dev)
    if m:
        if m.group("root"):
            return f"{m.group('root')}-{m.group('n')}", None
        return f"{m.group('hub')}.{m.group('n')}", None
    m = _IFACE.match(dev)
    if m:
        return m.group("port"), m.group("iface")
    if _PORTPATH.match(dev):
        return dev, None
    return None, None


def _hub_port(dev: str, n: str | None) -> str | None:
    """The port path of port n of the hub interface `dev` (old wording: `hub 2-1:1.0: port 2 disabled ...`)."""
    if not n:
        return None
    m = _HUB_IFACE.match(dev)
    if not m:
        return None
    if m.group("path") == "0":
        return f"{m.group('bus')}-{n}"
    return f"{m.group('bus')}-{m.group('path')}.{n}"


_PARSED: dict[tuple[str, str], Any] = {}  # (process, message) -> parse_message's answer (bounded, cleared when full)
_PARSED_MAX = 4096
_UNSEEN = object()


def parse_message(proc: str, msg: str) -> tuple[str, dict[str, Any]] | None:
    """The event (kind, attributes) one log message means, or None when it says nothing doctor judges."""
    if not msg:
        return None
    low_proc = proc.lower()
    if low_proc.startswith("modemmanager"):
        m = _MM_TTY.search(msg)
        if m or _MM_PROBE.search(msg):
            return "modemmanager_probe", {"tty": m.group(1) if m else None, "process": "ModemManager", "text": msg[:300]}
        return None
    if low_proc.startswith("brltty"):
        return "brltty_activity", {"process": "brltty", "text": msg[:300]}
    if low_proc.startswith("systemd") and re.search(r"(?i)brltty|braille", msg):
        return "brltty_activity", {"process": proc, "text": msg[:300]}  # "Started Braille Device Support", udev running brltty-udev
    if low_proc not in ("kernel", "systemd-udevd"):
        return None
    head = _HEAD.match(msg)
    drv = dev = None
    text = msg
    if head:
        drv, dev, text = head.group("drv"), head.group("dev"), head.group("text")
        if head.group("sub"):
            text = f"{head.group('sub')}: {text}"
    for row, m in _TABLE.match(text, all_matches=True):
        kind = str(row.kind)
        if kind == "usb_string" and not (drv == "usb"):
            continue
        g = m.groupdict()
        attrs: dict[str, Any] = dict(row.attrs)  # type: ignore[arg-type]
        if row.fail:
            attrs["fail"] = True  # (kernel s11) derive.unexplained_failures quotes it when no entry explains it (GEN001)
        port = iface = None
        if dev:
            port, iface = port_of(dev if drv != "usb" else dev)
            if drv == "hub" and g.get("n"):
                port = _hub_port(dev, g.get("n")) or port
        if port:
            attrs["port"] = port
        elif g.get("port"):
            attrs["port"] = g["port"]  # (usb-drivers s10) a retold line names only the port's number
        if iface and drv != "hub":
            attrs["interface"] = iface
        if drv and drv not in ("usb", "hub"):
            attrs["driver"] = drv
        if g.get("code") or g.get("code2"):
            attrs["code"] = int(g.get("code") or g["code2"])
        elif kind in _CODE_KINDS:
            c = _CODE.search(text, m.end()) or _CODE.search(text)
            if c:
                attrs["code"] = int(c.group(1) or c.group(2))
            elif kind == "usb_descriptor_error":
                pc = _POS_CODE.search(text)
                if pc:
                    attrs["code"] = int(pc.group(1))
        if kind in ("usb_new_device", "usb_reset"):
            attrs["speed"] = g.get("speed", "").strip().lower() or None
            num = g.get("num") or g.get("addr")
            if num:
                attrs["address"] = int(num)
            if g.get("hcd"):
                attrs["driver"] = g["hcd"]
        elif kind == "usb_disconnect":
            attrs["address"] = int(g["num"])
        elif kind == "usb_address_error" and g.get("addr"):
            attrs["address"] = int(g["addr"])
        elif kind == "usb_device_ids":
            attrs["vid"] = g["vid"].lower().zfill(4)
            attrs["pid"] = g["pid"].lower().zfill(4)
            if g.get("bcd"):
                attrs["version"] = g["bcd"]
        elif kind == "usb_string":
            attrs["name"] = g["key"]
            attrs["value"] = g["value"].strip()
        elif kind == "serial_console_enabled":
            attrs["tty"] = g["tty"]  # (deepen-misc s17) the UART the kernel's console runs on
        elif kind in ("tty_attached", "tty_detached"):
            attrs["tty"] = g["tty"]
            if g.get("conv"):
                attrs["name"] = g["conv"]
                attrs.setdefault("driver", g["conv"].split()[0].lower())
        elif kind == "usb_serial_detected":
            attrs["name"] = g["conv"].strip()
        elif kind == "usbfs_claim_conflict":
            attrs["process"] = g["proc"]
            attrs["interface"] = g["iface"]
            if g.get("drv"):
                attrs["driver"] = g["drv"]
        elif kind == "can_bus_off":
            attrs["interface"] = g["can"]
        elif kind == "gs_usb_probe":
            attrs["count"] = int(g["count"])
        elif kind in ("driver_registered", "driver_deregistered"):
            attrs["driver"] = g["drvname"].strip()
        elif kind == "driver_probe_failed":
            p2, _ = port_of(g["dev"])
            if p2:
                attrs["port"] = p2
        elif kind == "under_voltage" and dev and dev.startswith("hwmon"):
            attrs["device"] = dev
        return kind, attrs
    return _vendor_disconnect(drv, dev, text)


def _vendor_disconnect(drv: str | None, dev: str | None, text: str) -> tuple[str, dict[str, Any]] | None:
    """A USB-serial driver's own disconnect wording (vendor ch34x driver: "ch34x 3-4.2:1.0: device disconnected")."""
    if drv and any(drv.startswith(s) for s in _SERIAL_DRIVERS) and "device disconnected" in text:
        port, iface = port_of(dev or "")
        return "tty_detached", {"driver": drv, "port": port, "interface": iface}
    return None


# an optional dmesg time prefix of any format before a bare kernel message (-H, --time-format iso, quoted)
_OPT = rf"^\s*(?:>\s?)?(?:{_ISO}\s+|\[[^\]]{{1,40}}\]\s*)?"


@register
class KernelLogParser(TableParser):
    """The rows (`messages`) say what each kernel message means; the prefixes (dmesg, journal, kmsg) are the
    splitter's `strong` patterns below; `feed` strips the prefix, classifies with the rows and keeps the state."""

    name = "kernel-log"
    stamped = True  # its own time stamps (parsers/__init__.py _undecorate_batch)
    namespace = "kernel"
    messages = MESSAGES
    strong = (
        # (micropython-circuitpy s11) at most 9 digits of seconds (31 years of uptime): a 10-digit stamp is Unix time, a
        # program's own logger (the micro-ROS agent's "[1646397373.328044] error | TermiosAgentLinux.cpp | ..."), not dmesg
        r"^\s*(?:<\d{1,3}>)?\[\s*\d{1,9}\.\d+\][\s`]",
        # (trim s22) `dmesg -H`'s delta stamp ("[  +0.007998]", util-linux dmesg.c: the time since the line before):
        # a log's tail without a USB line (a card reader's "sd 9:0:0:0: [sdc] ..." lines) is still the kernel's
        r"^\s*\[\s*\+\d{1,9}\.\d{6}\][\s`]",
        # (trim s22) its siblings: `dmesg -d` ("[ 2899.131454 <    0.007998>]", the time and the delta) and
        # `--time-format=delta` ("[<    0.007998>]"), util-linux dmesg.c's "[%5ld.%06ld <%12.06f>] " and "[<%12.06f>] "
        r"^\s*\[(?:\s*\d{1,9}\.\d+\s*)?<\s*\d{1,9}\.\d{6}>\][\s`]",
        r"^\s*[\"`]\[\s*\d+\.\d+\]\s",  # a dmesg line a post quotes ("[ 2899.5] usb ..." or `[ 2899.5] usb ...`)
        r"^\s*\d+\.\d{6}\] ",  # a dmesg line whose "[" was cut off when copying
        r"^\s*\d{1,7}(?::|\s+)\[\s*\d+\.\d+\]\s",  # numbered by an editor (`cat -n`, vim) or `grep -n`
        rf"^\s*\[{_NAME} {_NAME} +\d{{1,2}} \d\d:\d\d:\d\d \d{{4}}\]",
        rf"^\s*(?:{_WALL}|{_ISO})\s+\S+\s+kernel: ",
        rf"^\s*(?:{_WALL}|{_ISO})\s+[\w.\-]+\s+(?:usb|hub) (?:\d+-[\d.]+|usb\d+-port\d+)[\w.:\-]*: ",  # syslog without the kernel: tag
        rf"^\s*(?:{_WALL}|{_ISO})\s+\S+\s+(?:ModemManager|brltty)\[\d+\]: ",  # their journal lines name ports and errors too
        # (audit-host-usb s18) systemd starting brltty's units (Debian/Ubuntu brltty.service "Braille Console Driver",
        # brltty-udev.service "Braille Device Support"; systemd 249+ names the unit before its description)
        rf"^\s*(?:{_WALL}|{_ISO})\s+\S+\s+systemd\[1\]: (?:Start(?:ed|ing)|Stopp(?:ed|ing)) (?:brltty[\w@.-]*\.service|Braille (?:Console Driver|Device Support)\b)",
        r"^\s*kernel: ",
        r"^\s*\d{1,2},\d+,\d+,[^;]{0,20};",
        r"^\s*(?:kern|user|daemon)\s*:\s*(?:emerg|alert|crit|err|warn|notice|info|debug)\s*: ",
        _OPT + r"usb (?:\d+-[\d.]+|usb\d+-port\d+|\d+-[\d.]+-port\d+): ",
        _OPT + r"hub \d+-[\d.]+:\d+\.\d+: ",
        _OPT + r"(?:ch341(?:-uart)?|ch34x|cp210x|ftdi_sio|pl2303|cdc_acm|gs_usb|usbserial|usbcore|usbserial_generic) [^\s:]+: ",
        _OPT + r"(?:usbcore|usbserial): (?:registered new|USB Serial)",
        r"(?i:\bunder-?voltage detected)",
        # (audit-host-usb s18) the Raspberry Pi desktop's under-voltage alerts, copied from the notification
        r"(?i:^\W{0,3}Low voltage warning\b(?:[;.!]|\s*$)|\bLow voltage warning[;,.]? please check your power supply|\bReset due to low power; please check your power supply|\bThis power supply is not capable of supplying 5A\b)",
        _OPT + r"can: controller area network core",
        r"\bconverter now (?:attached to|disconnected from) tty",
        _OPT + r"input: BRLTTY\b",
        r"\bBRLTTY \d[\d.]* Linux Screen Driver Keyboard\b",  # X server / libinput / gdm-x-session journal lines naming brltty's keyboard
        r"\bclaimed by [\w-]+ while \W{0,2}brltty\b",  # the usbfs message quoted in a post's prose
        # (serial s8 audit) a USB-serial driver's line copied without its dmesg prefix, device named with its interface
        # ("ch341 1-2:1.0: device disconnected", "cp210x 1-1.3:1.0: cp210x converter detected")
        r"^\s*(?:ch341(?:-uart)?|ch34x|cp210x|ftdi_sio|pl2303|cdc_acm) \d+-[\d.]+:\d+\.\d+: ",
        # (stackexchange s9) the hub driver's enumeration failures quoted in a post's prose, without dmesg's prefix ('Linux
        # says "device not accepting address 4, error -71"'): their wording is the kernel's alone (drivers/usb/core/hub.c)
        r"\bdevice descriptor read/(?:64|8|all), error -\d+",
        r"\bdevice not accepting address \d+, error -\d+",
        r"\bunable to enumerate USB device\b",
    )
    weak = (
        r"\bModemManager\[\d+\]: ",
        r"\bbrltty\[\d+\]: ",
        r"^\s*ModemManager: ",
        r"^\s*(?:can: |gs_usb |xhci_hcd |ehci[-_]\w+ |dwc2 |dwc_otg |ohci[-_]\w+ |musb-hdrc )",  # (audit-host-usb s18) ohci, musb
    )
    hints = ("] ", "[", "kernel", "usb", "tty", "voltage", "can:", "modemmanager", "brltty", "hub ", "converter",
             "throttled", "throttle_state", "xhci", "low power", "power supply",
             "ch34", "cp210x", "ftdi_sio", "pl2303", "cdc_acm",  # (serial s8 audit) bare USB-serial driver lines
             "descriptor read", "accepting address", "enumerate")  # (stackexchange s9) hub.c failures quoted in prose
    event_kinds = EVENT_KINDS
    # A boot log is full of failure-looking lines about other subsystems (i2c pinctrl, Wi-Fi firmware, Bluetooth,
    # ACPI): those are no failure of the board's link, so the generic failure scan (GEN001) skips them. Lines about
    # USB, ttys, USB-serial drivers, CAN, power and the daemons that take ports still count.
    benign = (r"(?i)^(?!.*(?:usb|tty|serial|cdc|acm|ch34|cp210|ftdi|pl2303|hub|\bcan\d|gs_usb|volt|brltty|modemmanager|xhci|ehci|ohci|uhci|dwc)).*$",)

    # A long log keeps the first event of each (kind, port) and the most recent KEEP_RECENT events, in
    # order, and counts every kind: memory and rule time stay bounded however long the log is.
    KEEP_RECENT = 1500
    KEEP_RECENT_EVENTS = None  # bounded here, by (kind, port): see _compact

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self._devices: dict[str, dict[str, Any]] = {}  # port path -> its latest usb_device_ids event
        self._last_ids: dict[str, Any] | None = None
        self._firsts: dict[tuple[str, str], dict[str, Any]] = {}
        self.counts: dict[str, int] = {}
        self._gone: set[str] = set()  # (healthy2 s9) ports whose device left the bus and has not enumerated again
        self._last_time = 0.0

    def feed(self, lineno: int, line: str) -> None:
        if len(line) > 2000:
            line = line[:2000]
        proc, msg, t = split_prefix(line)
        said = (proc, msg)
        result = _PARSED.get(said, _UNSEEN)
        if result is _UNSEEN:  # a log tells the same message again and again, only its prefix (time, pid) differs
            result = parse_message(proc, msg)
            if len(_PARSED) >= _PARSED_MAX:
                _PARSED.clear()
            _PARSED[said] = result
        if result is None:
            return
        kind, attrs = result[0], dict(result[1])  # (a copy: the event's attributes are its own)
        if kind == "usb_string":
            target = self._devices.get(attrs.get("port", "")) or self._last_ids
            if target is not None and attrs.get("value"):
                key = {"Product": "product", "Manufacturer": "manufacturer", "SerialNumber": "serial"}[attrs["name"]]
                target.setdefault(key, attrs["value"][:200])
            return
        if t is not None:
            attrs["time"] = t
            if t < self._last_time:
                self._gone.clear()  # (healthy2 s9) the kernel's clock started again: another boot, every device enumerated anew
            self._last_time = t
        if kind == "acm_dtr_rts_failed" and attrs.get("port") in self._gone:
            # (healthy2 s9) cdc-acm.c acm_port_dtr_rts() when the program closes a tty whose device already left the bus (a
            # reboot into its bootloader, a flash, an unplug): the request had no device to go to; the disconnect says it all
            kind = "acm_dtr_rts_after_disconnect"
            attrs.pop("fail", None)
            attrs["benign"] = True
        elif kind == "usb_disconnect" and attrs.get("port"):
            self._gone.add(str(attrs["port"]))
        elif kind == "usb_new_device" and attrs.get("port"):
            self._gone.discard(str(attrs["port"]))
        ev = self.event(kind, lineno, line, **attrs)
        self.counts[kind] = self.counts.get(kind, 0) + 1
        self._firsts.setdefault((kind, str(attrs.get("port") or attrs.get("tty") or "")), ev)
        if len(self.events) > 2 * self.KEEP_RECENT + len(self._firsts):
            self._compact()
        if kind == "usb_device_ids":
            self._last_ids = ev
            if ev.get("port"):
                self._devices[ev["port"]] = ev
        elif kind == "usb_disconnect" and ev.get("port"):
            self._devices.pop(ev["port"], None)

    @classmethod
    def quiet_shape(cls, shape: str) -> bool:
        """(bulk path, parsers/__init__.py _quiet_runs) Does `feed` do nothing with every line of this shape (every digit
        read as 0)? Every regular expression split_prefix and parse_message use is digit-blind but for the driver names
        with digits (tests/test_bulk_path.py), which a quiet shape does not hold, and their other tests name no digit, so they take the same branches on a line and on
        its shape, and find the same spans; the rows that tell digits apart and _vendor_disconnect's driver names
        (ch341, cp210x) are not read on the shape: a shape that holds the literals of such a row anywhere, or says
        "device disconnected", is not quiet."""
        if _DRIVER_SHAPES.search(shape):
            return False  # _SYSLOG_UNTAGGED and _vendor_disconnect name drivers by their digits (ch341, cp210x, pl2303)
        proc, msg, _ = split_prefix(shape[:2000])
        if proc.lower() in ("kernel", "systemd-udevd"):  # only these read the rows and _vendor_disconnect
            if "device disconnected" in msg:
                return False
            loud = _DIGIT_ROWS
            if loud is None:
                loud = _digit_rows()
            for kind, arg in loud:
                if kind == "prefix":
                    if arg in msg:
                        return False
                elif cond_holds(kind, arg, msg):
                    return False
        return parse_message(proc, msg) is None

    def _compact(self) -> None:
        recent = self.events[-self.KEEP_RECENT:]
        keep = {id(e): e for e in self._firsts.values()}
        keep.update((id(e), e) for e in recent)
        self.events = sorted(keep.values(), key=lambda e: e["lineno"])

    def finish(self) -> dict[str, Any]:
        if len(self.events) > self.KEEP_RECENT + len(self._firsts):
            self._compact()
        out: dict[str, Any] = {"events": self.events}
        if sum(self.counts.values()) > len(self.events):
            out["counts"] = self.counts  # only when events were dropped: how many of each kind there were
        overcome = [{"source": e.get("source"), "lineno": e["lineno"]} for e in self.events if e.get("kind") == "acm_dtr_rts_after_disconnect"]
        if overcome:  # (healthy2 s9) not quoted as failures (GEN001)
            return {"kernel": out, "text": {"overcome": overcome}}
        return {"kernel": out}


_TABLE = KernelLogParser.table  # parse_message() matches with the parser's own compiled rows



_DRIVER_SHAPES = re.compile("|".join(sorted({re.escape(name.translate(str.maketrans("123456789", "000000000")))
                                              for name in (*_SERIAL_DRIVERS, "ch341", "cp210x", "pl2303") if any(c.isdigit() for c in name)})))
_DIGIT_ROWS: list[tuple[str, Any]] | None = None  # (quiet_shape) the shape conditions of the rows that tell digits apart


def _digit_rows() -> list[tuple[str, Any]]:
    global _DIGIT_ROWS
    _DIGIT_ROWS = [shape_condition(*condition(row.pattern)) for row in _TABLE.rows if not digit_blind(row.pattern)]
    return _DIGIT_ROWS
