"""Pages that stay short however large the record grows, in Chromium at 1366x900 and at 390 px.

Every page a reader meets (the home page, /persons, a person, the largest comparison of two revisions, the
largest conflict and finding, the source with the most claims, /about, the timeline, every table, every canned
query, a claim's row): at 1366x900 none is taller than five screens and the first data row of every table page
is above 400 px; at 390 px none scrolls sideways; every tab title comes from metadata.yml's titles or the
page's own words, never SQL. /persons lists every person with their counts, linked from the home page, and the
home page lists only the record subject's conflicts and findings.

The same checks run on the seeds (`make test`) and on the synthetic corpus at 1,000x the seeds
(`make test-scale`, marker `scale`: building that corpus takes minutes; tests/conftest.py's site_1000x builds it
once a session). Screenshots of the main pages go to test-artifacts/. Every expected value is read from the
database or metadata.yml.
"""

from __future__ import annotations

import re
import sqlite3
from urllib.parse import urlsplit

import httpx
import pytest
import yaml

from conftest import DB_PATH, ROOT, PageWatch, screenshot

METADATA = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))
SITE_TITLE = METADATA["title"]
TABLES = METADATA["databases"]["serrano"]["tables"]
QUERIES = METADATA["databases"]["serrano"]["queries"]
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
MAX_SCREENS = 5
FIRST_ROW_BELOW = 400  # px from the top of a table page at 1366x900
SQL_WORDS = re.compile(r"\bselect\b|\bwith \w+ as \(", re.I)  # a saved query's SQL as its title
# The pages a reader meets first: screenshot at both sizes.
SHOWN = ("home", "persons-index", "person", "compare", "claims", "conflicts-query", "source")


def query(db_path, sql, params=()):
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as conn:
        conn.row_factory = sqlite3.Row
        return conn.execute(sql, params).fetchall()


def one(db_path, sql, params=()):
    return query(db_path, sql, params)[0][0]


def pages_to_check(base: str, db_path) -> list[tuple[str, str, str]]:
    """(path, kind, name): the worst case of each custom page, as benchmarks/pages.py chooses it, and every table,
    view and canned query Datasette lists."""
    subject = one(db_path, "select id from persons where is_record_subject = 1")
    busiest = one(db_path, "select person_id from terms group by person_id order by count(*) desc, person_id limit 1")
    pair = query(db_path, "select from_source_id, to_source_id from revision_changes group by 1, 2 "
                          "order by count(*) desc, 1, 2 limit 1")[0]
    conflict = one(db_path, "select conflict_id from conflict_claims group by 1 order by count(*) desc, 1 limit 1")
    finding = one(db_path, "select finding_id from finding_claims group by 1 order by count(*) desc, 1 limit 1")
    source = one(db_path, "select source_id from claims group by 1 order by count(*) desc, 1 limit 1")
    claim = one(db_path, "select id from claims order by length(quote) desc, id limit 1")
    pages = [("/", "custom", "home"), ("/persons", "custom", "persons-index"), (f"/persons/{subject}", "custom", "person"),
             (f"/persons/{busiest}", "custom", "busiest-person"), (f"/revisions/{pair[0]}/{pair[1]}", "custom", "compare"),
             (f"/conflicts/{conflict}", "custom", "conflict"), (f"/findings/{finding}", "custom", "finding"),
             (f"/sources/{source}", "custom", "source"), ("/about", "custom", "about"), ("/timeline", "custom", "timeline"),
             ("/serrano", "database", "database"), (f"/serrano/claims/{claim}", "row", "claim-row")]
    listing = httpx.get(f"{base}/serrano.json", follow_redirects=True).json()
    tables = [t["name"] for t in listing["tables"] if not t["hidden"]] + [v["name"] for v in listing["views"]]
    pages += [(f"/serrano/{table}", "table", table) for table in tables if table not in QUERIES]
    pages += [(f"/serrano/{name}", "query", f"{name}-query") for name in QUERIES]
    pages.append(("/serrano/search?q=Castell%C3%B3n", "query", "search-castellon"))
    return pages


