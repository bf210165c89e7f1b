"""``govsm doctor``: what is wrong with a workspace's set-up, and how to fix it.

It checks what the loader cannot: that plugins loaded, that the store opens at the current schema,
that every credential reference resolves — and, where a network plugin serves the profile, that
the network still accepts the credentials and says how long they last (kept in the store, where
``govsm health`` reads it: :mod:`govsm.store.credential_checks`) — and that the rules the
policy configures exist (and take the parameters it gives them). Profiles themselves —
dormant, ownerless, on a closed network — are ``govsm health``'s business. Malformed
``govsm.toml`` files never get this far: the loader reports them (exit status 2).
"""

from __future__ import annotations

import contextlib
import difflib
from collections.abc import Mapping
from datetime import UTC, date, datetime

from govsm.credentials import resolve
from govsm.errors import ConfigError, GovsmError, StoreError
from govsm.model import (
    Bilingual,
    Finding,
    LifecycleState,
    RuleConfig,
    Severity,
)
from govsm.spec.remote import CredentialStatus
from govsm.spec.rule import Rule
from govsm.store.credential_checks import CredentialCheck, CredentialChecks
from govsm.workspace import Workspace
from govsm.workspace.adapters import plugin_adapter

_LIVE = (LifecycleState.ACTIVE, LifecycleState.DORMANT, LifecycleState.APPROVED)


def diagnose(workspace: Workspace, today: date) -> list[Finding]:
    """Return every set-up problem of ``workspace``, each with a suggestion."""
    findings: list[Finding] = []
    findings += _plugins(workspace)
    findings += _store(workspace)
    findings += _credentials(workspace)
    findings += _verified(workspace, today)
    findings += _rules(workspace)
    return findings


#: credentials that stop working within this many days are reported
EXPIRY_WARNING_DAYS = 14


def _verified(workspace: Workspace, today: date) -> list[Finding]:
    """Ask each network whose plugin serves a profile whether its credentials still work."""
    findings = []
    for profile in workspace.profiles:
        if profile.state not in _LIVE or profile.credential is None:
            continue
        adapter = plugin_adapter(workspace, profile)
        if adapter is None or not hasattr(adapter, "verify"):
            continue
        subject = f"profile:{profile.id}"
        try:
            status = adapter.verify()
        except GovsmError as exc:
            findings.append(
                Finding(
                    rule="credentials-unverified",
                    severity=Severity.WARNING,
                    message=Bilingual(
                        es=f"no se pudo comprobar con la red las credenciales de {profile.id}: "
                        f"{exc.es}",
                        en=f"the network could not check the credentials of {profile.id}: {exc.en}",
                    ),
                    subject=subject,
                )
            )
            continue
        # a store that cannot be written is the store check's finding, not this one's
        with contextlib.suppress(StoreError):
            _remember(workspace, profile.id, status)
        if not status.valid:
            reason = status.reason or Bilingual(es="sin motivo", en="no reason given")
            findings.append(
                Finding(
                    rule="credentials-refused",
                    severity=Severity.ERROR,
                    message=Bilingual(
                        es=f"la red rechaza las credenciales de {profile.id}: {reason.es}",
                        en=f"the network refuses the credentials of {profile.id}: {reason.en}",
                    ),
                    subject=subject,
                    suggestion=Bilingual(
                        es="renueve el token o la contraseña de aplicación y guárdelo donde "
                        "apunta la referencia del perfil",
                        en="renew the token or app password and store it where the profile's "
                        "reference points",
                    ),
                )
            )
        elif status.expires_at is not None:
            left = (status.expires_at.date() - today).days
            if left <= EXPIRY_WARNING_DAYS:
                findings.append(
                    Finding(
                        rule="credentials-expiring",
                        severity=Severity.WARNING,
                        message=Bilingual(
                            es=f"las credenciales de {profile.id} caducan el "
                            f"{status.expires_at.date().isoformat()} (en {left} días)",
                            en=f"the credentials of {profile.id} expire on "
                            f"{status.expires_at.date().isoformat()} (in {left} days)",
                        ),
                        subject=subject,
                    )
                )
    return findings


