"""Progress for steps that run longer than a few seconds: a heartbeat on stderr saying which
step is still working and for how long, so a long matching step never looks hung. Lines are
Messages, shown in the command's language (`iceout --lang fr`)."""

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from iceout.i18n.message import Message

EVERY_SECONDS = 10.0
# A line for the person running a command: a Message in their language, or plain text (a path).
Progress = Callable[["str | Message"], None]


@contextmanager
def heartbeat(
    step: "str | Message", report: Progress, every: float = EVERY_SECONDS
) -> Iterator[None]:
    """Report `step: still working (Ns)` every `every` seconds until the block ends."""
    done = threading.Event()
    start = time.perf_counter()

    def beat() -> None:
        while not done.wait(every):
            seconds = round(time.perf_counter() - start)
            report(Message("%(step)s: still working (%(seconds)ss)", step=step, seconds=seconds))

    thread = threading.Thread(target=beat, name=f"heartbeat {step}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()
