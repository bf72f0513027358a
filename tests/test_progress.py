"""The heartbeat of long steps (iceout/progress.py): it speaks while a step runs, then stops."""

import time

from iceout.progress import heartbeat


def test_a_long_step_reports_until_it_ends() -> None:
    said: list[str] = []
    with heartbeat("resolve Canadian names", said.append, every=0.05):
        time.sleep(0.28)
    count = len(said)
    time.sleep(0.15)
    assert 3 <= count <= 6 and len(said) == count
    assert said[0].startswith("resolve Canadian names: still working (")


def test_a_short_step_says_nothing() -> None:
    said: list[str] = []
    with heartbeat("normalise", said.append, every=5):
        pass
    assert said == []
