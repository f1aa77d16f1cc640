"""ModemManager's probe commands as they show up in a device's own console (proxmark-sec s13).

When ModemManager probes a CDC-ACM port it writes modem commands into it (freedesktop/ModemManager 1.x, src/mm-port-probe.c
at_probing / vendor_probing / product_probing: "AT", "+CGMI", "+GMI", "I", "+CGMM"; mm-broadband-modem.c "+GCAP"; the Nokia
plugins' custom AT probe plugins/nokia/mm-plugin-nokia.c and mm-plugin-nokia-icera.c: "ATE1 E0" three times; the QCDM probe,
libqcdm/src/commands.c qcdm_cmd_version_info_new: an HDLC frame 7e 00 78 f0 7e that a terminal shows as "~x~"). A board whose
firmware echoes or answers what it reads (a Bus Pirate's menu, a MicroPython REPL, a CLI) then shows these strings in the
terminal right after it is plugged in: `ATE1 E0 ATE1 E0 ATE1 E0 ~x~~x~` followed by "Syntax error at char 2"
(ElderlyPirate/Bus_Pirate #128: stopping ModemManager fixed it), `AT+GCAP` followed by a NameError in a REPL
(micropython #1096: modem-manager). Nobody types these: they name ModemManager.

Events (under `serial.runs`, tool "modemmanager-probe"): modemmanager_at_echo (the line and the probe it shows, `text`).
"""

from __future__ import annotations

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

MESSAGES = rows_of(
    group(
        "freedesktop/ModemManager 1.x src/mm-port-probe.c, plugins/nokia/mm-plugin-nokia.c, libqcdm commands.c (probe bytes "
        "as a device's console echoes them)",
        Msg("modemmanager_at_echo", r"(?:^|[\s`'\"])ATE1 E0\s+ATE1 E0", "strong", attrs={"text": "ATE1 E0"},
            example="ATE1 E0 ATE1 E0 ATE1 E0 ~x~~x~"),
        Msg("modemmanager_at_echo", r"~x~~x~", "strong", attrs={"text": "qcdm"}, example="~x~~x~"),
        Msg("modemmanager_at_echo", r"^(?:>>> )?AT\+GCAP\s*$", "weak", attrs={"text": "AT+GCAP"}, example="AT+GCAP"),
        # (esp-rp-serial s20) a Python REPL (MicroPython, CircuitPython) evaluates the probe as code: "AT", "AT+GCAP", "AT+CGMI"
        # raise NameError on the name AT (CPython/CircuitPython 2.x-7.x "name 'AT' is not defined", MicroPython 1.x "name 'AT'
        # isn't defined"), "ATI"/"ATE0"/"ATE1"/"ATZ" on their own names (adafruit/circuitpython#611: ModemManager to blame);
        # the QCDM frame alone on a prompt line is the same probe echoed once
        # (review s20) one such NameError is also a person typing AT at the REPL (expecting AT firmware): the REPL's rows say
        # via="repl", and SER002 wants a burst (two probe lines or more) of them
        Msg("modemmanager_at_echo", r"NameError: name '(?P<text>AT(?:[EIZV]\d?)?)' (?:is not|isn't) defined", "strong",
            attrs={"via": "repl"}, example="NameError: name 'AT' is not defined"),
        Msg("modemmanager_at_echo", r"^(?:>>> ?)?~x~\s*$", "weak", attrs={"text": "qcdm", "via": "repl"}, example=">>> ~x~"),
    ),
)


@register
class ModemManagerProbeParser(TableParser):
    name = "modemmanager-probe"
    namespace = "serial"
    messages = MESSAGES
    hints = ("ate1 e0", "~x~", "at+gcap", "name 'at")
