"""Whether a post that names a procedure calls the citizen to do it.

The built-in rule ``procedure-link`` (``govsm.builtin.rules.links``) asks a post about a
procedure to link to the sede electrónica. Many posts name a procedure without asking anyone to
do it, and :func:`why_no_call` tells them by the words around the name, in its sentence:

- ``none-needed``: none is needed ("sin inscripción", "sense inscripció", "sen inscrición");
- ``filed``: the status of applications already filed ("hem registrat la teua sol·licitud",
  "su solicitud está completa", "las solicitudes admitidas", "11.000 trámites hechos",
  "la inscripció ja està registrada", "erregistratu dugu zure eskaera");
- ``closed``: a sign-up that has closed ("les inscripcions van tancar divendres");
- ``meeting``: an appointment with an office holder ("pedir cita con la alcaldesa"), not an
  administrative one;
- ``other-body``: another body's procedure, done where that body says ("ha d'anar a LABORA",
  "Lanbidera joan behar duzu", "en la web del club"), another administration's grant ("les
  ajudes de la Diputació es poden demanar…") or the State's (the DNI, the passport, the
  driving licence: "cita previa para renovar el DNI en la comisaría");
- ``entries``: proposals or entries to a participatory process or a contest ("termini de
  presentació de propostes", "proposamenak aurkezteko epea");
- ``at-venue``: a sign-up or pass asked for at a venue's desk ("inscripción en el mostrador de
  la biblioteca", "en la taquilla del polideportivo"), not at the citizens' office;
- ``proceedings``: the administration's own proceedings ("tramitación ordinaria");
- ``request``: an impersonal request to people ("se solicita a los vecinos que retiren…").

The text is lower case without accents (:func:`govsm.rules.wording.fold`), offsets unchanged.
"""

from __future__ import annotations

import functools
import re

from govsm.rules.neutrality_lexicon import titles
from govsm.rules.wording import fold_word

#: a sentence ends at a line break, or at ``.``, ``!`` or ``?`` before a space — not at the
#: point of an initial ("a. g. r.") or of an abbreviation such as "esp." before a number. Each
#: branch starts with its character, which the search looks for; the point's look-behinds,
#: taken after it, include it.
_SENTENCE_END = re.compile(r"[\n!?]|\.(?<![^\w]\w\.)(?<!\besp\.)(?<!\bexpte\.)(?=\s|$)")


def _holds(text: str, words: tuple[str, ...]) -> bool:
    """Whether ``text`` holds one of ``words``: the pattern that needs one of them can match."""
    return any(word in text for word in words)


def sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the sentence of ``text`` around ``text[start:end]``."""
    first = 0
    for stop in _SENTENCE_END.finditer(text, 0, start):
        first = stop.end()
    after = _SENTENCE_END.search(text, end)
    return first, after.start() if after else len(text)


#: what a filed application is, or what happened to it (es, ca, gl, eu)
_STATUS = (
    r"(?:registr|rexistr|tramit|complet|realiz|realitz|aprob|aprov|present|deneg|cerr|tanc|pech"
    r"|finaliz|agot|esgot)(?:ad(?:[oa]s?|es)|ats?)"
    r"|(?:recib|admit|conced)(?:id(?:[oa]s?|es)|its?)"
    r"|resuelt[oa]s?|resolt[oae]?s?|rebud(?:a|es)|rebuts?|admes(?:[oa]s?|es)?|hech[oa]s?"
    r"|fet(?:[ae]s?|s)?|feit[oa]s?|complet[oa]s?"
    r"|erregistratu(?:ta|ak)?|jaso(?:ta|ak)?|onartu(?:ta|ak)?|ebatzi(?:ta|ak)?|osatu(?:ta|ak)?"
    r"|pendente?s? de resolucion?"
)
_STATUS_WORD = re.compile(rf"\b(?:{_STATUS})\b")
#: right after the procedure's name: "las solicitudes admitidas", "trámites ya hechos"
_STATUS_NEXT = re.compile(rf"\s+(?:ya\s+|ja\s+|xa\s+)?(?:{_STATUS})\b")
#: later in its sentence, a finite verb: "ja està registrada", "ha sido admitida"
_STATUS_LATER = re.compile(
    rf"\b(?:esta|estan|ha sido|han sido|ha estat|han estat|foi|foron|fue|fueron)\s+"
    rf"(?:ya\s+|ja\s+|xa\s+)?(?:{_STATUS})\b"
)
#: what every :data:`_STATUS_LATER` holds ("estat" holds "esta", "fueron" "fue")
_STATUS_LATER_WORDS = ("esta", "sido", "foi", "foron", "fue")
#: earlier in its sentence, a perfect tense: "hem registrat", "hemos recibido", "jaso dugu"
#: — right before the name, but for an article and the citizen's possessive or a number (not
#: "ha aprobado las bases: solicitudes hasta el 30", which announces a call)
_FILED_BEFORE = re.compile(
    rf"\b(?:(?:he|has|ha|hemos|habeis|han|hem|heu)\s+(?:ya\s+|ja\s+|xa\s+)?(?:{_STATUS})"
    r"|rexistramos|recibimos|tramitamos|admitimos"
    r"|(?:erregistratu|jaso|onartu|ebatzi|tramitatu)\s+(?:dugu|ditugu|dute|dituzte|da|dira))"
    r"\s+(?:(?:el|la|los|las|les|els|o|a|os|as)\s+|l')?"
    r"(?:(?:su|sus|tu|tus|vuestra|vuestras|teua|teues|teva|teves|seua|seues|seva|seves|sua"
    r"|suas|vosa|vosas|zure|zuen|mas de [\d.]+|[\d.]+)\s+)?\Z"
)
#: the citizen's possessive just before the name ("su solicitud", "la teua sol·licitud")
_THEIRS = re.compile(
    r"(?:^|[^\w])(?:su|sus|tu|tus|vuestra|vuestras|teua|teues|teva|teves|seua|seues|seva|seves"
    r"|sua|suas|vosa|vosas|zure|zuen)\s+(?:\w+\s+)?\Z"
)
#: none needed: "sin inscripción", "sense inscripció prèvia", "sen inscrición"
_NONE_NEEDED = re.compile(r"(?:^|[^\w])(?:sin|sense|sen)\s+(?:\w+\s+)?\Z")
#: closed, in the past: "van tancar", "se cerraron", "pechou", "itxi zen"
_CLOSED = re.compile(
    r"\b(?:(?:es\s+)?van tancar|va tancar|han tancat|se cerr(?:o|aron)|han cerrado|pech(?:ou|aron)"
    r"|itxi (?:zen|ziren|da|dira)|finaliz(?:o|aron)|terminaron)\b"
)
#: what every :data:`_CLOSED` holds
_CLOSED_WORDS = ("tanca", "cerr", "pech", "itxi ", "finaliz", "terminaron")
#: someone else's web or office: "en la web del club", "a la seu de la Mancomunitat"
_OWN_BODY = r"(?:ayuntamiento|ajuntament|concello|udal\w*|municipal|municipi|concell)\b"
_THEIR_PLACE = re.compile(
    r"\b(?:en|a|na|no)\s+(?:la\s+|el\s+|a\s+|o\s+)?(?:web|pagina|plataforma|sede|seu|app)\s+"
    rf"(?:del?|dels|d'|do|da|dos|das)\s*(?:la\s+|el\s+|l'|les\s+|los\s+|las\s+|o\s+|a\s+)?"
    rf"(?!{_OWN_BODY})\w"
)
#: what every :data:`_THEIR_PLACE` holds
_PLACE_WORDS = ("web", "pagina", "plataforma", "sede", "seu", "app")
#: you must go to another body: "ha d'anar a LABORA", "tiene que ir al SEPE", "Lanbidera joan"
_GO_ELSEWHERE = re.compile(
    r"\b(?:ha d'anar|has d'anar|heu d'anar|ha de ir|has de ir|tiene que ir|tienes que ir|debe ir"
    r"|debe acudir|debe dirigirse|deberá dirigirse|ten que ir|tes que ir|debe acudir)\s+"
    r"(?:a|al|ao|a la|a l')\s*(?!(?:la\s+|el\s+|l'|a\s+|o\s+)?(?:oac|sac|oficina|registr|rexistr"
    rf"|{_OWN_BODY}))\w"
    r"|\b(?!udaletxe|bulego|erregistro)\w+ra\s+joan\s+behar\b"
)
#: what every :data:`_GO_ELSEWHERE` holds ("ha d'anar", "ha de ir", "tiene que ir", "debe ir",
#: "deberá dirigirse", "Lanbidera joan behar")
_GO_WORDS = ("d'anar", "de ir", "que ir", "debe ", "dirigirse", "joan")
#: another administration's grant or service: "les ajudes de la Diputació", "becas del Ministerio"
_OTHER_ADMINISTRATION = (
    r"(?:diputacion|diputacio|deputacion|generalitat|xunta|gobierno|govern|goberno|ministerio"
    r"|ministeri|seguridad social|seguretat social|sepe|labora|lanbide|mancomunidad|mancomunitat"
    r"|cabildo|conselleria|consejeria|junta de)\b"
)
_THEIR_GRANT = re.compile(
    r"\b(?:ayudas?|ajudes|ajuda|axudas?|subvencion\w*|subvencions|becas?|beques|bolsas?|bonos?"
    r"|bons|prestacion\w*|prestacio\w*)\s+(?:del?|d'|da|do)\s*(?:la\s+|el\s+|l'|a\s+|o\s+)?"
    rf"{_OTHER_ADMINISTRATION}"
    r"|\b(?:aldundi|jaurlaritza|lanbide)\w*(?:aren|ren|ko)\s+(?:diru-)?(?:laguntza|beka)"
)
#: what every :data:`_THEIR_GRANT` holds: another administration, or a Basque grant
_GRANT_WORDS = (
    "diputacio", "deputacion", "generalitat", "xunta", "gobierno", "govern", "goberno",
    "ministeri", "seguridad social", "seguretat social", "sepe", "labora", "lanbide", "mancomun",
    "cabildo", "conselleria", "consejeria", "junta de", "laguntza", "beka",
)  # fmt: skip
#: the State's procedures, which no council's sede offers: "renovar el DNI en la comisaría",
#: "cita para el pasaporte", "el carné de conducir (DGT)"
_STATE = re.compile(
    r"\b(?:renovar|renovacion|renovacio|renova|expedicion|expedicio|expedir|obtener|sacar)\s+"
    r"(?:el\s+|del\s+|de\s+|la\s+|l'|o\s+|do\s+)?(?:dni|pasaporte|passaport|nie)\b"
    r"|\b(?:comisaria|comissaria|policia nacional|dgt|itv|carne de conducir|permiso de conducir"
    r"|permis de conduccio|agencia tributaria|aeat)\b"
)
#: what every :data:`_STATE` holds (a document's name is the State's procedure only when it is
#: renewed or issued: "presente el DNI" in a council's sign-up is a document to show)
_STATE_WORDS = (
    "dni", "pasaporte", "passaport", "nie", "comisaria", "comissaria", "policia nacional", "dgt",
    "itv", "conduc", "agencia tributaria", "aeat",
)  # fmt: skip
#: proposals or entries, not an application: "presentación de propuestas", "proposamenak…"
_ENTRIES_NEXT = re.compile(
    r"\s+(?:de|d'|das|dos)\s*(?:les\s+|las\s+|los\s+|as\s+|os\s+)?(?:propuestas|propostes"
    r"|propostas|obras|obres|trabajos|treballs|traballos|fotografias|fotografies|relatos|relats"
    r"|carteles|cartells|carteis|candidaturas|candidatures)\b"
)
_ENTRIES_BEFORE = re.compile(r"\b(?:proposamen|argazki|hautagaitz|kartel)\w*\s+\Z")
#: a venue's desk, where a sign-up or a pass is asked for, not the citizens' office
_VENUE = re.compile(
    r"\b(?:en|a|al|na|no|ao)\s+(?:el\s+|la\s+|l'|o\s+|a\s+)?(?:mostrador|taquilla|taquilles|recepcion|recepcio|conserjeria|consergeria"
    r"|casa de (?:la )?cultura|casa da cultura|biblioteca|polideportivo|poliesportiu"
    r"|pabellon|pavello|centro civico|centre civic)\b"
    r"|\b(?:liburutegi|kiroldegi|kultur etxe)\w*(?:an|ko mahaian|ko harreran)\b"
)
#: what every :data:`_VENUE` holds
_VENUE_WORDS = (
    "mostrador", "taquill", "recepcio", "conser", "cultura", "biblioteca", "polideportivo",
    "poliesportiu", "pabellon", "pavello", "centro civico", "centre civic", "liburutegi",
    "kiroldegi", "kultur etxe",
)  # fmt: skip
#: the administration's own proceedings: "tramitación ordinaria", "tramitació urgent"
_PROCEEDINGS_NEXT = re.compile(
    r"\s+(?:ordinaria|urgente|urgent|urxente|anticipada|abreviada|de urgencia"
    r"|d'urgencia|de emergencia)\b"
)
#: after an impersonal "se solicita", someone asked for something: "se solicita a los vecinos
#: que…", "se solicita la colaboración…", "es demana a la ciutadania…"
_ASKS_PEOPLE = re.compile(
    r"\s+(?:a|al|a la|a los|a las|als|a les|a l'|que|la colaboracion|la col·laboracio"
    r"|la colaboracio|precaucion|precaucio|paciencia|calma|respeto|respecte|silencio)\b"
)
#: another body's premises: "en la sede de la Seguridad Social" (a keyword naming the sede)
_OF_ANOTHER = re.compile(rf"\s+(?:del?|d'|do|da)\s*(?!{_OWN_BODY})\w")


@functools.cache
def _meeting() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """An appointment with an office holder: "cita con la alcaldesa", "alkatearekin"."""
    forms = sorted({fold_word(t).replace("*", r"\w*") for t in titles()}, key=len, reverse=True)
    body = "|".join(f.replace(" ", r"\s+") for f in forms)
    after = re.compile(
        r"\b(?:con|amb|co|coa|cos|coas)\s+(?:el\s+|la\s+|los\s+|las\s+|l'|els\s+|les\s+|o\s+|a\s+"
        rf"|os\s+|as\s+|nuestr[oa]\s+|nostre\s+|nostra\s+)?(?:{body}|alcaldia)\b"
    )
    before = re.compile(r"\b(?:alkate|zinegotzi)\w*(?:arekin|rekin)\s+(?:\w+\s+)?\Z")
    return after, before


def own_names(name: str) -> tuple[str, ...]:
    """The words of an organisation's name that name it, not its kind: the town's.

    >>> own_names("Ajuntament de Rocafort de Mar")
    ('rocafort',)
    """
    return tuple(
        w
        for w in re.findall(r"[\w·'-]+", fold_word(name))
        if len(w) > 3 and not re.match(_OWN_BODY, w)
    )


def _elsewhere(whole: str, own: tuple[str, ...]) -> bool:
    """Whether the sentence sends to another body's web or office, not the organisation's."""
    if _holds(whole, _PLACE_WORDS):
        for match in _THEIR_PLACE.finditer(whole):
            if not whole.startswith(own, match.end() - 1):
                return True
    return _holds(whole, _GO_WORDS) and _GO_ELSEWHERE.search(whole) is not None


def why_no_call(text: str, start: int, end: int, own: tuple[str, ...] = ()) -> str | None:
    """Why the procedure named at ``text[start:end]`` is no call to do it, or ``None``.

    :param text: the post's text, lower case and without accents.
    :param start: where the procedure's name starts.
    :param end: where it ends.
    :param own: the organisation's own names (:func:`own_names`): "en la web de Rocafort" is
        its own web, not another body's.
    :returns: the class of post (``filed``, ``closed``, ``meeting``, ``other-body``,
        ``entries``, ``at-venue``, ``proceedings``, ``request``, ``none-needed``), or ``None``
        for a call.
    """
    first, last = sentence(text, start, end)
    before = text[max(first, start - 60) : start]
    after = text[end:last]
    whole = text[first:last]
    word = text[start:end]
    if _NONE_NEEDED.search(before):
        return "none-needed"
    if (
        _STATUS_NEXT.match(after)
        or (_holds(after, _STATUS_LATER_WORDS) and _STATUS_LATER.search(after))
        or _FILED_BEFORE.search(text, first, start)
        or (_THEIRS.search(before) and _STATUS_WORD.search(after))
    ):
        return "filed"
    if _holds(after, _CLOSED_WORDS) and _CLOSED.search(after):
        return "closed"
    meeting_after, meeting_before = _meeting()
    if meeting_after.search(after) or meeting_before.search(before):
        return "meeting"
    if _elsewhere(whole, own):
        return "other-body"
    if _holds(whole, _GRANT_WORDS) and _THEIR_GRANT.search(whole):
        return "other-body"
    if _holds(whole, _STATE_WORDS) and _STATE.search(whole):
        return "other-body"
    if word.endswith(("sede", "seu")) and _OF_ANOTHER.match(after):
        return "other-body"
    if word.startswith(("se solicita", "es pot", "es poden", "solicitase")) and _ASKS_PEOPLE.match(
        after
    ):
        return "request"
    if _ENTRIES_NEXT.match(after) or _ENTRIES_BEFORE.search(before):
        return "entries"
    if _holds(after, _VENUE_WORDS) and _VENUE.search(after):
        return "at-venue"
    if word.startswith("tramitaci") and _PROCEEDINGS_NEXT.match(after):
        return "proceedings"
    return None
