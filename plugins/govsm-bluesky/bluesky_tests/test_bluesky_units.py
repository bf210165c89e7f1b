"""The plugin's parts that need no server: facets, record keys, errors, cursors, addresses."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from atproto_client.exceptions import (
    BadRequestError,
    NetworkError,
    RateLimitExceededError,
    RequestException,
    UnauthorizedError,
)
from atproto_client.models.common import XrpcError
from atproto_client.request import Response
from govsm_bluesky import cursors, govsm_adapter
from govsm_bluesky.adapter import BlueskyAdapter
from govsm_bluesky.errors import translate
from govsm_bluesky.facets import byte_span, entities, facets
from govsm_bluesky.posting import langs, reply_refs, timestamp
from govsm_bluesky.reading import message_id, storable, when
from govsm_bluesky.rkey import AtUri, is_record_key, is_tid, record_key, tid, tid_microseconds
from govsm_bluesky.session import Account, Tokens
from govsm_bluesky.xrpc import base_url
from hypothesis import given, settings
from hypothesis import strategies as st

from govsm.channels.catalogue import CHANNELS
from govsm.errors import ConfigError
from govsm.model.profile import CredentialRef
from govsm.spec import (
    AuthenticationExpired,
    Credentials,
    EntityKind,
    OutcomeUnknown,
    PermanentRejection,
    Profile,
    RateLimited,
    TransientError,
)

BLUESKY = next(channel for channel in CHANNELS if channel.id == "bluesky")
MASTODON = next(channel for channel in CHANNELS if channel.id == "mastodon")

#: pieces of council posts: accents, emoji (one, and joined into one grapheme), links with and
#: without a scheme, mentions, tags, cashtags, punctuation and line breaks
FRAGMENTS = [
    "Plaça Major",
    "àèéíòóúüç",
    "ñ",
    "😀",
    "👩‍👩‍👧",
    "🇪🇸",
    " ",
    "\n",
    "(",
    ")",
    ".",
    ", ",
    "https://www.soldeneu.es/avisos?id=3&lang=ca",
    "soldeneu.es",
    "@vecina.bsky.social",
    "@ajuntament.test",
    "#TallDAigua",
    "#Festes2026",
    "＃Plaça",
    "$IBEX",
    "l'Ajuntament",
]

TEXTS = st.one_of(
    st.lists(st.sampled_from(FRAGMENTS), max_size=14).map("".join),
    st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=80),
)


def did_for(handle: str) -> str:
    return f"did:plc:{abs(hash(handle)) % 10**12:012d}"


class TestFacets:
    @settings(max_examples=300, deadline=None)
    @given(TEXTS)
    def test_each_facets_bytes_are_its_entitys_text(self, text: str) -> None:
        """For any text, each facet's byte slice of the UTF-8 text is the entity's text."""
        data = text.encode("utf-8")
        found = entities(text, BLUESKY)
        made = facets(text, BLUESKY, did_for)
        assert len(made) == len(found)
        assert [f["index"]["byteStart"] for f in made] == sorted(
            f["index"]["byteStart"] for f in made
        )
        spans = {(f["index"]["byteStart"], f["index"]["byteEnd"]) for f in made}
        for entity in found:
            start, end = byte_span(text, entity.start, entity.end)
            assert data[start:end].decode("utf-8") == entity.text
            assert (start, end) == (entity.utf8_start, entity.utf8_end)
            assert (start, end) in spans

    def test_accents_emoji_and_a_link(self) -> None:
        """Offsets count bytes, not characters: an accent is 2, an emoji 4, a family 18."""
        text = "Plaça 😀 👩‍👩‍👧 https://soldeneu.es/fira #Fira"
        made = facets(text, BLUESKY, did_for)
        data = text.encode("utf-8")
        sliced = [data[f["index"]["byteStart"] : f["index"]["byteEnd"]].decode() for f in made]
        assert sliced == ["https://soldeneu.es/fira", "#Fira"]
        assert made[0]["index"]["byteStart"] == len("Plaça 😀 👩‍👩‍👧 ".encode())
        assert made[0]["features"] == [
            {"$type": "app.bsky.richtext.facet#link", "uri": "https://soldeneu.es/fira"}
        ]
        assert made[1]["features"] == [{"$type": "app.bsky.richtext.facet#tag", "tag": "Fira"}]

    def test_an_unresolved_mention_is_plain_text(self) -> None:
        """A handle that resolves to no account makes no facet; the others still do."""
        text = "Gràcies @vecina.test i @ningu.test!"
        made = facets(text, BLUESKY, lambda h: "did:plc:vecina" if h == "vecina.test" else None)
        assert [f["features"][0] for f in made] == [
            {"$type": "app.bsky.richtext.facet#mention", "did": "did:plc:vecina"}
        ]
        kinds = [entity.kind for entity in entities(text, BLUESKY)]
        assert kinds == [EntityKind.MENTION, EntityKind.MENTION]

    def test_a_cashtag_is_a_tag_with_its_dollar(self) -> None:
        """``$IBEX`` becomes the tag ``$IBEX``, as Bluesky's client makes it."""
        made = facets("L'$IBEX puja i $ibex també", BLUESKY, did_for)
        assert [f["features"][0]["tag"] for f in made] == ["$IBEX"]


