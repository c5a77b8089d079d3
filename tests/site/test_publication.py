"""The publication as people use it: a journalist's eight questions, in Chromium, on a desktop and at 390 px.

One test per problem of the issue "complete downloads, data first, every id a link, plain words":
downloads that are complete or say they are a page, tables that show their rows first, ids that lead
to the page a reader wants, canned queries that open on their form and results, an about page in plain
words linked from every page, titles that carry no disputed value, charts that compare like with like and
draw on first load, custom pages that fit 390 px with claim details reachable by tap and keyboard, and
the small things (the IPU bullet, CSV as a download, a licence footer everywhere).  Every expected value
is read from the database or metadata.yml, never written out by hand.
"""

import csv
import io
import re
import sqlite3
from urllib.parse import parse_qsl, unquote, urlsplit

import pytest
import yaml

from conftest import DB_PATH, ROOT, PageWatch, screenshot, wait_for_chart

pytestmark = pytest.mark.browser
METADATA = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))
QUERIES = METADATA["databases"]["serrano"]["queries"]
TABLES = METADATA["databases"]["serrano"]["tables"]
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
INTERIOR_START = "terms-jose-serrano-salgado-minister-of-the-interior-1-start-date"


def query(sql, params=()):
    with sqlite3.connect(DB_PATH) as conn:
        conn.row_factory = sqlite3.Row
        return conn.execute(sql, params).fetchall()


def one(sql, params=()):
    return query(sql, params)[0][0]


def path_of(href: str) -> str:
    """Where a link leads, with the database's content-hashed route written as /serrano
    (tests/serving/test_hashed_urls.py checks the route itself)."""
    parts = urlsplit(href)
    path = re.sub(r"^/serrano-[0-9a-f]{7}(?=[/.?]|$)", "/serrano", unquote(parts.path))
    return path + (f"#{unquote(parts.fragment)}" if parts.fragment else "")


@pytest.fixture
def phone_page(browser):
    """A 390 px wide touch screen, watched like every other page (no outside request, no JS error)."""
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True, device_scale_factor=2)
    page = context.new_page()
    watch = PageWatch(page)
    yield page
    watch.assert_clean()
    context.close()


def custom_pages():
    conflicts = [row[0] for row in query("select id from source_conflicts order by id")]
    sources = [row[0] for row in query("select id from sources order by id")]
    findings = [row[0] for row in query("select id from consistency_findings order by id")]
    pair = query("select from_source_id, to_source_id from revision_changes limit 1")[0]
    subject = one("select id from persons where is_record_subject = 1")
    return (["/", "/about", "/timeline", f"/persons/{subject}", f"/revisions/{pair[0]}/{pair[1]}"]
            + [f"/conflicts/{c}" for c in conflicts] + [f"/sources/{s}" for s in sources]
            + [f"/findings/{f}" for f in findings])


# --- 1. downloads: complete, or plainly a page with the full download beside it -------------------------

def test_1_the_claims_downloads_are_complete_or_say_they_are_a_page(watched_page, live_server, tmp_path):
    page, _ = watched_page
    page.set_viewport_size(DESKTOP)
    total = one("select count(*) from claims")
    page.goto(live_server + "/serrano/claims")
    downloads = page.locator(".export-links")
    page_link = downloads.locator("a[data-download='page']")
    assert page_link.count() == 1 and "this page" in page_link.inner_text()
    assert f"{total:,}" in downloads.inner_text()
    for name, link in (("claims-table", downloads.locator("a[data-download='all']", has_text="CSV")),
                       ("home", None)):
        if link is None:
            page.goto(live_server + "/")
            link = page.locator("#queries a[data-download='all']", has_text="CSV")
        with page.expect_download() as info:
            link.click()
        saved = tmp_path / f"{name}.csv"
        info.value.save_as(saved)
        assert info.value.suggested_filename.endswith(".csv")
        rows = list(csv.DictReader(io.StringIO(saved.read_text(encoding="utf-8"))))
        assert len(rows) == total, name
        assert {row["id"] for row in rows} == {r[0] for r in query("select id from claims")}
    screenshot(page, "p1-home-downloads")


# --- 2. tables show data first --------------------------------------------------------------------------

