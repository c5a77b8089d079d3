"""The build's steps, in order, from the data folder to a filled database.

Everything that can fail on bad input runs here, inside the staged database, so
that a failure never touches the published ``serrano.db``.
"""

import sys
from collections import Counter
from pathlib import Path

from .common.errors import BuildError
from .common.executors import LOCAL, Deferred
# 1. sources: the manifest, and every document parsed once
from .sources.documents import parse_sources
from .sources.ipu import IpuDecision
from .sources.manifest import check_about, load_manifest
from .sources.mediawiki import KIND as EXPORT_KIND, check_unique
# 2. revisions: consecutive versions of a document aligned
from .revisions.pairs import align_all, consecutive_pairs
# 3. claims: curated, infobox, carried and reference claims, named through the vocabularies
from .claims.collect import collect_claims
from .claims.references import reference_claims, reference_vocabulary
from .claims.vocabularies import PROVISIONAL_TABLES, load_vocabularies, vocabularies_key
# 4. compare: conflicts per fact, the resolved record, consistency across facts
from .compare.conflicts import detect, group_facts
from .compare.consistency import run_rules
from .compare.record import Record
from .compare.rule_facts import Facts
from .compare.rules import RULES
from .compare.witnesses import Witnesses
# 5. coverage (read by tables.coverage and tables.mentions): what the claims leave unread
from .coverage.mentions import start_mentions
# 6. tables: one writer per table
from .tables.agreement import add_document_agreement
from .tables.awards_timeline import add_awards_timeline
from .tables.coverage import add_coverage, report_lines
from .tables.documents import add_document_tables
from .tables.extraction import add_extraction_reviews
from .tables.facet_counts import add_facet_counts
from .tables.findings import add_findings
from .tables.indexes import add_indexes
from .tables.mentions import add_mentions
from .tables.record import add_record_tables
from .tables.revisions import add_revision_tables
from .tables.schema import create_tables
from .tables.segments import add_source_segments
from .tables.sources import add_sources
from .tables.wiki_exports import add_export_tables
from .tables.wikidata import add_wikidata_properties
# 7. publish: the exports begun here (build.cli gives them), the atomic rename in build.cli
from .publish.files import readable_while_indexed


def build_database(db, data_dir: Path, report=print, strict: bool = False, warn=None,
                   extraction: bool = True, work=LOCAL, exports=None) -> dict:
    """Fill ``db`` from ``data_dir``; return figures worth printing.

    ``extraction=False`` leaves the prose to the curated claims alone (no rule reads it): the
    comparison ``make bench-scale`` prints, and ``make eval-extraction``'s reference.

    The stages run in order; each table is written as soon as what it holds is known (the order
    of the writes is kept as it is so that the database file stays byte-identical build to build).
    ``warn`` prints a warning line (default: to stderr, even with ``--quiet``); with ``strict`` a
    warning is an error instead.

    ``work`` (``build.common.executors.DocumentWork``) is where the steps that depend on one document
    run (reading each entry, aligning each pair of revisions, each curated file's claims, each text's
    dates and figures) and the cache their outputs are kept in between builds; everything else, the
    grouping of claims by fact and person and every table, runs here, in the order below.

    ``exports`` (the command line's: ``build.publish.exports.start_exports`` of the staged file) is
    called once every table is written, and the exports it begins read them while the indexes are
    made here; its figures join the ones returned.
    """
    sources = load_manifest(data_dir)
    vocabularies = load_vocabularies(data_dir, work)
    # An export's revisions share their entry's ``about``: checked on the entries, before any is read.
    check_about(sources, vocabularies["persons"], data_dir)
    exported = any(source.kind == EXPORT_KIND for source in sources)
    create_tables(db, exports=exported)
    # Every entry read on ``work``'s executor; a MediaWiki export becomes one source per revision here.
    parsed = parse_sources(sources, work)
    sources = [item.source for item in parsed]
    check_unique(sources)
    mentions = start_mentions([item.source.text for item in parsed], work)  # read by add_mentions
    witnesses = Witnesses(sources, parsed)
    add_sources(db, sources, {document: witnesses.title(document) for document in witnesses.kinds})
    pairs = consecutive_pairs(parsed)
    align_all(pairs, work)
    claims, carried, extracted = collect_claims(data_dir, parsed, vocabularies, pairs, extraction, work,
                                                vocabularies_key(data_dir))
    claims += reference_claims(parsed)  # the dates the References print: claims about each reference
    check_empty_articles(parsed, claims, strict, warn or _to_stderr)
    vocabularies["references"] = reference_vocabulary(parsed)
    people = add_document_tables(db, parsed, vocabularies)
    if exported:
        add_export_tables(db, parsed)
    people |= {source.about for source in sources if source.about}
    compared = compare_and_write(db, claims, parsed, vocabularies, witnesses, people)
    add_wikidata_properties(db)
    add_revision_tables(db, pairs, carried)
    add_extraction_reviews(db, extracted.reviews)
    changes = sum(len(pair.changes) for pair in pairs)
    sentences = add_coverage(db, data_dir, parsed, claims, pairs)
    del pairs  # the alignments' last reader: freed before the segments and mentions
    add_source_segments(db, sources, claims, compared["disputed"], sentences.pop("spans"))
    coverage = add_mentions(db, parsed, claims, mentions.result())
    with readable_while_indexed(db):  # the exports read the tables while the indexes are written
        exporting = exports() if exports else Deferred(dict)
        add_indexes(db)
        add_facet_counts(db)  # reads the facet columns' indexes
        check_foreign_keys(db)
        exported = exporting.result()
    for line in report_lines(sentences, coverage):
        report(line)
    report_provisional(vocabularies, report)
    report_extraction(extracted, extraction, report)
    report_findings(compared["findings"], report)
    return {
        "sources": len(sources),
        "decision paragraphs": db["decision_paragraphs"].count,
        "passages": db["passages"].count,
        "infobox fields": db["infobox_fields"].count,
        "claims": len(claims),
        "carried claims": len(carried.claims),
        "extracted claims": len(extracted.claims),
        "revision changes": changes,
        "comparisons": compared["comparisons"],
        "conflicts": compared["conflicts"],
        "findings": len(compared["findings"]),
        "mentions covered": f"{coverage['covered']}/{coverage['mentions']}",
        "sentences unaccounted": sum(c["unaccounted"] for c in sentences["by_source"].values()),
        **exported,
    }


