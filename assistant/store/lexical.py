"""BM25 over Dutch stems (bm25s + PyStemmer), with compound splitting from the corpus vocabulary."""

from __future__ import annotations

import json
import math
import shutil
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import bm25s
import numpy as np

from assistant.text.analyzer import Analyzer, corpus_vocabulary


class LexicalIndex:
    """A BM25 index whose rows are chunk ids."""

    def __init__(self, retriever: bm25s.BM25, chunk_ids: list[str], analyzer: Analyzer, idf: dict[str, float]) -> None:
        self._retriever = retriever
        self.chunk_ids = chunk_ids
        self.analyzer = analyzer
        self.idf = idf

    def term_weight(self, token: str) -> float:
        """Inverse document frequency of a stem; unknown stems weigh as much as the rarest."""
        return self.idf.get(token, self._max_idf)

    @property
    def _max_idf(self) -> float:
        return max(self.idf.values(), default=1.0)

    @classmethod
    def build(cls, items: Sequence[tuple[str, str]]) -> LexicalIndex:
        """Index (chunk id, text) pairs."""
        analyzer = Analyzer(corpus_vocabulary(text for _, text in items))
        corpus = [analyzer.tokens(text) or ["∅"] for _, text in items]
        retriever = bm25s.BM25()
        if corpus:
            retriever.index(corpus, show_progress=False)
        frequencies: Counter[str] = Counter()
        for tokens in corpus:
            frequencies.update(set(tokens))
        count = len(corpus)
        idf = {token: math.log(1 + (count - df + 0.5) / (df + 0.5)) for token, df in frequencies.items()}
        return cls(retriever, [chunk_id for chunk_id, _ in items], analyzer, idf)

    def search(self, question: str, k: int) -> list[tuple[str, float]]:
        """(chunk id, BM25 score) of the best k passages with a positive score, best first."""
        if not self.chunk_ids:
            return []
        vocab = self._retriever.vocab_dict
        tokens = [token for token in self.analyzer.tokens(question) if token in vocab]
        if not tokens:
            return []
        k = min(k, len(self.chunk_ids))
        rows, scores = self._retriever.retrieve([tokens], k=k, show_progress=False, n_threads=1)
        return [
            (self.chunk_ids[int(row)], float(score))
            for row, score in zip(rows[0], scores[0], strict=True)
            if float(score) > 0
        ]

    def scores_for(self, question: str) -> np.ndarray:
        """BM25 score of every passage for `question` (rows in chunk_ids order)."""
        vocab = self._retriever.vocab_dict
        tokens = [token for token in self.analyzer.tokens(question) if token in vocab]
        if not tokens or not self.chunk_ids:
            return np.zeros(len(self.chunk_ids), dtype=np.float32)
        return np.asarray(self._retriever.get_scores(tokens), dtype=np.float32)

    def save(self, folder: Path) -> None:
        """Write to `folder` via a temporary sibling and a rename, so readers never see half an index."""
        temporary = folder.with_name(folder.name + ".tmp")
        shutil.rmtree(temporary, ignore_errors=True)
        temporary.mkdir(parents=True)
        if self.chunk_ids:
            self._retriever.save(str(temporary / "bm25"))
        (temporary / "chunk_ids.json").write_text(json.dumps(self.chunk_ids))
        (temporary / "vocabulary.json").write_text(json.dumps(sorted(self.analyzer.vocabulary), ensure_ascii=False))
        (temporary / "idf.json").write_text(json.dumps(self.idf, ensure_ascii=False))
        shutil.rmtree(folder, ignore_errors=True)
        temporary.rename(folder)

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex:
        chunk_ids = json.loads((folder / "chunk_ids.json").read_text())
        analyzer = Analyzer(json.loads((folder / "vocabulary.json").read_text()))
        retriever = bm25s.BM25.load(str(folder / "bm25")) if chunk_ids else bm25s.BM25()
        idf = json.loads((folder / "idf.json").read_text())
        return cls(retriever, chunk_ids, analyzer, idf)