@pytest.mark.parametrize("table", ["claims", "terms", "source_conflicts"])
def test_2_tables_show_their_rows_on_the_first_screen_with_column_docs_one_click_away(watched_page, live_server, table):
    page, _ = watched_page
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server}/serrano/{table}")
    first_row = page.locator("table.rows-and-columns tbody tr").first
    assert first_row.bounding_box()["y"] < DESKTOP["height"], "the first row is below the first screen"
    docs = page.locator("dl.column-descriptions")
    assert not docs.is_visible(), "column documentation is in the way of the rows"
    page.locator("details.table-docs summary").click()
    assert docs.is_visible()
    documented = METADATA["databases"]["serrano"]["tables"][table]["columns"]
    assert docs.locator("dt").count() == len(documented)
    lead = page.locator(".table-lead").inner_text()
    assert len(re.findall(r"[.!?](\s|$)", lead)) <= 2, "the description above the rows is a sentence or two"
    screenshot(page, f"p2-table-{table}")


def test_2_claims_lead_with_what_a_reader_needs_and_a_claims_quote_is_on_screen(watched_page, live_server):
    page, _ = watched_page
    page.set_viewport_size(DESKTOP)
    page.goto(live_server + "/serrano/claims")
    headers = [h.strip().split()[0] for h in page.locator("table.rows-and-columns thead th").all_inner_texts()]
    assert headers[:6] == ["id", "subject_name", "property", "value_raw", "quote", "source_id"]
    claim = query("select id, quote from claims where method = 'curated' order by length(quote) desc limit 1")[0]
    page.goto(f"{live_server}/serrano/claims/{claim['id']}")
    quote = page.locator("td.col-quote")
    box = quote.bounding_box()
    assert box["y"] < DESKTOP["height"] and box["x"] + box["width"] <= DESKTOP["width"], box
    assert " ".join(quote.inner_text().split()) == " ".join(claim["quote"].split())
    assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]
    screenshot(page, "p2-claim-row")


# --- 3. every id is a link to the page a reader wants --------------------------------------------------

def hrefs(locator):
    return [path_of(h) for h in locator.evaluate_all("els => els.map(a => a.href)")]


def test_3_conflict_ids_lead_to_the_conflict_page(watched_page, live_server):
    page, _ = watched_page
    conflicts = {row[0] for row in query("select id from source_conflicts")}
    page.goto(live_server + "/serrano/source_conflicts")
    linked = {h for h in hrefs(page.locator("table.rows-and-columns a")) if h.startswith("/conflicts/")}
    assert linked == {f"/conflicts/{c}" for c in conflicts}
    page.goto(f"{live_server}/serrano/source_conflicts/{INTERIOR_START}")
    assert f"/conflicts/{INTERIOR_START}" in hrefs(page.locator(".content a"))
    subject = one("select person_id from source_conflicts where id = ?", [INTERIOR_START])
    person = page.locator("td.col-person_id a")
    assert path_of(person.get_attribute("href")) == f"/persons/{subject}"
    assert person.inner_text() == one("select name from persons where id = ?", [subject])
    screenshot(page, "p3-conflict-row")


def test_3_the_conflicts_query_links_each_conflict_and_each_claims_place(watched_page, live_server):
    page, _ = watched_page
    page.goto(live_server + "/serrano/conflicts")
    rows = query(QUERIES["conflicts"]["sql"], {"kind": "", "source": ""})
    conflict_links = hrefs(page.locator("td.col-conflict_id a"))
    claim_links = hrefs(page.locator("td.col-claim_id a"))
    assert conflict_links == [f"/conflicts/{r['conflict_id']}" for r in rows]
    assert claim_links == [f"/sources/{r['source_id']}#claim-{r['claim_id']}" for r in rows]
    page.locator("td.col-claim_id a").first.click()
    page.wait_for_url(f"**/sources/{rows[0]['source_id']}#claim-{rows[0]['claim_id']}")
    assert rows[0]["claim_id"] in page.locator("mark.claim.current").first.get_attribute("data-claims").split()
    screenshot(page, "p3-claim-place")


