"""Flash and recovery backends: one module per driver, each declaring itself (`DRIVER`, see drivers/registry.py).

`doctor.drivers.ACTIONS` maps every action name ("<driver>.<operation>") to its one-line description; it is
derived from the driver modules' declarations when first read (nothing here lists them). Knowledge entries'
action names are checked against it by tests/test_backends.py.
"""

from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:
    if name == "ACTIONS":
        from doctor.drivers import registry

        return {action: a.summary for action, a in sorted(registry.actions().items())}
    raise AttributeError(f"module 'doctor.drivers' has no attribute {name!r}")
