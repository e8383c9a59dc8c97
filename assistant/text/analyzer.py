"""Dutch words to stems (PyStemmer Snowball), stop words, and compound splitting from a vocabulary."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

import Stemmer
from bm25s.stopwords import STOPWORDS_DUTCH

WORD = re.compile(r"[0-9]+(?:[.,/][0-9]+)*|[a-zà-ÿ]+", re.IGNORECASE)
STOPWORDS = frozenset(STOPWORDS_DUTCH) | {"wat", "hoe", "welke", "waar", "wie", "waarom", "wanneer", "kan", "kun", "je"}
COMPOUND_MIN_LENGTH = 9
PART_MIN_LENGTH = 4
LINKING = ("s", "en", "e")


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("dutch")


class Analyzer:
    """Words -> Dutch stems; a compound like 'opvangmedewerkers' also yields 'opvang' and 'medewerker'."""

    def __init__(self, vocabulary: Iterable[str] = ()) -> None:
        self.vocabulary = frozenset(vocabulary)

    @staticmethod
    def words(text: str) -> list[str]:
        return [word.lower() for word in WORD.findall(text)]

    def tokens(self, text: str) -> list[str]:
        stemmer = _stemmer()
        tokens: list[str] = []
        for word in self.words(text):
            if word in STOPWORDS:
                continue
            tokens.append(stemmer.stemWord(word))
            tokens.extend(stemmer.stemWord(part) for part in self.split_compound(word))
        return tokens

    def stems(self, text: str) -> list[str]:
        """The stems of the words of `text` as written, without compound parts ("expertiseteam" is no "team")."""
        stemmer = _stemmer()
        return [stemmer.stemWord(word) for word in self.words(text) if word not in STOPWORDS]

    def split_compound(self, word: str) -> list[str]:
        """Two known words that make up `word` (with a Dutch linking s/en/e), or nothing."""
        if len(word) < COMPOUND_MIN_LENGTH or not self.vocabulary:
            return []
        best: list[str] = []
        best_score = 0
        for cut in range(PART_MIN_LENGTH, len(word) - PART_MIN_LENGTH + 1):
            head, tail = word[:cut], word[cut:]
            heads = [head] + [head[: -len(link)] for link in LINKING if head.endswith(link)]
            for candidate in heads:
                if len(candidate) >= PART_MIN_LENGTH and candidate in self.vocabulary and tail in self.vocabulary:
                    score = min(len(candidate), len(tail))
                    if score > best_score:
                        best, best_score = [candidate, tail], score
        return best


def headed_by(word: str, head: str) -> bool:
    """Whether `head` ends `word` as a compound's head ("team" of "expertteam", "brief" of "kamerbrief"), at least
    PART_MIN_LENGTH long. By its letters alone: "land" ends "nederland" too."""
    return len(head) >= PART_MIN_LENGTH and word.endswith(head)


def opens_sentence(text: str, start: int) -> bool:
    """Whether the word at `start` opens `text` or one of its sentences (where any word has a capital)."""
    before = text[:start].rstrip()
    return not before or before[-1] in ".?!:"


def corpus_vocabulary(texts: Iterable[str], min_count: int = 1) -> set[str]:
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(word for word in Analyzer.words(text) if len(word) >= PART_MIN_LENGTH)
    return {word for word, count in counts.items() if count >= min_count and word not in STOPWORDS}