def test_3_row_pages_name_and_link_people_offices_sources_and_terms(watched_page, live_server):
    page, _ = watched_page
    term = query("select t.id, t.person_id, p.name as person, t.office_id, o.name as office from terms t "
                 "join persons p on p.id = t.person_id join offices o on o.id = t.office_id order by t.id limit 1")[0]
    page.goto(f"{live_server}/serrano/terms/{term['id']}")
    person = page.locator("td.col-person_id a")
    assert person.inner_text() == term["person"] and path_of(person.get_attribute("href")) == f"/persons/{term['person_id']}"
    office = page.locator("td.col-office_id a")
    assert office.inner_text() == term["office"]
    assert path_of(office.get_attribute("href")) == f"/serrano/offices/{term['office_id']}"
    claim = query("select id, source_id, term_id, person_id from claims where term_id is not null and method = 'curated' "
                  "order by id limit 1")[0]
    page.goto(f"{live_server}/serrano/claims/{claim['id']}")
    assert path_of(page.locator("td.col-source_id a").get_attribute("href")) == f"/sources/{claim['source_id']}"
    assert path_of(page.locator("td.col-id a").get_attribute("href")) == f"/sources/{claim['source_id']}#claim-{claim['id']}"
    assert path_of(page.locator("td.col-person_id a").get_attribute("href")) == f"/persons/{claim['person_id']}"
    term_link = page.locator("td.col-term_id a")
    assert term_link.inner_text() == one("select name from terms where id = ?", [claim["term_id"]])
    # A fact's claims, a finding's claims: each claim id leads to its place in the source.
    fact = query("select id, claim_ids from facts where claims_count > 1 order by id limit 1")[0]
    page.goto(f"{live_server}/serrano/facts/{fact['id']}")
    places = hrefs(page.locator("td.col-claim_ids a"))
    assert len(places) == len(fact["claim_ids"].split()) and all(p.startswith("/sources/") and "#claim-" in p for p in places)
    finding = one("select finding_id from finding_claims order by finding_id limit 1")
    page.goto(f"{live_server}/serrano/finding_claims?finding_id={finding}")
    assert f"/findings/{finding}" in hrefs(page.locator("td.col-finding_id a"))
    screenshot(page, "p3-finding-claims")


def test_3_search_results_lead_to_their_place_in_the_source(watched_page, live_server):
    page, _ = watched_page
    page.goto(live_server + "/serrano/search?q=Castell%C3%B3n")
    places = hrefs(page.locator("td.col-id a"))
    assert places and all(re.match(r"^/sources/[a-z0-9-]+#(char-\d+|claim-.+)$", p) for p in places)
    page.locator("td.col-id a").first.click()
    page.wait_for_url("**/sources/**#*")
    assert page.locator("#source-text .target, mark.claim.current").count() >= 1


# --- 4. canned queries open on their form and results ---------------------------------------------------

@pytest.mark.parametrize("name", sorted(QUERIES))
def test_4_a_canned_query_opens_on_its_form_and_results_with_the_sql_one_click_away(watched_page, live_server, name):
    page, _ = watched_page
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server}/serrano/{name}")
    assert page.locator("pre#sql-query:visible, textarea#sql-editor:visible, .CodeMirror:visible").count() == 0
    show = page.locator(".show-hide-sql a")
    assert show.count() == 1
    show.click()
    page.wait_for_load_state("load")
    assert page.locator("pre#sql-query, .CodeMirror").first.is_visible()


def test_4_search_is_on_the_first_screen_one_row_a_passage_with_highlighted_words(watched_page, live_server):
    page, _ = watched_page
    page.set_viewport_size(DESKTOP)
    page.goto(live_server + "/serrano/search")
    assert page.locator("input[name='q']").bounding_box()["y"] < 600
    page.fill("input[name='q']", "Castellón")
    page.locator("form.sql input[type='submit']").click()
    page.wait_for_url("**q=Castell**")
    table = page.locator("table.rows-and-columns")
    assert "**" not in table.inner_text()
    marks = table.locator("td.col-snippet mark").all_inner_texts()
    assert marks and all(m.lower() in ("castellón", "castellon") for m in marks)
    sentences = one("select count(*) from passages where kind = 'sentence' and text like '%Castellón%'")
    assert table.locator("tbody tr").count() == sentences, "one row per matching sentence"
    screenshot(page, "p4-search")


# --- 5. an about page in plain words, linked from every page --------------------------------------------

