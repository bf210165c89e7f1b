"""govsm for Novagob: the weekly digest ready to paste into a group, and nothing it cannot do.

Novagob, the social network of Spain's public employees, documents no public API, so this
plugin does not talk to it: it posts nothing, reads nothing and needs no account. It declares two
exporters that turn govsm's weekly digest (:mod:`govsm.builtin.exporters.digest_content`) into
something a member pastes into a Novagob group post or blog entry by hand:

``novagob-digest``
    HTML of the few elements a rich-text editor keeps — headings, paragraphs, lists, links and
    line breaks, no style or class — with a title line first
    (:func:`~govsm.builtin.exporters.digest_paste.render_fragment`);
``novagob-digest-text``
    the same as plain text, for an editor that keeps nothing or for an e-mail
    (:func:`~govsm.builtin.exporters.digest_paste.render_text`).

Both end with the addresses of the Atom feeds the group can subscribe to, when the settings
name where the portal publishes them. The settings — ``group``, the group's name for the title
line, and ``feed_base``, the ``https`` folder of the feeds — are the workspace's
``[plugins.novagob]`` table in ``govsm.toml``; an export without a workspace file reads a
``[novagob]`` table from the TOML file the environment variable :data:`SETTINGS_VARIABLE` names.
Without either, the digest has no group name and no feeds. govsm finds the plugin through the
``govsm`` entry point declared in the distribution's ``pyproject.toml``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from govsm.spec.hookspecs import hookimpl
from govsm_novagob._version import __version__

if TYPE_CHECKING:  # importing the module stays cheap: the digest's code loads when it is used
    from govsm.builtin.exporters.paste_settings import PasteSettings
    from govsm.spec import Exporter

#: the network's name, as its title lines show it
NETWORK = "Novagob"

#: the settings table's name (``[plugins.TABLE]`` in ``govsm.toml``)
TABLE = "novagob"

#: the environment variable naming the TOML file with the ``[novagob]`` table
SETTINGS_VARIABLE = "GOVSM_NOVAGOB_SETTINGS"


def settings(tables: Mapping[str, Mapping[str, Any]] | None = None) -> PasteSettings:
    """The plugin's settings: the ``novagob`` table of ``tables``, else the environment's file.

    The file is the one :data:`SETTINGS_VARIABLE` names; without either, the defaults.

    :param tables: a workspace's ``[plugins.NAME]`` tables, as exporters receive them in
        :attr:`ExportSource.settings <govsm.spec.export_source.ExportSource.settings>`.
    :raises govsm.ConfigError: the table is wrong, or the file cannot be read.
    """
    from govsm.builtin.exporters.paste_settings import settings_for

    return settings_for(tables or {}, TABLE, SETTINGS_VARIABLE)


@hookimpl
def govsm_exporters() -> list[Exporter]:
    """Declare ``novagob-digest`` and ``novagob-digest-text``."""
    from govsm.builtin.exporters.digest_paste import paste_exporters

    return paste_exporters("novagob", NETWORK, TABLE, SETTINGS_VARIABLE)


__all__ = ["NETWORK", "SETTINGS_VARIABLE", "TABLE", "__version__", "govsm_exporters", "settings"]
