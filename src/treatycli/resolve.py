"""Names -> ids: normalise, then exact id, then alias, then a unique prefix; never a silent guess.

Order of a lookup (states and treaties alike):

1. the exact alias (ids, codes, UN numbers, names; an MTDSG number may be typed bare, ``XXVI-9``,
   or as ``mtdsg xxvi-9``; both meet the treaty id ``un-xxvi-9``);
2. failing that, aliases that start with the name, if it has at least ``_MIN_PREFIX`` characters
   (``tor`` names nothing; ``tort`` is a prefix of ``torture convention``);
3. for treaties only, failing both, the titles that contain every word of the name, unless the name
   is a state's ('italy', 'usa' are words of some titles but name states, not treaties).

An answer that rests on a descriptive phrase rather than on a name given to one treaty (a Council
of Europe "common name" such as *Migrant Workers* or *Children's Rights*, a prefix, title words)
stands only if no other treaty's title has the same words; otherwise it is ambiguous (exit 3 with
the candidates). A state's UN name that its common name does not use alone (the Republic of the
Congo is ``Congo`` at the UN) is ambiguous when another state's name contains it (``congo``: COD
and COG). Suggestions for an unknown name are the aliases most similar to it, best first, and
none when nothing comes close.
"""

from __future__ import annotations

import difflib
import os
import re

from .db import Database, cached
from .errors import AmbiguousName, UnknownState, UnknownTreaty, UsageError
from .models import State, Treaty
from .text import normalise

MAX_INPUT = 300
_MIN_PREFIX = 4
_SUGGEST_CUTOFF = 0.8  # difflib ratio; 'rusia'/'russia' is 0.91, 'narnia'/'armenia' 0.77
_MAX_CANDIDATES = 10

# A UN Treaty Collection (MTDSG) number once normalised: chapter in roman numerals, then the
# number and any sub-parts ('xxvi 9', 'xxvii 7 a', 'mtdsg iv 9'). Every UN treaty has the id alias
# 'un <number>', whichever source brought it in, so the number is looked up there too.
_MTDSG = re.compile(r"^(?:mtdsg |un )?([ivxlc]+ \d+(?: [a-z0-9]+)*)$")
_NUMBERED_PROTOCOL = re.compile(r"^protocol (?:no )?(\d+)$")

# Words a title-word match ignores, and the few plurals the crude stemmer below cannot see.
_STOP = frozenset({"a", "an", "and", "at", "by", "for", "in", "of", "on", "the", "to", "with"})
_IRREGULAR = {"children": "child", "childrens": "child", "women": "woman", "womens": "woman"}

# Alias kinds that describe a treaty rather than name it (the Council of Europe's "common names":
# 'Migrant Workers', "Children's Rights"); other treaties' titles may fit them as well. Every other
# kind (id, number, acronym, short name, full title, an alias a source or we gave) is a name.
_DESCRIPTIVE_KINDS = frozenset({"common_name"})


def _clean(text: str, what: str) -> str:
    if len(text) > MAX_INPUT:
        raise UsageError(f"{what} name is too long ({len(text)} characters; at most {MAX_INPUT})")
    key = normalise(text.replace("+", " plus "))  # 'Convention 108+' is not 'Convention 108'
    if not key:
        raise UsageError(f"empty {what} name")
    return key


def _suggest(key: str, labels: dict[str, str]) -> tuple[str, ...]:
    """Up to three labels whose aliases are most similar to ``key``, best first.

    Similarity is difflib's ratio over the normalised aliases, at least ``_SUGGEST_CUTOFF``; a tie
    goes to the alias that shares the longer start with ``key`` ('iccpt': 'iccpr' before 'iccat').
    """
    scored: dict[str, tuple[float, int]] = {}
    matcher = difflib.SequenceMatcher(b=key, autojunk=False)
    for alias, label in labels.items():
        matcher.set_seq1(alias)
        if matcher.real_quick_ratio() < _SUGGEST_CUTOFF or matcher.quick_ratio() < _SUGGEST_CUTOFF:
            continue
        score = (matcher.ratio(), len(os.path.commonprefix([alias, key])))
        if score[0] >= _SUGGEST_CUTOFF and score > scored.get(label, (0.0, 0)):
            scored[label] = score
    ranked = sorted(scored.items(), key=lambda item: (-item[1][0], -item[1][1], item[0]))
    return tuple(label for label, _ in ranked[:3])


