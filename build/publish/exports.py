"""The record in the formats others read, written by the build beside the database.

``static/exports/`` (served by Datasette at ``/static/exports/``; a build
output, git-ignored) gets:

* ``datapackage.json`` and ``data/<table>.csv``: a Frictionless Data Package of
  the record's tables, with their schemas (types, primary and foreign keys,
  each field's description from metadata.yml) and licences;
* ``popolo.json``: persons, organizations, posts and memberships (Popolo), a
  membership per term with its dates at their precision and its sources;
* ``annotations.jsonld``: every claim as a W3C Web Annotation on its source,
  with a TextQuoteSelector (exact, prefix, suffix) and a TextPositionSelector;
* ``wikidata_properties.csv`` (also a table): the record's properties mapped to
  Wikidata property ids, which the annotations use to classify each claim.

Everything is read back from the built database, so the exports are exactly
what the site publishes; they are staged with it and published with it.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

from .annotations import write_annotations
from ..common.executors import Deferred, SerialExecutor, raise_first_failure
from .popolo import popolo
from ..tables.schema import TABLES
from ..tables.indexes import load_metadata

# The tables a reuser needs: the documents, the resolved record, the evidence and the checks.
PACKAGE_TABLES = ("sources", "documents", "persons", "offices", "organizations", "terms", "awards", "events",
                  "indicators", "claims", "facts", "source_conflicts", "conflict_claims", "consistency_rules",
                  "consistency_findings", "finding_claims", "revision_changes", "claims_to_review",
                  "ipu_cases", "ipu_decisions", "decision_paragraphs", "wikidata_properties")
FRICTIONLESS_TYPES = {"text": "string", "integer": "integer", "real": "number"}
LICENSES = [
    {"name": "CC-BY-SA-4.0", "title": "Creative Commons Attribution-ShareAlike 4.0",
     "path": "https://creativecommons.org/licenses/by-sa/4.0/"},
]


# A database larger than this has its exports written on the machine's cores, a file per call: at 1,000
# times the seeds (1 GB) they were 11 s of one process.  The seeds' (1 MB) are written in this process,
# where starting a pool would cost more than it saves.
PARALLEL_FROM_BYTES = 64 * 1024 * 1024


def write_exports(db_path: Path, folder: Path, executor=None) -> dict:
    """Every export file, each written from the built database on a read-only connection of its own.

    ``executor`` (``build.common.executors``; default: this process) runs the files' calls when the
    database is large; the files are the same whichever process writes them.
    """
    return start_exports(db_path, folder, executor).result()


def start_exports(db_path: Path, folder: Path, executor=None):
    """``write_exports`` begun in the background (``Executor.start``); ``.result()`` waits for the files
    and gives the figures.  The build starts them once its tables are written and makes its indexes
    meanwhile (``build.publish.files.readable_while_indexed``): the exports read only the tables."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "data").mkdir(exist_ok=True)
    tables = [t for t in PACKAGE_TABLES if t in TABLES]
    # The largest first, so that the last calls to start are small ones and the cores finish together.
    jobs = [("annotations", None), ("csv", "claims"), ("popolo", None), ("datapackage", None)] + [
        ("csv", table) for table in tables if table != "claims"]
    if executor is None or db_path.stat().st_size < PARALLEL_FROM_BYTES:
        executor = SerialExecutor()
    pending = executor.start(write_export, (str(db_path), str(folder), tuple(tables)), jobs)
    return Deferred(lambda: _figures(pending.result()))


def _figures(results: list) -> dict:
    figures = dict(result for result in raise_first_failure(results) if result)
    return {"memberships": figures["memberships"], "annotations": figures["annotations"]}


def write_export(shared: tuple, job: tuple) -> tuple | None:
    """One export file (a job of ``write_exports``); the figure it gives, as (name, value), or None."""
    db_path, folder, tables = shared
    kind, table = job
    folder = Path(folder)
    if kind == "datapackage":
        _write_json(folder / "datapackage.json", datapackage(list(tables)))
        return None
    connection = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    # Rows by name for the JSON files; the CSV files take plain tuples (no sqlite3.Row made per row of
    # the largest tables).
    connection.row_factory = sqlite3.Row if kind != "csv" else None
    try:
        if kind == "csv":
            _write_csv(connection, table, folder / "data" / f"{table}.csv")
            if table == "wikidata_properties":  # the package's table, and beside the package too
                _write_csv(connection, table, folder / "wikidata_properties.csv")
            return None
        if kind == "popolo":
            people = popolo(connection)
            _write_json(folder / "popolo.json", people)
            return "memberships", len(people["memberships"])
        return "annotations", write_annotations(connection, folder / "annotations.jsonld")
    finally:
        connection.close()


def _write_csv(connection, table: str, path: Path) -> None:
    columns = list(TABLES[table].columns)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        cursor = connection.execute(f"select {', '.join(f'[{c}]' for c in columns)} from [{table}] order by rowid")
        while rows := cursor.fetchmany(5000):
            writer.writerows(rows)


def _write_json(path: Path, data) -> None:
    # No indentation: with it the json module falls back to its pure-Python encoder (ten times slower
    # on 180,000 annotations); readers format it themselves.
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")


def datapackage(tables: list[str]) -> dict:
    metadata = load_metadata()
    documented = ((metadata.get("databases") or {}).get("serrano") or {}).get("tables") or {}
    resources = []
    for table in tables:
        spec = TABLES[table]
        docs = documented.get(table) or {}
        columns = docs.get("columns") or {}
        schema = {
            "fields": [{"name": name, "type": FRICTIONLESS_TYPES[kind],
                        **({"description": str(columns[name])} if name in columns else {})}
                       for name, kind in spec.columns.items()],
            "primaryKey": list(spec.pk),
            "foreignKeys": [{"fields": [column], "reference": {"resource": other, "fields": [other_column]}}
                            for column, other, other_column in spec.foreign_keys if other in tables],
        }
        resources.append({
            "name": table.replace("_", "-"), "path": f"data/{table}.csv", "profile": "tabular-data-resource",
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "description": " ".join(str(docs.get("description") or "").split()) or None, "schema": schema,
        })
    # Frictionless names resources in lower case with hyphens; foreign keys name resources.
    for resource in resources:
        for key in resource["schema"]["foreignKeys"]:
            key["reference"]["resource"] = key["reference"]["resource"].replace("_", "-")
        if resource["description"] is None:
            del resource["description"]
    return {
        "profile": "tabular-data-package",
        "name": "jose-serrano-salgado-sourced-record",
        "title": metadata.get("title") or "A sourced public record",
        "description": ("Every fact points at the exact words of its source (claims: quote, char_start, char_end "
                        "into sources.text); disagreements between sources are kept as conflicts, facts that "
                        "cannot all be true as consistency findings."),
        "licenses": LICENSES,
        "sources": [{"title": "Wikipedia contributors, English Wikipedia", "path": "https://en.wikipedia.org/"},
                    {"title": "Inter-Parliamentary Union, Committee on the Human Rights of Parliamentarians "
                              "(reuse terms not stated)", "path": "https://www.ipu.org/"}],
        "resources": resources,
    }
