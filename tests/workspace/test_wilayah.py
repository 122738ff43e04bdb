from __future__ import annotations

from pathlib import Path

import pytest

from rajut.errors import ReferenceDataError
from rajut.reference.wilayah import (
    find_wilayah_dir,
    from_nik_prefix,
    load_wilayah,
    nik_prefix,
)


def test_loads_all_levels_from_shared_files() -> None:
    w = load_wilayah()
    assert w.name("33.10") == "Kabupaten Klaten"
    kec = w.children("33.10")
    assert len(kec) == 26
    assert all(k.level == "kecamatan" and k.code.startswith("33.10.") for k in kec)
    desa = w.desa_of_kabupaten("33.10")
    assert len(desa) > 300 and all(d.level == "desa_kelurahan" for d in desa)


def test_retired_codes_are_known_for_nik_prefixes() -> None:
    w = load_wilayah()
    retired_kec = next(w.iter_level("kecamatan", include_retired=True))
    assert w.is_known_kecamatan_prefix(nik_prefix(retired_kec.code))
    papua_old = [r for r in w.retired.values() if r.level == "kecamatan" and r.code[:2] == "91"]
    assert papua_old, "pre-2022 Papua kecamatan codes are in the retired list"
    assert w.is_known_kecamatan_prefix(nik_prefix(papua_old[0].code))
    assert not w.is_known_kecamatan_prefix("999999")


def test_prefix_round_trip() -> None:
    assert nik_prefix("33.10.12") == "331012"
    assert from_nik_prefix("331012") == "33.10.12"


def test_unknown_code_raises_with_hint() -> None:
    with pytest.raises(ReferenceDataError) as err:
        load_wilayah().name("99.99")
    assert err.value.hint


def test_env_dir_must_hold_the_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RAJUT_WILAYAH_DIR", str(tmp_path))
    with pytest.raises(ReferenceDataError) as err:
        find_wilayah_dir()
    assert "RAJUT_WILAYAH_DIR" in err.value.message
