"""(avr-can s21) Families the first-contact threads of the AVR and CAN round showed:

- avrdude's bare `initialization failed, rc=-2` (releases before 7.1 and builds between; 8.x `(rc = -2)`): the code avrdude
  7.1+ itself reads as "the programmer ISP clock is too fast for the target" (src/main.c since 2d7ad8e3) -> AVR001;
- kmod's `modprobe: FATAL: Module gs_usb not found ...` quoted inside a sentence -> CAN002;
- ENETDOWN's words ("Network is down", "says network down") in a frame no table knows -> CAN001 (failure cue network_down),
  and the controller states ERROR-PASSIVE / BUS-OFF likewise -> CAN004 (failure cue can_error_state);
- prose about AVR ISP programming (parsers/avr_claims.py): a USBtiny failing above 64 KiB -> AVR003, programming that works
  once the ISP clock is slowed -> AVR001, and no claim where the person says it did not help.

Texts marked "from the source's format" are written from the tools' sources, the others are lines of real threads."""

from __future__ import annotations

from textkit import events, facts, findings, first


def test_bare_rc_minus_2_is_the_isp_clock() -> None:
    # avrdudes/avrdude#1215 (a CH341A build between releases): rc=-2 printed with the "double check" line, no clock line
    text = ("avrdude_pr1215v5 error: initialization failed, rc=-2\n"
            "                 - double check the connections and try again\n"
            "                 - use -B to set lower ISP clock frequency, e.g. -B 200kHz\n"
            "                 - use -F to override this check\n")
    assert first(text) == "AVR001"
    # from the source's format: avrdude 8.x main.c "initialization failed  (rc = %d)"
    assert first("avrdude error: initialization failed  (rc = -2)\n") == "AVR001"
    # avrdude 6.x wording, from the source's format
    assert first("avrdude: initialization failed, rc=-2\n         Double check connections and try again, or use -F to override\n"
                 "         this check.\n") == "AVR001"


def test_rc_minus_1_and_a_read_signature_stay_where_they_were() -> None:
    # rc=-1 alone: power, wiring or reset first (AVR005), as before
    assert first("avrdude: initialization failed, rc=-1\n         Double check connections and try again, or use -F to override\n"
                 "         this check.\n") == "AVR005"


def test_modprobe_quoted_in_a_sentence_is_a_missing_can_driver() -> None:
    # agilexrobotics/ranger_ros2#16 (its curly quotes as the reader folds them: parsers/_reader.py, rows are ASCII)
    text = ("Can't run this command  ``` $ sudo modprobe gs_usb ``` on Jetpack 6.0\n"
            'The error is: "modprobe: FATAL: Module gs_usb not found in directory /lib/modules/5.15.122-tegra".\n')
    evs = [e for e in facts(text)["can"]["events"] if e["kind"] == "can_no_device"]
    assert evs and evs[0]["module"] == "gs_usb"
    assert first(text) == "CAN002"
    # kmod's own line still reads as before
    assert first("modprobe: FATAL: Module gs_usb not found in directory /lib/modules/5.15.136-tegra\n") == "CAN002"


def test_network_is_down_in_a_frame_doctor_does_not_know_is_can001() -> None:
    # hardbyte/python-can#496
    text = ("When I run this, I get an error-message like 'network is down'. But after typing 'sudo ip link set up can0' in "
            "shell, the test-code works.\n")
    found = findings(text)
    assert found[0].id == "CAN001" and found[0].severity == "warning"
    # an unknown tool printing ENETDOWN's strerror: CAN001 only with a CAN word on the line (reviewfix s21: ssh, ping and
    # curl print the same words); without one it is an unexplained failure
    assert first("zorbo: send failed: Network is down\n") == "GEN001"
    assert first("zorbo: send on can0 failed: Network is down\n") == "CAN001"


