"""Content-hashed database URLs (plugins/hashed_urls.py), in-process: the route, the
redirects that keep every old link working, and the cache headers."""

import hashlib

import pytest


def expected_route(built_db_path) -> str:
    return "serrano-" + hashlib.sha256(built_db_path.read_bytes()).hexdigest()[:7]


@pytest.fixture
def raw(datasette):
    """Datasette's own client, not following redirects."""
    return datasette._ds.client


@pytest.mark.parametrize("path, rest", [
    ("/serrano", ""),
    ("/serrano/claims", "/claims"),
    ("/serrano/claims.json?_size=1&_facet=property", "/claims.json?_size=1&_facet=property"),
    ("/serrano.json?sql=select+1", ".json?sql=select+1"),
    ("/serrano.db", ".db"),
    ("/serrano-0000000/claims", "/claims"),  # a link made before a rebuild
    ("/serrano/persons/jos%C3%A9", "/persons/jos%C3%A9"),  # the rest of the path exactly as sent
])
async def test_plain_and_old_urls_redirect_to_the_current_hash(raw, built_db_path, path, rest):
    response = await raw.get(path)
    assert response.status_code == 302
    assert response.headers["location"] == f"/{expected_route(built_db_path)}{rest}"
    assert response.headers["cache-control"] == "max-age=60, public"


async def test_a_hashed_page_is_cached_for_a_year_and_other_pages_for_a_minute(raw, built_db_path):
    route = expected_route(built_db_path)
    table = await raw.get(f"/{route}/claims.json?_size=1")
    assert table.status_code == 200 and table.json()["rows"]
    assert table.headers["cache-control"] == "max-age=31536000, public, immutable"
    home = await raw.get("/")
    assert home.status_code == 200 and home.headers["cache-control"] == "max-age=60, public"
    missing = await raw.get(f"/{route}/no_such_table")
    assert missing.status_code == 404 and "immutable" not in missing.headers.get("cache-control", "")


async def test_pages_link_to_the_hashed_route(raw, built_db_path):
    route = expected_route(built_db_path)
    page = await raw.get(f"/{route}/claims")
    assert f'href="/{route}/claims.json' in page.text  # Datasette's links, from the route
    assert 'href="/serrano/' not in page.text and 'href="/serrano.' not in page.text
    home = await raw.get("/")
    assert f'href="/{route}/' in home.text and 'href="/serrano/' not in home.text  # the templates' links


async def test_writes_are_refused_not_redirected(raw):
    response = await raw.post("/serrano/claims", data={})
    assert response.status_code == 405