def _exact(db: Database, table: str, column: str, key: str) -> tuple[list[str], set[str]]:
    """Ids whose alias is ``key``, and the kinds of those aliases.

    ``table`` and ``column`` are this module's constants, never user input; ``key`` is bound.
    """
    rows = db.rows(f"SELECT {column} AS id, kind FROM {table} WHERE alias = ? ORDER BY {column}", (key,))
    return sorted({str(r["id"]) for r in rows}), {str(r["kind"]) for r in rows}


def _prefixed(db: Database, table: str, column: str, key: str, no_prefix_kinds: tuple[str, ...]) -> list[str]:
    """Ids with an alias starting with ``key`` (at most 11), if ``key`` is long enough to be one."""
    if len(key) < _MIN_PREFIX:
        return []
    marks = ",".join("?" * len(no_prefix_kinds))
    rows = db.rows(
        f"SELECT {column} AS id, alias FROM {table} WHERE alias >= ? AND alias < ? "
        f"AND kind NOT IN ({marks}) ORDER BY {column}",
        (key, key + "\uffff", *no_prefix_kinds),
    )
    ids: list[str] = []
    for r in rows:
        # a number is never the start of a longer one: 'protocol no 1' is not 'protocol no 12'
        if key[-1].isdigit() and str(r["alias"])[len(key) : len(key) + 1].isdigit():
            continue
        if r["id"] not in ids:
            ids.append(str(r["id"]))
    return ids[:11]


# --- states ---------------------------------------------------------------------------------------


def _has_words(name: str, key: str) -> bool:
    return f" {key} " in f" {name} "


def _shared_state_name(db: Database, sid: str, key: str) -> list[str]:
    """Other states that ``key`` also names, when it is ``sid``'s UN name but not what it is called.

    The Republic of the Congo is 'Congo' at the UN, but its common name says the short form is not
    its own: 'congo' is as much the Democratic Republic of the Congo. 'guinea' (the common name of
    Guinea) or 'china' stay unique.
    """
    state = load_state(db, sid)
    common = normalise(state.common_name or "")
    if normalise(state.name) != key or not common or common == key or not _has_words(common, key):
        return []
    rows = db.rows(
        "SELECT DISTINCT state_id FROM state_aliases WHERE kind IN ('name', 'common_name', "
        "'official_name') AND state_id != ? AND (alias = ? OR alias LIKE ? OR alias LIKE ? "
        "OR alias LIKE ?) ORDER BY state_id",
        (sid, key, f"{key} %", f"% {key}", f"% {key} %"),
    )
    return [str(r["state_id"]) for r in rows]


@cached
def resolve_state(db: Database, text: str) -> State:
    key = _clean(text, "state")
    ids, _ = _exact(db, "state_aliases", "state_id", key)
    ids = ids or _prefixed(db, "state_aliases", "state_id", key, ("iso2",))
    if len(ids) == 1:
        others = _shared_state_name(db, ids[0], key)
        if not others:
            return load_state(db, ids[0])
        ids = [ids[0], *others]
    if ids:
        cands = tuple((i, load_state(db, i).name) for i in ids[:_MAX_CANDIDATES])
        raise AmbiguousName("state", text[:80], cands)
    rows = db.rows(
        "SELECT a.alias, s.name FROM state_aliases a JOIN states s ON s.id = a.state_id "
        "WHERE a.kind IN ('name', 'common_name', 'official_name')"
    )
    raise UnknownState(text[:80], _suggest(key, {r["alias"]: r["name"] for r in rows}))


# --- treaties -------------------------------------------------------------------------------------


def _stem(word: str) -> str:
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _words(text: str) -> frozenset[str]:
    return frozenset(_stem(w) for w in normalise(text).split() if w not in _STOP)


