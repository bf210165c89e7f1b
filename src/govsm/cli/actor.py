"""Who acts on the command line: the person whose login is the account running govsm.

``govsm governance`` used to take ``--by PERSON`` on trust, so four-eyes approval was defeated
by typing a colleague's id. The command line now acts as the person of ``govsm.toml`` whose
``logins`` include the operating-system account running it, read from the system (not from
environment variables anyone can set). ``--by`` may still be given, as a check: naming anyone
else is refused.

An application embedding govsm authenticates its own users and passes the person it
authenticated as ``by=`` to :class:`govsm.governance.Governance`; govsm cannot know who is at
the keyboard of someone else's application.
"""

from __future__ import annotations

import os

from govsm.errors import ConfigError, PermissionDenied
from govsm.model import OrganisationSnapshot


def system_login() -> str | None:
    """The name of the operating-system account running this process, if the system has one.

    On POSIX the account of the real user id (``pwd``), not ``$USER`` or ``$LOGNAME``; elsewhere
    the account logged on to the terminal.
    """
    try:
        import pwd
    except ImportError:  # Windows
        try:
            return os.getlogin()
        except OSError:
            return None
    try:
        return pwd.getpwuid(os.getuid()).pw_name
    except KeyError:  # a user id with no account (some containers)
        return None


def acting_person(snapshot: OrganisationSnapshot, by: str | None, login: str | None) -> str:
    """The id of the person acting: the one ``login`` is mapped to, checked against ``by``.

    :param by: the person the command line was told acts (``--by``), if it was.
    :param login: the operating-system account running govsm.
    :raises ConfigError: no person of the organisation has that login (it says how to map it).
    :raises PermissionDenied: ``by`` names someone else.
    """
    person = snapshot.person_with_login(login) if login else None
    if person is None:
        account = login or "?"
        raise ConfigError(
            f"la cuenta del sistema «{account}» no es de ninguna persona de la organisación: "
            f'añada logins = ["{account}"] a su entrada [[people]] de govsm.toml (govsm actúa '
            "como la persona de la cuenta que lo ejecuta)",
            f"the system account '{account}' is no person's of the organisation: add "
            f'logins = ["{account}"] to your [[people]] entry in govsm.toml (govsm acts as the '
            "person of the account running it)",
            where="--by",
        )
    if by is not None and by != person.id:
        raise PermissionDenied(
            f"la cuenta «{login}» es de «{person.id}»: govsm no actúa como «{by}» desde esta "
            f"cuenta; «{by}» debe hacerlo desde la suya",
            f"account '{login}' is '{person.id}': govsm does not act as '{by}' from it; '{by}' "
            "must do it from their own",
        )
    return person.id
