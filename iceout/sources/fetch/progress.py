"""Progress of long downloads and pagings on stderr: done/total, rate and time left."""

import time
from collections.abc import Callable

Report = Callable[[str], None]


def _size(value: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:,.0f} {unit}" if unit == "B" else f"{value:,.1f} {unit}"
        value /= 1024
    return f"{value:,.1f} GB"


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


class Meter:
    """Reports at most every `every` seconds so a fast loop does not flood the terminal."""

    def __init__(
        self, report: Report, label: str, unit: str, total: float | None = None, every: float = 2.0
    ) -> None:
        self.report, self.label, self.unit, self.total = report, label, unit, total
        self.every = every
        self.done = 0.0
        self.start = self.last = time.monotonic()

    def advance(self, amount: float) -> None:
        self.done += amount
        now = time.monotonic()
        if now - self.last >= self.every:
            self.last = now
            self.report(self.line())

    def line(self) -> str:
        elapsed = max(time.monotonic() - self.start, 1e-6)
        rate = self.done / elapsed
        done = _size(self.done) if self.unit == "bytes" else f"{self.done:,.0f}"
        if not self.total:
            return f"  {self.label}: {done}{self._unit()} ({self._rate(rate)})"
        total = _size(self.total) if self.unit == "bytes" else f"{self.total:,.0f}"
        share = min(self.done / self.total, 1.0)
        bar = "#" * int(share * 20) + "." * (20 - int(share * 20))
        left = (self.total - self.done) / rate if rate else 0.0
        return (
            f"  {self.label}: [{bar}] {share:4.0%} {done}/{total}{self._unit()} "
            f"({self._rate(rate)}, ETA {_clock(left)})"
        )

    def _unit(self) -> str:
        return "" if self.unit == "bytes" else f" {self.unit}"

    def _rate(self, rate: float) -> str:
        return f"{_size(rate)}/s" if self.unit == "bytes" else f"{rate:,.0f} {self.unit}/s"
