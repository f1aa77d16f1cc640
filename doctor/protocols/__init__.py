"""Wire protocols doctor speaks itself: framing, checksums and small host-side clients.

One module per protocol (`katapult`, `klipper`). A protocol module is pure where it can be (encode,
decode, CRC) and keeps its I/O in one client class that takes an already-open byte transport, so the
same code runs against a real board, a pseudo-terminal emulator (doctor.sim) or a test double.
"""
