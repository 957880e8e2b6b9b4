"""Name normalisation shared by the build (aliases are stored normalised) and the resolver."""

from __future__ import annotations

import re
import unicodedata

_SPLIT_ALNUM = re.compile(r"(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def normalise(text: str) -> str:
    """Case-, accent- and punctuation-blind: ``'Türkiye'`` -> ``'turkiye'``, ``'ETS126'`` -> ``'ets 126'``.

    Letters and digits are split apart so ``ets126``, ``ETS 126`` and ``ets-126`` meet;
    ``&`` reads as ``and``; apostrophes vanish (``Côte d'Ivoire`` -> ``cote divoire``).
    """
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    folded = stripped.casefold().replace("&", " and ").replace("'", "").replace("\u2019", "")
    spaced = _SPLIT_ALNUM.sub(" ", folded)
    return _NON_ALNUM.sub(" ", spaced).strip()
