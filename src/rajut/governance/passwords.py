"""Password hashing (argon2id) and the rule every password must meet."""

from __future__ import annotations

import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from rajut.errors import RajutError

MIN_LENGTH = 12

#: the first words people reach for; rejected whatever their length
_COMMON = {
    "password",
    "passw0rd",
    "123456",
    "12345678",
    "qwerty",
    "admin",
    "rahasia",
    "katasandi",
    "indonesia",
    "bismillah",
    "walidata",
    "diskominfo",
}

_hasher = PasswordHasher()


class WeakPasswordError(RajutError):
    code = "password-weak"


def check_strength(password: str, username: str = "") -> None:
    """Raise :class:`WeakPasswordError` unless ``password`` is strong enough.

    At least 12 characters, with lower case, upper case and a digit or symbol; it may not
    contain the user name or be a common word with digits around it.
    """
    hint = (
        f"Pakai minimal {MIN_LENGTH} karakter dengan huruf kecil, huruf besar, dan angka atau "
        "simbol, mis. gabungan tiga kata dan angka: 'Padi-Sawah-Klaten-27'."
    )
    if len(password) < MIN_LENGTH:
        raise WeakPasswordError(f"Kata sandi terlalu pendek (kurang dari {MIN_LENGTH}).", hint)
    classes = [
        re.search(r"[a-z]", password),
        re.search(r"[A-Z]", password),
        re.search(r"[^A-Za-z]", password),
    ]
    if not all(classes):
        raise WeakPasswordError(
            "Kata sandi harus memuat huruf kecil, huruf besar, dan angka atau simbol.", hint
        )
    lowered = password.lower()
    if username and len(username) >= 3 and username.lower() in lowered:
        raise WeakPasswordError("Kata sandi tidak boleh memuat nama pengguna.", hint)
    core = re.sub(r"[^a-z]", "", lowered)
    if core in _COMMON:
        raise WeakPasswordError("Kata sandi terlalu mudah ditebak.", hint)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


#: compared against when the user does not exist, so timing does not reveal user names
DUMMY_HASH = _hasher.hash("rajut-dummy-password-never-valid")