class TestRecordKeys:
    WHEN = datetime(2026, 11, 20, 9, 30, 15, 987654, tzinfo=UTC)

    def test_a_key_is_a_valid_tid_and_stable(self) -> None:
        """The same idempotency key and message give the same TID; another key, another."""
        first = record_key("outbox-1", self.WHEN)
        assert is_tid(first) and is_record_key(first)
        assert record_key("outbox-1", self.WHEN) == first
        assert record_key("outbox-1", self.WHEN.astimezone(UTC) + timedelta(0)) == first
        assert record_key("outbox-2", self.WHEN) != first
        assert len({record_key(f"outbox-{n}", self.WHEN) for n in range(300)}) == 300

    def test_a_keys_time_is_the_messages_second(self) -> None:
        """Its timestamp is the message's ``created_at`` to the second: apps sort by it."""
        seconds = tid_microseconds(record_key("k", self.WHEN)) // 1_000_000
        assert seconds == int(self.WHEN.timestamp())

    @settings(max_examples=200, deadline=None)
    @given(st.text(max_size=200), st.datetimes(timezones=st.just(UTC)))
    def test_any_key_and_time_make_a_tid(self, key: str, moment: datetime) -> None:
        """Whatever the key (any Unicode) and time (before 1970 too), the result is a TID."""
        assert is_tid(record_key(key, moment))

    @pytest.mark.parametrize(
        ("text", "valid"),
        [
            ("3jzfcijpj2z2a", True),
            ("7777777777777", True),
            ("3zzzzzzzzzzzz", True),
            ("2222222222222", True),
            ("3jzfcijpj2z2", False),
            ("3jzfcijpj2z2aa", False),
            ("3jzfcijpj2z21", False),
            ("zzzzzzzzzzzzz", False),
            ("kjzfcijpj2z2a", False),
            ("3JZFCIJPJ2Z2A", False),
            ("3jzf-cij-pj2z-2a", False),
        ],
    )
    def test_tid_syntax(self, text: str, valid: bool) -> None:
        """TID syntax as https://atproto.com/specs/tid states it (its interop examples)."""
        assert is_tid(text) is valid

    def test_tids_match_atprotos_own_encoder(self) -> None:
        """``TID.fromTime(1700000000000000, 512)`` of ``@atproto/common-web`` is 3ke6kg3wk22k2."""
        assert tid(1_700_000_000_000_000, 512) == "3ke6kg3wk22k2"
        assert tid(0, 0) == "2222222222222"

    def test_at_uris(self) -> None:
        """A record's AT URI is read into repository, collection and key; others are refused."""
        uri = "at://did:plc:abc/app.bsky.feed.post/3jzfcijpj2z2a"
        assert str(AtUri.parse(uri)) == uri
        for bad in ("https://bsky.app/x", "at://did:plc:abc/app.bsky.feed.post", "at://a/b/."):
            with pytest.raises(ValueError):
                AtUri.parse(bad)


def sdk_error(kind: type[Exception], status: int, error: str, **headers: str) -> Exception:
    response = Response(
        success=False,
        status_code=status,
        content=XrpcError(error=error, message=f"{error} said the server"),
        headers=headers,
    )
    return kind(response)


