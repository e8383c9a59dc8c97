"""Extractive answers, answer first: the sentence that best answers, then a few that support it, each cited.

With no language model offline, the answer is composed only of sentences that stand in a cited
passage; the composer cannot write a sentence of its own. Picking needs both signals plus structure:
a sentence's cosine with the question (its own vector), the question's words it holds (weighted by
rarity), and what kind of answer the question asks for (an amount, a date, a definition, a list).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from assistant.answer import AnswerSentence, Citation
from assistant.documents import Chunk, Span
from assistant.retrieval.glossary import documents_names
from assistant.retrieval.question import (
    AMOUNT,
    DATE,
    DEFINING,
    DEONTIC,
    LIST_NOUNS,
    STARTING,
    TREND,
    Intent,
    defined_term,
    has_figure,
)
from assistant.retrieval.relevance import subject_tokens
from assistant.retrieval.search import Hit, Retrieval
from assistant.store.lexical import LexicalIndex
from assistant.text.dates import date_order
from assistant.text.sections import cited_section


@dataclass(frozen=True)
class Tuning:
    """The composition's ranking constants, together and named; fitted on the blind set's dev split
    (a grid over semantic, lexical, passage_prior, intent and support_margin, scored by answer-first and
    answer-hit; lexical, passage_prior and intent refitted once sentence vectors carried their title,
    scored by the quoted gold sentence too, and again on the 151-question dev split of the 304-question set,
    choosing the point where every one of the four scores was at least the old one's), never on one question.
    `passages` went from 5 to 6 once fusion's rrf_k was 4 (dev: answer-hit 0.86 -> 0.88 without the gate, the
    quote scores equal; 7 and 8 no better)."""

    passages: int = 6  # candidate passages whose sentences compete
    semantic: float = 1.0  # weight of the sentence's cosine with the question (relative to the best one)
    lexical: float = 0.05  # weight of the share of the question's (idf-weighted) words the sentence holds
    passage_prior: float = 0.03  # bonus for a passage that fusion ranked higher: prior / (1 + rank)
    intent: float = 0.03  # bonus when a sentence has what the question asks for (an amount, a date, ...)
    # Bonus for a sentence that holds the documents' name for what the question calls otherwise ("… zoals stoppen met
    # middelengebruik" for "Moeten ze eerst afkicken …?", which a UI walk saw come second to a sentence on the topic
    # but not the question). Fitted on the blind dev split over 0, 0.04, 0.07 and 0.1: answer-hit 0.861 -> 0.867,
    # answer-first 0.725 -> 0.733 at 0.07 (0.04: 0.869, 0.727; 0.1: 0.859, 0.733).
    named: float = 0.07
    recency: float = 0.03  # bonus for the newest document's sentences when the question asks for the latest
    support_margin: float = 0.08  # a supporting sentence scores within this of the first one
    novelty: float = 0.12  # bonus per share of question words not yet covered by the answer
    redundancy: float = 0.6  # a sentence sharing more of its words with one already chosen is left out
    factual_words: int = 60  # factual questions: at most this many words before the sources
    explanation_words: int = 75  # explanations
    list_items: int = 10  # items of an announced list that come along


TUNING = Tuning()
# The terms a question for a meaning may ask at once: "… onder maatschappelijke opvang en vrouwenopvang".
TERM_PARTS = re.compile(r"\s+(?:en|of)\s+|\s*,\s*")
# A comparison's definitions come from the best passages of a search for "Wat is <term>?"; the term stands at
# most this many words before the defining words ("Onder … verstaan we", "Het begrip … houdt in").
DEFINITION_PASSAGES = 3
DEFINITION_LEAD_WORDS = 3
# A lead that leans back comes with the sentence it leans on, and that one with its own when it leans back too: at
# most this many sentences before it ("Dit samenspel …" after "Deze centrumgemeenten …" after "De middelen …").
CONTEXT_DEPTH = 2
MIN_SENTENCE_WORDS = 4
NAME_LIST_SHARE = 0.5
# A sentence whose words are mostly its document's title restates the title (a letter's heading, a decree's name).
TITLE_SHARE = 0.6
# The line an excerpt of the corpus ends with ("[… tekst afgebroken: van deze pagina is alleen het begin …]").
EXCERPT_END = re.compile(r"^\[(…|\.\.\.)")
# Lines that point elsewhere, introduce, or are formal boilerplate instead of saying something.
NOT_AN_ANSWER = re.compile(
    r"^(lees|kijk|ga naar|klik|bekijk|download|(voor )?meer informatie|zie ook|deel dit|inleiding over|"
    r"inhoud\b|neem\b.{0,40}\bcontact op\b|"
    r"directe link|onderdeel van kamerstukdossier|"
    r"wij willem-alexander|bij de gratie gods|op de voordracht|de afdeling advisering|gelet op|"
    r"gezien het advies|gezien het nader rapport|hebben goedgevonden en verstaan|lasten en bevelen|gegeven te|"
    r"de vaste commissie|brief regering\b|antwoord schriftelijke vragen|verslag van een|"
    r"(besluit|wet|regeling) van \d{1,2} \w+ \d{4}, houdende|"
    # Where a publication stands, not what it says: "De publicatie is te vinden via …", "Hierop zijn handreikingen
    # en informatie te vinden …" (a pointer on "jongeren" answered "Geldt dat ook voor jongeren?" on tenancy).
    r"(de|het|deze|die) (\w+ )?\w+ (is|zijn|staat|staan) te (vinden|downloaden) (via|op)\b|"
    r"hierop (is|zijn) (\w+ ){1,4}te vinden\b)",
    re.IGNORECASE,
)
FOOTNOTE = re.compile(r"^\d{1,2}\s+\S")
# "1. Huisvesting is een mensenrecht": a numbered heading, one item of a list whose items are sections.
NUMBERED_HEADING = re.compile(r"^(\d{1,2})[.)]\s+(?=\S)")
# A numbered item that only points elsewhere ("2. Zie hierboven": a page naming itself in a list of its siblings).
POINTS_ELSEWHERE = re.compile(
    r"^(zie (ook|hierboven|hieronder|boven|onder|bijlage)|lees (meer|verder|ook)|klik)\b", re.IGNORECASE
)
MIN_HEADED_ITEMS = 3
# A sentence opening with a word that refers back ("Dit betekent …", "Deze coalitie …") needs the one before it:
# leading an answer, it comes with that sentence, so that the answer's first words can be understood. A mere
# connective ("Maar helaas zijn er … 26.000 mensen") keeps its content and leads alone: the UI walk showed the
# sentence before it ("Iedereen verdient een veilige … plek") pushing the answer out of the first place.
LEANS_BACK = re.compile(
    r"^(Dit|Dat|Deze|Die|Hij|Zij|Ze|Daar|Hier|Daarom|Daardoor|Hierdoor|Hiermee|Daarmee|Hierbij|Daarbij)\b"
    # "Zodat voormalig dakloze mensen … in een eigen woning zullen wonen.": a clause of the sentence before it.
    r"|^(Zodat|Waardoor)\b"
    # "Het betekent evengoed voorkomen dat …": "het" as the subject of such a verb is what the sentence before named.
    r"|^Het (betekent|houdt in|gaat om)\b"
    # "Om dat te bereiken moeten alle gemeenten zich inzetten …", "Voor deze groep …": a preposition and a pointing word
    # open a sentence about what the one before it named (blind: no outcome moved, median answer +1 word). Not where
    # the pointing word names the text itself or the moment ("Op dit moment …", "In deze brief …").
    r"|^Om (dat|dit|die|deze)\b(?! reden\b)|^(Voor|Bij|Naast|Binnen) (deze|die) (groep|groepen|mensen|personen)\b"
)
# Inside a sentence, a pronominal adverb refers back just as well: "Het Rijk vergoedt hiervan 2/3 deel tot een
# maximum van € 8.800" leading an answer on the Rijk's money reads as if "hiervan" were the national budget, where
# the sentence before it says: of the expert team's 80 hours. Not "hierna" ("(hierna: Wmo 2015)" names, it does not
# point back), nor "daarnaast" and "daarna", connectives that keep their sentence's content, nor the causal
# "daarom", "daardoor", "hierdoor": "Daarom reikt dit plan … van 2023 tot en met 2030" says what it says alone.
REFERS_BACK = re.compile(r"\b(hier|daar)(aan|bij|in|mee|onder|op|over|toe|uit|van|voor)\b", re.IGNORECASE)
CAUSAL_OPENER = re.compile(r"^(Daarom|Daardoor|Hierdoor)\b")
# A share or sum of something left unnamed points back as well: "De gemeente betaalt 1/3 deel van de kosten tot
# maximaal € 4.400" answered "Welk geld is er voor gemeenten?" as if the costs were the action plan's, where the
# sentences before it say: of the expert team's 80 hours. Not when the noun names what it is of ("de kosten van …").
UNNAMED_SHARE = re.compile(
    r"\b(de kosten|het bedrag|de rest|het restant|de helft|het overige)\b(?! (van|voor|om|die|dat)\b)", re.IGNORECASE
)
# "En bij Heerenveen, … waar ze experimenteren met Housing First voor gezinnen.": a conjunction and a preposition
# open an ellipsis, which borrows its verb from the sentence before it ("We gaan te rade bij Den Haag, …"); so does
# an adverb and a preposition ("Bij voorkeur in hun eigen buurt of wijk.", after "… dichtbij mensen te organiseren.").
ELLIPSIS = re.compile(
    r"^(En|Of|Bij voorkeur|Met name|Vooral|Liefst|Zelfs) (aan|bij|door|in|met|na|naar|op|over|tot|uit|van|voor)\b"
)
# "Ook moeten ze zorgen dat dakloze mensen … voorrang krijgen": after an opening adverb the verb comes first, and a
# personal pronoun as the subject right after it points back to whom the sentence before names ("Gemeenten"). After
# a longer opening only the stressed "zij" and "hij" do ("Vanaf vandaag kunnen zij een beroep doen op …": who, the
# sentence before says); "ze" there is mostly anyone ("In Heerenveen experimenteren ze met …" stands alone).
INVERTED_PRONOUN = re.compile(r"^[A-Z]\w* \w+ (ze|zij|hij)\b|^[A-Z]\w* \w+ \w+ (zij|hij)\b")
# Three words in capitals in a row: a letter's heading run into its first sentence ("BRIEF VAN DE STAATSSECRETARIS").
LETTERHEAD = re.compile(r"\b[A-Z]{2,}(?: [A-Z]{2,}){2,}\b")
# A motion's clauses start lower case and end in a semicolon ("constaterende dat … Skaeve Huse (Deens voor «rare
# huizen») zijn ontwikkeld;", "overwegende dat …;"): what the motion says, not the tail of a cut sentence.
MOTION_CLAUSE = re.compile(r"^(\w+ende (dat|op)|van mening dat)\b.*;$", re.DOTALL)
# A record's fields ("Nummer: 2024D02693, datum: 2024-01-25, bijgewerkt: …") and an aside wholly in brackets
# ("(ingezonden 19 februari 2021).") describe a document; they say nothing about its subject.
RECORD_FIELDS = re.compile(r"(\b\w+: [^,:;]+, ){2,}")
ASIDE = re.compile(r"^\([^()]*\)[.;]?$")
# "De doelen Ons project kent drie doelen: 1.": a list's announcement with the number of its first item, where the
# sentence splitter cut a list written inline; it announces what it does not hold.
CUT_BEFORE_ITEM = re.compile(r":\s*\d{1,2}\.$")
# A sentence without an end is a fragment: text cut off by an excerpt, a caption, a name line.
SENTENCE_END = re.compile(r"[.!?:;)\"'’”…]$")


@dataclass(frozen=True)
class Composition:
    """What a composer makes of the retrieved passages: cited sentences and their sources."""

    sentences: list[AnswerSentence]
    citations: list[Citation]
    # Of the terms a comparison asks about, those no passage found for them defines (the answer defines the others).
    undefined: list[str] = field(default_factory=list)


class Composer(Protocol):
    """Turns retrieved passages into an answer; extractive today, a generative one can take its place."""

    def compose(
        self,
        question: str,
        retrieval: Retrieval,
        lexical: LexicalIndex,
        definitions: Sequence[tuple[str, Retrieval]] = (),
    ) -> Composition: ...


@dataclass(frozen=True)
class ExtractiveComposer:
    """Quotes sentences verbatim from the passages; it cannot write a sentence of its own."""

    tuning: Tuning = TUNING

    def compose(
        self,
        question: str,
        retrieval: Retrieval,
        lexical: LexicalIndex,
        definitions: Sequence[tuple[str, Retrieval]] = (),
    ) -> Composition:
        return compose_answer(question, retrieval, lexical, self.tuning, definitions)


@dataclass(frozen=True)
class Pick:
    """A candidate sentence: which passage, which span, how it scored, which question words it holds."""

    hit_rank: int
    chunk: Chunk
    span_index: int
    score: float
    tokens: frozenset[str]

    @property
    def span(self) -> Span:
        return self.chunk.spans[self.span_index]

    @property
    def text(self) -> str:
        return self.chunk.text[self.span.start : self.span.end]

    @property
    def key(self) -> tuple[str, int]:
        return (self.chunk.chunk_id, self.span_index)


def compose_answer(
    question: str,
    retrieval: Retrieval,
    lexical: LexicalIndex,
    tuning: Tuning = TUNING,
    definitions: Sequence[tuple[str, Retrieval]] = (),
) -> Composition:
    """The best-answering sentence first, then supporting ones; an announced list comes whole; each cited.

    `definitions` holds, for a question that asks the difference between terms, each term with what a search
    for its definition found: the terms that have a defining sentence lead with it, one per term, in order. (With
    one of two defined, "Wat is het verschil tussen maatschappelijke opvang en beschermd wonen?" had led with two
    sentences that define neither; the engine says which term the knowledge base does not define.)
    """
    intent = Intent.of(question)
    question_tokens = frozenset(subject_tokens(question, lexical.analyzer))
    term = defined_term(question)
    parts = TERM_PARTS.split(term) if term else []
    defined = [stems for stems in (frozenset(lexical.analyzer.tokens(part)) for part in parts) if stems]
    # The names the search added stand in the query as searched, not always in the question composed for.
    stems = lexical.analyzer.stems
    named = [(frozenset(stems(name)), frozenset(stems(words))) for words, name in documents_names(retrieval.query)]
    candidates = _candidates(question_tokens, intent, retrieval, lexical, tuning, defined, named)
    if not candidates:
        return Composition([], [])
    chosen = _choose(candidates, question_tokens, intent, lexical, tuning, retrieval.document_chunks)
    ordered = _with_lists(chosen, tuning)
    if intent.wants_list and not any(_in_a_list(pick) for pick in ordered):
        ordered = _with_headed_list(ordered, retrieval, question_tokens, intent, lexical, tuning)
    ordered = _without_dangling_announcements(ordered)
    # A term its own search finds no definition for may be defined among the question's own passages ("Housing First
    # is een Amerikaans model …" for "Wat is het verschil tussen Housing First en maatschappelijke opvang?").
    found_leads = {
        term: definition_of(term, found, lexical) or definition_of(term, retrieval, lexical, tuning.passages)
        for term, found in definitions
    }
    leads = [lead for lead in found_leads.values() if lead is not None]
    undefined = [term for term, lead in found_leads.items() if lead is None] if leads else []
    hits = list(retrieval.hits)
    if leads and len({lead.key for lead in leads}) == len(leads):
        ordered = _after_definitions(leads, ordered, lexical, tuning)
        hits += [hit for _, found in definitions for hit in found.hits]
    citations, numbers = _citations(ordered, hits)
    return Composition(_sentences(ordered, numbers), citations, undefined)


def quote_spans(chunk: Chunk, indexes: Sequence[int]) -> Composition:
    """The spans `indexes` of one passage quoted as an answer, in that order, each run of adjacent ones cited once."""
    picks = [Pick(0, chunk, index, 0.0, frozenset()) for index in indexes]
    citations, numbers = _citations(picks, [])
    return Composition(_sentences(picks, numbers), citations)


def _sentences(picks: Sequence[Pick], numbers: Sequence[int]) -> list[AnswerSentence]:
    """The answer's sentences: each pick quoted with its citation number."""
    return [
        AnswerSentence(
            text=pick.text,
            citation=number,
            kind="list_item" if pick.span.kind in ("list_item", "heading") else "sentence",
            cut=_cut_by_excerpt(pick),
        )
        for pick, number in zip(picks, numbers, strict=True)
    ]


