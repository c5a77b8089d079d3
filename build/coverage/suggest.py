"""Print YAML stubs for what a source still leaves unread: ``make suggest SOURCE=<id>``.

Reads the built ``serrano.db``.  First the claims the rules read from the prose
(``method = 'extracted'``), each as a curated entry with its subject, property,
value and quote filled in: paste it to accept it (the curated claim then reads
the same words, and the extracted one is no longer published), or reject it by
its id under ``rejections:``.  Then the claims of an earlier revision whose
sentence this one rewords, then the sentences no claim reads and no mark
explains (``unaccounted_sentences``: a claim stub, or a mark stub with the
reasons to choose from), then the dates and figures no claim reads as its
value.  Each stub quotes the sentence (exactly as the source has it,
reflowed) so a curator only has to name the subject and property; paste the
stubs into ``data/claims/<id>.yml``.
"""

import argparse
import json
import sqlite3
import sys


def sentence_around(text: str, start: int, end: int, sentences: list[tuple[int, int]]) -> str:
    """The sentence (as the build split it: the ``sentences`` table) holding a span; outside every
    sentence (an infobox line, a heading), the line itself."""
    span = next(((s, e) for s, e in sentences if s <= start and end <= e), None)
    if span is None:
        span = (text.rfind("\n", 0, start) + 1, (text.find("\n", end) + 1 or len(text) + 1) - 1)
    return " ".join(text[span[0]:span[1]].split())


def suggest(db_path: str, source_id: str, out=sys.stdout) -> int:
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    row = conn.execute("select text from sources where id = ?", [source_id]).fetchone()
    if row is None:
        known = ", ".join(r[0] for r in conn.execute("select id from sources order by id"))
        print(f"suggest: no source {source_id!r} in {db_path} (known: {known})", file=sys.stderr)
        return 1
    text = row[0]
    sentences = [tuple(r) for r in conn.execute(
        "select char_start, char_end from sentences where source_id = ? order by char_start", [source_id])]
    mentions = conn.execute(
        "select id, kind, raw, char_start, char_end, section from mentions "
        "where source_id = ? and covered = 0 order by char_start", [source_id]).fetchall()
    print_extracted(conn, source_id, out)
    print_reviews(conn, source_id, out)
    print_unaccounted(conn, source_id, out)
    print(f"# {len(mentions)} uncovered mentions in {source_id}: name a subject and property, then paste into "
          f"data/claims/{source_id}.yml", file=out)
    for number, (mention_id, kind, raw, start, end, section) in enumerate(mentions, 1):
        quote = sentence_around(text, start, end, sentences)
        print(f"  - id: {source_id}-todo-{number}  # {mention_id}, {kind}, section {section}", file=out)
        print("    # subject: term | person | award | indicator | event: <name in data/vocabularies>", file=out)
        prop = {"date": "date", "relative": "date  # with resolved: YYYY-MM and a note", "number": "value"}.get(
            kind, "detail")
        print(f"    property: {prop}" + ("" if "#" in prop else "  # see build/claims/properties.py"), file=out)
        print(f"    value: {json.dumps(raw, ensure_ascii=False)}", file=out)
        print(f"    quote: {json.dumps(quote, ensure_ascii=False)}", file=out)
        if kind == "number":
            print("    period: TODO  # the year or span the figure is for", file=out)
    return 0


def print_unaccounted(conn, source_id: str, out) -> None:
    """Stubs for the sentences no claim reads and no mark explains."""
    rows = conn.execute("select id, section, text from unaccounted_sentences where source_id = ? order by char_start",
                        [source_id]).fetchall()
    if not rows:
        return
    reasons = " | ".join(r[0] for r in conn.execute("select id from mark_reasons order by rowid"))
    print(f"# {len(rows)} sentences of {source_id} no claim reads and no mark explains: claim what each states "
          f"(under claims:), or, if it states nothing checkable, mark it (under marks:) with a reason", file=out)
    for number, (sentence_id, section, text) in enumerate(rows, 1):
        quote = json.dumps(text, ensure_ascii=False)
        print(f"  - id: {source_id}-sentence-todo-{number}  # {sentence_id}, section {section}", file=out)
        print("    # subject: term | person | award | indicator | event: <name in data/vocabularies>", file=out)
        print("    property: TODO  # see build/claims/properties.py", file=out)
        print("    value: TODO  # words of the quote", file=out)
        print(f"    quote: {quote}", file=out)
        print(f"  # or, under marks:\n  #  - quote: {quote}\n  #    reason: {reasons}", file=out)


# The vocabulary name of a claim's subject, by its table: what a curated entry names it by.
_SUBJECT_NAME = {
    "terms": "(select name from offices where id = c.entity_id)",
    "persons": "(select name from persons where id = c.entity_id)",
    "awards": "(select name from awards where award_id = c.entity_id limit 1)",
    "events": "(select name from events where event_id = c.entity_id limit 1)",
    "indicators": "(select name from indicators where id = c.entity_id)",
}
_PROVISIONAL = {"terms": "offices", "persons": "persons", "awards": "awards"}


