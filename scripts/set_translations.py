"""Fill English translations from a TSV file (Indonesian text, tab, English text).

.venv/bin/python scripts/update_translations.py      # add new texts to the catalog
.venv/bin/python scripts/set_translations.py new.tsv # fill their English
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

PO = Path(__file__).resolve().parents[1] / "src/rajut/web/locale/en/LC_MESSAGES/rajut.po"


def main(tsv: str) -> int:
    pairs = {}
    for line in Path(tsv).read_text(encoding="utf-8").splitlines():
        if "\t" in line:
            source, english = line.split("\t", 1)
            pairs[source] = english.strip()
    with PO.open("rb") as fh:
        catalog = read_po(fh, locale="en")
    filled = 0
    for message in catalog:
        if message.id and message.id in pairs:
            message.string = pairs[message.id]
            filled += 1
    with PO.open("wb") as fh:
        write_po(fh, catalog, width=100, sort_output=True, no_location=True)
    sys.stdout.write(f"{filled} translations set\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