def resolution_rules():
    docstring = (ROOT / "build" / "compare" / "resolve.py").read_text(encoding="utf-8")
    return re.findall(r"^- ``(\w+)``:", docstring, flags=re.M)


def test_5_the_about_page_says_every_word_in_plain_words(watched_page, live_server):
    page, _ = watched_page
    page.goto(live_server + "/about")
    for anchor in ("claim", "fact", "side", "conflict", "finding", "within-source", "inferred",
                   "verdict-agree", "verdict-refines", "verdict-conflicts"):
        assert page.locator(f"[id='{anchor}']").count() == 1, anchor
    rules = resolution_rules()
    assert {"agreed", "most_precise", "most_documents", "most_claims", "tie_most_precise"} <= set(rules)
    for rule in rules:
        definition = page.locator(f"[id='rule-{rule}'] + dd").inner_text()
        assert len(definition.split(". ")) <= 3 and len(definition) > 20, rule
    comparison_rules = query("select distinct rule from claim_comparisons")
    assert comparison_rules
    for row in comparison_rules:
        assert page.locator(f"[id='compare-{row[0]}']").count() == 1, row[0]
    consistency_rules = query("select id, description from consistency_rules")
    assert consistency_rules
    for row in consistency_rules:
        # The checks are folded (/about#check-<id> opens them): their words are in the page, shown on a click.
        check = page.locator(f"[id='check-{row['id']}'] + dd")
        assert row["description"] in check.text_content()
    screenshot(page, "p5-about")


def test_5_every_page_links_to_the_about_page_and_jargon_is_explained(watched_page, live_server):
    page, _ = watched_page
    subject = one("select id from persons where is_record_subject = 1")
    for path in ["/", "/serrano", "/serrano/claims", "/serrano/conflicts", "/serrano/claims/a-lead-interior-start",
                 f"/conflicts/{INTERIOR_START}", "/sources/wikipedia-b", "/timeline", f"/persons/{subject}"]:
        page.goto(live_server + path)
        assert "/about" in hrefs(page.locator("footer a")), path
    # The conflict page: sides and the comparisons' verdicts and rules are linked to their definitions.
    page.goto(f"{live_server}/conflicts/{INTERIOR_START}")
    assert page.locator("section.side h2 a[href='/about#side']").count() == page.locator("section.side").count() > 0
    assert page.locator("table.comparisons tbody tr").count() > 0
    for cell in page.locator("table.comparisons td a").all():
        assert path_of(cell.get_attribute("href")).startswith("/about#")
    assert page.locator("table.comparisons td a").count() == 2 * page.locator("table.comparisons tbody tr").count()
    # Table pages: every rule, verdict and resolution rule shown is a link to its definition.
    page.goto(live_server + "/serrano/claim_comparisons")
    for column, prefix in (("rule", "/about#compare-"), ("verdict", "/about#verdict-")):
        cells = page.locator(f"td.col-{column}")
        assert cells.count() > 0
        assert all(path_of(h).startswith(prefix) for h in hrefs(page.locator(f"td.col-{column} a")))
        assert page.locator(f"td.col-{column} a").count() == cells.count()
    page.goto(live_server + "/serrano/terms?_columns=all")  # the rules are not among the usual columns
    assert all(path_of(h).startswith("/about#rule-") for h in hrefs(page.locator("td.col-start_date_rule a")))
    assert page.locator("td.col-start_date_rule a").count() == one("select count(start_date_rule) from terms")
    screenshot(page, "p5-terms-rules")


# --- 6. labels that do not mislead ---------------------------------------------------------------------

PLURAL_NOUNS = "conflict|claim|source|value|side|document|finding|change|sentence|row|term|award"


def number_disagreements(text: str) -> list[str]:
    singular_many = re.findall(rf"\b(?:0|[2-9]|\d{{2,}}|\d{{1,3}}(?:,\d{{3}})+) (?:{PLURAL_NOUNS})\b(?!s)", text)
    plural_one = re.findall(rf"(?<![\d.,])\b1 (?:{PLURAL_NOUNS})s\b", text)
    return singular_many + plural_one


