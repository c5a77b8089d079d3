"""A MediaWiki export added to the seeds, as a user adds one: the record of the seeds is untouched,
the new person's record is read from the export, and every quote is traced to the file.

The export (tests/fixtures/documents/export-carrasco.xml) is the history of an invented politician's
article: three revisions, an Infobox officeholder, references and links.
"""

import html
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import sqlite_utils
import yaml

from build.tables.schema import EXPORT_TABLES, TABLES
from build_helpers import build_into
from conftest import ROOT
from documents_helper import FIXTURES, add_person, add_source

SERRANO = "jose-serrano-salgado"
PERSON = "ines-carrasco"
EXPORT = "export-carrasco.xml"


def add_the_export(data_dir: Path) -> None:
    add_person(data_dir, PERSON, "Inés Carrasco Valdivieso", ["Inés Carrasco"])
    add_source(data_dir, EXPORT, id="carrasco", kind="mediawiki_export", about=PERSON,
               document="wikipedia-en-ines-carrasco", title="Inés Carrasco Valdivieso (Testwiki)")
    with (data_dir / "vocabularies" / "offices.yml").open("a", encoding="utf-8") as offices:
        offices.write("  - id: minister-of-culture\n    name: Minister of Culture\n    aliases: []\n")
    # A curator reads the first revision; the later ones inherit its claims (README, "Revisions").
    (data_dir / "claims" / "carrasco-r5001.yml").write_text(
        "source: carrasco-r5001\nclaims:\n"
        "  - id: carrasco-federation\n    person: Inés Carrasco\n    property: detail\n"
        "    value: she led the students' federation\n"
        "    quote: Carrasco was born in Loja and studied law at the University of Cuenca, where she led the "
        "students' federation.\n"
        "  - id: carrasco-ministry-end\n    term: Minister of Culture\n    property: end_date\n"
        "    value: 24 May 2021\n    quote: She left the ministry on 24 May 2021\n", encoding="utf-8")


def rows(db_path: Path, sql: str) -> list[dict]:
    return list(sqlite_utils.Database(db_path).query(sql))


