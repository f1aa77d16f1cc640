"""Host fixes: udev rules from the device table, the tty group, brltty, ModemManager, services, CAN, serial paths.

Every plan here prints the exact commands. Steps that change the system are marked `root`: run_plan
runs them only when doctor itself runs as root, and otherwise prints them with `sudo` in front and
stops; doctor never calls sudo on its own. The udev rules are generated from the device table
(knowledge/devices.toml through doctor.devices): raw-USB devices (DFU, ST-Link, USBasp...) get
`TAG+="uaccess", GROUP="plugdev", MODE="0660"`; boards that are serial ports (Klipper, Katapult,
Caterina, USB-serial adapters) get `TAG+="uaccess"` and `ENV{ID_MM_DEVICE_IGNORE}="1"` and keep
their tty group (dialout), so ModemManager leaves them alone.

`python3 -m doctor.drivers.host udev-rules` prints the rules file (what a person pipes into
`sudo tee` when doctor is not root).
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import shutil
import sys
from pathlib import Path
from typing import Any, Iterable

from doctor import devices, runner
from doctor.drivers.base import ActionRequest, Plan, Step, StepContext, StepFailed
from doctor.drivers.registry import Action, Driver
from doctor.errors import UsageError
from doctor.runner import ToolRun

RULES_DIR = "/etc/udev/rules.d"
# 70: after 50-udev-default (MODE 0664) and before 73-seat-late (which applies uaccess) and
# ModemManager's 80-mm-candidate rules (which read ID_MM_DEVICE_IGNORE).
RULES_NAME = "70-mcu-doctor.rules"
DEFAULT_GROUP = "plugdev"

# Roles whose devices reach the host as a tty (ModemManager would probe them). Every role that is not
# raw-access must be in one of these two sets (tests/test_host_fixes.py checks the table against them).
TTY_ROLES = frozenset(devices.tty_roles())  # devices.toml `tty = true`
NON_TTY_ROLES = frozenset(r for r, row in devices.table().roles.items() if not row["raw_access"] and r not in TTY_ROLES)

BRLTTY_UNITS = ("brltty-udev.service", "brltty.path", "brltty.service")
BRLTTY_RULE = "/usr/lib/udev/rules.d/85-brltty.rules"
# USB-serial ids brltty's packaged rule claims that printer boards use (CH340, CP210x).
BRLTTY_SERIAL_IDS = ("1a86:7523", "10c4:ea60")


# --- the udev rules file ------------------------------------------------------------------------------


def rule_lines(group: str = DEFAULT_GROUP) -> list[tuple[str, list[str], str]]:
    """(vid:pid, roles, rule) for every id of the device table, sorted by id."""
    group = group_name(group)  # it becomes GROUP="..." in a udev rule
    t = devices.table()
    out: list[tuple[str, list[str], str]] = []
    for ident in sorted(t.devices):
        row = t.devices[ident]
        roles = [row["role"]] + [alt["role"] for alt in t.collisions.get(ident, []) if alt["role"] != row["role"]]
        raw = any(t.roles[r]["raw_access"] for r in roles)
        tty = any(r in TTY_ROLES for r in roles)
        vid, pid = ident.split(":")
        match = f'SUBSYSTEMS=="usb", ATTRS{{idVendor}}=="{vid}"'
        if pid != "*":
            match += f', ATTRS{{idProduct}}=="{pid}"'
        actions = ['TAG+="uaccess"']
        if raw:
            actions += [f'GROUP="{group}"', 'MODE="0660"']
        if tty:
            actions.append('ENV{ID_MM_DEVICE_IGNORE}="1"')
        out.append((ident, roles, ", ".join([match, *actions])))
    return out


def udev_rules(group: str = DEFAULT_GROUP) -> str:
    """The whole rules file, one commented rule per VID:PID of the device table."""
    lines = [
        "# Written by doctor (mcu-doctor) from its device table; regenerate with: doctor fix USB004",
        "# Raw-USB devices (DFU, ST-Link, ISP programmers...): the logged-in user (uaccess) and the",
        f"# {group} group may open them. Serial boards: uaccess, their tty keeps its group (dialout),",
        "# and ModemManager ignores them (ID_MM_DEVICE_IGNORE).",
        "",
    ]
    t = devices.table()
    for ident, roles, rule in rule_lines(group):
        names = "; ".join(f"{r}: {t.devices[ident].get('name') or t.roles[r]['name']}" if r == t.devices[ident]["role"] else f"{r}: {t.roles[r]['name']}" for r in roles)
        lines.append(f"# {ident} {names}")
        lines.append(rule)
    return "\n".join(lines) + "\n"


def _udevadm_has_verify() -> bool:
    if shutil.which("udevadm") is None:
        return False
    run = runner.run(["udevadm", "verify", "--help"], timeout=5)
    return run.status == "ok"


# --- who and what --------------------------------------------------------------------------------------


_GROUP_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]{0,31}")


def group_name(value: Any) -> str:
    """A group name as shadow-utils accepts one; anything else is refused, not quoted: the name goes into udev
    rules (GROUP="..."), argv and the commands doctor prints (issue 13)."""
    text = str(value)
    if not _GROUP_NAME.fullmatch(text):
        raise UsageError(f"{text!r} is not a group name", "a group name is letters, digits, '_', '.' and '-' (e.g. dialout, plugdev)")
    return text


def _facts_host(req: ActionRequest) -> dict[str, Any]:
    host = req.facts.get("host")
    return host if isinstance(host, dict) else {}


def target_user(req: ActionRequest) -> str:
    """The person to change: --user, else the user doctor runs for (SUDO_USER when run through sudo)."""
    user = req.get("user")
    if not user:
        facts_user = (_facts_host(req).get("user") or {}).get("name")
        user = facts_user
        if (not user or user == "root") and os.environ.get("SUDO_USER"):
            user = os.environ["SUDO_USER"]
    if not user or user == "root":
        raise UsageError("which user should get access? doctor runs as root", "add --user NAME (the account that runs klipper or the flashing tools)")
    return str(user)


def service_state(req: ActionRequest, service: str) -> str:
    """The state the host probe saw ("active", "inactive", "unknown"...)."""
    services = _facts_host(req).get("services") or {}
    return str(services.get(service) or services.get(service.removesuffix(".service")) or "unknown")


def _systemctl_ok_if_absent(run: ToolRun, sctx: StepContext) -> str | None:
    """systemctl succeeded, or complained only that the unit does not exist (nothing to stop)."""
    if run.status == "ok":
        return None
    if re.search(r"not loaded|does not exist|not found", run.output, re.IGNORECASE):
        sctx.log(f"{shlex.join(run.argv)}: the unit is not installed here")
        return None
    return run.error or f"systemctl exited with {run.returncode}"


# --- plans -----------------------------------------------------------------------------------------------


def udev_steps(req: ActionRequest, *, reason: str) -> list[Step]:
    """Write the rules file, make sure the group exists, reload udev and apply the rules to present devices."""
    group = group_name(req.get("group") or DEFAULT_GROUP)
    rules_dir = Path(str(req.get("rules_dir") or RULES_DIR))
    path = rules_dir / RULES_NAME
    text = udev_rules(group)
    count = sum(1 for line in text.splitlines() if line.startswith("SUBSYSTEMS"))

    def write(sctx: StepContext) -> dict[str, Any]:
        try:
            rules_dir.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            path.chmod(0o644)
        except OSError as exc:
            raise StepFailed(f"cannot write {path}: {exc.strerror or exc}", "run doctor as root, or the printed commands with sudo") from exc
        return {"path": str(path), "rules": count}

    udev_test_device = "/sys/devices/virtual/mem/null"

    def verify(sctx: StepContext) -> dict[str, Any]:
        if _udevadm_has_verify():
            run = runner.run(["udevadm", "verify", "--resolve-names=never", str(path)], timeout=15)
            if run.status != "ok":
                raise StepFailed(f"udevadm verify rejected {path}: {run.output.strip()[-300:]}", f"remove {path} and report this as a doctor bug")
            return {"checked": True, "by": "udevadm verify"}
        # systemd < 253 (Debian 12, Raspberry Pi OS Bookworm and older) has no verify: `udevadm test` loads every rules
        # file and logs each line it cannot parse ("FILE:LINE Invalid key/value pair, ignoring."). It is run on
        # /dev/null's device, which every Linux system has and no rule of this file matches (they all need
        # SUBSYSTEMS=="usb"); udevadm test runs no RUN= program.
        run = runner.run(["udevadm", "test", udev_test_device], timeout=30)
        said = run.output
        if f"Reading rules file: {path}" not in said:
            sctx.log(f"this udevadm has no 'verify' (systemd < 253) and `udevadm test` did not read {path}: not checked")
            return {"checked": False}
        bad = [line.strip() for line in said.splitlines()
               if f"{path}:" in line and re.search(r"(?i)invalid|unknown|failed|error|ignoring", line)]
        if bad:
            raise StepFailed(f"udev cannot parse {path}: {'; '.join(bad[:3])[-300:]}", f"remove {path} and report this as a doctor bug")
        return {"checked": True, "by": "udevadm test"}

    steps = [
        Step(
            f"write {count} udev rules to {path} ({reason})",
            operation=f"write {path} (one rule per board id in doctor's device table)",
            execute=write,
            root=True,
            manual=f"{shlex.quote(sys.executable)} -m doctor.drivers.host udev-rules --group {shlex.quote(group)} | sudo tee {shlex.quote(str(path))} >/dev/null",
        ),
        Step(f"check {path}", operation=f"udevadm verify {path} (systemd 253+; older udev: udevadm test {udev_test_device} must parse it)", execute=verify, verify=True),
        Step(f"make sure the group {group} exists", argv=["groupadd", "-f", "--system", group], root=True),
        Step("reload the udev rules", argv=["udevadm", "control", "--reload-rules"], root=True),
        Step(
            "apply them to the devices plugged in now",
            argv=["udevadm", "trigger", "--action=add", "--subsystem-match=usb", "--subsystem-match=tty"],
            root=True,
        ),
    ]
    return steps


def plan_install_udev_rules(req: ActionRequest) -> Plan:
    """USB004 (raw USB access) and, for serial boards, SER002 (ModemManager) through one rules file."""
    group = group_name(req.get("group") or DEFAULT_GROUP)
    steps = udev_steps(req, reason="uaccess and group access for every known board")
    notes = ["A device that was plugged in before keeps its old permissions until the trigger above or a replug."]
    user_groups = (_facts_host(req).get("user") or {}).get("groups")
    if isinstance(user_groups, list) and group not in user_groups:
        try:
            user = target_user(req)
        except UsageError:
            user = None
        if user:
            steps.insert(3, Step(f"add {user} to {group} (headless and SSH sessions get no uaccess)", argv=["usermod", "-aG", group, user], root=True))
            notes.append(f"{user} must log in again for the {group} group to apply.")
    return Plan(
        title="install udev rules for microcontroller boards and programmers",
        driver="host",
        steps=steps,
        notes=notes,
        resolves=["USB004"],
        params={"group": group},
    )


def plan_add_user_to_group(req: ActionRequest) -> Plan:
    """SER004: add the user to the group that owns the tty (dialout on Debian, uucp on Arch, tty for the host MCU)."""
    group = group_name(req.get("group") or _tty_group_from_facts(req) or "dialout")
    user = target_user(req)

    def check_member(run: ToolRun, sctx: StepContext) -> str | None:
        if run.status != "ok":
            return run.error or f"id exited with {run.returncode}"
        return None if str(group) in run.stdout.split() else f"{user} is still not in {group} ({run.stdout.strip()})"

    return Plan(
        title=f"add {user} to the {group} group",
        driver="host",
        steps=[
            Step(f"add {user} to {group}", argv=["usermod", "-aG", str(group), user], root=True),
            Step(f"check that {user} is in {group}", argv=["id", "-nG", user], check=check_member, verify=True),
        ],
        notes=[
            f"Group membership applies to new logins: log out and in again (or run `newgrp {group}`), "
            "and restart services that run as this user (sudo systemctl restart klipper).",
        ],
        resolves=["SER004"],
        params={"group": group, "user": user},
    )


def _tty_group_from_facts(req: ActionRequest) -> str | None:
    """The group of the tty node doctor saw denied (serial.nodes), if any."""
    serial = req.facts.get("serial") or {}
    for node in serial.get("nodes", []) or []:
        group = node.get("group")
        if group and group not in ("root",):
            return str(group)
    return None


def plan_disable_brltty(req: ActionRequest) -> Plan:
    """SER001: brltty grabs CH340/CP210x adapters. method "mask" (default) stops and masks its units;
    method "override-rule" copies its udev rule to /etc with the lines for those adapters commented out."""
    method = str(req.get("method") or "mask")
    rules_dir = Path(str(req.get("rules_dir") or RULES_DIR))
    if method == "mask":
        steps = [
            Step(f"stop and mask {unit}", argv=["systemctl", "mask", "--now", unit], root=True, check=_systemctl_ok_if_absent)
            for unit in BRLTTY_UNITS
        ]
        notes = ["brltty (a Braille display daemon) stays installed but no longer starts; `sudo systemctl unmask brltty-udev.service brltty.path brltty.service` undoes it."]
    elif method == "override-rule":
        source = Path(str(req.get("brltty_rule") or BRLTTY_RULE))
        target = rules_dir / source.name

        def override(sctx: StepContext) -> dict[str, Any]:
            try:
                text = source.read_text(encoding="utf-8")
            except OSError as exc:
                raise StepFailed(f"cannot read {source}: {exc.strerror or exc}", "brltty may not be installed: nothing to override") from exc
            out, removed = brltty_rule_without_serial_adapters(text)
            try:
                target.write_text(out, encoding="utf-8")
            except OSError as exc:
                raise StepFailed(f"cannot write {target}: {exc.strerror or exc}") from exc
            return {"path": str(target), "disabled_lines": removed}

        steps = [
            Step(
                f"override {source.name} without the CH340 and CP210x lines",
                operation=f"copy {source} to {target}, commenting out the rules for {', '.join(BRLTTY_SERIAL_IDS)}",
                execute=override,
                root=True,
                manual=f"sed -E '/{_brltty_sed_pattern()}/s/^/# /' {shlex.quote(str(source))} | sudo tee {shlex.quote(str(target))} >/dev/null",
            ),
            Step("reload the udev rules", argv=["udevadm", "control", "--reload-rules"], root=True),
        ]
        notes = [f"A file in {rules_dir} with the same name overrides the packaged one; delete it to undo."]
    else:
        raise UsageError(f"unknown brltty method {method!r}", "use method mask or override-rule")
    notes.append("Unplug and plug the USB-serial adapter again: /dev/ttyUSB0 should now stay.")
    return Plan(title="stop brltty from claiming USB-serial adapters", driver="host", steps=steps, notes=notes, resolves=["SER001"], params={"method": method})


def _brltty_sed_pattern() -> str:
    parts = []
    for ident in BRLTTY_SERIAL_IDS:
        vid, pid = ident.split(":")
        parts.append(f"{vid}.*{pid}")
    return "|".join(parts)


def brltty_rule_without_serial_adapters(text: str) -> tuple[str, int]:
    """brltty's rule text with every line that names a CH340/CP210x id commented out (and how many)."""
    pattern = re.compile(_brltty_sed_pattern(), re.IGNORECASE)
    out, removed = [], 0
    for line in text.splitlines(keepends=True):
        if not line.lstrip().startswith("#") and pattern.search(line):
            out.append("# " + line)
            removed += 1
        else:
            out.append(line)
    return "".join(out), removed


