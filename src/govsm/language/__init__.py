"""Languages: which one a text is in, and how hard a Spanish text is to read.

:mod:`~govsm.language.detection` is govsm's one language detector: lingua
(``lingua-language-detector``), restricted to the candidate languages, with one addition — lingua
has no Galician model, so govsm tells Galician from Spanish, Portuguese and Catalan by counting
the words and spellings of ``govsm/rules/data/language-markers.toml``
(:mod:`~govsm.language.markers`). :mod:`~govsm.language.cleaning` removes what is not prose
(links, mentions, hashtags) before detection, and :mod:`~govsm.language.names` names the
languages. :mod:`~govsm.language.syllables` splits Spanish words into syllables, and
:mod:`~govsm.language.readability` scores Spanish texts (INFLESZ, Fernández-Huerta).

The built-in rules ``language`` (``govsm.builtin.rules.language``), ``co-official-language``
(``govsm.builtin.rules.co_official``) and
``readability-es`` (``govsm.builtin.rules.readability``) use them.
"""