_UN_CHILD = re.compile(r"^(un-[ivxlc]+-\d+)-[a-z]$")  # un-iv-11-b: a protocol or amendment to un-iv-11


@cached
def _title_index(db: Database) -> tuple[tuple[str, str, frozenset[str]], ...]:
    """(id, parent id, stemmed title words) of every treaty.

    UN protocols and amendments carry no parent in the data; their MTDSG number gives it.
    """
    out = []
    for r in db.rows("SELECT id, parent_id, title FROM treaties ORDER BY id"):
        tid = str(r["id"])
        child = _UN_CHILD.match(tid)
        parent = str(r["parent_id"] or "") or (child[1] if child else "")
        out.append((tid, parent, _words(str(r["title"]))))
    return tuple(out)


def _numbered_protocol(db: Database, key: str) -> list[str]:
    """'protocol 4', 'protocol no 12': the treaties titled 'Protocol No. N ...' or known by a short name
    that starts with that protocol number ('echr protocol 1'), the number matched whole; [] for any
    other key."""
    m = _NUMBERED_PROTOCOL.match(key)
    if m is None:
        return []
    n = m[1]
    # 'echr protocol 1', 'protocol no 1 echr'; never 'additional protocol 1' (AP I) or 'optional ...'
    named = re.compile(rf"^(?:[a-z]{{2,5}} )?protocol (?:no )?{n}\b")
    titled = f"protocol no {n} "
    ids = {
        r["id"]
        for r in db.rows("SELECT id, title FROM treaties")
        if normalise(r["title"][:40]).startswith(titled)
    }
    ids |= {
        r["treaty_id"]
        for r in db.rows("SELECT alias, treaty_id FROM treaty_aliases")
        if named.search(r["alias"])
    }
    return sorted(ids)


def _title_word_matches(db: Database, key: str, found: str = "") -> list[str]:
    """Treaties whose title has every word of ``key``, closest fit first.

    A protocol, amendment or revision is left out when the treaty it belongs to is in the list: by
    its parent, or because its title is that treaty's title and more ('European Social Charter
    (revised)', 'Amendment to article 8 of the International Convention on the Elimination ...').
    ``found``, the treaty a description was found for, counts as one of them whatever its title.
    """
    words = _words(key)
    if not words or all(w.isdigit() or len(w) < 3 for w in words):
        return []
    hits = {tid: (parent, title) for tid, parent, title in _title_index(db) if words <= title or tid == found}
    if len(hits) > 200:  # a word every other title has says nothing: no list, no answer
        return []
    kept = [
        tid for tid, (parent, title) in hits.items() if parent not in hits and not _extends(tid, title, hits)
    ]
    return sorted(kept, key=lambda tid: (len(hits[tid][1] - words), tid))


def _extends(tid: str, title: frozenset[str], hits: dict[str, tuple[str, frozenset[str]]]) -> bool:
    """Whether ``tid``'s title is another title of the same family of ids and more words (a revision)."""
    family = tid.split("-", 1)[0]
    return any(
        len(other) >= 3 and other < title and o.split("-", 1)[0] == family
        for o, (_, other) in hits.items()
        if o != tid
    )