def plan_modemmanager_ignore(req: ActionRequest) -> Plan:
    """SER002: method "rule" (default) installs the rules file (ID_MM_DEVICE_IGNORE for every serial board);
    method "disable" stops and disables ModemManager (for hosts without a modem)."""
    method = str(req.get("method") or "rule")
    if method == "rule":
        steps = udev_steps(req, reason="ModemManager ignores serial boards")
        notes = ["ModemManager keeps running for real modems; it no longer opens the boards' ports."]
    elif method == "disable":
        steps = [Step("stop and disable ModemManager", argv=["systemctl", "disable", "--now", "ModemManager.service"], root=True, check=_systemctl_ok_if_absent)]
        notes = ["Only for hosts without a mobile-broadband modem; `sudo systemctl enable --now ModemManager` undoes it."]
    else:
        raise UsageError(f"unknown ModemManager method {method!r}", "use method rule or disable")
    return Plan(title="keep ModemManager away from the board's serial port", driver="host", steps=steps, notes=notes, resolves=["SER002"], params={"method": method})


def stop_steps(req: ActionRequest, services: Iterable[str] | None = None) -> tuple[list[Step], list[Step]]:
    """Steps that stop running services before a flash, and steps (always run) that start them again.

    Only services the host probe saw active are stopped (all named ones when their state is unknown and
    `--stop-service` named them explicitly).
    """
    names = list(services) if services is not None else _services_option(req)
    before: list[Step] = []
    after: list[Step] = []
    for name in names:
        state = service_state(req, name)
        if state != "active" and not (state == "unknown" and req.options.get("service")):
            continue
        unit = name if "." in name else f"{name}.service"
        before.append(Step(f"stop {name} (it holds the board's port)", argv=["systemctl", "stop", unit], root=True, check=_stopped(unit)))
        after.append(Step(f"start {name} again", argv=["systemctl", "start", unit], root=True, always=True, execute=_start_if_stopped(unit)))
    return before, after