def test_network_down_in_words_is_a_failure_line() -> None:
    # linux-can/can-utils#125 was silent: "says network down" holds no other failure word
    text = ("I need can up after boot and used Oliver Hartkopp's can_if script with my can ports, and invoked but it does not "
            "start on power up into CAN but says network down. Am I missing somthing?\n")
    assert findings(text), "a text that says the network is down is not 'No faults found'"
    # rp-claims reads the sentence too ("does not start on power up"): a prose table's claim does not hide what the
    # words say (derive._event_lines skips the claims namespace)
    assert first(text) == "CAN001"


def test_error_passive_in_words_is_can004() -> None:
    # INNO-MAKER/usb2can#5
    text = ("1. Connect Pi to USB2CAN to CAN bus with working nodes.\n"
            "2. Physically disconnect nodes\n"
            "3. Send just one message `cansend can0 200#DEADBEEF`\n"
            "4. can state switches from `ERROR-ACTIVE` to `ERROR-PASSIVE`\n"
            "5. Even if reconnected, the issue is not fully resolved (stuck in `ERROR-PASSIVE` state)\n")
    assert first(text) == "CAN004"


def test_usbtiny_above_64k_in_words_is_avr003() -> None:
    # avrdudes/avrdude#255 (Savannah bug 35886)
    text = ("Using a USBtinyISP with AT90USB1286, the memory above 0x10000 is getting read incorrectly with the -U flash:r/v "
            "commands.\n\nIt's easy to reproduce this.  Try writing flash above 0x10000 and the verify will fail.\n")
    assert [e["kind"] for e in events(text, "claims", "avr-claims")] == ["said_usbtiny_64k"]
    assert first(text) == "AVR003"
    # Printrboard-HID-Arduino-IDE-Support#4: "at 10000" without 0x, "64k" in words
    text = ('FYI - on the USBtinyISP 64k "limit" - if downloading an image over 64k, the entire image is written to FLASH '
            "but it'll always give an error message saying verification failed at 10000.\n")
    assert first(text) == "AVR003"
    # a USBtiny and a 64 KiB part, nothing that failed: no claim
    assert not events("I flashed my USBtinyISP onto an ATtiny85 board with 64k of storage.\n", "claims", "avr-claims")


def test_a_stated_fix_by_a_slower_isp_clock_is_avr001() -> None:
    # MCUdude/MiniCore#300 was silent
    text = ("I have to change the bit clock period to something like `-B 4` or `-B 10` for the first time programming for "
            "this to work.\n")
    assert [e["kind"] for e in events(text, "claims", "avr-claims")] == ["said_bitclock_fix"]
    assert first(text) == "AVR001"
    # aleh/usbisp#5
    assert [e["kind"] for e in events("Using -B 3 parameter on avrdude solved my problem . Thank you again\n", "claims",
                                      "avr-claims")] == ["said_bitclock_fix"]
    # beside avrdude's own "target doesn't answer" it decides between AVR001 and AVR005
    text = ("avrdude: error: program enable: target doesn't answer. 1\n"
            "avrdude: initialization failed, rc=-1\n"
            "         Double check connections and try again, or use -F to override\n"
            "         this check.\n"
            "Once I change the bit clock period, it just works.\n")
    assert first(text) == "AVR001"


def test_the_other_wordings_of_a_slower_clock_that_worked() -> None:
    for line in ("When selecting low clock frequencies avrdude needs the parameter '-B 5' appended to slow down the flashing.",  # MiniCore#41
                 "I have to use -B 10 for brand new chips.", "-B 32 fixed it, thanks!", "The -B10 option did the trick."):
        assert [e["kind"] for e in events(line + "\n", "claims", "avr-claims")] == ["said_bitclock_fix"], line


def test_a_slower_clock_that_did_not_help_is_no_claim() -> None:
    for line in ("With -B 32 it still doesn't work.", "Using -B 250 was not working either.",
                 "I tried setting the bit clock to -B 10 but it never worked.", "Adding -B 32 didn't help.",
                 "-B 32 doesn't work either.", "Try -B 32 and see if it helps?", "With -B 32, does it work?",
                 "Do you need to use -B 32 with a new chip?"):
        assert not events(line + "\n", "claims", "avr-claims"), line
