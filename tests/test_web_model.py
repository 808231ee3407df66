"""The web app over a real analysis of the sample book, and a merge made through the review
form that changes the dossier at once (re-clustered from the parse cache)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from dossier.web import create_app

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def client(sample_run: Any) -> TestClient:
    _, outdir = sample_run
    return TestClient(create_app(Path(outdir) / "dossier.db"))


def test_web_model_every_entity_and_chapter_page_renders(
    sample_run: Any, client: TestClient
) -> None:
    analysis, _ = sample_run
    for entity in analysis.entities:
        page = client.get(f"/entity/{entity.id}")
        assert page.status_code == 200, entity.id
        assert client.get(f"/api/entities/{entity.id}").json()["id"] == entity.id
    for document in analysis.documents:
        page = client.get(f"/read/{document.id}").text
        linked = set(re.findall(r'class="mention[^"]*" id="m-\d+" data-entity="([^"]+)"', page))
        assert linked, document.id
    for url in ("/", "/index", "/network", "/review", "/api/network", "/api/chapters"):
        assert client.get(url).status_code == 200, url


def test_web_model_variant_search_leads_to_its_person(sample_run: Any, client: TestClient) -> None:
    analysis, _ = sample_run
    person = next(e for e in analysis.entities if e.type == "PER" and len(e.aliases) > 2)
    variant = next(a for a in person.aliases if a != person.name and " " not in a)
    holders = [e for e in analysis.entities if variant in e.aliases or e.name == variant]
    response = client.get("/search", params={"q": variant}, follow_redirects=False)
    if len(holders) == 1:
        assert response.status_code == 303
        assert response.headers["location"].startswith(f"/entity/{person.id}")
    else:
        assert f'href="/entity/{person.id}"' in response.text


def test_web_model_network_has_people_and_positions(client: TestClient) -> None:
    data = client.get("/api/network").json()
    assert data["nodes"] and all("x" in n and "y" in n for n in data["nodes"])
    assert any(e["cooccurrence"] for e in data["edges"])


def test_web_model_merge_through_the_review_form(sample_run: Any, nlp: Any, tmp_path: Path) -> None:
    analysis, outdir = sample_run
    book = tmp_path / "book"
    shutil.copytree(outdir, book)  # the database and its parse cache
    client = TestClient(create_app(book / "dossier.db", nlp=nlp))
    people = sorted(
        (e for e in analysis.entities if e.type == "PER" and e.aliases and not e.narrator),
        key=lambda e: -len(e.mentions),
    )
    first, second = people[0], people[1]
    before = client.get(f"/entity/{first.id}").text
    assert f'data-alias="{second.name}"' not in before
    page = client.get("/review").text
    token = re.search(r'name="csrf" value="([^"]+)"', page)
    assert token is not None
    response = client.post(
        "/review/merge", data={"csrf": token.group(1), "a": first.name, "b": second.name}
    )
    assert response.status_code == 200
    message = re.search(r'id="message" class="message ok"[^>]*>(.*?)</p>', response.text, re.S)
    assert message is not None, response.text[:2000]
    link = re.search(r'<a class="entity-link" href="(/entity/[^"]+)"', message.group(1))
    assert link is not None
    merged = client.get(link.group(1)).text
    variants = re.search(r'<ul id="variants".*?</ul>', merged, re.S)
    assert variants is not None
    assert f'data-alias="{first.name}"' in variants.group()
    assert f'data-alias="{second.name}"' in variants.group()
    assert client.get("/api/entities").json()["total"] == len(analysis.entities) - 1
    decisions = client.get("/review").text
    assert "merge" in decisions and second.name in decisions


def test_web_model_rename_from_the_dossier_page(sample_run: Any, nlp: Any, tmp_path: Path) -> None:
    analysis, outdir = sample_run
    book = tmp_path / "book"
    shutil.copytree(outdir, book)
    client = TestClient(create_app(book / "dossier.db", nlp=nlp))
    person = next(e for e in analysis.entities if e.type == "PER" and e.aliases)
    page = client.get(f"/entity/{person.id}").text
    form = re.search(r'<form id="entity-rename".*?</form>', page, re.S)
    assert form is not None
    token = re.search(r'name="csrf" value="([^"]+)"', form.group())
    assert token is not None
    response = client.post(
        "/review/rename", data={"csrf": token.group(1), "name": person.id, "new": "Zed Quorum"}
    )
    assert 'class="message ok"' in response.text, response.text[:2000]
    found = client.get("/search", params={"q": "Zed Quorum"}, follow_redirects=False)
    assert found.status_code == 303
    assert '<h1 id="name">Zed Quorum</h1>' in client.get(found.headers["location"]).text