def _stopped(unit: str) -> Any:
    def check(run: ToolRun, sctx: StepContext) -> str | None:
        if run.status != "ok":
            return run.error or f"systemctl stop {unit} exited with {run.returncode}"
        sctx.state.setdefault("stopped_units", []).append(unit)
        return None

    return check


def _start_if_stopped(unit: str) -> Any:
    """Start `unit` again only when this plan stopped it (a plan that failed earlier leaves it alone)."""

    def execute(sctx: StepContext) -> dict[str, Any]:
        if unit not in sctx.state.get("stopped_units", []):
            sctx.log(f"{unit} was not stopped by this plan: nothing to start")
            return {"started": False}
        run = runner.run(["systemctl", "start", unit], timeout=60)
        sctx.state.setdefault("tool_runs", []).append(run.to_fact())
        if run.status != "ok":
            raise StepFailed(f"systemctl start {unit} failed: {run.output.strip()[-200:]}", f"start it by hand: sudo systemctl start {unit}")
        return {"started": True}

    return execute


def _services_option(req: ActionRequest) -> list[str]:
    value = req.get("service") or req.get("services") or "klipper"
    if isinstance(value, str):
        return [v for v in re.split(r"[,\s]+", value) if v]
    return [str(v) for v in value]


def plan_stop_service(req: ActionRequest) -> Plan:
    """SER003: stop the service that holds the port. Run alone it stops the service and says how to start it;
    other drivers wrap their flash steps with stop_steps()."""
    names = _services_option(req)
    before, _after = stop_steps(req, names)
    if not before:
        units = [n if "." in n else f"{n}.service" for n in names]
        before = [Step(f"stop {u}", argv=["systemctl", "stop", u], root=True) for u in units]
    starts = ", ".join(shlex.join(["sudo", "systemctl", "start", s.argv[-1]]) for s in before if s.argv)
    return Plan(
        title=f"stop {', '.join(names)} so the port is free",
        driver="host",
        steps=before,
        notes=[f"When you are done with the board, start it again: {starts}"],
        resolves=["SER003"],
        params={"services": ",".join(names)},
    )


