"""The findings an export gives each of the organisation's messages, cheaply when it can.

An export that asks for findings (:meth:`ExportSource.messages(findings=True)
<govsm.spec.export_source.ExportSource.messages>`) gets, for each outbound message, what the rules
find in it — exactly what the ``checks`` step of ``govsm audit`` finds. The step keeps each
message's findings in the store under a fingerprint of the message and of everything else the
rules read (:mod:`govsm.store.check_cache`); an export reads them back with the message, in the
same query, and checks only the messages whose stored result no longer holds or was never made.
So an export right after an audit checks nothing; one without an audit checks every message.

An export never writes the store: the results it computes are not kept (the next audit keeps
them). Inbound messages are not checked: the organisation's rules are for what it says.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from govsm.model import Direction, Finding, Message
from govsm.rules.engine import Checker
from govsm.store.check_cache import workspace_key
from govsm.syncing.limits import profile_channels

if TYPE_CHECKING:
    from govsm.workspace import Workspace


class MessageChecks:
    """The workspace's rules, ready to check messages as the audit does.

    :param workspace: the workspace whose policy, profiles and people the rules read.
    """

    def __init__(self, workspace: Workspace) -> None:
        host = workspace.host
        rules = host.rules()
        channels = host.channels()
        own = profile_channels(workspace)
        self._checker = Checker(rules, channels, workspace.snapshot, workspace.root, own)
        #: the check cache's key for this workspace (``None``: no stored result is used)
        self.context = workspace_key(workspace, host, own)
        #: how many messages were checked (their stored result did not hold)
        self.checked = 0

    def findings(
        self, message: Message, stored: tuple[Finding, ...] | None
    ) -> tuple[Finding, ...] | None:
        """The findings of ``message``: ``stored`` when given, else a fresh check's.

        :returns: ``None`` for an inbound message (not checked).
        """
        if message.direction is not Direction.OUTBOUND:
            return None
        if stored is not None:
            return stored
        self.checked += 1
        return self._checker.check(message).findings
