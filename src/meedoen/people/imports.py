"""Reading the municipality's administrative file of residents on benefit (CSV or XLSX).

Only parsing and checking lives here: every problem becomes an ``ImportProblem`` with the
line and column a person can find in their spreadsheet. Writing is in
``services.residents_import``, which writes nothing unless the whole file is clean.

Safety: a cell that starts with = + - @ (or a tab or carriage return) is refused, because a
spreadsheet program would run it as a formula when the data is opened again (formula or CSV
injection). Excel files are read by openpyxl with defusedxml (entity expansion and external
entities refused: "XML bombs"), after a check of the zip's unpacked size ("zip bombs").
"""

import csv
import datetime
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _

from meedoen.core.spreadsheet import DANGEROUS_START
from meedoen.people.choices import Education, Household, LanguageLevel

# Column name in the file -> Resident field. Dutch, as municipal files are; English aliases.
COLUMNS = {
    "extern_id": "external_id", "external_id": "external_id",
    "voornaam": "given_name", "given_name": "given_name",
    "achternaam": "family_name", "family_name": "family_name",
    "geboortedatum": "birth_date", "birth_date": "birth_date",
    "huishouden": "household", "household": "household",
    "opleiding": "education", "education": "education",
    "uitkering_sinds": "benefit_start", "benefit_start": "benefit_start",
    "taalniveau": "language_level", "language_level": "language_level",
}
REQUIRED = ("external_id", "given_name", "family_name", "birth_date", "household", "education")
OPTIONAL = ("benefit_start", "language_level")

HOUSEHOLDS = {
    "alleenstaand": Household.SINGLE, "eenoudergezin": Household.SINGLE_PARENT,
    "alleenstaande ouder": Household.SINGLE_PARENT, "paar": Household.COUPLE,
    "paar zonder kinderen": Household.COUPLE, "paar met kinderen": Household.COUPLE_WITH_CHILDREN,
    **{value: value for value in Household.values},
}
EDUCATIONS = {"laag": Education.LOW, "middelbaar": Education.MIDDLE, "midden": Education.MIDDLE,
              "hoog": Education.HIGH, **{value: value for value in Education.values}}
LANGUAGE_LEVELS = {"vloeiend": LanguageLevel.FLUENT, "b1": LanguageLevel.B1,
                   "onder b1": LanguageLevel.BELOW_B1,
                   **{value: value for value in LanguageLevel.values}}

MAX_ROWS = 100_000
MAX_FILE_BYTES = 20 * 1024 * 1024
# An .xlsx is a zip; refuse one that unpacks to far more than any real benefit file.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 100


@dataclass(frozen=True)
class ImportProblem:
    line: int
    column: str
    message: str

    def as_text(self) -> str:
        if self.column:
            return _('Line %(line)s, column "%(column)s": %(message)s') % {
                "line": self.line, "column": self.column, "message": self.message}
        return _("Line %(line)s: %(message)s") % {"line": self.line, "message": self.message}

    def as_dict(self) -> dict:
        return {"line": self.line, "column": self.column, "message": self.message}


@dataclass(frozen=True)
class ParsedRow:
    line: int
    values: dict


