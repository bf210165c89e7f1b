"""The conformance kit: what every network adapter must do, checked against a real server.

An adapter's author subclasses :class:`AdapterConformance` in their test suite and gives it
fixtures; every test of the class then runs against their adapter and a server of the network
(a local one, or a test account on the real network):

``adapter``
    the :class:`~govsm.spec.adapter.Adapter` under test, for a fresh account;
``profile``
    the :class:`~govsm.model.Profile` the adapter publishes for;
``peer``
    a :class:`NetworkPeer`: what the kit needs to see and do on the server *besides* the
    adapter — read a post as the network holds it, answer it from another account, edit or
    delete it as if in the network's own app, make the server refuse the next post with 429;
``refused``
    the same adapter with credentials the server refuses (a revoked or made-up token);
``planted_secrets``
    the secrets of ``adapter`` and ``refused``: none may show in a log, a repr or an error.

What a network cannot do is declared in the adapter's
:class:`~govsm.spec.remote.Capabilities`; the tests that need it skip, saying which flag. A
:class:`NetworkPeer` method that cannot be done on a server raises
:class:`NotImplementedError`, and the test that needs it skips.

.. code-block:: python

    import pytest
    from govsm.testing.conformance import AdapterConformance


    class TestMyNetwork(AdapterConformance):
        @pytest.fixture
        def adapter(self, my_server, profile):
            return MyAdapter(my_server.url, profile, my_server.token)

        ...  # profile, peer, refused, planted_secrets

The tests: capabilities declared; credentials verified and refused ones typed; text; an image
with its alt text; a reply thread; deletion (twice is not an error); one idempotency key, one
post; lookup of a post whose answer was lost; inbound replies paged with a cursor that
resumes; edits and deletions of the organisation's own posts; a 429 turned into
:class:`~govsm.spec.network_errors.RateLimited` with its wait; a post the network refuses as
:class:`~govsm.spec.network_errors.PermanentRejection`; metrics limited to what is declared;
secrets nowhere.
"""

from __future__ import annotations

import io
import logging
import secrets
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Protocol, TypeVar

import pytest

from govsm.model import Direction, MediaKind, Message, MessageKind, MessageState, Profile
from govsm.spec.adapter import Adapter, UploadMedia
from govsm.spec.network_errors import AuthenticationExpired, PermanentRejection, RateLimited
from govsm.spec.remote import ChangeKind, Page, RemoteChange

T = TypeVar("T")

#: how many pages the kit reads before it decides a cursor never ends
MAX_PAGES = 50


class NetworkPeer(Protocol):
    """What the kit sees and does on the server besides the adapter under test."""

    def text_of(self, remote_id: str) -> str | None:
        """The post's text as the network holds it (plain text); ``None`` when there is none."""

    def alt_texts_of(self, remote_id: str) -> list[str]:
        """The alt texts of the post's attachments, in order."""

    def parent_of(self, remote_id: str) -> str | None:
        """The id of the post it answers, if any."""

    def count_with_text(self, text: str) -> int:
        """How many posts of the adapter's account hold exactly ``text``."""

    def reply(self, remote_id: str, text: str) -> str:
        """Answer the post from another account; return the answer's id."""

    def edit(self, remote_id: str, text: str) -> None:
        """Change the post's text as if in the network's own app."""

    def delete(self, remote_id: str) -> None:
        """Delete the post as if in the network's own app."""

    def rate_limit_next_publish(self, retry_after: int) -> None:
        """Make the server answer the next post with 429.

        With a wait of ``retry_after`` seconds where the server lets the test choose; a real
        server may set its own, and the kit checks only that a wait comes with the error.
        """


def message_for(profile: Profile, text: str, **changes: object) -> Message:
    """An outbound post of ``profile`` with ``text``, as the publishing worker passes it.

    :param changes: other fields of :class:`~govsm.model.Message` (``language``,
        ``content_warning``…).
    """
    fields: dict[str, object] = {
        "organisation": profile.organisation,
        "id": f"conformance-{secrets.token_hex(6)}",
        "profile": profile.id,
        "direction": Direction.OUTBOUND,
        "kind": MessageKind.POST,
        "state": MessageState.SCHEDULED,
        "text": text,
        "created_at": datetime.now(UTC),
    }
    fields.update(changes)
    return Message(**fields)  # type: ignore[arg-type]


