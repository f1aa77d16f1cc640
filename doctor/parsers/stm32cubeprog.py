"""ST's own tools: STM32CubeProgrammer (STM32_Programmer_CLI 2.x and the GUI's log pane), the ST-LINK GDB server
of STM32CubeIDE, and the older STM32 ST-LINK Utility, as a message table.

Facts: one run per block under `stlink.runs` (tool `stm32cubeprogrammer` or `st-link-utility`), with the probe's
firmware and serial, the target voltage, the device id and flash size as read, and events in the same kinds
as stlink-tools' (stlink.py) where the meaning is the same: no probe, no target, protection, a verified
download. The CLI prints `ST-LINK SN  : ...` blocks; the GUI log prefixes each line with its time
(`23:46:56 : ST-LINK FW : V2J35S0`) and wrappers add their own (`[build] `), so rows search anywhere.
"""

from __future__ import annotations

import re
from typing import Any

from doctor.facts import overcome_event
from doctor.parsers import register
from doctor.parsers._flashlog import truncated
from doctor.parsers._messages import Msg, TableParser, group, rows_of, to_int
from doctor.parsers.stlink import plausible_device_id

READOUT = "Cannot read memory! Disable Read Out Protection"

# ST-LINK error codes (STM32CubeProgrammer "ST-LINK error (DEV_...)") and what they mean here.
_DEV_ERRORS = {
    "DEV_TARGET_HELD_UNDER_RESET": "target_held_reset",
    "DEV_TARGET_NOT_HALTED": "target_connect_failed",
    "DEV_TARGET_CMD_ERR": "target_connect_failed",
    "DEV_CONNECT_ERR": "target_connect_failed",
    "DEV_TARGET_RESET_ERR": "target_connect_failed",
    "DEV_USB_COMM_ERR": "usb_io_error",
    "DEV_NO_DEVICE": "stlink_not_found",
}

# The GUI log's time stamp before each message ("21:25:24 : ", verbose "11:13:41:673 : "); a forum's rendering may put a
# space after each colon ("21: 25: 24 : "). Two or more on one line: a log whose line breaks were lost.
_GUI_STAMPS = re.compile(r"(?<!\S)\d{1,2}: ?\d\d: ?\d\d(?::\d{1,3})? : (?=\S)")
_GUI_STAMP_SPLIT = re.compile(r"\s+(?=\d{1,2}: ?\d\d: ?\d\d(?::\d{1,3})? : \S)")
_ARDUINO_TOOLS = "stm32duino Arduino_Tools 1.3-2.4 stm32CubeProg(.sh/.bat) (source audit s11; examples: the source's format filled in)"
_FIELD = r"(?:^|[:\]]\s)\s*"  # a field starts the line or follows the GUI log's "HH:MM:SS :" / the CLI's ": "


def _volts(text: str) -> float | None:
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return None


# (swd s24) the start step's two warnings with the core held in reset (the benign row below, asked through benign_now)
_START_HELD = r"^(?:\d\d:\d\d:\d\d(?::\d+)? : )?Warning: (?:failed to run application!?|The core is kept under Reset!?)\s*$"

# (wrappers review s24w2) the retyped Keil/ST-LINK Utility dialogs: not advice or a condition ("If you get ..., check the wiring"),
# not a line naming the cause found (GND, VDD, wiring, power, a cold joint)
_KEIL_RETYPED_NOT = (r"^(?![^\n]{0,400}?(?i:\b(?:if|when|whenever) you (?:get|see|have)\b|\b(?:check|make sure|ensure)\b))"
                     r"(?![^\n]{0,400}?(?i:\b(?:gnd|ground\w*|vdd\w*|vcc|3\.3 ?v|5 ?v|wir(?:e|es|ed|ing)|power\w*|solder\w*|cold joint|regulator)\b))")