def disputed_values(conflict_id):
    values, years = set(), set()
    for row in query("select c.value_display, c.value_raw, c.value from conflict_claims cc join claims c on c.id = cc.claim_id "
                     "where cc.conflict_id = ?", [conflict_id]):
        values |= {v for v in (row["value_display"], row["value_raw"], row["value"]) if v}
        if re.match(r"^\d{4}", row["value"] or ""):
            years.add(row["value"][:4])
    # A year is disputed only when the sides' years differ: dates that disagree on the day of
    # one year (the 2017 election's date) leave that year free to name the item in the title.
    return values | years if len(years) > 1 else values


def test_6_titles_carry_no_disputed_value_and_name_their_period(watched_page, live_server):
    page, _ = watched_page
    page.goto(live_server + "/")
    listed = page.locator("#conflict-list li > a").all_inner_texts()
    assert len(listed) == len(set(listed)), f"two conflicts share a title: {listed}"
    conflicts = query("select id, qualifier from source_conflicts order by id")
    assert conflicts
    for conflict in conflicts:
        page.goto(f"{live_server}/conflicts/{conflict['id']}")
        title = page.locator("h1").inner_text()
        # An event is called by its own name, year and all ("The 2017 Ecuadorian general
        # election"): that name is the item, not a side; only the words around it are checked.
        event_names = [row["subject_name"] for row in query(
            "select distinct c.subject_name from conflict_claims cc join claims c on c.id = cc.claim_id "
            "where cc.conflict_id = ? and c.subject_table = 'events'", [conflict["id"]])]
        for shown in (title, page.title()):
            for name in event_names:
                shown = shown.replace(name, "")
            for value in disputed_values(conflict["id"]):
                assert not re.search(rf"(?<![\w.,]){re.escape(value)}(?![\w]|[.,]\d)", shown), (shown, value)
        if conflict["qualifier"]:
            assert conflict["qualifier"] in title, "the title names the period or item"
    screenshot(page, "p6-conflict-title")


def test_6_counts_agree_in_number(watched_page, live_server):
    page, _ = watched_page
    for path in custom_pages() + ["/serrano/conflicts", "/serrano/claims"]:
        page.goto(live_server + path)
        wrong = number_disagreements(page.inner_text("body"))
        assert wrong == [], (path, wrong)


# --- 7. charts compare like with like, and draw on first load ------------------------------------------


def chart_links(page, live_server):
    """Every link to a chart the site shows: (the page it is on, its index among that page's chart links)."""
    found = []
    charted = {name for name, page in {**TABLES, **QUERIES}.items() if "#g." in (page.get("description_html") or "")}
    for path in ["/"] + [f"/serrano/{name}" for name in sorted(charted)]:
        page.goto(live_server + path)
        for i, href in enumerate(hrefs(page.locator(".content a[href*='#g.']"))):
            found.append((path, i, href))
    return found


def test_7_every_chart_link_draws_its_chart_on_first_load(watched_page, live_server):
    page, _ = watched_page
    links = chart_links(page, live_server)
    assert {urlsplit(h).path.rsplit("/", 1)[-1] for _, _, h in links} >= {"homicide_rate", "awards_timeline",
                                                                            "claims_per_source"}
    for path, i, href in links:
        page.goto(live_server + path)
        page.locator(".content a[href*='#g.']").nth(i).click()
        page.wait_for_url("**#g.*")
        wait_for_chart(page)
    screenshot(page, "p7-chart")


def test_7_the_homicide_chart_shows_one_measure_by_year_one_series_per_source(watched_page, live_server):
    page, _ = watched_page
    checked = 0
    for path, _, href in chart_links(page, live_server):
        parts = urlsplit(href)
        if not parts.path.endswith("/homicide_rate"):
            continue
        checked += 1
        chart = {k[2:]: v for k, v in parse_qsl(parts.fragment) if k.startswith("g.")}
        assert chart["x_type"] == "temporal" and chart["x_column"] == "year", (path, chart)
        # Points, not lines (a line would join a source's figures as if they were one series
        # measured year by year), one colour per source, an inferred year its own series.
        assert chart["color_column"] == "series" and chart["mark"] == "circle", (path, chart)
        page.goto(f"{live_server}/serrano/homicide_rate.json?{parts.query}&_shape=array")
        rows = [r for r in __import__("json").loads(page.inner_text("body"))]
        assert rows and len({r["unit"] for r in rows}) == 1, "one unit a chart"
        assert all(r["series"] in (r["source_id"], r["source_id"] + " (year inferred)") for r in rows)
        assert all(r["year"] is None or re.fullmatch(r"\d{4}", r["year"]) for r in rows)
    assert checked > 0, "no link to the homicide chart was found"


