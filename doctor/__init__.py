"""doctor: diagnose and recover microcontroller boards that will not connect or will not flash."""

__version__ = "0.1.0"
