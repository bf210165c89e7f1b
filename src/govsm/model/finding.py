"""What a rule, a health check or ``govsm doctor`` reports."""

from __future__ import annotations

from attrs import field, frozen

from govsm.errors import ModelError
from govsm.model import _validate as v
from govsm.model.bilingual import Bilingual
from govsm.model.policy import Severity


@frozen
class Span:
    """A range of a text, in code points of the text as given: ``text[start:end]``."""

    start: int = field(validator=v.non_negative)
    end: int = field(validator=v.non_negative)

    def __attrs_post_init__(self) -> None:
        if self.end < self.start:
            raise ModelError(
                f"el tramo acaba ({self.end}) antes de empezar ({self.start})",
                f"the span ends ({self.end}) before it starts ({self.start})",
            )


@frozen
class Finding:
    """One thing found wrong (or worth knowing).

    :param rule: the id of the rule or check that found it.
    :param severity: see :class:`~govsm.model.policy.Severity`.
    :param message: what is wrong, in Spanish and English.
    :param subject: what it is about: ``profile:x-ajuntament``, ``message:2026-0042``, a file.
    :param span: where in the text, if the subject is a text.
    :param suggestion: how to fix it, in Spanish and English.
    :param reference: where the reason is documented (a law, a guide, a docs page).
    :param policy_version: the version of the policy that produced it.
    :param waived_by: the person who waived it (see :class:`~govsm.model.Waiver`), if waived.
    :param waiver_reason: why it was waived.
    :param redact: the span holds personal data: outputs must not quote it (the message itself
        already shows it masked).
    """

    rule: str = field(validator=v.slug)
    severity: Severity
    message: Bilingual
    subject: str | None = field(default=None, validator=v.optional_text)
    span: Span | None = None
    suggestion: Bilingual | None = None
    reference: str | None = field(default=None, validator=v.optional_text)
    policy_version: str | None = field(default=None, validator=v.optional_text)
    waived_by: str | None = field(default=None, validator=v.optional_slug)
    waiver_reason: str | None = field(default=None, validator=v.optional_text)
    redact: bool = False

    @property
    def blocking(self) -> bool:
        """Whether it is an error nobody waived (what makes ``govsm check`` exit 1)."""
        return self.severity is Severity.ERROR and self.waived_by is None