MESSAGES = rows_of(
    group(
        # (stm32-dfu-serial s8) rusEFI / FOME console (DfuFlasher): it runs its bundled STM32_Programmer_CLI
        # ("Executing .\STM32_Programmer_CLI/bin/STM32_Programmer_CLI.exe -c port=usb1 -w ...") and, when the download did not
        # end well, says "ERROR: does not look like DFU has worked!". If the CLI printed nothing at all in between (not even its
        # banner), it never started: a DLL missing from the bundle (FOME-Tech/fome-fw #321), an incomplete install
        "rusEFI / FOME console DFU update through STM32_Programmer_CLI",
        Msg("wrapper_dfu_failed", r"^ERROR: does not look like DFU has worked!", strength="strong", fail=True,
            example="ERROR: does not look like DFU has worked!"),
        Msg(None, r"^Executing \S*STM32_Programmer_CLI(?:\.exe)? -c port=", strength="strong", attrs={"field": "cli_invoked"},
            example=r"Executing .\STM32_Programmer_CLI/bin/STM32_Programmer_CLI.exe -c port=usb1 -w fome.bin 0x08000000 -v -s"),
        # (byid-common s16) the 2019-2020 console (java_console DfuFlasher.java) ran ST's DfuSe command line instead, then printed
        # "stdout.length() / errorResponse.length()": "0 / 0" is a DfuSeCommand.exe that printed nothing, i.e. never started
        # (the source's own comment: "looks like DFU util is not installed properly?", rusefi#1170, #1182: mfc120.dll missing)
        Msg(None, r"^Executing \S*DfuSeCommand(?:\.exe)? -c\b", strength="strong", attrs={"field": "cli_invoked"},
            example=r"Executing .\.\DfuSe/DfuSeCommand.exe -c -d --v --fn ..\rusefi.dfu"),
    ),
    group(
        "STM32CubeProgrammer 2.x CLI and GUI log: banner, probe and target fields",
        Msg(None, r"STM32CubeProgrammer (?:API )?v(?P<version>\d+\.\d+\.\d+)", strength="strong",
            example="                       STM32CubeProgrammer v2.17.0                  "),
        Msg(None, r"\bSTM32_Programmer(?:_CLI(?:\.exe)?|\.sh)\s+-", strength="strong",
            example="$ STM32_Programmer_CLI -c port=SWD -w build/app.hex -v -g"),
        # (stm32duino's Arduino_Tools stm32CubeProg.sh/.bat say "STM32CubeProgrammer not found (STM32_Programmer_CLI.exe)." and on
        # macOS/Linux "(STM32_Programmer.sh)")
        # (swd s8) every release of the scripts names the program it looked for: STM32_Programmer_CLI.exe (Windows),
        # STM32_Programmer_CLI (macOS) or STM32_Programmer.sh (Linux): "$STM32CP_CLI not found."
        Msg("tool_missing", r"STM32_Programmer(?:_CLI(?:\.exe)?|\.sh) not found|STM32_Programmer_CLI(?:: command not found|' is not recognized)|"
            r"STM32CubeProgrammer not found \(STM32_Programmer",
            strength="strong", fail=True, attrs={"name": "STM32_Programmer_CLI"}, example="STM32_Programmer_CLI.exe not found."),
        # (wrappers audit s11) stm32duino Arduino_Tools stm32CubeProg.sh 2.1-2.4 / master and linux|macosx|win stm32CubeProg 1.3-2.0:
        # the script's own checks before CubeProgrammer runs (examples: the source's format filled in). macOS without GNU getopt
        # only loses the long options, which the IDE's recipe does not use: a note
        Msg(None, r"^Warning: long options not supported due to getopt from FreeBSD usage", strength="strong", benign=True,
            example="Warning: long options not supported due to getopt from FreeBSD usage.", src=_ARDUINO_TOOLS),
        Msg(None, r"^Selected interface: (?:swd|dfu|serial|jlink)\s*$", strength="strong", example="Selected interface: swd", src=_ARDUINO_TOOLS),
        # the build left no image where the recipe points (a failed or cancelled build, an exported binary moved away)
        Msg("image_missing", r"^Error (?P<path>\S.{0,300}?) does not exist!\s*$", strength="strong", fail=True,
            example="Error /tmp/arduino/sketches/4C3E/Blink.ino.bin does not exist!", src=_ARDUINO_TOOLS),
        # "Serial" upload method with no port selected in the IDE
        Msg("no_upload_port", r"^Missing mandatory arguments for serial mode: serial identifier!", strength="strong", fail=True,
            example="Missing mandatory arguments for serial mode: serial identifier!", src=_ARDUINO_TOOLS),
        # the board's upload recipe and the script disagree (a core and an STM32Tools package of different releases)
        Msg("usage_error", r"^(?:Error missing (?:interface|file argmument)!|Missing mandatory arguments for DFU mode \(VID/PID\)!|Protocol unknown!|Not enough arguments!"
            r"|Wrong (?:rts|dtr|parity) value waiting )", strength="weak", fail=True,
            example="Missing mandatory arguments for DFU mode (VID/PID)!", src=_ARDUINO_TOOLS),
        # (healthy s7) parts with TrustZone or several cores (STM32H5, H7 dual-core, U5, L5, C5, MP1): the ST-LINK asks for access
        # port 0 and the part answers on another; CubeProgrammer says so and goes on with that AP. A note on its own: an error
        # that follows ("Unable to read device id from ROM table", "Cannot identify the device") is judged by its own row
        Msg(None, r"Connection to AP \d+ requested and [Ff]ailed, Connection established with AP \d+", strength="strong", benign=True,
            example="Warning: Connection to AP 0 requested and failed, Connection established with AP 1"),
        Msg(None, _FIELD + r"ST-LINK SN\s*:\s*(?P<serial>\S+)", strength="strong", attrs={"field": "serial"},
            example="ST-LINK SN  : 066FFF515055657867242748"),
        Msg(None, _FIELD + r"ST-LINK FW\s*:\s*(?P<programmer>\S+)", strength="strong", attrs={"field": "programmer"},
            example="ST-LINK FW  : V2J40M27"),
        Msg("target_voltage", _FIELD + r"Voltage\s*:\s*(?P<voltage>\d+(?:[.,]\d+)?)\s*V", convert=(("voltage", _volts),),
            example="23:46:56 : Voltage : 2.91V"),
        # strong in its own shape (the id alone): stm32flash prints "Device ID    : 0x0410 (Medium-density)", always with the name
        Msg("chip_id", _FIELD + r"Device ID\s*:\s*(?P<value>0x[0-9a-fA-F]+)\s*$", strength="strong", convert=(("value", to_int),),
            example="Device ID   : 0x438"),
        Msg(None, _FIELD + r"Device name\s*:\s*(?P<part>\S.*?)\s*$", attrs={"field": "part"}, example="Device name : STM32F303x4-x6-x8/F328xx/F334xx"),
        Msg(None, _FIELD + r"Flash size\s*:\s*(?P<size>\d+)\s*(?P<unit>[KM])?Bytes", attrs={"field": "flash"}, example="Flash size  : 64 KBytes"),
        Msg(None, _FIELD + r"Connect mode\s*:\s*(?P<mode>.+?)\s*$", attrs={"field": "mode"}, example="Connect mode: Under Reset"),
        Msg(None, _FIELD + r"UR connection mode is defined", attrs={"field": "under_reset"},
            example=" : UR connection mode is defined with the HWrst reset mode"),
        Msg(None, _FIELD + r"(?:Board|SWD freq|Reset mode|Revision ID|Device type|Device CPU|BL Version)\s*:", example="Board       : NUCLEO-F303K8"),
        # a USB DFU connection (port=usb1): the device's USB strings; ST's ROM bootloader says "STMicroelectronics" and
        # "STM32  BOOTLOADER" (older parts "DFU in FS Mode"). CubeProgrammer speaks only ST's DfuSe protocol: another
        # DFU bootloader (a custom one, a clone's) connects and then fails to read or write
        Msg(None, _FIELD + r"USB speed\s*:", example="USB speed   : Full Speed (12MBit/s)"),
        Msg(None, _FIELD + r"Manuf\. ID\s*:\s*(?P<manufacturer>\S.*?)\s*$", attrs={"field": "dfu_manufacturer"},
            example="Manuf. ID   : STMicroelectronics"),
        Msg(None, _FIELD + r"Product ID\s*:\s*(?P<product>\S.*?)\s*$", attrs={"field": "dfu_product"}, example="Product ID  : STM32  BOOTLOADER"),
        # after a failed first connection the CLI tries again by itself (at a lower SWD clock, under reset): what failed
        # before is overcome if the new attempt identifies the device and the download completes
        Msg(None, r"\bconnect tentative with a lower frequency", strength="strong", attrs={"field": "reconnect"},
            example="2nd connect tentative with a lower frequency (8MHz)"),
        Msg(None, r"^(?:\d\d:\d\d:\d\d : )?RUNNING Program \.\.\.|Application is running, Please Hold on", strength="strong",
            attrs={"field": "started"}, example="RUNNING Program ..."),
        # (swd s24) the start step (-s/-g, the GUI's "Run after programming") with the core held in reset (Connect mode
        # "Under reset" / hardware reset keeps NRST asserted while the probe is attached): 2.x prints both warnings and then
        # "Start operation achieved successfully" (hubmartin/WS2812B_STM32F103#2, after "Download verified successfully").
        # The image is written; it runs once the probe lets go of NRST or at the next reset: a note, never the flash's failure.
        # (swd review s24) benign only after a verified download in the same run (Stm32CubeProgParser.benign_now): pasted alone
        # or after an unverified write, the core held in reset stays a failure to explain (GEN001)
        Msg(None, _START_HELD,
            strength="strong", benign=True, src="STM32CubeProgrammer 2.x start command, core kept under reset (swd s24)",
            example="14:54:59 : Warning: The core is kept under Reset!"),
        # `STM32_Programmer_CLI -l` (2.x): one section per interface, DFU first; a section with nothing in it is no failure when
        # another one lists a probe (the user's ST-Link is in the STLink section): its "No STM32 device in DFU mode connected"
        # and "Error: No J-link probe detected." only say that interface is empty
        Msg(None, r"^=+\s*(?:DFU|J-Link|STLink|ST-LINK|UART)\s+Interface\s*=+$", strength="strong", attrs={"field": "listing"},
            example="=====  DFU Interface   ====="),
        Msg(None, r"^-+\s*Connected ST-LINK Probes List\s*-+$", strength="strong", attrs={"field": "listing"},
            example="-------- Connected ST-LINK Probes List --------"),
        Msg(None, r"^ST-Link Probe \d+\s*:", strength="strong", attrs={"field": "probe_listed"}, example="ST-Link Probe 1 :"),
        # (trim s22) a probe's entry names its access port only in the listing: a probe listed although the paste's cut took
        # its "ST-Link Probe N :" line
        Msg(None, r"^Access Port Number\s*:", attrs={"field": "probe_listed"}, example="   Access Port Number  : 1"),
        Msg(None, r"^Board Name\s*:", example="   Board Name  :"),
        Msg(None, r"^Total number of serial ports available:\s*\d+", strength="strong",
            example="Total number of serial ports available: 0"),
        Msg("interface_empty", r"^Error: No J-?link probe detected", strength="strong", attrs={"interface": "jlink"},
            example="Error: No J-link probe detected."),
    ),
    group(
        "ST-LINK GDB server (STM32CubeIDE) and STM32 ST-LINK Utility 4.x log",
        # ST-LINK GDB server 5.x-7.x (STM32CubeIDE's debug launch): "Target no device found" then "Error in initializing ST-LINK
        # device. Reason: (4) No device found on target.": the probe answered and the MCU did not, in an IDE debug session
        Msg("target_connect_failed", r"^Target no device found\b|Error in initializing ST-LINK device\.? ?Reason: (?:\(\d+\) )?No device found on target",
            strength="strong", fail=True, attrs={"via": "gdbserver"}, example="Target no device found"),
        # (swd s8) the same GDB server message when "Error in initializing ST-LINK device." and its reason stand on two lines (the
        # IDE's "Error in final launch sequence" dialog, the console): only the GDB server prints it
        Msg("target_connect_failed", r"Reason: (?:\(\d+\) )?No device found on target", strength="strong",
            fail=True, attrs={"via": "gdbserver"}, example="Reason: (4) No device found on target."),
        # (intl-d s7) the GDB server's unclassified errors: "Target unknown error <n>" and "Reason: Unknown. Please check power
        # and cabling to target." (its generic advice, not a finding): a dual-core part's second core held in reset by a
        # debug configuration, a changed reset mode or port; GEN001 quotes it, no wiring or firmware cause is shown
        Msg("target_error_unknown", r"Reason: (?:\(\d+\) )?Unknown\. Please check power and cabling|^Target unknown error \d+",
            strength="strong", fail=True, example="Reason: Unknown. Please check power and cabling to target."),
        Msg("stlink_not_found", r"Reason: (?:\(\d+\) )?No ST-?LINK (?:device )?detected|No STLink device detected", strength="strong", fail=True,
            attrs={"count": 0}, example="Reason: No ST-LINK detected."),
        # STM32CubeIDE 1.x on Linux/macOS without ST's stlink-server package (st-stlink-server), which its GDB server needs
        Msg("tool_missing", r"Reason: (?:\(\d+\) )?ST-?Link Server is required", strength="strong", fail=True,
            attrs={"name": "ST-LINK server (st-stlink-server)"}, example="Reason: (17) ST-Link Server is required to launch the debug session."),
        # (swd s8) the generic line claims the block only when no reason row above or below took it: a popup pasted on one line
        # ("Error in initializing ST-LINK device. Reason: (18) Could not verify ST device!") keeps its reason
        Msg(None, r"Error in initializing ST-LINK device(?!.{0,200}?Reason:)", strength="strong",
            example="Error in initializing ST-LINK device."),
        Msg("readout_protected", r"Cannot read memory! Disable Read Out Prot", strength="strong", fail=True,
            example="Cannot read memory! Disable Read Out Protection and retry."),
        # (swd s7) ST-LINK Utility 4.x's log and popup word it "Can not read memory!" and put the advice on a line of its own
        # ("Disable Read Out Protection and retry."): the read of the flash after connecting was refused (RDP level 1)
        Msg("readout_protected", r"^(?:\d\d:\d\d:\d\d : )?Can not read memory!?\s*$", strength="strong", fail=True,
            example="09:39:01 : Can not read memory!"),
        Msg("readout_protected", r"^Disable Read Out Protection and retry", strength="strong", fail=True,
            example="Disable Read Out Protection and retry."),
        # (intl-mixed s8) the same popup retyped on one line, without its "!" (ST China community thread 632796, a Keil
        # MDK "Flash Timeout" user): "Can not read memory Disable Read Out Protection and retry"
        Msg("readout_protected", r"Can ?not read memory!?\.? +Disable Read Out Prot", strength="strong", fail=True,
            example="Can not read memory Disable Read Out Protection and retry"),
        # ST-LINK GDB server (UM2576): the server reached the target (it read the device id, often downloaded and verified)
        # and then the target stopped answering its status polls: the firmware now running turns SWD off or sleeps
        Msg("target_lost", r"Target is not responding, retrying", strength="strong", fail=True,
            example="Target is not responding, retrying..."),
        # (byid-swd-avr-dfu s17) the GDB server's last word when its status poll of the core fails ("Error! Failed to read
        # target status", then "Debugger connection lost."): after a verified download it is the new firmware taking the SWD
        # pins or sleeping (ST community 317405, an F07x); after a failed erase it only closes a session already lost, so
        # the SWD004 rule reads it only in a run whose download verified
        Msg("target_status_failed", r"Failed to read target status", strength="strong", fail=True,
            example="Error! Failed to read target status"),
        # ST-LINK GDB server / STM32CubeIDE "Reason: (18) Could not verify ST device! Abort connection." (older servers
        # "Reason: ST-LINK: Could not verify ST device!"): the target's debug ROM table does not carry ST's vendor id, a
        # clone MCU (CKS32, GD32, APM32...) behind the probe
        # (Keil MDK's ST-Link driver says "Not a genuine ST Device! Abort connection." for the same check)
        Msg("clone_rejected", r"Could not verify ST device|Not a genuine ST Device", strength="strong", fail=True,
            example="Reason: (18) Could not verify ST device! Abort connection."),
        # (swd-probes s12) Keil MDK 5.x's ST-Link driver (ST-LINKIII-KEIL_SWO.dll) popup and Build Output, with the genuine
        # check off or passed: the device the probe identified is not the one the project selects ("Connection refused due
        # to device mismatch!", "Device connected to debug unit is different from device selected for project target ...").
        # The threads were Blue Pills and boards sold as STM32 with a CKS32/GD32 clone (core id 0x2ba01477), once after
        # "Not a genuine ST Device!" (CSDN k_going 146199315, ST community 124227)
        Msg("clone_rejected", r"Connection refused due to device mismatch|Device connected to debug unit is different from device selected",
            strength="strong", fail=True, attrs={"via": "keil"},
            example="Connection refused due to device mismatch; Device connected to debug unit is different from device selected for project target STMicroelectronics STM32F103C8."),
        # 4.x with an STLINK-V3 says "Can not connect to the target!" (4.6.0 log), older ones "Can not connect to target!"
        Msg("target_connect_failed", r"Can not connect to (?:the )?target!|No target connected|Unable to connect to the target", strength="strong",
            fail=True, example="06:23:37 : Can not connect to the target!"),
        # (hoverboard-scooter s13) the same ST-LINK Utility popup retyped in posts without its "!" ("I get this from ST-LINK
        # Utility: Can not connect to target"), the line ending there; not st-flash's "Can not connect to target. Please use
        # 'connect under reset'..." (stlink table) nor J-Link's "Cannot connect to target."
        Msg("target_connect_failed", r"^\W{0,3}(?:\d\d:\d\d:\d\d : )?Can not connect to (?:the )?target\W{0,3}$", strength="strong",
            fail=True, example="Can not connect to target"),
        Msg("stlink_not_found", r"No ST-LINK detected!|Unable to connect to ST-LINK!", strength="strong", fail=True, attrs={"count": 0},
            example="No ST-LINK detected!"),
        # ST-LINK Utility 3.x-4.x Target > Option Bytes > Apply: writing RDP/WRP resets the chip (a level 1 to 0 change mass-erases
        # it first), so the Utility often loses it and says so although the change took; a protection that stays is the
        # option bytes refusing the change
        Msg("option_bytes_failed", r"Could not set Option bytes!?", strength="strong", fail=True,
            example="12:01:02 : Could not set Option bytes! Please reset the target and retry."),
        # (intl-mixed s8) ST-LINK Utility 4.x's Full Chip Erase refused: the loader's mass erase ("The elf loader Mass Erase
        # function fails.") and the Utility's summary ("Error occured during flash mass erase!", its spelling): the connect
        # worked and the erase did not; CSDN 124065501 (G4): RDP/PCROP option bytes, cleared by RDP 1 then 0
        Msg("flash_erase_failed", r"The elf loader Mass Erase function fails|Error occur+ed during flash mass erase", strength="strong",
            fail=True, example="17:04:55 : The elf loader Mass Erase function fails."),
        # (deepen-stm32 s19) the Utility's summary of a failed erase before a program ("Memory-Loader error" then "Error occured
        # during erase operation!", its spelling; community.st.com STM32F103RET6 "can't disable read out protection": RDP
        # level 1, the same log goes on "Read out protection is activated.")
        Msg("flash_erase_failed", r"Error occur+ed during erase operation", strength="strong", fail=True,
            example="17:53:43 : Error occured during erase operation!"),
        # (swd s21) ST-LINK Utility 4.x, a program or erase refused because option bytes protect sectors (PCROP/sector read
        # protection; qa-community.st.com 17963, cleared with ST-LINK_CLI RDP 1 then 0): the flash is protected, as the
        # read-out protection rows above
        Msg("readout_protected", r"Some flash sectors are read protected", strength="strong", fail=True,
            example="Some flash sectors are read protected."),
        # (swd s21) ST-LINK Utility 4.x: it had connected (the device id is in the same log) and then lost the target, with its
        # own two guesses on the next lines (power or wiring, a firmware in a low-power mode). The threads do not single out
        # one cause (qa-community.st.com 39062: read-out protected F103 after a firmware change), so GEN001 quotes it
        Msg("target_error_unknown", r"Connection to device is lost: check power supply and debug connection", strength="strong", fail=True,
            example="17:52:12 : Connection to device is lost: check power supply and debug connection."),
        Msg(None, r"If the target is in low power mode, please enable \"?Debug in Low Power mode\"? option", strength="strong",
            example='17:52:12 : If the target is in low power mode, please enable "Debug in Low Power mode" option from Target->settings menu.'),
        # ST-LINK Utility 3.x-4.x (and ST-LINK_CLI) after a failed connect in Normal mode: its own advice to connect under reset
        Msg("connect_under_reset_advice", r"Please select \"?Connect Under Reset\"? mode", strength="strong",
            example='Please select "Connect Under Reset" mode from Target->Settings menu and try again.'),
        # the rest of the same popup (3.x-4.x), in versions that print it without the Connect Under Reset line
        Msg("connect_under_reset_advice", r"If you're trying to connect to (?:an STM32W1xx device|a low frequency application)", strength="strong",
            example="If you're trying to connect to an STM32W1xx device, please select Normal or HotPlug mode from Target->Settings menu."),
        # the Utility's connect header: its mode ("Connect Under Reset", "Normal", "HotPlug") and, on a line of its own, the
        # probe's firmware (V2J37M26, V3J7M2: the "M" builds are a board's own ST-Link)
        Msg(None, r"^\d\d:\d\d:\d\d : Connection mode : (?P<mode>\S.*?)\.?\s*$", strength="strong", attrs={"field": "utility_mode"},
            example="11:09:56 : Connection mode : Connect Under Reset."),
        Msg(None, r"^\d\d:\d\d:\d\d : (?P<programmer>V[1-3]J\d+(?:[MSB]\d+)*)\s*$", attrs={"field": "utility_programmer"},
            example="06:23:37 : V3J7M2"),
        Msg(None, r"^\d\d:\d\d:\d\d : (?:Connected via SWD|SWD Frequency|Debug in Low Power mode)", strength="strong",
            example="11:09:56 : Connected via SWD."),
        # (game-controllers-sim s14) the Utility's device header ("Device ID:0x412 ", "Device flash Size : 32KBytes", "Device
        # family :STM32F10xx Low-density") and its refusal of a file larger than that flash ("File size is bigger than the
        # flash memory size."), before anything is written: FreeJoy's 64 KiB hex on a Blue Pill whose F103C6/low-density
        # part has 32 KiB (FreeJoy-Team/FreeJoy #231)
        Msg(None, r"^\d\d:\d\d:\d\d : Device flash Size ?: ?(?P<size>\d+) ?(?P<unit>[KM])Bytes", strength="strong", attrs={"field": "flash"},
            example="19:50:32 : Device flash Size : 32KBytes"),
        Msg(None, r"^\d\d:\d\d:\d\d : Device (?:ID ?: ?0x[0-9a-fA-F]+|family ?:)", strength="strong",
            example="19:50:32 : Device family :STM32F10xx Low-density"),
        Msg("image_too_large", r"File size is bigger than the flash memory size", strength="strong", fail=True,
            example="19:53:10 : File size is bigger than the flash memory size."),
        # (healthy2 s9) ST-LINK Utility and CubeProgrammer (its GUI log and the CLI with -vb 2/3) note that they cannot keep the
        # debug port alive in the chip's low-power modes (DBGMCU on STM32F1 and others): a note; the connection goes on
        Msg(None, r"Debug in Low Power mode is not supported for this device", benign=True,
            example="12:06:46:588 : Debug in Low Power mode is not supported for this device."),
    ),
    group(
        "ST's STLinkUSBDriver.dll trace log (ST-LINK Utility 3.x/4.x, ST Visual Programmer, Keil and IAR through ST's driver,"
        " `cErrLog::SetLogTraceOn`): the probe found, the target's voltage, and the SWD connect",
        Msg(None, r"^\s*(?:cErrLog::SetLogTraceOn|STLinkUSBDriver\.dll loaded)", strength="strong", example="STLinkUSBDriver.dll loaded"),
        Msg(None, r"^\s*ST-Link(?:/V\d(?:-\d)?)? device detected\s*$", strength="strong", attrs={"field": "probe_listed"},
            example="ST-Link/V2 device detected"),
        Msg("target_voltage", r"^\s*Target voltage detected: (?P<voltage>\d+(?:[.,]\d+)?)", strength="strong", convert=(("voltage", _volts),),
            example="Target voltage detected: 2.893326"),
        # (deepen-stm32 s19) the voltage as STM32CubeIDE's ST-LINK GDB server 5.x-7.x log ("ST-LINK detects target voltage =
        # 3.17 V", tests/cases/cubeide-gdbserver-523-...) and ST-LINK_CLI 3.x-4.x ("Target voltage = 1.9 V",
        # tests/cases/stlink-cli-mass-erase-...) print it after the probe's firmware line
        Msg("target_voltage", r"^\s*(?:ST-LINK detects target voltage|Target voltage) = (?P<voltage>\d+(?:[.,]\d+)?) ?V\b", strength="strong",
            convert=(("voltage", _volts),), example="ST-LINK detects target voltage = 3.17 V"),
        # the probe read no IDCODE from the debug port: nothing answered on SWDIO/SWCLK (the driver's own hint: "check SWD
        # connection"); "Error (4)/(19) while initializing ST-Link in SWD mode" follows it, or stands alone for the same failure
        Msg("target_connect_failed", r"Error getting target IDCODE", strength="strong", fail=True,
            example="Error getting target IDCODE: if SWD, check SWD connection"),
        Msg("target_connect_failed", r"^\s*Error \((?P<code>\d+)\) while initializing ST-Link in SWD mode", strength="strong", fail=True,
            convert=(("code", int),), example="Error (4) while initializing ST-Link in SWD mode"),
        Msg(None, r"^\s*Error \((?:0x[0-9A-Fa-f]+|\d+)\) (?:after target cmd|in ReadMemory_32Bit)", strength="strong",
            example="Error (0x16) after target cmd F2 30 A3 00 00 00 00 00 00 00"),
    ),
    group(
        "IAR Embedded Workbench for Arm 6.x-9.x C-SPY debug log (ST-LINK, CMSIS-DAP, I-jet drivers): the debug session's connect",
        # C-SPY could not read the core's CPUID through the probe (6.x "Faild to read CPUID from Cortex device", later
        # "Failed to read CPUID for Cortex device"), or the core's status: the MCU did not answer the debugger
        Msg("target_connect_failed", r"Faile?d to read CPUID (?:from|for) Cortex device|Failed to get CPU status after \d+ retries",
            strength="strong", fail=True, attrs={"via": "iar"}, example="Fatal error: Failed to read CPUID for Cortex device Session aborted!"),
        # (ide-debuggers s14) the I-jet/JTAGjet driver's log ("Reading CPU status failed", NXP community: a Kinetis K20 whose
        # scripted reset then failed; S32K144 "Fatal error: Reading CPU status failed" after the unlock prompt) and C-SPY's
        # "Fatal error: CPU did not halt": the core answered no halt/status request
        Msg("target_connect_failed", r"\bReading CPU status failed\b|^(?:Fatal error: )?CPU did not halt\b", strength="strong", fail=True,
            attrs={"via": "iar"}, example="Wed Oct 16, 2013 08:30:18: Reading CPU status failed"),
    ),
    group(
        "Keil MDK-ARM uVision 4.x-5.x debug drivers (ST-Link, ULINK) and its Flash download: the debug session's connect",
        # the driver reached the probe but could not halt the core (ARM7/9 "Couldn't stop ARM device!", Cortex "Could not stop
        # Cortex-M device!"): the core does not answer halt requests: held in reset, or asleep/locked by its firmware or boot pins
        Msg("target_connect_failed", r"Could(?:n't| not) stop (?:Cortex-M|ARM) device!? ?[Pp]lease check the JTAG cable", strength="strong",
            fail=True, attrs={"via": "keil"}, example="Could not stop Cortex-M device! please check the JTAG cable"),
        # (intl-d s7) the same dialog retyped in posts ("Could not stop cortex M device, check JTAG cable")
        Msg("target_connect_failed", r"Could(?:n't| not) stop [Cc]ortex[- ]?M\d? device[!,.]? (?:[Pp]lease )?check (?:the )?JTAG cable",
            strength="strong", fail=True, attrs={"via": "keil"}, example="Could not stop cortex M device, check JTAG cable"),
        # the Flash download gave up because the debug driver had not connected (after "No target connected", "Internal command
        # error"): the IDE's own summary of a connect that failed
        # (intl-stm32 s7) posts retype it in lower case ("target DLL has been cancelled")
        Msg("target_connect_failed", r"(?i:Target DLL has been cancelled)", strength="strong", fail=True, attrs={"via": "keil"},
            example="Error: Flash Download failed - Target DLL has been cancelled"),
        # (intl-stm32 s7) the CMSIS-DAP / ULINK debug driver (DAPLink, CMSIS-DAP dongles, ULINK2) got no valid answer from the
        # target's debug port: "RDDI-DAP Error" (often right after "Application running ..." when the firmware turns the SWD
        # pins into GPIO: CubeMX SYS > Debug not set to Serial Wire) and "SWD/JTAG Communication Failure" (vendor FAQ: wiring,
        # protection or debug pins reused)
        Msg("target_connect_failed", r"RDDI-DAP Error|SWD/JTAG Communication Failure", strength="strong", fail=True, attrs={"via": "keil"},
            example="RDDI-DAP Error"),
        # the ST-Link driver's generic failure (Keil and ST-LINK Utility popups): a command to the target went unanswered
        Msg("target_connect_failed", r"Internal command error", strength="strong", fail=True, attrs={"via": "keil"},
            example="Erase Failed!Internal command errorInternal command errorError: Flash Download failed - \"Cortex-M4\"Flash Load finished at 15:23:40"),
        # (intl-mixed s8) the debug driver read the target's CoreSight ROM table and got no valid one (ULINK, ST-Link, CMSIS-DAP):
        # the core could not be halted for the read; Keil's support article 3566 and the armfly thread 98402 (F407, ST-Link):
        # Connect under Reset with HW RESET fixed it (the firmware running kept the debugger out)
        Msg("target_connect_failed", r"Invalid ROM Table", strength="strong", fail=True, attrs={"via": "keil"},
            example="Invalid ROM Table"),
        Msg("target_connect_failed", r"Cannot access target\. Shutting down debug session|No Cortex-M SW Device Found", strength="strong", fail=True,
            attrs={"via": "keil"}, example="Cannot access target. Shutting down debug session."),
        Msg("program_failed", r"Error: Flash Download failed\s+-\s+\"(?:Cortex-M\d+\+?|ARM\w+)\"", strength="strong", fail=True, attrs={"via": "keil"},
            example='Error: Flash Download failed - "Cortex-M4"'),
        # (intl-mixed s8) the flash algorithm started and never reported completion ("Flash Timeout. Reset the Target and try it
        # again.", also retyped "Flash Timeout.Reset Target and try it again"): the page erase/write was refused or hung, most
        # often flash protection set in the option bytes (ST China community 632796: Read Out Protection enabled)
        Msg("program_failed", r"Flash Timeout\. ?Reset (?:the )?Target and try it again", strength="strong", fail=True,
            attrs={"via": "keil", "what": "flash_timeout"}, example="Flash Timeout. Reset the Target and try it again."),
        # (wrappers s24w2) Keil's and ST-LINK Utility's dialogs retyped in posts with their spaces lost ("“NO TargetConnected”",
        # "could notstop cortex-m device", "internalcommand error": shequ.stmicroelectronics.cn 630243, PA14 taken as GPIO; a blog
        # title's "No Target Found/Connected", blog.awolon.fun: CubeMX SYS > Debug not set to Serial Wire): read as Keil's.
        # (wrappers review s24w2) only a lost space or the blog's "Found/Connected", never the spaced words in any case (another
        # tool's "An internal command error occurred", "could not stop the Cortex-M device because ...", "has no target connected
        # LED"); a case-only change ("No Target Connected", "Internal Command Error") is the exact dialog, read by the rows the
        # exact form meets (the ST-LINK Utility's, Keil's), so both forms rank the same. Not a line giving advice or naming the
        # cause found (GND, VDD, wiring, power, a cold joint): the entry's alternatives, not the dialog's
        Msg("target_connect_failed",
            _KEIL_RETYPED_NOT + r"[^\n]*?(?i:\bno ?target(?:connected| ?found ?/ ?connected)\b|\bnotarget ?connected\b)",
            strength="strong", fail=True, attrs={"via": "keil"}, example="查看发现是“NO TargetConnected”,也就是说无法找到芯片"),
        Msg("target_connect_failed",
            _KEIL_RETYPED_NOT + r"[^\n]*?(?i:\bcould ?(?:n'?t|not)stop (?:the )?cortex[- ]?m\d*\+? ?device\b|\bcould(?:n'?t|not) ?stop cortex[- ]?m\d*\+? ?device\b)",
            strength="strong", fail=True, attrs={"via": "keil"}, example="出现“could notstop cortex-m device”,要不就是“internalcommand error”"),
        Msg("target_connect_failed",
            _KEIL_RETYPED_NOT + r"[^\n]*?(?i:(?<!\ban )\binternal ?command ?error\b)(?<!Internal command error)",
            strength="strong", fail=True, attrs={"via": "keil"}, example="Keil keeps saying internalcommand error"),
        Msg("target_connect_failed", _KEIL_RETYPED_NOT + r"[^\n]*?\b(?:No Target Connected|NO TARGET CONNECTED)\b", strength="strong", fail=True,
            example="The ST-LINK Utility says No Target Connected."),
    ),
    group(
        "Keil MDK-ARM uVision 4.x-5.x Build Output (armcc/armclang/armlink) and the image its Flash download loads",
        # (ide-debuggers s14) uVision's build verdict: '"<target>.axf" - N Error(s), M Warning(s).' then "Target not created."
        # (a clean build ends "- 0 Error(s)" and no verdict line); armlink's "Finished: ... messages." counts, and a compiler
        # crash ("Internal fault: [0x...] in ...  Please contact your supplier.", an armcc 5.06 bug newer MDK fixed)
        Msg("build_error", r"^Target not created\.?\s*$", strength="strong", fail=True, attrs={"via": "keil"}, example="Target not created."),
        Msg("build_error", r'^"[^"\n]+\.(?:axf|elf|lib)" - [1-9]\d* Error\(s\), \d+ Warning\(s\)\.', strength="strong", fail=True,
            attrs={"via": "keil"}, example='".\\bin\\ble_freertos_watch.axf" - 1 Error(s), 0 Warning(s).'),
        Msg("build_error", r"^Finished: \d+ information, \d+ warning,? (?:and )?(?:[1-9]\d* error and \d+|\d+ error and [1-9]\d*) fatal error messages\.",
            strength="strong", fail=True, attrs={"via": "keil"}, example="Finished: 0 information, 0 warning, 0 error and 1 fatal error messages."),
        Msg("build_error", r"^Internal fault: \[0x[0-9a-f]+:\d+\]", strength="strong", fail=True, attrs={"via": "keil", "what": "compiler_fault"},
            example="Internal fault: [0xd365b7:5060960] in js_call_params"),
        # the Flash download (and the debugger's LOAD command) could not open the image the project names: not built, or built
        # under another output folder ("*** error 56: cannot open file", then 'Flash Download failed - Could not load file')
        Msg("image_missing", r"^\*\*\* error 56: cannot open file|Flash Download failed\s+-\s+Could not load file '(?P<path>[^'\n]+)'",
            strength="strong", fail=True, attrs={"via": "keil"},
            example="Error: Flash Download failed  -  Could not load file 'G:\\nrf51-ble-app-lbs\\arm_build\\ble_app_lbs.axf'"),
    ),
    group(
        "NXP MCUXpresso IDE 10.x-25.x and LinkServer (RedlinkMulti driver crt_emu_cm_redlink, redlinkserv) with LPC-Link2, "
        "MCU-Link and CMSIS-DAP probes: the debug session's connect (closed source: the wordings of the NXP community "
        "threads, 2012-2025)",
        # (ide-debuggers s14) the probe opened but the core did not: 'Ee(42)' (10.x printed 'Ee(36)'), retried three times
        # ("Server OK but no connection to probe 1 core 0 (after 3 attempts) - Ee(42). Could not connect to core."), then
        # "Failed on connect: ..."; 'Em(04)' is the DAP's debug power-up request left unacknowledged (the DP id read, CpuID
        # 00000000). The resolved threads: SDK low-power examples (KW36/KW38 BLE), a bad image in flash (RT1170), debug access
        # regained in the ISP / serial-downloader boot mode (NXP FAQ "Regaining debug access to target MCU")
        Msg("target_connect_failed", r"\bE[em]\((?P<code>\d+)\)\.? (?:Could not connect to core|Cannot provide power to DAP bus)", strength="strong",
            fail=True, attrs={"via": "linkserver"}, convert=(("code", int),), example="Failed on connect: Ee(42). Could not connect to core."),
        # the LPCXpresso-era short form: "02: Failed on connect" then "Could not connect to core." / "Cannot provide power to DAP bus."
        Msg("target_connect_failed", r"^(?:\d+: )?Failed on connect\s*$|^(?:Could not connect to core|Cannot provide power to DAP bus)\.\s*$",
            strength="strong", fail=True, attrs={"via": "linkserver"}, example="02: Failed on connect"),
        # the wire layer: the DP gave no (or a FAULT) acknowledge ("Wire Ack Fault - target connected?" from the IDE's discovery
        # and the Kinetis/RT scripts, "Nn(05). Wire ACK Fault in DAP access", LPCXpresso 4 "Ee(07): Bad ack returned from status
        # - wire error"), "Wire not connected" from the connect scripts
        Msg("target_connect_failed", r"\bWire Ack Fault - target connected\?|\bWire ACK Fault in DAP access|\bBad ack returned from status - wire error"
            r"|^(?:Error: )?Wire not connected\s*$", strength="strong", fail=True, attrs={"via": "linkserver", "stage": "wire"},
            example="Error: Wire Ack Fault - target connected?"),
        Msg("target_connect_failed", r"^No connection to chip's debug port\s*$|^\(100\) Target (?:Connection|Operation) Failed\s*$", strength="strong",
            fail=True, attrs={"via": "linkserver"}, example="(100) Target Connection Failed"),
        # (mcu-vendors s17) LPCXpresso 7-8's launch dialog when the debug server's connect failed: "Error reported by server
        # (redlinkserv.exe):" then "Status fail" (NXP community LPC812 "Debug access": regained in ISP boot, as above)
        Msg("target_connect_failed", r"\bError reported by server \(redlinkserv(?:\.exe)?\):?", strength="strong", fail=True,
            attrs={"via": "linkserver"}, example="Error: Error reported by server (redlinkserv.exe):"),
        # (probes-vendors s22) the Kinetis connect script (kinetisconnect.scp, MCUXpresso 10.x-11.x) reads the MDM-AP status and
        # stops at "Part is secured" / "Mass Erase Required" (FSEC set): the wire faults after it are the secured part refusing
        # the AHB-AP. NXP community "Wire ACK Fault in DAP access" (K64F): unlocked with the GUI Flash Tool's "Resurrect locked
        # Kinetis device" (a mass erase)
        Msg("readout_protected", r"^Part is secured\s*$|^Mass Erase Required\s*$", strength="strong", fail=True,
            attrs={"via": "linkserver"}, example="Part is secured"),
        # (review s22) the same script on a later connect after the mass erase ("Part is not secured"), and the flash
        # driver's end of a write ("(100) Finished writing Flash successfully."): a secured part before them was overcome
        Msg(None, r"^Part is not secured\s*$|^\(\d+\) Finished writing Flash successfully\.?\s*$", strength="strong",
            attrs={"field": "kinetis_unsecured"}, example="Part is not secured"),
        Msg(None, r"^Status fail\s*$|^LinkServer has been terminated and will be restarted\.", strength="none",
            example="Status fail"),
    ),
    group(
        "ST-LINK firmware upgrade (STSW-LINK007 ST-LinkUpgrade, and the same upgrader inside ST-LINK Utility and STM32CubeProgrammer)",
        # the upgrader's failure popup; it refuses probes it does not take for genuine (clone ST-Link V2 dongles built on
        # CKS32/GD32/APM32 chips)
        Msg("probe_upgrade_failed", r"Upgrade error, Please try again", strength="strong", fail=True,
            example="Upgrade error, Please try again."),
    ),
    group(
        "STM32CubeProgrammer 2.x: errors about the probe and the target",
        Msg("stlink_not_found", r"Error: No debug probe detected|No ST-?LINK (?:detected|available)|ST-LINK not found", strength="strong",
            fail=True, attrs={"count": 0}, example="Error: No debug probe detected."),
        # over USB (port=usb1, Arduino's "STM32CubeProgrammer (DFU)") this is the only word when no STM32 DFU bootloader is on the
        # bus (stm32duino's maintainer: raised when no DFU bootloader device is available); over SWD it says "No STM32 target found"
        Msg("dfu_not_found", r"Error: Target device not found", strength="strong", fail=True,
            example="Error: Target device not found"),
        # the GUI's USB connection panel (2.x, Windows/Linux/macOS) when its port list is empty: it sees no DfuSe device it
        # can open (none on the bus, or one it may not open: no udev rule on Linux, no driver from its DRIVERS folder on Windows)
        Msg("dfu_not_found", r"^[\"'`(]?(?:\d\d:\d\d:\d\d : )?No DFU (?:detected|device found)\b", strength="strong", fail=True,
            example="No DFU detected"),
        # (audit-probes s18) the same port-field text retyped in capitals, alone or quoted in a sentence (ST community "it sees
        # nothing and says "NO DFU DEVICE FOUND"", CSDN "将显示NO DFU DETECTED")
        Msg("dfu_not_found", r"^[\"'`(]?NO DFU (?:DETECTED|DEVICE FOUND)\b|[\"'`](?i:No DFU (?:detected|device found))[\"'`.!]", strength="strong", fail=True,
            src="STM32CubeProgrammer 2.x GUI USB port field, as posts retype it (audit-probes s18)",
            example='it sees nothing and says "NO DFU DEVICE FOUND"'),
        # (dfu-avr s24) the same port-field text retyped unquoted, as the GUI writes it (capital N, DFU), in a sentence that
        # names the program and a verb of showing ("I also tried using STM32CubeProgrammer. It shows the message No DFU detected
        # on the port select widget": Sienci-Labs/gsender#765, Ubuntu, lsusb showing 0483:df11 with no udev rule for it). Not a
        # question (a "?" or a question word opening a sentence of the line), a condition or advice anywhere in the line ("if",
        # "unless", "until I press BOOT0"), a story that ends solved ("fixed", "now it works", "connects fine", "at first"), nor
        # a line about the ST-LINK (the port field of the other interface) (dfu-avr s24 review); no negation ("it no longer shows"). Weak: a
        # line another parser reads as well (Windows' "sees dfu in fs mode") stays that parser's
        Msg("dfu_not_found",
            r"(?i)^(?![^\n]{0,400}?\?)(?![^\n]{0,400}?(?:^|[.!;:]\s+)(?:why|how|what|does|do|did|is|are|could|can|should|would|might|maybe)\s)"
            r"(?=[^\n]{0,400}?\b(?:STM32 ?Cube ?Prog(?:rammer)?|Cube ?Prog(?:rammer)?)\b)"
            r"(?![^\n]{0,400}?\b(?:if|when|whenever|unless|until|make sure|should|fixed|solved|resolved|now (?:it )?works|works (?:now|fine)"
            r"|connects?(?: now| fine| ok)?|at first|st-?link)\b)"
            r"(?![^\n]{0,400}?(?:\bno longer\b|\bany ?more\b|(?:\bnot\b|n't\b|\bnever\b)\s+(?:show|say|display|give|get|report)\w*))"
            r"[^\n]{0,400}?\b(?:says?|said|shows?|showed|showing|displays?|displayed|displaying|reads|reports?|reported|gives?|gave|get|gets|got|getting|message)\b"
            r"(?:(?!\bnot\b|n't\b|\bnever\b|\bno longer\b|\banymore\b)[^.!?\n]){0,40}?\b(?-i:No DFU (?:detected|device found))\b",
            strength="weak", fail=True, src="STM32CubeProgrammer 2.x GUI USB port field, retold in a sentence (dfu-avr s24)",
            example="I also tried using STM32CubeProgrammer. It shows the message No DFU detected on the port select widget."),
        # `STM32_Programmer_CLI -l usb` (the DFU interface listing) with no ROM bootloader on USB
        Msg("dfu_not_found", r"No STM32 device in DFU mode connected", strength="strong", fail=True,
            example="No STM32 device in DFU mode connected"),
        Msg("target_connect_failed", r"Error: No STM32 target found", strength="strong", fail=True,
            example="Error: No STM32 target found! If your product embeds Debug Authentication, please perform a discovery using Debug Authentication"),
        # the DFU interface's own log line (libusb, not the ST-Link driver): the ROM USB bootloader stopped answering a control
        # transfer; ST's AN2606 lists it (F07x/F04x/F4 ROM DFU behind fast host controllers: a USB 2.0 hub in between works)
        Msg("dfu_transfer_error", r"libusb control transfer error \[(?P<code>-?\d+)\]\s*:\s*(?P<text>LIBUSB_ERROR_\w+)", strength="strong", fail=True,
            convert=(("code", int),), example="libusb control transfer error [-9] : LIBUSB_ERROR_PIPE"),
        Msg("target_connect_failed", r"Error: Unable to get core ID|Error: Cannot connect to access port", strength="strong", fail=True,
            example="Error: Unable to get core ID"),
        # (deepen-stm32 s19) 2.x after "Cannot identify the device" (its GDB-server run in STM32CubeIDE, community.st.com
        # 312806: "Error: unknown or unsupported device (DevID = 0x0000)"): the DBGMCU id read is not in its database. 0x0000
        # is nothing read (the chip id 0 reading); an id in the STM32 range is a part the database lacks (a clone, SWD007)
        Msg("chip_id_unknown", r"unknown or unsupported device \(DevID = (?P<value>0x[0-9a-fA-F]+)\)", strength="strong", fail=True,
            convert=(("value", to_int),), example="Error: unknown or unsupported device (DevID = 0x0465)"),
        Msg("stlink_error", r"ST-LINK error \((?P<code>DEV_[A-Z_]+)\)", strength="strong", fail=True,
            example="23:48:10 : Error: ST-LINK error (DEV_TARGET_HELD_UNDER_RESET)"),
        # (intl-d s7) Keil's ST-Link driver and retyped posts: "STLINK Error(DEV_TARGET_HELD_UNDER_RESET)", "ST-Link error: DEV_..."
        Msg("stlink_error", r"\bST-?LINK [Ee]rror ?(?:\(|: ?)(?P<code>DEV_[A-Z_]+)\b", strength="strong", fail=True,
            example="STLINK Error(DEV_TARGET_HELD_UNDER_RESET)"),
        # (ST-LINK Utility 4.x words it "Core is held in reset")
        Msg("target_held_reset", r"Target held under reset|Reason: Target held under reset|Core is held in reset", strength="strong", fail=True,
            example="Reason: Target held under reset."),
        Msg("probe_firmware_old", r"(?i)Old ST-LINK firmware|ST-LINK firmware (?:version )?(?:is )?(?:not supported|upgrade required)|Upgrade ST-LINK firmware",
            strength="strong", fail=True, example="Error: Old ST-LINK firmware version. Upgrade ST-LINK firmware"),
        # the same warning in its own words, which start a block: CubeProgrammer "Warning: Device is under Read Out Protection",
        # ST-LINK Utility "Read Out Protection is activated"
        Msg("readout_protected", r"(?i)Device is under Read Out Protection|Read Out Protection is (?:activated|active|enabled)", strength="strong",
            fail=True, example="Warning: Device is under Read Out Protection"),
        Msg("readout_protected", r"(?i)read ?out protection|\bRDP (?:level [12]|is enabled)|read[- ]protected", fail=True,
            example="17:13:53 : Error: RDP is set to level 1, try using Read UnProtect (-rdu) command in order to remove the Read Out Protection."),
        # the option bytes as the CLI's -ob displ and the GUI log print them ("RDP : 0xBB (Level 1, read protection
        # active)"): 0xAA is level 0 (no protection), 0xCC level 2, any other value level 1
        Msg("rdp_level", _FIELD + r"RDP\s*:\s*0x(?P<rdp>[0-9A-Fa-f]{2})\b", example="  RDP          : 0xBB (Level 1, read protection active)"),
        # an option-byte write whose verification read RDP back at its old value ("Expected value for Option Byte "RDP":
        # 0xAA, found: 0xFF"): the chip stays protected
        Msg("rdp_level", r"Expected value for Option Byte \"RDP\": 0x[0-9A-Fa-f]{2}, found: 0x(?P<rdp>[0-9A-Fa-f]{2})", strength="strong",
            example='16:24:25:038 : Error: Expected value for Option Byte "RDP": 0xAA, found: 0xFF'),
        # (st-community s9) the same verification for a write- or PCROP-protection option byte (2.x GUI and CLI: "Error:
        # Expected value for Option Byte "PCROP1_END": 0x0, found: 0xFF", "... "WRP1A_STRT" ...", F4 "WRP0".."WRP11",
        # L4/G4 "PCROP_RDP"), before "Option Byte Programming failed Or modified by application after OB_LAUNCH": the
        # protection the user tried to change stays. ST community 840958 (L433 PCROP, mass erase refused): cleared by
        # raising RDP to level 1 and regressing it to 0xAA, which erases the flash with the PCROP area
        Msg("protection_ob_unchanged", r"Expected value for Option Byte \"(?P<ob>(?:WRP|PCROP|nWRP|SECWM|WRPSN)\w{0,16})\": 0x[0-9A-Fa-f]+, found: 0x",
            strength="strong", fail=True, example='18:45:49 : Error: Expected value for Option Byte "PCROP1_END": 0x0, found: 0xFF'),
        # the GUI reads 1 KiB of flash at 0x08000000 after connecting over SWD; with read-out protection level 1 that read
        # is refused while the device id reads fine (over USB DFU the same line follows a non-ST bootloader: BOOT006)
        Msg("data_read_failed", r"Error: Data read failed", strength="strong", fail=True, example="14:29:24 : Error: Data read failed"),
        Msg("write_verified", r"Download verified successfully", strength="strong", example="Download verified successfully"),
        Msg(None, r"File download complete|Start operation achieved successfully|Mass erase successfully achieved", strength="strong",
            attrs={"field": "written"}, example="File download complete"),
        # 2.16's sector erase over USB DFU (ST's internal ticket 178135, fixed in a later release): every sector of the segment,
        # sector 0 at 0x08000000 included, is "does not exist" and nothing is erased; a file larger than the flash names
        # only sectors past the end
        Msg("erase_sector_missing", r"\bsector (?P<value>\d{1,4}) does not exist", strength="strong", fail=True, convert=(("value", int),),
            example="sector 0000 does not exist"),
        # the flash loader's erase refused, in CubeProgrammer's own words naming the cause: "Error: Mass erase operation
        # failed.Please verify flash protection" (the mass erase of the GUI and of -e all), "Error: ... erase ... Please verify
        # flash protection" (sector erase), "failed! Please" in 2.18: write protection (WRP, PCROP) or read-out protection
        # left set (ST community threads; one H747 case was the ST-Link's firmware instead)
        Msg("flash_erase_failed", r"(?i)erase\b[^\n]{0,80}?failed[.!]? ?please verify flash protection", strength="strong", fail=True,
            example="10:15:43:610 : Error: Mass erase operation failed.Please verify flash protection"),
        # (dfu-sd s7) CubeProgrammer moves a segment's start back to its write alignment before a USB DFU download; 2.14 does
        # it to a file that starts on the flash base (0x08000000 -> 0x07FFFFF8, G0B0 and F407 threads): the first write then
        # lies below the internal flash and "failed to download Segment[0]" follows; a newer release or dfu-util writes it
        Msg("segment_realigned", r"File segment @(?P<start>0x[0-9a-fA-F]+) is not \d+-bytes aligned\. It will be aligned to @(?P<address>0x[0-9a-fA-F]+)",
            strength="strong", convert=(("start", to_int), ("address", to_int)),
            example="File segment @0x08000000 is not 255-bytes aligned. It will be aligned to @0x07FFFFF8"),
        # (game-controllers-sim s14) the verbose log (GUI, CLI -vb 3) names each segment of the file it erases ("Erasing Segment
        # <0> Address <0x08000000> Size <65536>Bytes"); "Error: Operation exceeds memory limits" says the range it was asked to
        # erase or write lies past the device's memory map (then "Error: failed to erase memory"). A segment starting at the
        # flash base can only do that by being larger than the flash (FreeJoy's 64 KiB hex on an F103C6 with 32 KiB:
        # FreeJoy-Team/FreeJoy #241); a segment elsewhere (an L1's EEPROM data at 0x08080000) is another case
        Msg("segment_erase", r"Erasing Segment <\d+> Address <(?P<address>0x[0-9a-fA-F]+)> Size <(?P<size>\d+)> ?Bytes", strength="strong",
            convert=(("address", to_int), ("size", int)), example="10:37:34:965 : Erasing Segment <0> Address <0x08000000> Size <65536>Bytes"),
        Msg("memory_limits_exceeded", r"Error: Operation exceeds memory limits", strength="strong", fail=True,
            example="10:37:34:981 : Error: Operation exceeds memory limits"),
        # (intl-stm32 s7) "Error: failed to erase memory" (CubeProgrammer and the CubeIDE GDB server's erase of the sectors to
        # write): the connect worked and the loader's erase was refused; the resolved threads (L412, WB55, F469 Disco) had
        # read-out or write protection set; posts retype it in lower case
        Msg("flash_erase_failed", r"(?i:Error: fail(?:ed)? to erase memory)", strength="strong", fail=True,
            example="Error: failed to erase memory"),
        # (stm32-swd-dfu s10) the target left the session in the middle of an operation (api: "Connection to device 0x%03x is
        # lost"): over SWD the core was reset or stopped answering (a running firmware's watchdog, low-power or pin remap;
        # ST community 738398: a Black Pill F411 erased once the ROM bootloader ran instead of the firmware); over USB DFU
        # the device re-enumerated (after a reset request or a DFU bug)
        Msg("target_connection_lost", r"Connection to device (?P<device>0x[0-9a-fA-F]+) is lost", strength="strong", fail=True,
            example="Warning: Connection to device 0x431 is lost."),
        Msg("program_failed", r"Error: failed to download (?:Segment|the File)|Error: Download verification failed",
            strength="strong", fail=True, example="Error: failed to download Segment[0]"),
    ),
    group(
        # (spent-c s10) the USB DFU interface's own erase log (DfuSe commands: Set Address Pointer 0x21, Erase 0x41), printed
        # only over USB DFU (2.x verbose and GUI log): "sending a page erase request @: 0x08100000", then "erasing sector
        # 0008 @: 0x08100000 done" or "an error occured during the flash sector erase" (its spelling) and "erasing sector
        # 0008 @: 0x08100000 failed"; also "setting the address pointer to address: 0x08000000", "sending a clear status
        # request", "sending an abort request". A refused erase here is the ROM bootloader's or CubeProgrammer's DFU
        # handling (H745 bank 2: fixed by 2.2.1; ST community 255371), rarely write protection
        "STM32CubeProgrammer 2.x USB DFU interface: DfuSe erase and address log",
        Msg("dfu_erase_failed", r"(?i)an error occur+ed during the flash (?:sector|mass|page) erase", strength="strong", fail=True,
            example="11:13:41:673 : an error occured during the flash sector erase"),
        Msg("dfu_erase_failed", r"\berasing sector (?P<sector>\d{1,4}) @: ?(?P<address>0x[0-9a-fA-F]+) failed", strength="strong", fail=True,
            convert=(("sector", int), ("address", to_int)), example="11:13:41:673 : erasing sector 0008 @: 0x08100000 failed"),
        # 2.2's wording of the DFU interface's libusb failure (later "libusb control transfer error [-9] : LIBUSB_ERROR_PIPE"):
        # "libusb control transfer error: -1" after each "sending a clear status request" (ST community 315451, F405/F411)
        Msg("dfu_transfer_error", r"libusb control transfer error: ?(?P<code>-\d{1,3})\b", strength="strong", fail=True,
            convert=(("code", int),), example="libusb control transfer error: -1"),
        Msg(None, r"\berasing sector \d{1,4} @: ?0x[0-9a-fA-F]+ done|\bsending a page erase request @: ?0x|\bsetting the address pointer to address: ?0x"
            r"|\bsending (?:a clear status|an abort) request\b", strength="strong", attrs={"field": "dfu_protocol"},
            example="11:08:30:432 : sending a page erase request @: 0x08000000"),
    ),
    group(
        "STM32CubeProgrammer 2.x CLI and GUI log: opening the file to write (audit-probes s18; lines as users paste them)",
        Msg(None, r"\bOpening and parsing file: ?\S", strength="strong", example="  14:48:45 : Opening and parsing file: Bootloader_FYSETC_SPIDER.hex"),
        # (deepen-ser-usb-fw s18) the block under it names the file and where a .bin goes ("  File          : klipper.bin",
        # "  Address       : 0x08000000", from -w FILE ADDRESS or the GUI's Start address): derive.image_address_mismatch
        # compares that address with the one Klipper's .config links the image for (FW001)
        Msg(None, _FIELD + r"File\s+:\s*(?P<image>\S[^:]{0,200}?\.(?:bin|hex|elf|srec|s19))\s*$", attrs={"field": "image"},
            example="  File          : klipper.bin"),
        Msg(None, _FIELD + r"Address\s+:\s*(?P<address>0x[0-9a-fA-F]{7,8})\s*$", attrs={"field": "address"},
            example="  Address       : 0x08000000"),
        # its Intel HEX reader refused the file before anything was erased ("Error: Parsing fail", then "Error: In line 38 :" and
        # what it expected, "parsing count, expecting hex digit, found ' '"): a hex saved from a web page (GitHub's HTML view
        # of the file), truncated or edited (FYSETC-SPIDER#102, FYSETC-S6#24: the zip's copy flashed)
        Msg("image_unreadable", r"(?:^|:\s)Error: Parsing fail\b|(?:^|:\s)Error: parsing \w+(?: \w+)?, expecting hex digit, found ",
            strength="strong", fail=True, example="  14:48:45 : Error: Parsing fail"),
        Msg(None, r"(?:^|:\s)Error: In line \d+ :?\s*$", strength="strong", example="  14:48:45 : Error: In line 38 :"),
    ),
    group(
        "STM32CubeProgrammer: any other error line (its own words are the evidence)",
        Msg("tool_error", r"(?:^|:\s)Error: ?(?P<text>\S.*)$", strength="weak", fail=True, example="Error: Data mismatch found at address 0x08000004 (byte = 0x31 instead of 0x5D)"),
    ),
)


