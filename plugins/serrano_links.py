"""Every id a link, every term of art explained: how table, row and query pages show the record.

Datasette's ``render_cell`` hook renders each cell of a table, row or canned
query page.  Here it turns the record's ids into links to the page a reader
wants, wherever they are shown:

- a conflict id: the conflict page ``/conflicts/<id>``;
- a claim id: the claim's highlighted place in the source reader,
  ``/sources/<source>#claim-<id>``;
- a source id: the source reader ``/sources/<id>`` (at the row's place,
  ``#char-<n>``, for a row that is a piece of the text: a sentence, a mention);
- a person id: the person page ``/persons/<id>``, labelled with the name;
- a finding id: ``/findings/<id>``; a revision change: ``/revisions/<from>/<to>``;
- a term, award, event, office, organization, figure, reference or case id:
  its row page, labelled with its name;
- a rule, a verdict, a side, a conflict kind, a method, a mark reason: a link
  to its plain-words definition on ``/about``.

Labels are looked up once per build (the cache is keyed by the database's hash,
which ``plugins/rebuilds.py`` moves with each generation).  Everything shown is
escaped.  The same module gives the templates their glossary (``glossary``,
read by ``/about``), the site's metadata for the footer of custom pages
(``site_metadata``), and a few filters (``plural``, ``source_text``,
``tilde``, ``marked_snippet``).
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode

from markupsafe import Markup, escape

from datasette import hookimpl
from datasette.utils import tilde_encode

PRIVATE_BULLET = "\uf0fc"  # the IPU PDF's bullet, a Wingdings glyph in the private-use area

# --- plain words for the terms of art: /about shows them, links carry them as a title --------------

GLOSSARY = {
    "basics": [
        ("claim", "Claim", "One statement one source makes about one thing: a subject (a term of office, a "
         "person, an award, a figure, an event), a property (its start date, its value...) and a value, with "
         "the source's exact words (the quote) and where they are in the source."),
        ("fact", "Fact", "What claims are about: one subject, one property and, where it matters, the period "
         "or item (the homicide rate in 2010; his degree from the University of Azuay). Several sources may "
         "state the same fact; a fact only one source states is neither confirmed nor contradicted."),
        ("conflict", "Conflict", "A fact on which the sources give values that cannot all be true (2011 and "
         "2012 for the start of one term). Nothing is silently resolved: every side is shown with its words."),
        ("side", "Side", "The claims of a conflict, grouped so that the values on one side can all be true "
         "together and values on different sides cannot. Side 1 is the best supported (stated by the most "
         "documents, then the most claims). Side 0 holds values that fit every side (2016 against "
         "September 2016 and 5 October 2016) and so take none."),
        ("within-source", "Within a source", "One document gives values on two sides of a conflict: it "
         "contradicts itself."),
        ("finding", "Finding", "Facts that cannot all be true together although each looks fine alone (an "
         "election years before the term it seats), found by a consistency check."),
        ("document", "Document and source", "A document is a work (the Wikipedia article, the IPU case); a "
         "source is one version of it (a revision, a decision). Revisions of one article count as one "
         "witness when support is counted."),
    ],
    "verdicts": [
        ("agree", "agree", "The two values are the same (13 May 2011 and 13 May 2011)."),
        ("refines", "refines", "Both can be true and one says more: June 2016 and 6 June 2016; 2016 and "
         "6 June 2016. A refinement is never a conflict."),
        ("conflicts", "conflicts", "They cannot both be true: 2011 and 2012; September 2016 and 5 October 2016."),
    ],
    "comparisons": [
        ("date.same_interval", "date.same_interval", "The two dates stand for the same days: they agree."),
        ("date.nested_interval", "date.nested_interval", "One date lies inside the other (2016 and 6 June "
         "2016): the more precise one refines the other."),
        ("date.disjoint", "date.disjoint", "The two dates have no day in common (2011 and 2012): they conflict."),
        ("date.partial_overlap", "date.partial_overlap", "Two spans overlap but neither lies inside the "
         "other: they conflict."),
        ("date.different_endpoints", "date.different_endpoints", "Two spans written as from-to differ at "
         "one end (2011–2016 and 2012–2016): they conflict."),
        ("number.equal", "number.equal", "The same figure in the same unit for the same period: they agree."),
        ("number.within_bound", "number.within_bound", "A figure inside another's bound (about 20 and 19; "
         "over 40 and 47): it refines it."),
        ("number.compatible_bounds", "number.compatible_bounds", "Two bounds that can both hold (over 40 "
         "and about 45): they agree."),
        ("number.different_value", "number.different_value", "Two different figures for the same period "
         "(20 and 17.57 per 100,000 in 2010): they conflict."),
        ("number.outside_bound", "number.outside_bound", "A figure outside another's bound (over 47 and 40): "
         "they conflict."),
        ("number.incompatible_unit", "number.incompatible_unit", "The same figure given in units that are "
         "not the same measure (per 100,000 inhabitants and percent): they conflict on the unit."),
        ("text.same_normalized", "text.same_normalized", "The same words once accents, case and punctuation "
         "are set aside: they agree."),
        ("text.same_words", "text.same_words", "The same words in another order: they agree."),
        ("text.negation", "text.negation", "One denies what the other does not (\"no\", \"not\", \"never\", "
         "\"without\"... in one only: protection provided, and no steps to ensure his protection): they "
         "conflict, whatever words they share."),
        ("text.word_subset", "text.word_subset", "All of one's words are among the other's (Cuenca and "
         "Cuenca, Ecuador): the longer one refines the shorter."),
        ("text.word_prefix_subset", "text.word_prefix_subset", "Each of one's words is one of the other's or "
         "the beginning of one, of three letters or more (Jurisprudence and Law; Jurisprudence and lawyership in "
         "Justice Tribunals): a more specific wording of the same thing, so the longer one refines the shorter."),
        ("text.different", "text.different", "Any other two texts: they conflict."),
        ("entity.same", "entity.same", "The same person, office or award: they agree."),
        ("entity.different", "entity.different", "Two different people, offices or awards: they conflict."),
    ],
    "rules": [
        ("agreed", "agreed", "Every claim gives the same value; it is shown."),
        ("most_precise", "most_precise", "The claims agree or refine each other; the most precise value is "
         "shown (13 May 2011 rather than 2011)."),
        ("most_documents", "most_documents", "The claims conflict; the side stated by more documents wins "
         "(revisions of one article count once) and its most precise value is shown. The row is marked "
         "disputed."),
        ("most_claims", "most_claims", "The sides tie on documents; the side with more claims in the latest "
         "revision of each document wins. The row is marked disputed."),
        ("tie_most_precise", "tie_most_precise", "The sides tie on documents and on claims; the side holding "
         "the most precise value wins (a day rather than a month). The row is marked disputed."),
        ("vocabulary", "vocabulary", "No claim states it; the value comes from the curated vocabulary "
         "(who confers an award)."),
    ],
    "kinds": [
        ("date", "date", "The sides give different dates."),
        ("number", "number", "The sides give different figures for the same period."),
        ("unit", "unit", "The sides give a figure in units that are not the same measure."),
        ("text", "text", "The sides' words cannot both be true."),
        ("entity", "entity", "The sides name different people, offices or awards."),
        ("parties", "parties", "Within one document, the parties it reports disagree (the complainant "
         "against the authorities): the document reports both, it does not contradict itself."),
    ],
    "methods": [
        ("infobox", "infobox", "Read automatically from a Wikipedia infobox."),
        ("reference", "reference", "A date read automatically from a rendering's list of references."),
        ("curated", "curated", "Written by hand from the text in data/claims/, and checked by the build "
         "against the source's exact words."),
        ("carried", "carried", "A curated claim of the revision before, whose words still stand in this "
         "revision."),
        ("carried_reworded", "carried_reworded", "A date or figure read again from a sentence a later "
         "revision reworded: to be reviewed."),
        ("extracted", "extracted", "Read automatically from a sentence by a named rule (the claim's rule: "
         "term_from_to, born, award_passive...), where no curated claim reads the same words; not reviewed by "
         "a curator, who can accept it (make suggest prints it as a curated entry) or reject it by its id."),
    ],
    # build/claims/extract/: one rule a shape of sentence; each module's docstring gives examples.
    "extraction": [
        ("term_from_to", "term_from_to", "\"He was Minister of X from A to B\", \"served as X between A and B\": a term's "
         "start and end."),
        ("term_tenure", "term_tenure", "\"His tenure as X, from A to B\", \"During his tenure as X (A–B)\"."),
        ("term_served_between", "term_served_between", "\"He then served between A and B as X\"."),
        ("term_dates_first", "term_dates_first", "\"From A to B, he served as X\"."),
        ("term_made_serving", "term_made_serving", "\"He was made X, serving between A and B\"."),
        ("term_participle", "term_participle", "\"Serving as X from A to B, Serrano ...\"."),
        ("term_same_capacity", "term_same_capacity", "\"He served in this capacity between A and B\": the office "
         "the sentence before gave him."),
        ("term_held_until", "term_held_until", "\"He held the position until B\": likewise."),
        ("term_start", "term_start", "\"was appointed X on A\", \"became X in A\", \"took office as X\", \"resumed "
         "his position as X\" (another holding), \"was elected President of the Assembly on A\"."),
        ("term_end", "term_end", "\"resigned as X on B\", \"his term as X ended in B\", \"until the end of his X in B\"."),
        ("term_its_head", "term_its_head", "\"... member of the Assembly ... became its president in A\"."),
        ("term_successor", "term_successor", "\"He was succeeded by Y\"."),
        ("term_predecessor", "term_predecessor", "\"succeeded Y as X\", \"X after the resignation of Y\"."),
        ("term_served_under", "term_served_under", "\"Under President Y, he became X\" (a president or prime minister; "
         "never read as an appointment)."),
        ("term_appointed_by", "term_appointed_by", "\"was designated X by President Y\"."),
        ("born_lead", "born_lead", "\"Name (born A)\", \"Name (A – B)\"."),
        ("born", "born", "\"Name, born on A, in Place\", \"He was born A in Place\"."),
        ("died", "died", "\"He died on B in Place\"."),
        ("election_elected", "election_elected", "\"He was elected member of X in A\": the election that seats X."),
        ("election_won", "election_won", "\"In A he won the elections as X\"."),
        ("election_named", "election_named", "\"... candidate ... in the 2017 general election\": its year."),
        ("candidacy", "candidacy", "\"In A, he registered as a pre-candidate ...\"."),
        ("vote_share", "vote_share", "\"... with 39% by Party\", for the year of the election the sentence dates."),
        ("award_passive", "award_passive", "\"On A, he was awarded the Z by Body\", \"was honored by Body\"."),
        ("award_active", "award_active", "\"On A, Body awarded him the Z\", \"Body honored Minister Name\"."),
        ("award_received", "award_received", "\"He received the Z from Body\"."),
        ("award_including", "award_including", "\"... earned him recognition, including the Z in A\"."),
        ("degree", "degree", "\"He holds a Master's degree in Field from the University of X\": the degree, its "
         "field and the institution."),
        ("figure_trend", "figure_trend", "\"the homicide rate fell from 20 per 100,000 inhabitants in 2010 to 5 by "
         "2016\": each figure with its period and unit."),
        ("figure_count", "figure_count", "\"Between A and B, Ecuador seized 332 metric tons of narcotics\": a count "
         "of a measure the vocabulary knows."),
    ],
    "statuses": [
        ("claimed", "claimed", "A sentence some claim reads a value from."),
        ("marked", "marked", "A sentence no claim should read, with the curator's reason."),
        ("unaccounted", "unaccounted", "A sentence neither claimed nor marked: a gap in the record."),
    ],
    "severities": [
        ("error", "error", "The facts cannot all be true."),
        ("warning", "warning", "Possible, but implausible."),
        ("review", "review", "A source's own evidence does not match the fact it supports: check it."),
    ],
}

_DEFINITIONS = {(section, key): text for section, entries in GLOSSARY.items() for key, _, text in entries}
ANCHOR_PREFIX = {"basics": "", "verdicts": "verdict-", "comparisons": "compare-", "rules": "rule-",
                 "kinds": "kind-", "methods": "method-", "statuses": "status-", "severities": "severity-",
                 "extraction": "extraction-"}

# --- which column holds which id ---------------------------------------------------------------------

PERSON_COLUMNS = {"person_id", "value_person_id", "predecessor_id", "successor_id", "served_under_id",
                  "appointed_by_id"}
SOURCE_COLUMNS = {"source_id", "first_source_id", "latest_source_id", "from_source_id", "to_source_id"}
ROW_COLUMNS = {  # column -> (table it points at, its label column)
    "office_id": ("offices", "name"), "value_office_id": ("offices", "name"),
    "conferred_by_id": ("organizations", "name"), "value_organization_id": ("organizations", "name"),
    "term_id": ("terms", "name"), "credited_term_id": ("terms", "name"), "body_id": ("organizations", "name"),
    "indicator_id": ("indicators", "name"), "award_id": ("awards", "name"),
    "event_id": ("events", "name"), "reference_id": ("references", "title"), "case_id": ("ipu_cases", None),
    "passage_id": ("passages", None), "paragraph_id": ("decision_paragraphs", None),
    "parent_id": ("passages", None), "document": ("documents", "title"), "document_a": ("documents", "title"),
    "document_b": ("documents", "title"),
}
# A column named like a link that is something else in one table: the awards and events vocabularies.
NOT_LINKS = {("awards", "award_id"), ("events", "event_id"), ("claims", "entity_id")}
SUBJECT_LABELS = {"terms": "name", "awards": "name", "events": "name", "indicators": "name", "persons": "name",
                  "references": "title"}
# Tables whose rows are a piece of a source's text, with char_start: their source id links to that place.
PLACED = {"sentences", "passages", "decision_paragraphs", "mentions", "infobox_fields", "references", "citations",
          "alleged_violations", "ipu_side_box", "source_segments", "unaccounted_sentences", "uncovered_mentions",
          "ipu_case_persons", "extraction_reviews"}
# Tables whose claim_id is a claim of the row's own source_id.
SAME_SOURCE_CLAIMS = {"conflict_claims", "claim_comparisons", "finding_claims", "sentence_claims", "mentions",
                      "extraction_reviews"}
SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]*$")

_cache: dict = {}
_CACHE_LIMIT = 50_000


def _raw(value):
    return value["value"] if isinstance(value, dict) else value


def _get(row, column):
    try:
        return _raw(row[column])
    except (KeyError, IndexError):
        return None


def _has(row, column) -> bool:
    try:
        row[column]
        return True
    except (KeyError, IndexError):
        return False


def glyphs(text) -> Markup:
    """Escaped text, the PDF's private-use bullet shown as a bullet (the character itself kept, hidden, for copying)."""
    escaped = escape("" if text is None else str(text))
    if PRIVATE_BULLET not in escaped:
        return escaped
    return Markup(str(escaped).replace(
        PRIVATE_BULLET, f'<span class="pua-bullet" title="a bullet (the PDF\'s private-use glyph U+F0FC)">'
                        f'<span class="pua-raw">{PRIVATE_BULLET}</span></span>'))


