"""Built-in rules: no personal data in public posts, no minors without consent.

``personal-data`` flags Spanish identity and bank numbers that pass their checksum (DNI/NIF,
NIE, NIF of legal persons on request, IBAN, CCC, social security number), phone numbers that are
not the organisation's own (:mod:`govsm.rules.contact_details`), and e-mail addresses outside
its domains; findings mask the number. Identity and bank numbers, and a mobile number in a
reply, keep the rule's severity; other phone numbers are at most ``warning``, other addresses
``warning`` (webmail) or ``info``.

``minors-consent`` flags an image or video marked as showing minors with no consent record
(LOPDGDD art. 7 and 92).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

import regex
from attrs import frozen

from govsm.builtin.rules.identity_numbers import (
    IBAN_START,
    LONG_NUMBER,
    SEPARATORS,
    Hit,
    add,
    add_numbers,
    ibans,
    mask,
    mask_email,
    overlaps,
)
from govsm.builtin.rules.identity_numbers import (
    valid_nss as valid_nss,  # re-exported: part of this module's interface
)
from govsm.model import (
    Bilingual,
    Direction,
    Finding,
    MessageKind,
    OrganisationSnapshot,
    Severity,
    Span,
)
from govsm.model.policy import ParamValue
from govsm.rules.contact_details import (
    OwnNumbers,
    email_addresses,
    label_after,
    label_before,
    may_hold_email,
    names_service,
    own_domains,
    own_numbers,
    phone_numbers,
)
from govsm.rules.country_code import numbers as numbers_without_plus
from govsm.rules.params import Prepared, text_list
from govsm.spec.hookspecs import hookimpl
from govsm.spec.rule import Rule, Scope
from govsm.spec.rule_context import RuleContext

#: what ``personal-data`` can look for (its ``detect`` parameter)
KINDS = ("dni", "nie", "cif", "iban", "ccc", "nss", "phone", "email")
#: what it looks for by default: "cif" (legal persons' tax numbers, public by nature) is opt-in
DEFAULT_DETECT = ("dni", "nie", "iban", "ccc", "nss", "phone", "email")
#: phone number types flagged by default (phonenumbers' names, lower case, "_" as "-"); toll-free,
#: shared-cost, premium-rate and UAN numbers are public services' lines, never a person's
DEFAULT_PHONE_TYPES = ("mobile", "fixed-line", "fixed-line-or-mobile", "personal-number", "voip")

_URL = regex.compile(r"\b(?:https?://|www\.)\S+", regex.IGNORECASE)
#: a digit as the number patterns read one (``regex``'s tables can be newer than Python's)
_DIGIT = regex.compile(r"\d")


def may_hold_numbers(text: str) -> bool:
    r"""Whether ``text`` may hold an identity, bank or phone number: it has a digit.

    Every number pattern needs a digit as ``regex`` reads ``\d``; of the texts that have one,
    those with a digit ``str.isdigit`` knows too are read (as the rule always did). One search
    for the first digit instead of a Python call per character; the rare first digit that
    only ``regex`` knows (newer Unicode) is settled by the character walk.
    """
    digit = _DIGIT.search(text)
    return digit is not None and (digit.group().isdigit() or any(map(str.isdigit, text)))


# --- phone numbers ------------------------------------------------------------------------------


def _phones(context: RuleContext, setup: _Setup, text: str, taken: Sequence[Hit]) -> Iterator[Hit]:
    region = setup.region
    found = [*phone_numbers(text, region), *numbers_without_plus(text)]  # "34 612 345 678"
    numbers = sorted(found, key=lambda number: number.start)
    if not numbers:
        return
    types = setup.phone_types
    own = _own_numbers(context.params, context.snapshot)
    in_reply = context.message.kind is MessageKind.REPLY
    # digits in a link (a post id, a file name) are not a phone number; links whose domain the
    # network does not know (.example) are not entities, hence the pattern too
    urls = [
        Hit("url", e.start, e.end, e.text)
        for e in context.measurement.entities
        if e.kind.value == "url"
    ]
    urls.extend(Hit("url", m.start(), m.end(), m.group()) for m in _URL.finditer(text))
    for number in numbers:
        hit = Hit("phone", number.start, number.end, number.raw)
        if overlaps(hit, taken) or overlaps(hit, urls) or number.kind not in types:
            continue
        if own.covers(number.country, number.national) or number.switchboard:
            continue
        service, reference = label_before(text, number.start)
        if reference:
            continue  # "Expte. 922 123 456"
        service = service or label_after(text, number.end)  # "965 55 12 34 (Policía Local)"
        if number.kind == "mobile" and in_reply:
            yield _ranked(hit, Severity.ERROR, "reply-mobile", service)
        elif own.declared:
            yield _ranked(hit, Severity.WARNING, "foreign", service)
        elif number.kind == "fixed-line" and not service:
            # nothing declared to compare with: a fixed line is a service's or a business's far
            # more often than a private person's, whose numbers are mobiles
            yield Hit(hit.kind, hit.start, hit.end, hit.value, Severity.INFO, "undeclared-fixed")
        else:
            yield _ranked(hit, Severity.WARNING, "undeclared", service)


def _ranked(hit: Hit, cap: Severity, variant: str, service: bool) -> Hit:
    """``hit`` with its ceiling and wording; a service's line is one level lower."""
    if service:
        cap = Severity.WARNING if cap is Severity.ERROR else Severity.INFO
    return Hit(hit.kind, hit.start, hit.end, hit.value, cap, variant, service)


