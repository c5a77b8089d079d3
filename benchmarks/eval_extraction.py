"""make eval-extraction: how well the rules read the seeds, measured against the curated claims.

    python benchmarks/eval_extraction.py [--data data] [--tuned wikipedia-a] [--json out.json]

Builds the seeds twice with the real command, in a temporary folder: once as
they are (the curated claims: the answer), once with ``data/claims/`` set aside
(only the infobox, the references and the rules read the sources: the
extracted claims).  An extracted claim matches a curated one when both are of
the same source, property and value (dates by their ISO value, figures by value
and unit, names by the entry they resolve to, words compared without case or
punctuation) and their quotes overlap.  Only curated claims of the properties
the rules read count (``SCOPE``): offices' dates and the people around them,
birth and death, degrees, awards' names, dates and grantors, figures, and the
dates of elections and candidacies.

Printed for the sources the rules were written on (``--tuned``), for the others
(held out), and for all: recall (curated claims matched) and precision
(extracted claims matching one) per property and overall, then every miss and
every extracted claim with no curated match.  A match whose subject differs (the
curated reading names another office for the same words) is listed too.
"""

import argparse
import contextlib
import datetime
import io
import json
import shutil
import sqlite3
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from build.cli import main as build_main  # noqa: E402
from build.common.text import normalize_text  # noqa: E402

SCOPE = {
    "terms": {"start_date", "end_date", "predecessor", "successor", "served_under", "appointed_by"},
    "persons": {"birth_date", "birth_place", "death_date", "death_place", "degree", "degree_subject", "alma_mater"},
    "awards": {"name", "date", "conferred_by"},
    "indicators": {"value"},
    "events": {"date"},  # of elections and candidacies only (election_events)
}
COLUMNS = ("id, source_id, subject_table, subject_id, entity_id, subject_name, property, value, unit, value_raw, "
           "char_start, char_end, rule, quote")


def build(data: Path, out: Path) -> sqlite3.Connection:
    with contextlib.redirect_stdout(io.StringIO()):  # the build's own last line (its sha256) is not a figure here
        code = build_main(["--data", str(data), "--out", str(out / "serrano.db"), "--quiet"])
    if code != 0:
        raise SystemExit(f"eval-extraction: the build of {data} failed")
    conn = sqlite3.connect(out / "serrano.db")
    conn.row_factory = sqlite3.Row
    return conn


def election_events(data: Path) -> set[str]:
    """The events the rules date: elections and candidacies (``kind`` in events.yml), and pre-candidacies."""
    import yaml
    entries = yaml.safe_load((data / "vocabularies" / "events.yml").read_text())["events"]
    return {e["id"] for e in entries
            if e.get("kind") in ("election", "candidacy") or e["name"].lower().startswith(("pre-candidacy", "candidacy"))}


def in_scope(claim, events: set[str]) -> bool:
    if claim["property"] not in SCOPE.get(claim["subject_table"], ()):
        return False
    return claim["subject_table"] != "events" or claim["entity_id"] in events


def same_value(a, b) -> bool:
    if a["property"] != b["property"] or a["source_id"] != b["source_id"]:
        return False
    if (a["unit"] or None) != (b["unit"] or None):
        return False
    return a["value"] == b["value"] or normalize_text(a["value"]) == normalize_text(b["value"])


def overlap(a, b) -> bool:
    return a["char_start"] < b["char_end"] and b["char_start"] < a["char_end"]


