"""What a reader sees of a report page: its text, without the markup, the stylesheet and the
script, and without what the publishers wrote (descriptions, departments, names, sources and
a source's own note), which stays in their words. The same classes as the browser walks set
aside (tests/api/test_api_french_walk.py PUBLISHED)."""

from html.parser import HTMLParser

PUBLISHED = {"desc", "src", "org", "name", "source-note"}
HIDDEN = {"script", "style", "blockquote", "title"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class _Shown(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.open: list[tuple[str, bool]] = []
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        classes = set((dict(attrs).get("class") or "").split())
        skip = tag in HIDDEN or bool(classes & PUBLISHED)
        self.open.append((tag, skip))
        self.skipping += skip

    def handle_endtag(self, tag: str) -> None:
        while self.open and tag not in VOID:
            name, skip = self.open.pop()
            self.skipping -= skip
            if name == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def shown(page: str) -> str:
    parser = _Shown()
    parser.feed(page)
    return " ".join(" ".join(parser.parts).split())