def compare_and_write(db, claims: list[dict], parsed, vocabularies, witnesses, people: set) -> dict:
    """Group the claims by fact and person (comparisons, conflicts, the resolved record, the
    consistency rules), write the tables that hold them, and return what later steps and the report
    need: the findings, the ids of the claims in a conflict, two counts.

    A function of its own so that the comparison's objects (every comparison, the record, the
    facts) are freed when it returns, before the coverage tables are built.  With the tables written
    from generators, that took the peak of a 1,000x build from 1,915 to 1,591 MB.
    """
    by_fact = group_facts(claims)  # read by both: grouped once
    comparisons, conflicts, facts = detect(claims, by_fact)
    record = Record(claims, conflicts, vocabularies, witnesses, people, by_fact)
    findings = run_rules(Facts(record, parsed, witnesses), RULES)
    record.add_findings(findings)  # a fact an error finding says cannot be true is disputed
    add_record_tables(db, record, comparisons, conflicts)
    add_findings(db, RULES, findings)
    add_awards_timeline(db)  # reads the claims and conflicts just written
    add_document_agreement(db, facts, witnesses.document_of)
    return {"findings": findings, "comparisons": db["claim_comparisons"].count, "conflicts": len(conflicts),
            "disputed": {claim["id"] for conflict in conflicts for claim in conflict.claims}}


def check_empty_articles(parsed, claims: list[dict], strict: bool, warn) -> None:
    """An article that gave no infobox and no claim (a page pasted without its "|" rows, a layout
    the parser does not know) builds, but never silently: a warning line names it and what was
    expected; ``--strict`` makes it an error."""
    # Claims a rule read from the prose do not count: a page whose infobox was lost (pasted without its
    # "|" rows) still yields a sentence or two, and must not slip in on them unnoticed.
    claimed = {claim["source_id"] for claim in claims
               if claim["subject_table"] != "references" and claim["method"] != "extracted"}
    from_prose = Counter(claim["source_id"] for claim in claims if claim["method"] == "extracted")
    for item in parsed:
        if isinstance(item.document, IpuDecision) or item.infobox_fields or item.source.id in claimed:
            continue
        where = f"source {item.source.id} (data/{item.source.file})"
        read = from_prose[item.source.id]
        problem = ("no infobox found and no claims read" + (f" (only {read} read from its prose by rules)" if read else "")
                   + ": expected infobox rows ('Label | value |', with a '---|---|' rule under the name) after "
                   "the title, '- Key: value' lines, or curated claims in data/claims/; only its text is loaded")
        if strict:
            raise BuildError(where, problem + " (--strict)")
        warn(f"warning: {where}: {problem}")


def _to_stderr(line: str) -> None:
    print(line, file=sys.stderr)


def report_provisional(vocabularies, report) -> None:
    """Name the entities only automatic extraction found, so a curator can add them or an alias."""
    for table in PROVISIONAL_TABLES:
        entries = vocabularies[table].provisional()
        if entries:
            shown = ", ".join(f"{e['name']!r} ({e['first_source_id']})" for e in entries[:10])
            more = f" and {len(entries) - 10} more" if len(entries) > 10 else ""
            report(f"provisional {table}: {len(entries)} named only by automatic extraction: {shown}{more}; "
                   f"add them, or an alias, to {vocabularies[table].display} (view: provisional_entities)")


def report_extraction(extracted, enabled: bool, report) -> None:
    """What the rules read from the prose, and what curators already read or rejected of it."""
    if not enabled:
        report("extraction: off (no claims read from the prose by rules)")
        return
    superseded = [r for r in extracted.reviews if r["status"] == "superseded"]
    rejected = [r for r in extracted.reviews if r["status"] == "rejected"]
    agree = sum(r["same_value"] for r in superseded)
    report(f"extraction: {len(extracted.claims)} claims read from the prose by rules (method 'extracted'); "
           f"{len(superseded)} more read words a curated claim reads ({agree} with its value), "
           f"{len(rejected)} rejected by a curator; see extraction_reviews")


def report_findings(findings, report) -> None:
    """Print what the consistency rules found, one line each (the first 20)."""
    report(f"consistency: {len(findings)} findings (facts that cannot all be true); see consistency_findings")
    for finding in findings[:20]:
        report(f"  [{finding.severity}] {finding.rule}: {finding.summary}")
    if len(findings) > 20:
        report(f"  ... and {len(findings) - 20} more")


def check_foreign_keys(db) -> None:
    """Tables are filled in any order; every reference must hold once they all are."""
    broken = db.execute("PRAGMA foreign_key_check").fetchall()
    if broken:
        table, rowid, parent, _ = broken[0]
        raise BuildError("database", f"{len(broken)} broken references, the first in {table} "
                                     f"(row {rowid}) to a missing {parent} row: a build bug, please report it")
