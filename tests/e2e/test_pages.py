"""The pages for people over HTTP: served from the repository, under a
content security policy that lets them load nothing from elsewhere, the
keys their rows are labelled by, and the registered queries they ask."""

from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING

import orjson

from service.api.page_queries import PAGE_QUERIES
from service.api.pages import STATIC

if TYPE_CHECKING:
    from starlette.testclient import TestClient

POLICY = "default-src 'self'"


def test_the_timeline_and_the_national_view_are_one_page_served_under_the_policy(client: TestClient) -> None:
    for path in ("/", "/?authority=E08000007&asAt=2012-03-23", "/national?asAt=2025-03-31"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["content-type"].startswith("text/html")
        assert response.headers["content-security-policy"] == POLICY
        assert '<script type="module" src="/static/page/main.js">' in response.text


def test_graphql_answers_and_health_carry_the_policy_too(client: TestClient) -> None:
    answer = client.post("/graphql", json={"query": "{ themes { key } }"})
    assert answer.headers["content-security-policy"] == POLICY
    assert client.get("/healthz").headers["content-security-policy"] == POLICY


def test_every_asset_the_pages_name_is_served_from_this_origin(client: TestClient) -> None:
    for page in ("/", "/graphql"):
        html = client.get(page, headers={"accept": "text/html"}).text
        assets = re.findall(r'<(?:script|link)\b[^>]*\b(?:src|href)="([^"]+)"', html)
        assert assets, page
        for asset in assets:
            assert asset.startswith(("/static/", "/queries/")), f"{page} loads {asset} from elsewhere"
            served = client.get(asset)
            assert served.status_code == 200, asset
            assert served.headers["content-security-policy"] == POLICY


def test_the_page_s_scripts_are_modules_served_as_javascript_and_name_no_other_origin(
    client: TestClient,
) -> None:
    for module in sorted(p.name for p in (STATIC / "page").glob("*.js")):
        served = client.get(f"/static/page/{module}")
        assert served.status_code == 200, module
        assert "javascript" in served.headers["content-type"]
        # The SVG namespace is a name, not an address.
        named = re.findall(r"https?://[^\s\"'`]+", served.text)
        assert set(named) <= {"http://www.w3.org/2000/svg"}, module


def test_graphiql_is_served_from_the_repository_with_no_inline_script(client: TestClient) -> None:
    html = client.get("/graphql", headers={"accept": "text/html"}).text
    assert "unpkg" not in html and "https://" not in html
    assert "<script>" not in html and "<style" not in html
    assert client.get("/static/graphiql/graphiql.min.js").status_code == 200


def test_an_asset_that_does_not_exist_is_a_404(client: TestClient) -> None:
    assert client.get("/static/page/nothing.js").status_code == 404
    assert client.get("/static/../http.py").status_code == 404


def test_the_page_s_queries_are_listed_with_the_hashes_they_run_under_by_get(client: TestClient) -> None:
    listed = client.get("/queries/page.json")
    assert listed.status_code == 200
    assert listed.headers["content-type"] == "application/json"
    assert listed.headers["content-security-policy"] == POLICY
    queries = listed.json()
    assert set(queries) == {p.stem for p in PAGE_QUERIES.glob("*.graphql")}
    for name, query in queries.items():
        assert query["text"] == (PAGE_QUERIES / f"{name}.graphql").read_text()
        assert query["sha256"] == hashlib.sha256(query["text"].encode()).hexdigest()
    picture = queries["Picture"]["sha256"]
    answer = client.get(
        "/graphql",
        params={
            "operationName": "Picture",
            "variables": orjson.dumps({"authority": "E08000007", "asAt": "2012-03-23"}).decode(),
            "extensions": orjson.dumps({"persistedQuery": {"version": 1, "sha256Hash": picture}}).decode(),
        },
    )
    assert answer.status_code == 200, answer.text
    assert len(answer.json()["data"]["picture"]["judgements"]) == 23


def test_the_list_of_the_page_s_queries_is_revalidated_by_its_etag(client: TestClient) -> None:
    listed = client.get("/queries/page.json")
    assert listed.headers["cache-control"] == "no-cache"
    again = client.get("/queries/page.json", headers={"if-none-match": listed.headers["etag"]})
    assert again.status_code == 304
    assert again.content == b""
