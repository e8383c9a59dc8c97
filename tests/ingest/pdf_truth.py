"""Scoring the units read from a fixture PDF against its ground truth (tests/fixtures/pdf/NAME.json).

.venv/bin/python -m tests.ingest.pdf_truth      # one line of figures per fixture
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "pdf"
NAMES = ["libreoffice-handreiking", "reportlab-preventie", "fpdf2-besluit"]
SPACE_BEFORE_PUNCTUATION = re.compile(r"\s[.,;:!?]")
# A word cut at a line end and not joined: "bie- den" (an elided compound, "zorg- en", is Dutch).
TOC_LEADERS = re.compile(r"\.{4,}\s*\d+$")  # a table of contents line: its dots are no punctuation
SPLIT_WORD = re.compile(r"[a-zà-ÿ]-\s+(?!(?:en|of|tot|als)\b)[a-zà-ÿ]")


def fold(text: str) -> str:
    return " ".join(text.split())


def truth(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


@dataclass
class Score:
    sentences: int
    found: int
    on_page: int
    page_end_right: int
    headings: int
    headings_found: int
    headings_false: list[str]
    spaces_before_punctuation: list[str]
    split_words: list[str]
    items: int
    items_whole: int
    boilerplate: int
    boilerplate_quotable: list[str]

    @property
    def recall(self) -> float:
        return self.found / self.sentences

    def line(self, name: str) -> str:
        return (
            f"{name:26} recall {self.found}/{self.sentences} = {self.recall:.1%}; on their page {self.on_page}/"
            f"{self.found} (end page right {self.page_end_right}/{self.found}); headings {self.headings_found}/"
            f"{self.headings} found, {len(self.headings_false)} false; spaces before punctuation "
            f"{len(self.spaces_before_punctuation)}; words split at a hyphen {len(self.split_words)}; list items "
            f"whole {self.items_whole}/{self.items}; boilerplate quotable {len(self.boilerplate_quotable)}/"
            f"{self.boilerplate}"
        )


def score(units: list[Any], expected: dict[str, Any]) -> Score:
    """`units` are assistant.documents.Unit (any version: page_end is optional)."""
    texts = [fold(unit.text) for unit in units]
    found = on_page = page_end_right = 0
    for sentence in expected["sentences"]:
        wanted = fold(sentence["text"])
        holder = next((unit for unit, text in zip(units, texts, strict=True) if wanted in text), None)
        if holder is None:
            continue
        found += 1
        on_page += holder.page == sentence["page"]
        page_end = getattr(holder, "page_end", None) or holder.page
        page_end_right += page_end == sentence["page_end"]
    title = fold(expected["title"])
    wanted_headings = {fold(heading["text"]) for heading in expected["headings"]} - {title}
    got_headings = [fold(unit.text) for unit in units if unit.kind == "heading"]
    items_whole = sum(
        any(fold(item["text"]) == text or fold(item["text"]).split(" ", 1)[1] == text for text in texts)
        for item in expected["list_items"]
    )
    quotable = [
        line
        for line in expected["boilerplate"]
        if any(fold(line) in text for unit, text in zip(units, texts, strict=True) if unit.kind != "boilerplate")
    ]
    return Score(
        sentences=len(expected["sentences"]),
        found=found,
        on_page=on_page,
        page_end_right=page_end_right,
        headings=len(wanted_headings),
        headings_found=len(wanted_headings & set(got_headings)),
        headings_false=[text for text in got_headings if text not in wanted_headings and text != title],
        spaces_before_punctuation=[
            text
            for unit, text in zip(units, texts, strict=True)
            if unit.kind != "boilerplate" and SPACE_BEFORE_PUNCTUATION.search(text) and not TOC_LEADERS.search(text)
        ],
        split_words=[text for text in texts if SPLIT_WORD.search(text)],
        items=len(expected["list_items"]),
        items_whole=items_whole,
        boilerplate=len(expected["boilerplate"]),
        boilerplate_quotable=quotable,
    )


def read_units(name: str) -> list[Any]:
    from assistant.ingest.clean import clean_pages
    from assistant.ingest.read import read_document
    from assistant.ingest.segment import segment_pages

    document = read_document(FIXTURES / f"{name}.pdf", name, 10**8, 1000)
    return segment_pages(clean_pages(document.pages), document.meta.title)


def main() -> None:
    for name in NAMES:
        print(score(read_units(name), truth(name)).line(name))


if __name__ == "__main__":
    main()
