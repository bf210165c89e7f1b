"""The área a post belongs to: the category whose slug is the profile's unit.

A council's general blog files each post under the área that wrote it (``cultura``,
``deportes``…); a blog of one área or of one office holder has one category. The adapter looks
the category up by slug and creates it when it is missing — which WordPress allows to Editors
and Administrators (capability ``manage_categories``) but not to Authors: for an Author the
category must exist beforehand (Posts → Categories), and a missing one refuses the post with
that explanation rather than filing it under "Uncategorized".
"""

from __future__ import annotations

from typing import Any

from govsm.spec import PermanentRejection
from govsm_wordpress.client import RestClient, decoded
from govsm_wordpress.errors import NETWORK, Action, error_code, error_for

FIND = Action(es="buscar la categoría del área", en="looking up the área's category")
CREATE = Action(es="crear la categoría del área", en="creating the área's category")


def category_id(client: RestClient, slug: str) -> int:
    """The id of the category ``slug``, created (named as its slug) when missing.

    :param client: the site's client.
    :param slug: the profile's unit.
    :return: the category's id.
    :raises PermanentRejection: the category is missing and the user may not create it.
    """
    found = client.get("/wp/v2/categories", FIND, {"slug": slug, "_fields": "id,slug"})
    if isinstance(found, list) and found:
        return int(found[0]["id"])
    response = client.request(
        "POST",
        "/wp/v2/categories",
        CREATE,
        json={"name": slug, "slug": slug},
        allow=frozenset({400, 403}),
    )
    if response.status_code == 400 and error_code(response) == "term_exists":
        body: Any = response.json()  # created meanwhile (or a category named so)
        return int(body["data"]["term_id"])
    if response.status_code == 403:
        raise PermanentRejection(
            NETWORK,
            f"el blog no tiene la categoría «{slug}» (la del área del perfil) y este usuario "
            "no puede crearla: créela en Entradas → Categorías con ese slug, o dé al usuario "
            "el rol de Editor",
            f"the blog has no category '{slug}' (the profile's área) and this user may not "
            "create it: create it in Posts → Categories with that slug, or give the user the "
            "Editor role",
        )
    if response.status_code == 400:
        raise error_for(response, CREATE)
    return int(decoded(response, CREATE)["id"])