class FileRefused(Exception):
    """The file as a whole cannot be read; ``problem`` says why."""

    def __init__(self, problem: ImportProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def _csv_rows(data: bytes) -> Iterator[tuple[int, list]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Older Dutch Excel versions save CSV in Windows-1252.
        text = data.decode("cp1252", errors="replace")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    for row in reader:
        yield reader.line_num, row


def _xlsx_rows(data: bytes) -> Iterator[tuple[int, list]]:
    import openpyxl

    if not openpyxl.DEFUSEDXML:  # pragma: no cover - defusedxml is a dependency
        raise FileRefused(ImportProblem(0, "", _("Excel files cannot be read safely here.")))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as error:
        raise FileRefused(ImportProblem(0, "", _("This is not an Excel (.xlsx) file."))) \
            from error
    if unpacked > MAX_UNPACKED_BYTES or unpacked > MAX_RATIO * max(len(data), 1):
        raise FileRefused(ImportProblem(0, "", _(
            "The file unpacks to far more data than a list of residents can hold. It was "
            "not read.")))
    try:
        # Not read-only: formulas must stay visible as formulas, so they can be refused.
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=False)
    except Exception as error:
        # defusedxml raises on entity tricks (XML bombs); openpyxl on damaged files.
        raise FileRefused(ImportProblem(0, "", _(
            "The Excel file could not be read safely. Save it again as .xlsx or as CSV."))) \
            from error
    sheet = book.worksheets[0]
    for number, row in enumerate(sheet.iter_rows(values_only=False), start=1):
        yield number, list(row)


def _cell_text(cell) -> tuple[object, bool]:
    """The cell's value and whether it is a formula (openpyxl cells or CSV strings)."""
    if isinstance(cell, str) or cell is None:
        return cell, False
    return cell.value, cell.data_type == "f"


def _date(value, line: int, column: str, problems: list) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    for pattern in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            parsed = datetime.datetime.strptime(text, pattern)  # noqa: DTZ007 - a date only
        except ValueError:
            continue
        return parsed.date()
    problems.append(ImportProblem(line, column, _(
        '"%(value)s" is not a valid date. Write it as 2026-01-31 or 31-01-2026.')
        % {"value": text}))
    return None


def _choice(value: str, mapping: dict, line: int, column: str, problems: list) -> str | None:
    key = " ".join(str(value).strip().lower().split())
    if key in mapping:
        return str(mapping[key])
    allowed = ", ".join(sorted(name for name in mapping if name not in mapping.values()))
    problems.append(ImportProblem(line, column, _(
        '"%(value)s" is not a known value. Use one of: %(allowed)s.')
        % {"value": value, "allowed": allowed}))
    return None


def parse(data: bytes, file_name: str) -> tuple[list[ParsedRow], list[ImportProblem]]:
    """All rows that are valid, and every problem found; a caller imports only if there are
    no problems at all."""
    if len(data) > MAX_FILE_BYTES:
        raise FileRefused(ImportProblem(0, "", _("The file is larger than 20 MB.")))
    lowered = file_name.lower()
    if lowered.endswith(".xlsx"):
        rows = _xlsx_rows(data)
    elif lowered.endswith((".csv", ".txt")):
        rows = _csv_rows(data)
    else:
        raise FileRefused(ImportProblem(0, "", _("Choose a CSV or an Excel (.xlsx) file.")))

    problems: list[ImportProblem] = []
    parsed: list[ParsedRow] = []
    header: list[str | None] = []
    seen: dict[str, int] = {}
    for line, cells in rows:
        values = [_cell_text(cell) for cell in cells]
        if not header:
            header = [COLUMNS.get(str(v or "").strip().lower()) for v, _f in values]
            names = [str(v or "").strip() for v, _f in values]
            missing = [name for name in REQUIRED if name not in header]
            for field in missing:
                column = next(key for key, value in COLUMNS.items() if value == field)
                problems.append(ImportProblem(line, column, _("This column is missing.")))
            if missing:
                return [], problems
            column_names = dict(zip(header, names, strict=False))
            continue
        if all(v in (None, "") for v, _f in values):
            continue  # empty lines at the end of a spreadsheet
        if len(parsed) + len(problems) >= MAX_ROWS:
            raise FileRefused(ImportProblem(line, "", _("The file has more than 100,000 rows.")))
        row: dict = {}
        row_problems: list[ImportProblem] = []
        for index, field in enumerate(header):
            if field is None:
                continue
            column = column_names[field]
            value, formula = values[index] if index < len(values) else (None, False)
            if formula or (isinstance(value, str) and value.startswith(DANGEROUS_START)):
                row_problems.append(ImportProblem(line, column, _(
                    "The cell starts with = + - or @ and could run as a formula in a "
                    "spreadsheet. Remove that character.")))
                continue
            if value is None or (isinstance(value, str) and not value.strip()):
                if field in REQUIRED:
                    row_problems.append(ImportProblem(line, column, _("This cell is empty.")))
                row[field] = None
                continue
            if field in ("birth_date", "benefit_start"):
                row[field] = _date(value, line, column, row_problems)
            elif field == "household":
                row[field] = _choice(value, HOUSEHOLDS, line, column, row_problems)
            elif field == "education":
                row[field] = _choice(value, EDUCATIONS, line, column, row_problems)
            elif field == "language_level":
                row[field] = _choice(value, LANGUAGE_LEVELS, line, column, row_problems)
            else:
                text = str(value).strip()
                if isinstance(value, float) and value.is_integer():
                    text = str(int(value))  # an id typed as a number in Excel
                if len(text) > (40 if field == "external_id" else 100):
                    row_problems.append(ImportProblem(line, column, _("The text is too long.")))
                row[field] = text
        external_id = row.get("external_id")
        if external_id and not row_problems:
            if external_id in seen:
                row_problems.append(ImportProblem(line, column_names["external_id"], _(
                    "This id is also on line %(line)s.") % {"line": seen[external_id]}))
            seen[external_id] = line
        if row.get("birth_date") and row["birth_date"] > datetime.date.today():  # noqa: DTZ011
            row_problems.append(ImportProblem(line, column_names["birth_date"], _(
                "The date of birth is in the future.")))
        problems.extend(row_problems)
        if not row_problems:
            parsed.append(ParsedRow(line=line, values=row))
    if not header:
        problems.append(ImportProblem(1, "", _("The file is empty.")))
    return parsed, problems