@cached
def resolve_treaty(db: Database, text: str) -> Treaty:
    key = _clean(text, "treaty")
    ids, kinds = _exact(db, "treaty_aliases", "treaty_id", key)
    number = _MTDSG.match(key)
    if not ids and number:  # 'XXVI-9', 'mtdsg xxvi-9': the id alias 'un xxvi 9' of any UN treaty
        ids, kinds = _exact(db, "treaty_aliases", "treaty_id", f"un {number[1]}")
    descriptive = bool(kinds) and kinds <= _DESCRIPTIVE_KINDS
    if not ids:
        # 'protocol 4': every treaty by that protocol number, and no title word beside it
        ids = _numbered_protocol(db, key)
    if not ids:
        ids = _prefixed(db, "treaty_aliases", "treaty_id", key, ("number", "mtdsg"))
        descriptive = True
    if not ids:
        if _exact(db, "state_aliases", "state_id", key)[0]:
            # a state's name or code is not a treaty's title words ('usa': an IEADB agreement made
            # at Alexandria, VA, USA; 'italy': one of Austria, Italy and Portugal)
            raise UnknownTreaty(
                text[:80], note=f"{text[:80]!r} is a state; for its treaties: treaty state {text[:80]!r}"
            )
        ids = _title_word_matches(db, key)
        descriptive = False  # already every treaty the words name
    if len(ids) == 1 and descriptive:
        # a description one treaty goes by may fit others as well: then it is no answer
        ids = [ids[0], *(t for t in _title_word_matches(db, key, ids[0]) if t != ids[0])]
    if len(ids) == 1:
        return load_treaty(db, ids[0])
    if ids:
        cands = tuple((i, _label(load_treaty(db, i))) for i in ids[:_MAX_CANDIDATES])
        raise AmbiguousName("treaty", text[:80], cands)
    rows = db.rows(
        "SELECT a.alias, t.id, t.short_name FROM treaty_aliases a "
        "JOIN treaties t ON t.id = a.treaty_id WHERE a.kind != 'title'"
    )
    labels = {r["alias"]: f"{r['alias']} ({r['short_name'] or r['id']})" for r in rows}
    raise UnknownTreaty(text[:80], _suggest(key, labels))


def resolve_pair(db: Database, state_text: str, treaty_text: str) -> tuple[State, Treaty, bool]:
    """The state and the treaty two names give, in the order typed or the other way round.

    The other order is taken when the typed one fails and the other resolves ('withdrawal usa
    unesco': 'usa' is a state's name, never a treaty's title words, so the typed order fails).
    Returns (state, treaty, swapped); when neither order resolves, the typed order's error is raised.
    """
    try:
        return resolve_state(db, state_text), resolve_treaty(db, treaty_text), False
    except (UnknownState, AmbiguousName, UnknownTreaty) as first:
        try:
            return resolve_state(db, treaty_text), resolve_treaty(db, state_text), True
        except (UnknownState, AmbiguousName, UnknownTreaty):
            raise first from None


def _label(t: Treaty) -> str:
    name = t.short_name or (t.title if len(t.title) <= 70 else t.title[:67] + "...")
    return f"{t.series or t.id}: {name}" if t.series else name


@cached
def load_state(db: Database, sid: str) -> State:
    rows = db.rows("SELECT * FROM states WHERE id = ?", (sid,))
    if not rows:
        raise UnknownState(sid)
    r = rows[0]
    succ = tuple(
        x["successor_id"]
        for x in db.rows(
            "SELECT successor_id FROM successions WHERE predecessor_id = ? ORDER BY continuator DESC, "
            "successor_id",
            (sid,),
        )
    )
    pred = tuple(
        x["predecessor_id"]
        for x in db.rows(
            "SELECT predecessor_id FROM successions WHERE successor_id = ? ORDER BY predecessor_id", (sid,)
        )
    )
    return State(
        id=r["id"],
        name=r["name"],
        common_name=r["common_name"] or None,
        iso2=r["iso2"] or None,
        m49=r["m49"] or None,
        kind=r["kind"],
        dissolved_on=r["dissolved_on"] or None,
        successors=succ,
        predecessors=pred,
    )


@cached
def load_treaty(db: Database, tid: str) -> Treaty:
    rows = db.rows("SELECT * FROM treaties WHERE id = ?", (tid,))
    if not rows:
        raise UnknownTreaty(tid)
    r = rows[0]
    return Treaty(
        id=r["id"],
        title=r["title"],
        short_name=r["short_name"] or None,
        series=r["series"] or None,
        depositary=r["depositary"] or None,
        adopted_on=r["adopted_on"] or None,
        adopted_place=r["adopted_place"] or None,
        entry_into_force_on=r["entry_into_force_on"] or None,
        terminated_on=r["terminated_on"] or None,
        parent_id=r["parent_id"] or None,
        not_in_force_as_of=r["not_in_force_as_of"] or None,
        not_in_force_source=r["not_in_force_source"] or None,
        subjects=tuple((r["subjects"] or "").split()),
        status_url=r["status_url"] or None,
    )
