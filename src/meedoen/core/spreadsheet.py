"""CSV cells that a spreadsheet will not run as formulas (CSV injection, OWASP)."""

from collections.abc import Iterable

# A cell starting with one of these is read as a formula by Excel, LibreOffice and Sheets.
DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """Text starting with = + - @ (or tab, carriage return) gets a leading apostrophe.
    Numbers pass as they are, so negative numbers stay numbers."""
    if isinstance(value, str) and value.startswith(DANGEROUS_START):
        return "'" + value
    return value


def safe_row(values: Iterable[object]) -> list[object]:
    """A CSV row for ``csv.writer.writerow`` with every text cell made safe."""
    return [spreadsheet_safe(value) for value in values]
