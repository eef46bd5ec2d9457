"""Reading the evidence pages in tests: elements marked with ``data-entry`` and their numbers."""

import re
from html.parser import HTMLParser

NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")


class EntryElements(HTMLParser):
    """Collects, per element with a ``data-entry`` attribute, its text and the links in it.

    ``found[(tag, entry_id)]`` is a list (an entry may appear more than once on a page), each
    item ``{"text": str, "links": [href, ...], "id": element id}``.
    """

    VOID = {"br", "img", "input", "meta", "link", "hr", "wbr", "source", "col"}

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.found: dict[tuple[str, str], list[dict]] = {}
        self._open: list[dict] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for capture in self._open:  # keep the texts of neighbouring cells apart
            capture["text"] += " "
        if tag == "a" and attrs.get("href"):
            for capture in self._open:
                capture["links"].append(attrs["href"])
        for capture in self._open:
            if capture["tag"] == tag and tag not in self.VOID:
                capture["depth"] += 1
        if "data-entry" in attrs and tag not in self.VOID:
            capture = {"tag": tag, "depth": 1, "text": "", "links": [], "id": attrs.get("id")}
            self._open.append(capture)
            self.found.setdefault((tag, attrs["data-entry"]), []).append(capture)

    def handle_startendtag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            for capture in self._open:
                capture["links"].append(attrs["href"])

    def handle_endtag(self, tag):
        for capture in list(self._open):
            if capture["tag"] == tag:
                capture["depth"] -= 1
                if capture["depth"] == 0:
                    self._open.remove(capture)

    def handle_data(self, data):
        for capture in self._open:
            capture["text"] += data

    def entry_ids(self, tag: str) -> set[str]:
        return {entry_id for (t, entry_id) in self.found if t == tag}


def numbers_in(text: str) -> list[float]:
    return [float(n.replace(",", ".")) for n in NUMBER.findall(text)]


def shows(value: float, numbers: list[float], decimals: int = 3) -> bool:
    """Whether ``value`` is among the numbers, as written with ``decimals`` decimals."""
    tolerance = 0.5 * 10 ** -decimals + 1e-9
    return any(abs(n - value) <= tolerance for n in numbers)
