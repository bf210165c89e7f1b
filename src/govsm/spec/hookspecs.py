# mypy: disable-error-code="empty-body"
"""Every hook a govsm plugin can implement.

A plugin is a module or object with functions decorated by :data:`hookimpl` whose names match the
functions below. govsm finds plugins in three places, in this order: its built-in plugins
(:data:`govsm.plugins.DEFAULT_PLUGINS`), the ``govsm`` entry-point group of installed
distributions, and plugins an embedding application passes to :class:`govsm.PluginHost`.

There are three kinds of hooks:

* **registration hooks** return records (channels, rules, importers, exporters, audit steps);
  govsm gathers them from every plugin, sorts them by name and refuses duplicate names;
* **factory hooks** (``firstresult``) build one object — the first plugin that returns something
  other than ``None`` wins;
* **event hooks** tell embedding applications that something happened; their return value is
  ignored, except :func:`govsm_before_publish`, which can veto.

A plugin that raises inside a hook is reported with its name and distribution, and the other
plugins' answers are still used.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from govsm.model import Bilingual, Channel, LifecycleState, Message, Profile
    from govsm.spec.adapter import Adapter
    from govsm.spec.audit import AuditStep
    from govsm.spec.credentials import Credentials
    from govsm.spec.events import PublishVeto
    from govsm.spec.exporter import Exporter
    from govsm.spec.importer import Importer
    from govsm.spec.rule import Rule
    from govsm.store import Store

PROJECT = "govsm"

hookspec = pluggy.HookspecMarker(PROJECT)
"""Marks a function of this module as a hook specification."""

hookimpl = pluggy.HookimplMarker(PROJECT)
"""Marks a plugin's function as the implementation of the hook of the same name.

