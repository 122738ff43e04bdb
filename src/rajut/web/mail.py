"""E-mail copies of notifications, sent after the request in a background thread.

Why a thread of its own rather than the job queue: the job queue runs ingest and builds
one at a time, and an unreachable mail server (10 s timeout) must not hold those up.
Deliveries are serialised by a lock, so two at once never e-mail the same notification.
"""

from __future__ import annotations

import logging
import threading

from rajut.governance.corrections.notify import deliver_email
from rajut.web.context import WebContext

log = logging.getLogger(__name__)
_LOCK = threading.Lock()


def _deliver(ctx: WebContext) -> None:
    with _LOCK:
        try:
            deliver_email(ctx.state, ctx.ws.settings.notify)
        except Exception:  # the inbox already has the message; e-mail is a copy
            log.exception("e-mail delivery failed")


def send_later(ctx: WebContext) -> threading.Thread | None:
    """E-mail pending notifications in the background; nothing when no SMTP is configured."""
    if not ctx.ws.settings.notify.smtp_host:
        return None
    thread = threading.Thread(target=_deliver, args=(ctx,), name="rajut-mail", daemon=True)
    thread.start()
    return thread