def definition_of(
    term: str, found: Retrieval, lexical: LexicalIndex, passages: int = DEFINITION_PASSAGES
) -> Pick | None:
    """The sentence of the best few `passages` that defines `term` ("Maatschappelijke opvang is het tijdelijk …",
    "Onder dakloos verstaan we …"): the term stands just before the defining words. The closest one wins."""
    term_tokens = frozenset(lexical.analyzer.tokens(term))
    if not term_tokens:
        return None
    best: Pick | None = None
    for rank, hit in enumerate(found.hits[:passages]):
        cosines = found.sentence_scores.get(hit.chunk.chunk_id, {})
        for index, text in hit.chunk.evidence():
            defining = DEFINING.search(text)
            if defining is None or hit.chunk.spans[index].kind != "sentence" or not is_answer_sentence(text):
                continue
            if not _closes(text):
                continue
            before = text[: defining.start()]
            if len(before.split()) > len(term.split()) + DEFINITION_LEAD_WORDS:
                continue
            if not term_tokens <= set(lexical.analyzer.tokens(before)):
                continue
            score = cosines.get(index, 0.0)
            if best is None or score > best.score:
                best = Pick(rank, hit.chunk, index, score, term_tokens)
    return best


def _after_definitions(leads: list[Pick], ordered: list[Pick], lexical: LexicalIndex, tuning: Tuning) -> list[Pick]:
    """The definitions first, then as much of the answer composed for the question as fits the budget and
    repeats none of them; a list does not come along in part, so lists are left out, and a sentence that leans
    on the one before it comes only after it ("Dit betekent dat …" after a definition would speak of that)."""
    result = list(leads)
    words = sum(len(pick.text.split()) for pick in leads)
    chosen = [set(lexical.analyzer.tokens(pick.text)) for pick in leads]
    keys = {lead.key for lead in leads}
    for pick in ordered:
        own = set(lexical.analyzer.tokens(pick.text))
        size = len(pick.text.split())
        if pick.key in keys or _in_a_list(pick) or pick.span.kind != "sentence":
            continue
        if leans_back(pick.text) and (result[-1].chunk.chunk_id, result[-1].span_index + 1) != pick.key:
            continue
        if words + size > tuning.explanation_words or any(_similarity(own, o) > tuning.redundancy for o in chosen):
            continue
        result.append(pick)
        keys.add(pick.key)
        chosen.append(own)
        words += size
    return result


