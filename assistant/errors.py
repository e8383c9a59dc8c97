"""The app's error hierarchy: a Dutch message for users, an English one for the operator's log.

Each class knows the HTTP status it means, so the API maps the whole tree with one handler.
"""

from __future__ import annotations


class AssistantError(Exception):
    """Base error; `user_message` is shown to users, `str(error)` goes to the log."""

    user_message = "Er ging iets mis. Probeer het later opnieuw."
    status_code = 500

    def __init__(self, operator_message: str, user_message: str | None = None) -> None:
        super().__init__(operator_message)
        if user_message is not None:
            self.user_message = user_message


class IngestError(AssistantError):
    """A file could not be read or indexed."""

    user_message = "Dit bestand kon niet worden verwerkt."
    status_code = 422


class SkippedFile(IngestError):
    """A file that ingest passes over, with the reason in Dutch (`user_message`)."""


class IndexBusyError(IngestError):
    """Another ingest holds the index lock."""

    user_message = "Er loopt al een indexering; probeer het straks opnieuw."
    status_code = 409


class IndexUnwritableError(IngestError):
    """The index dir is read-only or full; nothing was changed."""

    user_message = (
        "De kennisbank kan nu niet worden bijgewerkt (de opslag is vol of alleen-lezen); er is niets gewijzigd."
    )
    status_code = 507


class IndexMissingError(AssistantError):
    """There is no index (or an empty one) to answer from."""

    user_message = "De kennisbank is nog niet geïndexeerd. Voer eerst `assistant ingest` uit."
    status_code = 503


class IndexUnavailableError(AssistantError):
    """The vector store cannot be reached (e.g. the Chroma server is down)."""

    user_message = "De kennisbank is tijdelijk niet bereikbaar. Probeer het over een moment opnieuw."
    status_code = 503


class QuestionError(AssistantError):
    """The question cannot be answered as asked (empty, too long, binary)."""

    user_message = "Deze vraag kan ik niet verwerken."
    status_code = 422


class NotFoundError(AssistantError):
    """A document, answer or report that does not exist."""

    user_message = "Dit staat niet in de kennisbank."
    status_code = 404


class SchemaVersionError(AssistantError):
    """A SQLite file of a schema version this program cannot use: newer than it knows, or older on a read-only open."""

    user_message = "De opslag van Thuisvraag heeft een versie die dit programma niet kan lezen."
    status_code = 503