def _link(href: str, text, title: str | None = None, css: str | None = None) -> Markup:
    attributes = f' title="{escape(title)}"' if title else ""
    attributes += f' class="{escape(css)}"' if css else ""
    return Markup(f'<a href="{escape(href)}"{attributes}>{glyphs(text)}</a>')


def _about(datasette, section: str, key) -> Markup | None:
    if key in (None, ""):
        return None
    key = str(key)
    definition = _DEFINITIONS.get((section, key))
    if definition is None:
        return None
    return _link(datasette.urls.path(f"/about#{ANCHOR_PREFIX[section]}{key}"), key, definition, "term-of-art")


def _page(datasette, *parts: str, fragment: str | None = None) -> str:
    path = "/" + "/".join(quote(str(p), safe="") for p in parts)
    return datasette.urls.path(path) + (f"#{quote(fragment, safe='-._~')}" if fragment else "")


def _row_url(datasette, database: str, table: str, pk) -> str:
    return datasette.urls.row(database, table, tilde_encode(str(pk)))


async def _lookup(datasette, database: str, sql: str, key):
    """One value from the database, cached for this build of it."""
    db = datasette.get_database(database)
    cache_key = (database, db.hash, sql, key)
    if cache_key in _cache:
        return _cache[cache_key]
    if len(_cache) > _CACHE_LIMIT:
        _cache.clear()
    try:
        rows = (await db.execute(sql, [key])).rows
    except Exception:  # a database without that table (a fixture site): no label, the id stays plain
        rows = []
    value = tuple(rows[0]) if rows else None
    _cache[cache_key] = value
    return value


