"""A feed server on a loopback address, over real sockets, that can misbehave on purpose.

Each test registers routes: a path and what to answer (:class:`Route`). A route can answer
slowly (:attr:`Route.delay`), drip its body a few bytes at a time (:attr:`Route.drip`),
redirect, or send any status, headers and body — a gzip bomb with ``Content-Encoding: gzip``
included. Every answer is written as the test set it; nothing is decoded or checked here.
``stop()`` releases the requests still waiting and closes the socket.
"""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from attrs import field, frozen


@frozen
class Route:
    """What the server answers on one path."""

    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(factory=dict)
    #: seconds to wait before answering (released early by ``stop()``)
    delay: float = 0.0
    #: when set, the body is sent this many bytes at a time, ``drip_pause`` seconds apart
    drip: int | None = None
    drip_pause: float = 0.2
    #: send no Content-Length (the body ends when the connection closes)
    no_length: bool = False


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, host: str, owner: FeedServer) -> None:
        self.owner = owner
        super().__init__((host, 0), _Handler)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.0"

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        return

    def do_GET(self) -> None:
        owner = self.server.owner
        with owner.lock:
            owner.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
        route = owner.routes.get(self.path.split("?", 1)[0])
        if route is None:
            route = Route(b"not found", status=404)
        try:
            if route.delay and owner.released.wait(route.delay):
                return
            self.send_response(route.status)
            for name, value in route.headers.items():
                self.send_header(name, value)
            if not route.no_length:
                self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            if route.drip is None:
                self.wfile.write(route.body)
                return
            for start in range(0, len(route.body), route.drip):
                if owner.released.is_set():
                    return
                self.wfile.write(route.body[start : start + route.drip])
                self.wfile.flush()
                time.sleep(route.drip_pause)
        except OSError:  # the client gave up (a timeout, a cap): that is the point
            return


class FeedServer:
    """A threaded HTTP server on ``host`` (a loopback address), on a free port."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.lock = threading.Lock()
        self.released = threading.Event()
        self._server = _Server(host, self)
        self.host = host
        self.port = int(self._server.server_address[1])
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"

    def stop(self) -> None:
        self.released.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)
