"""Progress for steps that run longer than a few seconds: a heartbeat on stderr saying which
step is still working and for how long, so a long matching step never looks hung."""

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

EVERY_SECONDS = 10.0


@contextmanager
def heartbeat(
    step: str, report: Callable[[str], None], every: float = EVERY_SECONDS
) -> Iterator[None]:
    """Report `step: still working (Ns)` every `every` seconds until the block ends."""
    done = threading.Event()
    start = time.perf_counter()

    def beat() -> None:
        while not done.wait(every):
            report(f"{step}: still working ({time.perf_counter() - start:.0f}s)")

    thread = threading.Thread(target=beat, name=f"heartbeat {step}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()