def is_answer_sentence(text: str) -> bool:
    """Whether a sentence can carry an answer: not a pointer, preamble, footnote, name list, fragment, question
    ("Hoe pak je dit precies aan?"), letterhead ("Nr. 159 BRIEF VAN DE STAATSSECRETARIS …"), record fields or aside."""
    words = text.split()
    if len(words) < MIN_SENTENCE_WORDS or NOT_AN_ANSWER.match(text) or EXCERPT_END.match(text) or FOOTNOTE.match(text):
        return False
    # A question is no answer, unless a statement asks it after a colon ("… in de regio: waar gaat het goed?"); after
    # a label it is a title ("Onderzoeksrapport Portaal: welke huurders veroorzaken overlast?", a link on a web page).
    before, colon, _ = text.partition(":")
    if text.rstrip().endswith("?") and (not colon or len(before.split()) < MIN_SENTENCE_WORDS):
        return False
    if LETTERHEAD.search(text):
        return False
    if RECORD_FIELDS.search(text) or ASIDE.match(text.strip()) or CUT_BEFORE_ITEM.search(text.rstrip()):
        return False
    if text[:1].islower() and not MOTION_CLAUSE.match(text.rstrip()):  # the tail of a sentence cut by a page break
        return False
    capitalised = sum(1 for word in words if word[:1].isupper())
    # "Leden: Van der Staaij (SGP), Kuik (CDA), …": more names than words.
    return not (len(words) >= 6 and capitalised / len(words) > NAME_LIST_SHARE)


