"""One conversation with a site's REST API: authenticated, timed out, errors mapped.

A :class:`RestClient` opens an ``httpx.Client`` for one adapter call (a publication, one page of
inbound comments…) and closes it afterwards, so nothing stays open between calls. Every request
has the client's timeout; redirects are not followed (see :mod:`govsm_wordpress.errors`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from types import TracebackType
from typing import Any

import httpx

from govsm.spec import TransientError
from govsm_wordpress.errors import NETWORK, Action, error_code, error_for, transport_error

log = logging.getLogger("govsm_wordpress")

#: the default timeouts: WordPress on shared hosting can take seconds per request
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)

#: items per page asked of list endpoints (WordPress allows at most 100)
PER_PAGE = 100

#: the most pages one listing reads (a guard against a list that never ends)
MAX_PAGES = 1000

Params = Mapping[str, str | int]


class RestClient:
    """Requests to one WordPress site's REST API as one user.

    :param root: the API's root (``https://blog.example/wp-json``).
    :param user: the WordPress user's login name.
    :param secret: the user's Application Password (never shown).
    :param timeout: the timeouts of every request.
    :param transport: an httpx transport (tests); the network by default.
    :param user_agent: the ``User-Agent`` header.
    """

    def __init__(
        self,
        root: str,
        user: str,
        secret: str,
        *,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        transport: httpx.BaseTransport | None = None,
        user_agent: str = "govsm-wordpress",
    ) -> None:
        self.root = root
        self.user = user
        self._client = httpx.Client(
            base_url=root,
            auth=httpx.BasicAuth(user, secret),
            timeout=timeout,
            transport=transport,
            follow_redirects=False,
            headers={"User-Agent": user_agent, "Accept": "application/json"},
        )

    def __repr__(self) -> str:
        return f"RestClient({self.root!r}, user={self.user!r})"

    def __enter__(self) -> RestClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the connections."""
        self._client.close()

    def request(
        self,
        method: str,
        path: str,
        action: Action,
        *,
        params: Params | None = None,
        json: Any = None,
        content: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        allow: frozenset[int] = frozenset(),
        creates_post: bool = False,
    ) -> httpx.Response:
        """Send one request and return the answer, or raise what it means.

        :param method: ``GET``, ``POST``, ``DELETE``.
        :param path: the route under the API's root (``/wp/v2/posts``).
        :param action: what the request is for (the error messages say it).
        :param params: the query.
        :param json: a JSON body.
        :param content: a raw body (a file).
        :param headers: more headers.
        :param allow: statuses besides 2xx returned rather than raised (``404`` for a delete).
        :param creates_post: the request creates the post: a lost answer is
            :class:`~govsm.spec.network_errors.OutcomeUnknown`.
        :return: the answer.
        :raises govsm.spec.network_errors.NetworkError: as :mod:`govsm_wordpress.errors` maps.
        """
        try:
            response = self._client.request(
                method,
                path,
                params=dict(params) if params else None,
                json=json,
                content=content,
                headers=dict(headers) if headers else None,
            )
        except httpx.HTTPError as error:
            log.debug("%s %s: %s", method, path, type(error).__name__)
            raise transport_error(error, action, sent_post=creates_post) from error
        log.debug("%s %s: %s", method, path, response.status_code)
        if response.is_success or response.status_code in allow:
            return response
        raise error_for(response, action)

    def get(self, path: str, action: Action, params: Params | None = None) -> Any:
        """``GET`` a route and return its JSON.

        :param path: the route.
        :param action: what it is for.
        :param params: the query.
        :return: the decoded JSON.
        """
        return decoded(self.request("GET", path, action, params=params), action)

    def pages(
        self, path: str, action: Action, params: Params, *, first: int = 1, limit: int = MAX_PAGES
    ) -> Iterator[tuple[list[Any], int, int]]:
        """The pages of a list route, as WordPress numbers them (``page``, ``X-WP-TotalPages``).

        :param path: the route.
        :param action: what it is for.
        :param params: the query (``per_page`` is set to :data:`PER_PAGE` unless given).
        :param first: the first page to read.
        :param limit: the most pages to read.
        :return: for each page, its items, its number and the number of pages.
        """
        query: dict[str, str | int] = {"per_page": PER_PAGE, **params}
        page = first
        for _ in range(limit):
            query["page"] = page
            response = self.request("GET", path, action, params=query, allow=frozenset({400}))
            if response.status_code == 400:
                past_end = error_code(response) == "rest_post_invalid_page_number"
                if page == first or not past_end:
                    raise error_for(response, action)
                return  # the list shrank between two pages
            items = decoded(response, action)
            if not isinstance(items, list):
                raise _not_wordpress(action)
            header = response.headers.get("X-WP-TotalPages", "")
            if header.isdigit():
                total = max(int(header), 1)
            else:  # a proxy dropped the header: a full page may have a next one
                total = page + 1 if len(items) >= int(query["per_page"]) else page
            yield items, page, total
            if page >= total or not items:
                return
            page += 1


def decoded(response: httpx.Response, action: Action) -> Any:
    """The JSON of a successful answer.

    :param response: the answer.
    :param action: what the request was for.
    :return: the decoded body.
    :raises TransientError: the body is not JSON (a cache's or a firewall's page).
    """
    try:
        return response.json()
    except ValueError:
        raise _not_wordpress(action) from None


def _not_wordpress(action: Action) -> TransientError:
    """The error for an answer that is not WordPress's JSON."""
    return TransientError(
        NETWORK,
        f"el sitio no respondió con el JSON de WordPress al {action.es} (¿un proxy, una caché "
        "o un cortafuegos delante?)",
        f"the site did not answer with WordPress's JSON when {action.en} (a proxy, a cache or "
        "a firewall in front?)",
    )