def _klipper_bitrate(req: ActionRequest) -> int | None:
    config = ((req.facts.get("klipper") or {}).get("config") or {})
    for key in ("CONFIG_CANBUS_FREQUENCY", "canbus_frequency"):
        value = config.get(key) if isinstance(config, dict) else None
        if value:
            try:
                return int(str(value))
            except ValueError:
                return None
    values = config.get("values") if isinstance(config, dict) else None
    if isinstance(values, dict) and values.get("CONFIG_CANBUS_FREQUENCY"):
        try:
            return int(str(values["CONFIG_CANBUS_FREQUENCY"]))
        except ValueError:
            return None
    return None


_IFNAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.:@-]{0,14}")


def _iface(req: ActionRequest) -> str:
    """The CAN interface to change: a name the kernel could have (IFNAMSIZ, no space, slash or shell
    character); a snapshot or paste naming anything else is refused, never passed on."""
    name = str(req.get("interface") or "can0")
    if not _IFNAME.fullmatch(name) or name in (".", ".."):
        raise UsageError(f"{name!r} is not a network interface name", "name it as `ip -br link` lists it, e.g. --interface can0")
    return name


def _can_bitrates(req: ActionRequest) -> tuple[int | None, str]:
    """The bitrate can0 must run at, and where it comes from: --bitrate, else the CAN bus frequency the firmware
    was built with (.config CONFIG_CANBUS_FREQUENCY, or what an MCU reported in klippy.log). The host side always
    follows the nodes: every node on the bus was built for one frequency and the interface must equal it."""
    given = req.get("bitrate")
    built = _klipper_bitrate(req)
    if given and built and int(given) != built:
        raise UsageError(
            f"--bitrate {int(given)} differs from the CONFIG_CANBUS_FREQUENCY {built} the firmware was built with",
            f"the host must follow the nodes: use --bitrate {built}, or first rebuild and flash every node (bridge, toolheads, Katapult) for {int(given)}",
        )
    if given:
        return int(given), "--bitrate"
    if built:
        return built, "the firmware's CONFIG_CANBUS_FREQUENCY"
    for mcu in (((req.facts.get("klipper") or {}).get("log") or {}).get("mcus") or []):
        if isinstance(mcu, dict) and isinstance(mcu.get("canbus_frequency"), int):
            return int(mcu["canbus_frequency"]), f"CANBUS_FREQUENCY reported by MCU '{mcu.get('name')}'"
    return None, ""