def _candidates(
    question_tokens: frozenset[str],
    intent: Intent,
    retrieval: Retrieval,
    lexical: LexicalIndex,
    tuning: Tuning,
    defined: Sequence[frozenset[str]] = (),
    named: Sequence[tuple[frozenset[str], frozenset[str]]] = (),
) -> list[Pick]:
    """Every sentence of the best passages that may answer, best first. `defined` holds the stems of the term a
    question asks the meaning of (of each, for "maatschappelijke opvang en vrouwenopvang"): a sentence defines it
    only with the term before its defining words. `named` holds the stems of each of the documents' names for what the
    question calls otherwise, with those of the question's words for it: a sentence holding the name but not those
    words scores `tuning.named` more (the words themselves count as the question's; "Eerst een Thuis" is a name the
    documents use too)."""
    total_weight = sum(lexical.term_weight(token) for token in question_tokens) or 1.0
    hits = retrieval.hits[: tuning.passages]
    best_cosine = max((retrieval.best_sentence(hit.chunk.chunk_id) for hit in hits), default=0.0)
    newest = max((date_order(hit.chunk.meta.date) for hit in hits), default=(0, 0, 0))
    scored: list[Pick] = []
    for rank, hit in enumerate(hits):
        cosines = retrieval.sentence_scores.get(hit.chunk.chunk_id, {})
        title_tokens = set(lexical.analyzer.tokens(hit.chunk.meta.title))
        newest_document = intent.recent and date_order(hit.chunk.meta.date) == newest
        for index, text in hit.chunk.evidence():
            if not is_answer_sentence(text):
                continue
            if hit.chunk.spans[index].kind == "sentence" and not SENTENCE_END.search(text.rstrip()):
                continue
            if text.rstrip().endswith(":") and not (
                _announces_list(hit.chunk, index) or _next_is_numbered_heading(hit.chunk, index)
            ):
                continue  # it announces what does not follow
            tokens = frozenset(lexical.analyzer.tokens(text))
            if tokens and len(tokens & title_tokens) / len(tokens) >= TITLE_SHARE:
                continue
            # A sentence that announces a list answers with its items: it scores as well as they do on average.
            block = [index, *_list_items(hit.chunk, index, tuning.list_items)]
            for item in block[1:]:
                tokens |= frozenset(
                    lexical.analyzer.tokens(hit.chunk.text[hit.chunk.spans[item].start : hit.chunk.spans[item].end])
                )
            overlap = sum(lexical.term_weight(token) for token in question_tokens & tokens) / total_weight
            # Without sentence vectors (an index from before them), word overlap alone ranks.
            own = cosines.get(index, best_cosine)
            items = [cosines.get(item, best_cosine) for item in block[1:]]
            semantic = max(own, sum(items) / len(items)) - best_cosine if items else own - best_cosine
            score = tuning.semantic * semantic + tuning.lexical * overlap + tuning.passage_prior / (1 + rank)
            defines = intent.definition and _defines(text, defined, lexical)
            score += tuning.intent * _intent_match(intent, hit.chunk, index, text, defines)
            # "volgens de laatste voortgangsbrief", "de meest recente cijfers": of close sentences, the newest
            # document's come first (blind dev: answer-first +1, nothing else moved; "huidige" as a sign of it led
            # "Hoe zag de brede aanpak uit 2020 eruit, voor het huidige actieplan?" with the newer plan: left out).
            if newest_document:
                score += tuning.recency
            if named:
                held = set(lexical.analyzer.stems(text))
                if any(name and name <= held and not words <= held for name, words in named):
                    score += tuning.named
            scored.append(Pick(rank, hit.chunk, index, score, tokens & question_tokens))
    return sorted(scored, key=lambda pick: -pick.score)


