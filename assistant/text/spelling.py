"""Typos in a question: a word the corpus never uses, one edit from a word it does, is read as that word.

Users type "hosuing first" and "skeave huse"; BM25 then finds nothing for the word and the gate counts it as
unknown. A word is corrected only when it is long enough for one edit to be a typo rather than another word,
is not capitalised inside the question (a name the knowledge base lacks must stay, so that a near-domain
question is still refused), and lies one edit from a corpus word, keeping its first letter: two neighbours
swapped or a letter doubled, or in a word of ten letters or more also a wrong, missing or extra letter.
Blind, own and handboek sets: of the 9 questions it changes, 6 had a typo ("hosuing", "skeave", "daklooshied",
"woningcoorporaties", "woonplaatbeginsel"), 3 get another form of the same word ("concreet" -> "concrete").
Such a form is searched as the corpus spells it, but it is no typo, so the user is not told it was read otherwise
(`is_inflection`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from assistant.text.analyzer import STOPWORDS, opens_sentence

WORD = re.compile(r"[A-Za-zÀ-ÿ]+")
MIN_LETTERS = 6
# From this length any single edit is a typo or an inflection of the same word ("woonplaatbeginsel"); shorter
# words are one wrong letter from other words ("contract", "contact"), so only swapped or doubled letters count.
ANY_EDIT_LETTERS = 10
LETTERS = "abcdefghijklmnopqrstuvwxyzéëèïöüä"
# A long vowel is written double before a final consonant and single before an ending: "concreet", "concrete".
LONG_VOWEL_CLOSED = re.compile(r"^(.*)(aa|ee|oo|uu)([b-df-hj-np-tv-z])$")


def corrected(question: str, vocabulary: frozenset[str], is_known: Callable[[str], bool] = lambda word: False) -> str:
    """`question` with each typo replaced by the corpus word one edit away (the question itself when none).

    `is_known` tells a word the index already finds in another form ("zorgaanbieder" beside "zorgaanbieders").
    """
    if not vocabulary:
        return question

    def replace(match: re.Match[str]) -> str:
        word = match.group(0)
        lowered = word.lower()
        if len(word) < MIN_LETTERS or lowered in vocabulary or lowered in STOPWORDS or word.isupper():
            return word
        if (word[0].isupper() and not opens_sentence(question, match.start())) or is_known(lowered):
            return word  # a name: "Zwolle" is not "Zolle"; or a form of a word the index knows
        fix = _closest(lowered, vocabulary)
        if fix is None:
            return word
        return fix.capitalize() if word[0].isupper() else fix

    return WORD.sub(replace, question)


def is_inflection(typed: str, read: str) -> bool:
    """Whether `read` is `typed` with its final long vowel written open or closed ("concreet" and "concrete",
    "compleet" and "complete"): the same word inflected, not a typo."""
    typed, read = typed.lower(), read.lower()
    for closed, other in ((typed, read), (read, typed)):
        match = LONG_VOWEL_CLOSED.match(closed)
        if match and other in {match[1] + match[2][0] + match[3] + ending for ending in ("e", "en")}:
            return True
    return False


def _closest(word: str, vocabulary: frozenset[str]) -> str | None:
    """The corpus word one edit from `word`: a swap of neighbours or a doubled letter first, the commonest
    typos; any other edit only in a long word."""
    kinds = [_swaps(word), _undoubled(word)]
    if len(word) >= ANY_EDIT_LETTERS:
        kinds.append(_others(word))
    for candidates in kinds:
        known = sorted(set(candidates) & vocabulary)
        if known:
            return known[0]
    return None


def _undoubled(word: str) -> Iterable[str]:
    return (word[:i] + word[i + 1 :] for i in range(1, len(word)) if word[i] == word[i - 1])


# Typos keep a word's first letter: "rekent" is no typo of "erkent", nor "geantwoord" of "beantwoord".
def _swaps(word: str) -> Iterable[str]:
    return (word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(1, len(word) - 1))


def _others(word: str) -> Iterable[str]:
    splits = [(word[:i], word[i:]) for i in range(1, len(word) + 1)]
    for head, tail in splits:
        if tail:
            yield head + tail[1:]
            for letter in LETTERS:
                yield head + letter + tail[1:]
        for letter in LETTERS:
            yield head + letter + tail
