"""Reading sources over real HTTP from local servers, and from the workspace's disk."""

from __future__ import annotations

import gzip
import os
import zlib
from ipaddress import ip_address
from pathlib import Path
from typing import Any

import pytest

from govsm.curation import Fetcher, SourceError, read_feed
from govsm.net.addresses import Address, refusal
from govsm.workspace.sources_config import FeedSource

from .conftest import AGENDA, rss
from .server import FeedServer, Route


def source(url: str, **changes: Any) -> FeedSource:
    fields: dict[str, Any] = {
        "id": "agenda",
        "url": url,
        "profiles": ("x-cultura",),
        "allow_private": True,
        "timeout_seconds": 5.0,
    }
    fields.update(changes)
    return FeedSource(**fields)


def fetch(src: FeedSource, fetcher: Fetcher | None = None, root: Path = Path("/nonexistent")):
    return (fetcher or Fetcher()).fetch(src, root=root, folders=(root,))


def only_first_loopback(address: Address) -> Any:
    """A guard that takes 127.0.0.1 for a public address (the tests' "internet")."""
    return None if address == ip_address("127.0.0.1") else refusal(address)


class TestHttp:
    def test_a_feed_is_read_and_parsed(self, server: FeedServer) -> None:
        """An RSS feed served over HTTP comes back whole, with its type and a base for links."""
        server.routes["/feed.xml"] = Route(
            rss(AGENDA), headers={"Content-Type": "application/rss+xml"}
        )
        fetched = fetch(source(server.url("/feed.xml?token=s3cret")))
        assert fetched.body == rss(AGENDA)
        assert fetched.content_type == "application/rss+xml"
        assert fetched.location == server.url("/feed.xml")  # the query is never shown
        assert "s3cret" not in repr(fetched)
        feed = read_feed(fetched, 10)
        assert [e.title for e in feed.entries] == [i["title"] for i in AGENDA]
        (_path, headers) = server.requests[0]
        assert headers["accept-encoding"] == "gzip, deflate"
        assert headers["user-agent"].startswith("govsm/")
        assert headers["host"] == f"127.0.0.1:{server.port}"

    def test_loopback_is_refused_without_the_allowance(self, server: FeedServer) -> None:
        """Without allow_private a loopback address is refused before any connection."""
        server.routes["/feed.xml"] = Route(rss(AGENDA))
        with pytest.raises(SourceError) as caught:
            fetch(source(server.url("/feed.xml"), allow_private=False))
        assert "a loopback address" in caught.value.en
        assert "allow_private = true" in caught.value.en
        assert "dirección de bucle local" in caught.value.es
        assert caught.value.where == f"agenda ({server.url('/feed.xml')})"
        assert server.requests == []

    def test_a_name_resolving_to_a_private_address_is_refused(self) -> None:
        """Every address a name resolves to is checked: one private address refuses it."""
        fetcher = Fetcher(resolve=lambda host, port: ["93.184.216.34", "10.0.0.7"])
        with pytest.raises(SourceError) as caught:
            fetch(source("https://feeds.proves.example/a.xml", allow_private=False), fetcher)
        assert "(10.0.0.7) is a private address" in caught.value.en

    def test_a_redirect_to_loopback_is_refused_without_the_allowance(
        self, server: FeedServer, other_server: FeedServer
    ) -> None:
        """The first hop is "public" (the guard says so); its redirect to 127.0.0.2 is refused."""
        other_server.routes["/feed.xml"] = Route(rss(AGENDA))
        server.routes["/go"] = Route(
            status=302, headers={"Location": other_server.url("/feed.xml")}
        )
        guarded = Fetcher(guard=only_first_loopback)
        with pytest.raises(SourceError) as caught:
            fetch(source(server.url("/go"), allow_private=False), guarded)
        assert "'127.0.0.2' is a loopback address" in caught.value.en
        assert "redirects included" in caught.value.en
        assert other_server.requests == []
        # with the allowance the redirect is followed to the feed
        fetched = fetch(source(server.url("/go"), allow_private=True), guarded)
        assert fetched.location == other_server.url("/feed.xml")
        assert read_feed(fetched, 10).entries[0].title == AGENDA[0]["title"]

    def test_a_redirect_to_a_file_is_refused(self, server: FeedServer) -> None:
        """A redirect may only lead to http(s): file:, ftp: and the like are not followed."""
        server.routes["/go"] = Route(status=301, headers={"Location": "file:///etc/passwd"})
        with pytest.raises(SourceError, match="not http"):
            fetch(source(server.url("/go")))

    def test_redirects_do_not_loop_forever(self, server: FeedServer) -> None:
        """A redirect loop stops after five hops."""
        server.routes["/loop"] = Route(status=307, headers={"Location": "/loop"})
        with pytest.raises(SourceError) as caught:
            fetch(source(server.url("/loop")))
        assert "more than 5 redirects" in caught.value.en
        assert len(server.requests) == 6

    def test_an_error_status_is_named(self, server: FeedServer) -> None:
        """A 404 or a 500 is reported with its status."""
        with pytest.raises(SourceError) as caught:
            fetch(source(server.url("/missing.xml")))
        assert caught.value.en == "the server answered 404 Not Found"
        assert caught.value.es == "el servidor respondió 404 Not Found"

    def test_a_slow_server_times_out(self, server: FeedServer) -> None:
        """A server that does not answer within timeout_seconds is given up."""
        server.routes["/slow.xml"] = Route(rss(AGENDA), delay=30)
        with pytest.raises(SourceError) as caught:
            fetch(source(server.url("/slow.xml"), timeout_seconds=0.3))
        assert "not read within 0.3 s (timeout_seconds)" in caught.value.en

    def test_a_dripping_server_is_cut_off(self, server: FeedServer) -> None:
        """Bytes that keep coming, each in time, still stop at the whole read's timeout."""
        server.routes["/drip.xml"] = Route(rss(AGENDA) * 50, drip=8, drip_pause=0.05)
        with pytest.raises(SourceError, match=r"not read within 0.5 s"):
            fetch(source(server.url("/drip.xml"), timeout_seconds=0.5))

    def test_a_huge_declared_feed_is_refused_before_reading(self, server: FeedServer) -> None:
        """A Content-Length over max_bytes is refused at once."""
        server.routes["/huge.xml"] = Route(b"<rss>" + b" " * 20_000 + b"</rss>")
        with pytest.raises(SourceError) as caught:
            fetch(source(server.url("/huge.xml"), max_bytes=4096))
        assert (
            caught.value.en == "takes more than 4096 bytes once decompressed (max_bytes): not read"
        )

    def test_a_huge_undeclared_feed_stops_at_the_cap(self, server: FeedServer) -> None:
        """Without a length the body is read up to the cap, then refused."""
        server.routes["/huge.xml"] = Route(b"<rss>" + b" " * 200_000 + b"</rss>", no_length=True)
        with pytest.raises(SourceError, match="more than 4096 bytes"):
            fetch(source(server.url("/huge.xml"), max_bytes=4096))

    def test_a_gzip_bomb_is_stopped_at_the_decoded_cap(self, server: FeedServer) -> None:
        """50 MB of zeros in 50 KB of gzip: the cap counts decoded bytes."""
        bomb = gzip.compress(b"\0" * 50_000_000, compresslevel=9)
        assert len(bomb) < 100_000
        server.routes["/bomb.xml"] = Route(bomb, headers={"Content-Encoding": "gzip"})
        with pytest.raises(SourceError) as caught:
            fetch(source(server.url("/bomb.xml"), max_bytes=1024 * 1024))
        assert "more than 1048576 bytes once decompressed" in caught.value.en

    def test_gzip_and_deflate_bodies_are_decoded(self, server: FeedServer) -> None:
        """gzip, zlib-wrapped deflate and raw deflate all decode to the feed."""
        body = rss(AGENDA)
        raw = zlib.compressobj(wbits=-zlib.MAX_WBITS)
        server.routes["/gz"] = Route(gzip.compress(body), headers={"Content-Encoding": "gzip"})
        server.routes["/zl"] = Route(zlib.compress(body), headers={"Content-Encoding": "deflate"})
        server.routes["/raw"] = Route(
            raw.compress(body) + raw.flush(), headers={"Content-Encoding": "deflate"}
        )
        for path in ("/gz", "/zl", "/raw"):
            assert fetch(source(server.url(path))).body == body

    def test_damaged_and_unknown_encodings_are_named(self, server: FeedServer) -> None:
        """A truncated gzip body and a br body are refused, saying which."""
        server.routes["/cut"] = Route(
            gzip.compress(rss(AGENDA))[:40], headers={"Content-Encoding": "gzip"}
        )
        server.routes["/br"] = Route(b"\x0b\x02\x80", headers={"Content-Encoding": "br"})
        with pytest.raises(SourceError, match=r"the compressed content \(gzip\) is damaged"):
            fetch(source(server.url("/cut")))
        with pytest.raises(SourceError, match="encoded as 'br', which govsm does not read"):
            fetch(source(server.url("/br")))

    def test_an_unknown_host_is_named(self) -> None:
        """A name that does not resolve says so."""

        def nowhere(host: str, port: int) -> list[str]:
            from govsm.net.addresses import system_resolver

            return system_resolver("nowhere.invalid", port)

        with pytest.raises(SourceError, match="does not resolve"):
            fetch(source("https://feeds.proves.invalid/a.xml"), Fetcher(resolve=nowhere))


