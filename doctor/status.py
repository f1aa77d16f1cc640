"""The exit codes of every doctor command, named in one place (pip's status_codes is the model)."""

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0  # nothing wrong
    WARNINGS = 1  # warnings only
    FAULTS = 2  # at least one fault (error finding)
    ACTION_FAILED = 3  # a flash, fix or recovery action failed
    USAGE = 4  # bad command line or bad input file
    INTERNAL = 5  # a bug in doctor
    INTERRUPTED = 130  # Ctrl-C
