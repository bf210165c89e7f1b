"""The adapter: one profile's WordPress blog, through the REST API and an Application Password.

A profile of the ``blog`` channel names its site in ``url`` (``https://blog.soldeneu.example``)
and the user's Application Password in ``credential``. The WordPress user is the login before a
``:`` in the secret (``govsm-cultura:abcd efgh …``, as HTTP basic authentication writes them),
else the profile's ``handle`` (a leading ``@`` is dropped): so a blog whose public ``handle`` is
the site's name still signs in as its own user. An Application Password never holds a ``:``.
Every call opens its own HTTP client with the timeouts set, and closes it.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import UTC, datetime

import httpx

from govsm.spec import (
    Bilingual,
    ConfigError,
    Credentials,
    Message,
    NetworkError,
    OutcomeUnknown,
    PermanentRejection,
    Profile,
    PublishResult,
    UploadMedia,
)
from govsm.spec.remote import Capabilities, CredentialStatus, Metrics, Page, RemoteChange
from govsm_wordpress import capabilities as caps
from govsm_wordpress.categories import category_id
from govsm_wordpress.client import DEFAULT_TIMEOUT, RestClient, decoded
from govsm_wordpress.content import text_to_html, title_for
from govsm_wordpress.errors import NETWORK, Action, reason_of
from govsm_wordpress.inbound import fetch_inbound
from govsm_wordpress.marker import marker_comment
from govsm_wordpress.media import KINDS, Uploaded, discard, figure, upload
from govsm_wordpress.own import fetch_own
from govsm_wordpress.posts import find_by_content, find_by_marker, result_of
from govsm_wordpress.site import api_root

PUBLISH = Action(es="publicar la entrada", en="publishing the post")
WHO = Action(es="identificar al usuario", en="identifying the user")
DELETE = Action(es="mover la entrada a la papelera", en="moving the post to the trash")
COUNT = Action(es="contar los comentarios de la entrada", en="counting the post's comments")


def login_and_password(profile: Profile, secret: str) -> tuple[str, str]:
    """The WordPress login and the Application Password a profile signs in with.

    ``login:password`` gives both; a secret without ``:`` is the password of the user the
    profile's ``handle`` names.

    >>> from govsm.spec import Profile
    >>> blog = Profile(organisation="o", id="blog", channel="blog", handle="bloc.example",
    ...                unit="comunicacio")
    >>> login_and_password(blog, "govsm-blog:abcd efgh")[0], login_and_password(blog, "abcd")[0]
    ('govsm-blog', 'bloc.example')
    """
    login, colon, password = secret.strip().partition(":")
    if colon and login.strip():
        return login.strip().removeprefix("@"), password.strip()
    return profile.handle.strip().removeprefix("@"), secret.strip()


class WordPressAdapter:
    """Publishes to, and reads from, one profile's WordPress blog.

    :param profile: the profile (channel ``blog``, with ``url``).
    :param credentials: the WordPress user's Application Password (spaces allowed).
    :param timeout: the timeouts of every request.
    :param transport: an httpx transport (tests); the network by default.
    :raises ConfigError: the profile has no ``url``, or a plain ``http://`` one to another
        machine.
    """

    def __init__(
        self,
        profile: Profile,
        credentials: Credentials,
        *,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        if profile.url is None:
            raise ConfigError(
                "el perfil del blog no tiene «url»: ponga la dirección del sitio WordPress",
                "the blog profile has no 'url': set the WordPress site's address",
                where=profile.id,
            )
        self.profile = profile
        self.api_root = api_root(profile.url, where=profile.id)
        self.user, self._secret = login_and_password(profile, credentials.secret)
        self._timeout = timeout
        self._transport = transport
        self._author: int | None = None

    def __repr__(self) -> str:
        return (
            f"WordPressAdapter(profile={self.profile.id!r}, site={self.api_root!r}, "
            f"user={self.user!r})"
        )

    __str__ = __repr__

    # -- plumbing ------------------------------------------------------------------------------

    def _client(self) -> RestClient:
        from govsm_wordpress import __version__

        return RestClient(
            self.api_root,
            self.user,
            self._secret,
            timeout=self._timeout,
            transport=self._transport,
            user_agent=f"govsm-wordpress/{__version__}",
        )

    def _author_id(self, client: RestClient) -> int:
        """The account's user id (asked once per adapter)."""
        if self._author is None:
            me = client.get("/wp/v2/users/me", WHO, {"_fields": "id"})
            self._author = int(me["id"])
        return self._author

    @staticmethod
    def _post_id(remote_id: str) -> int:
        if not remote_id.isdigit():
            raise PermanentRejection(
                NETWORK,
                f"«{remote_id}» no es el número de una entrada de WordPress",
                f"'{remote_id}' is not a WordPress post id",
            )
        return int(remote_id)

    # -- publishing ----------------------------------------------------------------------------

    def capabilities(self) -> Capabilities:
        """What the blog can do (see :mod:`govsm_wordpress.capabilities`)."""
        return caps.capabilities(self.api_root)

    def _refuse_unsupported(
        self, message: Message, media: Sequence[UploadMedia], reply_to: str | None
    ) -> None:
        if reply_to is not None:
            raise PermanentRejection(
                NETWORK,
                "una entrada de blog no responde a otra entrada (el blog no tiene hilos)",
                "a blog post does not answer another post (the blog has no threads)",
            )
        if message.content_warning:
            raise PermanentRejection(
                NETWORK,
                "el blog no tiene avisos de contenido: póngalo en el texto",
                "the blog has no content warnings: put it in the text",
            )
        if len(media) > caps.MAX_MEDIA:
            raise PermanentRejection(
                NETWORK,
                f"{len(media)} imágenes: como mucho {caps.MAX_MEDIA} por entrada; haga una "
                "galería en el editor de WordPress",
                f"{len(media)} images: at most {caps.MAX_MEDIA} per post; build a gallery in "
                "WordPress's editor",
            )
        for item in media:
            if item.kind not in KINDS:
                raise PermanentRejection(
                    NETWORK,
                    f"«{item.name}» es {item.kind}: el blog solo recibe imágenes",
                    f"'{item.name}' is a {item.kind}: the blog takes images only",
                )

    def publish(
        self,
        message: Message,
        *,
        idempotency_key: str,
        media: Sequence[UploadMedia] = (),
        reply_to: str | None = None,
    ) -> PublishResult:
        """Publish ``message`` as a post, unless a post with ``idempotency_key`` exists.

        The post's title is the message's (or its first line), its category the profile's
        unit, its featured image the first image; the marker of ``idempotency_key`` ends its
        content (:mod:`govsm_wordpress.marker`).

        :param message: the message.
        :param idempotency_key: looked for before posting, and written into the post.
        :param media: images, cleaned of metadata, each with its alt text.
        :param reply_to: must be ``None``: a post answers no post.
        :return: the post.
        :raises govsm.spec.network_errors.NetworkError: as WordPress answered.
        """
        self._refuse_unsupported(message, media, reply_to)
        with self._client() as client:
            author = self._author_id(client)
            existing = find_by_marker(client, author, idempotency_key)
            if existing is not None:
                return result_of(existing)
            category = category_id(client, self.profile.unit)
            uploaded: list[Uploaded] = []
            try:
                for index, item in enumerate(media):
                    uploaded.append(upload(client, item, index))
                parts = [text_to_html(message.text), *(figure(u) for u in uploaded[1:])]
                parts.append(marker_comment(idempotency_key))
                body: dict[str, object] = {
                    "title": html.escape(title_for(message.title, message.text), quote=False),
                    "content": "\n\n".join(p for p in parts if p),
                    "status": "publish",
                    "categories": [category],
                }
                if uploaded:
                    body["featured_media"] = uploaded[0].id
                response = client.request(
                    "POST", "/wp/v2/posts", PUBLISH, json=body, creates_post=True
                )
            except OutcomeUnknown:
                raise  # the post may exist and use the images: keep them
            except NetworkError:
                discard(client, uploaded)
                raise
            return result_of(decoded(response, PUBLISH))

    def lookup(
        self, message: Message, *, idempotency_key: str, since: datetime
    ) -> PublishResult | None:
        """Find the post an earlier attempt made: by marker (any status), else by title and text.

        :param message: the message.
        :param idempotency_key: the attempt's key.
        :param since: when the attempt began.
        :return: the post, or ``None``.
        """
        with self._client() as client:
            author = self._author_id(client)
            found = find_by_marker(client, author, idempotency_key)
            if found is None:
                title = title_for(message.title, message.text)
                found = find_by_content(client, author, title, message.text, since)
        return result_of(found) if found is not None else None

    def delete(self, remote_id: str) -> None:
        """Move the post to the trash (a post already in the trash or gone is not an error).

        The trash rather than ``force``: the post stays a record of what the organisation said,
        and a person can restore it (WordPress empties the trash after 30 days).

        :param remote_id: the post's id.
        """
        post_id = self._post_id(remote_id)
        with self._client() as client:
            client.request("DELETE", f"/wp/v2/posts/{post_id}", DELETE, allow=frozenset({404, 410}))

    # -- reading back --------------------------------------------------------------------------

    def fetch_inbound(self, cursor: str | None) -> Page[Message]:
        """Approved comments on the account's posts after ``cursor`` (:mod:`.inbound`)."""
        with self._client() as client:
            return fetch_inbound(client, self.profile, self._author_id(client), cursor)

    def fetch_own(self, cursor: str | None) -> Page[RemoteChange]:
        """The account's posts posted, edited or trashed after ``cursor`` (:mod:`.own`)."""
        with self._client() as client:
            return fetch_own(client, self.profile, self._author_id(client), cursor)

    def metrics(self, remote_id: str | None = None) -> Metrics:
        """The post's approved comments; the profile has no counts (WordPress has no followers).

        :param remote_id: the post's id, or ``None`` for the profile.
        :return: the counts.
        """
        now = datetime.now(UTC)
        if remote_id is None:
            return Metrics(at=now)
        post_id = self._post_id(remote_id)
        with self._client() as client:
            client.get(f"/wp/v2/posts/{post_id}", COUNT, {"context": "edit", "_fields": "id"})
            response = client.request(
                "GET",
                "/wp/v2/comments",
                COUNT,
                params={"post": post_id, "type": "comment", "per_page": 1, "_fields": "id"},
            )
        total = int(response.headers.get("X-WP-Total", "0") or 0)
        return Metrics(at=now, remote_id=remote_id, counts={"comments": total})

    def verify(self) -> CredentialStatus:
        """Ask WordPress who the credentials are (``/wp/v2/users/me``) and whether they publish.

        :return: valid with the user's slug; not valid (with the reason) when WordPress does
            not recognise them, or the user's role may not publish posts.
        :raises govsm.spec.network_errors.TransientError: the site cannot be reached.
        """
        with self._client() as client:
            response = client.request(
                "GET",
                "/wp/v2/users/me",
                WHO,
                params={"context": "edit", "_fields": "id,slug,capabilities"},
                allow=frozenset({401}),
            )
            if response.status_code == 401:
                reason = reason_of(response)
                return CredentialStatus(
                    valid=False,
                    reason=Bilingual(
                        es=f"WordPress no reconoce al usuario «{self.user}» con esa contraseña "
                        f"de aplicación («{reason}»): revocada, mal copiada o de otro usuario",
                        en=f"WordPress does not recognise the user '{self.user}' with that "
                        f"Application Password ('{reason}'): revoked, mistyped or another "
                        "user's",
                    ),
                )
            me = decoded(response, WHO)
        account = str(me.get("slug") or self.user)
        if not (me.get("capabilities") or {}).get("publish_posts"):
            return CredentialStatus(
                valid=False,
                account=account,
                reason=Bilingual(
                    es=f"el usuario «{account}» entra, pero su rol no le deja publicar "
                    "entradas: dele el rol de Autor o de Editor",
                    en=f"the user '{account}' signs in, but their role may not publish "
                    "posts: give them the Author or Editor role",
                ),
            )
        self._author = int(me["id"])
        return CredentialStatus(valid=True, account=account)
