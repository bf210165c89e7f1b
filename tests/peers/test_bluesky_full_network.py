"""The full local Bluesky network (dev-env's TestNetwork) starts, answers, and leaves nothing.

It starts a network of its own (not the session's) to check what stopping it does: the whole
process group ends, and its database is dropped.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import psycopg
import pytest
from atproto import models

from tests.peers.bluesky_appview import BlueskyFullNetwork
from tests.peers.bluesky_network import install
from tests.peers.fixtures import skip_if_disabled

pytestmark = pytest.mark.slow


def listening(port: int) -> set[str]:
    """The local addresses (hex, as ``/proc/net/tcp*`` writes them) listening on ``port``."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, _, hex_port = local.rpartition(":")
            if state == "0A" and int(hex_port, 16) == port:
                found.add(address)
    return found


def databases(url: str) -> set[str]:
    with psycopg.connect(url, autocommit=True, connect_timeout=5) as connection:
        rows = connection.execute("SELECT datname FROM pg_database").fetchall()
    return {str(row[0]) for row in rows}


def test_it_starts_on_localhost_notifies_and_stops_without_a_trace(tmp_path: Path) -> None:
    skip_if_disabled("bluesky")
    net = BlueskyFullNetwork(install(), data_dir=tmp_path)
    net.start()
    try:
        assert net.start_seconds is not None and net.boot_seconds is not None
        print(f"full network: start {net.start_seconds:.1f} s, boot {net.boot_seconds:.1f} s")
        pgid = net._server.process.pid if net._server is not None else 0
        for port in (net.plc_port, net.pds_port, net.bsky_port, net.control_port):
            assert listening(port) == {"0100007F"}, f"port {port} listens on 127.0.0.1 only"
        assert net.database in databases(net.postgres)

        suffix = secrets.token_hex(3)
        ayto = net.create_account(f"ayto-{suffix}.test", secrets.token_hex(8))
        vecina = net.create_account(f"vecina-{suffix}.test", secrets.token_hex(8))
        a, v = net.client(ayto), net.client(vecina)
        post = a.send_post("Avís: tall d'aigua", profile_identify=ayto.did)
        net.process_all()
        ref = models.create_strong_ref(post)
        reply = v.send_post(
            "A quina hora?",
            profile_identify=vecina.did,
            reply_to=models.AppBskyFeedPost.ReplyRef(root=ref, parent=ref),
        )
        net.process_all()
        listed = a.app.bsky.notification.list_notifications().notifications
        assert [(n.reason, n.uri) for n in listed] == [("reply", reply.uri)]
    finally:
        net.stop()
    with pytest.raises(ProcessLookupError):
        os.killpg(pgid, 0)
    assert net.database not in databases(net.postgres)
