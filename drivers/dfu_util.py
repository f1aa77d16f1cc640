"""ROM DFU (STM32/GD32/APM32 DfuSe) through dfu-util: flash, mass-erase then flash, and wait for the app.

The download is `dfu-util -a 0 -d VID:PID -s ADDRESS:leave -D FILE` (QMK's and Klipper's form);
`dfu.mass_erase` adds the DfuSe modifiers `mass-erase:force` (the whole chip is erased first: risk
"erases"; KAT001). With `:leave` many ROM bootloaders reset before answering dfu-util's last
GETSTATUS, so dfu-util prints "Error during download get_status" after "File downloaded successfully"
and exits 74: that counts as success (DFU001) once the board has left DFU, which the next step checks
by listing DFU devices (`dfu-util -l`) until the device is gone and, when the plan expects one, the
application's serial link (e.g. usb-katapult_*) has appeared.

`flash_steps()` is what `doctor recover` calls for its ROM DFU stage (Katapult via dfu-util);
`rom_dfu_possible(mcu)` says first whether that chip's ROM has USB DFU at all (knowledge/rom_bootloaders.toml,
ST AN2606: the STM32F103's ROM speaks USART1 only, so BOOT0 never yields 0483:df11 there).

The address is never a guess: --address, the image's own load address, or the Klipper build beside it
(CONFIG_FLASH_APPLICATION_ADDRESS); 0x08000000 (the flash base) is where a stock bootloader lives, so only a
"No bootloader" build, or a mass erase that puts a bootloader back there (KAT001), is written at it.
"""

from __future__ import annotations

import fnmatch
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from doctor import devices, firmware, rom_bootloaders, runner
from doctor.drivers._output import parse_run, record, tool_check
from doctor.drivers.base import ActionRequest, Plan, Step, StepContext, StepFailed
from doctor.drivers.registry import Action, Backend, Driver, Target
from doctor.errors import UsageError
from doctor.runner import ToolRun

DEFAULT_DEVICE = "0483:df11"
DEFAULT_ADDRESS = 0x08000000
BY_ID = "/dev/serial/by-id"
LEAVE_TIMEOUT = 10.0  # seconds for the board to leave DFU and re-enumerate


def rom_dfu_possible(mcu: str | None) -> tuple[bool | None, str]:
    """(True/False/None, why): whether BOOT0 can bring up a ROM USB DFU device on this chip at all (None: not known).
    For `doctor recover` and the plans below: a False comes with the sentence to show instead of a DFU step."""
    row = rom_bootloaders.family(mcu)
    if row is None:
        return None, ""
    if row.get("usb_dfu"):
        return True, f"{row['name']}: the ROM bootloader has USB DFU"
    return False, rom_bootloaders.no_usb_dfu_advice(row)


def dfu_device(req: ActionRequest) -> tuple[str, str | None]:
    """(vid:pid, USB port path or None): --device, else the DFU device the scan saw, else 0483:df11."""
    device = req.get("device")
    if device:
        return str(device).lower(), req.get("path")
    for dev in (req.facts.get("usb") or {}).get("devices", []) or []:
        if dev.get("role") in devices.roles_for("dfu") or dev.get("device_class") == "dfu":
            return f"{dev.get('vid')}:{dev.get('pid')}", req.get("path") or dev.get("port_path")
    return DEFAULT_DEVICE, req.get("path")


def _address(req: ActionRequest, image: firmware.Image | None) -> int:
    """--address, else where the image is linked (its load address, or the Klipper build beside it); never a guess."""
    if image is None:
        value = req.get("address")
        return int(str(value), 0) if value is not None else DEFAULT_ADDRESS
    return firmware.write_address(image, req.get("address"), "dfu-util")


def _raw_file(image: firmware.Image) -> str:
    """Where a hex/elf image is written as a raw binary for dfu-util (which takes .bin only)."""
    stem = Path(image.path).stem
    return os.path.join(tempfile.gettempdir(), f"doctor-{stem}-{image.base or 0:08x}.bin")


