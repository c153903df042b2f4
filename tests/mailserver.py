"""A real SMTP server on loopback for the tests (aiosmtpd), which can be told to refuse mail."""

import socket
from contextlib import contextmanager

from aiosmtpd.controller import Controller


class Inbox:
    """Keeps what the server received; `failing = True` makes it answer 451 to every message."""

    def __init__(self):
        self.messages = []
        self.failing = False

    async def handle_DATA(self, server, session, envelope):
        if self.failing:
            return "451 4.3.0 Mail server temporarily unavailable"
        self.messages.append(envelope)
        return "250 OK"

    @property
    def recipients(self) -> list[str]:
        return [rcpt for envelope in self.messages for rcpt in envelope.rcpt_tos]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def smtp_server():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield inbox, controller.port
    finally:
        controller.stop()


@contextmanager
def mail_to(app, port: int | None, server: str = "127.0.0.1"):
    """Point the app's mail settings at a server (None: no MAIL_SERVER, mail goes to the log)."""
    saved = {k: app.config[k] for k in ("MAIL_SERVER", "MAIL_PORT", "MAIL_TIMEOUT")}
    app.config.update(MAIL_SERVER=server if port else "", MAIL_PORT=port or 25, MAIL_TIMEOUT=5)
    try:
        yield
    finally:
        app.config.update(saved)