def _remember(workspace: Workspace, profile: str, status: CredentialStatus) -> None:
    """Keep what the network said in the store, for ``govsm health``.

    A profile the store does not hold yet (a workspace not loaded) has nothing to keep it
    beside: the finding above is all there is.
    """
    store = workspace.store
    organisation = workspace.organisation.id
    if organisation not in {o.id for o in store.organisations()}:
        return
    if profile not in {p.id for p in store.profiles(organisation)}:
        return
    CredentialChecks(store).record(
        organisation,
        CredentialCheck(
            profile=profile,
            checked_at=datetime.now(UTC),
            source="doctor",
            valid=status.valid,
            expires_at=status.expires_at,
            reason=status.reason if not status.valid else None,
        ),
    )


def _plugins(workspace: Workspace) -> list[Finding]:
    return [
        Finding(
            rule="plugin-failed",
            severity=Severity.WARNING,
            message=Bilingual(
                es=f"un complemento falló: {failure.one_line()}",
                en=f"a plugin failed: {failure.one_line()}",
            ),
            subject=f"plugin:{failure.name}",
            suggestion=Bilingual(
                es="actualice o reinstale el complemento, o desactívelo con "
                f"--disable-plugin {failure.name}",
                en=f"upgrade or reinstall the plugin, or disable it with --disable-plugin "
                f"{failure.name}",
            ),
        )
        for failure in workspace.host.failures
    ]


def _store(workspace: Workspace) -> list[Finding]:
    from govsm.store import HEAD_REVISION

    try:
        revision = workspace.store.schema_revision()
    except StoreError as exc:
        return [
            Finding(
                rule="store-unavailable",
                severity=Severity.ERROR,
                message=Bilingual(es=exc.es, en=exc.en),
                subject="store",
                suggestion=Bilingual(
                    es="compruebe la URL del almacén ([store] url o GOVSM_STORE_URL) y que el "
                    "servidor esté en marcha",
                    en="check the store URL ([store] url or GOVSM_STORE_URL) and that the server "
                    "is running",
                ),
            )
        ]
    if revision != HEAD_REVISION:
        return [
            Finding(
                rule="store-schema-outdated",
                severity=Severity.ERROR,
                message=Bilingual(
                    es=f"el esquema del almacén está en la revisión {revision}, no en "
                    f"{HEAD_REVISION}",
                    en=f"the store's schema is at revision {revision}, not {HEAD_REVISION}",
                ),
                subject="store",
                suggestion=Bilingual(
                    es="ábralo con govsm (migra al abrir) o ejecute «govsm audit»",
                    en="open it with govsm (it migrates on open) or run 'govsm audit'",
                ),
            )
        ]
    return []


def _credentials(workspace: Workspace) -> list[Finding]:
    findings = []
    root = workspace.root
    allowed = workspace.config.readable_folders if workspace.config else ()
    for profile in workspace.profiles:
        if profile.state not in _LIVE:
            continue
        subject = f"profile:{profile.id}"
        if profile.credential is None:
            findings.append(
                Finding(
                    rule="credential-missing",
                    severity=Severity.WARNING,
                    message=Bilingual(
                        es=f"el perfil {profile.id} no tiene referencia de credenciales: govsm no "
                        "podrá publicar en él",
                        en=f"profile {profile.id} has no credential reference: govsm cannot "
                        "publish to it",
                    ),
                    subject=subject,
                    suggestion=Bilingual(
                        es='añada credential = "env:NOMBRE_VARIABLE" al perfil en govsm.toml',
                        en='add credential = "env:VARIABLE_NAME" to the profile in govsm.toml',
                    ),
                )
            )
            continue
        if root is None:
            continue
        try:
            resolve(profile.credential, root, allowed)
        except ConfigError as exc:
            findings.append(
                Finding(
                    rule="credential-unresolved",
                    severity=Severity.WARNING,
                    message=Bilingual(
                        es=f"las credenciales del perfil {profile.id} no se encuentran: {exc.es}",
                        en=f"the credentials of profile {profile.id} cannot be found: {exc.en}",
                    ),
                    subject=subject,
                    suggestion=_credential_hint(
                        profile.credential.scheme, profile.credential.locator
                    ),
                )
            )
    return findings