# --- bank accounts ------------------------------------------------------------------------------

#: after an account, who holds it: "a nombre del Ayuntamiento", "titular: Concello de …"; the
#: holder is named within the next :data:`_HOLDER_WINDOW` characters of the line
_HOLDER_WINDOW = 48
_HOLDER_AFTER = regex.compile(
    r"[^\n]{0,12}?\b(?:a nombre d|a nom d|en nome d|titular|beneficiari|jabea)", regex.IGNORECASE
)


def _account_owner(text: str, hit: Hit) -> Hit:
    """An account named as a public body's ("cuenta del Ayuntamiento ES…"): at most info.

    A council publishes its own accounts for fees and taxes; when the words before the number on
    its line name a public body or service, or the words right after it say a body holds it
    ("a nombre del Ayuntamiento", "(titular: Concello de …)"), it is most likely the
    organisation's, not yet declared in ``allowed_accounts``. Other hits are returned as they are.
    """
    if hit.kind not in ("iban", "ccc"):
        return hit
    if not (label_before(text, hit.start)[0] or label_after(text, hit.end)):
        holder = _HOLDER_AFTER.match(text, hit.end)
        if holder is None:
            return hit
        line_end = text.find("\n", holder.end())
        named = text[holder.end() : line_end if line_end >= 0 else len(text)]
        if not names_service(named[:_HOLDER_WINDOW]):
            return hit
    return Hit(hit.kind, hit.start, hit.end, hit.value, Severity.INFO, "body-account", True)


# --- e-mail addresses ---------------------------------------------------------------------------


def _emails(context: RuleContext, text: str) -> Iterator[Hit]:
    if not may_hold_email(text):
        return  # most posts, and those with only mentions: nothing to read the domains for
    domains, addresses = _own_domains(context.params, context.snapshot)
    mentions = [(e.start, e.end) for e in context.measurement.entities if e.kind.value == "mention"]
    for found in email_addresses(text, domains, addresses, mentions):
        cap = Severity.WARNING if found.whose == "webmail" else Severity.INFO
        yield Hit("email", found.start, found.end, found.address, cap, found.whose)


# --- findings -----------------------------------------------------------------------------------

_LABELS: dict[str, tuple[str, str]] = {
    "dni": ("un DNI/NIF", "a Spanish identity number (DNI/NIF)"),
    "nie": ("un NIE", "a foreigner's identity number (NIE)"),
    "cif": ("un NIF de persona jurídica", "a legal person's tax number (NIF/CIF)"),
    "iban": ("un número de cuenta (IBAN)", "a bank account number (IBAN)"),
    "ccc": ("un número de cuenta (CCC)", "a Spanish bank account number (CCC)"),
    "nss": ("un número de la Seguridad Social", "a social security number"),
}

