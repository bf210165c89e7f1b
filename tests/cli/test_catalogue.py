"""`govsm channels` and `govsm rules` list the ids a govsm.toml can use."""

from __future__ import annotations

import json

from tests.cli.running import invoke

from govsm.plugins import PluginHost

ALONE = {"GOVSM_DISABLE_PLUGINS": "example,test-plugin"}


def test_channels_json_lists_every_channel_the_plugins_declare() -> None:
    """Ids, names, statuses and limits, as the host gives them."""
    done = invoke("channels", "--json", env=ALONE)
    assert done.returncode == 0
    listed = {c["id"]: c for c in json.loads(done.stdout)}
    assert set(listed) == set(PluginHost(entry_points=False).channels())
    assert listed["x"]["text_limit"] == 280
    assert listed["tuenti"]["status"] == "closed"
    assert listed["blog"]["names"] == {"es": "Blog corporativo", "ca-valencia": "Bloc corporatiu"}
    assert listed["x"]["post_url"] == "https://x.com/{handle}/status/{remote_id}"


def test_channels_table_names_networks_in_the_readers_language() -> None:
    """In Spanish the blog is the Blog corporativo and a closed network is cerrada."""
    spanish = invoke("--lang", "es", "channels", env=ALONE).stdout
    english = invoke("--lang", "en", "channels", env=ALONE).stdout
    assert "Blog corporativo" in spanish and "Corporate blog" not in spanish
    assert "cerrada" in spanish and "closed" not in spanish
    assert "Corporate blog" in english and "closed" in english


def test_rules_json_lists_every_rule_with_its_subject() -> None:
    """Each rule's id, subject and default severity; profile rules say so."""
    done = invoke("rules", "--json", env=ALONE)
    assert done.returncode == 0
    listed = {r["id"]: r for r in json.loads(done.stdout)}
    assert set(listed) == set(PluginHost(entry_points=False).rules())
    assert listed["hidden-characters"]["subject"] == "message"
    assert listed["handle-pattern"]["subject"] == "profile"


def test_tables_are_in_the_chosen_language() -> None:
    """The headers follow --lang."""
    assert "límite" in invoke("--lang", "es", "channels", env=ALONE).stdout
    assert "severity" in invoke("--lang", "en", "rules", env=ALONE).stdout
