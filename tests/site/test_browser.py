"""The site as a user meets it: real chromium, real server, real database.

Every test here also checks (through ``watched_page``) that no request left
127.0.0.1 and that no page logged a JavaScript error, and saves a screenshot
under test-artifacts/.
"""

import sqlite3

import pytest
import yaml

from conftest import DB_PATH, ROOT, screenshot, wait_for_chart

pytestmark = pytest.mark.browser
METADATA = yaml.safe_load((ROOT / "metadata.yml").read_text())


def query(sql, params=()):
    with sqlite3.connect(DB_PATH) as conn:
        conn.row_factory = sqlite3.Row
        return conn.execute(sql, params).fetchall()


def canned_sql(name):
    return METADATA["databases"]["serrano"]["queries"][name]["sql"]


def test_home_shows_the_real_counts(watched_page, live_server):
    page, _ = watched_page
    page.goto(live_server + "/")
    assert page.inner_text("#claims-count") == str(query("select count(*) from claims")[0][0])
    assert page.inner_text("#conflicts-count") == str(query("select count(*) from source_conflicts")[0][0])
    for source_id, claims in query("select source_id, count(*) from claims group by source_id"):
        assert page.inner_text(f".source-card[data-source='{source_id}'] .claims-count") == str(claims)
    # The home page lists at most 20 conflicts and links to the rest.
    assert page.locator("#conflict-list li").count() == min(20, query("select count(*) from source_conflicts")[0][0])
    screenshot(page, "home")


# Every count the home page and a person page show (an element with data-counts), with the query over the
# tables it names that it must equal.  A count added to a page without a line here fails the test.
HOME_COUNTS = {
    "documents-count": "select count(*) from documents",
    "sources-count": "select count(*) from sources",
    "conflicts-count": "select count(*) from source_conflicts",
    "facts-count": "select count(*) from facts",
    "within-count": "select count(*) from source_conflicts where within_source = 1",
    "claims-count": "select count(*) from claims",
    "findings-count": "select count(*) from consistency_findings",
    "single-document-facts-count": "select count(*) from facts where documents_count = 1",
}
PERSON_COUNTS = {
    "person-facts-count": "select count(*) from facts where person_id = :p",
    "person-disputed-facts-count": "select count(*) from facts where person_id = :p and disputed = 1",
    "person-claims-count": "select count(*) from claims where person_id = :p",
    "person-documents-count": "select count(distinct s.document) from claims c join sources s on s.id = c.source_id "
                              "where c.person_id = :p",
    "person-sources-count": "select count(distinct source_id) from claims where person_id = :p",
}


def shown_counts(page) -> dict[str, str]:
    return {element.get_attribute("id"): element.inner_text() for element in page.locator("[data-counts]").all()}


def test_every_count_on_the_home_page_matches_a_query_over_the_tables_it_names(watched_page, live_server):
    page, _ = watched_page
    page.goto(live_server + "/")
    shown = shown_counts(page)
    assert set(shown) == set(HOME_COUNTS)
    for element_id, sql in HOME_COUNTS.items():
        assert shown[element_id] == str(query(sql)[0][0]), element_id
    # Two revisions of one article are one document: the page never counts sources as documents.
    assert int(shown["documents-count"]) < int(shown["sources-count"])
    screenshot(page, "home-counts")


def test_every_count_on_a_person_page_matches_a_query_over_the_tables_it_names(watched_page, live_server):
    page, _ = watched_page
    person = query("select id from persons where is_record_subject = 1")[0][0]
    page.goto(f"{live_server}/persons/{person}")
    shown = shown_counts(page)
    assert set(shown) == set(PERSON_COUNTS)
    for element_id, sql in PERSON_COUNTS.items():
        assert shown[element_id] == str(query(sql, {"p": person})[0][0]), element_id
    # Each document is named once by its one name, never as a revision's title ("rendering B").
    facts = page.inner_text("#person-facts")
    for (title,) in query("select distinct d.title from claims c join sources s on s.id = c.source_id "
                          "join documents d on d.id = s.document where c.person_id = ?", [person]):
        assert title in facts
    assert "rendering" not in facts
    screenshot(page, "person-counts")