>>> from govsm.spec.hookspecs import hookimpl
>>> @hookimpl
... def govsm_channels():
...     return []
"""


# --- registration hooks --------------------------------------------------------------------


@hookspec
def govsm_channels() -> Iterable[Channel]:
    """Declare the networks this plugin knows.

    :returns: :class:`~govsm.model.Channel` records — a network's limits, how it counts text,
        what it can do and whether it still exists. Channel ids must be unique across plugins.

    Example::

        @hookimpl
        def govsm_channels():
            return [Channel(id="pixelfed", name="Pixelfed", counting=TextCounting.GRAPHEMES,
                            limits=ChannelLimits(text=500, media=10))]

    .. versionadded:: 0.1
    """


@hookspec
def govsm_rules() -> Iterable[Rule]:
    """Declare policy rules.

    :returns: :class:`~govsm.spec.Rule` records, each with an id, a title in Spanish and English,
        a default severity, parameters and the ``check`` function that inspects a message.
        The workspace's policy enables and configures them by id.

    Example::

        @hookimpl
        def govsm_rules():
            return [Rule(id="no-exclamations", title=Bilingual(es="Sin exclamaciones",
                         en="No exclamation marks"), default_severity=Severity.INFO,
                         check=check_exclamations)]

    .. versionadded:: 0.1
    """


@hookspec
def govsm_importers() -> Iterable[Importer]:
    """Declare archive readers.

    :returns: :class:`~govsm.spec.Importer` records; each reads files with given suffixes
        and yields :class:`~govsm.model.Message` objects. ``govsm audit`` loads the workspace's
        ``[archives]`` with them through :meth:`Importer.items <govsm.spec.Importer.items>`:
        an importer's ``read_in_context``, when it has one, gets an
        :class:`~govsm.spec.ImportContext` (the organisation, its limits and profiles: whose
        archive is this?) and may yield :class:`~govsm.spec.Imported` items, a message with the
        network's own record of it; otherwise ``read`` gets the path, the organisation's id and
        the workspace's :class:`~govsm.spec.limits.Limits`. Importers that share a file ending
        (two platforms' ``.zip``) set ``recognises`` to look inside before they are chosen.

    Example::

        def read_csv_posts(path, organisation, limits):
            ...  # yield Message or ImportProblem per row; stop after limits.records rows

        @hookimpl
        def govsm_importers():
            return [Importer(name="csv-posts", description="Posts as CSV", suffixes=(".csv",),
                             read=read_csv_posts)]

    .. versionadded:: 0.1
    """


@hookspec
def govsm_exporters() -> Iterable[Exporter]:
    r"""Declare report writers and publication exporters.

    :returns: :class:`~govsm.spec.Exporter` records, each with ``write``, ``export`` or both.

        A **report writer** (``write``) is called by ``govsm audit`` with the finished report
        and the report folder, and returns the path of the file it wrote. The report's
        :meth:`~govsm.spec.report.AuditReport.reported` streams every finding of the run, not a
        sample, and :meth:`~govsm.spec.report.AuditReport.severity_counts` counts them all.

        A **publication exporter** (``export``) is what ``govsm export NAME`` runs: it receives
        an :class:`~govsm.spec.ExportSource` and a binary stream, and writes the export to the
        stream. The source holds the organisation, its units and profiles as stored, and
        streams the messages the user selected (``--profile``, ``--unit``, ``--since``,
        ``--until``, ``--state``, ``--limit``) from the store as the exporter reads them:
        :meth:`~govsm.spec.ExportSource.published` (public posts, replies and quotes, newest
        first) or :meth:`~govsm.spec.ExportSource.messages` with the directions, states, kinds
        and order the exporter wants and, with ``findings=True``, what the organisation's rules
        find in each (:class:`~govsm.spec.ExportItem`). Write as you read, and memory stays
        flat whatever the history; govsm makes the file appear whole or not at all. Use
        :meth:`~govsm.spec.ExportSource.message_id` for ids, so every format names a message
        the same way. With ``in_report`` (an :class:`~govsm.spec.InReport`), ``govsm audit``
        also writes the whole organisation's export into the report folder.

    Example::

        def write_urls(source, out):  # govsm export urls
            for item in source.published():
                out.write(f"{item.message.id}\t{item.url or ''}\n".encode())

        @hookimpl
        def govsm_exporters():
            return [
                Exporter(name="summary-csv", description="Findings as CSV",
                         media_type="text/csv", write=write_csv),
                Exporter(name="urls", description="Each post's address, one a line",
                         media_type="text/tab-separated-values", export=write_urls,
                         extension=".tsv"),
            ]

    .. versionadded:: 0.1
    """


@hookspec
def govsm_audit_steps() -> Iterable[AuditStep]:
    """Declare steps of the main job, ``govsm audit``.

    :returns: :class:`~govsm.spec.AuditStep` records. Steps run in ascending ``order`` (ties
        by name); each receives an :class:`~govsm.spec.AuditContext` and returns a
        :class:`~govsm.spec.StepResult` with a summary and findings. An error-severity finding
        makes ``govsm audit`` exit with status 1.

    Example::

        @hookimpl
        def govsm_audit_steps():
            return [AuditStep(name="count-emoji", order=500,
                              title=Bilingual(es="Emojis", en="Emoji"), run=count_emoji)]

    .. versionadded:: 0.1
    """


# --- factory hooks -------------------------------------------------------------------------


@hookspec(firstresult=True)
def govsm_adapter(channel: Channel, profile: Profile, credentials: Credentials) -> Adapter | None:
    """Build the adapter that publishes to, and reads from, ``profile`` on ``channel``.

    This hook is ``firstresult``: return ``None`` for channels your plugin does not handle.

    :param channel: the profile's network.
    :param profile: the account.
    :param credentials: the resolved credentials; never log, repr or raise the secret.
    :returns: an object implementing :class:`~govsm.spec.adapter.Adapter`, or ``None``.

    The publishing worker (:class:`govsm.publishing.Worker`) calls it once per profile it
    publishes to, with the credentials the profile's reference resolves to; a profile whose
    credentials do not resolve, or that no plugin serves, fails its items with that reason.
    What the adapter must do is :class:`~govsm.spec.adapter.Adapter`; the errors it raises are
    :mod:`govsm.spec.network_errors`.

    .. versionadded:: 0.1
    """


@hookspec(firstresult=True)
def govsm_store(url: str) -> Store | None:
    """Open the store at ``url``.

    This hook is ``firstresult``. The built-in plugin handles ``sqlite:///…`` and
    ``postgresql://…``; a plugin can serve other URLs (or wrap these) by returning a
    :class:`~govsm.store.Store`.

    :param url: the store URL from ``govsm.toml``, the command line or the embedding app.
    :returns: an open :class:`~govsm.store.Store`, or ``None``.

    .. versionadded:: 0.1
    """


# --- event hooks ---------------------------------------------------------------------------


@hookspec(firstresult=True)
def govsm_before_publish(message: Message, profile: Profile) -> PublishVeto | None:
    """Veto a message just before it goes out (for example during a crisis pause).

    This hook is ``firstresult``: the first :class:`~govsm.spec.events.PublishVeto` stops
    publishing, and the message fails with the veto's reason.

    :param message: the message about to be published.
    :param profile: where it would go.
    :returns: a :class:`~govsm.spec.events.PublishVeto`, or ``None`` to let it through.

    The publishing worker calls it after the publish-time checks, before the first attempt of
    each outbox item (:mod:`govsm.publishing.gate`); the item then fails with the veto's reason,
    recorded as ``message.publish_failed``, and a person may retry it later.

    .. versionadded:: 0.1
    """


@hookspec
def govsm_message_published(message: Message, profile: Profile, remote_id: str) -> None:
    """A message went out.

    :param message: the message, in state ``published``.
    :param profile: where it went.
    :param remote_id: the network's id of the new post.

    Fired by the publishing worker after ``message.published`` is recorded (for a repeat too:
    ``remote_id`` is then the repeat's).

    .. versionadded:: 0.1
    """


@hookspec
def govsm_message_failed(message: Message, profile: Profile, reason: Bilingual) -> None:
    """A message could not be published (a permanent error or a veto).

    :param message: the message, in state ``failed``.
    :param profile: where it should have gone.
    :param reason: why, in Spanish and English.

    Fired by the publishing worker after ``message.publish_failed`` is recorded: a permanent
    network error, expired credentials, a veto, a blocking finding at publish time, or no
    adapter for the profile. Passing errors are retried and do not fire it.

    .. versionadded:: 0.1
    """


@hookspec
def govsm_profile_status_changed(
    profile: Profile, old: LifecycleState | None, new: LifecycleState, actor: str, reason: str
) -> None:
    """A profile entered a new lifecycle state (or was registered, when ``old`` is ``None``).

    :param profile: the profile, as it is now.
    :param old: its previous state, or ``None`` for a profile govsm had not seen.
    :param new: its new state.
    :param actor: who changed it (a person's id, or ``workspace`` when ``govsm.toml`` did).
    :param reason: why.

    .. versionadded:: 0.1
    """


@hookspec
def govsm_inbound_received(message: Message, profile: Profile) -> None:
    """A citizen's mention, comment or direct message arrived (and was stored for the first time).

    :param message: the inbound message.
    :param profile: the profile it was addressed to.

    .. versionadded:: 0.1
    """


@hookspec
def govsm_sla_breached(
    message: Message, profile: Profile, target_hours: float, elapsed_hours: float
) -> None:
    """An inbound message has waited longer than the policy's response target.

    :param message: the unanswered inbound message.
    :param profile: the profile it was addressed to.
    :param target_hours: the response target that applies.
    :param elapsed_hours: how long it has waited, counted as the target says.

    govsm fires it from the audit's ``responses`` step
    (:mod:`govsm.builtin.steps.responses`), at every audit while the message still waits past
    its target: an implementation that must act once per breach keeps what it has seen (the
    webhook relay derives the event's id from the message and the target).

    .. versionadded:: 0.1
    """