def serrano_rows(db_path: Path) -> dict:
    return {
        "persons": rows(db_path, f"select * from persons where id = '{SERRANO}'"),
        "terms": rows(db_path, f"select * from terms where person_id = '{SERRANO}' order by id"),
        "awards": rows(db_path, f"select * from awards where person_id = '{SERRANO}' order by id"),
        "source_conflicts": rows(db_path, f"select * from source_conflicts where person_id = '{SERRANO}' "
                                          "or person_id is null order by id"),
        "consistency_findings": rows(db_path, f"select * from consistency_findings where person_id = '{SERRANO}' "
                                              "or person_id is null order by id"),
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("export")
    base, extended = folder / "base", folder / "extended"
    base.mkdir()
    extended.mkdir()
    shutil.copytree(ROOT / "data", folder / "data")
    assert build_into(base, folder / "data") == 0
    add_the_export(folder / "data")
    assert build_into(extended, folder / "data") == 0
    return base / "serrano.db", extended / "serrano.db", folder / "data"


def test_jose_serranos_rows_are_unchanged_by_the_export(built):
    base, extended, _ = built
    before = serrano_rows(base)
    assert before["terms"] and before["consistency_findings"], "the baseline has his terms and findings"
    assert serrano_rows(extended) == before


def test_the_seed_database_has_no_export_tables(built):
    base, extended, _ = built
    assert not set(EXPORT_TABLES) & set(sqlite_utils.Database(base).table_names())
    assert set(EXPORT_TABLES) <= set(sqlite_utils.Database(extended).table_names())


def test_each_revision_is_a_source_in_the_exports_order_with_its_metadata(built):
    _, extended, _ = built
    assert rows(extended, "select id, kind, revision, revision_date, revision_inferred, file from sources "
                          "where document = 'wikipedia-en-ines-carrasco' order by revision") == [
        {"id": f"carrasco-r{rid}", "kind": "mediawiki_export", "revision": n, "revision_date": day,
         "revision_inferred": 0, "file": f"data/sources/{EXPORT}"}
        for n, (rid, day) in enumerate([(5001, "2019-03-06"), (5002, "2021-06-01"), (5003, "2022-01-12")], 1)]
    assert rows(extended, "select source_id, revision_id, parent_id, timestamp, contributor, minor, comment "
                          "from wiki_revisions order by timestamp") == [
        {"source_id": "carrasco-r5001", "revision_id": 5001, "parent_id": None, "timestamp": "2019-03-06T14:02:11Z",
         "contributor": "Editora Sur", "minor": 0, "comment": "New article: Inés Carrasco Valdivieso"},
        {"source_id": "carrasco-r5002", "revision_id": 5002, "parent_id": 5001, "timestamp": "2021-06-01T09:30:00Z",
         "contributor": "192.0.2.44", "minor": 0, "comment": "end date per the official gazette; libraries"},
        {"source_id": "carrasco-r5003", "revision_id": 5003, "parent_id": 5002, "timestamp": "2022-01-12T18:45:59Z",
         "contributor": "Bot de prueba", "minor": 1, "comment": 'Ambassador to Peru since 2022 ("embajadora")'}]
    assert rows(extended, "select revisions_count, first_source_id, latest_source_id from documents "
                          "where id = 'wikipedia-en-ines-carrasco'") == [
        {"revisions_count": 3, "first_source_id": "carrasco-r5001", "latest_source_id": "carrasco-r5003"}]


def test_the_new_persons_terms_are_read_from_the_infobox(built):
    _, extended, _ = built
    terms = rows(extended, f"select office_id, start_date, start_date_precision, end_date, end_date_precision, "
                           f"ongoing, predecessor_id, successor_id, served_under_id, documents_count, sources_count "
                           f"from terms where person_id = '{PERSON}' order by start_date")
    assert terms == [
        {"office_id": "member-of-the-national-assembly", "start_date": "2013-05-14", "start_date_precision": "day",
         "end_date": "2017-05", "end_date_precision": "month", "ongoing": 0, "predecessor_id": None,
         "successor_id": None, "served_under_id": None, "documents_count": 1, "sources_count": 3},
        # The end date changed in revision 2: the latest revision's value, the two in a conflict.
        {"office_id": "minister-of-culture", "start_date": "2019-03-04", "start_date_precision": "day",
         "end_date": "2021-05-23", "end_date_precision": "day", "ongoing": 0, "predecessor_id": "julio-endara",
         "successor_id": "ana-lucia-bravo", "served_under_id": "gabriela-rivadeneira", "documents_count": 1,
         "sources_count": 3},
        {"office_id": "ambassador-to-peru", "start_date": "2022-01-10", "start_date_precision": "day",
         "end_date": None, "end_date_precision": None, "ongoing": 1, "predecessor_id": None, "successor_id": None,
         "served_under_id": "guillermo-lasso", "documents_count": 1, "sources_count": 1}]
    # "[[Gabriela Rivadeneira|Rivadeneira]]": the link's page is a known name, so she is no provisional "Rivadeneira"
    assert rows(extended, "select count(*) as n from persons where name = 'Rivadeneira'") == [{"n": 0}]
    assert rows(extended, f"select birth_date, birth_date_precision from persons where id = '{PERSON}'") == [
        {"birth_date": "1978-02-09", "birth_date_precision": "day"}]
    conflict = rows(extended, f"select s.property, cc.source_id, c.method, cc.value from source_conflicts s "
                              f"join conflict_claims cc on cc.conflict_id = s.id join claims c on c.id = cc.claim_id "
                              f"where s.person_id = '{PERSON}' order by cc.source_id, c.method")
    # Each revision's infobox, and the curated sentence of revision 1 with what became of it downstream.
    assert [(r["property"], r["source_id"], r["method"], r["value"]) for r in conflict] == [
        ("end_date", "carrasco-r5001", "curated", "2021-05-24"), ("end_date", "carrasco-r5001", "infobox", "2021-05-24"),
        ("end_date", "carrasco-r5002", "carried_reworded", "2021-05-23"),
        ("end_date", "carrasco-r5002", "infobox", "2021-05-23"),
        ("end_date", "carrasco-r5003", "carried", "2021-05-23"), ("end_date", "carrasco-r5003", "infobox", "2021-05-23")]


def test_the_references_are_rows_with_their_dates_and_citations(built):
    _, extended, _ = built
    refs = rows(extended, "select id, title, publisher, published, archived, language from [references] "
                          "where source_id = 'carrasco-r5003' order by number")
    assert [(r["id"], r["published"], r["archived"]) for r in refs] == [
        ("carrasco-r5003-ref-1", "5 March 2019", None), ("carrasco-r5003-ref-2", "2013-05-16", "10 March 2021"),
        ("carrasco-r5003-ref-3", "June 2013", None), ("carrasco-r5003-ref-4", "12 August 2020", None),
        ("carrasco-r5003-ref-5", "10 January 2022", None)]
    assert refs[0]["language"] == "Spanish" and refs[1]["publisher"] == "El Observador"
    dates = rows(extended, "select subject_id, property, value, precision from claims where method = 'reference' "
                           "and source_id = 'carrasco-r5001' order by id")
    assert dates == [
        {"subject_id": "carrasco-r5001-ref-1", "property": "published", "value": "2019-03-05", "precision": "day"},
        {"subject_id": "carrasco-r5001-ref-2", "property": "archived", "value": "2021-03-10", "precision": "day"},
        {"subject_id": "carrasco-r5001-ref-2", "property": "published", "value": "2013-05-16", "precision": "day"},
        {"subject_id": "carrasco-r5001-ref-3", "property": "published", "value": "2013-06", "precision": "month"}]
    # Which references each sentence carries.
    cited = rows(extended, "select s.text, group_concat(c.number) as refs from citations c join passages s "
                           "on s.id = c.sentence_id where c.source_id = 'carrasco-r5001' group by s.id order by s.id")
    assert {r["text"]: r["refs"] for r in cited}[
        "President Rivadeneira appointed her Minister of Culture on 4 March 2019."] == "1"


def test_revision_changes_list_what_changed_between_the_three(built):
    _, extended, _ = built
    changes = rows(extended, "select from_source_id, to_source_id, unit, kind, key, from_text, to_text "
                             "from revision_changes where document = 'wikipedia-en-ines-carrasco' "
                             "and kind != 'unchanged' order by id")
    first = [c for c in changes if c["to_source_id"] == "carrasco-r5002"]
    second = [c for c in changes if c["to_source_id"] == "carrasco-r5003"]
    assert {(c["unit"], c["kind"], c["key"], c["from_text"], c["to_text"]) for c in first} >= {
        ("infobox_field", "reworded", "term_end", "24 May 2021", "23 May 2021"),
        ("sentence", "reworded", None, "She left the ministry on 24 May 2021, when Ana Lucía Bravo succeeded her.",
         "She left the ministry on 23 May 2021, when Ana Lucía Bravo succeeded her.")}
    assert ("sentence", "added", "During her term the ministry opened four regional libraries.") in {
        (c["unit"], c["kind"], c["to_text"]) for c in first}
    assert {(c["unit"], c["kind"], c["key"], c["to_text"]) for c in second if c["unit"] == "infobox_field"} == {
        ("infobox_field", "added", "office", "Ambassador to Peru"),
        ("infobox_field", "added", "ongoing", "Assumed office"),
        ("infobox_field", "added", "term_start", "10 January 2022"),
        ("infobox_field", "added", "served_under", "Guillermo Lasso")}
    assert ("sentence", "removed", 'As a member she chaired the committee on "education and culture".') in {
        (c["unit"], c["kind"], c["from_text"]) for c in second}


def test_curated_claims_of_the_first_revision_follow_the_text_into_the_later_ones(built):
    _, extended, _ = built
    followed = rows(extended, "select id, source_id, method, value, quote from claims where carried_from is not null "
                              "or id like 'carrasco-federation%' or id like 'carrasco-ministry%' order by source_id, id")
    by_source = {}
    for claim in followed:
        by_source.setdefault(claim["source_id"], []).append((claim["method"], claim["value"]))
    assert by_source["carrasco-r5001"] == [("curated", "she led the students' federation"), ("curated", "2021-05-24")]
    # The sentence about the federation stands in both later revisions: carried.  The ministry's end date
    # was reworded in revision 2 ("23 May 2021"): read again there, so the change meets the old value.
    assert ("carried", "she led the students' federation") in by_source["carrasco-r5002"]
    assert ("carried_reworded", "2021-05-23") in by_source["carrasco-r5002"]
    assert ("carried", "she led the students' federation") in by_source["carrasco-r5003"]


def file_characters(db: Path, file_text: str, source_id: str, start: int, end: int) -> list[tuple[str, str]]:
    """(how, the file's characters) for the stretches of sources.text[start:end], from source_text_map."""
    runs = rows(db, f"select * from source_text_map where source_id = '{source_id}' and text_start < {end} "
                    f"and text_end > {start} order by text_start")
    assert runs and runs[0]["text_start"] <= start and runs[-1]["text_end"] >= end
    for before, after in zip(runs, runs[1:]):
        assert before["text_end"] == after["text_start"]
    found = []
    for run in runs:
        if run["how"] == "copied":  # character for character: the file's characters for just the quote's part
            lo, hi = max(start, run["text_start"]), min(end, run["text_end"])
            shift = run["file_start"] - run["text_start"]
            found.append(("copied", file_text[lo + shift:hi + shift]))
        else:
            found.append((run["how"], file_text[run["file_start"]:run["file_end"]]))
    return found


def test_every_claims_quote_is_traced_to_the_exact_characters_of_the_export(built):
    _, extended, data = built
    file_text = (data / "sources" / EXPORT).read_text(encoding="utf-8")
    texts = {r["id"]: r["text"] for r in rows(extended, "select id, text from sources where kind = 'mediawiki_export'")}
    claims = rows(extended, "select * from claims where source_id like 'carrasco-r%'")
    assert len(claims) > 60
    for claim in claims:
        text = texts[claim["source_id"]]
        assert text[claim["char_start"]:claim["char_end"]] == claim["quote"]
        pieces = file_characters(extended, file_text, claim["source_id"], claim["char_start"], claim["char_end"])
        # Copied and escaped characters are the quote's own: without the markup around them they spell it.
        words = "".join(html.unescape(chars) for how, chars in pieces if how in ("copied", "escaped"))
        assert set(words) <= set(claim["quote"]) | {" "}, (claim["id"], pieces)
    # The exact characters, for each kind of claim:
    def traced(claim_id):
        claim = next(c for c in claims if c["id"] == claim_id)
        return file_characters(extended, file_text, claim["source_id"], claim["char_start"], claim["char_end"])
    assert traced("carrasco-r5001-infobox-1-term-start") == [("rendered", "{{Start date|2019|3|4|df=y}}")]
    assert traced("carrasco-r5001-infobox-1-served-under") == [("copied", "Rivadeneira")]
    assert traced("carrasco-r5001-infobox-2-office") == [("copied", "Member of the "), ("copied", "National Assembly")]
    published = traced("carrasco-r5001-ref-1-published")  # the quote is the whole citation
    assert ("copied", "Carrasco asume el Ministerio de Cultura") in published and ("copied", "5 March 2019") in published
    assert ("rendered", "es ") in published  # "(in Spanish)" shown for language=es


def test_links_are_published_with_their_target(built):
    _, extended, _ = built
    links = rows(extended, "select text, target, section from wiki_links where source_id = 'carrasco-r5001' "
                           "order by char_start")
    assert {"text": "Rivadeneira", "target": "Gabriela Rivadeneira", "section": "infobox"} in links
    assert {"text": "University of Cuenca", "target": "University of Cuenca", "section": "Early life and education"} \
        in links


def test_every_column_of_the_export_tables_is_described_in_metadata():
    metadata = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))["databases"]["serrano"]["tables"]
    for table in EXPORT_TABLES:
        assert (metadata.get(table) or {}).get("description"), table
        described = (metadata[table].get("columns") or {})
        assert [column for column in TABLES[table].columns if not described.get(column)] == [], table


