"""'Carswell, a division of Thomson Reuters': the record names its parent; compare that."""

from collections.abc import Callable

from iceout.i18n.message import Message
from iceout.resolve.compare import Score
from iceout.resolve.profile import NameProfile, profile

DISCOUNT = 0.97  # the parent is named in free text by the publisher, not an identifier


def division(
    a: NameProfile, b: NameProfile, compare: Callable[[NameProfile, NameProfile], Score | None]
) -> Score | None:
    if not a.division_of:
        return None
    inner = compare(profile(a.division_of), b)
    if inner is None:
        return None
    return Score(
        round(inner.value * DISCOUNT, 3),
        Message(
            "the record names '%(parent)s' as the parent; %(reason)s",
            parent=a.division_of,
            reason=inner.reason,
        ),
    )