def _current_can(req: ActionRequest, iface: str) -> dict[str, Any]:
    for item in ((req.facts.get("can") or {}).get("interfaces") or []):
        if isinstance(item, dict) and item.get("name") == iface:
            return item
    return {}


def _persist_step(req: ActionRequest, iface: str, bitrate: int | None, txqueuelen: int | None) -> Step:
    """Make BITRATE / TXQUEUELEN permanent where this host keeps IFACE's boot configuration (doctor.can_persist):
    an existing ifupdown stanza or networkd file is edited in place, byte for byte; a missing one is written whole
    (ifupdown: the stanza of Klipper's docs/CANBUS.md); never a lone option line. The result is checked with
    ifupdown's rules (and `ifquery` where installed) before it replaces the file; a copy of the old file is kept."""
    from doctor import can_persist

    root = Path(str(req.get("config_root") or "/"))
    what = ", ".join(x for x in (f"bitrate {bitrate}" if bitrate else "", f"txqueuelen {txqueuelen}" if txqueuelen else "") if x)

    def write(path: Path, data: bytes, old: bytes | None) -> str | None:
        backup = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if old is not None:
                backup = path.with_name(path.name + ".doctor-backup")
                backup.write_bytes(old)
            tmp = path.with_name(path.name + ".doctor-new")
            tmp.write_bytes(data)
            tmp.chmod(0o644)
            os.replace(tmp, path)
        except OSError as exc:
            raise StepFailed(f"cannot write {path}: {exc.strerror or exc}", "run doctor as root, or make the change by hand") from exc
        return str(backup) if backup else None

    def persist(sctx: StepContext) -> dict[str, Any]:
        target = can_persist.locate(iface, root)
        if target.kind == "none" or target.path is None:
            raise StepFailed(
                "this host has neither /etc/network/interfaces (ifupdown) nor /etc/systemd/network (systemd-networkd)",
                f"configure {iface} in the network manager your system uses: bitrate {bitrate or '<the CAN bus speed of your nodes>'}, txqueuelen {txqueuelen or 128}",
            )
        if target.note:
            sctx.warn(target.note)
        if target.kind == "ifupdown":
            old = target.path.read_bytes() if target.path.exists() else None
            if old is not None:
                broken = can_persist.check_ifupdown(old)
                if broken:
                    raise StepFailed(f"{target.path} is already unreadable for ifupdown ({'; '.join(broken[:3])}): no interface it names comes up",
                                     "fix or remove that line first (ifupdown rejects the whole configuration), then run this again")
            new = can_persist.edit_ifupdown(old, iface, bitrate=bitrate, txqueuelen=txqueuelen) if old is not None else None
            if new is None:  # no stanza for iface yet: a whole one, never a partial line
                full_bitrate = bitrate or _current_can(req, iface).get("bitrate")
                if not full_bitrate:
                    raise StepFailed(f"{target.path} has no stanza for {iface}, and doctor does not know its bitrate",
                                     "add --bitrate (the CAN bus speed your Klipper and Katapult were built with, CONFIG_CANBUS_FREQUENCY)")
                new = can_persist.append_stanza(old or b"", iface, int(full_bitrate), txqueuelen or can_persist.TXQUEUELEN)
            errors = can_persist.check_ifupdown(new)
            if errors:
                raise StepFailed(f"the edited {target.path} would not parse ({'; '.join(errors)}); nothing was written", "report this as a doctor bug")
            real = can_persist.ifquery_check(new, iface)
            if real is not None and not real[0]:
                raise StepFailed(f"ifquery rejects the edited {target.path}: {real[1][-300:]}; nothing was written", "report this as a doctor bug")
            backup = write(target.path, new, old) if new != old else None
            return {"path": str(target.path), "system": "ifupdown", "backup": backup, "ifquery": None if real is None else real[1][:200]}
        # systemd-networkd: [CAN] BitRate= in the .network file, [Link] TransmitQueueLength= in the .link file
        done: dict[str, Any] = {"system": "networkd", "paths": []}
        changes: list[tuple[Path, str, str, int]] = []
        if bitrate:
            changes.append((target.path, "CAN", "BitRate", int(bitrate)))
        if txqueuelen and target.link_path is not None:
            changes.append((target.link_path, "Link", "TransmitQueueLength", int(txqueuelen)))
        for path, section, key, value in changes:
            old = path.read_bytes() if path.exists() else None
            if old is None:
                files = can_persist.networkd_files(iface, bitrate or 1000000, txqueuelen or can_persist.TXQUEUELEN)
                new = files[f"80-{iface}.link" if section == "Link" else f"80-{iface}.network"].encode()
                if section == "CAN" and not bitrate:
                    continue
            else:
                new = can_persist.edit_ini(old, section, key, value)
            if new != old:
                write(path, new, old)
                done["paths"].append(str(path))
        return done

    return Step(
        f"make {what} permanent for {iface}",
        operation=f"edit {iface}'s stanza in /etc/network/interfaces(.d) in place (or write a whole one), or its systemd-networkd files; checked with ifupdown's rules before writing",
        execute=persist,
        root=True,
        manual=(f"in the file holding `iface {iface}` (grep -rl 'iface {iface}' /etc/network/interfaces /etc/network/interfaces.d), "
                + " and ".join(x for x in (f"set `bitrate {int(bitrate)}`" if bitrate else "",
                                           f"add `up ip link set $IFACE txqueuelen {int(txqueuelen)}`" if txqueuelen else "") if x)
                + f" inside the stanza (no such file: write the whole stanza of Klipper's docs/CANBUS.md), then check it: sudo ifquery {iface}"),
    )


