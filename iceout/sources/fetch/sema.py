"""Canada's Consolidated Autonomous Sanctions List (SEMA), one XML file from Global Affairs
Canada: fetched conditionally, and whole only when it parses to its closing tag."""

from pathlib import Path

from iceout.errors import UnreadableFileError
from iceout.sources import sema
from iceout.sources.fetch.cache import Cache, Cached
from iceout.sources.fetch.http import HttpClient, RetryableError

SOURCE = "sema"


def check_xml(path: Path) -> None:
    try:
        records = sum(1 for _ in sema.iter_records(path))
    except UnreadableFileError as exc:
        raise RetryableError(f"the XML is cut or broken: {exc.message}") from exc
    if not records:
        raise RetryableError("the XML holds no <record>")


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
        rows=sum(1 for _ in sema.iter_records(download.path)),
        etag=download.etag,
        last_modified=download.last_modified,
    )
