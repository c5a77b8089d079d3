"""No silent empty documents: an article that yields no infobox and no claim builds with a warning
naming it; ``--strict`` makes that an error (one line, exit 1, nothing published)."""

import sqlite_utils

from build_helpers import build_into, snapshot
from documents_helper import add_person, add_source

# A page pasted as plain text: the infobox's labels and values on lines of their own, no "|" rows.
PASTED_WITHOUT_ROWS = """Nora Benítez
From Wikipedia, the free encyclopedia
Nora Benítez
Minister of Roads
In office
2 May 2011 – 9 June 2012
Preceded by
Ulises Paz
Nora Benítez (born 1 May 1970) is a politician of the fictional Republic of Esmeralda.
Career
She was Minister of Roads from 2011 to 2012.
"""


def add_pasted_page(data_dir):
    add_person(data_dir, "nora-benitez", "Nora Benítez")
    add_source(data_dir, None, id="wikipedia-benitez", kind="wikipedia_revision", about="nora-benitez",
               document="wikipedia-en-nora-benitez", text=PASTED_WITHOUT_ROWS)


def test_the_seed_build_warns_of_nothing(tmp_path, data_copy, capsys):
    assert build_into(tmp_path, data_copy) == 0
    assert "warning" not in capsys.readouterr().err


def test_an_article_with_no_infobox_and_no_claims_builds_with_a_warning(tmp_path, data_copy, capsys):
    add_pasted_page(data_copy)
    assert build_into(tmp_path, data_copy) == 0
    warnings = [line for line in capsys.readouterr().err.splitlines() if line.startswith("warning")]
    assert len(warnings) == 1
    # The rules read a sentence or two of its prose ("She was Minister of Roads from 2011 to 2012."): the
    # lost infobox is still reported, with what the prose gave.
    assert warnings[0].startswith("warning: source wikipedia-benitez (data/sources/wikipedia-benitez.txt): "
                                  "no infobox found and no claims read")
    assert "read from its prose by rules" in warnings[0] and "expected infobox rows ('Label | value |'" in warnings[0]
    db = sqlite_utils.Database(tmp_path / "serrano.db")
    # its text is still loaded: the site lines apart, the article's sentences in the lead
    sections = [row["section"] for row in db.query(
        "select section from passages where source_id = 'wikipedia-benitez' and kind = 'section' order by rowid")]
    assert sections[0] == "page header"
    # Nothing but what the rules read from the prose, each marked as such.
    assert db.execute("select count(*) from claims where source_id = 'wikipedia-benitez' "
                      "and subject_table != 'references' and method != 'extracted'").fetchone()[0] == 0


def test_strict_makes_it_an_error_and_publishes_nothing(tmp_path, data_copy, capsys):
    assert build_into(tmp_path, data_copy) == 0
    before = snapshot(tmp_path)
    capsys.readouterr()
    add_pasted_page(data_copy)
    assert build_into(tmp_path, data_copy, "--strict") == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith("build failed: source wikipedia-benitez (data/sources/wikipedia-benitez.txt): "
                             "no infobox found and no claims read") and err[0].endswith("(--strict)")
    assert snapshot(tmp_path) == before


def test_strict_passes_the_seeds(tmp_path, data_copy):
    assert build_into(tmp_path, data_copy, "--strict") == 0