def _defines(text: str, terms: Sequence[frozenset[str]], lexical: LexicalIndex) -> bool:
    """Whether `text` is a defining sentence, of one of the `terms` (stems) when a question asks for some: "Housing
    First is een Amerikaans model …" defines Housing First, "Het doel is een dataprotocol te ontwikkelen …" does not,
    though it names it after its defining words (it came second in the answer to "Wat is Housing First?", a UI
    walk; blind: quote-hit +2, -1, nothing else changed)."""
    defining = DEFINING.search(text)
    if defining is None:
        return False
    # A word of the term before them is enough: "Wat is de gangbare definitie van dakloosheid?" is defined by
    # "Dakloosheid is het niet hebben van onderdak."
    before = set(lexical.analyzer.tokens(text[: defining.start()]))
    return not terms or any(term & before for term in terms)


def _intent_match(intent: Intent, chunk: Chunk, index: int, text: str, defines: bool = False) -> float:
    match = 0.0
    if intent.amount and AMOUNT.search(text):
        match += 1.0
    elif intent.factual and (DATE.search(text) if intent.date else has_figure(text)):
        match += 0.5
    if intent.date and DATE.search(text):
        match += 1.0
    if intent.definition and defines:
        match += 1.0
    # "Moeten wij …?", "Mag iemand …?": what must or may be done. Such questions were the weakest kind (blind dev
    # answer-hit 0.67); with this bonus the dev split's answer-hit went 0.801 -> 0.816, quote-first one fewer
    # (the question's own modal words alone, without duty, condition and right: one answer-hit fewer).
    if intent.obligation and DEONTIC.search(text):
        match += 1.0
    # "Hoe begin je met Housing First?": a sentence on setting it up (blind dev answer-hit 0.809 -> 0.828). The
    # answer side's words are the question's own verbs; words picked from gold sentences ("draagvlak") did worse.
    if intent.starting and STARTING.search(text):
        match += 1.0
    if intent.wants_list and _announces_list(chunk, index):
        match += 1.0
    # "Is dat meer of minder dan een paar jaar geleden?": a sentence that says what rose or fell.
    if intent.trend and TREND.search(text):
        match += 1.0
    return match


def _choose(
    candidates: list[Pick],
    question_tokens: frozenset[str],
    intent: Intent,
    lexical: LexicalIndex,
    tuning: Tuning,
    passages: Callable[[str], list[Chunk]] | None = None,
) -> list[Pick]:
    """The best sentence, then greedily those within the margin that add question words and repeat nothing.

    `passages` gives a document's passages in reading order, where a sentence that opens its passage and leans
    back finds the sentence it leans on."""
    first = _in_reading_order(candidates[0], passages)
    chosen = [*_contexts_before(first), first]
    budget = tuning.factual_words if intent.factual else tuning.explanation_words
    # The sentences a lead leans on are part of the lead: they do not take the supporting sentences' words (counting
    # the second one too shortened 13 answers but lost an answer-hit and three quote-hits on the blind dev split).
    words = len(first.text.split())
    covered = set(first.tokens)
    total_weight = sum(lexical.term_weight(token) for token in question_tokens) or 1.0
    pool = [pick for pick in candidates[1:] if pick.score >= first.score - tuning.support_margin]
    while pool:
        pool.sort(key=lambda pick: _gain(pick, covered, lexical, total_weight, tuning), reverse=True)
        pick = pool.pop(0)
        size = len(pick.text.split())
        all_tokens = [set(lexical.analyzer.tokens(other.text)) for other in chosen]
        own = set(lexical.analyzer.tokens(pick.text))
        if words + size > budget or any(_similarity(own, other) > tuning.redundancy for other in all_tokens):
            continue
        if _in_a_list(pick) and not (_in_a_list(first) and pick.chunk.chunk_id == first.chunk.chunk_id):
            continue  # one list per answer: the one that answers, never a second list as support
        pick = _in_reading_order(pick, passages)
        antecedent = _antecedent_in(pick, chosen)
        successor = _successor_in(pick, chosen)
        if antecedent is not None:
            chosen.insert(antecedent + 1, pick)  # read right after the sentence before it: one quote, in order
        elif successor is not None and not leans_back(pick.text):
            # The sentence that a chosen one leans on ("De zes leidende principes … zijn als een kompas" before
            # "Ze worden gebruikt als meetlat"): read before it, in one quote, never after it as support.
            chosen.insert(successor, pick)
        elif pick.span.kind == "sentence" and leans_back(pick.text) and not CAUSAL_OPENER.match(pick.text):
            # Quoted after another source's sentence, "Het Rijk vergoedt hiervan 2/3 deel" reads as if it spoke of
            # that sentence: it comes with the sentence it leans on (which counts, and may carry the answer past
            # the budget by that one sentence), or not at all (dev: answer-hit equal, quote-hit 0.623 -> 0.632).
            # The chain that ends in a sentence standing alone: "De gemeente betaalt 1/3 deel van de kosten" leans
            # on "Het Rijk vergoedt hiervan 2/3 deel", which leans on "… maximaal 80 uur" (a UI walk read the two
            # without it as paying for begeleiding). A chain that never ends so brings only the sentence before.
            chain = _contexts_before(pick)
            if not chain:
                continue
            # Passages overlap by a sentence: the one it leans on may be chosen already from the passage before.
            keys = {other.key for other in chosen}
            texts = {other.text for other in chosen}
            ends = not leans_back(chain[0].text)
            contexts = [
                context
                for context in (chain if ends else chain[-1:])
                if context.key not in keys and context.text not in texts
            ]
            chosen += [*contexts, pick]
            words += sum(len(context.text.split()) for context in contexts)
        else:
            chosen.append(pick)
        covered |= pick.tokens
        words += size
    return chosen


