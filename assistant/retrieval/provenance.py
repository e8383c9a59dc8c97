"""Questions about where the previous answer comes from ("Uit welke kamerbrief komt dat?", "Door wie is die
ingediend?"), answered from the opening of the document it quoted.

Users ask who submitted a motion, which letter a statement is from or whether MPs asked about it (6 of the blind set's
91 answerable follow-ups, all refused: the follow-up check found none of "ingediend", "kamerbrief" or "geadviseerd" in
the sentences that answered the earlier question). What a document is and who made it is what its title, its
publisher and its opening lines say: "Motie van de leden Eerdmans en Bikker …", "Nr. 156 BRIEF VAN DE
STAATSSECRETARIS …", "Met dit advies presenteert de Raad voor Volksgezondheid en Samenleving …".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.answer import Answer, AnswerSentence, Citation
from assistant.documents import Chunk, DocumentMeta
from assistant.retrieval.question import PREDICATE_WORDS
from assistant.store.lexical import LexicalIndex
from assistant.text.analyzer import Analyzer, headed_by
from assistant.text.dates import dutch_date
from assistant.text.phrasing import publisher_name

# Nouns for a kind of document a question may ask for by name: "Uit welke kamerbrief …", "Zijn daar Kamervragen over
# gesteld?". A compound counts by its head: "kamerbrief" is a "brief", as the title "Brief van de staatssecretaris …"
# names it.
DOCUMENT_KINDS = (
    r"\w*(?:brief|brieven|document|documenten|stuk|stukken|rapport|rapporten|rapportage|advies|adviezen|motie|moties"
    r"|kamervragen|kamervraag|nota|publicatie|besluit|verslag|onderzoek|memorie|bron)"
)
# Where a clause may begin: a question asks who made it as a clause of its own ("Van wie komt dat idee, wie heeft dat
# geadviseerd?"), never "Bij wie moet dat worden ingediend?".
CLAUSE_START = r"(?:^|[,.;:?!]\s*|\ben\s+)"
# A clause's end: "Wie heeft de motie ingediend die vraagt om …?" goes on about the motion, "Wie heeft het actieplan
# opgesteld en wat willen ze ermee?" asks more; both are answered as questions of their own.
CLAUSE_END = r"\s*(?:[?.!]|$)"
# Pointers a source question points back with: "die", "dat", "daar", "daarover" (not "het" or "er": "Wie heeft het
# actieplan opgesteld?" names its own subject).
POINTER = r"(?:die|dat|dit|deze|ze|zij|hij|daar\w*|hier\w*)"
# "Uit welke kamerbrief komt dat?", "In welk document staat dit eigenlijk?", "Van welk rapport is dat?"; not "Uit welke
# bron wordt dat betaald?" (where money comes from).
WHICH_DOCUMENT = re.compile(
    rf"\b(?:uit|in|van)\s+welke?\s+(?P<kind>{DOCUMENT_KINDS})\s+(?:komt|kwam|komen|staat|stond|staan|is|was)\b",
    re.IGNORECASE,
)
# "Door wie is die ingediend?", "Wie heeft die motie ondertekend?", "wie heeft dat geadviseerd?", "Wie schreef dat?":
# who made a document. Not "Wie tekent …" (who signs a lease), "Wie moet … hebben ondertekend" or "Wie heeft dat
# bedacht?" (a method's origin, which no opening says); not present tense ("Door wie wordt dat plan opgesteld?": who
# draws up a plan of action).
MADE = r"(?:ingediend|voorgesteld|ondertekend|geschreven|opgesteld|geadviseerd|gepubliceerd|uitgebracht)"
MADE_BY = re.compile(
    rf"{CLAUSE_START}(?:door\s+)?wie\s+(?:(?:heeft|hebben|had|hadden|is|zijn|was|waren|werd|werden)\s+"
    rf"(?P<made>(?:[\w'’-]+\s+){{0,6}}?){MADE}|(?:schreef|schreven)\s+(?P<wrote>(?:[\w'’-]+\s*){{1,6}}?)){CLAUSE_END}",
    re.IGNORECASE,
)
# "Van wie kwam dat advies oorspronkelijk?", "Van wie is die motie?": who made the document it points at, asked by
# whom it is from (a blind follow-up on the RVS advice; "Van wie komt dat idee?" names no document and is not asked).
# As a clause of its own, or with the year asked beside it, which the source's date answers ("… en in welk jaar was
# dat?"); not "Van wie komt dat rapport en wat staat erin?", which asks more.
FROM_WHOM = re.compile(
    rf"\bvan\s+wie\s+(?:komt|kwam|komen|kwamen|is|was|zijn|waren|stamt|stamde)\s+{POINTER}\s+"
    rf"(?P<kind>{DOCUMENT_KINDS})(?:\s+\w+)?(?:{CLAUSE_END}|\s+en\s+(?:in\s+welk\s+jaar|wanneer)\b)",
    re.IGNORECASE,
)
# "Zijn daar ooit Kamervragen over gesteld?", "Is daar een motie over ingediend?": whether a document of that kind
# exists on what the earlier answer was about.
ASKED_IN_PARLIAMENT = re.compile(
    rf"\b{POINTER}\b[^?!.]*\b(?P<kind>kamervragen|kamervraag|motie|moties)\b[^?!.]*\b(?:gesteld|ingediend){CLAUSE_END}"
    rf"|\b(?P<kind2>kamervragen|kamervraag|motie|moties)\b[^?!.]*\b{POINTER}\b[^?!.]*\b(?:gesteld|ingediend){CLAUSE_END}",
    re.IGNORECASE,
)
# "Waar staat dat?", "Waar staat dat precies?", "Wat is de bron daarvan?"; not "Waar staat dat voor?" (what it means)
# nor "Waar staat dat loket?".
WHERE_WRITTEN = re.compile(
    rf"\bwaar\s+staat\s+(?:dat|dit)(?:\s+(?:eigenlijk|precies|dan|geschreven|vermeld|in))*{CLAUSE_END}"
    rf"|\b(?:wat|welke)\s+is\s+(?:daar|hier)?\s*de\s+bron\s+(?:van|daarvan|hiervan|voor)\b",
    re.IGNORECASE,
)
# Who a title says made the document: "Motie van de leden Eerdmans en Bikker over …", "Brief van de staatssecretaris
# van VWS …", "7 tips van de Preventie Alliantie": a role or a name of two capitalised words, not "Wijziging van de Wmo
# 2015" or (bracketed) "begin van de tekst van het Actieplan".
MAKER_ROLES = r"(?:leden|lid|staatssecretaris|minister|ministers|kabinet|regering|raad|commissie|ombudsman)"
TITLE_MAKER = re.compile(
    rf"\bvan\s+(?:de|het|den)\s+(?P<maker>(?:{MAKER_ROLES}\b|[A-Z]\w+\s+[A-Z]\w*)[^,():–]*?)"
    r"(?=\s+(?:over|inzake|aan|bij|met|voor|in|op|betreffende)\b|[,():–]|$)"
)
BRACKETED = re.compile(r"\([^)]*\)")
# Words any document is: "Uit welk document komt dat?" asks for the source, whatever its kind.
ANY_DOCUMENT = frozenset(["document", "documenten", "stuk", "stukken", "bron", "publicatie"])
# The noun a question points at: "die principes", "dat idee", "die tips"; not a participle ("Door wie is die
# ingediend?") or a predicate ("dit eigenlijk").
POINTED_NOUN = re.compile(rf"\b(?:die|dat|deze|dit|zo['’]n)\s+(?!{MADE}\b)(?P<noun>[^\W\d_]{{4,}})\b", re.IGNORECASE)
# The shortest word taken for the first part of a compound ("advies" of "adviespagina").
COMPOUND_PART = 4
# A picture's caption with its credit ("Raad voor Volksgezondheid & Samenleving: Herstel begint met een huis …
# Beeld: Ellen Houtman"): it names the publisher, but says who took the picture, not who made the document.
PICTURE_CREDIT = re.compile(r"(?<!in )\b(?:Beeld|Foto|Illustratie):")
# A document as a source question picks it: its id and its title.
Titled = tuple[str, str]
# At most this many sentences of a document's opening say who made it (a motion's first and second signer).
MAKER_SENTENCES = 3


@dataclass(frozen=True)
class SourceQuestion:
    """A question for the source of what was asked or answered.

    `kind` is the kind of document it names ("kamerbrief", "motie"; empty for none, or for one that any document
    is: "document", "bron"). It asks which document it is ("Uit welke kamerbrief komt dat?"), whether there is one
    (`exists`: "Zijn daar Kamervragen over gesteld?", which a document of that kind found for the same subject
    answers even if the answer did not quote it) or who made it (`who`: "Door wie is die motie ingediend?").
    `pointed` is the noun it points at ("die principes", "die tips"), which picks among the quoted documents;
    `pointing` says it points back at all ("Wie heeft die ingediend?", not "Wie heeft de motie over … ingediend?")."""

    kind: str = ""
    exists: bool = False
    who: bool = False
    pointed: str = ""
    pointing: bool = False


def asked_source(question: str) -> SourceQuestion | None:
    """Whether `question` asks where something comes from or who made a document (None: it does not)."""
    nouns = [match.group("noun").lower() for match in POINTED_NOUN.finditer(question)]
    noun = next((noun for noun in nouns if noun not in PREDICATE_WORDS), "")
    which = WHICH_DOCUMENT.search(question)
    if which:
        return SourceQuestion(_specific(which.group("kind")), pointed=noun, pointing=True)
    made = MADE_BY.search(question)
    if made:
        words = Analyzer.words(made.group("made") or made.group("wrote") or "")
        named = re.search(rf"\b{DOCUMENT_KINDS}\b", made.group(0), re.IGNORECASE)
        kind = _specific(named.group(0)) if named else ""
        pointing = bool(words) and re.fullmatch(POINTER, words[0]) is not None
        return SourceQuestion(kind, who=True, pointed=noun, pointing=pointing)
    whom = FROM_WHOM.search(question)
    if whom:
        return SourceQuestion(_specific(whom.group("kind")), who=True, pointed=noun, pointing=True)
    asked = ASKED_IN_PARLIAMENT.search(question)
    if asked:
        kind = asked.group("kind") or asked.group("kind2")
        return SourceQuestion(_specific(kind), exists=True, pointed=noun, pointing=True)
    if WHERE_WRITTEN.search(question):
        return SourceQuestion(pointed=noun, pointing=True)
    return None


def _specific(kind: str) -> str:
    """A kind of document as a title would name it; none for a word any document is."""
    return "" if kind.lower() in ANY_DOCUMENT else kind.lower()


def is_of_kind(kind: str, title: str, analyzer: Analyzer) -> bool:
    """Whether a document titled `title` is of the `kind` a question names: a word of the title is it, heads it
    ("Brief van …" is a kamerbrief, "Antwoord op vragen van de leden …" holds kamervragen) or is a compound of it
    ("(adviespagina)" is an advies)."""
    if not kind:
        return True
    words = analyzer.stems(title)
    return any(
        stem == word or headed_by(stem, word) or (len(stem) >= COMPOUND_PART and word.startswith(stem))
        for stem in analyzer.stems(kind)
        for word in words
    )


def source_document(
    asked: SourceQuestion, quoted: Sequence[Titled], found: Sequence[Titled], analyzer: Analyzer
) -> str | None:
    """The document the question asks about, of (document id, title) pairs: of the documents the answer `quoted` (in
    order) the first of the asked kind, the one whose title names the noun it points at first ("die principes": «De
    principes van Housing First»); for a question whether one exists, else the first of that kind among the passages
    `found` for the same subject. None when there is none."""
    candidates = [document for document in quoted if is_of_kind(asked.kind, document[1], analyzer)]
    if asked.pointed:
        named = [document for document in candidates if is_of_kind(asked.pointed, document[1], analyzer)]
        candidates = named + [document for document in candidates if document not in named]
    if not candidates and asked.exists:
        candidates = [document for document in found if is_of_kind(asked.kind, document[1], analyzer)]
    return candidates[0][0] if candidates else None


def maker_sentences(opening: Chunk, lexical: LexicalIndex) -> list[int]:
    """The spans of a document's `opening` passage that say who made it, in reading order: those that name the maker
    its title names (any of its words: "Eerste ondertekenaar: B.J. Eerdmans") or its publisher (all of its words: a
    page of Housing First Nederland says "Housing First" everywhere), the rarest first; none when no line does."""
    analyzer = lexical.analyzer
    maker = TITLE_MAKER.search(BRACKETED.sub("", opening.meta.title))
    named = set(analyzer.stems(maker.group("maker"))) if maker else set()
    publisher = set(analyzer.stems(publisher_name(opening.meta.publisher)))
    weights = []
    for index, span in enumerate(opening.spans):
        text = opening.text[span.start : span.end]
        if span.kind == "boilerplate" or PICTURE_CREDIT.search(text):
            continue
        held = set(analyzer.stems(text))
        says = (named & held) | (publisher if publisher and publisher <= held else set())
        if says:
            weights.append((sum(lexical.term_weight(stem) for stem in says), index))
    return sorted(index for _, index in sorted(weights, key=lambda pair: (-pair[0], pair[1]))[:MAKER_SENTENCES])


def first_sentence(opening: Chunk) -> list[int]:
    """The first sentence of a document's `opening` passage (not a heading, "29 325 Maatschappelijke Opvang", nor
    boilerplate): what it is, as it begins; else its first span."""
    return [next((index for index, span in enumerate(opening.spans) if span.kind == "sentence"), 0)]


def quotes_from(answer: Answer, document_id: str) -> tuple[list[AnswerSentence], list[Citation]]:
    """The sentences `answer` quoted from one document, with their citations numbered anew from 1."""
    kept = [citation for citation in answer.citations if citation.document_id == document_id]
    number = {citation.n: new for new, citation in enumerate(kept, start=1)}
    sentences = [
        sentence.model_copy(update={"citation": number[sentence.citation]})
        for sentence in answer.sentences
        if sentence.citation in number
    ]
    return sentences, [citation.model_copy(update={"n": number[citation.n]}) for citation in kept]


def source_notice(meta: DocumentMeta) -> str:
    """What the answer says first: the document, who published it and when ("Bron: «Motie van …» (Tweede Kamer,
    25 januari 2024)."), from the front matter every citation shows."""
    details = ", ".join(part for part in (publisher_name(meta.publisher), dutch_date(meta.date)) if part)
    return f"Bron: «{meta.title}»" + (f" ({details})." if details else ".")


def no_source_notice(kind: str) -> str:
    """The refusal when the knowledge base holds no document of the asked `kind` on the subject."""
    return f"Daarover vind ik geen {kind} in de kennisbank." if kind else ""


def not_quoted_notice(kind: str) -> str:
    """Before the source of an answer that quoted no document of the asked `kind` ("Uit welke kamerbrief …?")."""
    return f"Het vorige antwoord citeert geen {kind}."