_REMOVE = Bilingual(
    es="retírelo: identifique a la persona de otra manera (iniciales, «su titular») o contacte "
    "con ella en privado",
    en="remove it: refer to the person another way (initials, 'its owner') or contact them "
    "privately",
)
_PHONE_ADVICE = Bilingual(
    es="si es de la organización, declárelo en «phones» de [organisation] (govsm.toml) o en "
    "«allowed_phones»; si es de una persona, publique en su lugar el teléfono del servicio "
    "(centralita, 010)",
    en="if it is the organisation's, declare it in [organisation] 'phones' (govsm.toml) or in "
    "'allowed_phones'; if it is a person's, publish the service's number instead (switchboard, "
    "010)",
)
_ACCOUNT_ADVICE = Bilingual(
    es="si es de la organización, declárela en «allowed_accounts» de la regla; si es de una "
    "persona, retírela y contacte con ella en privado",
    en="if it is the organisation's, declare it in the rule's 'allowed_accounts'; if it is a "
    "person's, remove it and contact them privately",
)
_EMAIL_ADVICE = Bilingual(
    es="use la dirección institucional de la unidad (p. ej. ocupacio@…) en lugar de una personal",
    en="use the unit's institutional address (e.g. ocupacio@…) instead of a personal one",
)
_DOMAINS_ADVICE = Bilingual(
    es="declare los dominios de la organización en «domains» de [organisation] (govsm.toml) o en "
    "«allowed_domains»; si la dirección es de una persona, use la institucional de la unidad",
    en="declare the organisation's domains in [organisation] 'domains' (govsm.toml) or in "
    "'allowed_domains'; if the address is a person's, use the unit's institutional one",
)


def _phone_message(hit: Hit, shown: str) -> Bilingual:
    if hit.variant == "reply-mobile":
        message = Bilingual(
            es=f"la respuesta publica un móvil que no está entre los teléfonos de la "
            f"organización (en una respuesta suele ser el de un particular): {shown}",
            en=f"the reply publishes a mobile number that is not among the organisation's "
            f"numbers (in a reply it is usually a private person's): {shown}",
        )
    elif hit.variant == "foreign":
        message = Bilingual(
            es=f"el texto publica un teléfono que no está entre los de la organización: {shown}",
            en=f"the text publishes a phone number that is not among the organisation's: {shown}",
        )
    else:
        message = Bilingual(
            es=f"el texto publica un teléfono ({shown}) y no hay teléfonos de la organización "
            "declarados, así que govsm no puede saber si es suyo",
            en=f"the text publishes a phone number ({shown}) and no phone numbers of the "
            "organisation are declared, so govsm cannot tell whether it is its own",
        )
    if hit.service:
        message = Bilingual(
            es=message.es + "; parece la línea de un servicio público",
            en=message.en + "; it looks like a public service's line",
        )
    elif hit.variant == "undeclared-fixed":
        message = Bilingual(
            es=message.es + "; es un teléfono fijo, lo más probable es que sea de un servicio o "
            "de una empresa",
            en=message.en + "; it is a fixed line, most likely a service's or a business's",
        )
    return message


def _email_message(hit: Hit, shown: str) -> Bilingual:
    domain = hit.value.rsplit("@", 1)[1]
    if hit.variant == "webmail":
        return Bilingual(
            es=f"el texto publica una dirección de un servicio de correo personal ({domain}), "
            f"no institucional: {shown}",
            en=f"the text publishes an address on a personal webmail service ({domain}), not "
            f"an institutional one: {shown}",
        )
    if hit.variant == "foreign":
        return Bilingual(
            es=f"el texto publica una dirección de fuera de los dominios de la organización: "
            f"{shown}",
            en=f"the text publishes an address outside the organisation's domains: {shown}",
        )
    return Bilingual(
        es=f"el texto publica una dirección de correo ({shown}) y no hay dominios "
        "institucionales declarados, así que govsm no puede saber si es de la organización",
        en=f"the text publishes an e-mail address ({shown}) and no institutional domains are "
        "declared, so govsm cannot tell whether it is the organisation's",
    )


def _finding(context: RuleContext, hit: Hit) -> Finding:
    if hit.kind == "email":
        message = _email_message(hit, mask_email(hit.value))
        suggestion = _DOMAINS_ADVICE if hit.variant == "undeclared" else _EMAIL_ADVICE
    elif hit.kind == "phone":
        message = _phone_message(hit, mask(hit.value))
        suggestion = _PHONE_ADVICE
    else:
        label_es, label_en = _LABELS[hit.kind]
        shown = mask(hit.value)
        message = Bilingual(
            es=f"el texto publica {label_es}: {shown}",
            en=f"the text publishes {label_en}: {shown}",
        )
        suggestion = _REMOVE
        if hit.variant == "body-account":
            message = Bilingual(
                es=message.es + "; parece la cuenta de un organismo público",
                en=message.en + "; it looks like a public body's account",
            )
            suggestion = _ACCOUNT_ADVICE
    severity = context.severity if context.severity.rank <= hit.cap.rank else hit.cap
    return Finding(
        rule="personal-data",
        severity=severity,
        message=message,
        span=Span(hit.start, hit.end),
        suggestion=suggestion,
        reference="RGPD art. 5.1.c and 6; LOPDGDD (LO 3/2018) DA 7.ª",
    )


