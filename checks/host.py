"""The host: OS, kernel, user and groups, services that matter, udev rules for known boards, flashing tools.

Observes only. Every part that cannot be read becomes an absent or "unknown" value, never an error.
"""

from __future__ import annotations

import concurrent.futures
import grp
import os
import platform
import pwd
import re
import shutil
from pathlib import Path
from typing import Any

from doctor import runner
from doctor.checks.serial import process_info
from doctor.snapshot_check import read_head

NAMESPACE = "host"
ACTIVE = False
TIMEOUT = 5.0

SERVICES = ("klipper", "moonraker", "ModemManager", "brltty", "brltty-udev", "octoprint", "klipper-mcu")
TOOLS = {
    # tool: (Debian package, argv that prints the version)
    "st-info": ("stlink-tools", ["st-info", "--version"]),
    "st-flash": ("stlink-tools", ["st-flash", "--version"]),
    "openocd": ("openocd", ["openocd", "--version"]),
    "dfu-util": ("dfu-util", ["dfu-util", "--version"]),
    "dfu-programmer": ("dfu-programmer", ["dfu-programmer", "--version"]),
    "avrdude": ("avrdude", ["avrdude", "-?"]),
    "STM32_Programmer_CLI": (None, ["STM32_Programmer_CLI", "--version"]),
    "picotool": ("picotool", ["picotool", "version"]),
    "lsusb": ("usbutils", ["lsusb", "--version"]),
}
RULE_DIRS = ("/etc/udev/rules.d", "/run/udev/rules.d", "/usr/lib/udev/rules.d", "/lib/udev/rules.d", "/usr/local/lib/udev/rules.d")
_VENDOR = re.compile(r'ATTRS?\{idVendor\}\s*==\s*"([0-9a-fA-F]{4})"')
_PRODUCT = re.compile(r'ATTRS?\{idProduct\}\s*==\s*"([0-9a-fA-F*?\[\]]{1,8})"')
_GROUP = re.compile(r'GROUP\s*:?=\s*"([^"]+)"')
_MODE = re.compile(r'MODE\s*:?=\s*"([0-7]{3,4})"')
_VERSION = re.compile(r"(\d+\.\d+(?:\.\d+)?(?:[-.~+][0-9A-Za-z.]+)?)")


def collect(ctx: Any = None) -> dict[str, Any]:
    facts: dict[str, Any] = {"status": "ok", "origin": "live"}
    facts["os"] = _os_release()
    uname = platform.uname()
    facts["kernel"] = uname.release
    facts["arch"] = uname.machine
    facts["hostname"] = uname.node
    facts["user"] = _user()
    facts["is_root"] = os.geteuid() == 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=3) as pool:
        services = pool.submit(_services)
        tools = pool.submit(_tools)
        rules = pool.submit(_udev_rules)
        facts["services"] = services.result()
        facts["tools"] = tools.result()
        facts["udev_rules"] = rules.result()
    facts["processes"] = _processes()
    cmdline = _boot_cmdline()
    if cmdline is not None:
        facts["boot_cmdline"] = cmdline
        facts["serial_console"] = bool(re.search(r"console=(serial0|ttyAMA0|ttyS0|ttyAML0)", cmdline))
    facts["modules"] = _modules()
    return {NAMESPACE: facts}


def _os_release() -> dict[str, str]:
    out: dict[str, str] = {}
    for path in ("/etc/os-release", "/usr/lib/os-release"):
        try:
            text = read_head(path, 64 * 1024).decode("utf-8", errors="replace")
        except OSError:
            continue
        for line in text.splitlines():
            key, _, value = line.partition("=")
            if key in ("ID", "PRETTY_NAME", "VERSION_ID"):
                out[key.lower()] = value.strip().strip('"')
        break
    return out


def _user() -> dict[str, Any]:
    uid = os.geteuid()
    try:
        pw = pwd.getpwuid(uid)
        name, home = pw.pw_name, pw.pw_dir
    except KeyError:
        name, home = str(uid), os.environ.get("HOME", "")
    groups = []
    for gid in sorted(set(os.getgroups()) | {os.getegid()}):
        try:
            groups.append(grp.getgrgid(gid).gr_name)
        except KeyError:
            groups.append(str(gid))
    return {"name": name, "uid": uid, "groups": groups, "home": home}


def _services() -> dict[str, str]:
    if shutil.which("systemctl") is None or not Path("/run/systemd/system").exists():
        return {name: "unknown" for name in SERVICES}
    result = runner.run(["systemctl", "is-active", *[f"{s}.service" for s in SERVICES]], timeout=3.0)
    states = result.stdout.split()
    if len(states) != len(SERVICES):
        return {name: "unknown" for name in SERVICES}
    return dict(zip(SERVICES, states))