@register
class Stm32CubeProgParser(TableParser):
    name = "stm32cubeprogrammer"
    stamped = True  # its own time stamps (parsers/__init__.py _undecorate_batch)
    namespace = "stlink"
    messages = MESSAGES
    hints = ("dfusecommand", "running program", "application is running", "file download complete", "start operation achieved", "mass erase successfully", "total number of serial ports", "stm32cube", "interface", "stm32_programmer", "st-link", "stlink", "voltage", "device", "flash size", "connect", "board", "swd", "reset",
             "bl version", "revision", "error", "download", "probe", "target", "protection", "rdp", "read memory", "low frequency", "mode",
             "usb speed", "manuf. id", "product id", "no dfu", "parsing", "erasing sector", "erase request", "flash sector erase", "address pointer", "status request", "abort request", "libusb control transfer", "does not exist", "dfu mode", "erasing segment", "bigger than the flash", "not responding", "verify st device", "genuine st device", "device mismatch", "debug unit is different", "data read", "cpu status", "file segment", "cerrlog", "rddi-dap", "swd/jtag", "dll has been", "rom table", "mass erase",
             # (deepen-stm32 s19) ST-LINK Utility's option-bytes popup, pasted alone ("Could not set Option bytes!")
             "could not set option bytes",
             # (swd s24) the start step after a download with the core held in reset ("The core is kept under Reset!" has "reset")
             "failed to run application",
             # (swd s21) ST-LINK Utility's sector-protection refusal, pasted alone
             "sectors are read protected",
             # (wrappers audit s11) stm32duino Arduino_Tools stm32CubeProg.sh
             "long options not supported", "selected interface", "does not exist!", "mandatory arguments", "missing interface",
             "missing file argmument", "protocol unknown", "not enough arguments", "waiting high or low", "parity value",
             # (ide-debuggers s14) MCUXpresso / LinkServer
             "could not connect to core", "power to dap bus", "failed on connect", "wire ack fault", "bad ack returned", "wire not connected",
             "chip's debug port", "target connection failed", "target operation failed", "part is secured", "part is not secured", "finished writing flash", "mass erase required",
             # (ide-debuggers s14) Keil's Build Output
             "internal fault", "target not created", "did not halt")
    event_kinds = ("target_held_reset", "stlink_error", "dfu_device", "connect_under_reset_advice", "readout_protected", "probe_firmware_note")

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.fields: dict[str, Any] = {}
        self.utility = False
        self.cube = False
        self.listing_span: tuple[int, int] | None = None  # first and last line of a `-l` listing's section headers
        self.attempt_hot = False  # the current connect attempt is in Hot Plug mode
        self.hot_answered = False  # a Hot Plug attempt identified the device
        self.reset_failed = False  # an attempt in another mode (Normal, Under Reset) failed to connect

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        s = self.fields
        g = m.groupdict()
        # (trim s22) not the low-power note: CubeProgrammer's GUI log prints it in the Utility's "HH:MM:SS : " form too, and a
        # log cut below its "ST-LINK SN" header was taken for the Utility's (a CubeProgrammer rule then never matched)
        if "Utility" in row.src and "GDB" not in line and "Debug in Low Power mode" not in line:
            self.utility = True
        if ev is None:
            field = dict(row.attrs).get("field")  # type: ignore[arg-type]
            if g.get("version"):
                self.cube = True
                s.setdefault("version", g["version"])
            elif field in ("serial", "programmer", "part"):
                self.cube = True
                s.setdefault(field, g[field].strip())
                if field == "serial":
                    self.attempt_hot = False  # "ST-LINK SN" opens each connect attempt; its mode line may follow or not
            elif field == "image":  # (deepen-ser-usb-fw s18) the file a download wrote, and the address it went to
                s.setdefault("extra", {})["image"] = g["image"].strip()
            elif field == "address":
                s.setdefault("address", int(g["address"], 16))
            elif field == "flash":
                scale = {"K": 1024, "M": 1024 * 1024}.get(g.get("unit") or "", 1)
                s["flash_size"] = int(g["size"]) * scale
            elif field in ("mode", "utility_mode") and "reset" in g["mode"].lower():
                s["connect_under_reset"] = True
            elif field in ("mode", "utility_mode") and "hot" in g["mode"].lower():
                # (st-community s9) "Connect mode: Hot Plug" (CLI/GUI), "Connection mode : HotPlug." (Utility): the probe
                # attaches to the running core without resetting it
                s["hot_plug"] = True
                self.attempt_hot = True
            if field in ("mode", "utility_mode") and "hot" not in g["mode"].lower():
                self.attempt_hot = False
            elif field == "listing":
                s["listing"] = True
                self.listing_span = (self.listing_span[0] if self.listing_span else lineno, lineno)
            elif field == "probe_listed":
                s["probes_listed"] = int(s.get("probes_listed") or 0) + 1
                self.listing_span = (self.listing_span[0] if self.listing_span else lineno, lineno)
            elif field == "utility_programmer":
                s.setdefault("programmer", g["programmer"])
            elif field == "under_reset":
                s["connect_under_reset"] = True
            elif field == "written":
                s["written"] = True
            elif field == "started":
                s["started"] = True
            elif field == "dfu_protocol":
                s["dfu"] = True
            elif field == "kinetis_unsecured":
                for e in self.events:
                    if e["kind"] == "readout_protected" and e.get("via") == "linkserver":
                        overcome_event(e, "kinetis_unsecured", retried=True)
            elif field == "cli_invoked":
                s["_cli_invoked"] = lineno
            elif field == "dfu_manufacturer":
                s["dfu_manufacturer"] = g["manufacturer"][:80]
            elif field == "dfu_product":
                product = g["product"][:80]
                maker = str(s.get("dfu_manufacturer", ""))
                st_rom = "STMicro" in maker or re.search(r"(?i)BOOTLOADER|DFU in (?:FS|HS) Mode", product)
                self.event("dfu_device", lineno, line, product=product, manufacturer=maker, foreign=not st_rom)
            return
        ev.pop("field", None)
        kind = ev["kind"]
        if kind == "wrapper_dfu_failed" and s.get("_cli_invoked") and not self.cube and not any(
                e["lineno"] > s["_cli_invoked"] for e in self.events if e is not ev):
            ev["state"] = "cli_silent"  # the CLI it ran printed nothing: it did not start
        if kind == "stlink_error":
            if any(e["kind"] == "dfu_device" for e in self.events):
                # a USB DFU session (no ST-Link involved): CubeProgrammer closes a failed DFU connection with the same
                # "ST-LINK error (DEV_CONNECT_ERR)" line; it says nothing about SWD or a target behind a probe
                ev["dfu"] = True
            else:
                ev["kind"] = _DEV_ERRORS.get(str(ev.get("code")), "stlink_error")
        elif kind == "target_voltage" and ev.get("voltage") is not None:
            s["voltage"] = ev["voltage"]
        elif kind == "chip_id" and isinstance(ev.get("value"), int):
            s.setdefault("chipid", f"0x{ev['value']:04x}")
            if self.attempt_hot:
                self.hot_answered = True
        elif kind == "chip_id_unknown" and isinstance(ev.get("value"), int):
            # "unknown or unsupported device (DevID = ...)": 0 is nothing read, an STM32-range id one the database lacks
            if ev["value"] == 0:
                ev["kind"] = "chip_id"
                s.setdefault("chipid", "0x0000")
            else:
                ev["plausible"] = plausible_device_id(ev["value"])
        if ev.get("fail") and ev["kind"] in ("target_connect_failed", "target_held_reset") and not self.attempt_hot:
            self.reset_failed = True
        if self.hot_answered and self.reset_failed:
            # (st-community s9) in one log, a connect that resets the target failed and a Hot Plug connect identified it
            s["hot_plug_only"] = True
        elif kind == "stlink_not_found":
            s.setdefault("found", 0)
        elif kind == "write_verified":
            s["verified"] = True
            s["written"] = True
        elif kind == "tool_error":
            ev["text"] = (g.get("text") or "")[:200]
        elif kind == "rdp_level":
            rdp = (g.get("rdp") or "").upper()
            ev["rdp"] = f"0x{rdp}"
            if rdp != "AA":  # level 1 (any value but AA/CC) or 2 (CC): the flash is read-out protected
                ev["kind"] = "readout_protected"
                ev["level"] = 2 if rdp == "CC" else 1
                ev["fail"] = True
        if kind == "target_connect_failed" and re.search(r"Connect Under Reset\"? mode|If you're trying to connect to", line):
            self.event("connect_under_reset_advice", lineno, line)  # the Utility's popup pasted on one line

    def benign_now(self, line: str) -> bool:
        """(swd review s24) Whether a failure-looking line is harmless at this point of the run (the splitter asks before
        feeding it): the start step's "Warning: failed to run application!" / "The core is kept under Reset!" only after
        "Download verified successfully" in this run; otherwise as the table and the parser's patterns say."""
        text = line.strip()
        if re.search(_START_HELD, text) and not self.fields.get("verified"):
            return False
        return self.table.benign(text) or any(re.search(p, line) for p in self.benign)

    def feed(self, lineno: int, line: str) -> None:
        if len(line) > 60 and len(_GUI_STAMPS.findall(line, 0, 20000)) > 1:
            # the GUI log flattened onto one line (a reddit or forum post that lost its line breaks: "21:25:24 : Erasing
            # internal memory sectors [0 11] 21:25:24 : sector 0000 does not exist 21:25:24 : ..."): each stamped
            # message is read as the line it was
            for piece in _GUI_STAMP_SPLIT.split(line[:20000]):
                if piece.strip():
                    self._feed_line(lineno, piece)
            return
        self._feed_line(lineno, line)

    def _feed_line(self, lineno: int, line: str) -> None:
        text = line.strip()
        if text and READOUT[:14] in text and truncated(text, READOUT, 14) and "Disable Read Out Prot" not in text:
            self.utility = True  # the Utility's message cut short in a paste
            self.event("readout_protected", lineno, line, fail=True)
            return
        super().feed(lineno, line)

    def overcome(self) -> None:
        """Failures before the last identification of the device (its Device ID read again after them) in a run
        that went on to write, verify or start the program were overcome: the CLI retried by itself (under reset, at
        a lower clock) and the download completed. They are marked `retried` (GEN001 and the entries skip them)."""
        s = self.fields
        if not (s.get("written") or s.get("verified") or s.get("started")):
            return
        ids = [e["lineno"] for e in self.events if e["kind"] == "chip_id"]
        if not ids:
            return
        last_id = max(ids)
        for e in self.events:
            if e.get("fail") and e["lineno"] < last_id and e["kind"] not in ("readout_protected", "program_failed"):
                e["retried"] = True

    def summary(self) -> dict[str, Any]:
        self.overcome()
        if self.fields.get("listing") and self.fields.get("probes_listed"):
            # a whole `-l` listing that found the user's ST-Link: the empty DFU and J-Link sections are no failure, nor a
            # DEV_CONNECT_ERR in it (the listing opens each probe and never attaches to a target: one entry it could not
            # open, e.g. in use by another program, beside the probe listed with its firmware)
            first, last = self.listing_span or (0, 0)
            for e in self.events:
                if not first <= int(e.get("lineno") or 0) <= last:
                    continue  # a connect or download in the same run, before or after the listing
                if e.get("code") == "DEV_CONNECT_ERR":
                    e["kind"] = "listed_probe_unopened"
                if e["kind"] in ("dfu_not_found", "interface_empty", "listed_probe_unopened"):
                    e["fail"] = False
                    e["benign"] = True
        s = dict(self.fields)
        s.pop("listing", None)
        s.pop("probes_listed", None)
        s.pop("started", None)
        s.pop("dfu_manufacturer", None)
        s.pop("_cli_invoked", None)
        went_on = bool(self.fields.get("written") or self.fields.get("started") or self.fields.get("verified") or s.get("chipid"))
        for e in self.events:
            if e["kind"] == "probe_firmware_old" and went_on and str(e.get("line") or "").lstrip(" *_>").lower().startswith("warning"):
                # (healthy2 s9) CubeProgrammer only warns of an older ST-LINK firmware it still accepts ("Warning: Old ST-LINK
                # firmware version. Upgrade ST-LINK firmware") and goes on to read the device: no refusal, a note
                e["kind"] = "probe_firmware_note"
                e["fail"] = False
                e["benign"] = True
        kinds = {e["kind"] for e in self.events}
        failed = any(e.get("fail") and not e.get("retried") for e in self.events)
        if "write_verified" in kinds:
            s["success"] = True
        elif failed:
            s["success"] = False
        elif self.fields.get("written") or self.fields.get("started") or s.get("chipid"):
            s["success"] = True
        return s

    def finish(self) -> dict[str, Any]:
        run = self.run(**self.summary())
        run["tool"] = "st-link-utility" if self.utility and not self.cube else "stm32cubeprogrammer"
        return {self.namespace: {"runs": [run]}}
