"""Knowledge-base management over the admin API, on a real index of its own (upload, replace, delete, edit).

The app and its index are shared by the module; before each test the index holds its one base document again,
so every test sets up what it needs and the tests pass alone and in any order.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from assistant.config import Settings
from tests.conftest import PDF_CREATED, copy_fixture_corpus, make_settings, write_encrypted_pdf, write_pdf

BASE_DOCUMENT = "00_hfnl-principes-van-housing-first.md"
REPORT = "Jaarverslag Zuiderveen.pdf"

TOKEN = "beheer-geheim-123"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
QUESTION = "Hoeveel Housing First-woningen heeft het Zonnehuis in Zuiderveen?"


def zonnehuis_pdf(path: Path, homes: int, created: datetime = PDF_CREATED) -> bytes:
    """A three-page report whose second page alone holds the fact the test asks about (bytes fixed by `created`)."""
    write_pdf(
        path,
        [
            ["Jaarverslag wonen en zorg Zuiderveen 2025", "Inleiding over het beleid van de gemeente Zuiderveen."],
            [
                "Het Zonnehuis in Zuiderveen telt " + str(homes) + " Housing First-woningen voor dakloze inwoners.",
                "Elke bewoner van het Zonnehuis heeft een huurcontract op eigen naam.",
                "De woningen van het Zonnehuis liggen verspreid over drie wijken van Zuiderveen.",
            ],
            ["Bijlage: verantwoording van de cijfers over Zuiderveen."],
        ],
        title="Jaarverslag wonen en zorg Zuiderveen 2025",
        created=created,
    )
    return path.read_bytes()


@pytest.fixture(scope="module")
def admin_settings(tmp_path_factory: pytest.TempPathFactory, embedding_cache: Path) -> Settings:
    from assistant.ingest.pipeline import run_ingest

    root = tmp_path_factory.mktemp("admin")
    settings = make_settings(root, embedding_cache, admin_token=TOKEN)
    copy_fixture_corpus(settings.corpus_dir, [BASE_DOCUMENT])
    run_ingest(settings)
    return settings


@pytest.fixture(scope="module")
def client(admin_settings: Settings) -> Iterator[TestClient]:
    from assistant.server import create_app

    with TestClient(create_app(admin_settings)) as client:
        yield client


@pytest.fixture(autouse=True)
def only_the_base_document(admin_settings: Settings) -> None:
    """Whatever an earlier test added is removed (through the knowledge base, as the admin API would)."""
    from assistant.knowledge_base import remove_document
    from assistant.paths import index_paths
    from assistant.store.writing import open_catalog_for_writing

    catalog = open_catalog_for_writing(index_paths(admin_settings))
    try:
        added = [record.document_id for record in catalog.documents() if record.source_path != BASE_DOCUMENT]
    finally:
        catalog.close()
    for document_id in added:
        remove_document(admin_settings, document_id)
    assert sorted(path.name for path in admin_settings.corpus_dir.iterdir()) == [BASE_DOCUMENT]


def upload(client: TestClient, name: str, content: bytes, **form: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    response = client.post("/api/admin/documents", headers=AUTH, files={"file": (name, content)}, data=form)
    return response.status_code, response.json()


def corpus_listing(settings: Settings) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in settings.corpus_dir.iterdir()}


def cited(client: TestClient, question: str) -> list[dict]:  # type: ignore[type-arg]
    response = client.post("/api/ask", json={"question": question})
    assert response.status_code == 200, response.text
    return response.json()["citations"]  # type: ignore[no-any-return]


def test_admin_routes_need_the_token(client: TestClient) -> None:
    files = {"file": ("a.md", b"# A\n\nTekst.")}
    assert client.post("/api/admin/documents", files=files).status_code == 401
    wrong = {"Authorization": "Bearer fout"}
    assert client.post("/api/admin/documents", files=files, headers=wrong).status_code == 401
    assert client.delete("/api/admin/documents/x", headers=wrong).status_code == 401
    assert client.patch("/api/admin/documents/x", json={"title": "t"}).status_code == 401


def test_without_an_admin_token_the_admin_routes_do_not_exist(app: FastAPI) -> None:
    with TestClient(app) as plain:
        assert plain.post("/api/admin/documents", headers=AUTH, files={"file": ("a.md", b"x")}).status_code == 404


def upload_report(client: TestClient, tmp_path: Path, homes: int = 14, **form: str) -> dict:  # type: ignore[type-arg]
    """Upload the Zuiderveen report as a new document; returns the response body."""
    status, body = upload(client, REPORT, zonnehuis_pdf(tmp_path / f"report-{homes}.pdf", homes), **form)
    assert status == 201, body
    return body


def test_an_uploaded_pdf_is_answerable_and_cited_at_its_page(
    client: TestClient, admin_settings: Settings, tmp_path: Path
) -> None:
    body = upload_report(
        client, tmp_path, publisher="Gemeente Zuiderveen", url="https://zuiderveen.example/jaarverslag"
    )
    assert body["status"] == "indexed"
    document = body["document"]
    assert document["id"] == "jaarverslag-zuiderveen"
    assert document["pages"] == 3 and document["chunks"] >= 1
    assert document["publisher"] == "Gemeente Zuiderveen"
    assert (admin_settings.corpus_dir / "Jaarverslag-Zuiderveen.pdf").is_file()
    citation = next(c for c in cited(client, QUESTION) if "14 Housing First-woningen" in c["quote"])
    assert citation["document_id"] == "jaarverslag-zuiderveen"
    assert citation["page"] == 2
    assert citation["publisher"] == "Gemeente Zuiderveen"


def test_the_same_content_twice_is_no_duplicate(client: TestClient, admin_settings: Settings, tmp_path: Path) -> None:
    upload_report(client, tmp_path)
    before = client.get("/api/documents").json(), corpus_listing(admin_settings)
    status, body = upload(client, "kopie.pdf", zonnehuis_pdf(tmp_path / "kopie.pdf", 14))
    assert status == 200 and body["status"] == "duplicate"
    assert body["document"]["id"] == "jaarverslag-zuiderveen"
    assert (client.get("/api/documents").json(), corpus_listing(admin_settings)) == before


def test_a_pdf_saved_again_has_other_bytes_but_the_same_text_and_is_no_duplicate(
    client: TestClient, admin_settings: Settings, tmp_path: Path
) -> None:
    upload_report(client, tmp_path)
    before = client.get("/api/documents").json(), corpus_listing(admin_settings)
    saved_again = zonnehuis_pdf(tmp_path / "opnieuw.pdf", 14, created=datetime(2026, 1, 5, 9, 30, tzinfo=UTC))
    assert saved_again != (admin_settings.corpus_dir / "Jaarverslag-Zuiderveen.pdf").read_bytes()
    status, body = upload(client, "jaarverslag (1).pdf", saved_again)
    assert status == 200 and body["status"] == "duplicate", body
    assert body["document"]["id"] == "jaarverslag-zuiderveen"
    assert (client.get("/api/documents").json(), corpus_listing(admin_settings)) == before


def test_a_file_whose_name_would_take_another_documents_id_is_refused_and_the_other_stays(
    client: TestClient, admin_settings: Settings
) -> None:
    first = "---\ntitle: Beleid Alfa\n---\n\nDe gemeente Alfadorp biedt elke dakloze inwoner snel een woning.\n"
    status, body = upload(client, "beleid-alfa.md", first.encode())
    assert status == 201, body
    before = corpus_listing(admin_settings)
    status, body = upload(client, "Beleid-Alfa.txt", b"Beleid Beta\n\nDe gemeente Betastad opende 37 plekken.\n")
    assert status == 422 and "andere naam" in body["detail"]
    assert corpus_listing(admin_settings) == before
    assert client.get("/api/documents/beleid-alfa").json()["title"] == "Beleid Alfa"


def test_a_new_version_replaces_the_old_text(client: TestClient, tmp_path: Path) -> None:
    upload_report(client, tmp_path, publisher="Gemeente Zuiderveen")
    status, body = upload(client, REPORT, zonnehuis_pdf(tmp_path / "v2.pdf", 22))
    assert status == 201 and body["status"] == "replaced"
    assert body["document"]["publisher"] == "Gemeente Zuiderveen"  # the sidecar's metadata stays
    quotes = " ".join(c["passage"] for c in cited(client, QUESTION))
    assert "22 Housing First-woningen" in quotes
    assert "14 Housing First-woningen" not in quotes


def test_editing_metadata_changes_citations_without_reindexing(
    client: TestClient, admin_settings: Settings, tmp_path: Path
) -> None:
    from assistant.ingest.pipeline import plan_ingest
    from assistant.paths import index_paths
    from assistant.store.writing import open_catalog_for_writing

    upload_report(client, tmp_path)
    response = client.patch(
        "/api/admin/documents/jaarverslag-zuiderveen", headers=AUTH, json={"title": "Jaarverslag 2025 (herzien)"}
    )
    assert response.status_code == 200, response.text
    assert response.json()["title"] == "Jaarverslag 2025 (herzien)"
    assert client.get("/api/documents/jaarverslag-zuiderveen").json()["title"] == "Jaarverslag 2025 (herzien)"
    assert any(c["title"] == "Jaarverslag 2025 (herzien)" for c in cited(client, QUESTION))
    catalog = open_catalog_for_writing(index_paths(admin_settings))
    try:
        plan, _ = plan_ingest(admin_settings, catalog)
    finally:
        catalog.close()
    assert plan.is_noop


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("../x.pdf", b"%PDF-1.4\n"),
        ("..\\x.md", b"# x"),
        ("foto.pdf", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4),
        ("notities.md", b"PK\x03\x04" + bytes(range(256)) * 4),
        ("programma.exe", b"MZ\x90\x00"),
        ("leeg.txt", b""),
    ],
)
def test_bad_files_are_refused_with_a_dutch_reason_and_nothing_changes(
    client: TestClient, admin_settings: Settings, name: str, content: bytes
) -> None:
    before = corpus_listing(admin_settings), client.get("/api/documents").json()
    status, body = upload(client, name, content)
    assert status == 422, body
    assert isinstance(body["detail"], str) and len(body["detail"]) > 10
    assert (corpus_listing(admin_settings), client.get("/api/documents").json()) == before


def test_an_encrypted_pdf_is_refused_and_nothing_changes(
    client: TestClient, admin_settings: Settings, tmp_path: Path
) -> None:
    before = corpus_listing(admin_settings)
    status, body = upload(client, "geheim.pdf", write_encrypted_pdf(tmp_path / "geheim.pdf").read_bytes())
    assert status == 422
    assert "wachtwoord" in body["detail"]
    assert corpus_listing(admin_settings) == before


def test_a_deleted_document_is_gone_from_answers_and_disk(
    client: TestClient, admin_settings: Settings, tmp_path: Path
) -> None:
    upload_report(client, tmp_path, publisher="Gemeente Zuiderveen")
    assert (admin_settings.corpus_dir / "Jaarverslag-Zuiderveen.pdf.yaml").exists()
    assert client.delete("/api/admin/documents/jaarverslag-zuiderveen", headers=AUTH).status_code == 204
    assert not (admin_settings.corpus_dir / "Jaarverslag-Zuiderveen.pdf").exists()
    assert not (admin_settings.corpus_dir / "Jaarverslag-Zuiderveen.pdf.yaml").exists()
    assert all(c["document_id"] != "jaarverslag-zuiderveen" for c in cited(client, QUESTION))
    assert client.get("/api/documents/jaarverslag-zuiderveen").status_code == 404
    assert client.delete("/api/admin/documents/jaarverslag-zuiderveen", headers=AUTH).status_code == 404