def _credential_hint(scheme: str, locator: str) -> Bilingual:
    if scheme == "env":
        return Bilingual(
            es=f"defina la variable de entorno {locator} antes de publicar (no la escriba en "
            "govsm.toml)",
            en=f"set the environment variable {locator} before publishing (do not write it in "
            "govsm.toml)",
        )
    if scheme == "file":
        return Bilingual(
            es=f"cree el fichero {locator} con el secreto, legible solo por quien publica",
            en=f"create the file {locator} holding the secret, readable only by the publisher",
        )
    return Bilingual(
        es=f"guarde el secreto en «{scheme}:{locator}»",
        en=f"store the secret at '{scheme}:{locator}'",
    )


def _rules(workspace: Workspace) -> list[Finding]:
    policy = workspace.policy
    if policy is None:
        return [
            Finding(
                rule="policy-missing",
                severity=Severity.WARNING,
                message=Bilingual(
                    es="el espacio de trabajo no tiene [policy]: no hay reglas ni objetivos de "
                    "respuesta",
                    en="the workspace has no [policy]: no rules and no response targets",
                ),
                subject="govsm.toml",
                suggestion=Bilingual(
                    es="añada una tabla [policy] con version y coordinating_unit",
                    en="add a [policy] table with version and coordinating_unit",
                ),
            )
        ]
    provided = workspace.host.rules()
    missing = sorted({rule.id for rule in policy.rules if rule.enabled} - set(provided))
    return _unknown_params(policy.rules, provided, policy.version) + [
        Finding(
            rule="rule-not-provided",
            severity=Severity.INFO,
            message=Bilingual(
                es=f"la política configura la regla «{rule_id}», pero ningún complemento "
                "instalado la ofrece: no se comprobará",
                en=f"the policy configures rule '{rule_id}', but no installed plugin provides "
                "it: it will not be checked",
            ),
            subject=f"policy.rules:{rule_id}",
            suggestion=Bilingual(
                es="instale el complemento que la ofrece, o quítela de la política",
                en="install the plugin that provides it, or remove it from the policy",
            ),
            policy_version=policy.version,
        )
        for rule_id in missing
    ]


def _unknown_params(
    configs: tuple[RuleConfig, ...], provided: Mapping[str, Rule], version: str
) -> list[Finding]:
    """A parameter the rule does not declare is ignored by it: almost always a typo."""
    findings = []
    for index, config in enumerate(configs):
        rule = provided.get(config.id)
        if rule is None:
            continue
        for name in sorted(set(config.params) - set(rule.params)):
            close = difflib.get_close_matches(name, list(rule.params), n=1)
            known = ", ".join(sorted(rule.params)) or "—"
            findings.append(
                Finding(
                    rule="rule-param-unknown",
                    severity=Severity.WARNING,
                    message=Bilingual(
                        es=f"la regla «{config.id}» no tiene el parámetro «{name}» "
                        f"(policy.rules[{index}]): se ignora",
                        en=f"rule '{config.id}' has no parameter '{name}' "
                        f"(policy.rules[{index}]): it is ignored",
                    ),
                    subject=f"policy.rules[{index}].params.{name}",
                    suggestion=Bilingual(
                        es=(f"¿quería decir «{close[0]}»? " if close else "")
                        + f"parámetros de la regla: {known}",
                        en=(f"did you mean '{close[0]}'? " if close else "")
                        + f"the rule's parameters: {known}",
                    ),
                    policy_version=version,
                )
            )
    return findings
