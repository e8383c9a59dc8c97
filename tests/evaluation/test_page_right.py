"""Page-right: an answer cites the gold sentence at the page of the uploaded PDF where it stands (real PDFs)."""

from __future__ import annotations

from pathlib import Path

from assistant.evaluation.gold import GoldQuestion, GoldQuote
from assistant.evaluation.handbook import PageFinder
from assistant.evaluation.runner import cites_gold_on_page
from assistant.paths import document_id
from tests.conftest import write_pdf

FIRST = "De gemeente Zuiderveen telt sinds dit jaar veertien woningen voor Housing First."
ACROSS = ["Het Zonnehuis in Zuiderveen opent in het voorjaar van 2026", "een tweede locatie met twaalf plaatsen."]
SECOND = "Op de tweede pagina staat hoe de begeleiding van de bewoners is geregeld."


def three_pages(tmp_path: Path) -> bytes:
    """A real three-page PDF with a running header and a 'Pagina N van M' footer; one sentence runs over 1 -> 2."""
    pages = [["Inleiding over de woningen.", FIRST, ACROSS[0]], [ACROSS[1], SECOND], ["Een derde pagina zonder meer."]]
    return write_pdf(tmp_path / "zonnehuis.pdf", pages, header="Jaarbericht Zuiderveen", footer=True).read_bytes()


def citation(quote: str, page: int, page_end: int | None = None, document: str = "zonnehuis.pdf") -> dict[str, object]:
    return {"document_id": document_id(document), "quote": quote, "page": page, "page_end": page_end}


def test_page_right_counts_a_citation_on_the_wrong_page_as_wrong(tmp_path: Path) -> None:
    finder = PageFinder(three_pages(tmp_path), header="Jaarbericht Zuiderveen")
    question = GoldQuestion("q1", "Hoeveel woningen?", "gemeente", True, [GoldQuote("zonnehuis.pdf", FIRST)])
    assert finder.pages_of(FIRST) == {1}
    assert cites_gold_on_page([citation(FIRST, 1)], question, finder, "zonnehuis.pdf")
    assert not cites_gold_on_page([citation(FIRST, 2)], question, finder, "zonnehuis.pdf")
    # The right page, but another sentence, or the same sentence from another document: not the gold sentence.
    assert not cites_gold_on_page([citation("Inleiding over de woningen.", 1)], question, finder, "zonnehuis.pdf")
    assert not cites_gold_on_page([citation(FIRST, 1, document="ander.pdf")], question, finder, "zonnehuis.pdf")
    # A citation of several sentences that holds the gold one counts.
    assert cites_gold_on_page([citation(f"Inleiding over de woningen. {FIRST}", 1)], question, finder, "zonnehuis.pdf")


def test_a_sentence_across_a_page_break_counts_on_either_page(tmp_path: Path) -> None:
    finder = PageFinder(three_pages(tmp_path), header="Jaarbericht Zuiderveen")
    sentence = " ".join(ACROSS)
    question = GoldQuestion("q2", "Wanneer opent het?", "gemeente", True, [GoldQuote("zonnehuis.pdf", sentence)])
    assert finder.pages_of(sentence) == {1, 2}
    assert finder.pages_of(SECOND) == {2}
    for page, page_end in [(1, None), (2, None), (1, 2)]:
        assert cites_gold_on_page([citation(sentence, page, page_end)], question, finder, "zonnehuis.pdf")
    assert not cites_gold_on_page([citation(sentence, 3)], question, finder, "zonnehuis.pdf")
