"""Session 22, klipper-eco: what Klipper users say in prose (parsers/klipper_claims.py), six families: another SD or TF
card made the board take the firmware (SD001), the serial path in printer.cfg was the fix (SER005), the CAN interface said
DOWN (CAN001), the UUID query empty because the running Klipper claims the nodes (CAN003), the bootloader and Klipper at two
baud rates (SER007), the firmware built with the wrong CAN/USB pins (FW002). Positives are the sentences of the gathered
threads (named beside them) and a few from the rows' formats; negatives are questions, advice, conditionals, negations,
guesses, hearsay and docs, lost successes, the host's own card, CAN bitrates, and the person ruling the cause out (the
review of session 22 added those marked "review")."""

from __future__ import annotations

import pytest

from textkit import events, facts, findings, first


def ids(text: str) -> list[str]:
    return [f.id for f in findings(text)]


def kinds(text: str) -> list[str]:
    return [e["kind"] for e in events(text, "claims")]


# ---- SD001: another card made the board's bootloader take the firmware -----------------------------------------------

@pytest.mark.parametrize("text", [
    "But I can't update the firmware on the printer or return to Marlin.\nI tried several different microSD cards.\n...\nAll work with original TF card.",  # ender3-v3-se-klipper-config#11
    "The solution was also the same; I used a SanDisk 16GB micro SD card, formatted as directed in the Readme. Can, or should, it be mentioned in the readme to **not** use the SD card provided with the machine ?",  # Sovol-SV06-firmware#52
    "It is SDCard unstable. Replaced new card and formatted to FAT32 not in quick mode. It works now.",  # MKS-SBASE#41
    "It flashed right away with a smaller 8GB sd card.",  # from the row's format
    "The fix was to use a Kingston 4GB TF card.",  # from the row's format
])
def test_sd_swap_said(text: str) -> None:
    assert "said_sd_card_swap_fixed" in kinds(text), kinds(text)
    assert first(text) == "SD001", ids(text)


@pytest.mark.parametrize("text", [
    "Does it work with another SD card?",  # a question
    "Make sure it works with a smaller SD card before you give up.",  # advice
    "You should try if it works with a different micro SD card.",  # advice, a conditional
    "It doesn't work with the new SD card either.",  # a negated success
    "It never worked with the original TF card.",
    "The Pi boots fine with the new SD card.",  # the host's own card
    "The fix was to use a new SD card for the Raspberry Pi image.",
    "I replaced the card with a new sd card but it still does not work.",
    "It worked with the original SD card adapter, not with the USB reader.",  # the card reader, not the card
    # review: hearsay, docs, a success that was lost
    "Some users report it works with a different SD card.",
    "Apparently it works with a different SD card for some people.",
    "The docs say it works with a smaller SD card formatted FAT32.",
    "It used to work with the original SD card, but now nothing flashes.",
    "It flashed fine with the old SD card before, now it does not.",
    "It flashed with the old SD card the first time but not the second time.",
    "It flashed with a new SD card but still shows the old version.",
])
def test_sd_swap_not_said(text: str) -> None:
    assert "said_sd_card_swap_fixed" not in kinds(text), kinds(text)


# ---- SER005: the serial path in printer.cfg was the fix --------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "resolved by updating printer.cfg [mcu] serial # to match the SN in the image posted earlier in this thread.",  # Sovol-SV08-Mainline#182
    'Scratch that. \n\nIt needs to be a capital "K" on Klipper_stm32_xxxxxxxxxxxxxx',  # Sovol-SV08-Mainline#142
    "Fixed it by correcting the serial path in printer.cfg, it had the old by-id name.",  # from the row's format
    "It was fixed by updating the serial path to the new by-id name.",  # review: no printer.cfg in the line (the hints)
    "Resolved by changing the serial in the config to match by-id.",
])
def test_serial_path_fix_said(text: str) -> None:
    assert "said_serial_path_fixed" in kinds(text), kinds(text)
    assert first(text) == "SER005", ids(text)


@pytest.mark.parametrize("text", [
    "Is it fixed by updating the serial in printer.cfg?",  # a question
    "Make sure it is fixed by updating the serial in printer.cfg.",  # advice
    "Should it be a capital K on klipper_stm32?",
    "It was not fixed by updating the serial in printer.cfg.",  # a negated fix
    # review: advice as a rule, a plain statement of the letter case
    "Usually this is fixed by updating the serial in printer.cfg to the by-id path.",
    "This is normally resolved by updating the serial in printer.cfg.",
    "It's lowercase k in usb-klipper_rp2040 here.",
    "Its a capital K in the Klipper_ name on the docs page.",
])
def test_serial_path_fix_not_said(text: str) -> None:
    assert "said_serial_path_fixed" not in kinds(text), kinds(text)


# ---- CAN001: the CAN interface said DOWN ----------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "I was able see the CAN device appear in kernel logs, I saw the device in `lsusb` output, I saw the actual interface appear in `ifconfig` output, but with status DOWN and queue of only 10.",  # voron_canbus#81
    'However now when i push a "ip -s -d link show can0" command in the CLI it writes the CAN state as DOWN instead of the desired UP.',  # voron_canbus#84
    "can0 state is DOWN after every reboot.",  # from the row's format
    "can0 was DOWN until I added the interfaces file, now works",  # review: the interface itself, without "state"
])
def test_can_down_said(text: str) -> None:
    assert "said_can_down" in kinds(text), kinds(text)
    assert first(text) == "CAN001", ids(text)


