"""Create, list, disable users and sign them in (with throttling)."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rajut.appstate.models import ApiToken, LoginAttempt, User, utcnow
from rajut.errors import RajutError
from rajut.governance.passwords import (
    DUMMY_HASH,
    check_strength,
    hash_password,
    verify_password,
)
from rajut.governance.roles import Role, parse_role

USERNAME_RE = re.compile(r"^[a-z][a-z0-9._-]{2,63}$")
#: a light check (one @, a dotted domain, no spaces): enough to catch typos, not RFC 5322
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
#: lengths of the ``users.unit`` and ``users.email`` columns
UNIT_MAX = 120
EMAIL_MAX = 200
#: failed sign-ins allowed per user name within the window before it is locked
MAX_FAILURES = 5
THROTTLE_WINDOW = timedelta(minutes=15)
TOKEN_PREFIX = "rjt_"


class UserError(RajutError):
    code = "user-error"


class LoginThrottled(RajutError):
    code = "login-throttled"


@dataclass(frozen=True)
class Principal:
    """Who is acting: enough to authorise and to audit, without a database session."""

    id: int
    username: str
    role: str
    agency: str | None
    full_name: str = ""
    locale: str = "id"

    @classmethod
    def of(cls, user: User) -> Principal:
        return cls(user.id, user.username, user.role, user.agency, user.full_name, user.locale)


def check_username(username: str) -> str:
    name = username.strip().lower()
    if not USERNAME_RE.match(name):
        raise UserError(
            f"Nama pengguna {username!r} tidak sah.",
            "Pakai 3–64 huruf kecil, angka, titik, garis bawah atau tanda hubung, diawali huruf "
            "(mis. siti.dinkes).",
            code="user-name",
        )
    return name


def check_unit(unit: str | None) -> str | None:
    """The unit (bidang/seksi) as stored: trimmed, single spaces, ``None`` when empty.

    Spacing is normalised because the scorecard counts per unit by exact name.
    """
    text = " ".join((unit or "").split())
    if len(text) > UNIT_MAX:
        raise UserError(
            f"Nama unit terlalu panjang ({len(text)} karakter).",
            f"Singkat menjadi paling banyak {UNIT_MAX} karakter, mis. Seksi Gizi.",
            code="user-unit",
        )
    return text or None


def check_email(email: str | None) -> str | None:
    """A plausible e-mail address (lower-cased), or ``None`` when empty."""
    text = (email or "").strip().lower()
    if not text:
        return None
    if len(text) > EMAIL_MAX or not EMAIL_RE.match(text):
        raise UserError(
            f"Alamat surel {text[:60]!r} tidak sah.",
            "Tulis seperti nama@dinkes.example.go.id, atau kosongkan bila tidak ada.",
            code="user-email",
        )
    return text


def create_user(
    session: Session,
    username: str,
    password: str,
    role: str,
    *,
    agency: str | None = None,
    full_name: str = "",
    unit: str | None = None,
    email: str | None = None,
) -> User:
    """A new active user; produsen data must name their agency.

    ``unit`` (bidang/seksi) feeds the per-unit scorecard; ``email`` receives copies of
    notifications. Both are optional.
    """
    name = check_username(username)
    checked_unit = check_unit(unit)
    checked_email = check_email(email)
    parsed = parse_role(role)
    if parsed is Role.PRODUSEN and not (agency or "").strip():
        raise UserError(
            "Produsen data harus terikat pada satu dinas.",
            'Sebutkan dinasnya, mis. --agency "Dinas Kesehatan" (sama dengan owner di kontrak).',
            code="user-agency",
        )
    if parsed is not Role.PRODUSEN and (agency or "").strip():
        # an agency makes its holder the owner of that agency's sources (visible_fields)
        raise UserError(
            "Hanya produsen data yang terikat pada satu dinas.",
            "Kosongkan dinas untuk peran ini, atau pilih peran produsen.",
            code="user-agency",
        )
    if session.scalar(select(User).where(User.username == name)) is not None:
        raise UserError(
            f"Pengguna {name} sudah ada.",
            "Pilih nama lain, atau nonaktifkan lalu buat ulang.",
            code="user-exists",
        )
    check_strength(password, name)
    user = User(
        username=name,
        full_name=full_name.strip(),
        role=parsed.value,
        agency=(agency or "").strip() or None,
        unit=checked_unit,
        email=checked_email,
        password_hash=hash_password(password),
        active=True,
    )
    session.add(user)
    session.flush()
    return user


def get_user(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username.strip().lower()))
    if user is None:
        raise UserError(
            f"Pengguna {username} tidak ditemukan.",
            "Lihat daftar dengan 'rajut users list'.",
            code="user-missing",
        )
    return user


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.username)))


def count_users(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(User)) or 0)


def disable_user(session: Session, username: str) -> User:
    """Deactivate a user: their sessions and API tokens stop working at once."""
    user = get_user(session, username)
    user.active = False
    user.session_version += 1
    return user


def set_unit_email(session: Session, username: str, *, unit: str | None, email: str | None) -> User:
    """Replace a user's unit and e-mail (empty clears); checked like :func:`create_user`."""
    user = get_user(session, username)
    user.unit = check_unit(unit)
    user.email = check_email(email)
    return user