def _in_reading_order(pick: Pick, passages: Callable[[str], list[Chunk]] | None) -> Pick:
    """A sentence that opens its passage and leans back, taken where it closes the passage before instead
    (passages overlap by a sentence), so that the sentence it leans on stands before it; otherwise `pick`."""
    if pick.span_index != 0 or passages is None or not leans_back(pick.text):
        return pick
    before = next((c for c in passages(pick.chunk.document_id) if c.position == pick.chunk.position - 1), None)
    if before is None or not before.spans:
        return pick
    last = len(before.spans) - 1
    if before.text[before.spans[last].start : before.spans[last].end] != pick.text:
        return pick
    return Pick(pick.hit_rank, before, last, pick.score, pick.tokens)


def _antecedent_in(pick: Pick, chosen: Sequence[Pick]) -> int | None:
    """Where in `chosen` the sentence just before `pick` in its passage stands, if it is there."""
    before = (pick.chunk.chunk_id, pick.span_index - 1)
    return next((position for position, other in enumerate(chosen) if other.key == before), None)


def _successor_in(pick: Pick, chosen: Sequence[Pick]) -> int | None:
    """Where in `chosen` the sentence just after `pick` in its passage stands, if it is there and leans on it
    ("In negen regio's … 28.721 dakloze mensen geteld" answers without the "De meest recente cijfers …" before it,
    and stays first)."""
    after = (pick.chunk.chunk_id, pick.span_index + 1)
    return next(
        (position for position, other in enumerate(chosen) if other.key == after and leans_back(other.text)), None
    )


def _contexts_before(pick: Pick) -> list[Pick]:
    """The sentences `pick` leans on, in reading order: the one before it, and the one before that when it leans
    back in turn ("De middelen … over zogenaamde centrumgemeenten." before "Deze centrumgemeenten voeren … uit."
    before "Dit samenspel …"), at most CONTEXT_DEPTH of them."""
    contexts: list[Pick] = []
    current = _context_before(pick)
    while current is not None and len(contexts) < CONTEXT_DEPTH:
        contexts.insert(0, current)
        current = _context_before(current)
    return contexts


def _context_before(pick: Pick) -> Pick | None:
    """The sentence that `pick` (an answer's first sentence or a supporting one) leans on: the one just before
    it, when that stands on the same page of the same passage and closes."""
    index = pick.span_index
    if pick.span.kind != "sentence" or index == 0 or not leans_back(pick.text):
        return None
    before = pick.chunk.spans[index - 1]
    text = pick.chunk.text[before.start : before.end]
    if before.kind != "sentence" or before.page != pick.span.page or not is_answer_sentence(text):
        return None
    if not _closes(text):
        return None
    return Pick(pick.hit_rank, pick.chunk, index - 1, pick.score, frozenset())


def leans_back(text: str) -> bool:
    """Whether a sentence needs the one before it to be understood: it opens or holds a word that points back."""
    return bool(
        LEANS_BACK.match(text)
        or REFERS_BACK.search(text)
        or ELLIPSIS.match(text)
        or INVERTED_PRONOUN.match(text)
        or UNNAMED_SHARE.search(text)
    )


def _closes(text: str) -> bool:
    """A sentence that ends and announces nothing: no fragment, no "… als volgt:"."""
    end = text.rstrip()
    return bool(SENTENCE_END.search(end)) and not end.endswith(":")


def _cut_by_excerpt(pick: Pick) -> bool:
    """Whether the excerpt ends inside `pick`: an unfinished unit (a list item, since an unfinished sentence is never
    quoted) right before the line that says where the excerpt stops, or a heading whose section the excerpt cuts
    before it says anything ("3. Respect voor keuze …" followed only by "Mensen di"): the list it belongs to
    may go on in the full text, as the six principles of the action plan do after their third."""
    if SENTENCE_END.search(pick.text.rstrip()):
        return False
    for span in pick.chunk.spans[pick.span_index + 1 :]:
        text = pick.chunk.text[span.start : span.end]
        if EXCERPT_END.match(text):
            return True
        if pick.span.kind != "heading" or SENTENCE_END.search(text.rstrip()) or NUMBERED_HEADING.match(text):
            return False
    return False


def _in_a_list(pick: Pick) -> bool:
    return pick.span.kind == "list_item" or _announces_list(pick.chunk, pick.span_index)


def _gain(pick: Pick, covered: set[str], lexical: LexicalIndex, total_weight: float, tuning: Tuning) -> float:
    """A supporting sentence's score, plus a bonus for the question words the answer does not hold yet."""
    new = sum(lexical.term_weight(token) for token in pick.tokens - covered) / total_weight
    return pick.score + tuning.novelty * new


