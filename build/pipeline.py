"""The build's steps, in order, from the data folder to a filled database.

Everything that can fail on bad input runs here, inside the staged database, so
that a failure never touches the published ``serrano.db``.
"""

from pathlib import Path

from .manifest import load_manifest
from .claims import collect_claims
from .conflicts import detect
from .documents import parse_sources
from .tables_documents import add_document_tables
from .tables_indexes import add_indexes
from .tables_mentions import add_mentions
from .tables_record import add_record_tables
from .tables_segments import add_source_segments
from .tables_sources import add_sources
from .vocabularies import load_vocabularies


def build_database(db, data_dir: Path, report=print) -> dict:
    """Fill ``db`` from ``data_dir``; return figures worth printing."""
    sources = load_manifest(data_dir)
    add_sources(db, sources)
    parsed = parse_sources(sources)
    add_document_tables(db, parsed)
    vocabularies = load_vocabularies(data_dir)
    claims = collect_claims(data_dir, parsed, vocabularies)
    comparisons, conflicts = detect(claims)
    add_record_tables(db, claims, comparisons, conflicts, vocabularies)
    add_source_segments(db, sources, claims, {c["id"] for conflict in conflicts for c in conflict.claims})
    coverage = add_mentions(db, parsed, claims)
    add_indexes(db)
    share = coverage["covered"] / coverage["mentions"] if coverage["mentions"] else 1.0
    report(f"coverage: {coverage['covered']} of {coverage['mentions']} date and number mentions "
           f"({share:.0%}) fall inside some claim's span; see the uncovered_mentions view")
    return {
        "sources": len(sources),
        "decision paragraphs": db["decision_paragraphs"].count,
        "passages": db["passages"].count,
        "infobox fields": db["infobox_fields"].count,
        "claims": len(claims),
        "comparisons": len(comparisons),
        "conflicts": len(conflicts),
        "mentions covered": f"{coverage['covered']}/{coverage['mentions']}",
    }