def plan_can_up(req: ActionRequest) -> Plan:
    """CAN001 / CAN005: bring the interface up at the nodes' bitrate (--bitrate, else the firmware's
    CONFIG_CANBUS_FREQUENCY). The kernel refuses a bitrate change on a running link ("RTNETLINK answers: Device or
    resource busy"), so the link goes down first, gets its bitrate, comes up, and the bitrate is made permanent."""
    iface = _iface(req)
    bitrate, source = _can_bitrates(req)
    if not bitrate:
        raise UsageError(f"which bitrate should {iface} use?", "add --bitrate 1000000 (the CAN bus frequency your Klipper and Katapult were built with)")
    qlen = _current_can(req, iface).get("txqueuelen")
    return Plan(
        title=f"bring {iface} up at {int(bitrate)} bit/s",
        driver="host",
        steps=[
            Step(f"take {iface} down (a running link refuses a new bitrate)", argv=["ip", "link", "set", iface, "down"], root=True),
            Step(f"set {iface}'s bitrate to {int(bitrate)}", argv=["ip", "link", "set", iface, "type", "can", "bitrate", str(int(bitrate))], root=True),
            Step(f"bring {iface} up", argv=["ip", "link", "set", iface, "up"], root=True),
            _persist_step(req, iface, int(bitrate), 128 if not isinstance(qlen, int) or qlen < 128 else None),
            Step(f"show {iface}", argv=["ip", "-details", "link", "show", iface], verify=True, check=_check_link_up),
        ],
        notes=[
            f"{int(bitrate)} bit/s comes from {source}. Every node on this bus (the USB-CAN bridge or adapter, each "
            "toolhead's Klipper, and Katapult) must be built with this same CONFIG_CANBUS_FREQUENCY; a node built for "
            "another speed stays silent whatever the host does.",
        ],
        resolves=["CAN001", "CAN005"],
        params={"interface": iface, "bitrate": int(bitrate)},
    )


