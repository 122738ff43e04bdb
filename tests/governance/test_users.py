"""Users: strong passwords, roles, agencies, throttled sign-in, tokens (SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

import pytest

from rajut.appstate import open_app_state
from rajut.governance.passwords import WeakPasswordError, check_strength
from rajut.governance.users import (
    MAX_FAILURES,
    LoginThrottled,
    UserError,
    authenticate,
    create_user,
    disable_user,
    issue_token,
    user_for_token,
)

GOOD = "Padi-Sawah-Klaten-27"


@pytest.fixture(params=["sqlite", "postgresql"])
def state(request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    url = "sqlite:///data/app.sqlite"
    if request.param == "postgresql":
        url = request.getfixturevalue("pg_url")
    st = open_app_state(url, tmp_path)
    yield st
    st.dispose()


@pytest.mark.parametrize(
    "password",
    [
        "pendek1A",
        "semuahurufkecil1",
        "SEMUAHURUFBESAR1",
        "TanpaAngkaSama",
        "Password1234",
        "Bismillah-2026",
        "xsiti.dinkesX1",
    ],
)
def test_weak_passwords_are_refused(password: str) -> None:
    with pytest.raises(WeakPasswordError) as info:
        check_strength(password, "siti.dinkes")
    assert info.value.hint


def test_strong_password_passes() -> None:
    check_strength(GOOD, "siti.dinkes")


def test_create_and_authenticate(state) -> None:  # type: ignore[no-untyped-def]
    with state.session() as s:
        user = create_user(s, "Siti.Dinkes", GOOD, "produsen", agency="Dinas Kesehatan")
        assert user.username == "siti.dinkes" and user.password_hash.startswith("$argon2")
    with state.session() as s:
        assert authenticate(s, "siti.dinkes", GOOD).role == "produsen"


def test_produsen_needs_an_agency_and_names_are_unique(state) -> None:  # type: ignore[no-untyped-def]
    with state.session() as s, pytest.raises(UserError):
        create_user(s, "budi", GOOD, "produsen")
    with state.session() as s:
        create_user(s, "budi", GOOD, "analis")
    with state.session() as s, pytest.raises(UserError):
        create_user(s, "budi", GOOD, "analis")


def test_wrong_password_and_unknown_user_read_the_same(state) -> None:  # type: ignore[no-untyped-def]
    with state.session() as s:
        create_user(s, "budi", GOOD, "analis")
    messages = []
    for name, pw in (("budi", "Salah-Sandi-123"), ("tidakada", GOOD)):
        with state.session() as s, pytest.raises(UserError) as info:
            authenticate(s, name, pw)
        messages.append(info.value.message)
    assert messages[0] == messages[1]


def test_sign_in_is_throttled_after_repeated_failures(state) -> None:  # type: ignore[no-untyped-def]
    with state.session() as s:
        create_user(s, "budi", GOOD, "analis")
    for _ in range(MAX_FAILURES):
        with state.session() as s, pytest.raises(UserError):
            authenticate(s, "budi", "Salah-Sandi-123")
    with state.session() as s, pytest.raises(LoginThrottled):
        authenticate(s, "budi", GOOD)  # even the right password waits out the window


def test_disabled_user_cannot_sign_in_or_use_tokens(state) -> None:  # type: ignore[no-untyped-def]
    with state.session() as s:
        user = create_user(s, "budi", GOOD, "analis")
        token = issue_token(s, user, "sistem")
    with state.session() as s:
        assert user_for_token(s, token) is not None
        assert user_for_token(s, token + "x") is None
        disable_user(s, "budi")
    with state.session() as s:
        assert user_for_token(s, token) is None
        with pytest.raises(UserError):
            authenticate(s, "budi", GOOD)