def _benign_get_status(run_record: dict[str, Any], run: ToolRun, sctx: StepContext) -> str | None:
    """DFU001: the whole file went down, then the board reset on :leave before the last GETSTATUS."""
    events = run_record.get("events", [])
    complete = any(e.get("kind") == "download_complete" for e in events)
    after = any(e.get("kind") == "get_status_error" and e.get("state") == "after_download" for e in events)
    failed = any(e.get("kind") in ("download_error", "erase_error", "lost_device") for e in events)
    leave = any(":leave" in a for a in run.argv)
    if complete and after and leave and not failed:
        sctx.state["get_status_after_leave"] = True
        sctx.warn("dfu-util: 'Error during download get_status' after the complete download is expected with :leave (DFU001)")
        return "ok"
    return None


def flash_steps(
    image: firmware.Image,
    *,
    device: str = DEFAULT_DEVICE,
    address: int = DEFAULT_ADDRESS,
    mass_erase: bool = False,
    path: str | None = None,
    alt: int = 0,
    expect: str | None = None,
    by_id_dir: str = BY_ID,
    leave_timeout: float = LEAVE_TIMEOUT,
    what: str = "the image",
    erase_app_at: int | None = None,
) -> list[Step]:
    """Steps that write `image` through DfuSe and then wait for the board to leave DFU.

    `expect`: a glob of the serial link the new firmware creates in `by_id_dir` (e.g. "usb-katapult_*");
    the last step waits for it too. `erase_app_at`: for a bootloader written at the flash base, the
    application start whose first page must end up erased: the image is padded with 0xFF up to it, so
    DfuSe erases that page too and the new bootloader finds no (stale) application to start.
    """
    steps: list[Step] = []
    source = image.path
    data = image.data
    padded_to = None
    if erase_app_at is not None and address + len(data) < erase_app_at + 4:
        padded_to = erase_app_at + 4
        data = data + b"\xff" * (padded_to - address - len(data))
    if image.format != "bin" or padded_to is not None:
        raw = _raw_file(image)

        def convert(sctx: StepContext) -> dict[str, Any]:
            Path(raw).write_bytes(data)
            return {"path": raw, "size": len(data)}

        doing = f"pad {Path(source).name} with 0xFF up to 0x{padded_to:08x}" if padded_to is not None else f"convert {Path(source).name} to a raw binary"
        steps.append(Step(doing, operation=f"write {raw} ({len(data)} bytes from 0x{address:08x})", execute=convert))
        source = raw
    modifiers = ["mass-erase", "force"] if mass_erase else []
    argv = ["dfu-util", "-a", str(alt), "-d", device]
    if path:
        argv += ["-p", path]
    argv += ["-s", ":".join([f"0x{address:08x}", *modifiers, "leave"]), "-D", source]
    steps.append(
        Step(
            f"{'mass-erase the chip and write' if mass_erase else 'write'} {what} through DFU",
            risk="erases" if mass_erase else "writes-flash",
            argv=argv,
            check=tool_check("dfu", source="dfu-util", accept=_benign_get_status),
            timeout=180.0,
            long=True,
            hint="check the board is still in DFU (lsusb shows " + device + "), then run the same command again",
        )
    )

    def wait_left(sctx: StepContext) -> dict[str, Any]:
        return wait_left_dfu(sctx, device, expect=expect, by_id_dir=by_id_dir, timeout=leave_timeout)

    waits_for = f" and {expect} to appear" if expect else ""
    steps.append(
        Step(
            f"check that the board left DFU{waits_for}",
            operation=f"dfu-util -l until {device} is gone{waits_for} (up to {leave_timeout:g} s)",
            execute=wait_left,
            verify=True,
            hint="if the board stays in DFU, BOOT0 is still set (remove the jumper, press reset): BOOT004",
        )
    )
    return steps