def _check_link_up(run: ToolRun, sctx: StepContext) -> str | None:
    if run.status != "ok":
        return run.error or f"ip exited with {run.returncode}"
    return None if re.search(r"<[^>]*\bUP\b", run.stdout) else "the interface is still not up"


def plan_can_txqueuelen(req: ActionRequest) -> Plan:
    """CAN006: raise the transmit queue to 128 frames (Klipper's recommendation), now and at every boot."""
    iface = _iface(req)
    qlen = int(req.get("txqueuelen") or 128)
    return Plan(
        title=f"raise {iface}'s txqueuelen to {qlen}",
        driver="host",
        steps=[
            Step(f"set {iface} txqueuelen {qlen}", argv=["ip", "link", "set", iface, "txqueuelen", str(qlen)], root=True),
            _persist_step(req, iface, None, qlen),
        ],
        notes=["An existing can0 stanza is changed in place; a missing one is written whole, with the bitrate your nodes use (--bitrate)."],
        resolves=["CAN006"],
        params={"interface": iface, "txqueuelen": qlen},
    )


_BOOTLOADER_NAME = re.compile(r"(?:^|/)usb-(?:katapult|canboot)_", re.IGNORECASE)


def plan_fix_serial_path(req: ActionRequest) -> Plan:
    """SER005: replace a serial path in printer.cfg by the one that exists (--old/--new, or found in the facts).

    The edit changes the path's bytes and nothing else: the file is read and written as bytes (CRLF line
    ends, Latin-1 comments and a missing final newline survive), written to a temporary file beside it and
    moved into place (a crash leaves the old file or the new one, never half of one), and the original is
    kept under a backup name that does not overwrite an earlier backup. A bootloader's path
    (usb-katapult_..., usb-CanBoot_...) is never written into a Klipper config: the board is in its
    bootloader (BOOT009) and Klipper must be flashed, or the config would break again once it is."""
    config = req.get("config") or (((req.facts.get("klipper") or {}).get("printer_cfg") or {}).get("path"))
    old, new = req.get("old"), req.get("new")
    if not (old and new):
        old, new = _stale_serial_path(req) or (old, new)
    if not (config and old and new):
        raise UsageError(
            "doctor needs the config file and the old and new serial paths",
            "doctor fix SER005 --config ~/printer_data/config/printer.cfg --old OLD_PATH --new /dev/serial/by-id/...",
        )
    if _BOOTLOADER_NAME.search(str(new)):
        raise UsageError(
            f"{new} is the board's bootloader (Katapult/CanBoot), not Klipper: doctor will not write it into the config",
            "the board is waiting in its bootloader (BOOT009): flash Klipper to it (doctor flash out/klipper.bin --port " + shlex.quote(str(new)) + "), then keep the Klipper path",
        )
    path = Path(str(config)).expanduser()

    def edit(sctx: StepContext) -> dict[str, Any]:
        try:
            if not path.is_file():
                raise StepFailed(f"{path} is not a regular file", "pass the printer.cfg with --config")
            raw = path.read_bytes()
        except OSError as exc:
            raise StepFailed(f"cannot read {path}: {exc.strerror or exc}") from exc
        old_b = os.fsencode(str(old))
        new_b = os.fsencode(str(new))
        pattern = re.compile(rb"^([ \t]*serial[ \t]*[:=][ \t]*)" + re.escape(old_b) + rb"([ \t]*(?:[#;][^\r\n]*)?\r?)$", re.MULTILINE)
        new_raw, count = pattern.subn(lambda m: m.group(1) + new_b + m.group(2), raw)
        if count == 0:
            raise StepFailed(f"{path} has no 'serial: {old}' line", "open it and check the [mcu] sections")
        backup = _free_name(path.with_name(path.name + ".doctor-backup"))
        tmp = path.with_name(f".{path.name}.doctor-{os.getpid()}")
        try:
            shutil.copy2(path, backup)
            with open(tmp, "wb") as fh:
                fh.write(new_raw)
                fh.flush()
                os.fsync(fh.fileno())
            shutil.copymode(path, tmp)
            os.replace(tmp, path)
        except OSError as exc:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise StepFailed(f"cannot write {path}: {exc.strerror or exc}; it is unchanged") from exc
        return {"path": str(path), "backup": str(backup), "replaced": count}

    return Plan(
        title=f"point {path.name} at {new}",
        driver="host",
        steps=[Step(f"replace {old} by {new} in {path}", operation=f"edit {path} (the original is kept as {path.name}.doctor-backup)", execute=edit)],
        notes=["Restart Klipper afterwards (FIRMWARE_RESTART, or sudo systemctl restart klipper)."],
        resolves=["SER005"],
        params={"config": str(path), "old": str(old), "new": str(new)},
    )


