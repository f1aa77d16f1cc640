"""What Windows says about a USB device, as people copy it from Device Manager, the "USB device not
recognized" notification or the device's Properties > General > Device status box (Windows 7-11).

- `Unknown USB Device (Device Descriptor Request Failed)`, `A request for the USB device descriptor failed.`, and the
  same Device Manager name in other Windows languages (`未知 USB 设备(设备描述符请求失败)`, `Unbekanntes USB-Gerät (...)`),
  `Unknown USB Device (Invalid Configuration Descriptor)` -> usb_descriptor_error (Linux: `device descriptor
  read/64, error -71`)
- `Unknown USB Device (Set Address Failed)` -> usb_address_error; `Unknown USB Device (Port Reset Failed)`
  -> usb_port_reset_failed
- (intl-kbd-rp s7) the same names in Japanese, Korean and Traditional Chinese (`不明な USB デバイス(デバイス記述子要求の失敗)`,
  `알 수 없는 USB 장치(장치 설명자 요청 실패)`, `未知的 USB 裝置 (裝置描述元要求失敗)`), the Code 43 sentence by its noun phrase in
  other languages (`descripteur de périphérique USB`, `USB デバイス記述子`) -> usb_descriptor_error; `USBデバイスが認識されません`
  -> usb_not_recognized
- `Windows has stopped this device because it has reported problems. (Code 43)` -> usb_device_stopped
- `USB device not recognized` / `The last USB device you connected to this computer malfunctioned` ->
  usb_not_recognized
- `Power surge on the USB port` / `USB port ... exceeded its power limits` -> usb_over_current
- `This device cannot start. (Code 10)` -> device_cannot_start; `The drivers for this device are not
  installed. (Code 28)` -> driver_not_installed; `Windows cannot load the drivers ... (Code 31)` / `(Code 39)`
  -> driver_load_failed; `This device is currently not connected to the computer. (Code 45)` -> device_gone
Events go to a run under `windows.runs`.
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of


# (dfu-avr s24 review) a sentence that names a Windows device problem: not asked ("?" or a question word opening it), not a
# condition or advice, not negated just before the name, not "anymore"/"unrelated", not another device's problem
_PROSE_GUARDS = (r"(?![^\n]{0,400}?\?)(?!\s*(?:is|was|are|were|could|should|would|does|did|do|can|might|maybe|why|how|what)\b)"
                 r"(?![^\n]{0,400}?(?:\b(?:if|unless|whenever|in case|make sure|ensure|should|try|means?|for example)\b|\be\.g\.))"
                 r"(?![^\n]{0,400}?(?:\bnot|n't|\bnever|\bno longer)\s+(?:\w+\s+){0,3}?(?:CM_PROB|Problem ?Code))"
                 r"(?![^\n]{0,400}?\b(?:any ?more|unrelated|GPU|graphics|display adapter|nvidia|geforce|radeon|bluetooth|audio|wi-?fi"
                 r"|network adapter|ethernet|webcam|camera|printer)\b)")

MESSAGES = rows_of(
    group(
        "Windows 8-11 Device Manager: names given to a device whose enumeration failed (usbhub3 / usbport)",
        Msg("usb_descriptor_error", r"(?i)Unknown USB Device \((?:Device Descriptor Request Failed|Invalid Configuration Descriptor|Configuration Descriptor Request Failed|Invalid BOS Descriptor)\)",
            strength="strong", fail=True, example='In Device Manager it is labelled as "Unknown USB Device (Device Descriptor Request Failed)".'),
        Msg("usb_address_error", r"(?i)Unknown USB Device \(Set Address Failed\)", strength="strong", fail=True,
            example="Unknown USB Device (Set Address Failed)"),
        Msg("usb_port_reset_failed", r"(?i)Unknown USB Device \(Port Reset Failed\)", strength="strong", fail=True,
            example="Unknown USB Device (Port Reset Failed)"),
        # (audit-host-usb s18) usbhub3's name for a port whose SuperSpeed link failed training (a USB 3 cable or socket that
        # does not hold the link); the enumeration failure of the others' family
        Msg("usb_port_reset_failed", r"(?i)Unknown USB Device \(Link (?:in Compliance Mode|In SSInactive)\)", strength="strong", fail=True,
            example="Unknown USB Device (Link in Compliance Mode)"),
        # the rest of usbhub3's names and hardware ids for a failed enumeration (USB\UNKNOWN is VID_0000&PID_0000,
        # USB\RESET_FAILURE PID_0001 ... USB\PORT_LINK_COMPLIANCE_MODE PID_0008), as Device Manager's Details tab shows them
        Msg("usb_descriptor_error", r"(?i)Unknown USB Device \(Device Failed Enumeration\)|\bUSB\\(?:CONFIG_DESCRIPTOR_FAILURE|UNKNOWN)\b",
            strength="strong", fail=True, example="Unknown USB Device (Device Failed Enumeration)"),
        Msg("usb_port_reset_failed", r"\bUSB\\(?:RESET_FAILURE|PORT_LINK_SSINACTIVE|PORT_LINK_COMPLIANCE_MODE)\b", strength="strong", fail=True,
            example="Hardware Ids: USB\\RESET_FAILURE"),
        Msg("usb_address_error", r"\bUSB\\SET_ADDRESS_FAILURE\b", strength="strong", fail=True,
            example="Hardware Ids: USB\\SET_ADDRESS_FAILURE"),
        Msg("usb_descriptor_error", r"(?i)(?:未知 ?USB ?(?:设备|裝置|装置)|Unbekanntes USB-Gerät|Périphérique USB inconnu|Dispositivo USB desconocido|Dispositivo USB sconosciuto|Dispositivo USB desconhecido|Onbekend USB-apparaat|Nieznane urządzenie USB|Неизвестное USB-устройство)\s*[(（](?:[^)）]{0,80}?)(?:描述符|Beschreibung|Deskriptor|descripteur|descriptor|descrittore|descritor|beschrijving|deskryptora|дескриптор)",
            strength="strong", fail=True, example="刷好固件之后显示未知 USB 设备(设备描述符请求失败) win10&win11都有这样的问题"),
        # (host s23) the status in the parentheses of that Device Manager name, quoted without the name before it, in the
        # Windows display languages (the same string table: en "Device Descriptor Request Failed", de "Fehler beim Anfordern
        # einer Gerätebeschreibung", fr "Échec de la demande de descripteur de périphérique", es "Error de solicitud de
        # descriptor de dispositivo", it "Richiesta descrittore dispositivo non riuscita", pt "Falha na Solicitação de
        # Descritor de Dispositivo", ru "Сбой запроса дескриптора устройства", zh-CN 设备描述符请求失败, zh-TW 裝置描述元要求失敗,
        # ja デバイス記述子要求の失敗, ko 장치 설명자 요청 실패): hobbyelektroniker.ch thread 305, a Heltec board whose CP2102 failed
        # (review s23) the English form is the row "Device Descriptor Request Failed" below; pt "do Descritor do Dispositivo" as
        # well as "de"; pl "Żądanie deskryptora urządzenia nie powiodło się", nl "Aanvraag voor apparaatdescriptor mislukt" (the
        # languages of the name row above)
        Msg("usb_descriptor_error", r"(?i)\bFehler beim Anfordern einer Ger(?:ä|ae)tebeschreibung"
            r"|(?:É|E)chec de la demande de descripteur de p(?:é|e)riph(?:é|e)rique|\bError de solicitud de descriptor de dispositivo"
            r"|\bRichiesta (?:del )?descrittore (?:del )?dispositivo non riuscita|\bFalha na solicita(?:ç|c)(?:ã|a)o d[oe] descritor d[oe] dispositivo"
            r"|(?:Ż|Z)(?:ą|a)danie deskryptora urz(?:ą|a)dzenia nie powiod(?:ł|l)o si(?:ę|e)"
            r"|\b(?:Aanvraag|Verzoek|Aanvragen) (?:voor|van) (?:de )?apparaat(?:descriptor|beschrijving) (?:is )?mislukt"
            r"|Сбой запроса дескриптора устройства|设备描述符请求失败|裝置描述元要求失敗|デバイス記述子要求の失敗|장치 설명자 요청 실패",
            strength="strong", fail=True,
            example='wenn Windows "Fehler beim Anfordern einer Gerätebeschreibung." meldet'),
        # (windows-macos s9) the BOS descriptor is asked for only when the device announces USB 2.01+ (bcdUSB >= 0x0201) and
        # is read after the device descriptor came through: its failure is the firmware's descriptors (bcdUSB 2.1 with no or a
        # malformed BOS / MS OS 2.0 / WebUSB platform descriptor), not the cable (rp2040-i2c-interface #10)
        Msg("usb_bos_descriptor_error", r"(?i)\bA request for the USB BOS descriptor failed|\bThe USB device returned an invalid USB BOS descriptor",
            strength="strong", fail=True, example="A request for the USB BOS descriptor failed."),
        Msg("usb_descriptor_error", r"(?i)\bA request for the USB (?:device|configuration) descriptor failed", strength="strong",
            fail=True, example="A request for the USB device descriptor failed."),
        Msg("usb_descriptor_error", r"(?i)\bThe USB device returned an invalid USB configuration descriptor", strength="strong",
            fail=True, example="The USB device returned an invalid USB configuration descriptor."),
    ),
    group(
        "Windows 7-11 device status (Properties > General) and notifications",
        Msg("usb_device_stopped", r"(?i)Windows has stopped this device because it has reported problems\.? \(Code 43\)",
            strength="strong", fail=True, example="Windows has stopped this device because it has reported problems. (Code 43)"),
        Msg("usb_not_recognized", r"(?i)\bUSB device not recognized\b|\bThe last USB device you connected to this computer malfunctioned"
            r"|\bOne of the USB devices attached to this computer has malfunctioned", strength="strong", fail=True,
            example="USB device not recognized"),
        Msg("usb_over_current", r"(?i)\bPower surge on (?:the )?(?:USB|hub) port|\bUSB port .{0,40}exceeded its power limits",
            strength="strong", fail=True, example="Power surge on the USB port"),
        Msg("device_cannot_start", r"(?i)\bThis device cannot start\.? \(Code 10\)", strength="strong", fail=True,
            example="This device cannot start. (Code 10)"),
        Msg("driver_not_installed", r"(?i)\bThe drivers for this device are not installed\.? \(Code 28\)", strength="strong", fail=True,
            example="The drivers for this device are not installed. (Code 28)"),
        # (rp2040-pico s9) the same status told in a post: "the Pi board shows up in Device Manager without a driver" (Windows 7,
        # forum.arduino.cc t/1028996, fixed with Zadig's libusb driver)
        Msg("driver_not_installed", r"(?i)\b(?:shows?|showed|shown|appears?|appeared|is listed|listed)\s+(?:up\s+)?in\s+(?:the\s+)?device manager\s+(?:as\s+\S+\s+)?without\s+(?:a|any)\s+driver",
            strength="strong", fail=True,
            example="As soon as the first sketch is uploaded, the Pi board shows up in Device Manager without a driver."),
        Msg("driver_load_failed", r"(?i)\bWindows cannot (?:load|initialize) the (?:device )?drivers? .{0,80}\(Code (?:31|39|37)\)",
            strength="strong", fail=True,
            example="This device is not working properly because Windows cannot load the drivers required for this device. (Code 31)"),
        # the same device status and notification in other Windows languages: Device Manager's "(Code NN)" keeps its number
        Msg("usb_device_stopped", r"[(（](?:Código|Codice|Kod|Код|Κωδικός|コード|代码|代碼|코드)\s*:?\s*43[)）]|(?i:\(Code 43\))", strength="strong",
            fail=True, example="Das Gerät wurde von Windows angehalten, da es Probleme gemeldet hat. (Code 43)"),
        Msg("usb_not_recognized", r"(?i)\bUSB-Gerät (?:wurde )?nicht erkannt|Périphérique USB non reconnu|Dispositivo USB no reconocido"
            r"|Dispositivo USB non riconosciuto|Dispositivo USB não reconhecido|USB-устройство не опознано|无法识别的\s?USB\s?设备|無法辨識的\s?USB\s?裝置",
            strength="strong", fail=True, example="USB-Gerät nicht erkannt"),
        Msg("device_gone", r"(?i)\bThis device is currently not connected to the computer\.? \(Code 45\)", strength="weak",
            example="This device is currently not connected to the computer. (Code 45)"),
        Msg("device_gone", r"(?i)\bCurrently, this hardware device is not connected to the computer\.? \(Code 45\)", strength="weak",
            example="Currently, this hardware device is not connected to the computer. (Code 45)"),
    ),
    # ---- usb-cables (session 6) ----
    group(
        "Windows 8-11 usbhub3/usbport: the hardware ids and event-log names Windows gives a device whose enumeration "
        "failed, the older Device Manager name, and the device-status sentence in other languages (usb-cables s6)",
        # Device Manager > Details > Hardware Ids of the failed device (the Matching Device Id in the event log)
        Msg("usb_descriptor_error", r"(?i)\bUSB\\(?:DEVICE_DESCRIPTOR_FAILURE|DEVICE_DESCRIPTOR_VALIDATION_FAILURE|CONFIGURATION_DESCRIPTOR_VALIDATION_FAILURE|BOS_DESCRIPTOR_FAILURE)\b",
            strength="strong", fail=True, example='- Hardware ID on the control boards reads "USB\\DEVICE_DESCRIPTOR_FAILURE"'),
        # the placeholder ids usbhub3 gives such a device: VID_0000 with PID_0001..000F by failure kind
        Msg("usb_descriptor_error", r"(?i)\bVID_0000&PID_000[1-9A-F]\b", strength="strong", fail=True,
            example="Device USB\\VID_0000&PID_0006\\5&2d531919&0&1 was configured."),
        Msg("usb_descriptor_error", r"(?i)Unknown USB Device \(Invalid Device Descriptor\)", strength="strong", fail=True,
            example="it says \"USB not recognized\" and it shows as Unknown USB Device (Invalid Device Descriptor)."),
        # the Device Manager name as people retype it: "Unknown USB (Device Descriptor Request Failed)", "Unknown USB Device
        # (Device descriptor failed)", a title cut before its closing parenthesis
        Msg("usb_descriptor_error", r"(?i)\bUnknown USB(?: Device)? \([^)]{0,40}?Descriptor[^)]{0,40}(?:\)|$)", strength="strong", fail=True,
            example='Author Topic: PCB "Unknown USB (Device Descriptor Request Failed)" Issue  (Read 11183 times)'),
        # (usb-drivers s10) retyped with the typos people make: "Unknow USB device (A request forthe USB device descriptor
        # failed) - Code 43" (trinamic TMCL-IDE-Nightly #24: a damaged cable)
        Msg("usb_descriptor_error", r"(?i)\bUnknow USB(?: Device)? \([^)]{0,60}?descriptor[^)]{0,40}(?:\)|$)|\bA request for ?the USB device descriptor failed",
            strength="strong", fail=True,
            example="Unknow USB device (A request forthe USB device descriptor failed) - Code 43"),
        # the same name quoted without "Unknown USB Device" ("I got this message: Device Descriptor Request Failed")
        Msg("usb_descriptor_error", r"(?i)\bDevice Descriptor Request Failed\b", strength="strong", fail=True,
            example='STM32F103C8T6 Bluepill giving Windows "Device Descriptor Request Failed"'),
        # USBView (Windows SDK): the port's connection status when the device did not enumerate
        Msg("usb_descriptor_error", r"\bConnectionStatus:\s+(?:Device)?FailedEnumeration\b", strength="strong", fail=True,
            example="ConnectionStatus: FailedEnumeration"),
        Msg("usb_address_error", r"(?i)\bThe USB set address request failed", strength="strong", fail=True,
            example="The USB set address request failed."),
        # "A request for the USB device descriptor failed." in German and Russian Windows
        Msg("usb_descriptor_error", r"(?i)Fehler bei einer Anforderung des USB-Gerätedeskriptors|Сбой запроса дескриптора USB-устройства",
            strength="strong", fail=True,
            example="Fehler bei einer Anforderung des USB-Gerätedeskriptors"),
    ),
    # ---- intl-kbd-rp (session 7, second wave) ----
    group(
        "Windows 7-11 Device Manager in East-Asian languages (usbhub3/usbport device names and device status): the "
        "Japanese and Korean names of a device whose enumeration failed, the Traditional Chinese one (描述元, 未知的), "
        "and the Code 43 sentence 'A request for the USB device descriptor failed.' by its noun phrase in other "
        "Windows languages; 'USB device not recognized' in Japanese and Korean (intl-kbd-rp s7)",
        # 不明な USB デバイス (デバイス記述子要求の失敗) / (構成記述子の要求の失敗) ...
        Msg("usb_descriptor_error", r"不明な\s?USB\s?デバイス\s*[(（][^)）]{0,40}?記述子", strength="strong", fail=True,
            example="不明な USB デバイス(デバイス記述子要求の失敗)"),
        # 알 수 없는 USB 장치(장치 설명자 요청 실패)
        Msg("usb_descriptor_error", r"알 수 없는\s?USB\s?장치\s*[(（][^)）]{0,40}?설명자", strength="strong", fail=True,
            example="알 수 없는 USB 장치(장치 설명자 요청 실패)"),
        # 未知的 USB 裝置 (裝置描述元要求失敗) (Traditional Chinese names the descriptor 描述元)
        Msg("usb_descriptor_error", r"未知的?\s?USB\s?(?:裝置|设备|装置)\s*[(（][^)）]{0,40}?描述(?:元|符)", strength="strong", fail=True,
            example="裝置管理員顯示 未知的 USB 裝置 (裝置描述元要求失敗)"),
        # the Code 43 status sentence, by the noun phrase that names the device descriptor in each language
        Msg("usb_descriptor_error", r"(?i)USB\s?デバイス記述子|USB\s?(?:设备|裝置)描述(?:符|元)的?(?:请求|要求)|USB\s?장치 설명자"
            r"|descripteur de périphérique USB|descriptor de dispositivo USB|descrittore (?:del )?dispositivo USB"
            r"|descritor de dispositivo USB|deskryptora urządzenia USB", strength="strong", fail=True,
            example="Échec d'une demande de descripteur de périphérique USB."),
        Msg("usb_not_recognized", r"USB\s?デバイスが認識されません|USB\s?장치를 인식할 수 없|USB\s?장치(?:가|를)? 인식되지 않",
            strength="strong", fail=True, example="USBデバイスが認識されません"),
        # Device status "The drivers for this device are not installed. (Code 28)" in any Windows language: the code number
        # stays (German "Die Treiber für dieses Gerät wurden nicht installiert. (Code 28)", Japanese "(コード 28)")
        Msg("driver_not_installed", r"[(（](?:Código|Codice|Kod|Код|コード|代码|代碼|코드)\s*:?\s*28[)）]|(?i:\(Code 28\))", strength="strong",
            fail=True, example="Die Treiber für dieses Gerät wurden nicht installiert. (Code 28)"),
        # the notification's second sentence ("One of the USB devices attached to this computer has malfunctioned ...")
        Msg("usb_not_recognized", r"USB\s?デバイス(?:の\s?1\s?つ)?が正しく機能していない", strength="strong", fail=True,
            example="このコンピュータに接続されているUSBデバイスの1つが正しく機能していないことが、Windowsによって認識されていません。"),
    ),
    group(
        # (audit-host-usb s18) Prolific's Windows driver (3.4.x and later, as Windows Update installs it) names the COM port of
        # an end-of-life or counterfeit PL2303 after the refusal and does not start it (Code 10): the adapter works only with an
        # older Prolific driver (3.3.2.x) or not at all. No catalogue id names a USB-serial driver refusing its chip
        "Prolific PL2303 Windows driver 3.4-3.9 (ser2pl.sys): the Device Manager name of a refused chip",
        Msg("usb_serial_chip_refused", r"\bPL2303\w{0,4} PHASED OUT SINCE 20\d\d\b|\bTHIS IS NOT PROLIFIC PL2303\b"
            r"|\bPL2303\w{0,4} DO NOT SUPPORT WINDOWS 1\d OR LATER\b", strength="strong", fail=True,
            example="PL2303HXA PHASED OUT SINCE 2012. PLEASE CONTACT YOUR SUPPLIER."),
    ),
    group(
        # (audit-host-usb s18) the same device status in setupapi.dev.log ("Device has problem: 0x0a (CM_PROB_FAILED_START)",
        # the CM_PROB code in hex is Device Manager's Code) and the Kernel-PnP event 411 ("Device USB\VID_...\... had a problem
        # starting." with "Problem: 0xA" under it): Code 10 / 28 / 31 / 39 / 43 as the logs word them
        "Windows 7-11 setupapi.dev.log (dvi: Device not started) and Event Viewer Kernel-PnP 411",
        Msg("device_cannot_start", r"\bDevice has problem: 0x0a \(CM_PROB_FAILED_START\)", strength="strong", fail=True,
            example="!!!  dvi:                     Device not started: Device has problem: 0x0a (CM_PROB_FAILED_START), problem status: 0xc0000001."),
        Msg("driver_not_installed", r"\bDevice has problem: 0x1c \(CM_PROB_FAILED_INSTALL\)", strength="strong", fail=True,
            example="!!!  dvi:                     Device not started: Device has problem: 0x1c (CM_PROB_FAILED_INSTALL), problem status: 0x00000000."),
        Msg("driver_load_failed", r"\bDevice has problem: 0x(?:1f|27|25) \(CM_PROB_(?:FAILED_ADD|DRIVER_FAILED_LOAD|FAILED_DRIVER_ENTRY)\)",
            strength="strong", fail=True,
            example="!     Device 'USB\\VID_1A86&PID_7523\\5&1C5E3C3A&0&2' not started: Device has problem: 0x1f (CM_PROB_FAILED_ADD), problem status: 0xc0000022."),
        Msg("usb_device_stopped", r"\bDevice has problem: 0x2b \(CM_PROB_FAILED_POST_START\)", strength="strong", fail=True,
            example="Device has problem: 0x2b (CM_PROB_FAILED_POST_START), problem status: 0xc0000001."),
        Msg("device_cannot_start", r"(?i)\bDevice USB\\VID_[0-9A-F]{4}&PID_[0-9A-F]{4}\S* had a problem starting\b", strength="strong", fail=True,
            example="Device USB\\VID_1A86&PID_7523\\5&1c5e3c3a&0&2 had a problem starting."),
    ),
    group(
        # (dfu-avr s24) the same device status by the problem's cfgmgr32 name or number, as the other Windows tools print it:
        # `pnputil /enum-devices /problem` (Windows 10 2004+: "Problem Code:  28 (0x1C) [CM_PROB_FAILED_INSTALL]"),
        # PowerShell `Get-PnpDevice | Format-List` ("Problem : CM_PROB_FAILED_INSTALL") and `Get-PnpDeviceProperty
        # DEVPKEY_Device_ProblemCode` (Data 28), WMI Win32_PnPEntity ("ConfigManagerErrorCode : 28"), and posts that retell it
        # ("sat at ProblemCode 28 (CM_PROB_FAILED_INSTALL) with no driver": OffbandMesh/meshcore-firmware#966, a tinySA's
        # 0483:df11 until Zadig bound WinUSB). Microsoft's Device Manager error list: Code 10 CM_PROB_FAILED_START, 28
        # CM_PROB_FAILED_INSTALL, 31 CM_PROB_FAILED_ADD, 37 CM_PROB_FAILED_DRIVER_ENTRY, 39 CM_PROB_DRIVER_FAILED_LOAD, 43
        # CM_PROB_FAILED_POST_START, 45 CM_PROB_PHANTOM
        "Windows 10/11 pnputil, Get-PnpDevice, WMI: the device's problem by its CM_PROB name or Problem Code",
        # (dfu-avr s24 review) three shapes: the tools' field layout (a line opening with the field's name, or the
        # Get-PnpDeviceProperty table line), read as printed; a post's sentence, read only with the CM_PROB name or the number
        # with its hex form, and not asked, advised or conditional ("If you see CM_PROB_...", "Does ... show"), not negated
        # ("it is not CM_PROB_... anymore") and not about another device (a GPU's Code 43 is not the board's). pnputil
        # /enum-devices /problem and Get-PnpDevice list every problem device: the parser drops a problem of a record whose
        # instance id is not USB\ (finish)
        *(row
          for kind, num, hexv, names, ex, said in (
              ("driver_not_installed", "28", "1C", "FAILED_INSTALL", "Problem Code:               28 (0x1C) [CM_PROB_FAILED_INSTALL]",
               "Before that the device sat at **ProblemCode 28 (CM_PROB_FAILED_INSTALL)** with no driver and dfu-util could not see it at all."),
              ("device_cannot_start", "10", "A", "FAILED_START", "Problem                     : CM_PROB_FAILED_START",
               "The STM32 DFU device in Device Manager shows CM_PROB_FAILED_START since this morning."),
              ("driver_load_failed", "(?:31|37|39)", "(?:1F|25|27)", "(?:FAILED_ADD|DRIVER_FAILED_LOAD|FAILED_DRIVER_ENTRY)",
               "Problem Code:               39 (0x27) [CM_PROB_DRIVER_FAILED_LOAD]",
               "Get-PnpDevice lists my board with CM_PROB_DRIVER_FAILED_LOAD after the driver update."),
              ("usb_device_stopped", "43", "2B", "FAILED_POST_START", "ConfigManagerErrorCode      : 43",
               "The CH340 now sits at Problem Code 43 (0x2B) in pnputil after every replug."))
          for row in (
              Msg(kind, r"(?i)^\s*(?:Problem(?: ?Code)?|ConfigManagerErrorCode)\s*[:=]\s*(?:" + num + r"\b(?!\.\d)|[^\n]{0,40}?\bCM_PROB_" + names + r"\b)"
                  r"|\bDEVPKEY_Device_ProblemCode\s+UInt32\s+" + num + r"\b(?!\.\d)", strength="strong", fail=True, example=ex),
              Msg(kind, r"(?i)^" + _PROSE_GUARDS + r"[^\n]{0,400}?(?:\bCM_PROB_" + names + r"\b|\bProblem ?Code\s*[:=]?\s*" + num
                  + r"\s*\(?0x0*" + hexv + r"\b)", strength="strong", fail=True,
                  example=said),  # the prose examples are written from pnputil's and Get-PnpDevice's formats
          )),
    ),
    group(
        # (audit-host-usb s18) Device Manager's other device-status codes (Microsoft's "Device Manager error codes" list: Code 1
        # not configured, 19 registry, 22 disabled, 24 not present or drivers missing, 32 service disabled, 48 blocked driver,
        # 52 unsigned driver...): the device or its driver did not start, for a reason the code alone does not tie to the
        # board; 10, 28, 31/37/39, 43 and 45 have rows of their own above
        "Windows 7-11 Device Manager device status (Properties > General), English",
        Msg("device_problem", r"\(Code (?!(?:10|28|31|37|39|43|45)\))\d{1,2}\)\s*$", strength="weak", fail=True,
            example="The software for this device has been blocked from starting because it is known to have problems with Windows. Contact the hardware vendor for a new driver. (Code 48)"),
    ),
    group(
        # (windows-macos s9) the names Windows gives the STM32 ROM DFU bootloader (0483:df11) in Device Manager, the
        # "Bluetooth & other devices" list and Zadig: "STM32  BOOTLOADER" (WinUSB-based driver of STM32CubeProgrammer or
        # Zadig), "DFU in FS Mode" (its USB product string, no driver or WinUSB), "STM Device in DFU Mode" (ST's DfuSe /
        # STTub30 driver). Seen there, the bootloader is on the bus: a flasher that then finds no DFU device cannot open it.
        # Not CubeProgrammer's own listing ("Product ID  : STM32  BOOTLOADER", the GUI log's "09:12:45 : Product ID : DFU
        # in FS Mode"), which stm32cubeprog.py reads
        "Windows 7-11 Device Manager / Settings names of the STM32 ROM DFU bootloader",
        Msg("dfu_device_listed", r"(?i)^(?!\s*(?:\d\d:\d\d:\d\d : )?(?:Product ID|Device name|Device ID|Manuf\. ID|Board)\s*:)(?:.*?\W)?(?:STM32\s+BOOTLOADER|DFU in FS Mode|STM Device in DFU Mode)\b", strength="weak",
            attrs={"vid": "0483", "pid": "df11"},
            example="Under Bluetooth & other devices, the Daisy shows up as \"DFU in FS Mode\" when entering DFU mode."),
        # (usb-drivers s10) the same fact told in a post: Device Manager shows the board in DFU mode (Particle's "Photon DFU
        # Mode", a board's "... DFU Mode" entry): the bootloader is on the bus, so a flasher that finds no DFU device cannot
        # open it (no WinUSB/libusb driver bound: particle-iot/device-os #352). Not when the sentence says it is not there
        Msg("dfu_device_listed", r"(?i)\bin (?:the )?Device Manager\b(?:(?!\b(?:not|no|never|nothing|neither|nor)\b|n't)[^.\n]){0,60}\bin DFU mode\b"
            r"|\b(?:Photon|Electron|Argon|Boron|Xenon|Core) DFU Mode\b", strength="weak",
            example="I see the Photon in Device Manager and it says it is in DFU mode."),
    ),
    group(
        # (windows-macos s9) libusb 1.0.x's Windows backend (windows_winusb.c / windows_usb.c, 1.0.18-1.0.27) lists every USB
        # device and logs, at info level, the ones it cannot open because no WinUSB/libusbK/libusb0 driver is bound to them:
        # "[windows_get_device_list] The following device has no driver: '<instance id>'" and "libusb will not be able to
        # access it". stm8flash, st-flash, dfu-util, avrdude and others print it with LIBUSB_DEBUG or -v. Not a failure by
        # itself (any driverless device on the PC is listed); an ST-Link's own id is stlink.py's row
        "libusb 1.0.18-1.0.27 Windows backend (windows_get_device_list / winusb_get_device_list) info lines",
        Msg("libusb_no_driver", r"\[(?:windows|winusb)_get_device_list\]:? The following device has no driver(?!: '?USB\\VID_0483&PID_37)"
            r"(?:: '?USB\\VID_(?P<vid>[0-9A-Fa-f]{4})&PID_(?P<pid>[0-9A-Fa-f]{4}))?", strength="strong",
            example="libusb: info [windows_get_device_list]: The following device has no driver: 'USB\\VID_0483&PID_DF11\\205E3072524B'"),
    ),
    group(
        # (dfu-usb s11) the USB product name the host shows for the Atmel DFU bootloader of an Uno/Mega's USB-serial
        # co-processor, where no id is printed: Windows Device Manager's "Other devices > ATmega16U2 DFU" (no driver),
        # macOS System Information and USB notifications ("USB Connection / ATmega16u2 DFU", forum.arduino.cc 118828).
        # Atmel's factory DFU bootloader in the 16U2 names itself "ATmega16u2 DFU" (lsusb -v: iManufacturer ATMEL,
        # iProduct "ATmega16u2 DFU", 03eb:2fef; the example is forum.arduino.cc 118828's notification); Arduino's own
        # arduino-usbdfu (ArduinoCore-avr
        # firmwares/atmegaxxu2/arduino-usbdfu/Descriptors.c) names itself "Arduino Uno DFU" / "Arduino Mega 2560 DFU"
        # (03eb:2fef on a 16U2, 03eb:2ff7 on an 8U2; the example is arduino.stackexchange 52032's dmesg product string).
        # lsusb and dmesg lines carry the ids and are their parsers' rows
        "Windows Device Manager / macOS names of the ATmega16U2/8U2 DFU bootloader (Atmel factory, Arduino arduino-usbdfu)",
        # (tool-host s22) as people copy it from "Devices and Printers": the name run together ("atmega16u2DFU",
        # forum.arduino.cc 680620) or hyphenated, not only Device Manager's "ATmega16U2 DFU"
        Msg("usb_device_named", r"(?i)(?<![\w-])ATmega16U2[ _-]?DFU\b(?!\s+(?:bootloader|mode|programming))", strength="weak",
            attrs={"vid": "03eb", "pid": "2fef", "mcu": "atmega16u2"}, example="ATmega16u2 DFU"),
        # (review s22) the 8U2 (Uno/Mega up to R2) the same way: Atmel's factory DFU id for it is 03eb:2fee (dfu-programmer's
        # target table, knowledge/devices.toml)
        Msg("usb_device_named", r"(?i)(?<![\w-])ATmega8U2[ _-]?DFU\b(?!\s+(?:bootloader|mode|programming))", strength="weak",
            attrs={"vid": "03eb", "pid": "2fee", "mcu": "atmega8u2"}, example="ATmega8U2 DFU"),
        Msg("usb_device_named", r"\bArduino (?:Uno|Mega 2560) DFU\b(?!\s+(?:bootloader|mode|programming))", strength="weak",
            attrs={"vid": "03eb"}, example="Arduino Uno DFU"),
    ),
    group(
        # (thin-boot s15) Device Manager's "Ports (COM & LPT)" names of the USB-serial bridge chips printer and Arduino-type
        # boards wire their USB socket to: the vendors' driver INF friendly names (WCH CH341SER.INF "USB-SERIAL CH340",
        # CH343SER.INF "USB-Enhanced-SERIAL CH343/CH9102"; Silicon Labs slabvcp.inf "Silicon Labs CP210x USB to UART Bridge";
        # Prolific ser2pl.inf "Prolific USB-to-Serial Comm Port", "Prolific PL2303GT USB Serial COM Port"; FTDI ftdiport.inf
        # "USB Serial Port"; Windows' own usbser.inf names a CDC-ACM MCU "USB Serial Device" instead). Seen while a DFU flash
        # finds nothing, the host reaches the board only through that chip (BOOT005)
        "Windows Device Manager names of USB-serial bridge chips (Ports (COM & LPT))",
        Msg("usb_device_named", r"(?i)\bUSB-(?:Enhanced-)?SERIAL CH(?:340|341|343|9102|9104|910x)\w{0,3}\s*\((?P<port>COM\d+)\)", strength="strong",
            attrs={"vid": "1a86", "role": "usb-serial"}, example="USB-SERIAL CH340 (COM5)"),
        Msg("usb_device_named", r"(?i)\bSilicon Labs CP210x USB to UART Bridge\s*\((?P<port>COM\d+)\)", strength="strong",
            attrs={"vid": "10c4", "pid": "ea60", "role": "usb-serial"}, example="Silicon Labs CP210x USB to UART Bridge (COM3)"),
        Msg("usb_device_named", r"(?i)\bProlific (?:(?:PL2303\w{0,4} )?USB[- ]to[- ]Serial Comm Port|PL2303\w{0,4} USB Serial COM Port)\s*\((?P<port>COM\d+)\)",
            strength="strong", attrs={"vid": "067b", "role": "usb-serial"}, example="Prolific USB-to-Serial Comm Port (COM3)"),
        Msg("usb_device_named", r"^\W{0,4}USB Serial Port \((?P<port>COM\d+)\)\s*$", strength="weak", attrs={"vid": "0403", "role": "usb-serial"},
            example="USB Serial Port (COM4)"),
    ),
    group(
        # (thin-other s9) Device Manager > Properties > Details (Hardware Ids, Device instance path) and setupapi.dev.log
        # name a device by its ids: "USB\VID_03EB&PID_2FEF", "USB\VID_03EB&PID_2FEF&REV_0000", "USB\VID_2341&PID_0043\75735..."
        # The ids say which device Windows saw (an Arduino's 16U2 in its Atmel DFU bootloader is 03EB:2FEF), whatever the
        # sentence around them; a neutral fact (no failure by itself), after the libusb row above, which claims its own lines
        "Windows 7-11 Device Manager hardware ids / device instance paths (USB\\VID_xxxx&PID_xxxx)",
        # (thin-usb s15) a sentence that names Device Manager or the hardware id beside the id claims its line even inside another
        # tool's block (the Arduino IDE's upload output, then "In Device Manager it shows ... USB\VID_03EB&PID_2FEF")
        Msg("hardware_id", r"(?i)^(?=.*\b(?:device manager|hardware[ -]?ids?|device instance path|ger(?:ae|ä)te-?manager)\b).*\bUSB\\VID_(?!0000&PID_0000)(?P<vid>[0-9A-F]{4})&PID_(?P<pid>[0-9A-F]{4})(?![0-9A-F])",
            strength="strong", convert=(("vid", str.lower), ("pid", str.lower)),
            example="In Device Manager the Uno shows as \"Unknown USB Device\" with hardware id USB\\VID_03EB&PID_2FEF&REV_0000"),
        Msg("hardware_id", r"(?i)\bUSB\\VID_(?!0000&PID_0000)(?P<vid>[0-9A-F]{4})&PID_(?P<pid>[0-9A-F]{4})(?![0-9A-F])", strength="weak",
            convert=(("vid", str.lower), ("pid", str.lower)),
            example="USB are not recognized. I'm not able to find the drivers for USB\\VID_03EB&PID_2FEF."),
    ),
)


@register
class WindowsUsbParser(TableParser):
    name = "windows-usb"
    namespace = "windows"
    messages = MESSAGES
    hints = ("unknown usb device", "unknow usb", "descriptor", "code ", "has no driver", "bootloader", "dfu in fs mode", "dfu mode", "device manager", "without a driver", "without any driver", "usb device not recognized", "malfunctioned", "power surge",
             "power limits", "not connected to the computer",
             # Device Manager's name of a failed device in other Windows languages (the localized rows above)
             "未知", "unbekanntes usb", "usb inconnu", "usb desconocido", "usb sconosciuto", "usb desconhecido",
             "onbekend usb", "nieznane urządzenie usb", "неизвестное usb",
             "43", "nicht erkannt", "non reconnu", "no reconocido", "non riconosciuto", "não reconhecido", "не опознано", "无法识别", "無法辨識",
             # hardware ids, USBView and the descriptor sentence in German and Russian
             "vid_0000&pid_000", "set address request", "deskriptor", "дескриптор", "connectionstatus",
             # East-Asian Device Manager names and the Code 43 sentence in other languages (intl-kbd-rp s7)
             "不明な", "記述子", "認識されません", "알 수 없는", "설명자", "인식", "描述元", "描述符", "descripteur",
             "descrittore", "descritor", "deskryptora", "正しく機能していない", "28",
             # (host s23) the bare status of a failed device descriptor request in German and Dutch wording
             "gerätebeschreibung", "geraetebeschreibung", "apparaatdescriptor", "apparaatbeschrijving",
             # (thin-other s9) a hardware id quoted from Device Manager's Details tab
             "usb\\vid_",
             # (dfu-usb s11) the 16U2/8U2 DFU bootloader's product name
             "u2 dfu", "u2_dfu", "u2dfu", "u2-dfu", "uno dfu", "2560 dfu",
             # (thin-boot s15) Device Manager names of USB-serial bridge chips
             "serial ch", "cp210x usb to uart", "prolific", "usb serial port (com",
             # (audit-host-usb s18) the PL2303 refusals, setupapi and Kernel-PnP 411 wordings, usbhub3's link failure
             "pl2303", "cm_prob_", "had a problem starting", "problemcode", "problem code", "configmanagererrorcode", "compliance mode",
             "failed enumeration", "ssinactive", "_failure", "port_link_", "usb\\unknown")

    # (dfu-avr s24 review) pnputil /enum-devices /problem and Get-PnpDevice list every device with a problem (a GPU's Code 43,
    # a Bluetooth adapter's Code 10): a record (lines between blanks; pnputil's opens with "Instance ID:") whose instance id
    # is not a USB device's loses its problem-code events at finish; a problem line with no instance id around keeps them
    _PROBLEM_KINDS = frozenset(("driver_not_installed", "device_cannot_start", "driver_load_failed", "usb_device_stopped"))
    _INSTANCE = re.compile(r"(?i)^\s*(?:Instance ?ID|DeviceID|PNPDeviceID)\s*:\s*(\S+)")

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self._record = 0
        self._record_ids: dict[int, str] = {}
        self._problems: list[tuple[dict[str, Any], int]] = []

    def feed(self, lineno: int, line: str) -> None:
        text = line.strip()
        if not text:
            self._record += 1
        else:
            m = self._INSTANCE.match(text)
            if m:
                if self._record in self._record_ids and text.lower().startswith("instance id:"):
                    self._record += 1  # pnputil's records open with their Instance ID
                self._record_ids.setdefault(self._record, m.group(1))
        before = len(self.events)
        super().feed(lineno, line)
        for ev in self.events[before:]:
            if ev.get("kind") in self._PROBLEM_KINDS:
                self._problems.append((ev, self._record))

    def finish(self) -> dict[str, Any]:
        for ev, record in self._problems:
            iid = self._record_ids.get(record)
            if iid is not None and not iid.upper().startswith("USB\\"):
                self.events[:] = [e for e in self.events if e is not ev]
        if not self.events:
            return {}
        return {self.namespace: {"runs": [self.run(**self.summary())]}}

