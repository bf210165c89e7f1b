"""What the networks last said of each profile's credentials (revision 0012).

``govsm doctor`` asks each network whether a profile's credentials work and until when; a sync
learns it when the network accepts or refuses them. Each keeps what it learnt here, one row per
profile, so ``govsm health`` and the audit report a refused or expiring credential without
asking the network again. Nothing secret is kept: whether they were accepted, the instants, the
network's reason in Spanish and English.

>>> from datetime import UTC, datetime
>>> check = CredentialCheck(profile="x-ajuntament", checked_at=datetime(2026, 12, 1, tzinfo=UTC),
...     source="doctor", valid=True, expires_at=datetime(2026, 12, 10, tzinfo=UTC))
>>> check.expires_at.date().isoformat()
'2026-12-10'
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from attrs import frozen
from sqlalchemy.engine import Connection

from govsm.model import Bilingual
from govsm.store import reads, schema

if TYPE_CHECKING:
    from govsm.store.store import Store

_T = schema.credential_checks

#: who asked: ``govsm doctor`` (and the audit's doctor step), or a sync
SOURCES = ("doctor", "sync")


@frozen
class CredentialCheck:
    """What a network said of one profile's credentials, the last time it was asked.

    :param profile: the profile's id.
    :param checked_at: when.
    :param source: who asked (:data:`SOURCES`).
    :param valid: the network accepted them.
    :param expires_at: when they stop working, if the network said.
    :param reason: why it refused them, if it did.
    """

    profile: str
    checked_at: datetime
    source: str
    valid: bool
    expires_at: datetime | None = None
    reason: Bilingual | None = None


class CredentialChecks:
    """The credential checks of every organisation in one store.

    :param store: the store (its schema at revision 0012 or later).
    """

    def __init__(self, store: Store) -> None:
        self._store = store

    def record(
        self, organisation: str, check: CredentialCheck, *, keep_expiry: bool = False
    ) -> None:
        """Keep ``check`` as the profile's last, replacing the one before.

        :param keep_expiry: keep the expiry recorded before when ``check`` gives none (a sync
            learns that the credentials work, not until when).
        """
        values = {
            "checked_at": check.checked_at,
            "source": check.source,
            "valid": check.valid,
            "expires_at": check.expires_at,
            "reason_es": check.reason.es if check.reason else None,
            "reason_en": check.reason.en if check.reason else None,
        }
        key = (_T.c.organisation_id == organisation, _T.c.profile_id == check.profile)
        self._store._require_head()

        def work(connection: Connection) -> None:
            reads.require_organisation(connection, organisation)
            before = connection.execute(sa.select(_T.c.expires_at).where(*key)).first()
            if before is None:
                connection.execute(
                    sa.insert(_T).values(
                        organisation_id=organisation, profile_id=check.profile, **values
                    )
                )
                return
            if keep_expiry and check.expires_at is None:
                values["expires_at"] = before[0]
            connection.execute(sa.update(_T).where(*key).values(**values))

        self._store._write(
            work,
            f"guardar la comprobación de credenciales de «{check.profile}»",
            f"save the credential check of '{check.profile}'",
        )

    def latest(self, organisation: str) -> dict[str, CredentialCheck]:
        """The last check of each profile that has one, by profile id."""
        query = sa.select(_T).where(_T.c.organisation_id == organisation)
        self._store._require_head()
        with self._store._connection(
            "leer las comprobaciones de credenciales", "read the credential checks"
        ) as connection:
            rows = connection.execute(query).all()
        return {
            row.profile_id: CredentialCheck(
                profile=row.profile_id,
                checked_at=row.checked_at,
                source=row.source,
                valid=bool(row.valid),
                expires_at=row.expires_at,
                reason=(
                    Bilingual(es=row.reason_es, en=row.reason_en)
                    if row.reason_es is not None and row.reason_en is not None
                    else None
                ),
            )
            for row in rows
        }