def test_clicking_a_facet_narrows_the_claims(watched_page, live_server):
    page, _ = watched_page
    page.goto(live_server + "/serrano/claims")
    total = query("select count(*) from claims")[0][0]
    assert f"{total:,} row" in page.inner_text("h3")
    source_id, expected = query("select source_id, count(*) from claims group by source_id order by 2 limit 1")[0]
    page.click(f".facet-info a[href*='source_id={source_id}']")
    page.wait_for_url(f"**source_id={source_id}**")
    assert f"{expected:,} row" in page.inner_text("h3")
    shown = page.locator("table.rows-and-columns tbody tr").count()
    page_size = METADATA["databases"]["serrano"]["tables"]["claims"]["size"]
    assert shown == min(expected, page_size) and expected < total
    screenshot(page, "claims-faceted")


def test_running_the_conflicts_query_with_a_kind(watched_page, live_server):
    page, _ = watched_page
    page.goto(live_server + "/serrano/conflicts")
    page.fill("input[name='kind']", "date")
    page.click("input[type='submit']")
    page.wait_for_url("**kind=date**")
    expected = query(canned_sql("conflicts"), {"kind": "date", "source": ""})
    assert expected, "the data has date conflicts"
    assert page.locator("table.rows-and-columns tbody tr").count() == len(expected)
    screenshot(page, "conflicts-query")


def test_the_homicide_rate_chart_draws(watched_page, live_server):
    page, _ = watched_page
    page.goto(live_server + "/")
    page.click("#queries a.chart-link[href*='homicide_rate']")
    page.wait_for_url("**/homicide_rate**")
    wait_for_chart(page)
    # One point per figure (no line drawn across years without data or between two figures of one year),
    # the axis named for what it counts, and the years a sentence does not state marked inferred.
    assert "g.mark=circle" in page.url and "g.mark=line" not in page.url
    assert "g.y_column=homicides_per_100000_inhabitants" in page.url and "g.color_column=series" in page.url
    series = page.locator("table.rows-and-columns td.col-series").all_inner_texts()
    inferred = query("select count(*) from claims where indicator_id = 'homicide-rate' and property = 'value' "
                     "and unit = 'per 100,000 inhabitants' and inferred like '%period%not stated%'")[0][0]
    assert inferred and sum("(year inferred)" in s for s in series) == inferred
    screenshot(page, "homicide-rate-chart")


def test_a_conflict_links_to_its_highlighted_claim_in_the_source(watched_page, live_server):
    page, _ = watched_page
    conflict_id = query("select id from source_conflicts order by claims_count desc, id limit 1")[0][0]
    page.goto(live_server + "/")
    page.click(f"#conflict-list a[href='/conflicts/{conflict_id}']")
    page.wait_for_url(f"**/conflicts/{conflict_id}")
    sides = page.locator("section.side").count()
    assert sides >= 2
    screenshot(page, "conflict")
    link = page.locator("a.reader-link").last
    claim_id = link.get_attribute("href").split("#claim-")[1]
    link.click()
    page.wait_for_url(f"**#claim-{claim_id}")
    current = page.locator("mark.claim.current")
    assert current.count() >= 1
    assert claim_id in current.first.get_attribute("data-claims").split()
    page.wait_for_load_state("load")
    # Scrolled into view: the highlight is inside the viewport, not just somewhere on the page.
    in_view = current.first.evaluate(
        "m => { const r = m.getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight; }")
    assert in_view
    screenshot(page, "source-reader")


def test_the_timeline_has_one_bar_per_term(watched_page, live_server):
    page, _ = watched_page
    page.goto(live_server + "/timeline")
    dated = query("select count(*) from terms where start_earliest is not null")[0][0]
    assert page.locator("svg#timeline g.term").count() == dated
    assert page.locator("svg#timeline g.term rect.term-extent").count() == dated
    disputed = query("select coalesce(sum((disputed_properties like '%start_date%') + (disputed_properties like '%end_date%')), 0) "
                     "from terms where start_earliest is not null")[0][0]
    assert page.locator("svg#timeline rect.disputed-boundary").count() == disputed
    screenshot(page, "timeline")


