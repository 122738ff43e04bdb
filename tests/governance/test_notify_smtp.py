"""E-mail copies of notifications through a real SMTP server on loopback (aiosmtpd)."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from email import message_from_bytes
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from rajut.appstate import AppState, open_app_state
from rajut.appstate.models import Notification
from rajut.governance.corrections import decide, propose
from rajut.governance.corrections.notify import deliver_email
from rajut.governance.users import Principal, create_user
from rajut.workspace.settings import NotifySettings

PASSWORD = "Padi-Sawah-Klaten-27"


class Inbox:
    """aiosmtpd handler: keeps every message with its envelope recipients."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], Message]] = []

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:  # noqa: N802
        self.messages.append((list(envelope.rcpt_tos), message_from_bytes(envelope.content)))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


@pytest.fixture
def app_state(tmp_path: Path) -> Iterator[AppState]:
    state = open_app_state("sqlite:///data/app.sqlite", tmp_path)
    with state.session() as session:
        for name, agency, email in (
            ("budi", "Disdukcapil", "budi@capil.example"),
            ("rina", "Disdukcapil", "rina@capil.example"),
            ("tono", "Disdukcapil", None),
            ("siti", "Dinas Kesehatan", "siti@dinkes.example"),
        ):
            create_user(session, name, PASSWORD, "produsen", agency=agency, email=email)
    yield state
    state.dispose()


def _principal(state: AppState, username: str) -> Principal:
    from rajut.appstate.models import User

    with state.session() as session:
        user = session.scalar(select(User).where(User.username == username))
        assert user is not None
        return Principal.of(user)


def _propose(state: AppState, record: str = "100000000229") -> int:
    with state.session() as session:
        return propose(
            session,
            _principal(state, "siti"),
            source="dukcapil",
            owner="Disdukcapil",
            record_id=record,
            changes={"person.alive": "meninggal"},
            evidence="Laporan kader posyandu",
        ).id


def test_owner_agency_and_then_the_proposer_get_one_mail_each(
    app_state: AppState, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    settings = NotifySettings(smtp_host="127.0.0.1", smtp_port=port, sender="rajut@kab.example")
    pid = _propose(app_state)

    first = deliver_email(app_state, settings)
    assert (first.sent, first.failed) == (1, 0)
    assert len(inbox.messages) == 1
    recipients, message = inbox.messages[0]
    assert sorted(recipients) == ["budi@capil.example", "rina@capil.example"]
    assert message["From"] == "rajut@kab.example"
    assert f"Usulan koreksi #{pid}" in str(message["Subject"])
    assert f"/usulan/{pid}" in message.get_payload(decode=True).decode()  # type: ignore[union-attr]

    again = deliver_email(app_state, settings)
    assert (again.sent, again.skipped, again.failed) == (0, 0, 0)
    assert len(inbox.messages) == 1

    with app_state.session() as session:
        decide(
            session, _principal(app_state, "budi"), pid, accept=True, reason="Sesuai akta kematian"
        )
    assert deliver_email(app_state, settings).sent == 1
    assert inbox.messages[1][0] == ["siti@dinkes.example"]
    assert "diterima oleh Disdukcapil" in str(inbox.messages[1][1]["Subject"])


def test_no_smtp_host_sends_nothing(app_state: AppState) -> None:
    _propose(app_state)
    result = deliver_email(app_state, NotifySettings())
    assert (result.sent, result.skipped, result.failed) == (0, 0, 0)
    with app_state.session() as session:
        assert session.scalars(select(Notification.emailed_at)).all() == [None]


def test_unreachable_server_is_counted_failed_and_retried_later(
    app_state: AppState, smtp: tuple[Inbox, int]
) -> None:
    _propose(app_state)
    closed_port = _free_port()  # nothing listens there
    down = deliver_email(app_state, NotifySettings(smtp_host="127.0.0.1", smtp_port=closed_port))
    assert (down.sent, down.failed) == (0, 1)
    inbox, port = smtp
    up = deliver_email(app_state, NotifySettings(smtp_host="127.0.0.1", smtp_port=port))
    assert up.sent == 1 and len(inbox.messages) == 1