class TestFiles:
    def test_a_file_in_the_workspace_is_read(self, tmp_path: Path) -> None:
        """file: paths are relative to the workspace."""
        (tmp_path / "sources").mkdir()
        (tmp_path / "sources" / "agenda.xml").write_bytes(rss(AGENDA))
        fetched = fetch(source("file:sources/agenda.xml"), root=tmp_path)
        assert fetched.body == rss(AGENDA) and fetched.location == "file:sources/agenda.xml"

    def test_a_link_out_of_the_workspace_is_refused(self, tmp_path: Path) -> None:
        """A link that leads out of the workspace is not followed."""
        outside = tmp_path / "outside.xml"
        outside.write_bytes(rss(AGENDA))
        root = tmp_path / "ws"
        root.mkdir()
        (root / "agenda.xml").symlink_to(outside)
        with pytest.raises(SourceError, match="leads out of the workspace"):
            fetch(source("file:agenda.xml"), root=root)
        with pytest.raises(SourceError, match="leads out of the workspace"):
            fetch(source("file:../outside.xml"), root=root)

    def test_devices_pipes_and_missing_files_are_refused(self, tmp_path: Path) -> None:
        """/dev/zero through a link inside the workspace, a pipe, a missing file: none is read."""
        (tmp_path / "zero").symlink_to("/dev/zero")
        os.mkfifo(tmp_path / "pipe")
        folders = (tmp_path, Path("/dev"))
        for name in ("zero", "pipe"):
            with pytest.raises(SourceError, match="not a regular file"):
                Fetcher().fetch(source(f"file:{name}"), root=tmp_path, folders=folders)
        with pytest.raises(SourceError, match="does not exist"):
            fetch(source("file:nothing.xml"), root=tmp_path)

    def test_a_file_over_the_cap_is_refused(self, tmp_path: Path) -> None:
        """max_bytes holds for files too."""
        (tmp_path / "big.xml").write_bytes(b" " * 5000)
        with pytest.raises(SourceError, match="more than 1024 bytes"):
            fetch(source("file:big.xml", max_bytes=1024), root=tmp_path)
