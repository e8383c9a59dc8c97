"""Questions: validation with Dutch messages, and follow-ups resolved against the conversation."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from assistant.errors import QuestionError
from assistant.text.analyzer import STOPWORDS, Analyzer

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")
FOLLOW_UP_OPENERS = ("en ", "maar ", "ook ", "of ", "dus ", "en?", "waarom", "hoe dan", "wat dan")
ANAPHORA = {
    "dat",
    "die",
    "deze",
    "dit",
    "daar",
    "daarvan",
    "daarbij",
    "daarvoor",
    "daarmee",
    "daaraan",
    "hij",
    "zij",
    "ze",
    "het",
    "hun",
    "hen",
    "er",
    "ervan",
    "erbij",
    "ervoor",
    "zo'n",
    "zulke",
    "dezelfde",
    "diezelfde",
}
FOLLOW_UP_MAX_CONTENT_WORDS = 3
# Dutch pronominal adverbs point back too: "daaronder", "hiervoor", "erbij".
PRONOMINAL_ADVERB = re.compile(
    r"^(daar|hier|er)(aan|achter|bij|binnen|buiten|door|in|langs|mee|na|naast|om|onder|op|over|tegen|toe|tussen|uit|"
    r"van|voor|zonder)$"
)


def validate_question(question: str, max_chars: int) -> str:
    """The question, trimmed; raises QuestionError with a Dutch message when it cannot be answered."""
    if not isinstance(question, str):
        raise QuestionError("question is not text", "Stel uw vraag als tekst.")
    text = question.strip()
    if not text:
        raise QuestionError("empty question", "Uw vraag is leeg. Typ een vraag over de aanpak van dakloosheid.")
    if len(text) > max_chars:
        raise QuestionError(
            f"question of {len(text)} characters exceeds {max_chars}",
            f"Uw vraag is te lang ({len(text)} tekens). Houd het bij maximaal {max_chars} tekens.",
        )
    controls = len(CONTROL.findall(text))
    letters = sum(1 for char in text if unicodedata.category(char).startswith("L"))
    if controls > 0 or letters < max(1, len(text) // 4):
        raise QuestionError(
            "question looks like binary data or has no words",
            "Ik kan deze vraag niet lezen. Typ een vraag in gewone tekst.",
        )
    return " ".join(text.split())


def is_follow_up(question: str) -> bool:
    """A question that leans on the previous turn: it opens with 'en …' or points back with few own words."""
    lowered = question.lower().strip()
    words = Analyzer.words(lowered)
    if lowered.startswith(FOLLOW_UP_OPENERS) or any(PRONOMINAL_ADVERB.match(word) for word in words):
        return True
    pointing = [word for word in words if word in ANAPHORA]
    content = [word for word in words if word not in STOPWORDS and word not in pointing and len(word) > 2]
    return len(content) <= FOLLOW_UP_MAX_CONTENT_WORDS and bool(pointing)


def retrieval_query(question: str, history: Sequence[str]) -> str:
    """What to search for: a follow-up is combined with the last question that was not one itself."""
    if not history or not is_follow_up(question):
        return question
    anchor = next((turn for turn in reversed(history) if not is_follow_up(turn)), history[-1])
    return f"{anchor} {question}"