def png(width: int = 16, height: int = 12) -> bytes:
    """A small PNG image, made on the spot (no metadata)."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (30, 110, 200)).save(out, format="PNG")
    return out.getvalue()


def all_pages(
    fetch: Callable[[str | None], Page[T]], cursor: str | None
) -> tuple[list[T], str | None]:
    """Every item from ``cursor`` on, following :attr:`~govsm.spec.remote.Page.more`.

    :return: the items and the cursor to resume from.
    :raises AssertionError: the pages never end, or a page says there is more without moving
        its cursor.
    """
    items: list[T] = []
    for _ in range(MAX_PAGES):
        page = fetch(cursor)
        items.extend(page.items)
        if not page.more:
            return items, page.cursor
        assert page.cursor != cursor, "a page says there is more but its cursor did not move"
        cursor = page.cursor
    raise AssertionError(f"more than {MAX_PAGES} pages: the cursor never ends")


def _unique(words: str) -> str:
    return f"{words} [{secrets.token_hex(4)}]"


def _skip_unless(adapter: Adapter, flag: str) -> None:
    if not adapter.capabilities().can(flag):
        pytest.skip(f"the network cannot: {flag}")


class AdapterConformance:
    """The tests every network adapter passes (see the module's description for fixtures)."""

    # -- what the adapter says about itself ------------------------------------------------------

    def test_declares_its_capabilities(self, adapter: Adapter, profile: Profile) -> None:
        """The network is the profile's; media limits agree with each other."""
        caps = adapter.capabilities()
        assert caps.network == profile.channel
        assert (caps.max_media > 0) == bool(caps.media_kinds)
        assert caps.sources, "say where the limits come from"

    def test_verifies_its_credentials(self, adapter: Adapter) -> None:
        """Accepted credentials say whose they are."""
        status = adapter.verify()
        assert status.valid
        assert status.account

    def test_refused_credentials_are_a_status_and_a_typed_error(
        self, refused: Adapter, profile: Profile
    ) -> None:
        """``verify`` reports them refused, with the reason; publishing raises.

        The error is :class:`~govsm.spec.network_errors.AuthenticationExpired`.
        """
        status = refused.verify()
        assert not status.valid
        assert status.reason is not None
        message = message_for(profile, _unique("Prova amb credencials rebutjades"))
        with pytest.raises(AuthenticationExpired):
            refused.publish(message, idempotency_key=secrets.token_hex(8))

    # -- publishing --------------------------------------------------------------------------

    def test_publishes_text(self, adapter: Adapter, profile: Profile, peer: NetworkPeer) -> None:
        """The post exists on the network with the message's text."""
        text = _unique("Obrim el registre municipal dilluns a les 9 h")
        result = adapter.publish(message_for(profile, text), idempotency_key=secrets.token_hex(8))
        assert result.remote_id
        assert result.published_at.tzinfo is not None
        held = peer.text_of(result.remote_id)
        assert held is not None
        assert text in " ".join(held.split())

    def test_publishes_an_image_with_its_alt_text(
        self, adapter: Adapter, profile: Profile, peer: NetworkPeer
    ) -> None:
        """The attachment goes up with its alt text."""
        caps = adapter.capabilities()
        if MediaKind.IMAGE not in caps.media_kinds:
            pytest.skip("the network takes no images")
        alt = "Plànol del tall d'aigua al carrer Major"
        media = UploadMedia(
            kind=MediaKind.IMAGE, data=png(), mime_type="image/png", alt_text=alt, name="tall.png"
        )
        message = message_for(profile, _unique("Tall d'aigua dimarts"))
        result = adapter.publish(message, idempotency_key=secrets.token_hex(8), media=[media])
        assert peer.alt_texts_of(result.remote_id) == [alt]

    def test_a_reply_answers_its_parent(
        self, adapter: Adapter, profile: Profile, peer: NetworkPeer
    ) -> None:
        """The second post of a thread answers the first."""
        _skip_unless(adapter, "threads")
        first = adapter.publish(
            message_for(profile, _unique("Fil: horaris de la piscina (1/2)")),
            idempotency_key=secrets.token_hex(8),
        )
        second = adapter.publish(
            message_for(profile, _unique("Preus i abonaments (2/2)")),
            idempotency_key=secrets.token_hex(8),
            reply_to=first.remote_id,
        )
        assert peer.parent_of(second.remote_id) == first.remote_id

    def test_deletes_and_a_second_delete_is_no_error(
        self, adapter: Adapter, profile: Profile, peer: NetworkPeer
    ) -> None:
        """The post is gone; deleting it again changes nothing."""
        _skip_unless(adapter, "delete")
        result = adapter.publish(
            message_for(profile, _unique("Avís publicat per error")),
            idempotency_key=secrets.token_hex(8),
        )
        adapter.delete(result.remote_id)
        assert peer.text_of(result.remote_id) is None
        adapter.delete(result.remote_id)

    def test_one_idempotency_key_publishes_once(
        self, adapter: Adapter, profile: Profile, peer: NetworkPeer
    ) -> None:
        """A retry with the same key is the same post, not a second one."""
        text = _unique("Recollida de mobles vells dijous")
        message = message_for(profile, text)
        key = secrets.token_hex(8)
        first = adapter.publish(message, idempotency_key=key)
        again = adapter.publish(message, idempotency_key=key)
        assert again.remote_id == first.remote_id
        assert peer.count_with_text(text) == 1

    def test_lookup_finds_a_post_whose_answer_was_lost(
        self, adapter: Adapter, profile: Profile
    ) -> None:
        """The outbox asks before it retries: the post is found; one never sent is not."""
        since = datetime.now(UTC) - timedelta(minutes=1)
        message = message_for(profile, _unique("Ple municipal ordinari dijous a les 19 h"))
        key = secrets.token_hex(8)
        sent = adapter.publish(message, idempotency_key=key)  # as if the answer never came
        found = adapter.lookup(message, idempotency_key=key, since=since)
        assert found is not None
        assert found.remote_id == sent.remote_id
        never = message_for(profile, _unique("Aquest missatge no s'ha enviat mai"))
        assert adapter.lookup(never, idempotency_key=secrets.token_hex(8), since=since) is None

    def test_a_refused_post_is_a_typed_rejection(self, adapter: Adapter, profile: Profile) -> None:
        """A post over the network's limit is refused, with the network's reason.

        The error is :class:`~govsm.spec.network_errors.PermanentRejection`.
        """
        limit = adapter.capabilities().text_limit
        if limit is None:
            pytest.skip("the network declares no text limit")
        message = message_for(profile, "a" * (limit * 2 + 10))
        with pytest.raises(PermanentRejection) as refused:
            adapter.publish(message, idempotency_key=secrets.token_hex(8))
        assert refused.value.en
        assert refused.value.es

    def test_a_429_is_rate_limited_with_its_wait(
        self, adapter: Adapter, profile: Profile, peer: NetworkPeer
    ) -> None:
        """The server's 429 comes with the wait it asked for: the worker waits, not hammers.

        The error is :class:`~govsm.spec.network_errors.RateLimited`.
        """
        try:
            peer.rate_limit_next_publish(retry_after=7)
        except NotImplementedError:
            pytest.skip("the server cannot be made to answer 429")
        message = message_for(profile, _unique("Prova de límit de peticions"))
        with pytest.raises(RateLimited) as limited:
            adapter.publish(message, idempotency_key=secrets.token_hex(8))
        assert limited.value.retry_after is not None
        assert limited.value.retry_after > 0

    # -- reading the network back ------------------------------------------------------------

    def test_inbound_replies_page_through_and_resume(
        self, adapter: Adapter, profile: Profile, peer: NetworkPeer
    ) -> None:
        """Answers from other accounts arrive once each, as the profile's inbound messages.

        The cursor resumes after them: they do not come again.
        """
        _, cursor = all_pages(adapter.fetch_inbound, None)
        post = adapter.publish(
            message_for(profile, _unique("Consulta ciutadana: diga'ns la teua")),
            idempotency_key=secrets.token_hex(8),
        )
        answers = [_unique(f"Resposta {n} a la consulta") for n in range(3)]
        try:
            for answer in answers:
                peer.reply(post.remote_id, answer)
        except NotImplementedError:
            pytest.skip("nobody can answer a post on this server")
        items, after = all_pages(adapter.fetch_inbound, cursor)
        texts = [" ".join(m.text.split()) for m in items]
        for answer in answers:
            assert sum(answer in text for text in texts) == 1, f"{answer!r} arrived once"
        for item in items:
            assert item.direction is Direction.INBOUND
            assert item.profile == profile.id
            assert item.remote_id
            assert item.created_at.tzinfo is not None
        again, _ = all_pages(adapter.fetch_inbound, after)
        assert not any(answer in m.text for m in again for answer in answers)

    def test_own_posts_edited_and_deleted_become_changes(
        self, adapter: Adapter, profile: Profile, peer: NetworkPeer
    ) -> None:
        """What happened to our posts on the network — an edit, a deletion — comes back."""
        caps = adapter.capabilities()
        if not (caps.edit or caps.own_history):
            pytest.skip("the network reports neither edits nor deletions")
        _, cursor = all_pages(adapter.fetch_own, None)
        kept = adapter.publish(
            message_for(profile, _unique("Horari d'estiu de la biblioteca")),
            idempotency_key=secrets.token_hex(8),
        )
        gone = adapter.publish(
            message_for(profile, _unique("Avís que s'esborrarà")),
            idempotency_key=secrets.token_hex(8),
        )
        new_text = _unique("Horari d'estiu de la biblioteca (corregit)")
        changes: list[RemoteChange] = []
        if caps.edit:
            try:
                peer.edit(kept.remote_id, new_text)
            except NotImplementedError:
                pytest.skip("the server's app cannot edit a post")
        if caps.own_history:
            peer.delete(gone.remote_id)
        changes, _ = all_pages(adapter.fetch_own, cursor)
        if caps.edit:
            # the post was published after the cursor too: a network that dates changes to the
            # second may report it once, as posted, already with its new text
            seen = [
                c
                for c in changes
                if c.remote_id == kept.remote_id and c.kind is not ChangeKind.DELETED
            ]
            assert seen, "the edited post came back"
            assert seen[-1].message is not None
            assert new_text in seen[-1].message.text, "with the text it has now"
        if caps.own_history:
            deleted = [c for c in changes if c.kind is ChangeKind.DELETED]
            assert any(c.remote_id == gone.remote_id for c in deleted), "the deletion came back"

    def test_metrics_hold_only_what_is_declared(self, adapter: Adapter, profile: Profile) -> None:
        """Counts of a post and of the profile: whole, not negative, among those declared."""
        declared = adapter.capabilities().metrics
        post = adapter.publish(
            message_for(profile, _unique("Agenda cultural del cap de setmana")),
            idempotency_key=secrets.token_hex(8),
        )
        for metrics in (adapter.metrics(post.remote_id), adapter.metrics(None)):
            assert set(metrics.counts) <= declared
            assert all(isinstance(n, int) and n >= 0 for n in metrics.counts.values())

    # -- secrets -----------------------------------------------------------------------------

    def test_secrets_show_nowhere(
        self,
        adapter: Adapter,
        refused: Adapter,
        profile: Profile,
        planted_secrets: list[str],
        caplog: pytest.LogCaptureFixture,
    ) -> None:
        """Not in a repr, a string, a log line (at DEBUG) or an error, even a refused one."""
        caplog.set_level(logging.DEBUG)
        shown: list[str] = [repr(adapter), str(adapter), repr(refused), str(refused)]
        adapter.verify()
        status = refused.verify()
        if status.reason is not None:
            shown += [status.reason.es, status.reason.en]
        try:
            refused.publish(
                message_for(profile, _unique("Prova de secrets")),
                idempotency_key=secrets.token_hex(8),
            )
        except Exception as error:
            shown += [str(error), repr(error), *_chain(error)]
        shown += [record.getMessage() for record in caplog.records]
        for secret in planted_secrets:
            assert secret, "plant a non-empty secret"
            assert not any(secret in text for text in shown), "a secret showed"


def _chain(error: BaseException) -> Iterator[str]:
    """The texts of the errors ``error`` was raised from."""
    seen = error.__cause__ or error.__context__
    while seen is not None:
        yield str(seen)
        seen = seen.__cause__ or seen.__context__
