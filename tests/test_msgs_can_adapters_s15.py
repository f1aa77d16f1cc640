"""Session 15, area can-adapters: the rows fixed for the threads gathered in /work/heldout16/can-adapters (SPI CAN
controllers that never probe, systemd-networkd failing to configure a CAN link)."""

from __future__ import annotations

from tests.textkit import first, serious

# msperl/linux-rpi#10: the out-of-tree mcp25xxfd driver on SPI1 reads garbage from the clock register
MCP25XXFD = """
pi@raspberrypi:~ $ dmesg |grep spi
[    4.065147] mcp25xxfd spi1.0: CRC read error: computed: ec03 received: 0000 - data: be 00 04 00 00 00 00
[    4.065163] mcp25xxfd spi1.0: CRC read of clock register resulted in a bad CRC mismatch - hw not found
[    4.065180] mcp25xxfd spi1.0: Probe failed, err=84
[    4.065243] mcp25xxfd: probe of spi1.0 failed with error -84
"""

# raspberrypi/linux#5230: netdev_err() at probe names the not yet registered net_device
UNNAMED = """
[    9.855675] mcp251xfd spi0.0 (unnamed net_device) (uninitialized): Failed to detect MCP251xFD (osc=0x00000000).
[    9.878443] mcp251xfd spi1.0 can0: MCP2518FD rev0.0 (-RX_INT -MAB_NO_WARN +CRC_REG +CRC_RX +CRC_TX +ECC -HD c:40.00MHz m:20.00MHz r:17.00MHz e:16.66MHz) successfully initialized.
[   11.402957] IPv6: ADDRCONF(NETDEV_CHANGE): can0: link becomes ready
"""


def test_the_out_of_tree_mcp25xxfd_probe_failure_means_no_interface() -> None:
    assert first(MCP25XXFD) == "CAN002"


def test_an_unnamed_net_device_failed_to_detect_is_a_probe_failure() -> None:
    assert first(UNNAMED) == "CAN002"


def test_newer_oscillator_register_wordings_are_probe_failures() -> None:
    for line in (
        "[    5.1] mcp251xfd spi0.0 (unnamed net_device) (uninitialized): Failed to read Oscillator Configuration Register (osc=0xffffffff).",
        "[    5.1] mcp251xfd spi1.0 (unnamed net_device) (uninitialized): Timeout waiting for Oscillator Ready (osc=0x00000460, osc_reference=0x00000400)",
        "[    5.1] mcp25xxfd spi0.1 (unnamed net_device) (uninitialized): Failed to detect MCP2518FD (osc=0x00000000).",
    ):
        assert first(line) == "CAN002", line


def test_a_controller_that_initialised_is_not_a_failure() -> None:
    ok = "[    9.500099] mcp25xxfd spi0.0 can0: MCP2518FD rev0.0 (-RX_INT -MAB_NO_WARN +CRC_REG +CRC_RX +CRC_TX +ECC -HD m:20.00MHz r:18.50MHz e:0.00MHz) successfully initialized."
    assert serious(ok) == []


# systemd/systemd#20428: networkd (v249 regression) left the gs_usb link unconfigured
def test_networkd_failed_link_state_means_can0_was_not_brought_up() -> None:
    assert first("can0: State changed: failed -> linger") == "CAN001"
    assert first("Aug 11 10:00:00 arch systemd-networkd[396]: can0: State changed: configuring -> failed") == "CAN001"
    assert first("Aug 11 10:00:00 arch systemd-networkd[396]: can0: Failed") == "CAN001"


def test_a_networkd_link_that_configured_is_healthy() -> None:
    text = """
can0: State changed: initialized -> configuring
can0: State changed: configuring -> configured
can0: State changed: configured -> linger
"""
    assert serious(text) == []


# kwindrem/RpiGpioSetup#22: a GPIO overlay holds SPI1's MISO, so the aux SPI master and the HAT's second channel never start
SPI_CONFLICT = """
[    4.420357] pinctrl-bcm2835 fe200000.gpio: pin gpio19 already requested by fe200000.gpio; cannot claim for fe215080.spi
[    4.432072] pinctrl-bcm2835 fe200000.gpio: error -EINVAL: pin-19 (fe215080.spi)
[    4.457410] spi-bcm2835aux fe215080.spi: error -EINVAL: Error applying setting, reverse things back
[    4.651405] spi-bcm2835aux: probe of fe215080.spi failed with error -22
[    5.434183] mcp251xfd spi0.0 can0: MCP2518FD rev0.0 (-RX_INT -MAB_NO_WARN +CRC_REG +CRC_RX +CRC_TX +ECC -HD c:40.00MHz m:20.00MHz r:17.00MHz e:16.66MHz) successfully initialized.
"""


def test_a_failed_spi_master_beside_a_can_controller_means_a_missing_channel() -> None:
    assert first(SPI_CONFLICT) == "CAN002"


def test_a_failed_spi_master_without_can_context_is_not_called_a_can_fault() -> None:
    alone = "\n".join(SPI_CONFLICT.strip().splitlines()[:4])
    assert "CAN002" not in serious(alone)


def test_the_6x_probe_with_driver_wording_is_a_probe_failure() -> None:
    # raspberrypi/linux#4183 (a 2025 comment, CM5 with a 2-CH CAN HAT+): the 6.x driver core names the device first
    text = """
[    3.624237] mcp251x spi1.2: MCP251x didn't enter in conf mode after reset
[    3.624264] mcp251x spi1.2: Probe failed, err=110
[    3.624267] mcp251x spi1.2: probe with driver mcp251x failed with error -110
"""
    assert first(text) == "CAN002"
    assert first("[    3.624267] mcp251x spi1.2: probe with driver mcp251x failed with error -110") == "CAN002"


# norly/elmcan#3: the line discipline's module was not loaded (Secure Boot then refused the unsigned module)
def test_ldattach_einval_means_the_can_line_discipline_module_is_missing() -> None:
    text = """
ldattach: iflag (set/clear): 64/4352
ldattach: opened /dev/ttyUSB0
ldattach: set to raw 38400 8n1: cflag=0xcbf
ldattach: cannot set line discipline: Invalid argument
"""
    assert first(text) == "CAN002"
    assert first("ioctl TIOCSETD: Invalid argument") == "CAN002"


# alexmohr/usb-can#15: an out-of-tree CAN driver loaded before can_dev
def test_unknown_candev_symbols_mean_the_can_driver_did_not_load() -> None:
    text = """
[37049.561650] hlcan: Unknown symbol open_candev (err -2)
[37049.561699] hlcan: Unknown symbol unregister_candev (err -2)
"""
    assert first(text) == "CAN002"


def test_an_unknown_symbol_of_another_subsystem_is_not_a_can_fault() -> None:
    assert "CAN002" not in serious("[  12.3] r8188eu: Unknown symbol cfg80211_scan_done (err -2)")


# linklayer/cantact-pro-fw#1: the answer retyped into the post, lower case and without the colon
def test_a_retyped_rtnetlink_operation_not_supported_is_still_read() -> None:
    text = """
~ > sudo ip link set can0 up type can bitrate 500000 dbitrate 8000000 restart-ms 1000 berr-reporting on fd on

RTnetlink answers operation not supported
"""
    assert first(text) == "CAN002"
    assert first("rtnetlink answers: device or resource busy") == first("RTNETLINK answers: Device or resource busy")