def _claim_place(datasette, claim_id, source_id) -> str:
    return _page(datasette, "sources", source_id, fragment=f"claim-{claim_id}")


async def _claim_link(datasette, database, claim_id, source_id=None, text=None):
    if not source_id:
        found = await _lookup(datasette, database, "select source_id from claims where id = ?", claim_id)
        if not found:
            return escape(claim_id)
        source_id = found[0]
    return _link(_claim_place(datasette, claim_id, source_id), text if text is not None else claim_id,
                 "this claim's words, highlighted in the source", "claim-link")


async def _labelled_row_link(datasette, database, table, label_column, pk, label=None):
    if label is None and label_column:
        found = await _lookup(datasette, database,
                              f"select [{label_column}] from [{table}] where {_pk_column(table)} = ?", pk)
        label = found[0] if found else None
    return _link(_row_url(datasette, database, table, pk), label or pk, None if not label or label == pk else str(pk))


def _pk_column(table: str) -> str:
    return "[case_id]" if table == "ipu_cases" else "[id]"


async def _person_link(datasette, database, person_id, label=None):
    if label is None:
        found = await _lookup(datasette, database, "select name from persons where id = ?", person_id)
        label = found[0] if found else None
    return _link(_page(datasette, "persons", person_id), label or person_id,
                 str(person_id) if label and label != person_id else None, "person-link")


