"""Curated claims: quotes anchored exactly, and every kind of bad entry refused in one line."""

import hashlib
import textwrap

import pytest
import sqlite_utils

from build_helpers import build_into, entry, snapshot, write_claims


def test_wrapped_quote_is_anchored_to_the_exact_slice(tmp_path, data_copy):
    # In the IPU text "aware of the" ends a line (with a trailing space) and "situation" starts the next.
    write_claims(data_copy, """\
        - id: zz-wrapped
          term: Minister of the Interior
          property: end_date
          value: "2016"
          quote: From 2011 to 2016, he served as Minister of the Interior
          note: spans a line break in the source
        """)
    assert build_into(tmp_path, data_copy) == 0
    db = sqlite_utils.Database(tmp_path / "serrano.db")
    claim = db["claims"].get("zz-wrapped")
    text = db["sources"].get("ipu-ecu-92")["text"]
    assert "\n" in claim["quote"]  # the stored quote is the raw slice, line break included
    assert text[claim["char_start"]:claim["char_end"]] == claim["quote"]
    assert " ".join(claim["quote"].split()) == "From 2011 to 2016, he served as Minister of the Interior"
    assert text[claim["value_start"]:claim["value_end"]] == "2016"
    assert (claim["value"], claim["precision"]) == ("2016", "year")
    # Summary paragraph 1 opens with no speaker: the summary's own account, not the Committee's finding.
    assert claim["section"] == "A. Summary, paragraph 1" and claim["attributed_to"] == "summary"


BAD_ENTRIES = {
    "quote not found": (
        entry(quote="From 2011 to 2017, he served as Minister of the Interior"),
        ["quote not found", "closest passage", "From 2011 to 2016, he served as Minister"],
    ),
    "ambiguous quote": (
        entry(subject="person: José Serrano", property="birth_place", value="Ecuador", quote="Ecuador"),
        ["occurs", "times", "add 'section' or 'occurrence'"],
    ),
    "impossible date": (
        entry(value='"31 February 2016"', quote="31 February 2016"),
        ["31 February 2016"],
    ),
    "unknown office": (
        entry(subject="term: Minister of Fisheries"),
        ["'Minister of Fisheries' matches no entry", "offices.yml"],
    ),
    "unknown person value": (
        entry(property="predecessor", value="Ecuadorian authorities", quote="the Ecuadorian authorities"),
        ["'Ecuadorian authorities' matches no entry", "persons.yml"],
    ),
    "unknown property": (
        entry(property="shoe_size"),
        ["property 'shoe_size' is not known for terms"],
    ),
    "unknown key": (
        entry(extra="confidence: high"),
        ["confidence: unknown key"],
    ),
    "value outside the quote": (
        entry(value='"2012"'),
        ["value '2012' does not occur in its quote"],
    ),
    "duplicate claim id": (
        entry() + entry(value='"2016"', property="end_date"),
        ["duplicate claim id 'zz-1'"],
    ),
    "two subjects": (
        entry(subject="term: Minister of the Interior\n  person: José Serrano"),
        ["name exactly one subject"],
    ),
    "bad attribution": (
        entry(extra="attributed_to: journalists"),
        ["attributed_to: Input should be 'committee'", "(got 'journalists')"],
    ),
    "unknown person in about": (
        entry(extra="about: Nobody Known"),
        ["'Nobody Known' matches no entry", "persons.yml"],
    ),
    "about on a person": (
        entry(subject="person: José Serrano", property="birth_place", value="Ecuador",
              quote="Ecuador", extra="about: Rafael Correa\n  occurrence: 1"),
        ["'about' names whose term"],
    ),
    "a value only inside a longer number": (
        entry(property="end_date", value='"20"', quote="From 2011 to 2016, he served"),
        ["value '20' occurs in its quote only inside a longer word, number or date"],
    ),
    "a date cut out of a more precise date": (
        entry(property="end_date", value='"2018"', quote="when his term of office as Speaker ended in March 2018",
              subject="term: President of the National Assembly"),
        ["value '2018' occurs in its quote only inside a longer word, number or date", "March 2018"],
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_ENTRIES))
def test_bad_curated_entry_fails_in_one_line_naming_file_and_line(tmp_path, data_copy, capsys, case):
    assert build_into(tmp_path, data_copy) == 0
    before = snapshot(tmp_path)
    capsys.readouterr()
    body, expected = BAD_ENTRIES[case]
    write_claims(data_copy, body)
    assert build_into(tmp_path, data_copy) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert "data/claims/zz-test.yml" in err and " at line " in err, err
    for fragment in expected:
        assert fragment in err, err
    assert snapshot(tmp_path) == before


