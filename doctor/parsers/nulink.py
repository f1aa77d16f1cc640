"""Nuvoton's NuLink Command Tool (`NuLink.exe`, and the per-series `NuLink_M2354`, `NuLink_8051OT`... of
OpenNuvoton/Nuvoton_Tools: `-C` connect, `-E ALL` erase, `-W APROM file.bin` write) as a message table.

The tool frames its errors as ">>> ERROR: <text> <<<" (the reader takes the ">>> " for mail quoting) and closes every operation with a starred "Execute operation
ending" line. It programs through the flash algorithm files of Nuvoton's Keil driver (Nu-Link_Keil_Driver, the .FLM /
axf algorithms): without that driver installed it cannot load one and says "Failed to Parse the Flash Algorithm!!!"
(its loader then "CAxf: open file erro"); Nuvoton's answer is to install the Keil driver (Nuvoton_Tools#8).

Facts: one run per block under `flash.runs` (tool "nulink").
"""

from __future__ import annotations

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

MESSAGES = rows_of(
    group(
        "Nuvoton NuLink Command Tool 3.x (OpenNuvoton/Nuvoton_Tools NuLink_*.exe, 2020-2024)",
        Msg(None, r"(?:^|[\s$#>/\\])NuLink(?:_\w+)?(?:\.exe)?\s+-[A-Za-z]", "strong", example="$ NuLink_M2354 -W APROM ./build/bin/bl2.bin 0"),
        Msg("flash_algorithm_missing", r"(?:>>> )?ERROR: Failed to Parse the Flash Algorithm!*(?: <<<)?", "strong", fail=True,
            example=">>> ERROR: Failed to Parse the Flash Algorithm!!! <<<"),
        Msg("tool_error", r"^(?:>>> )?ERROR: (?P<text>.*?) <<<$", "strong", fail=True, example=">>> ERROR: Failed to connect to the target!!! <<<"),
        Msg(None, r"^CAxf: open file err", "strong", example="CAxf: open file erro"),
        Msg(None, r"^\*+\s+Execute operation ending\s+\*+$", "strong",
            example="********************    Execute operation ending    ********************"),
    ),
)


@register
class NulinkParser(TableParser):
    name = "nulink"
    namespace = "flash"
    messages = MESSAGES
    # a paste's ">>> " reaches the parsers as mail quoting taken off: the rows accept the line without it
    hints = ("nulink", "<<<", "flash algorithm", "execute operation", "caxf")
