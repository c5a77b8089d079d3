"""Pages bounded by design (README, *Performance*): the caps are reached, and each leads to all of them.

The home page lists at most 20 sources, 20 conflicts and 20 findings, the timeline at most 100
dated terms, each with a link to the complete list.  The seeds have 3 sources, 6 conflicts, 3
findings and 10 terms, so no other test reaches a cap.  This one builds, with the real build,
the synthetic corpus at 10x the seeds (benchmarks/generate_corpus.py: 30 sources, 29 conflicts)
plus one fictional official whose article's infobox lists 105 dated posts, 25 of them ending
before they start (each a start_before_end finding), and serves it with the real server.
"""

import hashlib
import re
import shutil
import sqlite3
import subprocess
import sys
from html import unescape
from urllib.parse import urljoin

import pytest
import yaml

from conftest import ROOT, get, serve_config_dir

HOME_CAP, TIMELINE_CAP = 20, 100
OFFICIAL, POSTS, BACKWARDS = "tomas-ejemplo", 105, 25


def official_article() -> str:
    """A rendering-B article whose infobox lists POSTS posts; the first BACKWARDS end before they start."""
    lines = ["= Tomás Ejemplo =", "", "Tomás Ejemplo"]
    for k in range(1, POSTS + 1):
        end = 1799 + k if k <= BACKWARDS else 1801 + k
        lines += [f"- Office{k}: Commissioner of District {k}", f"- Term Start{k}: 1 March {1800 + k}",
                  f"- Term End{k}: 1 February {end}"]
    return "\n".join(lines + ["", "Tomás Ejemplo is a fictional official of the test suite who held many posts.",
                              "", "==Career==", "He held one district after another.", ""])