def _source_link(datasette, source_id, char_start=None):
    fragment = f"char-{char_start}" if char_start is not None else None
    return _link(_page(datasette, "sources", source_id, fragment=fragment), source_id,
                 "read it in the source" if fragment else "the source, every claim highlighted", "source-link")


def _conflict_link(datasette, conflict_id, label=None):
    return _link(_page(datasette, "conflicts", conflict_id), label or conflict_id,
                 "the conflict: every side with its words", "conflict-link")


def _split(value, separator):
    return [part.strip() for part in str(value).split(separator) if part.strip()]


def _join(links) -> Markup:
    return Markup(", ").join(links)


def render(row, value, column, table, database, datasette):
    """The rendering of one cell, or None to leave it to Datasette (a value, or an async function)."""
    raw = _raw(value)
    label = value.get("label") if isinstance(value, dict) else None
    if raw in (None, ""):
        return None
    if (table, column) in NOT_LINKS:
        return None
    ds = datasette

    # --- the query rows that are places in a source (search results, paragraphs, mentions) ------------
    if table is None and column == "id" and _has(row, "found_in"):
        source, kind = _get(row, "source_id"), _get(row, "found_in")
        if kind == "claim":
            return _link(_claim_place(ds, raw, source), "read it in the source", str(raw), "place-link")
        return _link(_page(ds, "sources", source, fragment=f"char-{_get(row, 'char_start')}"),
                     "read it in the source", str(raw), "place-link")
    if table is None and column == "snippet":
        return marked_snippet(raw)
    if table is None and column == "claims" and _has(row, "found_in"):
        source = _get(row, "source_id")
        return Markup(" ").join(_link(_claim_place(ds, c, source), c, "this claim's words, highlighted",
                                      "claim-link") for c in _split(raw, " "))

    # --- conflicts ------------------------------------------------------------------------------------
    if column == "conflict_id":
        conflicts = _split(raw, ",")
        if len(conflicts) > 1:
            return _join(_conflict_link(ds, c) for c in conflicts)

        async def conflict():
            title = label
            if title is None or title == raw:
                found = await _lookup(ds, database, "select title from source_conflicts where id = ?", raw)
                title = found[0] if found else None
            return _conflict_link(ds, raw, title)
        return conflict
    if table == "source_conflicts" and column in ("id", "title", "summary"):
        return _conflict_link(ds, _get(row, "id"), raw if column != "id" else None)
    if column == "fact_id" or (table == "facts" and column == "id"):
        conflict_id = _get(row, "conflict_id")
        if conflict_id or (_get(row, "disputed") == 1):
            return _conflict_link(ds, raw)
        return _link(_row_url(ds, database, "facts", raw), raw)

    # --- findings -------------------------------------------------------------------------------------
    if column == "finding_id" or (table == "consistency_findings" and column in ("id", "summary")):
        finding = raw if column == "finding_id" else _get(row, "id")
        return _link(_page(ds, "findings", finding), raw, "the finding: every claim's words in context",
                     "finding-link")
    if table == "consistency_findings" and column == "rule":
        return _link(_page(ds, "about", fragment=f"check-{raw}"), raw, "what this check looks for", "term-of-art")

    # --- claims ---------------------------------------------------------------------------------------
    if column in ("claim_id", "new_claim_id", "carried_from", "origin_id") or (table == "claims" and column == "id"):
        source = None
        if column == "claim_id" and _has(row, "from_source_id") and table in (None, "claims_to_review"):
            source = _get(row, "from_source_id")
        elif column == "new_claim_id" or (column == "claim_id" and (table in SAME_SOURCE_CLAIMS or table is None)):
            source = _get(row, "source_id")
        elif table == "claims" and column == "id":
            source = _get(row, "source_id")
        return lambda: _claim_link(ds, database, raw, source, raw if label is None else label)
    if table == "claims" and column == "quote":
        return _link(_claim_place(ds, _get(row, "id"), _get(row, "source_id")), raw,
                     "these words, highlighted in the source", "claim-link")
    if column in ("claim_ids", "anchors"):
        ids = _split(raw, " ")
        same_source = table in ("sentences", "source_segments")
        source = _get(row, "source_id") if same_source else None

        async def claims():
            return Markup(" ").join([await _claim_link(ds, database, c, source) for c in ids])
        return claims

    # --- sources --------------------------------------------------------------------------------------
    if column in SOURCE_COLUMNS:
        if column == "source_id" and (table in PLACED or (table is None and _has(row, "char_start"))):
            return _source_link(ds, raw, _get(row, "char_start"))
        return _source_link(ds, raw)
    if table == "sources" and column in ("id", "title"):
        return _link(_page(ds, "sources", _get(row, "id")), raw, "read it, every claim highlighted", "source-link")
    if column in ("sources", "other_sources"):
        parts = _split(raw, ",")
        return _join(_source_link(ds, p) if SLUG.match(p) else escape(p) for p in parts)
    if table in PLACED and column in ("text", "value", "raw") and _has(row, "char_start") and _has(row, "source_id"):
        return _link(_page(ds, "sources", _get(row, "source_id"), fragment=f"char-{_get(row, 'char_start')}"),
                     raw, "read it in the source", "place-link")
    if table in PLACED and column == "id" and _has(row, "char_start"):
        return _link(_page(ds, "sources", _get(row, "source_id"), fragment=f"char-{_get(row, 'char_start')}"),
                     raw, "read it in the source", "place-link")
    if table is None and column == "id" and (_has(row, "operative_verb") or _has(row, "raw")) and _has(row, "char_start"):
        return _link(_page(ds, "sources", _get(row, "source_id"), fragment=f"char-{_get(row, 'char_start')}"),
                     raw, "read it in the source", "place-link")
    if column == "sentence_id" or (column == "sentence" and table in (None, "claims_to_review") and _has(row, "sentence_start")):
        if column == "sentence":
            return _link(_page(ds, "sources", _get(row, "source_id"), fragment=f"char-{_get(row, 'sentence_start')}"),
                         raw, "read it in the source", "place-link")

        async def sentence():
            found = await _lookup(ds, database, "select source_id, char_start from sentences where id = ?", raw)
            if not found:
                return escape(raw)
            return _link(_page(ds, "sources", found[0], fragment=f"char-{found[1]}"), raw, "read it in the source",
                         "place-link")
        return sentence

    # --- people and the record's entities -------------------------------------------------------------
    if column in PERSON_COLUMNS or (column == "about" and table in ("sources", "documents")) or (
            table == "persons" and column in ("id", "name")):
        person = _get(row, "id") if table == "persons" else raw
        shown = raw if (table == "persons" and column == "name") else label
        return lambda: _person_link(ds, database, person, shown)
    if column == "subject_id" and _has(row, "subject_table"):
        subject_table = _get(row, "subject_table")
        if subject_table == "persons":
            return lambda: _person_link(ds, database, raw)
        if subject_table in SUBJECT_LABELS:
            return lambda: _labelled_row_link(ds, database, subject_table, SUBJECT_LABELS[subject_table], raw)
        return None
    if column in ROW_COLUMNS:
        other, label_column = ROW_COLUMNS[column]
        return lambda: _labelled_row_link(ds, database, other, label_column, raw, label)
    if column == "cited_references":
        return _join(_link(_row_url(ds, database, "references", r), r) for r in _split(raw, " "))
    if column == "mark_reason":
        return _link(_row_url(ds, database, "mark_reasons", raw), raw, None, "term-of-art")

    # --- revisions ------------------------------------------------------------------------------------
    if (table == "revision_changes" and column in ("id", "kind")) or (
            table is None and column == "id" and _has(row, "from_source_id") and _has(row, "to_source_id")):
        ordinal = _get(row, "ordinal")
        href = _page(ds, "revisions", _get(row, "from_source_id"), _get(row, "to_source_id"),
                     fragment=f"change-{ordinal}" if ordinal is not None else None)
        return _link(href, raw, "this change, side by side", "revision-link")

    # --- terms of art ---------------------------------------------------------------------------------
    if column == "verdict":
        return _about(ds, "verdicts", raw)
    if column == "rule" and (table in ("claims", "extraction_reviews") or (table is None and _has(row, "method"))):
        return _about(ds, "extraction", raw) if raw else None
    if column == "rule" and table in ("claim_comparisons", None):
        return _about(ds, "comparisons", raw)
    if column.endswith("_rule"):
        return _about(ds, "rules", raw)
    if column == "side" and (table in ("conflict_claims", None)) and _has(row, "conflict_id"):
        words = "fits every side" if raw == 0 else f"side {raw}"
        return _link(ds.urls.path("/about#side"), f"{raw} ({words})" if raw == 0 else words,
                     _DEFINITIONS[("basics", "side")], "term-of-art")
    if column == "kind" and (table in ("source_conflicts", "claim_comparisons") or (table is None and _has(row, "within_source"))):
        return _about(ds, "kinds", raw)
    if column == "method":
        return _about(ds, "methods", raw)
    if column == "status" and table in ("sentences",):
        return _about(ds, "statuses", raw)
    if column == "severity":
        return _about(ds, "severities", raw)
    if column == "within_source" and raw == 1:
        return _link(ds.urls.path("/about#within-source"), "1 (a source contradicts itself)",
                     _DEFINITIONS[("basics", "within-source")], "term-of-art")

    # --- anything else holding the PDF's private-use bullet -------------------------------------------
    if isinstance(raw, str) and PRIVATE_BULLET in raw:
        return glyphs(raw)
    return None


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    return render(row, value, column, table, database, datasette)