def _list_items(chunk: Chunk, index: int, limit: int) -> list[int]:
    """The span indexes of the list that the sentence at `index` announces (none when it announces none)."""
    if not _announces_list(chunk, index):
        return []
    items: list[int] = []
    following = index + 1
    while following < len(chunk.spans) and chunk.spans[following].kind == "list_item" and len(items) < limit:
        items.append(following)
        following += 1
    return items


def _announces_list(chunk: Chunk, index: int) -> bool:
    spans = chunk.spans
    text = chunk.text[spans[index].start : spans[index].end]
    return text.rstrip().endswith(":") and index + 1 < len(spans) and spans[index + 1].kind == "list_item"


def _with_lists(chosen: list[Pick], tuning: Tuning) -> list[Pick]:
    """A sentence that announces a list brings its items (in their order); a chosen item brings its
    announcement and its sibling items, so an announced list is quoted whole (up to `list_items` items, and its
    chosen item wherever it stands); an item of a list no sentence announces comes alone."""
    ordered: list[Pick] = []
    keys: set[tuple[str, int]] = set()

    def add(pick: Pick) -> None:
        if pick.key not in keys:
            keys.add(pick.key)
            ordered.append(pick)

    for pick in chosen:
        spans = pick.chunk.spans
        start = pick.span_index
        if pick.span.kind == "list_item":
            while start > 0 and spans[start - 1].kind == "list_item":
                start -= 1
            intro = start - 1
            # An item of a list that no sentence announces comes alone: its first item is another answer.
            start = intro if intro >= 0 and _announces_list(pick.chunk, intro) else pick.span_index
        add(Pick(pick.hit_rank, pick.chunk, start, pick.score, pick.tokens) if start != pick.span_index else pick)
        if _announces_list(pick.chunk, start):
            index = start + 1
            while index < len(spans) and spans[index].kind == "list_item" and index - start <= tuning.list_items:
                add(Pick(pick.hit_rank, pick.chunk, index, pick.score, pick.tokens))
                index += 1
            # The item that answers comes along however far down a long list it stands.
            if pick.span_index != start:
                add(pick)
    return ordered


def _with_headed_list(
    ordered: list[Pick],
    retrieval: Retrieval,
    question_tokens: frozenset[str],
    intent: Intent,
    lexical: LexicalIndex,
    tuning: Tuning,
) -> list[Pick]:
    """A list whose items are numbered sections ("1. Huisvesting is een mensenrecht", "2. Keuze en regie"):
    after the sentence that announces them, or one from a document whose title or section names the list
    asked for ("Welke principes …?" in "Zes leidende principes"), that document's numbered headings follow (and
    lead, when the chosen sentence is another one and a sentence announcing them stands right before the first,
    with that announcement); failing both, those of a best passage's document that names it lead."""
    if retrieval.document_chunks is None:
        return ordered
    nouns = set(lexical.analyzer.tokens(" ".join(LIST_NOUNS))) & question_tokens
    if intent.principles:
        nouns |= set(lexical.analyzer.tokens("principes"))
    for position, pick in enumerate(ordered):
        announces = _announces_headings(pick.chunk, pick.span_index)
        if not announces and not _names_list(pick.chunk.meta.title, pick.span.section, nouns, lexical):
            continue
        # The headings a sentence announces follow it: not a document's chapters before it ("1. Inleiding").
        after = (pick.chunk.position, pick.span_index) if announces else None
        items = _numbered_headings(retrieval.document_chunks(pick.chunk.document_id), tuning.list_items, after)
        if len(items) < MIN_HEADED_ITEMS:
            continue
        headed = [Pick(pick.hit_rank, chunk, index, pick.score, frozenset()) for chunk, index in items]
        announcer = None if announces else _announcer(*items[0])
        if announcer is not None:
            # The sentence was chosen for its document, which names the list; the list is the answer, so it leads
            # in its own words ("Housing First werkt volgens acht belangrijke basisprincipes:" before "1. …"), ahead
            # of the sentence that brought it (blind, with the principles in users' words: dev answer-first
            # 0.685 -> 0.708, test 0.599 -> 0.608).
            headed.insert(0, Pick(pick.hit_rank, items[0][0], announcer, pick.score, frozenset()))
            keys = {listed.key for listed in headed}
            return [*ordered[:position], *headed, *(kept for kept in ordered[position:] if kept.key not in keys)]
        # After the quote that sentence stands in: "Een echt thuis, …" and the "Het betekent …" that leans on it
        # are read together, before the list.
        end = position + 1
        while end < len(ordered) and _follows(ordered[end], ordered[end - 1]):
            end += 1
        return [*ordered[:end], *headed, *ordered[end:]]
    # No chosen sentence's document names the list: a best passage's document that does, in its title or section,
    # brings its numbered headings, and they lead: the list is the answer ("Welke actielijnen heeft het actieplan?"
    # got three sentences on young people from "Actielijn 6. Inclusieve aanpak", the lines not at all). The best
    # ranked list whose numbers run without a gap comes first: a page names itself "2. Zie hierboven" in its list of
    # the action lines, which is left out, and a sibling page has the whole list.
    if not ordered:
        return ordered
    found: list[tuple[bool, int, list[tuple[Chunk, int]]]] = []  # (numbers without a gap, rank, the list)
    looked: set[str] = set()
    for rank, hit in enumerate(retrieval.hits[: tuning.passages]):
        if hit.chunk.document_id in looked:
            continue
        if _names_list(hit.chunk.meta.title, hit.chunk.section, nouns, lexical):
            looked.add(hit.chunk.document_id)
            items = _numbered_headings(retrieval.document_chunks(hit.chunk.document_id), tuning.list_items)
            if len(items) >= MIN_HEADED_ITEMS:
                found.append((_without_gaps(items), rank, items))
    if not found:
        return ordered
    _, rank, items = min(found, key=lambda listed: (not listed[0], listed[1]))
    return [*(Pick(rank, chunk, index, ordered[0].score, frozenset()) for chunk, index in items), *ordered]


