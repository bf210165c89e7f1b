"""Reusing at publish time what the audit's checks kept, while it still holds.

The publish-time gate (:mod:`govsm.publishing.gate`) runs the rules again on a message *as it
goes out now*. The audit's ``checks`` step has often judged that very message already, and kept
its findings in the store (:mod:`govsm.store.check_cache`) under a fingerprint of the message's
stored document and of everything else the rules read (the rules and their code, the policy
with its electoral periods and waivers, the organisation, the profiles, the plugins…). The
worker reads that kept result with the message when it claims the item
(:class:`~govsm.store.claims.KeptCheck`), and :class:`KeptChecks` lets the gate use it instead
of checking again only when it is the result a check now would give:

* its fingerprint is the one the gate computes now, for the document the claim read: neither
  the message nor anything the rules read changed since the audit (a new electoral period, a
  waiver, another rule or rule version each change it);
* the message as stored is the message as it goes out — scheduled, not yet published, with no
  text counted or links appended by a network, and no variant text — except for its scheduled
  instant, which the gate sets to now;
* that instant and now fall on the same day in the organisation's zone: the rules read the
  moment a message is about only as its day (:attr:`govsm.spec.rule_context.RuleContext.day`),
  so a post due yesterday and sent today, or an audit run before midnight, is checked again.

Anything else — no kept result, one kept under another fingerprint, a different day — and the
gate checks the message as before. A kept result is derived data: reusing it never changes
what the gate decides, only what deciding costs.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Mapping
from datetime import datetime

from govsm.model import Channel, Finding, Message, MessageState
from govsm.plugins import PluginHost
from govsm.store.check_cache import fingerprint, workspace_key
from govsm.store.claims import KeptCheck
from govsm.store.kept_findings import kept_findings
from govsm.workspace import Workspace

#: not computed yet (a key of ``None`` means it cannot be computed: nothing is reused)
_UNSET = object()


class KeptChecks:
    """The audit's kept results, for one workspace's gate.

    :param workspace: the organisation (its snapshot, folder and store).
    :param host: the plugin host whose rules and channels the gate checks with.
    :param profile_channels: the profiles' own channels the gate measures against
        (:func:`govsm.syncing.limits.profile_channels`), part of the key as in the audit.
    """

    def __init__(
        self,
        workspace: Workspace,
        host: PluginHost,
        profile_channels: Mapping[str, Channel] | None = None,
    ) -> None:
        self._workspace = workspace
        self._host = host
        self._profile_channels = dict(profile_channels or {})
        self._zone = zoneinfo.ZoneInfo(workspace.snapshot.organisation.timezone)
        self._context: object = _UNSET

    def context(self) -> str | None:
        """The context key of the gate's checks, as the audit computes it (once per gate)."""
        if self._context is _UNSET:
            self._context = workspace_key(self._workspace, self._host, self._profile_channels)
        return self._context if isinstance(self._context, str) else None

    def findings(
        self, kept: KeptCheck | None, message: Message, now: datetime, variant: str | None
    ) -> tuple[Finding, ...] | None:
        """The findings a check of ``message`` as of ``now`` gives, if ``kept`` says them.

        :param kept: what the audit kept, read with ``message`` (the message is that document).
        :param message: the message as read from the store with ``kept``.
        :param now: when it goes out.
        :param variant: the text of a repeat that goes out with other words (never reused).
        :return: the findings; ``None`` when the kept result does not hold (check again).
        """
        if kept is None or variant is not None or not _as_it_goes_out(message):
            return None
        assert message.scheduled_at is not None  # checked by _as_it_goes_out
        day = message.scheduled_at.astimezone(self._zone).date()
        if day != now.astimezone(self._zone).date():
            return None
        context = self.context()
        if context is None or fingerprint(context, kept.document) != kept.fingerprint:
            return None
        return kept_findings(kept.findings)


def _as_it_goes_out(message: Message) -> bool:
    """Whether the stored message is the one the gate judges, but for its scheduled instant."""
    return (
        message.state is MessageState.SCHEDULED
        and message.scheduled_at is not None
        and message.published_at is None
        and message.remote_id is None
        and message.url is None
        and message.counted_range is None
        and not message.appended_links
    )