def evaluate(curated: list, extracted: list) -> dict:
    matched_curated, matched_extracted, other_subject = set(), set(), []
    for e in extracted:
        for c in curated:
            if same_value(e, c) and overlap(e, c):
                matched_curated.add(c["id"])
                matched_extracted.add(e["id"])
                if (e["subject_table"], e["entity_id"]) != (c["subject_table"], c["entity_id"]):
                    other_subject.append((e, c))
    by_property: dict[str, list[int]] = {}
    for c in curated:
        key = f"{c['subject_table']}.{c['property']}"
        by_property.setdefault(key, [0, 0, 0, 0])
        by_property[key][0] += 1
        by_property[key][1] += c["id"] in matched_curated
    for e in extracted:
        key = f"{e['subject_table']}.{e['property']}"
        by_property.setdefault(key, [0, 0, 0, 0])
        by_property[key][2] += 1
        by_property[key][3] += e["id"] in matched_extracted
    return {
        "curated": len(curated), "matched_curated": len(matched_curated),
        "extracted": len(extracted), "matched_extracted": len(matched_extracted),
        "by_property": by_property,
        "misses": [c for c in curated if c["id"] not in matched_curated],
        "unmatched": [e for e in extracted if e["id"] not in matched_extracted],
        "other_subject": other_subject,
    }


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f} % ({part}/{whole})" if whole else "n/a (0/0)"


def report(title: str, result: dict, out) -> None:
    print(f"\n== {title}", file=out)
    print(f"recall {percent(result['matched_curated'], result['curated'])}, "
          f"precision {percent(result['matched_extracted'], result['extracted'])}", file=out)
    print(f"  {'property':<26} {'recall':>20} {'precision':>20}", file=out)
    for key, (curated, found, extracted, right) in sorted(result["by_property"].items()):
        print(f"  {key:<26} {percent(found, curated):>20} {percent(right, extracted):>20}", file=out)
    for label, rows in (("missed (curated, not extracted)", result["misses"]),
                        ("extracted, no curated match", result["unmatched"])):
        print(f"  {label}: {len(rows)}", file=out)
        for row in rows:
            words = " ".join(row["quote"].split())
            print(f"    - {row['id']}: {row['subject_table']}.{row['property']} = {row['value_raw']!r} "
                  f"({row['subject_name']}){' [' + row['rule'] + ']' if row['rule'] else ''}  «{words[:110]}»",
                  file=out)
    if result["other_subject"]:
        print(f"  matched, but read as another subject: {len(result['other_subject'])}", file=out)
        for e, c in result["other_subject"]:
            print(f"    - {e['id']} ({e['subject_name']}) ~ {c['id']} ({c['subject_name']})", file=out)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(REPO / "data"), type=Path)
    parser.add_argument("--tuned", default="wikipedia-a", help="comma-separated sources the rules were written on")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    tuned = set(args.tuned.split(","))
    with tempfile.TemporaryDirectory(dir=REPO) as folder:
        folder = Path(folder)
        (folder / "curated").mkdir()
        (folder / "extracted").mkdir()
        with_curated = build(args.data, folder / "curated")
        bare = folder / "data"
        shutil.copytree(args.data, bare)
        for path in (bare / "claims").glob("*.y*ml"):
            path.unlink()
        without = build(bare, folder / "extracted")
        events = election_events(args.data)
        curated = [r for r in with_curated.execute(f"select {COLUMNS} from claims where method = 'curated'")
                   if in_scope(r, events)]
        extracted = list(without.execute(f"select {COLUMNS} from claims where method = 'extracted'"))
        with_curated.close()
        without.close()
    others = sorted({row["source_id"] for row in curated + extracted} - tuned)
    groups = [("written on: " + ", ".join(sorted(tuned)), lambda s: s in tuned)]
    groups += [(f"held out: {source}", lambda s, source=source: s == source) for source in others]
    groups += [("held out: " + ", ".join(others), lambda s: s not in tuned), ("all sources", lambda s: True)]
    figures = {"measured": datetime.date.today().isoformat(), "tuned_on": sorted(tuned)}
    print(f"eval-extraction, {figures['measured']}: extracted claims (curated files set aside) against the "
          f"curated claims of the properties the rules read")
    for title, keep in groups:
        result = evaluate([c for c in curated if keep(c["source_id"])],
                          [e for e in extracted if keep(e["source_id"])])
        report(title, result, sys.stdout)
        figures[title] = {k: result[k] for k in ("curated", "matched_curated", "extracted", "matched_extracted",
                                                 "by_property")}
        figures[title]["misses"] = [r["id"] for r in result["misses"]]
        figures[title]["unmatched"] = [r["id"] for r in result["unmatched"]]
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