def expected_title(path: str, kind: str) -> str | None:
    """How the tab title of a table or query page begins: its title in metadata.yml."""
    name = urlsplit(path).path.split("/")[2] if path.count("/") >= 2 else None
    if kind == "table":
        return (TABLES.get(name) or {}).get("title") or name
    if kind == "query":
        return QUERIES[name]["title"]
    return None


def check_every_page(browser, base: str, db_path, prefix: str) -> None:
    problems = []
    pages = pages_to_check(base, db_path)
    for viewport in (DESKTOP, PHONE):
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        watch = PageWatch(page, block=False)
        for path, kind, name in pages:
            errors_before = len(watch.errors)
            response = page.goto(base + path)
            if response.status != 200:
                problems.append(f"{path}: {response.status}")
                continue
            if len(watch.errors) > errors_before:  # named with its page, before the sizes
                problems.append(f"{path} at {viewport['width']} px: {watch.errors[errors_before:]}")
            height = page.evaluate("document.documentElement.scrollHeight")
            width = page.evaluate("document.documentElement.scrollWidth")
            title = page.title()
            where = f"{path} at {viewport['width']} px"
            if viewport is DESKTOP:
                if height > MAX_SCREENS * DESKTOP["height"]:
                    problems.append(f"{where}: {height} px tall, over {MAX_SCREENS} screens")
                if kind == "table" and page.locator("table.rows-and-columns tbody tr").count():
                    top = page.locator("table.rows-and-columns tbody tr").first.evaluate(
                        "r => r.getBoundingClientRect().top + window.scrollY")
                    if top >= FIRST_ROW_BELOW:
                        problems.append(f"{where}: the first data row is at {top:.0f} px")
                beginning = expected_title(path, kind)
                if beginning and not title.startswith(beginning):
                    problems.append(f"{where}: the title {title!r} does not begin with {beginning!r}")
                if not title.strip() or SQL_WORDS.search(title) or (path != "/" and not title.endswith(SITE_TITLE)):
                    problems.append(f"{where}: the title {title!r} is not the page's name and the site's")
            if width > viewport["width"]:
                problems.append(f"{where}: {width} px wide, it scrolls sideways")
            if name in SHOWN:
                screenshot(page, f"{prefix}{viewport['width']}-{name}")
        context.close()
        assert watch.outside == [], f"requests left 127.0.0.1: {watch.outside}"
    assert problems == [], "\n".join(problems)


def check_persons_index(page, base: str, db_path) -> None:
    """/persons from the home page: every person on one of its pages, the subject first, each count right."""
    page.goto(base + "/")
    page.locator("#rest-of-record a[href='/persons']").click()
    page.wait_for_url("**/persons")
    total = one(db_path, "select count(*) from persons")
    assert page.inner_text("#persons-total") == f"{total:,} person" + ("" if total == 1 else "s")
    rows = page.locator("#persons-list tr[data-person]")
    assert rows.first.get_attribute("data-person") == one(db_path, "select id from persons where is_record_subject = 1")
    assert rows.count() == min(total, 50)
    shown = set()
    while True:
        for row in rows.all():
            person = row.get_attribute("data-person")
            shown.add(person)
            counts = query(db_path, "select (select count(*) from terms where person_id = :p) as terms, "
                                    "claims_count, documents_count, "
                                    "(select count(*) from source_conflicts where person_id = :p) + "
                                    "(select count(*) from source_conflicts c where c.person_id is null and exists "
                                    " (select 1 from conflict_claims cc join sources s on s.id = cc.source_id "
                                    "  where cc.conflict_id = c.id and s.about = :p)) as conflicts, "
                                    "(select count(*) from claims where value_person_id = :p) as named "
                                    "from persons where id = :p", {"p": person})[0]
            for column in ("terms", "claims", "documents", "conflicts"):
                value = counts["claims_count" if column == "claims" else "documents_count" if column == "documents"
                               else column] or 0
                assert row.locator(f"td.count-{column}").inner_text() == str(value), (person, column)
            named = row.locator("td.count-named").inner_text()
            assert named == (f"{counts['named']:,} claim" + ("" if counts["named"] == 1 else "s")
                             if counts["named"] else "no claim"), person
        following = page.locator("#persons-pages a[rel='next']")
        if not following.count() or len(shown) >= 150:  # at 1,000x: the first three pages
            break
        following.click()
        page.wait_for_load_state("load")
    assert len(shown) == min(total, 150)
    # A name found from the search box.
    name = one(db_path, "select name from persons where is_record_subject = 0 order by name limit 1")
    page.goto(base + "/persons")
    page.fill("#persons-q", name)
    page.locator("form.persons-search input[type=submit]").click()
    page.wait_for_url("**q=**")
    assert name in page.locator("#persons-list").inner_text()