def run(data_dir: Path, out_dir: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "build.cli", "--data", str(data_dir), "--out",
                           str(out_dir / "serrano.db"), "--quiet"], cwd=ROOT, capture_output=True, text=True)


def malformed(text: str) -> str:
    return text.replace("</timestamp>", "</timestam>", 1)


def no_revisions(text: str) -> str:
    return text[:text.index("    <revision>")] + "  </page>\n</mediawiki>\n"


def unclosed_template(text: str) -> str:
    return text.replace("| image_size   = 220px\n}}\n", "| image_size   = 220px\n", 1)


def two_pages(text: str) -> str:
    return text.replace("</page>", "</page>\n  <page><title>Other</title><revision><id>1</id>"
                                   "<timestamp>2020-01-01T00:00:00Z</timestamp><text>x</text></revision></page>")


def line_of(text: str, words: str) -> int:
    return text[:text.index(words)].count("\n") + 1


@pytest.mark.parametrize("breaker, problem", [
    (malformed, lambda t: f"line {line_of(t, '</timestam>')}, column "),
    (malformed, lambda t: ": not well-formed XML (mismatched tag)"),
    (no_revisions, lambda t: "the page 'Inés Carrasco Valdivieso' holds no revisions"),
    (unclosed_template, lambda t: f"revision 5001, line {line_of(t, '{{Infobox officeholder')}: the template "
                                  "'{{Infobox officeholder' never closes"),
    (two_pages, lambda t: "the export holds 2 pages ('Inés Carrasco Valdivieso', 'Other')"),
], ids=["malformed XML, its line", "malformed XML, the problem", "no revisions", "a template that never closes",
        "several pages"])
