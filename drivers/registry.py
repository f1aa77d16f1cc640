"""What each driver module says about itself, and the one registry derived from those declarations.

Every driver module `doctor.drivers.<module>` ends with a declaration:

    DRIVER = Driver(
        "katapult",                                   # the module's name (Plan.driver)
        actions={"katapult.flash": Action(plan_flash, "flash an application image through Katapult ...")},
        backend=Backend("katapult", flash="katapult.flash", summary="...", selected_by=("port", "can"), ...),
    )

`Driver.actions` are the operations a knowledge entry (`[[actions]]`) or a command may plan; `backend`, when the
driver writes firmware, is what `doctor flash --via NAME` needs: the action it plans, the options that name it
(--programmer names avrdude), its own command-line options, the tools it runs (with their Debian package), whether
its tool opens the USB device itself (the pre-flight's permission check), and how a board found in a scan becomes
a target. The roles a backend serves are not declared here: `knowledge/devices.toml` says per role which backends
write to it, and `Backend.roles` looks them up.

Nothing else lists backends or actions: `flash`'s --via choices, its backend choice, the pre-flight, the
knowledge entries' action names (checked by tests/test_backends.py) all read this registry, so a new backend is
its driver module plus its roles in devices.toml. Modules are found by importing the package's modules
(`pkgutil.iter_modules(doctor.drivers.__path__)`); modules whose names start with "_" and the framework modules
(base, registry) are not drivers.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Callable, Iterator, Mapping

if TYPE_CHECKING:
    from doctor.drivers.base import PlanFactory

FRAMEWORK = frozenset({"base", "registry", "events"})


@dataclass(frozen=True)
class Action:
    """An operation a driver plans: its plan factory and the one line that says what it does."""

    plan: "PlanFactory"
    summary: str


@dataclass(frozen=True)
class Option:
    """A command-line option only this backend reads (flash, fix and recover offer it): `--programmer` etc."""

    flag: str
    help: str
    metavar: str | None = None

    @property
    def dest(self) -> str:
        return self.flag.lstrip("-").replace("-", "_")


@dataclass(frozen=True)
class Target:
    """A board a backend can write to without being told more (from a scan): the options that name it, and how
    to say it to the person."""

    via: str
    opts: dict[str, str]
    label: str

    def flags(self) -> str:
        import shlex

        return " ".join(f"--{k.replace('_', '-')} {shlex.quote(v)}" for k, v in self.opts.items())


# (the scan's usb.devices entry, serial ports by device node) -> the target, or None when this device is not one
TargetOf = Callable[[dict[str, Any], dict[str, dict[str, Any]]], "Target | None"]


@dataclass(frozen=True)
class Backend:
    """A way `doctor flash` writes firmware (a `--via` choice and a name in devices.toml's `backends`)."""

    name: str
    flash: str  # the action `doctor flash --via NAME` plans
    summary: str
    selected_by: tuple[str, ...] = ()  # options (ActionRequest keys) that name this backend when --via is not given
    precedence: int = 50  # when options select several backends, the lowest number wins (--programmer with --port)
    options: tuple[Option, ...] = ()
    tools: Mapping[str, str | None] = field(default_factory=dict)  # tool it runs -> Debian package (TOOL001's fix)
    opens_usb: bool = False  # its tool opens the USB device itself (libusb): the pre-flight checks access (USB004)
    device_param: str | None = None  # the plan parameter that names the exact USB device (vid:pid), if any
    target: TargetOf | None = None  # a scanned board this backend is the usual writer for -> its target

    @property
    def roles(self) -> tuple[str, ...]:
        """The device roles this backend writes to (devices.toml `backends`)."""
        from doctor import devices

        return devices.roles_for(self.name)


@dataclass(frozen=True)
class Driver:
    """A driver module's declaration (the module-level `DRIVER`)."""

    name: str  # the module's name, and Plan.driver of its plans
    actions: Mapping[str, Action]
    backend: Backend | None = None

    def plans(self) -> dict[str, "PlanFactory"]:
        return {name: action.plan for name, action in self.actions.items()}


def package_path() -> list[str]:
    """Where driver modules are looked for (doctor.drivers' own folder; a test may add one)."""
    from doctor import drivers

    return list(drivers.__path__)


def module_names() -> list[str]:
    """The driver modules of doctor.drivers (framework and private modules excluded)."""
    return sorted({m.name for m in pkgutil.iter_modules(package_path()) if m.name not in FRAMEWORK and not m.name.startswith("_")})


@lru_cache(maxsize=1)
def drivers() -> dict[str, Driver]:
    """Every driver module's declaration, by module name (imports the modules once)."""
    out: dict[str, Driver] = {}
    for name in module_names():
        module = importlib.import_module(f"doctor.drivers.{name}")
        declared = getattr(module, "DRIVER", None)
        if isinstance(declared, Driver):
            out[name] = declared
    return out


def refresh() -> None:
    """Forget the declarations read (tests that add a driver module)."""
    drivers.cache_clear()


def driver(name: str) -> Driver | None:
    """The declaration of the driver whose plans say `driver=name`."""
    return drivers().get(name)


def actions() -> dict[str, Action]:
    """Every action some driver declares, by name ("<driver>.<operation>")."""
    out: dict[str, Action] = {}
    for d in drivers().values():
        out.update(d.actions)
    return out


def backends() -> dict[str, Backend]:
    """Every flash backend, by its --via name."""
    return {d.backend.name: d.backend for d in drivers().values() if d.backend is not None}


def backend(name: str) -> Backend | None:
    return backends().get(name)


def backend_of_driver(name: str) -> Backend | None:
    """The backend a driver module is (None for drivers that do not write firmware, e.g. host)."""
    d = driver(name)
    return d.backend if d is not None else None


def options() -> list[Option]:
    """Every backend's own options, each once (in backend order)."""
    seen: set[str] = set()
    out: list[Option] = []
    for b in sorted(backends().values(), key=lambda b: b.name):
        for o in b.options:
            if o.flag not in seen:
                seen.add(o.flag)
                out.append(o)
    return out


def tool_package(tool: str) -> str | None:
    """The Debian package a declared backend names for one of its tools (None when none does)."""
    for b in backends().values():
        if b.tools.get(tool):
            return b.tools[tool]
    return None


def undeclared_actions(entries: Any) -> list[str]:
    """"<source>: <name>" for every action a knowledge entry names that no driver declares (tests/test_backends.py
    runs it over the whole knowledge base: knowledge/ itself does not import drivers/), the entry's and its forms' own."""
    known = actions()
    return [f"{e.source}: {a.get('name')}" for e in entries for a in [*e.actions, *(a for w in e.when for a in (w.actions or []))]
            if a.get("name") not in known]


class Choices:
    """The --via choices, read from the registry only when argparse checks a value or prints the help (building
    a parser does not import every driver)."""

    def __contains__(self, value: object) -> bool:
        return value in backends()

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(backends()))

    def __len__(self) -> int:
        return len(backends())
