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

from assistant.documents import Chunk, DocumentMeta
from assistant.retrieval.question import points_back
from assistant.store.lexical import LexicalIndex
from assistant.text.analyzer import Analyzer
from assistant.text.dates import dutch_date
from assistant.text.phrasing import publisher_name

# Nouns for a kind of document a question may ask for by name: "Uit welke kamerbrief …", "Zijn daar Kamervragen over
# gesteld?". A compound counts by its head: "kamerbrief" is a "brief", as the title "Brief van de staatssecretaris …"
# names it.
DOCUMENT_KINDS = (
    r"\w*(?:brief|brieven|document|documenten|stuk|stukken|rapport|rapporten|rapportage|advies|adviezen|motie|moties"
    r"|kamervragen|kamervraag|nota|publicatie|besluit|verslag|onderzoek|memorie)"
)
# "Uit welke kamerbrief komt dat?", "In welk document staat dit?", "Van welk rapport is dat?".
WHICH_DOCUMENT = re.compile(rf"\b(?:uit|in|van)\s+welke?\s+(?P<kind>{DOCUMENT_KINDS})\b", re.IGNORECASE)
# "Door wie is die ingediend?", "Wie heeft die motie ondertekend?", "wie heeft dat geadviseerd?": who made a document.
# Not "Wie tekent …" (who signs a lease) nor "Wie heeft dat bedacht?" (a method's origin, which no opening says).
MADE_BY = re.compile(
    r"\bwie\b[^?!.]*\b(?:ingediend|voorgesteld|ondertekend|geschreven|opgesteld|geadviseerd|gepubliceerd"
    r"|uitgebracht)\b",
    re.IGNORECASE,
)
# "Zijn daar ooit Kamervragen over gesteld?", "Is daar een motie over ingediend?": whether a document of that kind
# exists on what the earlier answer was about.
ASKED_IN_PARLIAMENT = re.compile(
    r"\b(?P<kind>kamervragen|kamervraag|motie|moties)\b[^?!.]*\b(?:gesteld|ingediend)\b", re.IGNORECASE
)
# "Waar staat dat?", "Wat is de bron daarvan?".
WHERE_WRITTEN = re.compile(r"\bwaar\s+staat\s+(?:dat|dit)\b|\b(?:wat|welke)\s+is\s+de\s+bron\b", re.IGNORECASE)
# Who a title says made the document: "Motie van de leden Eerdmans en Bikker over …", "7 tips van de Preventie
# Alliantie". Only after an article: "Memorie van toelichting" names no maker.
TITLE_MAKER = re.compile(
    r"\bvan\s+(?:de|het|den)\s+(?P<maker>[^,(:–]+?)(?=\s+(?:over|inzake|aan|bij|met|voor|in|op|betreffende)\b|[,(:–]|$)"
)
# At most this many sentences of a document's opening say who made it (a motion's first and second signer).
MAKER_SENTENCES = 3


@dataclass(frozen=True)
class SourceQuestion:
    """A question for the source of the previous answer; `kind` is the kind of document it names ("kamerbrief",
    "motie"), empty when it names none."""

    kind: str = ""


def asked_source(question: str) -> SourceQuestion | None:
    """Whether `question` asks where the previous answer comes from or who made its document (None: it does not)."""
    for pattern in (WHICH_DOCUMENT, ASKED_IN_PARLIAMENT):
        match = pattern.search(question)
        if match:
            return SourceQuestion(match.group("kind").lower())
    if MADE_BY.search(question) or WHERE_WRITTEN.search(question):
        named = re.search(rf"\b{DOCUMENT_KINDS}\b", question, re.IGNORECASE)
        return SourceQuestion(named.group(0).lower() if named else "")
    return None


def points_back_to_source(question: str) -> bool:
    """Whether `question` points at something said before ("die", "dat", "daarover"): not "het" or "er", which in
    "Wie heeft het actieplan opgesteld?" name no earlier subject."""
    return any(points_back(word) for word in Analyzer.words(question) if word not in ("het", "er"))


def is_of_kind(kind: str, title: str, analyzer: Analyzer) -> bool:
    """Whether a document titled `title` is of the `kind` a question names: a word of the title is it, or heads it
    ("Brief van …" is a kamerbrief, "Antwoord op vragen van de leden …" holds kamervragen)."""
    if not kind:
        return True
    kinds = analyzer.stems(kind)
    return any(
        stem == word or (len(word) >= 4 and stem.endswith(word)) for stem in kinds for word in analyzer.stems(title)
    )


def source_document(kind: str, quoted: Sequence[str], found: Sequence[Chunk], analyzer: Analyzer) -> str | None:
    """The document the previous answer comes from: the first it `quoted` of the asked `kind`, else (for a kind
    asked by name) the first of that kind among the passages `found` for it; None when there is none."""
    titles = {chunk.document_id: chunk.meta.title for chunk in found}
    for document_id in quoted:
        if is_of_kind(kind, titles.get(document_id, ""), analyzer):
            return document_id
    if not kind:
        return None
    return next((chunk.document_id for chunk in found if is_of_kind(kind, chunk.meta.title, analyzer)), None)


def maker_sentences(opening: Chunk, lexical: LexicalIndex) -> list[int]:
    """The spans of a document's `opening` passage that say who made it, in reading order: those that name the maker
    its title names (any of its words: "Eerste ondertekenaar: B.J. Eerdmans") or its publisher (all of its words: a
    page of Housing First Nederland says "Housing First" everywhere), the rarest first; else its first sentence."""
    analyzer = lexical.analyzer
    maker = TITLE_MAKER.search(opening.meta.title)
    named = set(analyzer.stems(maker.group("maker"))) if maker else set()
    publisher = set(analyzer.stems(publisher_name(opening.meta.publisher)))
    weights = []
    for index, span in enumerate(opening.spans):
        if span.kind == "boilerplate":
            continue
        held = set(analyzer.stems(opening.text[span.start : span.end]))
        says = (named & held) | (publisher if publisher and publisher <= held else set())
        if says:
            weights.append((sum(lexical.term_weight(stem) for stem in says), index))
    chosen = sorted(index for _, index in sorted(weights, key=lambda pair: (-pair[0], pair[1]))[:MAKER_SENTENCES])
    if chosen:
        return chosen
    return [next((index for index, span in enumerate(opening.spans) if span.kind != "boilerplate"), 0)]


def source_notice(meta: DocumentMeta) -> str:
    """What the answer says first: the document, who published it and when ("Bron: «Motie van …» (Tweede Kamer,
    25 januari 2024)."), from the front matter every citation shows."""
    details = ", ".join(part for part in (publisher_name(meta.publisher), dutch_date(meta.date)) if part)
    return f"Bron: «{meta.title}»" + (f" ({details})." if details else ".")


def no_source_notice(kind: str) -> str:
    """The refusal when the knowledge base holds no document of the asked `kind` on the previous answer's subject."""
    return f"Daarover vind ik geen {kind} in de kennisbank." if kind else ""