# --- templates: filters and variables ----------------------------------------------------------------

def plural(count, singular: str, plural_form: str | None = None) -> str:
    """'1 conflict', '2 conflicts', '1,234 claims'."""
    n = int(count or 0)
    word = singular if n == 1 else (plural_form or singular + "s")
    return f"{n:,} {word}"


def marked_snippet(text) -> Markup:
    """A search snippet: escaped, the matches (between ** marks, as the downloads keep them) highlighted."""
    escaped = str(glyphs(text))
    return Markup(re.sub(r"\*\*(.+?)\*\*", r"<mark>\1</mark>", escaped, flags=re.S))


@hookimpl
def prepare_jinja2_environment(env, datasette):
    env.filters["plural"] = plural
    env.filters["source_text"] = glyphs
    env.filters["tilde"] = lambda value: tilde_encode(str(value))
    env.filters["marked_snippet"] = marked_snippet
    env.filters["lead"] = lead


def lead(text, sentences: int = 2) -> str:
    """The opening of a description: its first sentences (a table page shows these above the rows)."""
    text = " ".join(str(text or "").split())
    cut = [m.end() for m in re.finditer(r"[.!?](?=\s+[A-Z(])", text)]
    return text[:cut[sentences - 1]] if len(cut) >= sentences else text