def enter_dfu_steps(device: str = DEFAULT_DEVICE, *, timeout: float = 60.0, poll: float = 0.3, mcu: str | None = None) -> list[Step]:
    """The person's part of ROM DFU entry (BOOT0 held or jumpered while RESET is pressed), then a wait
    until `dfu-util -l` lists `device`. For `doctor recover`'s first stage. `mcu` (when known): a chip whose
    ROM has no USB DFU fails at once with what to use instead, rather than after a minute of waiting."""
    possible, why = rom_dfu_possible(mcu)

    def enter(sctx: StepContext) -> dict[str, Any]:
        if possible is False and device == DEFAULT_DEVICE:
            raise StepFailed(why, "stm32flash -w out/klipper.bin -v -S <APP_ADDRESS> /dev/ttyUSB0 (USART1 via a 3.3 V USB-serial adapter), or an ST-Link on SWD")
        sctx.say("Hold the BOOT0 button (or set the BOOT0 jumper), press and release RESET, then release BOOT0.")
        deadline = time.monotonic() + timeout
        vid, pid = device.split(":")
        while True:
            run = runner.run(["dfu-util", "-l"], timeout=10)
            if run.status == "missing":
                raise StepFailed(run.error or "dfu-util is not installed", "sudo apt install dfu-util")
            fragment = parse_run(run, "dfu-util -l")
            found = [d for d in (fragment.get("usb") or {}).get("devices", []) if d.get("vid") == vid and d.get("pid") == pid]
            if found:
                record(sctx, fragment)
                return {"device": device, "port_path": found[0].get("port_path")}
            if time.monotonic() >= deadline:
                record(sctx, fragment)
                raise StepFailed(
                    f"no {device} DFU device appeared within {timeout:g} s",
                    "BOOT0 must be high while the chip comes out of reset (BOOT003); boards with only a USB-serial chip cannot do USB DFU (BOOT005); "
                    "some chips (STM32F103, F030/F031, G03x-G07x) have no USB DFU in ROM at all: use their USART (stm32flash) or SWD",
                )
            time.sleep(poll)

    return [Step("put the board in ROM DFU", operation=f"ask for BOOT0 + RESET, then dfu-util -l until {device} appears (up to {timeout:g} s)", execute=enter)]


def wait_left_dfu(sctx: StepContext, device: str, *, expect: str | None, by_id_dir: str, timeout: float, poll: float = 0.3) -> dict[str, Any]:
    """Poll `dfu-util -l` (and the by-id folder) until the DFU device is gone (and `expect` appeared)."""
    deadline = time.monotonic() + timeout
    vid, pid = device.split(":")
    still: list[dict[str, Any]] = []
    found: list[str] = []
    while True:
        run = runner.run(["dfu-util", "-l"], timeout=10)
        if run.status == "missing":
            raise StepFailed(run.error or "dfu-util is not installed", "sudo apt install dfu-util")
        fragment = parse_run(run, "dfu-util -l")
        still = [d for d in (fragment.get("usb") or {}).get("devices", []) if d.get("vid") == vid and d.get("pid") == pid and d.get("device_class") == "dfu"]
        found = _links(by_id_dir, expect) if expect else []
        if not still and (expect is None or found):
            record(sctx, fragment)
            if sctx.state.get("get_status_after_leave"):
                sctx.say("The board left DFU: dfu-util's get_status error was the board resetting into the new firmware (harmless, DFU001).")
            return {"left_dfu": True, "links": found}
        if time.monotonic() >= deadline:
            record(sctx, fragment)
            if still:
                raise StepFailed(f"{device} is still in DFU {timeout:g} s after the download", "remove the BOOT0 jumper (or release BOOT0) and press reset: BOOT004")
            raise StepFailed(f"the board left DFU but no {expect} appeared in {by_id_dir}", "the image may be for another board or offset (FW001/FW002): check `ls /dev/serial/by-id/` and `lsusb`")
        time.sleep(poll)


def _links(folder: str, pattern: str) -> list[str]:
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    return [os.path.join(folder, n) for n in names if fnmatch.fnmatch(n, pattern)]


def _image(req: ActionRequest) -> firmware.Image:
    path = req.get("firmware")
    if not path:
        raise UsageError("which image should dfu-util write?", "add --firmware out/klipper.bin (or katapult.bin)")
    return firmware.load(str(path))