@pytest.mark.parametrize("text", [
    "Is the can0 state DOWN for you too?",  # a question
    "CAN is going to be down by default.  The network service has to be brought up.",  # advice, what happens by default
    "When you reset the bridge the CAN network will go down.",  # a conditional, the future
    "3: can0: <NOARP,ECHO> mtu 16 qdisc noop state DOWN mode DEFAULT group default qlen 10",  # ip link's own line (ip_link reads it)
    "The status LED goes down when the toolhead resets.",
])
def test_can_down_not_said(text: str) -> None:
    assert "said_can_down" not in kinds(text), kinds(text)


def test_ip_link_down_line_still_read_by_ip_link() -> None:
    text = "3: can0: <NOARP,ECHO> mtu 16 qdisc noop state DOWN mode DEFAULT group default qlen 10\n    link/can\n"
    interfaces = facts(text).get("can", {}).get("interfaces", [])
    assert [(i["name"], i.get("operstate")) for i in interfaces] == [("can0", "DOWN")], interfaces  # ip link's own reading
    assert events(text, "claims", "klipper-claims") == []  # not the prose row
    assert first(text) == "CAN001", ids(text)


# ---- FW002: the firmware built with the wrong CAN/USB pins ----------------------------------------------------------

@pytest.mark.parametrize("text", [
    "yes...it works now. i was flashing the manta with wrong can pins under canbus comms. thank you",  # bigtreetech/EBB#34
    "The problem was I had built the bridge firmware with the wrong CAN pins.",  # from the row's format
])
def test_wrong_comm_pins_said(text: str) -> None:
    assert "said_wrong_comm_pins" in kinds(text), kinds(text)
    assert first(text) == "FW002", ids(text)


@pytest.mark.parametrize("text", [
    "Could it be that I flashed it with the wrong CAN pins?",  # a question
    "Make sure you did not build it with the wrong CAN pins.",  # advice
    "Maybe it was flashed with the wrong usb pins.",  # a guess
    # review: negations, a doubt, hearsay, the docs' conditional
    "It turned out it was not built with the wrong CAN pins after all.",
    "It was not built with the wrong CAN pins, I checked twice.",
    "I don't think it was flashed with the wrong can pins.",
    "Someone in discord said it was flashed with the wrong USB pins, but that wasn't it.",
    "The docs say: if the firmware was built with the wrong CAN pins, the node will not show up.",
])
def test_wrong_comm_pins_not_said(text: str) -> None:
    assert "said_wrong_comm_pins" not in kinds(text), kinds(text)


# ---- CAN003: the UUID query finds nothing because the running Klipper claims the nodes -------------------------------

@pytest.mark.parametrize("text", [
    "I was updating the Klipper and I got confused with the script output. It would be beneficial to describe that `python3 ~/katapult/scripts/flashtool.py -i can0 -q` won't find anything if the UUID is claimed by the running Klipper.",  # voron_canbus#28
    "The UUID query did not show the toolhead because Klipper was still running.",  # from the row's format
    "The uuids didn't show because klipper was still running.",  # review: no "query" in the line (the hints)
])
def test_uuid_claimed_said(text: str) -> None:
    assert "said_can_uuid_claimed" in kinds(text), kinds(text)
    assert first(text) == "CAN003", ids(text)


@pytest.mark.parametrize("text", [
    "Does the query not find anything because Klipper is running?",  # a question
    "Make sure Klipper is stopped, or the query won't find anything if Klipper is running.",  # advice
    "You should stop Klipper: canbus_query won't list nodes while Klipper is running.",
    "The query found both uuids while Klipper was running.",  # no empty answer
    # review: the person rules it out
    "canbus_query won't find anything if Klipper is running, that's expected, but even with Klipper stopped it finds nothing.",
    "I know the query can't find it since Klipper is running, so I stopped klipper, and still 0 uuids.",
])
def test_uuid_claimed_not_said(text: str) -> None:
    assert "said_can_uuid_claimed" not in kinds(text), kinds(text)


# ---- SER007: the bootloader and the application at two different baud rates -----------------------------------------

@pytest.mark.parametrize("text", [
    "FreeDi — Plus4 toolhead flash wizard fails: Katapult runs at 250000, Klipper at 500000, `flashtool.py` takes one `-b`",  # FreeDi#559
    "The bootloader is set to 115200 but printer.cfg uses 250000 for the toolhead.",  # from the row's format
    # review: the application first; lines without the first hints
    "Klipper is at 250000 while Katapult is at 500000.",
    "Katapult uses 250000, Klipper uses 500000.",
    "Katapult is set to 250000 and Klipper is at 500000.",
    "CanBoot built for 250000, Klipper at 500000.",
])
def test_baud_split_said(text: str) -> None:
    assert "said_baud_split" in kinds(text), kinds(text)
    assert first(text) == "SER007", ids(text)


@pytest.mark.parametrize("text", [
    "Katapult runs at 250000, Klipper at 250000 too.",  # the same rate
    "Does Katapult run at 250000 while Klipper is at 500000?",  # a question
    "Katapult runs at 500000 on can0, Klipper at 1000000 canbus_frequency.",  # review: CAN bitrates (CAN005's), not a serial baud
])
def test_baud_split_not_said(text: str) -> None:
    assert "said_baud_split" not in kinds(text), kinds(text)
