"""Every table of the database, declared once: columns (in display order), types,
primary key and foreign keys.

The build creates each table from here before inserting (``create_table``), so
a table exists with all its columns even when a manifest gives it no rows (a
manifest with only an IPU decision has no infobox fields and no comparisons),
and canned queries, pages and exports can rely on its shape.  Exports read the
same declarations for their table schemas.
"""

from __future__ import annotations

from typing import NamedTuple

TEXT, INTEGER, REAL = "text", "integer", "real"


class Table(NamedTuple):
    name: str
    columns: dict[str, str]  # name -> text | integer | real, in display order
    pk: tuple[str, ...]
    foreign_keys: tuple[tuple[str, str, str], ...] = ()  # (column, other table, other column)
    fts: tuple[str, ...] = ()  # columns searched with full-text search


def cols(spec: str) -> dict[str, str]:
    """'id, name, count:integer' -> {'id': 'text', 'name': 'text', 'count': 'integer'}."""
    out = {}
    for item in spec.replace("\n", " ").split(","):
        item = item.strip()
        if item:
            name, _, kind = item.partition(":")
            out[name.strip()] = kind.strip() or TEXT
    return out


SUPPORT = cols("""claims_count:integer, sources_count:integer, documents_count:integer, sources,
                  disputed:integer, disputed_properties, conflicts_count:integer, findings_count:integer""")
PROVENANCE = cols("provisional:integer, first_source_id")


def _fact(prefix: str, date: bool = False) -> dict[str, str]:
    if date:
        return cols(f"{prefix}, {prefix}_precision, {prefix}_rule, {prefix}_latest_revision")
    return cols(f"{prefix}, {prefix}_rule")


TABLES: dict[str, Table] = {}


def _table(name, columns, pk=("id",), foreign_keys=(), fts=()):
    TABLES[name] = Table(name, columns, tuple(pk), tuple(foreign_keys), tuple(fts))


# --- documents --------------------------------------------------------------------

_table("sources", cols("""id, title, kind, file, sha256, chars:integer, description, publisher, language,
    license, url, retrieved, about, document, revision:integer, revision_date, revision_inferred:integer,
    notes, text"""), foreign_keys=[("about", "persons", "id"), ("document", "documents", "id")])
_table("documents", cols("""id, title, kind, about, revisions_count:integer, first_source_id, latest_source_id"""),
       foreign_keys=[("about", "persons", "id"), ("latest_source_id", "sources", "id"),
                     ("first_source_id", "sources", "id")])
_table("ipu_cases", cols("""case_id, name, title, collective:integer, persons_count:integer, decisions_count:integer,
    latest_source_id, document"""), pk=("case_id",),
       foreign_keys=[("latest_source_id", "sources", "id"), ("document", "documents", "id")])
_table("ipu_decisions", cols("""source_id, case_id, case_header, person, person_start:integer,
    person_end:integer, case_id_start:integer, case_id_end:integer, adopted_by, adopted_how, session:integer,
    adopted_place, adopted_on, adopted_on_raw, adoption_start:integer, adoption_end:integer,
    decision_preamble, paragraphs_count:integer"""), pk=("source_id",),
       foreign_keys=[("source_id", "sources", "id"), ("case_id", "ipu_cases", "case_id")])
_table("ipu_case_persons", cols("""id, case_id, source_id, name, person_id, char_start:integer,
    char_end:integer"""), foreign_keys=[("case_id", "ipu_cases", "case_id"), ("source_id", "sources", "id"),
                                         ("person_id", "persons", "id")])
_table("ipu_side_box", cols("""id, source_id, case_id, key, label, value, char_start:integer, char_end:integer"""),
       foreign_keys=[("source_id", "sources", "id"), ("case_id", "ipu_cases", "case_id")])
_table("alleged_violations", cols("id, case_id, source_id, value, char_start:integer, char_end:integer"),
       foreign_keys=[("case_id", "ipu_cases", "case_id"), ("source_id", "sources", "id")])
_table("decision_paragraphs", cols("""id, source_id, case_id, part, number:integer, operative_verb,
    operative_phrases, attributed_to, text, char_start:integer, char_end:integer"""),
       foreign_keys=[("source_id", "sources", "id"), ("case_id", "ipu_cases", "case_id")], fts=("text",))
_table("operative_phrases", cols("""id, paragraph_id, source_id, case_id, number:integer, ordinal:integer, phrase,
    char_start:integer, char_end:integer"""),
       foreign_keys=[("paragraph_id", "decision_paragraphs", "id"), ("source_id", "sources", "id"),
                     ("case_id", "ipu_cases", "case_id")])
