"""Consistency findings on the seeds: computed from the claims, shown beside the conflicts."""

import re

import pytest

from build.compare.rules import RULES

def test_every_declared_rule_is_listed_with_its_count(db):
    rows = {row["id"]: row for row in db["consistency_rules"].rows}
    assert set(rows) == {rule.name for rule in RULES}
    for rule in RULES:
        row = rows[rule.name]
        assert (row["description"], row["severity"]) == (rule.description, rule.severity)
        assert row["findings_count"] == db.execute(
            "select count(*) from consistency_findings where rule = ?", [rule.name]).fetchone()[0]


def test_the_2014_election_cannot_have_seated_him_in_2017(db):
    found = list(db.query("select * from consistency_findings where rule = 'election_precedes_term' order by id"))
    assert len(found) == 2  # rendering A says 2014, rendering B February 2014
    for finding in found:
        roles = {r["role"]: r for r in db.query(
            "select fc.role, c.value, c.source_id from finding_claims fc join claims c on c.id = fc.claim_id "
            "where fc.finding_id = ?", [finding["id"]])}
        assert roles["election date"]["value"].startswith("2014")
        assert roles["term start"]["value"] == "2017" and roles["term start"]["source_id"] == "ipu-ecu-92"
        assert finding["severity"] == "error" and "2014" in finding["summary"] and "2017" in finding["summary"]


def test_the_election_sentence_cites_articles_published_years_later(db):
    (finding,) = db.query("select * from consistency_findings where rule = 'citation_date_near_fact'")
    assert finding["severity"] == "review"
    assert "23 February 2017" in finding["summary"] and "10 March 2018" in finding["summary"]
    roles = {}
    for row in db.query("select fc.role, c.* from finding_claims fc join claims c on c.id = fc.claim_id "
                        "where fc.finding_id = ?", [finding["id"]]):
        roles.setdefault(row["role"], []).append(row)
    (claim,) = roles["dated fact"]
    assert (claim["source_id"], claim["value"]) == ("wikipedia-a", "2014")
    # The references it rests on are named with their words: title and the date they print (issue 27).
    cited = roles["cited reference's date"]
    assert {(c["subject_table"], c["value"]) for c in cited} == {("references", "2017-02-23"), ("references", "2018-03-10")}
    assert all(c["quote"] in finding["summary"] or c["subject_name"] in finding["summary"] for c in cited)


@pytest.mark.parametrize("rule", ["start_before_end", "holdings_do_not_overlap", "succession",
                                  "title_matches_term", "plausible_lifetime"])
def test_no_rule_fires_on_facts_that_are_consistent(db, rule):
    """The seeds' terms, titles and lifetime fit together: these rules find nothing."""
    assert list(db.query("select summary from consistency_findings where rule = ?", [rule])) == []


def test_every_finding_links_claims_that_exist(db):
    assert db.execute("select count(*) from finding_claims fc left join claims c on c.id = fc.claim_id "
                      "where c.id is null").fetchone()[0] == 0
    for finding in db["consistency_findings"].rows:
        assert finding["claims_count"] == db.execute(
            "select count(*) from finding_claims where finding_id = ?", [finding["id"]]).fetchone()[0] >= 1


async def test_findings_are_on_the_home_page_apart_from_conflicts(datasette, db):
    html = (await datasette.client.get("/")).text
    assert "facts that\ncannot all be true together" in html or "cannot all be true" in html
    assert re.search(rf'id="findings-count"[^>]*>{db["consistency_findings"].count}<', html)
    for finding in db["consistency_findings"].rows:
        assert f'href="/findings/{finding["id"]}"' in html


async def test_a_finding_page_shows_every_claims_words(datasette, db):
    finding = next(iter(db.query("select * from consistency_findings where rule = 'election_precedes_term'")))
    html = (await datasette.client.get(f"/findings/{finding['id']}")).text
    claims = list(db.query("select c.* from finding_claims fc join claims c on c.id = fc.claim_id "
                           "where fc.finding_id = ?", [finding["id"]]))
    assert len(claims) >= 2, "a finding links the claims that cannot all be true"
    for claim in claims:
        assert f'data-claim="{claim["id"]}"' in html
        assert claim["quote"].split("\n")[0] in html
    assert (await datasette.client.get("/findings/no-such-finding")).status_code == 404


async def test_the_person_page_lists_their_findings(datasette, db):
    html = (await datasette.client.get("/persons/jose-serrano-salgado")).text
    findings = list(db.query("select id from consistency_findings where person_id = 'jose-serrano-salgado'"))
    assert findings, "the seeds give him findings (the 2014 election, the cited dates)"
    for finding in findings:
        assert f'href="/findings/{finding["id"]}"' in html
