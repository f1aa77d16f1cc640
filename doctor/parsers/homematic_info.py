"""debmatic-info and pivccu-info (alexreinert/debmatic, alexreinert/piVCCU): the state of a HomeMatic radio module
(HM-MOD-RPI-PCB, RPI-RF-MOD: a microcontroller on the Raspberry Pi's GPIO UART) as the CCU software sees it.

`Kernel modules: Available` says the generic_raw_uart driver loads; `Raw UART dev: Not available` then says it bound no
UART (/sys/class/raw-uart/raw-uart* is empty): the GPIO UART is not free for it (the Linux serial console on it,
Bluetooth holding the PL011, the UART or the module's overlay not enabled), the DietPi maintainer's answer in
DietPi #3354. `Rasp.Pi UART: Not assigned to GPIO pins` (`Rasp.Pi3 UART` in older versions) says serial0 is not the
PL011 (uart0) on the pins: Bluetooth has it. Each line becomes a `serial_setup_check` (name, text) under `serial.runs`
(tool "homematic-info"); SER006 reads them.
"""

from __future__ import annotations

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

MESSAGES = rows_of(
    group(
        "debmatic 3.x debmatic/usr/share/debmatic/bin/debmatic-info.sh, piVCCU 3 pivccu/host3/pivccu-info.sh "
        "(`Kernel modules: %s`, `Raw UART dev: %s`, `Rasp.Pi UART: %s`, older `Rasp.Pi3 UART: %s`)",
        Msg(None, r"^(?:debmatic|piVCCU) version: \S+", "strong", example="debmatic version: 3.49.17-40"),
        Msg("serial_setup_check", r"^(?P<name>Kernel modules|Raw UART dev):\s+(?P<text>Available|Not available)\s*$", "strong",
            example="Raw UART dev:   Not available"),
        Msg("serial_setup_check", r"^(?P<name>Rasp\.Pi3? UART):\s+(?P<text>Assigned to GPIO pins|Not assigned to GPIO pins)\s*$", "strong",
            example="Rasp.Pi3 UART:  Assigned to GPIO pins"),
        Msg(None, r"^(?:HMRF|HMIP) Hardware:\s+\S", "weak", example="HMRF Hardware:  unknown"),
    ),
)


@register
class HomematicInfoParser(TableParser):
    name = "homematic-info"
    namespace = "serial"
    messages = MESSAGES
    hints = ("version:", "kernel modules", "raw uart dev", "uart:", "hardware:")
