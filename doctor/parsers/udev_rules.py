"""systemd-udevd's complaints about a rules file (journalctl -b, `udevadm test`, `udevadm verify`): a rule whose GROUP= or
OWNER= names a group or user this system does not have, as a message table (hwhacking-tools s13).

Sources read: systemd/systemd src/udev/udev-rules.c (main 0052418, 2026) rule_resolve_group()/rule_resolve_user(), logged
through log_udev_rule_line_full() as "<rules file>:<line> <message>": 'Unknown group "plugdev", ignoring.' (v247 and later,
double quotes and a full stop), "Unknown group 'plugdev', ignoring" (v240-v246), 'Failed to resolve group "x", ignoring: %m',
the same for users; udev before systemd printed "specified group 'x' unknown" (udev-103 udev_utils.c lookup_group). udev
then applies the rule without that GROUP/OWNER, so the device node keeps root's group and mode: the rule written to let
users open a tool (a plugdev group, which Arch, Fedora and others do not have) gives them nothing.
newaetech/chipwhisperer #316 ("99-newae.rules:5 Unknown group 'plugdev', ignoring", fixed with TAG+="uaccess").

Facts: one run per block under `flash.runs`, tool "udev".
"""

from __future__ import annotations

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

_FILE = r"(?:^|\bsystemd-udevd(?:\[\d+\])?: )(?P<file>\S+\.rules):\d+:? "

MESSAGES = rows_of(
    group(
        "systemd/systemd src/udev/udev-rules.c rule_resolve_group / rule_resolve_user (v240-v258+); udev-103 udev_utils.c",
        Msg("udev_rule_name_unknown", _FILE + r"(?:Unknown|Failed to resolve) (?P<what>group|user) [\"'](?P<name>[^\"']{1,64})[\"'], ignoring",
            "strong", fail=True, example="systemd-udevd[252]: /etc/udev/rules.d/99-newae.rules:5 Unknown group 'plugdev', ignoring"),
        Msg("udev_rule_name_unknown", r"\bspecified (?P<what>group|user) '(?P<name>[^']{1,64})' unknown", "strong", fail=True,
            example="udevd[417]: specified group 'plugdev' unknown"),
    ),
    group(
        # (audit-host-usb s18) a rules line udev cannot parse is skipped whole, so the MODE/GROUP/TAG+="uaccess" it was written
        # for never applies and the device node keeps root's 0600/0664: systemd v247+ udev-rules.c parse_line()/parse_token()
        # through log_line_error ("<file>:<n> Invalid key/value pair, ignoring.", "Invalid operator for ATTRS.", "Invalid
        # attribute for ACTION.", 'Invalid value "x" for ATTR (char 5: invalid substitution type), ignoring.', "The line takes
        # no effect, ignoring." v247-v254, "The line has no effect, ignoring." later); udev 1xx-systemd v239 rules
        # add_rule()/parse_file(): "unknown key 'SYSFS{idVendor}' in <file>:<n>" then "invalid rule '<file>:<n>'". Which
        # device the rule was for (a tty: SER004; a raw USB programmer: USB004) the line does not say: GEN001 names the file
        # and line to fix. A distribution's own rules (/usr/lib, /lib) logging this after an upgrade is not the board's rule
        "systemd/systemd src/udev/udev-rules.c (v247-v258) and udev-1xx/systemd-v239 udev-rules.c add_rule()",
        Msg("udev_rule_invalid", r"(?:^|\s)/(?:usr/)?lib/udev/rules\.d/\S+\.rules:\d+:? (?:Invalid |The line (?:takes|has) no effect|unknown key )",
            "strong", benign=True,
            example="systemd-udevd[1195]: /usr/lib/udev/rules.d/50-udev-default.rules:24 The line takes no effect, ignoring."),
        Msg("udev_rule_invalid", _FILE + r"(?:Invalid (?:key/value pair|key|operator|attribute|value)\b|The line (?:takes|has) no effect)",
            "strong", fail=True,
            example="systemd-udevd[120]: /etc/udev/rules.d/70-persistent-net.rules:1 Invalid key/value pair, ignoring."),
        Msg("udev_rule_invalid", r"\bunknown key '[^']{1,80}' in (?P<file>\S+\.rules):\d+|\binvalid rule '(?P<file2>\S+\.rules):\d+'",
            "strong", fail=True, example="udevd[417]: unknown key 'SYSFS{idVendor}' in /etc/udev/rules.d/49-stlinkv2.rules:1"),
    ),
    group(
        # (byid-usb-ser s16) a line of brltty's own USB rules file (Debian/Ubuntu 85-brltty.rules, upstream
        # 90-brltty-usb-generic.rules / 90-brltty-device.rules) that a person pastes to show the culprit: brltty's
        # Tools/updusbdevs (makeLines_udev) writes each braille device as ENV{PRODUCT}=="<vid>/<pid>/*" (hex, no leading
        # zeros), optional ATTR{manufacturer}/ATTR{product}/ATTRS{idVendor} filters, ENV{BRLTTY_BRAILLE_DRIVER}="<codes>",
        # GOTO="brltty_usb_run"; a rule excluded by the packager is the same line behind "# " (not matched here). The rule
        # starts brltty for that VID:PID, which then takes a USB-serial bridge (CH340, CP210x, FTDI) from its driver.
        # WCHSoftGroup/ch341ser_linux #24 (Ubuntu 22.04 on a Jetson: the 1a86/7523 line, fixed by disabling the rules)
        "brltty Tools/updusbdevs makeLines_udev (brltty 6.3-6.9, Autostart/Udev/usb-template.rules.in)",
        Msg("brltty_udev_rule", r'^\s*ENV\{PRODUCT\}=="(?P<vid>[0-9a-fA-F]{1,4})/(?P<pid>[0-9a-fA-F]{1,4})/\*".*?'
            r'\bENV\{BRLTTY_BRAILLE_DRIVER\}="(?P<driver>[^"]{1,40})"', "strong",
            convert=(("vid", lambda t: t.lower().zfill(4)), ("pid", lambda t: t.lower().zfill(4))),
            example='ENV{PRODUCT}=="1a86/7523/*", ENV{BRLTTY_BRAILLE_DRIVER}="bm", GOTO="brltty_usb_run"'),
    ),
)


@register
class UdevRulesParser(TableParser):
    name = "udev"
    namespace = "flash"
    messages = MESSAGES
    hints = (".rules:", "specified group", "specified user", "BRLTTY_BRAILLE_DRIVER", ".rules'")