def check_home_lists_only_the_subjects_record(page, base: str, db_path) -> None:
    subject = one(db_path, "select id from persons where is_record_subject = 1")
    page.goto(base + "/")
    listed = [h.rsplit("/", 1)[1] for h in page.locator("#conflict-list a[href^='/conflicts/']").evaluate_all(
        "els => els.map(a => a.getAttribute('href'))")]
    assert listed
    for conflict in listed:
        person, from_his_sources = query(db_path, "select c.person_id, exists (select 1 from conflict_claims cc join "
                                                  "sources s on s.id = cc.source_id where cc.conflict_id = c.id and "
                                                  "s.about = :s) from source_conflicts c where c.id = :c",
                                         {"s": subject, "c": conflict})[0]
        assert person == subject or (person is None and from_his_sources), conflict
    for finding in page.locator("#finding-list a[href^='/findings/']").evaluate_all(
            "els => els.map(a => a.getAttribute('href').split('/').pop())"):
        assert one(db_path, "select person_id from consistency_findings where id = ?", [finding]) in (subject, None)


# --- on the seeds: make test ------------------------------------------------------------------------------

@pytest.mark.browser
def test_every_page_fits_at_both_sizes_on_the_seeds(browser, live_server):
    check_every_page(browser, live_server, DB_PATH, "fit-")


@pytest.mark.browser
def test_the_persons_index_from_home_counts_every_person(watched_page, live_server):
    page, _ = watched_page
    check_persons_index(page, live_server, DB_PATH)
    screenshot(page, "persons-found")


@pytest.mark.browser
def test_the_home_page_lists_only_the_subjects_conflicts_and_findings(watched_page, live_server):
    page, _ = watched_page
    check_home_lists_only_the_subjects_record(page, live_server, DB_PATH)


# --- at 1,000x the seeds: make test-scale -------------------------------------------------------------------

@pytest.mark.scale
def test_every_page_fits_at_both_sizes_at_1000x(browser, site_1000x):
    base, db_path = site_1000x
    assert one(db_path, "select count(*) from persons") > 1000
    check_every_page(browser, base, db_path, "scale-fit-")


@pytest.mark.scale
def test_the_persons_index_and_the_home_page_at_1000x(browser, site_1000x):
    base, db_path = site_1000x
    page = browser.new_page(viewport=DESKTOP)
    watch = PageWatch(page)
    check_home_lists_only_the_subjects_record(page, base, db_path)
    # Other people's conflicts exist, and the home page names them only as a count.
    others = one(db_path, "select count(*) from source_conflicts where person_id != "
                          "(select id from persons where is_record_subject = 1)")
    assert others > 1000
    page.goto(base + "/")
    assert page.inner_text("#other-conflicts-count").replace(",", "").isdigit()
    check_persons_index(page, base, db_path)
    screenshot(page, "scale-persons-found")
    watch.assert_clean()
    page.close()
