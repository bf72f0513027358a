"""Canada's Consolidated Autonomous Sanctions List (SEMA), one XML file from Global Affairs
Canada: fetched conditionally, whole only when it parses to its closing tag, and handed on only
when every element is one iceout knows (iceout/sources/sema.py): a renamed list fails the
sanctions source with the unknown names, and the other sources are stored as usual."""

from pathlib import Path

from iceout.errors import UnreadableFileError
from iceout.sources import sema
from iceout.sources.fetch.cache import Cache, Cached
from iceout.sources.fetch.http import FetchError, HttpClient, RetryableError

SOURCE = "sema"


def check_xml(path: Path) -> None:
    """Cut or broken XML is worth downloading again; a refused file is whole and is judged
    after the download (`readable_records`)."""
    try:
        records = sema.count_records(path)
    except sema.SemaFormatError:
        return
    except UnreadableFileError as exc:
        raise RetryableError(f"the XML is cut or broken: {exc.message}") from exc
    if not records:
        raise RetryableError("the XML holds no <record>")


def readable_records(path: Path, url: str) -> int:
    try:
        return sum(1 for _ in sema.iter_records(path))
    except sema.SemaFormatError as exc:
        raise FetchError(f"{url}: {exc.message}") from exc


def fetch_sema(client: HttpClient, url: str, cache: Cache) -> Cached:
    download = client.download(
        url, cache.directory(SOURCE) / "sema-lmes.xml", "sema-lmes.xml", check=check_xml
    )
    return Cached(
        SOURCE,
        "sanctions list",
        url,
        download.path,
        download.sha256,
        download.size,
        download.retrieved_at,
        rows=readable_records(download.path, url),
        etag=download.etag,
        last_modified=download.last_modified,
    )
