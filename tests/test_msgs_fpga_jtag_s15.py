"""(fpga-jtag s15) Rows and rules from the session-15 round on FPGA/CPLD programmers over FTDI JTAG: icestorm's iceprog and
ecpprog, libftdi's lsftdi, fujprog, openFPGALoader's IDCODE reads, the Quartus Programmer and jtagconfig, Python 3.3-3.6
subprocess's missing-program error, and macOS's libusb-style lsusb listing."""

from __future__ import annotations

from textkit import events, facts, first, serious

ICEPROG_NOT_FOUND = "init..\nCan't find iCE FTDI USB device (vendor_id 0x0403, device_id 0x6010 or 0x6014).\nABORT.\n"


def test_iceprog_cannot_find_ftdi_is_the_programmer_not_seen() -> None:
    ev = [e for e in events(ICEPROG_NOT_FOUND, "openocd", "iceprog") if e["kind"] == "adapter_not_found"]
    assert ev and ev[0]["fail"]
    assert first(ICEPROG_NOT_FOUND) == "SWD001"
    # the -d form names the device string it was given
    text = "iceprog -d i:0x0403:0x6010:0 hardware.bin\ninit..\nCan't find iCE FTDI USB device (device string i:0x0403:0x6010:0).\nABORT.\n"
    assert [e.get("target") for e in events(text, "openocd", "iceprog") if e["kind"] == "adapter_not_found"] == ["i:0x0403:0x6010:0"]
    assert first(text) == "SWD001"


def test_iceprog_cannot_find_with_the_ftdi_on_the_bus_is_access() -> None:
    lsusb = "$ lsusb\nBus 001 Device 002: ID 0403:6010 Future Technology Devices International, Ltd FT2232C/D/H Dual UART/FIFO IC\n\n"
    assert first(lsusb + ICEPROG_NOT_FOUND) == "USB004"
    lsftdi = "Number of FTDI devices found: 1\nChecking device: 0\nManufacturer: Lattice, Description: Lattice FTUSB Interface Cable\n\n"
    assert first(ICEPROG_NOT_FOUND + "\n" + lsftdi) == "USB004"
    # macOS lsusb (libusb listdevs' form) lists it too
    mac = "$ lsusb\n0403:6010 (bus 20, device 10) path: 1\n05ac:0221 (bus 20, device 6) path: 2.2\n\n"
    assert [(d["vid"], d["pid"]) for d in facts(mac)["usb"]["devices"]][:1] == [("0403", "6010")]
    assert first("$ ecpprog -S top.bin\n" + ICEPROG_NOT_FOUND + "\n" + mac) == "USB004"
    # an empty lsftdi is no evidence of the chip
    assert first(ICEPROG_NOT_FOUND + "\nNumber of FTDI devices found: 0\n") == "SWD001"


def test_lsftdi_get_strings_minus4_is_access() -> None:
    text = "Number of FTDI devices found: 1\nChecking device: 0\nftdi_usb_get_strings failed: -4 (libusb_open() failed)\n"
    assert [e["code"] for e in events(text, "openocd", "iceprog") if e["kind"] == "adapter_open_failed"] == [-4]
    assert first(text) == "USB004"


def test_iceprog_flash_id_all_ff_is_the_board_not_usb() -> None:
    text = ("iceprog pwm.bin\ninit..\ncdone: low\nreset..\ncdone: low\n"
            "Extended Device String Length is 0xFF, this is likely a read error. Ignorig...\nflash ID: 0xFF 0xFF 0xFF 0xFF\n"
            "file size: 104090\nerase 64kB sector at 0x000000..\n")
    assert first(text) == "SWD008"
    assert first("init..\nflash ID: 0x00 0x00 0x00\nBye.\n") == "SWD008"


def test_iceprog_and_ecpprog_healthy_runs_raise_nothing() -> None:
    iceprog = ("iceprog hardware.bin\ninit..\ncdone: high\nreset..\ncdone: high\nflash ID: 0xEF 0x40 0x16 0x00\nfile size: 104090\n"
               "erase 64kB sector at 0x000000..\nerase 64kB sector at 0x010000..\nprogramming..\nreading..\nVERIFY OK\ncdone: high\nBye.\n")
    assert serious(iceprog) == []
    ecpprog = ("ecpprog -k 2 top.bit\ninit..\nIDCODE: 0x010fb043 (LIFCL-33U)\nNX Status Register: 0x0000110100000100\nreset..\n"
               "flash ID: 0x1F 0x42 0x16\nfile size: 770418\nerase 64kB sector at 0x000000..\nprogramming..  770418/770418\n"
               "verify..       770418/770418  VERIFY OK\nBye.\n")
    assert serious(ecpprog) == []


def test_iceprog_verify_difference_is_quoted() -> None:
    text = "iceprog -o 614400 -n flash_data.bin\ninit..\nreading..\nFound difference between flash and file!\nABORT.\n"
    assert first(text) == "GEN001"


