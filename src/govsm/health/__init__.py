"""Profile health: the disorder seed 004 complains of, found in a workspace and its store.

:func:`check_health` looks at every profile of a workspace and reports, each as a
:class:`~govsm.model.Finding` with a suggestion in Spanish and English and the subject
``profile:<id>``:

* **dormant** profiles (:data:`~govsm.health.rule_ids.DORMANT`): live (``active`` or
  ``dormant``) profiles with no published outbound message in
  :attr:`~govsm.model.Policy.dormant_after_days` days
  (:data:`~govsm.health.dormancy.DEFAULT_DORMANT_AFTER_DAYS` when the workspace has no policy);
* profiles with **no responsible person** (:data:`~govsm.health.rule_ids.NO_RESPONSIBLE`),
  whose **owner left** (:data:`~govsm.health.rule_ids.OWNER_LEFT`) or another of whose
  responsible people left (:data:`~govsm.health.rule_ids.RESPONSIBLE_LEFT`), or who name
  someone the organisation does not have (:data:`~govsm.health.rule_ids.UNKNOWN_RESPONSIBLE`);
* a **personal e-mail** address on an institutional account
  (:data:`~govsm.health.rule_ids.PERSONAL_EMAIL`, seed 002);
* profiles on a **deprecated or closed** network that are not archived
  (:data:`~govsm.health.rule_ids.RETIRED_CHANNEL`);
* **duplicated** profiles: same channel, same theme, overlapping audience
  (:data:`~govsm.health.rule_ids.DUPLICATE`).

It also reports profile requests left waiting for a decision
(:data:`~govsm.health.rule_ids.REQUEST_WAITING`, subject ``request:<id>``).

The last publication of every profile comes from the store in one aggregate query
(:func:`last_published`), not by streaming messages.

Each check is a module of this package (:mod:`~govsm.health.dormancy`,
:mod:`~govsm.health.responsibility`, :mod:`~govsm.health.personal_email`,
:mod:`~govsm.health.retired_channels`, :mod:`~govsm.health.duplicates`,
:mod:`~govsm.health.waiting_requests`); :mod:`~govsm.health.check` runs them all, and this
package gives their public names.
"""

from govsm.health.check import check_health, check_profiles, last_published
from govsm.health.dormancy import DEFAULT_DORMANT_AFTER_DAYS
from govsm.health.personal_email import PERSONAL_EMAIL_DOMAINS
from govsm.health.rule_ids import (
    DORMANT,
    DUPLICATE,
    NO_RESPONSIBLE,
    OWNER_LEFT,
    PERSONAL_EMAIL,
    REQUEST_WAITING,
    RESPONSIBLE_LEFT,
    RETIRED_CHANNEL,
    RULES,
    UNKNOWN_RESPONSIBLE,
)
from govsm.health.waiting_requests import DEFAULT_REQUEST_WAITING_DAYS
from govsm.ledger.prerequisites import email_domain_is_own as email_domain_is_own

__all__ = [
    "DEFAULT_DORMANT_AFTER_DAYS",
    "DEFAULT_REQUEST_WAITING_DAYS",
    "DORMANT",
    "DUPLICATE",
    "NO_RESPONSIBLE",
    "OWNER_LEFT",
    "PERSONAL_EMAIL",
    "PERSONAL_EMAIL_DOMAINS",
    "REQUEST_WAITING",
    "RESPONSIBLE_LEFT",
    "RETIRED_CHANNEL",
    "RULES",
    "UNKNOWN_RESPONSIBLE",
    "check_health",
    "check_profiles",
    "last_published",
]
