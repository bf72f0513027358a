"""iceout: which ICE/DHS contractors also receive Canadian federal money."""

from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _installed


def version() -> str:
    """The installed package's version (pyproject.toml), shown by `iceout --version` and /docs."""
    try:
        return _installed("iceout")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "0+unknown"
