"""The one error type doctor raises for expected failures: a message plus a hint saying what to do next."""

from __future__ import annotations

from doctor.status import ExitCode


class DoctorError(Exception):
    """An expected failure. `message` says what happened, `hint` what to do next."""

    exit_code: ExitCode = ExitCode.ACTION_FAILED

    def __init__(self, message: str, hint: str | None = None, *, exit_code: ExitCode | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        if exit_code is not None:
            self.exit_code = exit_code

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message}\n  hint: {self.hint}"


class UsageError(DoctorError):
    """Bad arguments or an input file doctor cannot use (exit 4). Nothing was changed."""

    exit_code = ExitCode.USAGE


class SnapshotError(UsageError):
    """A snapshot file that is not a doctor snapshot, or of an unsupported schema version."""