def test_a_bad_export_fails_in_one_line_and_publishes_nothing(tmp_path, data_copy, breaker, problem):
    assert run(data_copy, tmp_path).returncode == 0
    before = {name: (tmp_path / name).read_bytes() for name in ("serrano.db", "inspect-data.json")}
    add_person(data_copy, PERSON, "Inés Carrasco Valdivieso")
    text = breaker((FIXTURES / EXPORT).read_text(encoding="utf-8"))
    add_source(data_copy, None, id="carrasco", kind="mediawiki_export", about=PERSON,
               document="wikipedia-en-ines-carrasco", text=text)
    result = run(data_copy, tmp_path)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr, result.stderr
    assert result.stderr.startswith("build failed: source carrasco (sources/carrasco.txt): "), result.stderr
    assert problem(text) in result.stderr, result.stderr
    assert {name: (tmp_path / name).read_bytes() for name in before} == before


def test_the_source_reader_and_the_revision_comparison_show_an_export_revision(built, tmp_path):
    import asyncio

    _, extended, _ = built
    site = tmp_path / "site"
    site.mkdir()
    for name in ("serrano.db", "inspect-data.json"):
        shutil.copy(extended.parent / name, site / name)
    for name in ("metadata.yml", "settings.json"):
        shutil.copy(ROOT / name, site / name)
    for folder in ("templates", "plugins"):
        shutil.copytree(ROOT / folder, site / folder)

    async def fetch(*paths):
        from datasette.app import Datasette

        ds = Datasette(config_dir=site)
        await ds.invoke_startup()
        return [await ds.client.get(path, follow_redirects=True) for path in paths]

    reader, compared, mapped = asyncio.run(fetch(
        "/sources/carrasco-r5001", "/revisions/carrasco-r5001/carrasco-r5002",
        "/serrano/source_text_map.json?source_id=carrasco-r5001&how=rendered&_shape=array"))
    assert reader.status_code == 200 and compared.status_code == 200 and mapped.status_code == 200
    # The reader shows the rendered text, each claim marked on its words.
    assert "\nIn office: </span>" in reader.text and "{{" not in reader.text and "[[" not in reader.text
    assert 'title="start date: 4 March 2019">4 March 2019</mark>' in reader.text
    assert "23 May 2021" in compared.text and "24 May 2021" in compared.text
    assert {row["how"] for row in mapped.json()} == {"rendered"} and len(mapped.json()) > 5