def _free_name(path: Path) -> Path:
    """`path`, or path.1, path.2 ... : the first that does not exist (an earlier backup is never overwritten)."""
    if not path.exists():
        return path
    n = 1
    while path.with_name(f"{path.name}.{n}").exists():
        n += 1
    return path.with_name(f"{path.name}.{n}")


def _stale_serial_path(req: ActionRequest) -> tuple[str, str] | None:
    """A configured path that does not exist plus the by-id link that is the same board (case, or the
    Klipper/Katapult prefix swapped with the same serial)."""
    printer = ((req.facts.get("klipper") or {}).get("printer_cfg") or {})
    links = [e.get("name", "") for e in ((req.facts.get("serial") or {}).get("by_id") or [])]
    full = [n if n.startswith("/dev/") else f"/dev/serial/by-id/{n}" for n in links if n]
    for mcu in printer.get("mcus", []) or []:
        configured = str(mcu.get("serial") or "")
        if not configured or configured in full:
            continue
        key = _path_key(configured)
        for candidate in full:
            if _path_key(candidate) == key and not _BOOTLOADER_NAME.search(candidate):
                return configured, candidate
    return None


def _path_key(path: str) -> str:
    name = path.rstrip("/").split("/")[-1].lower()
    return re.sub(r"^usb-(klipper|katapult|canboot)_", "usb-", name)


DRIVER = Driver(
    "host",
    actions={
        "host.install_udev_rules": Action(plan_install_udev_rules, "write a udev rules file for the boards in the device table (uaccess + group)"),
        "host.add_user_to_group": Action(plan_add_user_to_group, "add the user to the group that owns the tty (dialout, uucp, tty)"),
        "host.stop_service": Action(plan_stop_service, "stop a service that holds a port (klipper, octoprint) and start it again afterwards"),
        "host.disable_brltty": Action(plan_disable_brltty, "stop brltty from claiming USB-serial adapters"),
        "host.modemmanager_ignore": Action(plan_modemmanager_ignore, "make ModemManager ignore the board (udev ID_MM_DEVICE_IGNORE) or stop it"),
        "host.fix_serial_path": Action(plan_fix_serial_path, "replace a stale serial path in printer.cfg by the /dev/serial/by-id link that exists"),
        "host.can_up": Action(plan_can_up, "bring the CAN interface up with the firmware's bitrate"),
        "host.can_txqueuelen": Action(plan_can_txqueuelen, "raise the CAN interface's txqueuelen to 128"),
    },
)
ACTIONS = DRIVER.plans()


def main(argv: list[str] | None = None) -> int:
    """`python3 -m doctor.drivers.host udev-rules [--group G]`: print the rules file."""
    import argparse

    parser = argparse.ArgumentParser(prog="python3 -m doctor.drivers.host")
    parser.add_argument("what", choices=["udev-rules"])
    parser.add_argument("--group", default=DEFAULT_GROUP)
    args = parser.parse_args(argv)
    sys.stdout.write(udev_rules(args.group))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