@frozen
class _Setup:
    """What ``personal-data`` reads from its parameters, once per configuration."""

    kinds: frozenset[str]
    detect: frozenset[str]
    allowed_accounts: frozenset[str]
    #: the allowed accounts without their IBAN's country and check digits: as CCC
    allowed_ccc: frozenset[str]
    region: str
    phone_types: frozenset[str]


def _read_setup(params: Mapping[str, ParamValue]) -> _Setup:
    accounts = frozenset(
        SEPARATORS.sub("", a).upper() for a in text_list(params, "allowed_accounts", ())
    )
    types = frozenset(t.lower().replace("_", "-") for t in text_list(params, "phone_types", ()))
    return _Setup(
        kinds=frozenset(text_list(params, "kinds", ("post", "reply"))),
        detect=frozenset(d.lower() for d in text_list(params, "detect", DEFAULT_DETECT)),
        allowed_accounts=accounts,
        allowed_ccc=frozenset(a[4:] for a in accounts),
        region=str(params.get("region", "ES")).upper(),
        phone_types=types or frozenset(DEFAULT_PHONE_TYPES),
    )


_setup = Prepared(_read_setup)


def _read_own_numbers(
    params: Mapping[str, ParamValue], snapshot: OrganisationSnapshot | None
) -> OwnNumbers:
    declared = list(text_list(params, "allowed_phones", ()))
    if snapshot is not None:
        declared.extend(snapshot.organisation.phones)
    return own_numbers(tuple(declared), str(params.get("region", "ES")).upper())


_own_numbers = Prepared(_read_own_numbers)


def _read_own_domains(
    params: Mapping[str, ParamValue], snapshot: OrganisationSnapshot | None
) -> tuple[list[str], set[str]]:
    return own_domains(snapshot, text_list(params, "allowed_domains", ()))


_own_domains = Prepared(_read_own_domains)


def check_personal_data(context: RuleContext) -> Iterator[Finding]:
    """Flag identity and bank numbers, private phones and non-institutional e-mail addresses."""
    message = context.message
    if message.direction is Direction.INBOUND:
        return
    setup = _setup(context.params)
    if message.kind.value not in setup.kinds:
        return
    text = message.text
    detect = setup.detect
    hits: list[Hit] = []
    if "iban" in detect and IBAN_START.search(text) is not None:
        allowed_accounts = setup.allowed_accounts
        add(
            hits,
            (h for h in ibans(text) if SEPARATORS.sub("", h.value).upper() not in allowed_accounts),
        )
    if may_hold_numbers(text):
        if LONG_NUMBER.search(text) is not None:
            add_numbers(text, detect, setup.allowed_ccc, hits)
        hits[:] = [_account_owner(text, hit) for hit in hits]
        if "phone" in detect:
            add(hits, _phones(context, setup, text, hits))
    if "email" in detect:
        add(hits, _emails(context, text))
    for hit in sorted(hits, key=lambda h: h.start):
        yield _finding(context, hit)