def _dpkg_versions(packages: set[str]) -> dict[str, str]:
    """Installed versions of Debian packages from dpkg's status file (one read, no subprocess)."""
    out: dict[str, str] = {}
    try:
        with open("/var/lib/dpkg/status", encoding="utf-8", errors="replace") as fh:
            name = None
            for line in fh:
                if line.startswith("Package: "):
                    name = line[9:].strip()
                elif name in packages and line.startswith("Version: "):
                    out[name] = line[9:].strip()
    except OSError:
        pass
    return out


def _tools() -> dict[str, Any]:
    found = {tool: shutil.which(tool) for tool in TOOLS}
    packages = {TOOLS[t][0] for t, p in found.items() if p and TOOLS[t][0]}
    versions = _dpkg_versions({p for p in packages if p})
    out: dict[str, Any] = {}
    ask: list[str] = []
    for tool, path in found.items():
        if not path:
            out[tool] = None
            continue
        package = TOOLS[tool][0]
        if package and package in versions and path.startswith("/usr/bin/"):
            version = versions[package]
            m = re.match(r"(?:\d+:)?([0-9][0-9A-Za-z.+~]*?)(?:[-+](?:\d|ds|dfsg).*)?$", version)
            out[tool] = {"path": path, "version": m.group(1) if m else version, "package": package}
        else:
            out[tool] = {"path": path, "version": None}
            ask.append(tool)
    if ask:
        with concurrent.futures.ThreadPoolExecutor(max_workers=len(ask)) as pool:
            for tool, run in zip(ask, pool.map(lambda t: runner.run(TOOLS[t][1], timeout=2.0), ask)):
                m = _VERSION.search(run.output)
                out[tool]["version"] = m.group(1) if m else None
    return out


def _udev_rules() -> list[dict[str, Any]]:
    """Rule lines that name a USB vendor id, from every rules directory (later directories are shadowed by name)."""
    seen_names: set[str] = set()
    out: list[dict[str, Any]] = []
    for folder in RULE_DIRS:
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            continue
        for name in names:
            if not name.endswith(".rules") or name in seen_names:
                continue
            seen_names.add(name)
            path = os.path.join(folder, name)
            try:
                text = read_head(path, 1024 * 1024).decode("utf-8", errors="replace")
            except OSError:
                continue
            if "idVendor" not in text:
                continue
            for line in re.sub(r"\\\n\s*", " ", text).splitlines():
                stripped = line.strip()
                if stripped.startswith("#"):
                    continue
                vm = _VENDOR.search(stripped)
                if not vm:
                    continue
                pm = _PRODUCT.search(stripped)
                gm = _GROUP.search(stripped)
                mm = _MODE.search(stripped)
                out.append(
                    {
                        "file": path,
                        "line": stripped[:300],
                        "vid": vm.group(1).lower(),
                        "pid": pm.group(1).lower() if pm else "*",
                        "uaccess": "uaccess" in stripped,
                        "group": gm.group(1) if gm else None,
                        "mode": mm.group(1) if mm else None,
                        "mm_ignore": "ID_MM_DEVICE_IGNORE" in stripped,
                    }
                )
    return out


_INTERESTING = re.compile(r"klippy|octoprint|moonraker|brltty|ModemManager|screen|minicom|picocom|flashtool|pronterface|cura", re.I)


def _processes() -> list[dict[str, Any]]:
    """Processes that commonly hold a board's port (klippy, OctoPrint, terminals), with their systemd unit."""
    out: list[dict[str, Any]] = []
    try:
        pids = [p for p in os.listdir("/proc") if p.isdigit()]
    except OSError:
        return out
    for pid in pids:
        try:
            raw = read_head(f"/proc/{pid}/cmdline", 64 * 1024)
        except OSError:
            continue
        cmdline = raw.replace(b"\x00", b" ").decode("utf-8", errors="replace").strip()
        if not cmdline or not _INTERESTING.search(cmdline):
            continue
        info = process_info(int(pid))
        info["cmdline"] = cmdline[:300]
        out.append(info)
    return out


def _boot_cmdline() -> str | None:
    for path in ("/boot/firmware/cmdline.txt", "/boot/cmdline.txt", "/boot/armbianEnv.txt"):
        try:
            return read_head(path, 64 * 1024).decode("utf-8", errors="replace").strip()[:1000]
        except OSError:
            continue
    return None


def _modules() -> list[str]:
    try:
        text = read_head("/proc/modules", 4 * 1024 * 1024).decode("utf-8", errors="replace")
    except OSError:
        return []
    wanted = ("gs_usb", "can", "can_raw", "can_dev", "cdc_acm", "ch341", "cp210x", "ftdi_sio", "usbserial", "mcp251x", "brltty")
    names = {line.split(" ", 1)[0] for line in text.splitlines()}
    return sorted(n for n in names if n in wanted)