_table("infobox_fields", cols("id, source_id, block, key, label, value, char_start:integer, char_end:integer"),
       foreign_keys=[("source_id", "sources", "id")])
_table("passages", cols("""id, source_id, section, kind, ordinal:integer, parent_id, text, char_start:integer,
    char_end:integer, heading_start:integer, heading_end:integer"""),
       foreign_keys=[("source_id", "sources", "id"), ("parent_id", "passages", "id")], fts=("text",))
_table("references", cols("""id, source_id, number:integer, text, char_start:integer, char_end:integer,
    language, title, title_start:integer, title_end:integer, publisher, publisher_start:integer,
    publisher_end:integer, published, published_start:integer, published_end:integer, archived,
    archived_start:integer, archived_end:integer, citation_end:integer"""),
       foreign_keys=[("source_id", "sources", "id")])
_table("citations", cols("""id, source_id, number:integer, reference_id, sentence_id, char_start:integer,
    char_end:integer"""), foreign_keys=[("source_id", "sources", "id"), ("reference_id", "references", "id"),
                                        ("sentence_id", "passages", "id")])

# --- the resolved record ---------------------------------------------------------------

_table("persons", {**cols("id, name, is_record_subject:integer"), **PROVENANCE, **_fact("birth_date", True),
                   **_fact("birth_place"), **_fact("death_date", True), **_fact("death_place"),
                   **cols("aliases"), **SUPPORT},
       foreign_keys=[("first_source_id", "sources", "id")])
EXISTENCE = cols("inception, dissolution, existence_note")
_table("offices", {**cols("id, name, branch, jurisdiction, body_id"), **EXISTENCE,
                   **cols("terms_count:integer, aliases"), **PROVENANCE, **SUPPORT},
       foreign_keys=[("first_source_id", "sources", "id"), ("body_id", "organizations", "id")])
_table("organizations", {**cols("id, name, country"), **EXISTENCE, **SUPPORT})
_table("awards", {**cols("id, name, person_id, award_id, country"), **PROVENANCE, **_fact("date", True),
                  **cols("conferred_by_id, conferred_by_rule"), **_fact("place"), **cols("aliases"), **SUPPORT},
       foreign_keys=[("person_id", "persons", "id"), ("conferred_by_id", "organizations", "id"),
                     ("first_source_id", "sources", "id")])
# The awards in date order, read straight from the claims (build.tables.awards_timeline).
_table("awards_timeline", cols("""award_id, timeline_order:integer, year, date, award, conferred_by, place,
    dates_given, sources, claims:integer, disputed:integer, status, awards:integer"""), pk=("award_id",),
       foreign_keys=[("award_id", "awards", "id")])
_table("indicators", {**cols("id, name, description, periods, units"), **SUPPORT})
_table("events", {**cols("id, name, person_id, event_id"), **_fact("date", True), **_fact("place"), **SUPPORT},
       foreign_keys=[("person_id", "persons", "id")])
_TERM_PEOPLE = ("predecessor_id", "successor_id", "served_under_id", "appointed_by_id")
_table("terms", {**cols("id, name, person_id, office_id, holding:integer"), **_fact("start_date", True),
                 **_fact("end_date", True),
                 **cols("start_earliest, start_latest, end_earliest, end_latest, ongoing:integer"),
                 **{k: v for column in _TERM_PEOPLE for k, v in cols(f"{column}, {column[:-3]}_rule").items()},
                 **SUPPORT},
       foreign_keys=[("person_id", "persons", "id"), ("office_id", "offices", "id")]
       + [(column, "persons", "id") for column in _TERM_PEOPLE])

# --- claims and their comparison ----------------------------------------------------------

# subject table -> the claims/source_conflicts column that links to it
SUBJECT_FK = {"terms": "term_id", "persons": "person_id", "awards": "award_id",
              "indicators": "indicator_id", "events": "event_id"}
# vocabulary of an entity value -> the claims column that links to it
VALUE_FK = {"persons": "value_person_id", "offices": "value_office_id", "organizations": "value_organization_id"}

