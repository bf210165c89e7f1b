"""govsm embedded in a web application: a WSGI app built here answers from the example workspace.

No CLI is involved: the app uses the Python API only, as a portal or an intranet would.
"""

from __future__ import annotations

import json
import threading
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest

import govsm


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output clean."""


def make_app(workspace: govsm.Workspace) -> Callable[..., Iterable[bytes]]:
    """A tiny intranet page: GET /profiles lists the organisation's live profiles as JSON."""

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ["PATH_INFO"] != "/profiles":
            start_response("404 Not Found", [("Content-Type", "text/plain")])
            return [b"not found"]
        channels = workspace.channels()
        body = {
            "organisation": workspace.organisation.name,
            "profiles": [
                {
                    "id": p.id,
                    "network": channels[p.channel].name,
                    "handle": p.handle,
                    "state": p.state.value,
                }
                for p in workspace.profiles
                if p.state.value in ("active", "dormant")
            ],
        }
        start_response("200 OK", [("Content-Type", "application/json; charset=utf-8")])
        return [json.dumps(body, ensure_ascii=False).encode("utf-8")]

    return app


@pytest.fixture
def server(example: Path, tmp_path: Path) -> Iterator[str]:
    """The app on a free port of 127.0.0.1, serving in a thread."""
    if not (example / "govsm.toml").exists():
        pytest.skip("the example workspace is not there")
    workspace = govsm.Workspace.open(example, store_url=f"sqlite:///{tmp_path / 'store.sqlite3'}")
    httpd: WSGIServer = make_server("127.0.0.1", 0, make_app(workspace), handler_class=QuietHandler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        workspace.close()


def test_intranet_page_answers_from_the_example(server: str) -> None:
    """A real HTTP request gets the example council's live profiles, through the Python API alone."""
    with urllib.request.urlopen(f"{server}/profiles", timeout=10) as response:
        assert response.status == 200
        data = json.loads(response.read().decode("utf-8"))
    assert data["organisation"] == "Ajuntament de Soldeneu"
    networks = {p["network"] for p in data["profiles"]}
    assert {"X (Twitter)", "Mastodon", "Bluesky"} <= networks
    assert "Tuenti" not in networks and "Google+" not in networks


def test_embedding_app_runs_the_audit_without_cli(example: Path, tmp_path: Path) -> None:
    """An app can run the main job and read its report objects directly."""
    if not (example / "govsm.toml").exists():
        pytest.skip("the example workspace is not there")
    with govsm.Workspace.open(example, store_url=f"sqlite:///{tmp_path / 's.sqlite3'}") as ws:
        report = govsm.run_audit(ws, out=tmp_path / "report")
    # the declared profiles and the one the example's governance journal opened
    assert report.step("profiles").summary["total"] == len(ws.profiles) + 1
    assert (tmp_path / "report" / "summary.json").exists()
