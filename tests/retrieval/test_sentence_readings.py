"""The sentence ranking reads each sentence with its document's title and alone, and counts the better reading."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.ingest.pipeline import run_ingest
from assistant.retrieval.engine import AnswerEngine
from assistant.retrieval.search import SENTENCES
from tests.conftest import copy_fixture_corpus, make_settings

WONEN_EERST = "05_eersteenthuis-actielijn-3-wonen-eerst.md"
# Its title names the report «Voorrang bij toewijzing sociale huurwoningen»; the excerpt never speaks of voorrang.
VOORRANG_IN_TITLE = "19_kamerbrief-2022-05-11-programma-een-thuis-voor-iedereen.md"


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory, embedding_cache: Path) -> Iterator[AnswerEngine]:
    settings = make_settings(tmp_path_factory.mktemp("readings"), embedding_cache)
    copy_fixture_corpus(settings.corpus_dir, [WONEN_EERST, VOORRANG_IN_TITLE])
    run_ingest(settings)
    engine = AnswerEngine(settings)
    yield engine
    engine.close()


def test_a_title_that_repeats_the_question_does_not_lift_its_document_over_the_sentence_that_answers(
    engine: AnswerEngine,
) -> None:
    question = "Moeten corporaties voorrang geven aan mensen die uit de opvang komen?"
    vector = engine.embedding.get_query_embedding(question)
    rankings, titled_scores = engine.retriever.rankings(question, vector, 10)
    ranked = next(ranking for ranking in rankings if ranking.name == SENTENCES).items
    document = {chunk_id: chunk.document_id for chunk_id, chunk in engine.catalog.chunks(titled_scores).items()}
    # Read only with their titles, the letter's sentences come first: its title holds "voorrang" and "toewijzing".
    by_titled = max(titled_scores, key=lambda chunk_id: max(titled_scores[chunk_id].values()))
    assert document[by_titled] == VOORRANG_IN_TITLE.removesuffix(".md")
    # Read alone too, "Ook moeten ze zorgen dat dakloze mensen die uit de opvang komen, voorrang krijgen …" leads.
    best = engine.catalog.chunks([ranked[0][0]])[ranked[0][0]]
    assert best.document_id == WONEN_EERST.removesuffix(".md")
    assert "voorrang krijgen bij het toewijzen van huizen" in best.text


def test_the_composer_and_the_gate_read_the_titled_reading(engine: AnswerEngine) -> None:
    question = "Moeten corporaties voorrang geven aan mensen die uit de opvang komen?"
    vector = engine.embedding.get_query_embedding(question)
    _, titled_scores = engine.retriever.rankings(question, vector, 10)
    sentences = engine.retriever.sentences
    assert sentences is not None
    rows = sentences.for_chunks(titled_scores)
    for chunk_id, scores in titled_scores.items():
        expected = rows[chunk_id].titled @ vector
        assert [round(scores[span], 5) for span in rows[chunk_id].spans] == [round(float(x), 5) for x in expected]