def test_openfpgaloader_idcode_that_changes_between_reads_is_wiring() -> None:
    text = ("# openFPGALoader --cable dirtyJtag --detect\nJtag frequency : requested 6000000Hz -> real 6000000Hz\n"
            "JTAG init failed with: Unknown device with IDCODE: 0xa0811043 (manufacturer: 0x021 (lattice), part: 0x04 vers: 0xa\n"
            "# openFPGALoader --cable dirtyJtag --detect\nJtag frequency : requested 6000000Hz -> real 6000000Hz\n"
            "JTAG init failed with: Unknown device with IDCODE: 0xf0001043 (manufacturer: 0x021 (lattice), part: 0x00 vers: 0xf\n")
    assert first(text) == "SWD002"


def test_openfpgaloader_one_steady_unknown_idcode_is_not_wiring() -> None:
    text = ("sudo openFPGALoader -b tangnano4k -f top.fs\nwrite to flash\nJtag frequency : requested 6.00MHz   -> real 6.00MHz  \n"
            "JTAG init failed with: Unknown device with IDCODE: 0x100981b\n")
    assert first(text) == "GEN001"
    # the same id read twice (with and without its version nibble) is still one chip
    assert first(text + "openFPGALoader --detect\nindex 0:\n\tidcode 0x100981b\n") == "GEN001"


def test_fujprog_cannot_find_cable_is_not_silent() -> None:
    text = ("ULX2S / ULX3S JTAG programmer v4.4 (git 48905bf built Jul 12 2020 02:31:04)\n"
            "Copyright (C) Marko Zec, EMARD, gojimmypi, kost and contributors\nCannot find JTAG cable.\n")
    assert first(text) == "GEN001"


def test_quartus_cable_not_detected_and_jtagconfig_permissions() -> None:
    assert first("Error (213013): Programming hardware cable not detected\n") == "SWD001"
    assert first("$ jtagconfig\n1) USB-Blaster variant [1-3]\n  Unable to lock chain - Insufficient port permissions\n") == "USB004"
    ok = ("Info (209060): Started Programmer operation at Tue Nov 07 21:17:44 2023\n"
          "Info (209017): Device 1 contains JTAG ID code 0x031810DD\nInfo (209011): Successfully performed operation(s)\n"
          "Info (209061): Ended Programmer operation at Tue Nov 07 21:17:45 2023\n")
    assert serious(ok) == []


def test_python_subprocess_doubled_name_is_a_missing_program() -> None:
    assert first("FileNotFoundError: [Errno 2] No such file or directory: 'iceprog': 'iceprog'\n") == "TOOL001"
    # a missing data file is not a missing program
    assert first("FileNotFoundError: [Errno 2] No such file or directory: 'out/top.bin'\n") != "TOOL001"


def test_iceprog_cannot_find_beside_a_non_ftdi_fpga_programmer_is_the_wrong_tool() -> None:
    lsusb = "$ lsusb\nBus 001 Device 009: ID 1d50:602b OpenMoko, Inc. FPGALink\n\n"
    assert first(lsusb + ICEPROG_NOT_FOUND) == "BOOT006"
    # with an FTDI on the bus too, iceprog had one to try: not this
    both = lsusb.rstrip("\n") + "\nBus 001 Device 010: ID 0403:6010 Future Technology Devices International, Ltd FT2232C/D/H Dual UART/FIFO IC\n\n"
    assert first(both + ICEPROG_NOT_FOUND) == "USB004"


def test_yosys_and_nextpnr_build_failures_are_the_build() -> None:
    pnr = ("Info: Placed 34 cells based on constraints.\n"
           "ERROR: Unable to place cell 'u_ftdi_245fifo_top.u_rx_fifo_async.buffer.0.53', no BELs remaining to implement cell type 'DP16KD'\n"
           "0 warnings, 1 error\nmake: *** [Makefile:49: fpga_top_ft232h_loopback_out.config] Error 255\n")
    assert [e.get("name") for e in events(pnr, "flash", "fpga-build") if e["kind"] == "build_error"] == ["DP16KD"]
    assert first(pnr) == "FW005"
    yosys = "systolic_NxN.v:6: ERROR: syntax error, unexpected '[', expecting ',' or '=' or ')'\n"
    assert first(yosys) == "FW005"
    # a finished nextpnr run is no failure; the loader after it is judged on its own lines
    ok = "Info: Program finished normally.\nicepack -s top.asc top.bin\niceprog top.bin\n" + ICEPROG_NOT_FOUND
    assert first(ok) == "SWD001"


def test_openfpgaloader_ftdi_not_found_beside_a_daplink_is_the_wrong_cable() -> None:
    text = ("$ lsusb\nBus 003 Device 005: ID 1d50:602b OpenMoko, Inc. FPGALink\n\n"
            "$ openFPGALoader -c digilent_hs2 blink.bit\nunable to open ftdi device: -3 (device not found)\n"
            "JTAG init failed with: unable to open ftdi device\n")
    assert first(text) == "BOOT006"