_table("claims", cols("""id, subject_name, property, value_raw, quote, source_id, value_display, value,
    value_label, value_type, unit, precision, period, qualifier, item, subject_table, subject_id, person_id,
    entity_id, holding:integer, char_start:integer, char_end:integer, value_start:integer, value_end:integer,
    section, attributed_to, method, rule, reviewed:integer, carried_from, origin_id, date_start, date_end, inferred,
    inferred_from_start:integer, inferred_from_end:integer, credited_term_id, note, curated_in, term_id, award_id,
    indicator_id, event_id, value_person_id, value_office_id, value_organization_id, reference_id"""),
       foreign_keys=[("source_id", "sources", "id"), ("person_id", "persons", "id"), ("term_id", "terms", "id"),
                     ("carried_from", "claims", "id"), ("origin_id", "claims", "id"),
                     ("credited_term_id", "terms", "id"),
                     ("award_id", "awards", "id"), ("indicator_id", "indicators", "id"), ("event_id", "events", "id"),
                     ("value_person_id", "persons", "id"), ("value_office_id", "offices", "id"),
                     ("value_organization_id", "organizations", "id"), ("reference_id", "references", "id")])
_table("claim_comparisons", cols("""claim_id, other_value_key, verdict, rule, kind, fact_id, source_id, value,
    other_claims_count:integer, other_sources_count:integer, other_sources, conflict_id"""),
       pk=("claim_id", "other_value_key"),
       foreign_keys=[("claim_id", "claims", "id"), ("source_id", "sources", "id"),
                     ("conflict_id", "source_conflicts", "id")])
_table("document_agreement", cols("""id, document_a, document_b, within_document:integer, facts_in_common:integer,
    agree:integer, refine:integer, conflict:integer, conflict_percent:real"""),
       foreign_keys=[("document_a", "documents", "id"), ("document_b", "documents", "id")])
_table("source_conflicts", cols("""id, title, subject_table, subject_id, subject_name, person_id, property, qualifier,
    kind, within_source:integer, sources_count:integer, documents_count:integer, values_count:integer,
    sides_count:integer, claims_count:integer, sources, summary, term_id, award_id, indicator_id, event_id"""),
       foreign_keys=[("person_id", "persons", "id"), ("term_id", "terms", "id"), ("award_id", "awards", "id"),
                     ("indicator_id", "indicators", "id"), ("event_id", "events", "id")])
_table("conflict_claims", cols("conflict_id, claim_id, value, side:integer, source_id"),
       pk=("conflict_id", "claim_id"),
       foreign_keys=[("conflict_id", "source_conflicts", "id"), ("claim_id", "claims", "id"),
                     ("source_id", "sources", "id")])
_table("facts", cols("""id, subject_table, subject_id, subject_name, person_id, property, item_or_period,
    claims_count:integer, sources_count:integer, documents_count:integer, sources, documents, values_count:integer,
    values_given, quotes, claim_ids, disputed:integer, conflict_id, finding_ids"""),
       foreign_keys=[("conflict_id", "source_conflicts", "id"), ("person_id", "persons", "id")])

# --- consistency across facts -----------------------------------------------------------------

_table("consistency_rules", cols("id, description, severity, reads, findings_count:integer"))
_table("consistency_findings", cols("id, rule, severity, summary, person_id, claims_count:integer"),
       foreign_keys=[("rule", "consistency_rules", "id"), ("person_id", "persons", "id")])
_table("finding_claims", cols("finding_id, claim_id, role, source_id"), pk=("finding_id", "claim_id"),
       foreign_keys=[("finding_id", "consistency_findings", "id"), ("claim_id", "claims", "id"),
                     ("source_id", "sources", "id")])

# --- revisions ---------------------------------------------------------------------------------

_table("revision_changes", cols("""id, document, from_source_id, to_source_id, ordinal:integer, unit, kind,
    from_index:integer, to_index:integer, from_start:integer, from_end:integer, to_start:integer, to_end:integer,
    from_section, to_section, from_block, to_block, key, similarity:real, from_text, to_text, word_ops, from_pieces,
    to_pieces"""),
       foreign_keys=[("document", "documents", "id"), ("from_source_id", "sources", "id"),
                     ("to_source_id", "sources", "id")])
_table("extraction_reviews", cols("""id, source_id, rule, status, subject_table, subject_words, property,
    value_raw, claim_id, same_value:integer, reason, reviewed_in, char_start:integer, char_end:integer,
    value_start:integer, value_end:integer"""),
       foreign_keys=[("source_id", "sources", "id"), ("claim_id", "claims", "id")])
_table("claims_to_review", cols("""id, claim_id, from_source_id, source_id, status, value_status, similarity:real,
    sentence_start:integer, sentence_end:integer, sentence, new_claim_id"""),
       foreign_keys=[("claim_id", "claims", "id"), ("from_source_id", "sources", "id"),
                     ("source_id", "sources", "id"), ("new_claim_id", "claims", "id")])

# --- mappings for reusers --------------------------------------------------------------------

_table("wikidata_properties", cols("id, subject_table, property, wikidata_property, wikidata_label, note, url"))

