"""Every text of the web app has an English translation; pages render in both languages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from rajut.web.i18n import gettext_for

ROOT = Path(__file__).resolve().parents[2]


def test_every_text_is_translated() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "update_translations.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, (
        "run scripts/update_translations.py and translate:\n" + result.stderr
    )


def test_english_catalog_translates_and_indonesian_is_identity() -> None:
    assert gettext_for("en").gettext("Keluar") == "Sign out"
    assert gettext_for("id").gettext("Keluar") == "Keluar"
    assert gettext_for("xx").gettext("Keluar") == "Keluar"