@pytest.fixture(scope="module")
def large_site(tmp_path_factory):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import generate_corpus  # noqa: E402  (benchmarks/ is not a package)

    site = tmp_path_factory.mktemp("large-site")
    data = generate_corpus.generate(10, site / "data")
    persons = data / "vocabularies" / "persons.yml"
    vocabulary = yaml.safe_load(persons.read_text(encoding="utf-8"))
    vocabulary["persons"].append({"id": OFFICIAL, "name": "Tomás Ejemplo", "aliases": ["Ejemplo"]})
    persons.write_text(yaml.safe_dump(vocabulary, allow_unicode=True, sort_keys=False), encoding="utf-8")
    article = data / "sources" / f"{OFFICIAL}-b.txt"
    article.write_text(official_article(), encoding="utf-8")
    manifest = yaml.safe_load((data / "sources.yml").read_text(encoding="utf-8"))
    manifest["sources"].append({
        "id": f"{OFFICIAL}-b", "file": f"sources/{article.name}", "sha256": hashlib.sha256(article.read_bytes()).hexdigest(),
        "kind": "wikipedia_revision", "title": "Tomás Ejemplo, Wikipedia (fictional)", "publisher": "Test suite",
        "language": "en", "license": None, "notes": "A fictional document written for the test suite.",
        "about": OFFICIAL, "document": f"{OFFICIAL}-wikipedia", "revision": 1})
    (data / "sources.yml").write_text(yaml.safe_dump(manifest, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "build.cli", "--data", str(data), "--out", str(site / "serrano.db"),
                             "--quiet"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    for name in ("metadata.yml", "settings.json"):
        shutil.copy(ROOT / name, site / name)
    for folder in ("templates", "plugins"):
        shutil.copytree(ROOT / folder, site / folder, ignore=shutil.ignore_patterns("__pycache__"))
    with serve_config_dir(site) as base, sqlite3.connect(f"file:{site / 'serrano.db'}?mode=ro", uri=True) as db:
        yield base, db


def count(db, sql: str, params=()) -> int:
    return db.execute(sql, params).fetchone()[0]


def more_link(html: str, what: str) -> tuple[int, int, str]:
    """From 'Showing N of M <what>: <a href=...>all of them</a>': (N, M, the link)."""
    named = f" {what}" if what else ""
    found = re.search(r'<p class="more">Showing (\d+) of (\d+)' + named + r':\s*<a href="([^"]+)">all of them', html)
    assert found, f"no 'all of them' link for {what}"
    return int(found.group(1)), int(found.group(2)), unescape(found.group(3))


def rows_behind(base: str, href: str) -> int:
    """How many rows the table or query a link leads to holds (all of them, not one page)."""
    url = urljoin(base + "/", href)
    path, _, query = url.partition("?")
    data = get(f"{path}.json?{query}&_shape=objects&_size=max" if query else f"{path}.json?_shape=objects&_size=max",
               timeout=30).json()
    return data["filtered_table_rows_count"] if "filtered_table_rows_count" in data else len(data["rows"])


def test_the_fixture_exceeds_every_cap(large_site):
    _, db = large_site
    assert count(db, "select count(*) from sources") > HOME_CAP
    assert count(db, "select count(*) from source_conflicts") > HOME_CAP
    assert count(db, "select count(*) from consistency_findings") > HOME_CAP
    assert count(db, "select count(*) from terms where person_id = ? and start_earliest is not null",
                 [OFFICIAL]) == POSTS > TIMELINE_CAP


def test_the_home_page_lists_20_sources_and_links_to_all_of_them(large_site):
    base, db = large_site
    html = get(f"{base}/", timeout=30).text
    cards = re.findall(r'<div class="card source-card" data-source="([^"]+)"', html)
    total = count(db, "select count(*) from sources")
    assert len(cards) == len(set(cards)) == HOME_CAP
    assert set(cards) <= {row[0] for row in db.execute("select id from sources")}
    shown, stated, href = more_link(html, "sources")
    assert (shown, stated) == (HOME_CAP, total)
    assert rows_behind(base, href) == total


def test_the_home_page_lists_20_conflicts_and_links_to_all_of_them(large_site):
    base, db = large_site
    html = get(f"{base}/", timeout=30).text
    listed = re.search(r'<ul id="conflict-list">(.*?)</ul>', html, re.S).group(1)
    ids = re.findall(r'<li><a href="/conflicts/([^"]+)"', listed)
    total = count(db, "select count(*) from source_conflicts")
    assert len(ids) == len(set(ids)) == HOME_CAP
    assert set(ids) <= {row[0] for row in db.execute("select id from source_conflicts")}
    assert re.search(rf'id="conflicts-count"[^>]*>{total}<', html)
    shown, stated, href = more_link(html, "conflicts")
    assert (shown, stated) == (HOME_CAP, total)
    assert rows_behind(base, href) == total


def test_the_home_page_lists_20_findings_and_links_to_all_of_them(large_site):
    base, db = large_site
    html = get(f"{base}/", timeout=30).text
    listed = re.search(r'<ul id="finding-list">(.*?)</ul>', html, re.S).group(1)
    ids = re.findall(r'<li><a href="/findings/([^"]+)"', listed)
    total = count(db, "select count(*) from consistency_findings")
    assert len(ids) == len(set(ids)) == HOME_CAP
    shown, stated, href = more_link(html, "")  # "Showing 20 of 28: all of them"
    assert (shown, stated) == (HOME_CAP, total)
    assert rows_behind(base, href) == total


def test_the_timeline_draws_the_earliest_100_terms_and_links_to_all_of_them(large_site):
    base, db = large_site
    html = get(f"{base}/timeline?person={OFFICIAL}", timeout=30).text
    wide = re.search(r'<svg id="timeline" class="timeline-wide".*?</svg>', html, re.S).group(0)
    bars = re.findall(r'<g class="term" data-term="([^"]+)"', wide)
    earliest = [row[0] for row in db.execute(
        "select id from terms where person_id = ? and start_earliest is not null order by start_earliest, id",
        [OFFICIAL])]
    assert bars == earliest[:TIMELINE_CAP]
    found = re.search(r'Showing the first (\d+) of (\d+) dated terms:\s*<a href="([^"]+)">all of them in order', html)
    assert found, "no link to all the terms"
    assert (int(found.group(1)), int(found.group(2))) == (TIMELINE_CAP, POSTS)
    assert rows_behind(base, unescape(found.group(3))) == POSTS