# --- reading aids ------------------------------------------------------------------------------

_table("source_segments", cols("""id, source_id, ordinal:integer, char_start:integer, char_end:integer, text,
    claim_ids, labels, disputed:integer, anchors, sentence_id, sentence_status, mark_reason"""),
       foreign_keys=[("source_id", "sources", "id"), ("sentence_id", "sentences", "id")])
_table("mentions", cols("""id, source_id, kind, raw, value, unit, precision, char_start:integer, char_end:integer,
    section, covered:integer, claim_id, covered_by, in_quote:integer"""),
       foreign_keys=[("source_id", "sources", "id"), ("claim_id", "claims", "id")])

# --- coverage: every sentence accounted for (build.coverage.accounting, build.coverage.marks) ------------------------

_table("sentences", cols("""id, source_id, ordinal:integer, section, kind, status, text, char_start:integer,
    char_end:integer, claims_count:integer, claim_ids, mark_reason, mark_note, mark_method, marked_in,
    citations_count:integer, cited_references, passage_id, paragraph_id"""),
       foreign_keys=[("source_id", "sources", "id"), ("passage_id", "passages", "id"),
                     ("paragraph_id", "decision_paragraphs", "id"), ("mark_reason", "mark_reasons", "id")])
_table("sentence_claims", cols("sentence_id, claim_id, source_id"), pk=("sentence_id", "claim_id"),
       foreign_keys=[("sentence_id", "sentences", "id"), ("claim_id", "claims", "id"),
                     ("source_id", "sources", "id")])
_table("mark_reasons", cols("id, description, sentences_count:integer"))

# --- MediaWiki exports (build.tables.wiki_exports) -----------------------------------------------
# Created only when the manifest holds an export, so that a build without one (the seeds) is the same
# database, byte for byte, as before these tables existed.

_table("wiki_revisions", cols("""source_id, export_id, site, page_title, page_id:integer, namespace:integer,
    revision_id:integer, parent_id:integer, timestamp, contributor, contributor_id:integer, minor:integer,
    comment, model, format, sha1, file, wikitext_start:integer, wikitext_end:integer, wikitext"""),
       pk=("source_id",), foreign_keys=[("source_id", "sources", "id")])
_table("source_text_map", cols("""source_id, text_start:integer, text_end:integer, how, file_start:integer,
    file_end:integer, wikitext_start:integer, wikitext_end:integer"""),
       pk=("source_id", "text_start"), foreign_keys=[("source_id", "sources", "id")])
_table("wiki_links", cols("id, source_id, char_start:integer, char_end:integer, text, target, section"),
       foreign_keys=[("source_id", "sources", "id")])
EXPORT_TABLES = ("wiki_revisions", "source_text_map", "wiki_links")


# --- publication -------------------------------------------------------------------

# Each table page's default facets, counted at build time (build.tables.facet_counts): value is
# text, value_type its SQLite type (integer, real or text) so it reads back as it was.
_table("facet_counts", cols("table_name, column_name, rank:integer, value, value_type, count:integer"),
       pk=("table_name", "column_name", "rank"))


def create_sql(spec: Table) -> str:
    """The CREATE TABLE statement: inline REFERENCES, as sqlite-utils writes them."""
    references = {column: (other, other_column) for column, other, other_column in spec.foreign_keys}
    lines = []
    for column, kind in spec.columns.items():
        line = f"   [{column}] {kind.upper()}"
        if spec.pk == (column,):
            line += " PRIMARY KEY"
        if column in references:
            line += " REFERENCES [{}]([{}])".format(*references[column])
        lines.append(line)
    if len(spec.pk) > 1:
        lines.append(f"   PRIMARY KEY ({', '.join(f'[{c}]' for c in spec.pk)})")
    return f"CREATE TABLE [{spec.name}] (\n" + ",\n".join(lines) + "\n)"


def create_tables(db, exports: bool = False) -> None:
    """Create every declared table, empty (the ``EXPORT_TABLES`` only when ``exports``: the manifest
    holds a MediaWiki export).  Foreign keys are checked once, at the end of the build (``PRAGMA
    foreign_key_check``), so tables can be filled in any order."""
    with db.conn:  # one transaction: a commit per table was most of this step
        db.conn.execute("begin")
        for spec in TABLES.values():
            if exports or spec.name not in EXPORT_TABLES:
                db.conn.execute(create_sql(spec))


def created_tables(db) -> dict[str, Table]:
    """The declared tables this database has (the export tables only with an export)."""
    present = set(db.table_names())
    return {name: spec for name, spec in TABLES.items() if name not in EXPORT_TABLES or name in present}
