"""The answer as a structure: its sentences with citation numbers, the citations, and how sure it is.

This is the JSON contract of `POST /api/ask` and `assistant ask --json`, defined once; the CLI, the
API's `answer` field, the chat and the export render it with `assistant.answer_text`, and nothing
parses answer text back.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, computed_field

SentenceKind = Literal["sentence", "list_item"]


class Citation(BaseModel):
    """One numbered source of an answer; `quote` stands verbatim in `passage`."""

    n: int
    document_id: str
    title: str
    publisher: str = ""
    url: str = ""
    date: str = Field("", description="De datum van het document zoals de bron die geeft (meestal JJJJ-MM-DD).")
    source_path: str = Field("", description="Het bestand binnen de kennisbank (relatief aan de corpusmap).")
    page: int | None = Field(None, description="De pagina waarop het citaat begint (pdf's).")
    page_end: int | None = Field(None, description="De laatste pagina, als het citaat over een paginagrens loopt.")
    section: str = ""
    quote: str = Field(description="De geciteerde zin(nen), letterlijk zoals in de bron.")
    passage: str = Field(description="De hele passage waarin het citaat staat.")
    score: float = 0.0
    is_excerpt: bool = False
    ocr: bool = Field(False, description="True wanneer de tekst van een gescande pagina via OCR is gelezen.")


class AnswerSentence(BaseModel):
    """A sentence or list item quoted verbatim from the cited passage `citation`."""

    text: str
    citation: int
    kind: SentenceKind = "sentence"
    # The excerpt the knowledge base holds ends inside it ("f. personen met … die niet langer een duurzame
    # gemeenschappelijke"): rendered with answer_text.CUT_MARK after it, outside the quote.
    cut: bool = False


class Suggestion(BaseModel):
    """A document that may help where the answer itself is not in the knowledge base."""

    document_id: str
    title: str
    # The document's sentence that names what the question asked about, when it was suggested for that mention;
    # the link opens the document there.
    quote: str = ""
    page: int | None = None


class Timings(BaseModel):
    retrieve: float = 0.0
    compose: float = 0.0
    total: float = 0.0


class Answer(BaseModel):
    """What the answer engine returns for one question."""

    question: str
    refused: bool = Field(description="True wanneer de kennisbank het antwoord niet bevat.")
    sentences: list[AnswerSentence] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    suggestions: list[Suggestion] = Field(default_factory=list)
    notice: str = Field("", description="Wat de kennisbank wel of niet over de vraag zegt, vóór het antwoord.")
    confidence: float = Field(0.0, description="Kans (0..1) volgens de weigerpoort dat de kennisbank dit beantwoordt.")
    timings_ms: Timings = Field(default_factory=Timings)
    retrieval_query: str = Field(
        "",
        description="De vraag zoals gezocht (met context bij een vervolgvraag, met de naam die de documenten "
        "gebruiken voor een afkorting of programmanaam, en met de samenstelling voor een woord dat de documenten "
        "alleen daarin schrijven: contract -> huurcontract).",
    )
    answer_id: str = Field("", description="Verwijs hiernaar bij feedback.")

    @computed_field(description="Het antwoord als tekst, met bronnenlijst.")  # type: ignore[prop-decorator]
    @property
    def answer(self) -> str:
        from assistant.answer_text import render_text

        return render_text(self)