# Arguments of a table page that do not narrow its rows.
PAGE_ARGUMENTS = {"_sort", "_sort_desc", "_size", "_labels", "_nocount", "_nofacet", "_facet", "_next", "_col",
                  "_nocol", "_facet_size", "_facet_array", "_facet_date", "_trace", "_timelimit", "_dl", "_shape",
                  "_stream", "_extra"}


async def table_downloads(datasette, request, database: str, table: str) -> dict:
    """Links that download every row a table page stands for (its filters included).

    ``column=value`` filters (what facets add) go to the download route, as CSV and JSON
    (plugins/serrano_downloads.py); any other filter (a search, a comparison) to Datasette's own
    streamed CSV (``_stream=on``), which applies every filter Datasette knows.
    """
    columns = set(await datasette.get_database(database).table_columns(table))
    equal, other = [], False
    for key in request.args.keys():
        if key in PAGE_ARGUMENTS:
            continue
        column = key[:-len("__exact")] if key.endswith("__exact") else key
        if column in columns and len(request.args.getlist(key)) == 1:
            equal.append((column, request.args.get(key)))
        else:
            other = True
    if not other:
        query = ("?" + urlencode(equal)) if equal else ""
        base = datasette.urls.path(f"/-/download/{quote(database, safe='')}/{quote(table, safe='')}")
        return {"csv": f"{base}.csv{query}", "json": f"{base}.json{query}"}
    kept = [(k, v) for k in request.args.keys() if k not in ("_next", "_size", "_stream", "_dl")
            for v in request.args.getlist(k)]
    csv_url = datasette.urls.table(database, table, format="csv") + "?" + urlencode(
        kept + [("_stream", "on"), ("_dl", "1"), ("_size", "max")])
    return {"csv": csv_url, "json": None}


