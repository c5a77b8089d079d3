"""Pages bounded by design (README, *Performance*): the caps are reached, and each leads to all of them.

The home page lists at most 20 of the record subject's sources, conflicts and findings (and counts the
rest of the record), the timeline at most 100 dated terms, each with a link to the complete list.  The seeds have 3 sources, 8 conflicts, 8
findings and 10 terms, so no other test reaches a cap.  This one builds, with the real build,
the synthetic corpus at 10x the seeds (benchmarks/generate_corpus.py: 30 sources, 29 conflicts)
plus one fictional official whose article's infobox lists 105 dated posts, 25 of them ending
before they start (each a start_before_end finding), plus a fictional article about the record's
subject in 21 revisions, whose infobox lists 24 posts, each ending before it starts and starting on
another day in odd and even revisions (for him, 21 more sources, 24 more conflicts, one per post's start,
and start_before_end findings: 24, 32 and 56 of his in all), and serves it with the real server.
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


# The record's subject (the seeds' person) and a fictional article about him, in SUBJECT_REVISIONS revisions.
SUBJECT_ID, SUBJECT_NAME = "jose-serrano-salgado", "José Serrano Salgado"
SUBJECT_POSTS, SUBJECT_REVISIONS = 24, 21


def subject_article(revision: int) -> str:
    """A rendering-B revision about the record's subject listing SUBJECT_POSTS fictional posts.

    Every post ends (1 February) before it starts, and starts on 1 March in odd revisions and on 1 April in even
    ones: each post is one conflict (its start date) and start_before_end findings, all of them his."""
    month = "March" if revision % 2 else "April"
    lines = [f"= {SUBJECT_NAME} =", "", SUBJECT_NAME]
    for k in range(1, SUBJECT_POSTS + 1):
        lines += [f"- Office{k}: Inspector of Test Province {k}", f"- Term Start{k}: 1 {month} {1900 + k}",
                  f"- Term End{k}: 1 February {1900 + k}"]
    return "\n".join(lines + ["", f"{SUBJECT_NAME} is described here by a fictional article of the test suite.",
                              "", "==Career==", f"Revision {revision} of an article that disagrees with itself.", ""])


def add_source(data, manifest: dict, source_id: str, text: str, about: str, document: str, revision: int,
               title: str) -> None:
    path = data / "sources" / f"{source_id}.txt"
    path.write_text(text, encoding="utf-8")
    manifest["sources"].append({
        "id": source_id, "file": f"sources/{path.name}", "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "kind": "wikipedia_revision", "title": title, "publisher": "Test suite", "language": "en", "license": None,
        "notes": "A fictional document written for the test suite.", "about": about, "document": document,
        "revision": revision})


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
    manifest = yaml.safe_load((data / "sources.yml").read_text(encoding="utf-8"))
    add_source(data, manifest, f"{OFFICIAL}-b", official_article(), OFFICIAL, f"{OFFICIAL}-wikipedia", 1,
               "Tomás Ejemplo, Wikipedia (fictional)")
    for revision in range(1, SUBJECT_REVISIONS + 1):
        add_source(data, manifest, f"{SUBJECT_ID}-fiction-{revision}", subject_article(revision), SUBJECT_ID,
                   f"{SUBJECT_ID}-fiction", revision, f"{SUBJECT_NAME}, a fictional article, revision {revision}")
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


# The home page is about the record's subject (issue 28): its lists hold his sources, conflicts and findings, at
# most HOME_CAP each, and a line counts the rest of the record. "His", written here apart from the template: about
# him (person_id), or held by no person and stated by a source about him. The fictional article about him gives him
# more than HOME_CAP of each, so each list is cut at the cap and says so with a link to all of them.
SUBJECT = "(select id from persons where is_record_subject = 1)"
HIS_SOURCES = f"select id from sources where about = {SUBJECT}"
HIS = {
    "sources": HIS_SOURCES,
    "conflicts": f"select id from source_conflicts where person_id = {SUBJECT} or (person_id is null and id in "
                 f"(select conflict_id from conflict_claims where source_id in ({HIS_SOURCES})))",
    "findings": f"select id from consistency_findings where person_id = {SUBJECT} or (person_id is null and id in "
                f"(select finding_id from finding_claims where source_id in ({HIS_SOURCES})))",
}


def his_list_on_home(html: str, db, what: str, listed: list[str]) -> tuple[set[str], str]:
    """His items of one kind and the href of the "more" link below the list, which must be cut at the cap."""
    his = {row[0] for row in db.execute(HIS[what])}
    assert len(his) > HOME_CAP, f"the fixture gives the subject {len(his)} {what}: the cap is not reached"
    assert len(listed) == len(set(listed)) == HOME_CAP, what
    assert set(listed) <= his, f"the home page lists {what} that are not his"
    more = re.search(r'<p class="more">Showing (\d+) of his (\d+)[^<]*<a href="([^"]+)">all of them',
                     html[html.index(listed[-1]):])
    assert more, f"no link to all his {what} below the list"
    assert (int(more.group(1)), int(more.group(2))) == (HOME_CAP, len(his)), what
    return his, unescape(more.group(3))


def test_the_home_page_lists_his_sources_and_counts_the_others(large_site):
    base, db = large_site
    html = get(f"{base}/", timeout=30).text
    cards = re.findall(r'<div class="card source-card" data-source="([^"]+)"', html)
    his, more = his_list_on_home(html, db, "sources", cards)
    assert rows_behind(base, more) == len(his)
    others = count(db, f"select count(*) from documents where about is null or about != {SUBJECT}")
    assert others > 0
    assert re.search(rf'id="other-documents-count"[^>]*>{others:,}<', html)
    assert re.search(r'<a href="/persons">', html), "the other people are one click away"


def test_the_home_page_lists_his_conflicts_and_counts_the_others(large_site):
    base, db = large_site
    html = get(f"{base}/", timeout=30).text
    listed = re.search(r'<ul id="conflict-list">(.*?)</ul>', html, re.S).group(1)
    ids = re.findall(r'<li><a href="/conflicts/([^"]+)"', listed)
    his_ids, more = his_list_on_home(html, db, "conflicts", ids)
    # The link leads to his page, whose conflict list holds every one of them.
    person_page = get(urljoin(base + "/", more.split("#")[0]), timeout=30).text
    section = re.search(r'<div class="folded-list" id="person-conflicts">(.*?)</div>', person_page, re.S).group(1)
    assert set(re.findall(r'<li><a href="/conflicts/([^"]+)"', section)) == his_ids
    his = len(his_ids)
    assert re.search(rf'id="conflicts-count"[^>]*>{his}<', html)
    others = count(db, "select count(*) from source_conflicts") - his
    assert others > HOME_CAP
    assert re.search(rf'id="other-conflicts-count"[^>]*>{others:,}<', html)


def test_the_home_page_lists_his_findings_and_counts_the_others(large_site):
    base, db = large_site
    html = get(f"{base}/", timeout=30).text
    listed = re.search(r'<ul id="finding-list">(.*?)</ul>', html, re.S).group(1)
    ids = re.findall(r'<li><a href="/findings/([^"]+)"', listed)
    his, more = his_list_on_home(html, db, "findings", ids)
    assert rows_behind(base, more) == len(his)
    others = count(db, "select count(*) from consistency_findings") - count(db, f"select count(*) from ({HIS['findings']})")
    assert others > HOME_CAP
    assert re.search(rf'id="other-findings-count"[^>]*>{others:,}<', html)


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
