"""The exports, each checked by its own validator: Frictionless for the Data Package, the terms
table for Popolo memberships, pyld for the Web Annotations."""

import csv
import json
import shutil

import pytest

from conftest import ROOT

EXPORTS = ROOT / "static" / "exports"


@pytest.fixture(scope="module")
def exports(built_db_path):
    assert (EXPORTS / "datapackage.json").exists(), "the build writes static/exports/"
    return EXPORTS


def test_the_data_package_is_valid_and_holds_every_row(exports, db):
    import frictionless

    report = frictionless.validate(str(exports / "datapackage.json"))
    assert report.valid, [error.message for task in report.tasks for error in task.errors][:5]
    package = json.loads((exports / "datapackage.json").read_text())
    assert package["licenses"][0]["name"] == "CC-BY-SA-4.0"
    for resource in package["resources"]:
        table = resource["path"].removeprefix("data/").removesuffix(".csv")
        with (exports / resource["path"]).open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert len(rows) == db[table].count, table
        assert [f["name"] for f in resource["schema"]["fields"]] == list(db[table].columns_dict), table
        assert resource["schema"]["primaryKey"] == db[table].pks
    claims = next(r for r in package["resources"] if r["name"] == "claims")
    assert {"fields": ["source_id"], "reference": {"resource": "sources", "fields": ["id"]}} in claims["schema"]["foreignKeys"]
    quote = next(f for f in claims["schema"]["fields"] if f["name"] == "quote")
    assert "exact words" in quote["description"]


def test_a_broken_reference_makes_the_data_package_invalid(exports, tmp_path):
    """The validator really checks the foreign keys: a claim pointing at a missing source fails it."""
    import frictionless

    copy = tmp_path / "exports"
    shutil.copytree(exports, copy)
    path = copy / "data" / "claims.csv"
    rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
    source_column = rows[0].index("source_id")
    rows[1][source_column] = "no-such-source"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    assert not frictionless.validate(str(copy / "datapackage.json")).valid


def test_every_popolo_membership_is_a_term(exports, db):
    popolo = json.loads((exports / "popolo.json").read_text())
    memberships = {m["id"]: m for m in popolo["memberships"]}
    terms = {t["id"]: t for t in db["terms"].rows}
    assert set(memberships) == set(terms)
    posts = {p["id"]: p for p in popolo["posts"]}
    people = {p["id"] for p in popolo["persons"]}
    for term_id, term in terms.items():
        membership = memberships[term_id]
        assert (membership["person_id"], membership["post_id"]) == (term["person_id"], term["office_id"])
        assert membership.get("start_date") == term["start_date"] and membership.get("end_date") == term["end_date"]
        assert membership["person_id"] in people and membership["post_id"] in posts
        assert membership["sources"], term_id  # each membership says where it comes from
    interior = memberships["jose-serrano-salgado-minister-of-the-interior-1"]
    assert (interior["start_date"], interior["end_date"]) == ("2011-05-13", "2016-11-15")
    assert interior["organization_id"] == "government-of-ecuador"


def test_every_annotation_expands_and_quotes_its_claim_exactly(exports, db):
    from pyld import jsonld

    def no_network(url, options=None):
        raise AssertionError(f"the annotations must expand offline, but fetched {url}")

    data = json.loads((exports / "annotations.jsonld").read_text())
    expanded = jsonld.expand(data, {"documentLoader": no_network})
    assert expanded, "the document expands to something"
    OA = "http://www.w3.org/ns/oa#"
    claims = {c["id"]: c for c in db["claims"].rows}
    items = data["first"]["items"]
    assert data["total"] == len(items) == len(claims)
    flattened = jsonld.expand({"@context": data["@context"], "@graph": items}, {"documentLoader": no_network})
    assert len(flattened) == len(claims)
    for node in flattened:
        claim = claims[node["@id"].rsplit("/", 1)[1]]
        assert node["@type"] == [OA + "Annotation"]
        (target,) = node[OA + "hasTarget"]
        selectors = {s["@type"][0]: s for s in target[OA + "hasSelector"]}
        quote = selectors[OA + "TextQuoteSelector"]
        assert quote[OA + "exact"][0]["@value"] == claim["quote"]
        position = selectors[OA + "TextPositionSelector"]
        assert int(position[OA + "start"][0]["@value"]) == claim["char_start"]
        assert int(position[OA + "end"][0]["@value"]) == claim["char_end"]


def test_the_wikidata_mapping_names_the_properties_the_record_uses(db):
    mapping = {(r["subject_table"], r["property"]): r["wikidata_property"] for r in db["wikidata_properties"].rows}
    expected = {("terms", "office"): "P39", ("terms", "start_date"): "P580", ("terms", "end_date"): "P582",
                ("terms", "predecessor"): "P1365", ("terms", "successor"): "P1366", ("awards", "name"): "P166",
                ("persons", "birth_date"): "P569", ("persons", "birth_place"): "P19", ("persons", "alma_mater"): "P69"}
    for key, pid in expected.items():
        assert mapping[key] == pid
    annotations = (EXPORTS / "annotations.jsonld").read_text()
    assert "http://www.wikidata.org/prop/direct/P580" in annotations  # the annotations use it


async def test_the_exports_are_served_and_linked_from_home(datasette):
    html = (await datasette.client.get("/")).text
    for name in ("datapackage.json", "popolo.json", "annotations.jsonld"):
        assert f'href="/static/exports/{name}"' in html
        response = await datasette.client.get(f"/static/exports/{name}")
        assert response.status_code == 200 and json.loads(response.text)


def _files(folder):
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*"))
            if path.is_file()}


def test_exports_written_on_several_processes_are_the_ones_written_in_one(built_db_path, tmp_path, monkeypatch):
    """A large database has its export files written a file per call on a pool of background processes (at
    1,000 times the seeds); the files are the ones the build's own process writes, byte for byte, and so
    are the figures."""
    from build.common.executors import ProcessExecutor
    from build.publish import exports as module

    serial = module.write_exports(built_db_path, tmp_path / "serial")
    assert serial["annotations"] > 0 and serial["memberships"] > 0
    monkeypatch.setattr(module, "PARALLEL_FROM_BYTES", 0)  # the seeds' database counted as a large one
    calls = []
    pool = ProcessExecutor(2)
    original_start = pool.start
    monkeypatch.setattr(pool, "start", lambda *args: calls.append(len(args[2])) or original_start(*args))
    parallel = module.write_exports(built_db_path, tmp_path / "parallel", pool)
    assert calls == [len(module.PACKAGE_TABLES) + 3]  # every file on the pool: the tables, popolo, annotations, package
    assert parallel == serial
    written = _files(tmp_path / "parallel")
    assert written == _files(tmp_path / "serial") and written == _files(EXPORTS)
    assert "wikidata_properties.csv" in written and "data/claims.csv" in written and len(written) == 26


def test_a_failing_export_fails_the_build_with_its_error(built_db_path, tmp_path, monkeypatch):
    """An error in a file's call (the disk filled up) is raised as it would be in one process."""
    from build.common.executors import ProcessExecutor
    from build.publish import exports as module

    monkeypatch.setattr(module, "PARALLEL_FROM_BYTES", 0)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "popolo.json").mkdir()  # a folder where the file goes: writing it fails
    with pytest.raises(IsADirectoryError):
        module.write_exports(built_db_path, tmp_path / "out", ProcessExecutor(2))
