"""A real SMTP server for the tests (aiosmtpd), which can be down, up, or hang mid-send."""

import asyncio
import threading

from aiosmtpd.controller import Controller

from tests.workers import free_port


class Recorder:
    """Keeps every message accepted; `hang` holds the conversation at RCPT until released."""

    def __init__(self):
        self.messages: list[bytes] = []
        self.recipients_seen = threading.Event()
        self.hang = False

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        self.recipients_seen.set()
        while self.hang:
            await asyncio.sleep(0.05)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope.content)
        return "250 Message accepted for delivery"


class SmtpServer:
    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.recorder = Recorder()
        self._controller = None

    def start(self):
        self._controller = Controller(self.recorder, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self):
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def messages(self) -> list[bytes]:
        return self.recorder.messages