PERSONAL_DATA = Rule(
    sensitive=True,
    id="personal-data",
    title=Bilingual(es="Datos personales", en="Personal data"),
    default_severity=Severity.ERROR,
    check=check_personal_data,
    params={
        "detect": list(DEFAULT_DETECT),
        "region": "ES",
        "phone_types": list(DEFAULT_PHONE_TYPES),
        "allowed_phones": [],
        "allowed_domains": [],
        "allowed_accounts": [],
        "kinds": ["post", "reply"],
    },
    family="personal-data",
    reference="Reglamento (UE) 2016/679 (RGPD) art. 5.1.c and 6; LOPDGDD (LO 3/2018) DA 7.ª",
    explanation=(
        "A public post is read by anyone and indexed by search engines: an ID number, a bank "
        "account, a private mobile number or a personal e-mail address published by the council "
        "is a disclosure of personal data without a legal basis (RGPD art. 5.1.c, data "
        "minimisation; art. 6). govsm flags Spanish DNI/NIF (including K, L and M NIFs of "
        "people), NIE, IBAN (any country), CCC and social security numbers **only when their "
        "check digits are right** (python-stdnum; the NSS's modulo-97 check by govsm), so a "
        "reference number or a wrong DNI is never flagged; these keep the rule's severity "
        "(error by default: change the post before publishing) — but an account the words "
        "around it give to a public body ('cuenta del Ayuntamiento ES…', '… a nombre del "
        "Concello') is at most info: most likely the organisation's own, not yet declared in "
        "`allowed_accounts`. Legal persons' tax numbers "
        "(CIF) are public and only flagged when `detect` includes `cif`.\n\n"
        "Phone numbers are classified with `phonenumbers` (region `region`). Never flagged: the "
        "organisation's own numbers — `phones` in `[organisation]` of govsm.toml and the "
        "policy's `allowed_phones`, single numbers or ranges ('922 123 400 - 922 123 499') — "
        "short service numbers (010, 016, 092, 112…), toll-free, shared-cost and premium "
        "numbers, switchboards (fixed lines ending in 00), and digits labelled as a reference "
        "('Expte.', 'ref.') or followed by a currency or unit. A mobile number in a reply keeps "
        "the rule's severity (in a reply it is usually a private person's); any other phone "
        "number is at most a warning, and one level lower when a public service's name comes "
        "just before it ('Policía Local: …'). When no number is declared, the message says so, "
        "and a fixed line is at most info: with nothing to compare it with, it is far more "
        "often a service's or a business's line than a private person's.\n\n"
        "E-mail addresses on the organisation's `domains` (or its website's, or "
        "`allowed_domains`, subdomains included) and its units' and people's own addresses are "
        "never flagged; an address on a public webmail service (gmail.com, hotmail.es…) is at "
        "most a warning, any other at most info — and when no domain is declared the message "
        "says govsm cannot tell. Findings mask the number but for its last three characters. "
        "Passports are not checked: Spanish passport numbers carry no check digit."
    ),
)


def check_minors(context: RuleContext) -> Iterator[Finding]:
    """Flag media marked as showing minors that name no consent record."""
    message = context.message
    if message.direction is Direction.INBOUND:
        return
    for number, media in enumerate(message.media, start=1):
        if not media.shows_minors or (media.consent and media.consent.strip()):
            continue
        name = media.location.rstrip("/").rsplit("/", 1)[-1] or media.location
        yield Finding(
            rule="minors-consent",
            severity=context.severity,
            message=Bilingual(
                es=f"el adjunto {number} («{name}») muestra a menores y no consta el "
                "consentimiento para publicarlo",
                en=f"attachment {number} ('{name}') shows minors and no consent to publish it "
                "is recorded",
            ),
            suggestion=Bilingual(
                es="anote en «consent» la referencia de la autorización (del menor si tiene 14 "
                "años o más, si no de sus padres o tutores), o use una imagen en la que no se "
                "les pueda identificar",
                en="record in 'consent' the reference of the authorisation (the minor's own "
                "from age 14, otherwise the parents' or guardians'), or use a picture in which "
                "they cannot be identified",
            ),
            reference="LOPDGDD (LO 3/2018) art. 7 and 92; LO 1/1996 art. 4",
        )


MINORS_CONSENT = Rule(
    id="minors-consent",
    scope=Scope(media=True),
    title=Bilingual(es="Menores sin consentimiento", en="Minors without consent"),
    default_severity=Severity.ERROR,
    check=check_minors,
    family="personal-data",
    reference="LOPDGDD (LO 3/2018) art. 7 and 92; LO 1/1996 de Protección Jurídica del Menor "
    "art. 4",
    explanation=(
        "An image or video of identifiable children is their personal data. LOPDGDD art. 92 "
        "requires anyone who publishes minors' data on social networks or equivalent services "
        "to have consent as art. 7 sets it: the minor's own from age 14, the parents' or "
        "guardians' below it (and LO 1/1996 art. 4 protects their image). govsm flags every "
        "attachment marked `shows_minors = true` whose `consent` field names no consent record. "
        "It does not look at the picture: marking it is the editor's job."
    ),
)


@hookimpl
def govsm_rules() -> list[Rule]:
    """Declare the personal-data rules."""
    return [PERSONAL_DATA, MINORS_CONSENT]
