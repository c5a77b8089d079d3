"""Every link to a conflict on a table page or a disputed fact's row page opens a conflict that exists.

A fact is disputed by a conflict between sources or only by an error finding (a candidacy
dated after the election it stood in): only the first has a conflict page, and a link to the
second's would be a 404 (the crawl found one on that fact's row page)."""
import re
from urllib.parse import unquote

CONFLICT_LINK = re.compile(r'href="[^"]*/conflicts/([^"#?]+)"')


async def test_every_conflict_link_on_table_and_fact_pages_opens_a_conflict(datasette, db):
    conflicts = {row[0] for row in db.execute("select id from source_conflicts")}
    finding_only = [row[0] for row in db.execute(
        "select id from facts where disputed = 1 and conflict_id is null")]
    assert finding_only, "the seeds hold a fact disputed by a finding alone"
    linked = set()
    tables = [row[0] for row in db.execute(
        "select name from sqlite_master where type = 'table' and name not like '%fts%' and name not like 'sqlite%'")]
    assert "facts" in tables
    disputed_rows = [f"/serrano/facts/{fact}" for fact, in db.execute("select id from facts where disputed = 1")]
    for path in [f"/serrano/{table}?_size=max" for table in tables] + disputed_rows:
        response = await datasette.client.get(path)
        assert response.status_code == 200, path
        for conflict_id in CONFLICT_LINK.findall(response.text):
            linked.add(unquote(conflict_id))
            assert unquote(conflict_id) in conflicts, (path, conflict_id)
    assert linked == conflicts, "every conflict is linked from some table page"
