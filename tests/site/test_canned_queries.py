"""The canned queries, run through the site in-process, checked against the database.

Expected rows are always derived from the built database with independent
SQL, never written out by hand: curated claims keep being added.
"""

import asyncio
import re
import unicodedata
from html import unescape
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import pytest
import yaml
from datasette.utils import derive_named_parameters

from conftest import ROOT, get

DATABASE = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))["databases"]["serrano"]
QUERIES = DATABASE["queries"]
TABLES = DATABASE["tables"]


async def run(datasette, query_name: str, /, **params) -> list[dict]:
    """Run a canned query as a client would; it must answer 200 with ok true."""
    query = urlencode({**params, "_shape": "objects"})
    response = await datasette.client.get(f"/serrano/{query_name}.json?{query}")
    assert response.status_code == 200, (query_name, params, response.status_code, response.text[:500])
    body = response.json()
    assert body["ok"] is True, (query_name, params, body.get("error"))
    assert not body.get("truncated"), f"{query_name} returned more rows than the server allows"
    return body["rows"]


def column(db, sql: str, params=()) -> list:
    return [row[0] for row in db.execute(sql, params).fetchall()]


def fold(text: str) -> str:
    """Lower case without accents, as the FTS tokenizer compares words."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if unicodedata.category(c) != "Mn").casefold()


@pytest.mark.parametrize("name", sorted(QUERIES))
async def test_every_canned_query_answers_with_its_default_parameters(datasette, name):
    await run(datasette, name)
    page = await datasette.client.get(f"/serrano/{name}")
    assert page.status_code == 200


# --- search ----------------------------------------------------------------------

@pytest.mark.parametrize("q", ["", "   "])
async def test_an_empty_search_returns_no_rows_and_no_error(datasette, q):
    response = await datasette.client.get(f"/serrano/search.json?{urlencode({'q': q})}")
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] is True and not body.get("error")
    assert body["rows"] == []


@pytest.mark.parametrize("q", ['"', 'AND OR NOT (', "*", "NEAR(a b", "x' or '1'='1", "Castellón -Spain"])
async def test_search_syntax_in_the_input_is_just_text(datasette, q):
    await run(datasette, "search", q=q)


async def test_search_finds_castellon_in_both_wikipedia_sources_with_highlights(db, datasette):
    wikipedia = set(column(db, "select id from sources where kind = 'wikipedia_revision'"))
    stating = set(column(db, "select distinct source_id from passages where kind = 'sentence' and text like '%Castellón%'"))
    assert stating == wikipedia and len(wikipedia) == 2, "both renderings mention Castellón"
    rows = await run(datasette, "search", q="Castellón")
    assert wikipedia <= {row["source_id"] for row in rows}
    for row in rows:
        marked = re.findall(r"\*\*(.+?)\*\*", row["snippet"])
        assert marked, f"no highlight in {row}"
        assert all(fold(word) == "castellon" for word in marked), row
    # Every sentence that says Castellón is found; accents and case do not matter.
    sentences = {row["id"] for row in rows if row["found_in"] == "sentence"}
    assert sentences == set(column(db, "select id from passages where kind = 'sentence' and text like '%Castellón%'"))
    folded = await run(datasette, "search", q="castellon")
    assert {row["id"] for row in folded if row["found_in"] != "claim"} == {
        row["id"] for row in rows if row["found_in"] != "claim"}


async def test_search_covers_decision_paragraphs_and_claim_quotes(db, datasette):
    rows = await run(datasette, "search", q="Notes")
    assert {row["id"] for row in rows if row["found_in"] == "decision paragraph"} == set(column(
        db, "select d.id from decision_paragraphs_fts f join decision_paragraphs d on d.rowid = f.rowid "
            "where decision_paragraphs_fts match 'notes'"))
    quote = db.execute("select quote from claims where length(quote) > 8 order by id limit 1").fetchone()[0]
    rows = await run(datasette, "search", q=quote)
    matching = set(column(db, "select id from claims where instr(lower(quote), lower(?)) > 0", [quote]))
    # One row per passage: a claim whose quote matches is listed with the passage that holds it, or is its
    # own row when its words lie outside every passage found (an infobox field, a reference).
    own_rows = {row["id"] for row in rows if row["found_in"] == "claim"}
    listed = {c for row in rows if row["found_in"] != "claim" for c in (row["claims"] or "").split()}
    assert own_rows <= matching and matching <= own_rows | listed
    assert not own_rows & listed


async def test_search_returns_one_row_per_passage_with_its_claims(db, datasette):
    rows = await run(datasette, "search", q="Castellón")
    places = [(row["source_id"], row["char_start"]) for row in rows]
    assert len(places) == len(set(places)), "one row per passage"
    assert {row["found_in"] for row in rows} == {"sentence"}
    for row in rows:
        # The claims that read a value from the passage's sentences.
        expected = set(column(db, "select sc.claim_id from sentences s join sentence_claims sc on sc.sentence_id = s.id "
                                  "where s.passage_id = ?", [row["id"]]))
        assert expected and set((row["claims"] or "").split()) == expected


# --- conflicts -------------------------------------------------------------------

async def test_conflicts_with_kind_date_returns_exactly_the_date_conflicts(db, datasette):
    rows = await run(datasette, "conflicts", kind="date", source="")
    assert all(row["kind"] == "date" for row in rows)
    expected = set(column(db, "select id from source_conflicts where kind = 'date'"))
    assert {row["conflict_id"] for row in rows} == expected
    # Every claim on every side of them, once each.
    assert sorted(row["claim_id"] for row in rows) == sorted(column(
        db, "select claim_id from conflict_claims where conflict_id in "
            "(select id from source_conflicts where kind = 'date')"))
    # The Minister of the Interior start-date dispute, once curated, is among them.
    interior = set(column(db, "select id from source_conflicts where term_id like 'minister-of-the-interior-%' "
                              "and property = 'start_date' and kind = 'date'"))
    assert interior <= {row["conflict_id"] for row in rows}


async def test_conflicts_shows_each_claims_own_source_quote_and_side(db, datasette):
    rows = await run(datasette, "conflicts")
    assert len(rows) == db["conflict_claims"].count
    for row in rows:
        claim = db.execute("select source_id, quote from claims where id = ?", [row["claim_id"]]).fetchone()
        side = db.execute("select side from conflict_claims where conflict_id = ? and claim_id = ?",
                          [row["conflict_id"], row["claim_id"]]).fetchone()[0]
        assert (row["source_id"], row["quote"], row["side"]) == (claim[0], claim[1], side)
    # Rows of one conflict are together, in side order (the neutral side 0 last).
    order = [(row["conflict_id"], row["side"] == 0, row["side"]) for row in rows]
    seen = []
    for conflict_id, *_ in order:
        if not seen or seen[-1] != conflict_id:
            assert conflict_id not in seen, "a conflict's rows are split"
            seen.append(conflict_id)
    for conflict_id in seen:
        sides = [key[1:] for key in order if key[0] == conflict_id]
        assert sides == sorted(sides)


async def test_conflicts_for_a_source_keeps_every_side(db, datasette):
    sources = column(db, "select id from sources")
    assert sources
    for source_id in sources:
        rows = await run(datasette, "conflicts", kind="", source=source_id)
        expected = set(column(db, "select distinct conflict_id from conflict_claims where source_id = ?", [source_id]))
        assert {row["conflict_id"] for row in rows} == expected
        assert len(rows) == db.execute(
            "select count(*) from conflict_claims where conflict_id in "
            "(select conflict_id from conflict_claims where source_id = ?)", [source_id]).fetchone()[0]


# --- the record ---------------------------------------------------------------------

async def test_career_lists_every_term_in_start_date_order(db, datasette):
    rows = await run(datasette, "career")
    assert len(rows) == db["terms"].count
    assert [row["term_id"] for row in rows] == column(db, "select id from terms order by coalesce(start_date, '9999'), id")
    starts = [row["start_date"] for row in rows if row["start_date"]]
    assert starts == sorted(starts)
    for row in rows:
        term = db["terms"].get(row["term_id"])
        assert (row["start_date_precision"], row["disputed"], row["sources"]) == (
            term["start_date_precision"], term["disputed"], term["sources"])


async def test_facts_about_matches_subject_or_value_by_name(db, datasette):
    name = db.execute("select name from offices order by name limit 1").fetchone()[0]
    rows = await run(datasette, "facts_about", name=name)
    expected = column(db, "select id from claims where subject_name like ? or value_label like ?",
                      [f"%{name}%", f"%{name}%"])
    assert expected, f"claims about {name} exist"
    assert sorted(row["claim_id"] for row in rows) == sorted(expected)


async def test_facts_about_with_no_name_gives_the_record_subjects_own_claims(db, datasette):
    rows = await run(datasette, "facts_about", name="")
    expected = column(db, "select c.id from claims c join persons p on p.id = c.person_id "
                          "where p.is_record_subject = 1 and c.subject_table = 'persons'")
    assert expected, "the sources state facts about him"
    assert sorted(row["claim_id"] for row in rows) == sorted(expected)


async def test_single_source_facts_counts_the_facts_one_document_states(db, datasette):
    """Counted by document, not by source: two revisions of one article are one witness (issue 27)."""
    rows = await run(datasette, "single_source_facts")
    facts = {}
    for claim in db.query("select c.*, s.document from claims c join sources s on s.id = c.source_id"):
        key = (claim["subject_table"], claim["subject_id"], claim["property"], claim["item"] or claim["period"])
        facts.setdefault(key, set()).add(claim["document"])
    expected = {}
    for (table, _, prop, _), documents in facts.items():
        if len(documents) == 1:
            group = (next(iter(documents)), table, prop)
            expected[group] = expected.get(group, 0) + 1
    assert {(r["document"], r["subject_table"], r["property"]): r["facts"] for r in rows} == expected
    # Two revisions of the article stating a fact do not make it a fact two sources confirm.
    both_revisions = sum(1 for documents in facts.values() if documents == {"wikipedia-en-jose-serrano-ecuadorian-politician"})
    assert sum(r["facts"] for r in rows if r["document"] == "wikipedia-en-jose-serrano-ecuadorian-politician") == both_revisions


async def test_document_agreement_counts_facts_by_document(db, datasette):
    rows = (await datasette.client.get("/serrano/document_agreement.json?_shape=array&_size=max")).json()
    assert rows
    for row in rows:
        # A document against itself is not said to agree with itself: only how it refines or contradicts itself.
        assert row["within_document"] == int(row["document_a"] == row["document_b"])
        assert (row["agree"] is None) == bool(row["within_document"])
        assert (row["agree"] or 0) + row["refine"] + row["conflict"] == row["facts_in_common"]
        assert row["document_a"] <= row["document_b"]
    pairs = {(row["document_a"], row["document_b"]): row for row in rows}
    article, case = "wikipedia-en-jose-serrano-ecuadorian-politician", "ipu-case-ecu-92"
    # The IPU case and the article both date his Interior term and his mandate; they disagree on the start.
    assert pairs[(case, article)]["conflict"] >= 1
    # Facts both state, counted from the claims: a fact stated by both documents.
    both = db.execute(
        "select count(*) from (select f.id from facts f join claims c on c.id in (select value from "
        "json_each('[\"' || replace(f.claim_ids, ' ', '\",\"') || '\"]')) join sources s on s.id = c.source_id "
        "group by f.id having count(distinct s.document) = 2 and sum(s.document = ?) > 0 and sum(s.document = ?) > 0)",
        [article, case]).fetchone()[0]
    assert pairs[(case, article)]["facts_in_common"] == both
    # The article against itself: the facts its revisions (or infobox and prose) give differently.
    assert pairs[(article, article)]["conflict"] >= 2  # the Interior start, the Castellón medal


async def test_decision_by_verb_notes_returns_the_notes_paragraphs(db, datasette):
    rows = await run(datasette, "decision_by_verb", verb="Notes")
    expected = column(db, "select id from decision_paragraphs where part = 'decision' "
                          "and operative_verb like 'Notes%' order by source_id, number")
    assert expected, "the decision has paragraphs opening with Notes"
    assert [row["id"] for row in rows] == expected
    assert all(row["operative_verb"].startswith("Notes") and row["text"].startswith("Notes") for row in rows)
    everything = await run(datasette, "decision_by_verb", verb="")
    assert len(everything) == db.execute(
        "select count(*) from decision_paragraphs where part = 'decision'").fetchone()[0]


async def test_homicide_rate_rows_are_the_homicide_rate_figures(db, datasette):
    rows = await run(datasette, "homicide_rate")
    expected = column(db, "select id from claims where indicator_id = 'homicide-rate' and property = 'value'")
    assert sorted(row["claim_id"] for row in rows) == sorted(expected)
    for row in rows:
        claim = db["claims"].get(row["claim_id"])
        assert claim["subject_table"] == "indicators" and claim["subject_id"] == "homicide-rate"
        assert isinstance(row["value"], float) and row["value"] == float(claim["value"])
        assert (row["period"], row["unit"], row["source_id"]) == (claim["period"], claim["unit"], claim["source_id"])


async def test_uncovered_lists_the_mentions_no_claim_covers(db, datasette):
    rows = await run(datasette, "uncovered")
    assert sorted(row["id"] for row in rows) == sorted(column(db, "select id from mentions where covered = 0"))
    for source_id in column(db, "select id from sources"):
        rows = await run(datasette, "uncovered", source=source_id)
        assert {row["source_id"] for row in rows} <= {source_id}
        assert len(rows) == db.execute("select count(*) from mentions where covered = 0 and source_id = ?",
                                       [source_id]).fetchone()[0]


async def test_claims_per_source_counts_every_claim(db, datasette):
    rows = await run(datasette, "claims_per_source")
    assert sum(row["claims"] for row in rows) == db["claims"].count
    for row in rows:
        assert row["claims"] == db.execute("select count(*) from claims where source_id = ? and method = ?",
                                           [row["source_id"], row["method"]]).fetchone()[0]


# --- chart links ------------------------------------------------------------------

CHART_LINKS = [
    (name, unescape(href))
    for name, page in sorted({**TABLES, **QUERIES}.items())  # a table's page draws charts as a query's does
    for href in re.findall(r'href="([^"]*#g\.[^"]*)"', page.get("description_html") or "")
]


def test_the_charts_the_publication_promises_are_linked():
    assert {name for name, _ in CHART_LINKS} >= {"homicide_rate", "awards_timeline", "claims_per_source"}


@pytest.mark.parametrize("name,href", CHART_LINKS)
async def test_each_chart_link_opens_its_page_with_columns_it_returns(datasette, name, href):
    """datasette-vega reads g.mark, g.x_column, g.x_type, g.y_column, g.y_type, g.color_column from the fragment.

    The links are relative to the query's or table's own page, so they follow the database wherever it is served
    (a content-hashed route included)."""
    assert not href.startswith("/"), "a chart link in metadata.yml is relative to its own page"
    parts = urlsplit(urljoin(f"http://site/serrano/{name}", href))
    assert parts.path == f"/serrano/{name}"
    chart = {key[2:]: value for key, value in parse_qsl(parts.fragment) if key.startswith("g.")}
    assert chart["mark"] in ("bar", "line", "circle")
    valid_types = ("quantitative", "quantitative-bin", "temporal", "temporal-bin", "ordinal", "nominal")
    assert chart["x_type"] in valid_types and chart["y_type"] in valid_types
    response = await datasette.client.get(f"/serrano/{name}.json?{parts.query}")
    columns = response.json()["columns"]
    for key in ("x_column", "y_column", "color_column", "size_column"):
        if chart.get(key):
            assert chart[key] in columns, (name, key, chart[key], columns)


# --- hostile parameters: README, Reliability ("10,000-character and SQL-injection parameters never
# give a 500 or leak rows") -------------------------------------------------------------------------

LONG_VALUES = {"letters": "x" * 10_000, "quotes and SQL": ("' or 1=1 -- \" ; drop table claims; " * 300)[:10_000]}
NEUTRAL = "no-such-value"  # a value every parameter's filter rejects: what a hostile value must not beat


def query_parameters() -> dict[str, list[str]]:
    """Each canned query's named parameters, found as Datasette finds them to build the query's form
    (it reads the SQL text only: the database argument is unused in 0.65)."""
    found = {name: asyncio.run(derive_named_parameters(None, query["sql"])) for name, query in QUERIES.items()}
    return {name: sorted(set(params)) for name, params in found.items() if params}


PARAMETERS = query_parameters()


def test_the_canned_queries_take_parameters_to_attack():
    assert len(PARAMETERS) >= 8, PARAMETERS  # career, conflicts, search, facts_about, ...


@pytest.mark.parametrize("name", sorted(PARAMETERS))
@pytest.mark.parametrize("kind", sorted(LONG_VALUES))
async def test_10000_character_parameters_are_answered_and_leak_nothing(datasette, name, kind):
    """Every parameter of the query at 10,000 characters at once: a 200 with the rows a value that
    matches nothing gets (in-process: no HTTP server's request-size limit between them)."""
    expected = await run(datasette, name, **{p: NEUTRAL for p in PARAMETERS[name]})
    assert await run(datasette, name, **{p: LONG_VALUES[kind] for p in PARAMETERS[name]}) == expected


def test_10000_character_parameters_through_the_real_server(live_server):
    """One parameter at a time at 10,000 characters through the real HTTP server: each request
    (and the redirect to the hashed URL, which repeats it) is about 10 KB, under the 16 KiB
    request head that uvicorn's HTTP parser (h11) accepts."""
    checked = 0
    for name, params in sorted(PARAMETERS.items()):
        for param in params:
            neutral = get(f"{live_server}/serrano/{name}.json", params={param: NEUTRAL, "_shape": "objects"},
                          timeout=30)
            response = get(f"{live_server}/serrano/{name}.json",
                           params={param: LONG_VALUES["quotes and SQL"], "_shape": "objects"}, timeout=30)
            assert response.status_code == 200 == neutral.status_code, (name, param, response.status_code)
            assert response.json()["rows"] == neutral.json()["rows"], (name, param)
            checked += 1
    assert checked >= len(PARAMETERS)