def set_password(session: Session, user: User, password: str) -> None:
    check_strength(password, user.username)
    user.password_hash = hash_password(password)
    user.session_version += 1


def _recent_failures(session: Session, username: str) -> int:
    since = utcnow() - THROTTLE_WINDOW
    last_success = session.scalar(
        select(func.max(LoginAttempt.at)).where(
            LoginAttempt.username == username, LoginAttempt.success.is_(True)
        )
    )
    if last_success is not None and last_success > since:
        since = last_success
    return int(
        session.scalar(
            select(func.count())
            .select_from(LoginAttempt)
            .where(
                LoginAttempt.username == username,
                LoginAttempt.success.is_(False),
                LoginAttempt.at >= since,
            )
        )
        or 0
    )


def authenticate(session: Session, username: str, password: str, client: str = "") -> User:
    """The active user with these credentials, or a :class:`UserError` / :class:`LoginThrottled`.

    The answer never says whether the user name exists; after ``MAX_FAILURES`` failures
    within ``THROTTLE_WINDOW`` the name is locked for the rest of the window.
    """
    name = username.strip().lower()[:64]
    if _recent_failures(session, name) >= MAX_FAILURES:
        session.add(LoginAttempt(username=name, client=client[:64], success=False))
        raise LoginThrottled(
            "Terlalu banyak percobaan masuk yang gagal untuk akun ini.",
            f"Tunggu {int(THROTTLE_WINDOW.total_seconds() // 60)} menit lalu coba lagi, atau "
            "minta walidata memeriksa akun Anda.",
        )
    user = session.scalar(select(User).where(User.username == name))
    ok = verify_password(user.password_hash if user else DUMMY_HASH, password)
    ok = ok and user is not None and user.active
    session.add(LoginAttempt(username=name, client=client[:64], success=ok))
    if not ok or user is None:
        raise UserError(
            "Nama pengguna atau kata sandi salah, atau akun dinonaktifkan.",
            "Periksa ejaan dan huruf besar/kecil; hubungi walidata bila lupa kata sandi.",
            code="login-failed",
        )
    user.last_login_at = utcnow()
    return user


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_token(session: Session, user: User, name: str) -> str:
    """A new API token for ``user``; the plain token is returned once and never stored."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(
        ApiToken(
            user_id=user.id, name=name.strip()[:100] or "token", token_sha256=token_digest(token)
        )
    )
    session.flush()
    return token


def user_for_token(session: Session, token: str) -> User | None:
    """The active owner of a valid, unrevoked token (``None`` otherwise)."""
    row = session.scalar(select(ApiToken).where(ApiToken.token_sha256 == token_digest(token)))
    if row is None or row.revoked:
        return None
    user = session.get(User, row.user_id)
    if user is None or not user.active:
        return None
    row.last_used_at = utcnow()
    return user