def query_downloads(datasette, database: str, query_name: str, parameters: dict) -> dict:
    """Links that download every row a canned query returns with these parameters."""
    base = datasette.urls.path(f"/-/download/{quote(database, safe='')}/{quote(query_name, safe='')}")
    query = ("?" + urlencode(list(parameters.items()))) if parameters else ""
    return {"csv": f"{base}.csv{query}", "json": f"{base}.json{query}"}


# datasette-vega reads a chart from the URL's #g.… fragment once, when the page loads: a link that only
# changes the fragment of the page one is on drew nothing until a reload.  Such a click now loads the
# page again at that fragment.  Links to another page (or another query string) are left alone.
CHART_LINKS_SCRIPT = """
document.addEventListener("click", function (event) {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) { return; }
  var link = event.target.closest ? event.target.closest("a[href*='#g.']") : null;
  if (!link) { return; }
  var target = new URL(link.href, window.location.href);
  var here = window.location;
  if (target.origin + target.pathname + target.search !== here.origin + here.pathname + here.search) { return; }
  event.preventDefault();
  event.stopPropagation();
  window.history.replaceState(null, "", target.href);
  window.location.reload();
}, true);
"""


@hookimpl
def extra_body_script():
    return CHART_LINKS_SCRIPT


@hookimpl
def extra_template_vars(datasette):
    async def downloads_for_table(request, database, table):
        return await table_downloads(datasette, request, database, table)

    def downloads_for_query(database, query_name, parameters):
        return query_downloads(datasette, database, query_name, dict(parameters or {}))

    return {"glossary": GLOSSARY, "glossary_anchor": ANCHOR_PREFIX, "site_metadata": datasette.metadata(),
            "table_downloads": downloads_for_table, "query_downloads": downloads_for_query}
