"""Rows added for the printers-other-firmware round (session 17): Duet Software Framework's DuetControlServer telling
that the Duet's RepRapFirmware speaks another SPI protocol version (DataTransfer.cs "Incompatible firmware, please upgrade
as soon as possible"; before DSF 3.3 "Bad header checksum (expected 0x0000, ...)" from a firmware older than the
checksummed protocol), and RepRapFirmware's "Failed to initialise WiFi module" with the WiFi server's format-version
codes (-2/-10, DuetWiFiSocketServer MessageFormats.h)."""

from __future__ import annotations

from tests.textkit import first, serious

# forum.duet3d.com 27165: DWC's console on a fresh DuetPi with an RRF 3.0 board
DSF_INCOMPATIBLE = """Warning: Incompatible firmware, please upgrade as soon as possible
Connection interrupted, attempting to reconnect...
DCS has been stopped"""

# RepRapFirmware 3.x WiFiInterface.cpp with TranslateWiFiResponse(ResponseBadReplyFormatVersion)
WIFI_BAD_FORMAT = "Error: failed to initialise WiFi module: bad reply format version"

# the same failure for another reason (SPI timeout) is not a version question
WIFI_SPI_TIMEOUT = "Error: failed to initialise WiFi module: SPI timeout"

# a bad header checksum whose sender did fill the field is SPI noise, not an old firmware
DSF_NOISY_CHECKSUM = "[warn] Bad header checksum (expected 0x3f21, got 0xec9a)"


def test_dsf_incompatible_firmware_is_stale_firmware():
    assert first(DSF_INCOMPATIBLE) == "FW005"


def test_rrf_wifi_module_format_version_is_stale_firmware():
    assert first(WIFI_BAD_FORMAT) == "FW005"


def test_other_wifi_init_failures_and_noisy_checksums_are_not_stale_firmware():
    assert "FW005" not in serious(WIFI_SPI_TIMEOUT)
    assert "FW005" not in serious(DSF_NOISY_CHECKSUM)