def _plan(req: ActionRequest, *, mass_erase: bool) -> Plan:
    image = _image(req)
    device, path = dfu_device(req)
    if mass_erase and req.get("address") is None and firmware.linked_at(image) is None:
        # KAT001: the chip is erased whole and the bootloader (Katapult) goes back at the flash base
        address = DEFAULT_ADDRESS
    else:
        address = _address(req, image)
    mcu = req.get("mcu") or (image.klipper or {}).get("mcu")
    target = firmware.Target.for_mcu(mcu, app_start=address, bootloader="the ROM DFU bootloader") if mcu else firmware.Target(app_start=address)
    blockers = firmware.check(image, target)
    possible, why = rom_dfu_possible(mcu)
    app_start = req.get("app_start")
    erase_at = int(str(app_start), 0) if app_start is not None and not mass_erase else None
    steps = flash_steps(
        image,
        device=device,
        address=address,
        mass_erase=mass_erase,
        path=path,
        alt=int(req.get("alt") or 0),
        expect=req.get("expect"),
        by_id_dir=str(req.get("by_id_dir") or BY_ID),
        leave_timeout=float(req.get("leave_timeout") or LEAVE_TIMEOUT),
        what=Path(image.path).name,
        erase_app_at=erase_at,
    )
    notes = ["dfu-util may end with 'Error during download get_status': with :leave that is the board resetting (DFU001)."]
    if possible is False and device == DEFAULT_DEVICE:
        # the image (or --mcu) names a chip whose ROM has no USB DFU: if a 0483:df11 device is there, the image is for another chip
        notes.insert(0, f"{why}. If a {device} device is on the bus nevertheless, the board's chip is not {mcu}: check the image (FW002).")
    if erase_at is not None and not mass_erase:
        notes.append(f"The first page of the application area (0x{erase_at:08x}) is erased too: the bootloader then waits for a new application instead of starting a stale one.")
    if req.get("address") is None and address != DEFAULT_ADDRESS:
        notes.append(f"{Path(image.path).name} is linked at {firmware.offset_name(address)}: it is written there, above the bootloader.")
    if mass_erase:
        notes.insert(0, "The whole flash is erased first (bootloader and application); the board then runs only what is written here.")
    return Plan(
        title=f"{'mass-erase and ' if mass_erase else ''}flash {Path(image.path).name} through ROM DFU ({device})",
        driver="dfu_util",
        steps=steps,
        preconditions=[f"the board is in ROM DFU ({device}): hold BOOT0, press and release RESET, release BOOT0"],
        blockers=blockers,
        notes=notes,
        resolves=["KAT001"] if mass_erase else [],
        params={"device": device, "address": address, "firmware": image.path, "mass_erase": mass_erase, "app_start": erase_at},
    )


def plan_flash(req: ActionRequest) -> Plan:
    return _plan(req, mass_erase=False)


def plan_mass_erase(req: ActionRequest) -> Plan:
    return _plan(req, mass_erase=True)


def scanned_target(dev: dict[str, Any], ports: dict[str, dict[str, Any]]) -> Target | None:
    """A device in DFU mode the scan found: named by vid:pid, and its USB port path when there is one."""
    ident = f"{dev.get('vid')}:{dev.get('pid')}"
    opts = {"device": ident}
    if dev.get("port_path"):
        opts["usb_path"] = str(dev["port_path"])
    name = dev.get("product") or dev.get("role_name") or dev.get("role") or ident
    where = f" at USB {dev['port_path']}" if dev.get("port_path") else ""
    return Target("dfu", opts, f"{name} in DFU ({ident}){where}")


DRIVER = Driver(
    "dfu_util",
    actions={
        "dfu.flash": Action(plan_flash, "flash through the STM32/GD32 ROM DFU bootloader with dfu-util (DfuSe :leave)"),
        "dfu.mass_erase": Action(plan_mass_erase, "mass-erase through DfuSe, then flash"),
    },
    backend=Backend(
        "dfu",
        flash="dfu.flash",
        summary="a USB DFU bootloader (STM32/GD32/APM32 ROM DFU) with dfu-util (--device VID:PID, --usb-path)",
        tools={"dfu-util": "dfu-util"},
        opens_usb=True,
        device_param="device",
        target=scanned_target,
    ),
)
ACTIONS = DRIVER.plans()
