"""The app's error hierarchy: a Dutch message for users, an English one for the operator's log."""

from __future__ import annotations


class AssistantError(Exception):
    """Base error; `user_message` is shown to users, `str(error)` goes to the log."""

    user_message = "Er ging iets mis. Probeer het later opnieuw."

    def __init__(self, operator_message: str, user_message: str | None = None) -> None:
        super().__init__(operator_message)
        if user_message is not None:
            self.user_message = user_message


class IngestError(AssistantError):
    """A file could not be read or indexed."""

    user_message = "Dit bestand kon niet worden verwerkt."


class IndexMissingError(AssistantError):
    """There is no index (or an empty one) to answer from."""

    user_message = "De kennisbank is nog niet geïndexeerd. Voer eerst `assistant ingest` uit."


class IndexUnavailableError(AssistantError):
    """The vector store cannot be reached (e.g. the Chroma server is down)."""

    user_message = "De kennisbank is tijdelijk niet bereikbaar. Probeer het over een moment opnieuw."


class QuestionError(AssistantError):
    """The question cannot be answered as asked (empty, too long, binary)."""

    user_message = "Deze vraag kan ik niet verwerken."