class TestErrors:
    def test_a_429_waits_what_retry_after_says(self) -> None:
        """``Retry-After`` in seconds is the wait."""
        error = sdk_error(RateLimitExceededError, 429, "RateLimitExceeded", **{"retry-after": "7"})
        limited = translate(error, write=True)
        assert isinstance(limited, RateLimited)
        assert limited.retry_after == 7.0

    def test_a_429_waits_until_ratelimit_reset(self) -> None:
        """Without ``Retry-After``, the wait runs until ``RateLimit-Reset`` (epoch seconds)."""
        reset = str(int(time.time()) + 120)
        error = sdk_error(
            RateLimitExceededError, 429, "RateLimitExceeded", **{"ratelimit-reset": reset}
        )
        limited = translate(error, write=True)
        assert isinstance(limited, RateLimited)
        assert limited.retry_after is not None
        assert 100 < limited.retry_after <= 120

    @pytest.mark.parametrize(
        ("error", "expected"),
        [
            (sdk_error(UnauthorizedError, 401, "AuthenticationRequired"), AuthenticationExpired),
            (sdk_error(BadRequestError, 400, "ExpiredToken"), AuthenticationExpired),
            (sdk_error(BadRequestError, 400, "InvalidToken"), AuthenticationExpired),
            (sdk_error(BadRequestError, 400, "InvalidRequest"), PermanentRejection),
            (sdk_error(NetworkError, 413, "PayloadTooLarge"), PermanentRejection),
            (sdk_error(RequestException, 500, "InternalServerError"), TransientError),
            (sdk_error(NetworkError, 502, "UpstreamFailure"), TransientError),
        ],
    )
    def test_answers_become_govsms_errors(self, error: Exception, expected: type) -> None:
        """Each answer becomes its govsm error, quoting the server's reason in both languages."""
        translated = translate(error, write=True)
        assert type(translated) is expected
        assert "said the server" in translated.es and "said the server" in translated.en

    def test_no_answer_to_a_write_is_an_unknown_outcome(self) -> None:
        """A read timeout or a reset after a write left: unknown; nothing sent: transient."""
        request = httpx.Request("POST", "https://pds.example/xrpc/com.atproto.repo.createRecord")
        lost = httpx.ReadTimeout("timed out", request=request)
        reset = httpx.RemoteProtocolError("Server disconnected", request=request)
        refused = httpx.ConnectError("Connection refused", request=request)
        assert isinstance(translate(lost, write=True), OutcomeUnknown)
        assert isinstance(translate(reset, write=True), OutcomeUnknown)
        assert isinstance(translate(lost, write=False), TransientError)
        assert isinstance(translate(refused, write=True), TransientError)
        wrapped = NetworkError()
        wrapped.__cause__ = httpx.ConnectTimeout("timed out", request=request)
        assert isinstance(translate(wrapped, write=True), TransientError)


class TestCursors:
    def test_a_cursor_of_another_pds_starts_over(self) -> None:
        """Sequence numbers belong to one PDS: an account that moved reads from the start."""
        assert cursors.read_inbound("42@https://a.example", "https://a.example") == 42
        assert cursors.read_inbound("42@https://old.example", "https://a.example") == 0
        assert cursors.read_inbound("garbage", "https://a.example") == 0
        assert (
            cursors.read_own("seq:3n3z4gmu65s22:17@https://old.example", "https://a.example")
            is None
        )

    def test_own_cursors_round_trip(self) -> None:
        """Both phases of ``fetch_own`` write a cursor that reads back the same."""
        for text in (
            "list:3n3z4gmu65s22:3n3z4q3pmuinu@http://localhost:2583",
            "seq::0@https://p.example",
        ):
            pds = text.rsplit("@", 1)[1]
            assert str(cursors.read_own(text, pds)) == text


class TestAddresses:
    @pytest.mark.parametrize(
        "url",
        [
            "http://bsky.example",
            "http://10.0.0.5:2583",
            "ftp://bsky.social",
            "bsky.social",
            "https://",
        ],
    )
    def test_plain_http_is_refused_off_this_machine(self, url: str) -> None:
        """Only https, or http to localhost and 127.0.0.1 (a test network, a tunnel)."""
        with pytest.raises(ConfigError):
            base_url(url, "service")

    @pytest.mark.parametrize(
        "url",
        [
            "https://bsky.social/",
            "http://localhost:2583",
            "http://127.0.0.1:2583",
            "http://[::1]:2583",
        ],
    )
    def test_https_and_local_http_are_taken(self, url: str) -> None:
        """``https`` anywhere, plain ``http`` to this machine; the trailing slash goes."""
        assert base_url(url, "service") == url.rstrip("/")

    def test_the_adapter_refuses_them_too(self, profile_for_units: Profile) -> None:
        """A service or PLC directory over plain http elsewhere is refused when built."""
        for service, plc in (
            ("http://bsky.example", "https://plc.directory"),
            ("https://bsky.social", "http://plc.example"),
        ):
            with pytest.raises(ConfigError):
                BlueskyAdapter(
                    channel=BLUESKY,
                    profile=profile_for_units,
                    password="x",
                    service=service,
                    plc=plc,
                )


