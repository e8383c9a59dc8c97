"""Judge metrics (faithfulness, answer relevancy) asked of an OpenAI-compatible language model, when one is set."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from llama_index.core.evaluation import AnswerRelevancyEvaluator, FaithfulnessEvaluator
from llama_index.core.prompts import PromptTemplate

from assistant.config import Settings

if TYPE_CHECKING:
    from llama_index.core.llms import LLM

log = logging.getLogger(__name__)

# llama-index's evaluators parse "yes" and "[RESULT] n" from the reply, so those tokens stay as they are.
FAITHFULNESS_PROMPT = PromptTemplate(
    "Beoordeel of een stuk informatie wordt ondersteund door de context.\n"
    "Antwoord uitsluitend met YES of NO.\n"
    "Antwoord YES als de context de informatie ondersteunt, ook als het grootste deel van de context "
    "er niets mee te maken heeft. Antwoord NO als de context de informatie niet ondersteunt.\n\n"
    "Informatie: {query_str}\n"
    "Context: {context_str}\n"
    "Antwoord: "
)
FAITHFULNESS_REFINE_PROMPT = PromptTemplate(
    "We willen weten of deze informatie in de context staat: {query_str}\n"
    "Het voorlopige antwoord (YES of NO) is: {existing_answer}\n"
    "Hieronder volgt meer context.\n"
    "------------\n"
    "{context_msg}\n"
    "------------\n"
    "Was het voorlopige antwoord YES, antwoord dan YES. Staat de informatie in de nieuwe context, "
    "antwoord dan YES. Anders NO.\n"
)
RELEVANCY_PROMPT = PromptTemplate(
    "Beoordeel of het antwoord relevant is voor de vraag. Beantwoord stap voor stap:\n"
    "1. Gaat het antwoord over het onderwerp van de vraag?\n"
    "2. Gaat het antwoord in op wat de vraag precies wil weten?\n"
    "Elke vraag is 1 punt waard. Geef eerst een korte toelichting en sluit af met exact deze vorm: "
    "'[RESULT] gevolgd door het totaal aantal punten'.\n\n"
    "Vraag: \n {query}\n"
    "Antwoord: \n {response}\n"
    "Toelichting:"
)


@dataclass(frozen=True)
class JudgeVerdict:
    """Scores in [0, 1]; None where the judge gave no usable verdict."""

    faithfulness: float | None
    answer_relevancy: float | None


class AnswerJudge:
    """Asks a language model whether an answer is supported by its passages and answers the question."""

    def __init__(self, llm: LLM, model_name: str) -> None:
        self.model_name = model_name
        self.faithfulness = FaithfulnessEvaluator(
            llm=llm, eval_template=FAITHFULNESS_PROMPT, refine_template=FAITHFULNESS_REFINE_PROMPT
        )
        self.relevancy = AnswerRelevancyEvaluator(llm=llm, eval_template=RELEVANCY_PROMPT)

    def judge(self, question: str, answer: str, passages: Sequence[str]) -> JudgeVerdict:
        """Verdicts on the answer body (`render_body`: without its list of sources) against the cited passages."""
        body = answer.strip()
        faithful = self.faithfulness.evaluate(query=question, response=body, contexts=list(passages))
        relevant = self.relevancy.evaluate(query=question, response=body)
        return JudgeVerdict(
            faithfulness=faithful.score,
            answer_relevancy=None if relevant.invalid_result else min(1.0, relevant.score or 0.0),
        )


def judge_from_settings(settings: Settings) -> AnswerJudge | None:
    """The judge for the configured endpoint, or None when no language model is configured."""
    if not settings.judge_base_url:
        return None
    from llama_index.llms.openai_like import OpenAILike

    model = settings.judge_model or "judge"
    llm = OpenAILike(
        model=model,
        api_base=settings.judge_base_url,
        api_key=settings.judge_api_key,
        is_chat_model=True,
        context_window=8192,
        temperature=0.0,
        max_retries=1,
        timeout=settings.judge_timeout_s,
    )
    log.info("judge metrics from %s (model %s)", settings.judge_base_url, model)
    return AnswerJudge(llm, model)
