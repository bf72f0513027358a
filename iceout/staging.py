"""Folders that appear whole or not at all, and what a killed process leaves behind.

A run writes its report into a staging sibling of the report folder (`.report.staging-<pid>`)
and swaps it into place at the end, with one atomic `renameat2(RENAME_EXCHANGE)` where Linux
offers it (two renames otherwise), so a reader sees the previous report or the new one, never a
mix. Temporary folders carry the id of the process that made them; the next start removes
those whose process is gone.
"""

import contextlib
import ctypes
import glob
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

TEMP_PREFIXES = ("iceout-ingest-", "iceout-fetch-")
UNTAGGED_AGE_S = 6 * 3600  # folders from before pids were in the name: removed once this old
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def temp_prefix(kind: str) -> str:
    """Prefix for a temporary folder of this process: `iceout-<kind>-<pid>-`."""
    return f"iceout-{kind}-{os.getpid()}-"


@contextlib.contextmanager
def staged_folder(out: Path) -> Iterator[Path]:
    """A fresh sibling of `out` to write into; it replaces `out` when the block succeeds."""
    out = out.absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    clean_report_leftovers(out)
    staging = out.parent / f".{out.name}.staging-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        yield staging
        _sync(staging)
        _swap_in(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _sync(folder: Path) -> None:
    # The files (and those of its subfolders) must be on disk before the rename makes them the
    # report.
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        with path.open("rb") as handle:
            os.fsync(handle.fileno())


def _swap_in(staging: Path, out: Path) -> None:
    if not out.exists():
        staging.rename(out)
    elif not _exchange(staging, out):
        old = out.parent / f".{out.name}.old-{os.getpid()}"
        out.rename(old)
        staging.rename(out)
        shutil.rmtree(old, ignore_errors=True)
    # after an exchange `staging` holds the previous report, removed by the caller


def _exchange(a: Path, b: Path) -> bool:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    done = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return bool(done == 0)


def clean_report_leftovers(out: Path) -> list[Path]:
    """Remove staging folders of dead runs next to `out`; a report moved aside by a run killed
    between its two renames goes back in place. Returns what was removed or restored."""
    out = out.absolute()
    if not out.parent.is_dir():
        return []
    found = []
    for path in sorted(out.parent.glob(f".{glob.escape(out.name)}.*-*")):
        kind, _, pid = path.name.rpartition("-")
        if not kind.endswith((".staging", ".old")) or not pid.isdigit() or _alive(int(pid)):
            continue
        if kind.endswith(".old") and not out.exists():
            path.rename(out)
        else:
            shutil.rmtree(path, ignore_errors=True)
        found.append(path)
    return found


def clean_temp_folders(root: Path | None = None) -> list[Path]:
    """Remove iceout's temporary folders whose process is gone. Returns what was removed."""
    root = Path(root or tempfile.gettempdir())
    found = []
    for prefix in TEMP_PREFIXES:
        for path in root.glob(prefix + "*"):
            if path.is_dir() and _abandoned(path.name[len(prefix) :], path):
                shutil.rmtree(path, ignore_errors=True)
                found.append(path)
    return found


def _abandoned(rest: str, path: Path) -> bool:
    pid, _, _ = rest.partition("-")
    if pid.isdigit():
        return not _alive(int(pid))
    with contextlib.suppress(OSError):
        return time.time() - path.stat().st_mtime > UNTAGGED_AGE_S
    return False


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
