"""A webhook receiver on 127.0.0.1, over a real socket, that can go down and come back.

It records every POST (path, headers, body) and every connection it accepts, answers with the
status the test sets, can redirect, can hold its answer until released (a slow receiver), and
can serve TLS with a certificate the test made. ``stop()`` closes the listening socket, so a
request then gets "connection refused"; ``start()`` listens on the same port again.
"""

from __future__ import annotations

import socket
import ssl
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from attrs import frozen


@frozen
class Received:
    """One request the receiver read."""

    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def webhook_id(self) -> str:
        return self.headers["webhook-id"]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, receiver: Receiver) -> None:
        self.receiver = receiver
        super().__init__(("127.0.0.1", receiver.port), _Handler)

    def verify_request(self, request: Any, client_address: Any) -> bool:
        with self.receiver.lock:
            self.receiver.connections += 1
        return True


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        return

    def do_POST(self) -> None:
        receiver = self.server.receiver
        length = int(self.headers.get("content-length", "0"))
        body = self.rfile.read(length)
        received = Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
        with receiver.lock:
            receiver.requests.append(received)
        if receiver.hold is not None:
            receiver.hold.wait(timeout=30)
        status, headers = receiver.answer(received)
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("content-length", "0")
        self.end_headers()


class Receiver:
    """A local webhook receiver; see the module docstring."""

    def __init__(self, *, tls: ssl.SSLContext | None = None) -> None:
        self.port = free_port()
        self.tls = tls
        self.lock = threading.Lock()
        self.requests: list[Received] = []
        self.connections = 0
        self.status = 204
        self.headers: dict[str, str] = {}
        #: set to hold every answer until the event is set (a slow receiver)
        self.hold: threading.Event | None = None
        #: decides the answer per request, when set (overrides ``status`` and ``headers``)
        self.responder: Callable[[Received], tuple[int, dict[str, str]]] | None = None
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        scheme = "https" if self.tls else "http"
        return f"{scheme}://127.0.0.1:{self.port}/hook"

    def answer(self, received: Received) -> tuple[int, dict[str, str]]:
        if self.responder is not None:
            return self.responder(received)
        return self.status, dict(self.headers)

    def start(self) -> Receiver:
        server = _Server(self)
        if self.tls is not None:
            server.socket = self.tls.wrap_socket(server.socket, server_side=True)
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self.hold is not None:
            self.hold.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None

    @property
    def ids(self) -> list[str]:
        with self.lock:
            return [r.webhook_id for r in self.requests]
