"""``govsm channels`` and ``govsm rules``: the ids a ``govsm.toml`` can use, from the plugins."""

from __future__ import annotations

import click

from govsm.cli.context import CliState, echo_table, emit_json
from govsm.cli.options import json_option


@click.command("channels")
@json_option("the channels")
@click.pass_obj
def channels_command(state: CliState, as_json: bool) -> None:
    """List the networks a profile's ``channel`` can name: id, name, status, text limit.

    The channels come from the installed plugins (``govsm plugins``), the built-in catalogue
    among them. The name and the status are in the output's language; ``--json`` gives every
    name by language (``names``) and the post address template (``post_url``).
    """
    found = state.host().channels()
    if as_json:
        emit_json(
            [
                {
                    "id": c.id,
                    "name": c.name,
                    "names": dict(c.names),
                    "status": c.status.value,
                    "text_limit": c.limits.text,
                    "counting": c.counting.value,
                    "post_url": c.post_url,
                    "reply_url": c.reply_url,
                }
                for c in found.values()
            ]
        )
        return
    lang = state.language
    es = lang == "es"
    headers = ("id", "nombre", "estado", "límite") if es else ("id", "name", "status", "limit")
    echo_table(
        headers,
        [
            (
                c.id,
                c.display_name(lang),
                c.status.spanish if es else c.status.value,
                "—" if c.limits.text is None else str(c.limits.text),
            )
            for c in found.values()
        ],
    )


@click.command("rules")
@json_option("the rules")
@click.pass_obj
def rules_command(state: CliState, as_json: bool) -> None:
    """List the rules a policy can configure (``[[policy.rules]] id``): id, subject, severity.

    ``govsm check --explain RULE`` prints what one rule checks and its parameters.
    """
    found = state.host().rules()
    lang = state.language
    if as_json:
        emit_json(
            [
                {
                    "id": r.id,
                    "title": {"es": r.title.es, "en": r.title.en},
                    "subject": r.subject.value,
                    "default_severity": r.default_severity.value,
                    "enabled_by_default": r.enabled_by_default,
                    "family": r.family,
                    "params": dict(r.params),
                }
                for r in found.values()
            ]
        )
        return
    headers = (
        ("id", "sujeto", "gravedad", "título")
        if lang == "es"
        else ("id", "subject", "severity", "title")
    )
    echo_table(
        headers,
        [
            (r.id, r.subject.value, r.default_severity.value, r.title.get(lang))
            for r in found.values()
        ],
    )
