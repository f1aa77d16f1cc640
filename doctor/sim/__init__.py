"""Simulated boards: pseudo-terminal emulators of bootloaders and applications for tests, the benchmark and demos.

`doctor sim katapult` runs one (doctor/commands/sim.py). Each simulator is faithful to the wire protocol and
to the timing that matters (the line at its baud, the receive buffer, flash erase and program times), accepts
a person's actions (reset, double reset, BOOT0, power cycle, unplug) on a control input, and can inject the
faults real boards show.
"""