# --- 8. 390 px: every custom page fits, claim details by tap and keyboard --------------------------------

def test_8_every_custom_page_fits_390_px(phone_page, live_server):
    """Every instance of every custom page (each conflict, source, finding...), at 390 px. The worst case of
    each kind of page, every table and canned query, at both sizes, with screenshots of each: test_pages_fit.py.
    Here one screenshot of each kind of custom page (full-page screenshots are most of a browser test's time)."""
    page = phone_page
    too_wide, shot = [], set()
    for path in custom_pages():
        page.goto(live_server + path)
        kind = path.strip("/").split("/")[0] or "home"
        if kind not in shot:
            shot.add(kind)
            screenshot(page, f"p8-390-{re.sub(r'[^a-z0-9]+', '-', path.lower()).strip('-') or 'home'}")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide.append((path, width))
    assert len(shot) >= 6, shot  # home, about, timeline, persons, revisions, conflicts, sources, findings
    assert too_wide == []


def test_8_timeline_labels_stay_readable_at_390_px(phone_page, live_server):
    page = phone_page
    page.goto(live_server + "/timeline")
    labels = page.locator("svg.timeline-narrow text.term-label")
    dated = one("select count(*) from terms where start_earliest is not null and person_id = "
                "(select id from persons where is_record_subject = 1)")
    assert labels.count() == dated
    for height in labels.evaluate_all("els => els.map(e => e.getBoundingClientRect().height)"):
        assert height >= 11, f"a timeline label is {height:.1f} px tall"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "p8-timeline-390")


def test_8_claim_details_open_by_tap_and_by_keyboard(phone_page, live_server):
    page = phone_page
    page.goto(live_server + "/sources/wikipedia-b")
    details = page.locator("#claim-details")
    mark = page.locator("#source-text mark.claim").nth(3)
    claims = mark.get_attribute("data-claims").split()
    mark.scroll_into_view_if_needed()
    mark.tap()
    assert details.is_visible()
    shown = hrefs(details.locator("a"))
    for claim in claims:
        assert f"/serrano/claims/{claim}" in shown
    box = details.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "a tooltip widened the page"
    screenshot(page, "p8-claim-details-tap")
    page.keyboard.press("Escape")
    assert not details.is_visible()
    # Keyboard: tab to a highlighted claim; its details show without a pointer.
    page.locator("#source-text").evaluate("el => el.scrollIntoView()")
    page.locator("#source-text mark.claim").first.focus()
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.matches('mark.claim') && document.activeElement.getAttribute('data-claims')")
    assert focused
    assert details.is_visible()
    assert all(f"/serrano/claims/{c}" in hrefs(details.locator("a")) for c in focused.split())


# --- 9. small things ---------------------------------------------------------------------------------------

def test_9_the_ipu_bullet_shows_as_a_bullet_and_custom_pages_carry_the_licence(watched_page, live_server):
    page, _ = watched_page
    source = query("select id, text from sources where kind = 'ipu_decision' order by id limit 1")[0]
    glyphs = source["text"].count("\uf0fc")
    assert glyphs > 0
    page.goto(f"{live_server}/sources/{source['id']}")
    bullets = page.locator("#source-text .pua-bullet")
    assert bullets.count() == glyphs
    shown = bullets.first.evaluate("b => getComputedStyle(b, '::before').content")
    assert shown.strip('"') == "•"
    raw = bullets.first.locator(".pua-raw")
    assert raw.evaluate("r => getComputedStyle(r).fontSize") == "0px"
    # Copying the text still gives the source's own character.
    assert "\uf0fc" in page.locator("#source-text").text_content()
    screenshot(page, "p9-ipu-bullet")
    license_url = METADATA["license_url"]
    for path in custom_pages():
        page.goto(live_server + path)
        footer = page.locator("footer")
        assert license_url in [a.get_attribute("href") for a in footer.locator("a").all()], path
        assert METADATA["license"] in footer.inner_text(), path
