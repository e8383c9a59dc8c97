"""The UI's HTML and Markdown, and the source view's rendering: escaped, linked, highlighted."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from assistant.answer import Answer, AnswerSentence, Citation, Suggestion
from assistant.answer_text import EXCERPT_FOOTNOTE, render_body, render_text
from assistant.ui.render import Turn, chat_markdown, conversation_markdown, filter_documents, sources_html
from assistant.ui.source_page import document_body_html, highlight_markers, mark_quotes, source_view_link

PASSAGE = "Eerste zin over wonen. Tweede zin <b>vet</b> over zorg. Derde zin over geld."


def citation(n: int, quote: str, passage: str = PASSAGE, document_id: str = "doc-a") -> Citation:
    return Citation(
        n=n, document_id=document_id, title="Titel & co", publisher="Uitgever", quote=quote, passage=passage, page=3
    )


def answer() -> Answer:
    return Answer(
        question="Wat?",
        refused=False,
        sentences=[
            AnswerSentence(text="Eerste zin over wonen.", citation=1),
            AnswerSentence(text="Tweede zin <b>vet</b> over zorg.", citation=2),
            AnswerSentence(text="Anders [3] en `code`.", citation=3),
        ],
        citations=[
            citation(1, "Eerste zin over wonen."),
            citation(2, "Tweede zin <b>vet</b> over zorg."),
            citation(3, "Anders", passage="Anders [3] en `code`.", document_id="doc-b"),
        ],
    )


def test_the_chat_links_each_citation_number_and_escapes_the_text() -> None:
    text = chat_markdown(answer(), turn=2)
    # Each [n] names its card by the answer's turn, and is its quote in the source view when the card is gone.
    assert re.search(r"\[\\\[1\\\]\]\(/bron/[^)]*quote=[^)]*&tvbron=tv-src-2-1#quote\)", text), text
    assert "tvbron=tv-src-2-3" in text
    assert "&lt;b&gt;vet&lt;/b&gt;" in text
    assert "Anders \\[3\\] en \\`code\\`." in text  # a bracket in the source is text, not a link
    assert "Bronnen:" not in text


def test_an_excerpt_is_marked_in_the_source_list_and_explained_once_below_it() -> None:
    excerpt = citation(2, "Tweede zin <b>vet</b> over zorg.").model_copy(update={"is_excerpt": True})
    text = render_text(answer().model_copy(update={"citations": [answer().citations[0], excerpt]}))
    body, sources = text.split("\n\nBronnen:\n")
    assert "uittreksel" not in body.lower()
    assert sources.splitlines()[:2] == [
        "[1] Titel & co — Uitgever, pagina 3",
        "[2] Titel & co — Uitgever, pagina 3, uittreksel",
    ]
    assert text.endswith("\n\n" + EXCERPT_FOOTNOTE)
    assert EXCERPT_FOOTNOTE not in render_text(answer())


def test_each_source_carries_its_documents_date_so_a_figure_can_be_placed_in_time() -> None:
    dated = citation(1, "Eerste zin over wonen.").model_copy(update={"date": "2025-12-17"})
    undated = citation(2, "Tweede zin <b>vet</b> over zorg.")
    text = render_text(answer().model_copy(update={"citations": [dated, undated]}))
    assert text.split("\n\nBronnen:\n")[1].splitlines() == [
        "[1] Titel & co — Uitgever, 17 december 2025, pagina 3",
        "[2] Titel & co — Uitgever, pagina 3",
    ]
    assert "Uitgever — 17 december 2025 — pagina 3" in sources_html([dated])


def test_the_lead_names_every_publisher_quoted_the_first_sentences_first_without_the_source_lists_details() -> None:
    publishers = {
        1: "Ministerie van VWS (eersteenthuis.nl)",
        2: "VNG (Vereniging van Nederlandse Gemeenten)",
        3: "Tweede Kamer / Ministerie van VWS (officielebekendmakingen.nl)",
    }
    mixed = answer().model_copy(
        update={"citations": [c.model_copy(update={"publisher": publishers[c.n]}) for c in answer().citations]}
    )
    assert render_body(mixed).startswith("Volgens Ministerie van VWS en VNG:\n")
    assert render_text(mixed).splitlines()[-2].endswith("— VNG (Vereniging van Nederlandse Gemeenten), pagina 3")
    assert render_body(answer()).startswith("Volgens Uitgever:\n")
    many = answer().model_copy(
        update={
            "sentences": [AnswerSentence(text=f"Zin {n}.", citation=n) for n in range(1, 5)],
            "citations": [
                citation(n, f"Zin {n}.").model_copy(update={"publisher": f"Uitgever {n}"}) for n in range(1, 5)
            ],
        }
    )
    assert render_body(many).startswith("Volgens Uitgever 1, Uitgever 2 en andere bronnen:\n")


def test_a_motions_clauses_stand_on_lines_of_their_own_and_sentences_share_a_paragraph() -> None:
    clauses = [
        "constaterende dat er in meerdere gemeenten Skaeve Huse zijn ontwikkeld;",
        "overwegende dat er veel positieve resultaten geboekt worden;",
    ]
    sentences = ["Eerste zin over wonen.", "Tweede zin over zorg."]
    texts = clauses + sentences
    body = render_body(
        Answer(
            question="Wat vraagt de motie?",
            refused=False,
            sentences=[AnswerSentence(text=text, citation=n) for n, text in enumerate(texts, 1)],
            citations=[citation(n, text, passage=text) for n, text in enumerate(texts, 1)],
        )
    )
    assert body.splitlines()[1:] == [
        "constaterende dat er in meerdere gemeenten Skaeve Huse zijn ontwikkeld; [1]",
        "overwegende dat er veel positieve resultaten geboekt worden; [2]",
        "Eerste zin over wonen. [3] Tweede zin over zorg. [4]",
    ]


def listed_answer(units: list[tuple[str, str]]) -> Answer:
    """An answer quoting `units` (kind, text) of one passage, all cited [1]."""
    return Answer(
        question="Welke?",
        refused=False,
        sentences=[AnswerSentence(text=text, citation=1, kind=kind) for kind, text in units],  # type: ignore[arg-type]
        citations=[citation(1, units[0][1], passage="\n".join(text for _, text in units))],
    )


def test_a_paragraph_after_a_list_stands_apart_and_never_runs_on_in_the_last_item() -> None:
    units = [("sentence", "De principes zijn:"), ("list_item", "1. Wonen"), ("list_item", "2. Zorg")]
    listed = listed_answer([*units, ("sentence", "Ze worden gebruikt als meetlat.")])
    assert render_body(listed).splitlines()[1:] == [
        "De principes zijn:",
        "1. Wonen",
        "2. Zorg",
        "",
        "Ze worden gebruikt als meetlat. [1]",
    ]
    assert "2. Zorg\n\nZe worden" in chat_markdown(listed)


def test_a_paragraph_after_a_list_of_clauses_stands_apart_too() -> None:
    units = [("sentence", "De groepen zijn:"), ("list_item", "a. studenten;"), ("list_item", "b. huurders;")]
    listed = listed_answer([*units, ("sentence", "Gemeenten kunnen meer groepen aanwijzen.")])
    assert "b. huurders;\n\nGemeenten kunnen" in render_body(listed)


def test_a_refusal_links_its_suggested_documents_to_their_source_view() -> None:
    refused = Answer(
        question="Wat?",
        refused=True,
        suggestions=[Suggestion(document_id="doc a/b", title="Titel [x]")],
    )
    text = chat_markdown(refused)
    assert "[Titel \\[x\\]](/bron/doc%20a%2Fb)" in text


def test_a_document_suggested_for_a_passing_mention_opens_at_that_sentence() -> None:
    mention = "Een handreiking over omklapcontracten en intermediaire verhuur."
    refused = Answer(
        question="Wat is een omklapcontract?",
        refused=True,
        suggestions=[Suggestion(document_id="vng", title="Brede aanpak", quote=mention, page=2)],
    )
    assert "(/bron/vng?quote=Een+handreiking+over+omklapcontracten+en+intermediaire+verhuur.&page=2#quote)" in (
        chat_markdown(refused)
    )


def test_one_card_per_passage_holds_every_quote_from_it() -> None:
    html = sources_html(answer().citations, turn=2)
    assert html.count("<article") == 2
    first_card = html.split("</article>")[0]
    assert first_card.count("<mark>") == 2  # both quotes of the first passage, once each
    assert "&lt;b&gt;vet&lt;/b&gt;" in html and "<b>" not in html
    assert "id='tv-src-2-1'" in html and "id='tv-src-2-2'" in html and "id='tv-src-2-3'" in html
    assert "quote=Eerste+zin+over+wonen.&amp;quote=Tweede" in html and "page=3#quote" in html


def test_the_export_lists_the_body_once_and_each_source_once_with_the_date() -> None:
    turn = Turn("Wat?", "Het antwoord. [1]", [citation(1, "Eerste zin over wonen.")], "id")
    text = conversation_markdown([turn], datetime(2026, 3, 5, 9, 7))
    assert "Geëxporteerd op 5 maart 2026, 09:07." in text
    assert text.count("[1] Titel & co") == 1
    assert "  > Eerste zin over wonen." in text


def test_the_document_list_is_searched_filtered_and_sorted() -> None:
    documents = [
        {"id": "a", "title": "Beta", "publisher": "VNG", "date": "2021", "chunks": 3, "is_excerpt": False},
        {"id": "b", "title": "alfa", "publisher": "Rijk", "date": "2024", "chunks": 9, "is_excerpt": True},
    ]
    assert [d["id"] for d in filter_documents(documents)] == ["b", "a"]
    assert [d["id"] for d in filter_documents(documents, sort="date")] == ["b", "a"]
    assert [d["id"] for d in filter_documents(documents, search="vng")] == ["a"]
    assert [d["id"] for d in filter_documents(documents, kind="uittreksel")] == ["b"]
    assert [d["id"] for d in filter_documents(documents, kind="volledig", sort="chunks")] == ["a"]
    # A date in free text sorts by the year it names, not before every date written as one.
    documents.append(
        {"id": "c", "title": "Gamma", "publisher": "VWS", "date": "na najaar 2023", "chunks": 1, "is_excerpt": False}
    )
    assert [d["id"] for d in filter_documents(documents, sort="date")] == ["b", "c", "a"]


def test_a_quote_is_found_across_line_breaks_punctuation_and_link_syntax() -> None:
    source = "Housing First benadrukt het\nrecht op [huisvesting](https://x.nl/a). Verder."
    marked, found = mark_quotes(source, ["Housing First benadrukt het recht op huisvesting."])
    assert found == 1
    html = highlight_markers(f"<p>{marked}</p>")
    assert html.startswith("<p><mark class='tv-quote' id='quote'>Housing First")
    assert html.count("id='quote'") == 1


def test_markdown_is_rendered_without_its_front_matter_and_html_stays_text(tmp_path: Path) -> None:
    path = tmp_path / "doc.md"
    path.write_text(
        "---\ntitle: T\nsource_note: seed document x\n---\n\n# Kop\n\n<script>alert(1)</script>\n\n"
        "![plaatje](https://elders.nl/p.png) Een zin om te citeren.\n\n[klik](javascript:alert(1))\n",
        encoding="utf-8",
    )
    body, found = document_body_html(path, "markdown", None, ["Een zin om te citeren."])
    assert found == 1
    assert "<h1>Kop</h1>" in body
    assert "source_note" not in body and "seed document" not in body
    assert "<script>" not in body and "&lt;script&gt;" in body
    assert "<img" not in body and 'href="javascript' not in body
    assert "<mark class='tv-quote' id='quote'>Een zin om te citeren</mark>" in body


def test_a_quote_is_found_in_a_text_saved_with_decomposed_accents() -> None:
    body, found = document_body_html(
        Path("x.txt"), "text", "Een financie\u0308le bijdrage van het Rijk.", ["Een financiële bijdrage van het Rijk."]
    )
    assert found == 1 and "financiële bijdrage van het Rijk</mark>" in body


def test_a_source_view_link_carries_its_quotes_and_page() -> None:
    assert source_view_link("doc", ["a b", "c&d"], 4) == "/bron/doc?quote=a+b&quote=c%26d&page=4#quote"
    assert source_view_link("doc") == "/bron/doc"


def test_a_run_is_compared_with_the_baseline_set_by_set_and_metric_by_metric_with_its_tolerance(
    tmp_path: Path,
) -> None:
    import json

    from assistant.evaluation.compare import save_baseline
    from assistant.ui.quality import BASELINE, comparison_html, run_choices

    def summary(hit: float, refused: float) -> dict[str, object]:
        metrics = {"hit@5": {"value": hit, "n": 40}, "false_refusal_rate": {"value": refused, "n": 40}}
        return {"questions": 40, "metrics": metrics}

    # The baseline as `assistant eval --update-baseline` writes it: one block per question set.
    baseline = tmp_path / "baseline.json"
    save_baseline({"primary": "blind", "sets": {"blind": summary(0.9, 0.1), "eigen": summary(0.5, 0.3)}}, baseline)
    run = tmp_path / "runs" / "20260101-120000"
    run.mkdir(parents=True)
    sets = {"blind": summary(0.8, 0.05), "eigen": summary(0.6, 0.3)}
    (run / "summary.json").write_text(json.dumps({**sets["blind"], "primary": "blind", "sets": sets}), encoding="utf-8")
    (run / "results.jsonl").write_text("", encoding="utf-8")
    assert run_choices(tmp_path / "runs", baseline) == [
        ("Run 20260101-120000", "20260101-120000"),
        ("Baseline (vastgelegd)", BASELINE),
    ]
    table = comparison_html(tmp_path / "runs", baseline, BASELINE, "20260101-120000")
    blind, eigen = table.split("Blinde set")[1].split("Eigen set")
    assert "Juiste passage in top 5" in blind and "-0.1 (slechter, voorbij de tolerantie)" in blind
    assert "Weigert ten onrechte" in blind and "-0.05 (beter)" in blind
    assert "+0.1 (beter)" in eigen and "+0 (gelijk)" in eigen
    assert "De baseline bewaart geen uitkomst per vraag." in table
    assert "Deze run bestaat niet" in comparison_html(tmp_path / "runs", baseline, BASELINE, "../etc")
    # The baseline on the other side, and a baseline from before question sets (the own set's metrics on top).
    reversed_table = comparison_html(tmp_path / "runs", baseline, "20260101-120000", BASELINE)
    blind = reversed_table.split("Blinde set")[1].split("Eigen set")[0]
    assert "+0.1 (beter)" in blind and "+0.05 (slechter)" in blind and "tolerantie" not in blind
    baseline.write_text(json.dumps({"questions": 40, "metrics": summary(0.5, 0.3)["metrics"]}), encoding="utf-8")
    assert "+0.1 (beter)" in comparison_html(tmp_path / "runs", baseline, BASELINE, "20260101-120000")
    for unreadable in ("{niet af", json.dumps({"questions": 3}), "[1, 2]"):
        (run / "summary.json").write_text(unreadable, encoding="utf-8")
        assert "kan ik niet lezen" in comparison_html(tmp_path / "runs", baseline, BASELINE, "20260101-120000")
