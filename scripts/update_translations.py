"""Extract every user-facing text of the web app and update the English catalog.

    .venv/bin/python scripts/update_translations.py          # add new texts, keep translations
    .venv/bin/python scripts/update_translations.py --check  # exit 1 when a text is untranslated

Texts are Indonesian msgids: ``{{ _("...") }}`` in templates and ``N_("...")`` / ``_("...")``
in Python under src/rajut/web and src/rajut/governance. Run by ``make docs``; the check
runs in the suite (tests/web/test_i18n.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
WEB = ROOT / "src" / "rajut" / "web"
PO = WEB / "locale" / "en" / "LC_MESSAGES" / "rajut.po"
METHODS = [("**/templates/**.html", "jinja2"), ("**.py", "python")]
OPTIONS = {"**/templates/**.html": {"extensions": "jinja2.ext.i18n", "trimmed": "false"}}
KEYWORDS = {"_": None, "N_": None, "gettext": None}


def extract() -> dict[str, list[str]]:
    """msgid → where it is used."""
    found: dict[str, list[str]] = {}
    for folder in (WEB, ROOT / "src" / "rajut" / "governance"):
        for filename, lineno, message, _comments, _ctx in extract_from_dir(
            folder, METHODS, OPTIONS, KEYWORDS
        ):
            if isinstance(message, str) and message:
                found.setdefault(message, []).append(f"{folder.name}/{filename}:{lineno}")
    return found


def load() -> Catalog:
    if PO.is_file():
        with PO.open("rb") as fh:
            return read_po(fh, locale="en")
    return Catalog(locale="en", project="rajut")


def missing(catalog: Catalog, texts: dict[str, list[str]]) -> list[str]:
    return sorted(t for t in texts if not (catalog.get(t) and catalog.get(t).string))


def main(argv: list[str]) -> int:
    texts = extract()
    catalog = load()
    if "--check" in argv:
        absent = missing(catalog, texts)
        for text in absent:
            sys.stderr.write(f"untranslated: {text!r} ({texts[text][0]})\n")
        return 1 if absent else 0
    # the header keeps the old creation date and entries carry no locations: running this
    # twice, or moving code, changes nothing in the file
    updated = Catalog(
        locale="en", project="rajut", fuzzy=False, creation_date=catalog.creation_date
    )
    for text, places in sorted(texts.items()):
        old = catalog.get(text)
        updated.add(text, old.string if old else "", locations=[(p, None) for p in places[:3]])
    PO.parent.mkdir(parents=True, exist_ok=True)
    with PO.open("wb") as fh:
        write_po(fh, updated, width=100, omit_header=False, sort_output=True, no_location=True)
    todo = missing(updated, texts)
    sys.stdout.write(f"{len(texts)} texts, {len(todo)} without English\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