@pytest.fixture
def profile_for_units() -> Profile:
    return Profile(
        organisation="o", id="bluesky-o", channel="bluesky", handle="@aj.bsky.social", unit="u"
    )


class TestHook:
    def test_other_channels_are_not_served(self, profile_for_units: Profile) -> None:
        """The hook answers ``None`` for a channel that is not Bluesky."""
        credentials = Credentials(ref=CredentialRef("env:X"), secret="s")
        assert (
            govsm_adapter(channel=MASTODON, profile=profile_for_units, credentials=credentials)
            is None
        )

    def test_the_service_comes_from_the_environment(
        self, profile_for_units: Profile, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """``GOVSM_BLUESKY_SERVICE`` (default bsky.social); the handle loses its ``@``."""
        credentials = Credentials(ref=CredentialRef("env:X"), secret="app-pass-word")
        monkeypatch.delenv("GOVSM_BLUESKY_SERVICE", raising=False)
        with govsm_adapter(
            channel=BLUESKY, profile=profile_for_units, credentials=credentials
        ) as made:
            assert (
                repr(made)
                == "BlueskyAdapter(handle='aj.bsky.social', service='https://bsky.social')"
            )
        monkeypatch.setenv("GOVSM_BLUESKY_SERVICE", "https://pds.soldeneu.es/")
        with govsm_adapter(
            channel=BLUESKY, profile=profile_for_units, credentials=credentials
        ) as made:
            assert "https://pds.soldeneu.es'" in repr(made)
            assert "app-pass-word" not in repr(made) + str(made)
        monkeypatch.setenv("GOVSM_BLUESKY_SERVICE", "http://pds.soldeneu.es")
        with pytest.raises(ConfigError):
            govsm_adapter(channel=BLUESKY, profile=profile_for_units, credentials=credentials)


class TestRecords:
    def test_reply_refs_of_a_reply_to_a_reply(self) -> None:
        """A reply to a reply keeps the thread's root and answers its parent."""
        first = {"text": "1/3"}
        second = {"text": "2/3", "reply": reply_refs("at://d/p/1", "c1", first)}
        third = reply_refs("at://d/p/2", "c2", second)
        assert third == {
            "root": {"uri": "at://d/p/1", "cid": "c1"},
            "parent": {"uri": "at://d/p/2", "cid": "c2"},
        }

    def test_languages_are_primary_subtags(self) -> None:
        """``langs`` carries the message's primary language subtag, or nothing."""
        assert langs("ca-valencia") == ["ca"]
        assert langs("eu") == ["eu"]
        assert langs(None) == []

    def test_datetimes(self) -> None:
        """``createdAt`` is read back as written; without a zone, as UTC; garbage gives way."""
        moment = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
        assert when(timestamp(moment), datetime.now(UTC)) == moment
        assert when("2026-11-20T09:30:00", datetime.now(UTC)) == moment  # no zone: UTC
        assert when(None, moment) == moment

    def test_ids_are_slugs_of_at_most_64_characters(self) -> None:
        """Message ids stay slugs of 64 characters at most, whatever the profile's id."""
        long = Profile(organisation="o", id="b" * 64, channel="bluesky", handle="aj.test", unit="u")
        made = message_id(long, "in", "at://did:plc:abc/app.bsky.feed.post/3jzfcijpj2z2a")
        assert len(made) <= 64 and made.endswith("-in-3jzfcijpj2z2a-8bf1a829")
        assert storable("a\x00b\ud800") == "a\ufffdb\ufffd"


class TestSession:
    def test_a_refresh_without_a_refresh_token_keeps_the_old_one(self) -> None:
        """A server that sends no new refresh token does not erase the good one."""
        account = Account.__new__(Account)
        account.handle = "aj.test"
        previous = Tokens(
            access="old-access", refresh="good-refresh", did="did:plc:aj", handle="aj.test"
        )
        kept = account._keep({"accessJwt": "new-access", "refreshJwt": ""}, previous)
        assert (kept.access, kept.refresh) == ("new-access", "good-refresh")
        assert "good-refresh" not in repr(kept) and "new-access" not in repr(kept)
