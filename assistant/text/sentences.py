"""Dutch sentence boundaries with character offsets, from the Punkt model llama-index ships."""

from __future__ import annotations

import importlib.util
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nltk.tokenize.punkt import PunktTokenizer

# Abbreviations common in Dutch policy texts that Punkt's Dutch model does not know, titles before a name among them
# ("Oprichtster van de Preventie Alliantie prof. Judith Wolf gaat …" was cut after "prof.").
DUTCH_ABBREVIATIONS = {
    "art",
    "artt",
    "bijv",
    "bv",
    "blz",
    "ca",
    "d.w.z",
    "dhr",
    "dr",
    "drs",
    "e.a",
    "e.d",
    "enz",
    "etc",
    "evt",
    "excl",
    "i.p.v",
    "i.s.m",
    "incl",
    "ing",
    "ir",
    "jo",
    "kst",
    "m.b.t",
    "m.u.v",
    "mevr",
    "min",
    "mln",
    "mld",
    "mrd",
    "mr",
    "mw",
    "nl",
    "nr",
    "o.a",
    "o.b.v",
    "o.l.v",
    "p.p",
    "pag",
    "prof",
    "resp",
    "stb",
    "stcrt",
    "t.a.v",
    "t.b.v",
    "t.g.v",
    "t.o.v",
    "t/m",
    "vgl",
    "vs",
    "z.s.m",
    "zgn",
    "ggz",
    "jl",
    # and the short months of a date ("Op 1 jan. 2024 …"), and a few more of letters to parliament
    "jan",
    "feb",
    "mrt",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "okt",
    "nov",
    "dec",
    "i.v.m",
    "n.a.v",
    "d.d",
    "m.n",
    "vnl",
    "max",
    "ong",
    "t.z.t",
}

# A footnote marker right after a sentence's full stop ("… in Nederland.1 In negen regio's …"): Punkt sees no
# boundary there, so two sentences would be quoted as one, marker and all. The sentence ends at its full stop
# and the marker belongs to no sentence, so it is never quoted. Wikipedia's "… dakloos zou worden.[1]" is one too:
# Punkt hands the "[1]" to the next sentence, which would then open with it. A sentence may end in a year ("… op 22 en
# 28 april 2020.4 Met Een (t)huis …", a letter to parliament), never in a section number ("artikel 2.1 van de wet").
FOOTNOTE_MARK = re.compile(
    r"(?:(?<=[^\W\d_][.!?])|(?<=\b(?:19|20)\d\d\.))\d{1,2}(?=\s+[^\W\d_]*[A-ZÀ-Þ]|\s*$)"
    r"|(?<=[.!?])(?:\[\d{1,3}\])+(?=\s|$)"
)

# A title before a name ends no sentence, though Punkt ends one before a name opening like a sentence ("ir. De Boer",
# "mr. Van Dijk"), nor does an abbreviation that introduces what follows ("Dit zijn o.a. De Key en Ymere."): a
# sentence that ends in one runs on into the next.
TITLE_END = re.compile(
    r"(?<!\w)(prof|dr|drs|mr|ir|ing|dhr|mevr|mw|o\.a|t\.a\.v|m\.b\.t|i\.v\.m|n\.a\.v|bijv|d\.d)\.$", re.IGNORECASE
)


@lru_cache(maxsize=1)
def _tokenizer() -> PunktTokenizer:
    # Imported here: importing nltk costs about 2 s (it pulls in scipy and scikit-learn), which a no-change
    # re-ingest and the start of `serve` need not pay.
    import nltk
    from nltk.tokenize.punkt import PunktTokenizer

    # llama-index ships NLTK's Punkt tables; pointing NLTK at them avoids any download.
    spec = importlib.util.find_spec("llama_index.core")
    assert spec is not None and spec.origin is not None, "llama-index-core is a dependency"
    cache = str(Path(spec.origin).parent / "_static" / "nltk_cache")
    if cache not in nltk.data.path:
        nltk.data.path.insert(0, cache)
    tokenizer = PunktTokenizer("dutch")
    tokenizer._params.abbrev_types.update(DUTCH_ABBREVIATIONS)
    return tokenizer


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) offsets of the sentences of `text`, whitespace and footnote markers excluded."""
    spans: list[tuple[int, int]] = []
    for start, end in _tokenizer().span_tokenize(text):
        cursor = start
        for mark in FOOTNOTE_MARK.finditer(text, start, end):
            if mark.start() > cursor:
                spans.append((cursor, mark.start()))
            cursor = mark.end()
            while cursor < end and text[cursor].isspace():
                cursor += 1
        if cursor < end:
            if spans and TITLE_END.search(text, spans[-1][0], spans[-1][1]):
                spans[-1] = (spans[-1][0], end)
            else:
                spans.append((cursor, end))
    return spans


def split_sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in sentence_spans(text)]
