"""What a rule sees when it checks a message."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path

from attrs import frozen

from govsm.model import (
    Channel,
    ElectoralPeriod,
    Message,
    OrganisationSnapshot,
    Person,
    Profile,
    Severity,
)
from govsm.model.policy import ParamValue
from govsm.spec.authorship import Authorship, Stage
from govsm.spec.measurement import Measurement


# without slots: attrs then fills a frozen instance's ``__dict__`` directly, where a slotted one
# pays a ``object.__setattr__`` call per field — half the cost, and the engine builds one per
# message and rule (20 per post with the built-in rules)
@frozen(slots=False)
class RuleContext:
    """Everything a rule may use to judge one message.

    :param message: the message being checked — with, as its text, the part the rule's
        :class:`~govsm.spec.rule.Scope` asks for (by default the author's own words: a
        published reply without its leading mentions, a post without the links the network
        appended); spans are offsets into that text, and the engine moves them onto the whole.
    :param channel: its network, if known.
    :param profile: its profile, if the message names one the workspace has.
    :param snapshot: the organisation (people, office holders, profiles, policy), when a
        workspace is available; ``None`` when checking loose text.
    :param measurement: the text measured as the channel counts it, entities included (as plain
        text — code points, generic entities, no limit — when the channel is unknown).
    :param params: the rule's parameters: its defaults updated by the policy.
    :param severity: the severity the policy gives this rule here.
    :param day: the day the message is about (published, scheduled, else created), in the
        organisation's time zone when known.
    :param root: the workspace folder, against which media paths are resolved (``None`` when
        checking outside a workspace: local media files are then not read).
    :param authorship: what the message is — its kind as the network showed it (a ``post``
        written ``RT @author:`` on X is a ``repost``), draft or published, and where the
        author's own words lie in the whole text; ``None`` when a test builds a context by hand.

    govsm's rule engine builds one per message and rule; to test a rule, build one with
    :func:`govsm.testing.rules.rule_context`.
    """

    message: Message
    channel: Channel | None
    profile: Profile | None
    snapshot: OrganisationSnapshot | None
    measurement: Measurement
    params: Mapping[str, ParamValue]
    severity: Severity
    day: date
    root: Path | None = None
    authorship: Authorship | None = None

    @property
    def published(self) -> bool:
        """Whether the message is already out (:attr:`authorship`'s stage), not a draft.

        A published post was taken by its network as it is: rules that judge what the network
        would refuse, or what only its author can say, judge a draft and a published post apart.
        """
        return self.authorship is not None and self.authorship.stage is Stage.PUBLISHED

    @property
    def office_holders(self) -> tuple[Person, ...]:
        """People of the organisation who hold a political office."""
        if self.snapshot is None:
            return ()
        return tuple(p for p in self.snapshot.people if p.is_office_holder)

    @property
    def electoral_period(self) -> ElectoralPeriod | None:
        """The electoral period :attr:`day` falls in, if the policy declares one."""
        policy = self.snapshot.policy if self.snapshot else None
        if policy is None:
            return None
        for period in policy.electoral_periods:
            if period.contains(self.day):
                return period
        return None