def test_a_newcomer_answers_the_three_questions_from_home_in_few_clicks(watched_page, live_server):
    page, _ = watched_page
    # 1. When did he become Minister of the Interior, and who says so? (one click)
    page.goto(live_server + "/")
    page.click("text=the dispute over the start date")
    page.wait_for_url("**/conflicts/terms-jose-serrano-salgado-minister-of-the-interior-1-start-date")
    body = page.inner_text("body")
    sides = query("select distinct c.value_display, s.title from conflict_claims cc join claims c on c.id = cc.claim_id "
                  "join sources s on s.id = c.source_id where cc.conflict_id = 'terms-jose-serrano-salgado-minister-of-the-interior-1-start-date'")
    assert len(sides) >= 2
    for row in sides:
        assert row["value_display"] in body and row["title"] in body
    # 2. Which decorations do the two Wikipedia revisions disagree on? (one click)
    page.goto(live_server + "/")
    page.click("#questions a:text('awards')")
    page.wait_for_url("**subject_table=awards**")
    body = page.inner_text("table.rows-and-columns")
    awards = query("select subject_name from source_conflicts where subject_table = 'awards'")
    assert awards
    for row in awards:
        assert row["subject_name"] in body
    # 3. What did the IPU Committee conclude, and why? (one click)
    page.goto(live_server + "/")
    page.click("text=its conclusion")
    page.wait_for_url("**decision_by_verb**")
    conclusion = query("select text from decision_paragraphs where operative_verb = 'Concludes'")[0]["text"]
    assert conclusion[:80] in " ".join(page.inner_text("table.rows-and-columns").split())
    screenshot(page, "newcomer-conclusion")


def test_what_changed_from_home_then_a_change_leads_to_its_conflict(watched_page, live_server):
    """Home -> the compare page in one click; a reworded sentence shows the changed words and leads to
    the conflict it touches, and to the claim's place in the source reader."""
    page, _ = watched_page
    page.goto(live_server + "/")
    page.click("#what-changed")
    page.wait_for_url("**/revisions/wikipedia-a/wikipedia-b")
    first = page.locator("section.change").first
    assert first.get_attribute("data-kind") == "reworded"
    lead = page.locator("section.change", has_text="He was Minister of the Interior from 13 May")
    assert lead.locator("mark.del").first.inner_text() == "2011"
    assert lead.locator("mark.ins").first.inner_text() == "2012"
    screenshot(page, "revisions-compare")
    lead.locator("a.conflict-link").first.click()
    page.wait_for_url("**/conflicts/terms-jose-serrano-salgado-minister-of-the-interior-1-start-date")
    assert "2012" in page.inner_text("#summary") and "2011" in page.inner_text("#summary")
    page.go_back()
    page.locator("section.change", has_text="He was Minister of the Interior from 13 May").locator(
        "a.claim-link[href*='wikipedia-b#claim-']").first.click()
    page.wait_for_url("**/sources/wikipedia-b#claim-*")
    assert page.locator("mark.claim.current").count() >= 1


def test_a_finding_opens_from_home_with_every_claims_words(watched_page, live_server):
    page, _ = watched_page
    page.goto(live_server + "/")
    link = page.locator("#finding-list a[href*='election-precedes-term']").first
    summary = link.inner_text()
    link.click()
    page.wait_for_url("**/findings/election-precedes-term-*")
    assert page.inner_text("#finding-summary") == summary
    finding_id = page.url.rsplit("/", 1)[1]
    quotes = [row["quote"] for row in query(
        "select c.quote from finding_claims fc join claims c on c.id = fc.claim_id where fc.finding_id = ?",
        [finding_id])]
    assert len(quotes) == 2
    shown = page.locator("section.finding-claim blockquote mark").all_inner_texts()
    assert [" ".join(q.split()) for q in shown] == [" ".join(q.split()) for q in quotes]
    screenshot(page, "finding")