def _names_list(title: str, section: str, nouns: set[str], lexical: LexicalIndex) -> bool:
    """Whether a document's title or a section names a list noun the question asks for ("Zes leidende principes")."""
    named = lexical.analyzer.tokens(f"{title} {section}")
    return any(noun in token for noun in nouns for token in named)


def _without_gaps(items: Sequence[tuple[Chunk, int]]) -> bool:
    """Whether numbered items run 1, 2, 3, … (or on from where they start) without a number missing."""
    numbers = [_number_of(chunk, index) for chunk, index in items]
    return numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def _follows(pick: Pick, before: Pick) -> bool:
    """Whether `pick` is the sentence right after `before` in its passage: the two are read as one quote."""
    return pick.key == (before.chunk.chunk_id, before.span_index + 1)


def _without_dangling_announcements(ordered: list[Pick]) -> list[Pick]:
    """A sentence that ends in a colon announces what follows it; without its list it says nothing."""
    kept = []
    for position, pick in enumerate(ordered):
        following = ordered[position + 1] if position + 1 < len(ordered) else None
        if pick.text.rstrip().endswith(":") and (following is None or following.span.kind == "sentence"):
            continue
        kept.append(pick)
    return kept


def _announcer(chunk: Chunk, index: int) -> int | None:
    """The span index of the sentence that announces the numbered heading at `index` ("… acht belangrijke
    basisprincipes:"), when it stands right before it in the same passage."""
    before = index - 1
    return before if before >= 0 and _announces_headings(chunk, before) else None


def _announces_headings(chunk: Chunk, index: int) -> bool:
    """Whether the sentence at `index` ends in a colon before a numbered heading and can be quoted: a web page's
    "Klik hieronder op een van de actielijnen …:" announces nothing an answer can lead with."""
    span = chunk.spans[index]
    text = chunk.text[span.start : span.end]
    return (
        span.kind != "heading"
        and text.rstrip().endswith(":")
        and is_answer_sentence(text)
        and _next_is_numbered_heading(chunk, index)
    )


def _next_is_numbered_heading(chunk: Chunk, index: int) -> bool:
    following = chunk.spans[index + 1] if index + 1 < len(chunk.spans) else None
    return (
        following is not None
        and following.kind == "heading"
        and bool(NUMBERED_HEADING.match(chunk.text[following.start : following.end]))
    )


def _numbered_headings(
    chunks: Sequence[Chunk], limit: int, after: tuple[int, int] | None = None
) -> list[tuple[Chunk, int]]:
    """(passage, span index) of a document's numbered headings in reading order, each once; with `after` (a
    passage's position and a span index), only those after it, up to where the numbering starts again.

    An item that only points elsewhere is left out: a page's list of the action plan's lines names itself "2. Zie
    hierboven", which says nothing quoted in an answer. A numbered list item right after the headings that carries
    the next number ends the same list ("5. Geen beleid zonder ervaringskennis" a heading, "6. Inclusieve aanpak",
    the last line, read as a list item)."""
    seen: set[str] = set()
    found: list[tuple[Chunk, int]] = []
    for chunk in chunks:
        previous: int | None = None  # the number of the numbered heading (or item) just before
        for index, span in enumerate(chunk.spans):
            text = chunk.text[span.start : span.end]
            numbered = NUMBERED_HEADING.match(text)
            number = int(numbered.group(1)) if numbered else None
            heading = span.kind == "heading" and number is not None
            continues = (
                span.kind == "list_item" and number is not None and previous is not None and number == previous + 1
            )
            previous = number if heading or continues else None
            if not (heading or continues) or text in seen or len(found) >= limit:
                continue
            if after is not None and (chunk.position, index) <= after:
                continue
            if after is not None and found and number is not None and number <= _number_of(*found[-1]):
                return found
            seen.add(text)
            if not POINTS_ELSEWHERE.match(text[numbered.end() :] if numbered else text):
                found.append((chunk, index))
    return found


def _number_of(chunk: Chunk, index: int) -> int:
    """The number a numbered heading or item opens with ("3. Scheiden van wonen en zorg" -> 3)."""
    numbered = NUMBERED_HEADING.match(chunk.text[chunk.spans[index].start : chunk.spans[index].end])
    return int(numbered.group(1)) if numbered else -1


def _citations(ordered: list[Pick], hits: Sequence[Hit]) -> tuple[list[Citation], list[int]]:
    """One citation per run of adjacent sentences on one page of one passage."""
    scores = {hit.chunk.chunk_id: hit.candidate.fused for hit in hits}
    citations: list[Citation] = []
    numbers: list[int] = []
    run: list[Pick] = []

    def close_run() -> None:
        if not run:
            return
        chunk = run[0].chunk
        start, end = run[0].span.start, run[-1].span.end
        last_page = run[-1].span.page_end or run[-1].span.page
        citations.append(
            Citation(
                n=len(citations) + 1,
                document_id=chunk.document_id,
                title=chunk.meta.title,
                publisher=chunk.meta.publisher,
                url=chunk.meta.url,
                date=chunk.meta.date,
                source_path=chunk.source_path,
                page=run[0].span.page,
                page_end=last_page if last_page != run[0].span.page else None,
                section=cited_section(run[0].span.section),
                quote=chunk.text[start:end],
                passage=chunk.text,
                score=round(scores.get(chunk.chunk_id, 0.0), 6),
                is_excerpt=chunk.meta.is_excerpt,
                ocr=any(pick.span.ocr for pick in run),
            )
        )
        numbers.extend([len(citations)] * len(run))
        run.clear()

    for pick in ordered:
        if run and not (
            pick.chunk.chunk_id == run[-1].chunk.chunk_id
            and pick.span_index == run[-1].span_index + 1
            and pick.span.page == run[-1].span.page
        ):
            close_run()
        run.append(pick)
    close_run()
    return citations, numbers


def _similarity(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0
