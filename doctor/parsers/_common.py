"""Event kinds shared by several tools' parsers (declared once here)."""

from doctor import schema

# A tool could not open a USB device it found: permissions (LIBUSB_ERROR_ACCESS and its wordings).
schema.declare_event_kinds("usb_access_denied")
