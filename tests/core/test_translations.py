"""The Dutch catalogue is complete: every user text in code and templates has a translation."""

import ast
import gettext
import re
from pathlib import Path

import pytest

import meedoen

PACKAGE = Path(meedoen.__file__).parent
PO = PACKAGE / "locale" / "nl" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
LIBRARIES = {"engine", "matching", "simulation", "evidence_base"}  # no user-facing text


def parse_po(path: Path) -> list[dict]:
    """Entries of a .po file: msgid, plural, msgstr list, flags. Enough of the format for us."""
    entries, current, field = [], None, None

    def unquote(line: str) -> str:
        return ast.literal_eval(line)

    for raw in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if not line:
            if current is not None:
                entries.append(current)
            current, field = None, None
            continue
        if current is None:
            current = {"msgid": "", "plural": None, "msgstr": {}, "flags": set()}
        if line.startswith("#,"):
            current["flags"] |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith("msgid_plural "):
            field, current["plural"] = "plural", unquote(line[13:])
        elif line.startswith("msgid "):
            field, current["msgid"] = "msgid", unquote(line[6:])
        elif line.startswith("msgstr["):
            index = int(line[7:line.index("]")])
            field = ("msgstr", index)
            current["msgstr"][index] = unquote(line[line.index("]") + 2:])
        elif line.startswith("msgstr "):
            field = ("msgstr", 0)
            current["msgstr"][0] = unquote(line[7:])
        elif line.startswith('"'):
            if field == "msgid":
                current["msgid"] += unquote(line)
            elif field == "plural":
                current["plural"] += unquote(line)
            else:
                current["msgstr"][field[1]] += unquote(line)
    return [entry for entry in entries if entry["msgid"]]


ENTRIES = parse_po(PO)
MSGIDS = {entry["msgid"] for entry in ENTRIES}


def test_every_dutch_entry_is_translated_and_none_is_fuzzy():
    untranslated = [e["msgid"] for e in ENTRIES if not all(e["msgstr"].values())]
    fuzzy = [e["msgid"] for e in ENTRIES if "fuzzy" in e["flags"]]
    assert not untranslated and not fuzzy
    assert len(ENTRIES) > 400


def test_compiled_catalogue_matches_the_source():
    with MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = [e["msgid"] for e in ENTRIES
             if e["plural"] is None and compiled.gettext(e["msgid"]) != e["msgstr"][0]]
    assert not stale, f"run `make messages`: {stale[:5]}"


TEMPLATE_TEXT = re.compile(r'{%\s*translate\s+"([^"]+)"')
GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "pgettext", "ngettext"}


def template_texts(path: Path) -> set[str]:
    # makemessages doubles a literal % in template strings (python-format).
    return {text.replace("%", "%%") for text in TEMPLATE_TEXT.findall(path.read_text())}


def code_texts(path: Path) -> set[str]:
    """String literals passed to gettext in the code (docstrings and comments don't count)."""
    texts = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id in GETTEXT_NAMES and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)):
            texts.add(node.args[0].value)
    return texts


def user_text_sources():
    for path in sorted(PACKAGE.rglob("*")):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] in LIBRARIES or "migrations" in relative.parts:
            continue
        if path.suffix in {".html", ".py"}:
            yield path


@pytest.mark.parametrize("path", list(user_text_sources()),
                         ids=lambda path: str(path.relative_to(PACKAGE)))
def test_user_text_in_code_and_templates_is_in_the_catalogue(path):
    texts = template_texts(path) if path.suffix == ".html" else code_texts(path)
    assert not texts - MSGIDS, f"run `make messages` and translate: {texts - MSGIDS}"