def test_curated_file_for_unknown_source_fails(tmp_path, data_copy, capsys):
    write_claims(data_copy, entry(), source="wikipedia-z")
    assert build_into(tmp_path, data_copy) == 1
    err = capsys.readouterr().err
    assert "data/claims/zz-test.yml" in err and "'wikipedia-z' is not in data/sources.yml" in err


def test_about_names_whose_term_a_curated_claim_states(tmp_path, data_copy):
    write_claims(data_copy, entry(subject="term: President of the National Assembly", property="end_date",
                                  value="14 May 2017", quote="In office 14 May 2017",
                                  extra="about: Gabriela Rivadeneira"),
                 source="wikipedia-a")
    assert build_into(tmp_path, data_copy) == 0
    db = sqlite_utils.Database(tmp_path / "serrano.db")
    claim = db["claims"].get("zz-1")
    assert (claim["person_id"], claim["subject_id"]) == (
        "gabriela-rivadeneira", "gabriela-rivadeneira-president-of-the-national-assembly-1")
    term = db["terms"].get("gabriela-rivadeneira-president-of-the-national-assembly-1")
    assert (term["person_id"], term["end_date"]) == ("gabriela-rivadeneira", "2017-05-14")
    # His own presidency is untouched: no conflict between her end and his start.
    assert not list(db["source_conflicts"].rows_where("person_id = 'gabriela-rivadeneira'"))


def test_occurrence_disambiguates_a_repeated_quote(tmp_path, data_copy):
    write_claims(data_copy, entry(subject="person: José Serrano", property="birth_place", value="Ecuador",
                                  quote="Ecuador", extra="occurrence: 2"))
    assert build_into(tmp_path, data_copy) == 0
    db = sqlite_utils.Database(tmp_path / "serrano.db")
    text = db["sources"].get("ipu-ecu-92")["text"]
    first = text.index("Ecuador")
    assert db["claims"].get("zz-1")["char_start"] == text.index("Ecuador", first + 1)


def test_a_new_revision_gets_infobox_claims_with_no_curated_data(tmp_path, data_copy):
    """A fourth manifest entry, a copy of rendering B with one infobox date changed."""
    original = (data_copy / "sources" / "wikipedia-rendering-b.txt").read_text(encoding="utf-8")
    changed = original.replace("- Term Start3: 5 April 2010", "- Term Start3: 6 April 2010", 1)
    assert changed != original
    (data_copy / "sources" / "wikipedia-rendering-c.txt").write_text(changed, encoding="utf-8")
    digest = hashlib.sha256(changed.encode("utf-8")).hexdigest()
    with (data_copy / "sources.yml").open("a") as manifest:
        manifest.write(textwrap.indent(textwrap.dedent(f"""\
            - id: wikipedia-c
              file: sources/wikipedia-rendering-c.txt
              sha256: {digest}
              kind: wikipedia_revision
              title: A test revision
              publisher: test
              language: en
              license: CC BY-SA 4.0
              notes: a copy of rendering B with one date changed
              about: jose-serrano-salgado
              document: wikipedia-en-jose-serrano-ecuadorian-politician
              revision: 3
            """), "  "))
    assert build_into(tmp_path, data_copy) == 0
    db = sqlite_utils.Database(tmp_path / "serrano.db")
    claims = {row["id"]: row for row in db["claims"].rows_where("source_id = 'wikipedia-c' and method = 'infobox'")}
    assert claims  # and B's curated claims are carried into it (tests/revisions/test_revisions.py)
    keys = {(r["subject_id"], r["property"]) for r in claims.values()}
    expected = {(r["subject_id"], r["property"]) for r in db["claims"].rows_where("source_id = 'wikipedia-b' and method = 'infobox'")}
    assert keys == expected
    start = claims["wikipedia-c-infobox-3-term-start"]
    assert (start["subject_id"], start["value"]) == ("jose-serrano-salgado-minister-of-justice-1", "2010-04-06")
    # The changed date now disagrees with the other sources' 5 April 2010.
    conflict = db["source_conflicts"].get("terms-jose-serrano-salgado-minister-of-justice-1-start-date")
    assert "wikipedia-c" in conflict["sources"]
