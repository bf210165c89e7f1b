"""The errors govsm raises on purpose, each with a message in Spanish and English.

Every error a user can cause (a malformed ``govsm.toml``, a database written by a newer govsm, a
plugin that fails to load) is a :class:`GovsmError`: it says *what* is wrong and *where*, in both
languages, and the command line prints it without a traceback. Anything else is a bug.
"""

from __future__ import annotations

import re

#: what no message may hold, though hostile input quoted in one may: NUL and lone surrogates
_UNSHOWABLE = re.compile("[\x00\ud800-\udfff]")


def _shown(text: str) -> str:
    r"""``text`` with NUL and lone surrogates written as escapes (``\u0000``, ``\udce9``).

    A message that quotes a hostile value (an id holding NUL, an invalid byte read from standard
    input) can then still be printed, stored and made a finding's text, which refuse those
    characters; the escape shows the user exactly what was there.

    >>> print(_shown("unknown key 'a\x00b'"))
    unknown key 'a\u0000b'
    """
    if _UNSHOWABLE.search(text) is None:
        return text
    return _UNSHOWABLE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def _rebuild(kind: type[GovsmError], es: str, en: str, where: str | None) -> GovsmError:
    """An error of ``kind`` again, from what :meth:`GovsmError.__reduce__` kept."""
    error = kind.__new__(kind)
    GovsmError.__init__(error, es, en, where=where)
    return error


class GovsmError(Exception):
    r"""Base class of every error govsm raises on purpose.

    :param es: the message in Spanish.
    :param en: the message in English.
    :param where: the place it refers to (a file, a key path, a plugin name), if any.

    NUL and lone surrogates that the message quotes from hostile input are written as escapes
    (``\u0000``), so every message can be shown and become a finding.
    """

    #: the process exit status the command line uses for this error
    exit_code: int = 2

    def __init__(self, es: str, en: str, *, where: str | None = None) -> None:
        self.es = _shown(es)
        self.en = _shown(en)
        self.where = _shown(where) if where is not None else None
        super().__init__(self.render())

    def __reduce__(self) -> tuple[object, ...]:
        """Pickle with both messages and the place (a worker process sends errors back).

        >>> import pickle
        >>> again = pickle.loads(pickle.dumps(GovsmError("mal", "wrong", where="f:1")))
        >>> (again.es, again.en, again.where)
        ('mal', 'wrong', 'f:1')
        """
        return (_rebuild, (type(self), self.es, self.en, self.where), self.__dict__)

    def render(self) -> str:
        """Return the message as one line per language, prefixed with the place when known."""
        prefix = f"{self.where}: " if self.where else ""
        return f"{prefix}{self.es}\n{prefix}{self.en}"


class ModelError(GovsmError, ValueError):
    """A value does not fit the domain model (for example a naive datetime or a lone surrogate).

    It is a :class:`ValueError` too, so the converter collects it with the key path where it
    happened; ``field`` names the attribute when the error concerns one.
    """

    def __init__(self, es: str, en: str, *, field: str | None = None) -> None:
        self.field = field
        super().__init__(es, en)


class ConfigError(GovsmError):
    """The workspace (``govsm.toml`` and the files it names) is malformed."""


class StoreError(GovsmError):
    """The store cannot be opened or used (unreachable server, incompatible schema version)."""


class PluginError(GovsmError):
    """A plugin failed to load or misbehaved; the message names the plugin and its distribution."""


class PermissionDenied(GovsmError):
    """A person tried to do something their roles do not allow."""

    exit_code = 1


class GovernanceError(GovsmError):
    """A governance action is not possible now.

    For example an illegal lifecycle transition, a request that was already decided, or a
    message that is not waiting for approval.
    """

    exit_code = 1


class NotFound(GovernanceError):
    """What an action names does not exist in the organisation.

    A profile, message, request, unit, person or delegation that is not there. Nothing was
    written. It is a :class:`GovernanceError`, so code that catches those catches
    it too.
    """


class Conflict(GovernanceError):
    """What an action names exists, but its state forbids the action.

    An id already taken, a request already decided, a message no longer editable or not waiting
    for approval. Nothing was written; read the current state before trying again.
    """


class ConcurrentChange(Conflict):
    """Someone else changed the organisation's record between reading it and writing to it.

    Nothing was written; read again and retry.
    """