def print_extracted(conn, source_id: str, out) -> None:
    """Each claim the rules read, as the curated entry that would say the same: accept by pasting it under
    claims:, or reject it by id under rejections: (its reason kept)."""
    name = "case c.subject_table " + " ".join(f"when '{t}' then {sql}" for t, sql in _SUBJECT_NAME.items()) + " end"
    rows = conn.execute(
        f"select c.id, c.rule, c.subject_table, {name}, c.holding, c.property, c.value_raw, c.quote, c.period, "
        "c.unit, c.qualifier, c.item, c.value, c.value_type, c.inferred, "
        "(select provisional from offices o where o.id = c.entity_id and c.subject_table = 'terms') "
        "from claims c where c.source_id = ? and c.method = 'extracted' order by c.value_start, c.id",
        [source_id]).fetchall()
    if not rows:
        return
    print(f"# {len(rows)} claims of {source_id} read by the rules from the prose (not reviewed): to accept one, paste "
          f"it under claims: in data/claims/{source_id}.yml; to reject one, add under rejections: its id and a "
          f"reason", file=out)
    for (claim_id, rule, table, subject, holding, prop, value_raw, quote, period, unit, qualifier, item, value,
         value_type, inferred, provisional) in rows:
        print(f"  - id: {claim_id.replace('-x-', '-')}  # extracted by rule {rule}; reject with: "
              f"{{id: {claim_id}, reason: ...}}", file=out)
        if provisional:
            print(f"    # {subject!r} is provisional: add it (or an alias) to data/vocabularies/offices.yml first",
                  file=out)
        print(f"    {SUBJECT_KEY[table]}: {json.dumps(subject, ensure_ascii=False)}", file=out)
        if holding and holding > 1:
            print(f"    holding: {holding}", file=out)
        print(f"    property: {prop}", file=out)
        print(f"    value: {json.dumps(' '.join(value_raw.split()), ensure_ascii=False)}", file=out)
        if value_type == "text" and value != " ".join(value_raw.split()):
            print(f"    normalized: {json.dumps(value, ensure_ascii=False)}", file=out)
        if item and prop not in ("alma_mater",):
            print(f"    item: {json.dumps(item, ensure_ascii=False)}", file=out)
        if period:
            print(f"    period: {json.dumps(period, ensure_ascii=False)}", file=out)
        if unit and inferred:
            print(f"    unit: {json.dumps(unit, ensure_ascii=False)}", file=out)
        if qualifier and qualifier not in value_raw.lower():
            print(f"    qualifier: {qualifier}", file=out)
        print(f"    quote: {json.dumps(' '.join(quote.split()), ensure_ascii=False)}", file=out)


SUBJECT_KEY = {"terms": "term", "persons": "person", "awards": "award", "indicators": "indicator", "events": "event"}


def print_reviews(conn, source_id: str, out) -> None:
    """Stubs for the earlier revision's claims whose words this revision changed: the new sentence as quote."""
    reviews = conn.execute(
        "select r.status, r.sentence, c.id, c.subject_table, c.subject_name, c.property, c.value_raw, c.period, "
        "(select name from offices o where o.id = c.entity_id) as office, "
        "(select name from persons p where p.id = c.entity_id) as person "
        "from claims_to_review r join claims c on c.id = r.claim_id "
        "where r.source_id = ? and r.sentence is not null order by r.sentence_start", [source_id]).fetchall()
    if not reviews:
        return
    print(f"# {len(reviews)} claims of the earlier revision whose sentence {source_id} rewords: check the value, "
          f"then paste into data/claims/{source_id}.yml", file=out)
    for number, (status, sentence, claim_id, table, subject, prop, value, period, office, person) in enumerate(reviews, 1):
        name = office if table == "terms" else (person if table == "persons" else subject)
        print(f"  - id: {source_id}-reviewed-{number}  # {status}; was {claim_id}", file=out)
        print(f"    {SUBJECT_KEY[table]}: {json.dumps(name, ensure_ascii=False)}", file=out)
        print(f"    property: {prop}", file=out)
        print(f"    value: {json.dumps(value, ensure_ascii=False)}  # as the earlier revision wrote it: check it", file=out)
        print(f"    quote: {json.dumps(sentence, ensure_ascii=False)}", file=out)
        if period:
            print(f"    period: {json.dumps(period, ensure_ascii=False)}", file=out)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", help="a source id from data/sources.yml")
    parser.add_argument("--db", default="serrano.db")
    args = parser.parse_args(argv)
    if not args.source:
        print("suggest: name a source: make suggest SOURCE=<id>", file=sys.stderr)
        return 2
    return suggest(args.db, args.source)


if __name__ == "__main__":
    sys.exit(main())
