"""The two fast paths the build takes at scale, checked against the slow ways they replace.

``anchor.find_all`` searches a whitespace-squeezed copy of the text instead of
compiling a regex per quote; ``bulk.insert_rows`` inserts with ``executemany``
after sqlite-utils has created the table.  Each must give exactly what the
slow way gives.  And what the build promises about memory at scale: the largest tables
are written from generators, and the comparison is freed before the coverage tables.
"""

import random
import re

import pytest
import sqlite_utils

from build.sources import anchor
from build.tables.bulk import insert_rows


def regex_find_all(text, quote, start=0, end=None):
    """The definition: words must match exactly, any whitespace run matches any whitespace run."""
    end = len(text) if end is None else end
    words = quote.split()
    if not words:
        return []
    pattern = re.compile(r"\s+".join(re.escape(word) for word in words))
    found, position = [], start
    while (match := pattern.search(text, position, end)) is not None:
        found.append(match.span())
        position = match.start() + 1
    return found


def test_find_all_agrees_with_the_regex_on_random_texts_quotes_and_bounds():
    rng = random.Random(2026)
    alphabet = "ab \n\t\u00a0"
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 16)))
        quote = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 6)))
        start = rng.randint(0, len(text))
        end = rng.randint(start, len(text))
        for bounds in ((), (start,), (start, end)):
            assert anchor.find_all(text, quote, *bounds) == regex_find_all(text, quote, *bounds), (text, quote, bounds)


@pytest.mark.parametrize("quote", ["of the situation", "of  the\nsituation", "situation.", "the"])
def test_find_all_on_a_wrapped_line_like_the_ipu_text(quote):
    text = "the Committee's assessment of the\n situation of the  parliamentarians; the situation."
    assert anchor.find_all(text, quote) == regex_find_all(text, quote)


def test_declared_tables_are_created_whole_and_filled_in_order(tmp_path):
    from build.tables.schema import TABLES, create_tables

    db = sqlite_utils.Database(tmp_path / "t.db")
    create_tables(db, exports=True)  # the tables of MediaWiki exports too, created only with one
    for name, spec in TABLES.items():
        assert list(db[name].columns_dict) == list(spec.columns), name
        assert db[name].pks == list(spec.pk), name
        declared = {(column, other, other_column) for column, other, other_column in spec.foreign_keys}
        assert {(fk.column, fk.other_table, fk.other_column) for fk in db[name].foreign_keys} == declared, name
    rows = [{"id": f"r{n}", "source_id": "s", "kind": "date", "raw": str(n), "char_start": n} for n in range(1000)]
    assert insert_rows(db, "mentions", rows) == 1000
    got = list(db.query("select id, raw, char_start, covered from mentions order by rowid"))
    assert got == [{"id": r["id"], "raw": r["raw"], "char_start": r["char_start"], "covered": None} for r in rows]


def test_insert_rows_refuses_a_key_the_table_has_no_column_for(tmp_path):
    from build.tables.schema import create_tables

    db = sqlite_utils.Database(tmp_path / "t.db")
    create_tables(db)
    rows = [{"id": str(n), "raw": "x"} for n in range(300)] + [{"id": "300", "raw": "x", "surprise": 2}]
    with pytest.raises(ValueError, match="row 301 has keys the table has no column for: surprise"):
        insert_rows(db, "mentions", rows)
    assert db["mentions"].count == 0  # streamed in, but the insert is one transaction: rolled back whole


def test_insert_rows_takes_rows_one_at_a_time_from_a_generator(tmp_path):
    """The largest tables are written from generators so that no table's rows are ever held whole."""
    from build.tables.schema import create_tables

    db = sqlite_utils.Database(tmp_path / "t.db")
    create_tables(db)
    made = []

    def rows():
        for n in range(500):
            made.append(n)
            # SQLite has asked for every row before this one, and no row after it has been made yet.
            assert db.conn.in_transaction and len(made) == n + 1
            yield {"id": f"m{n}", "raw": str(n)}

    assert insert_rows(db, "mentions", rows()) == 500
    assert [r["id"] for r in db.query("select id from mentions order by rowid")] == [f"m{n}" for n in range(500)]
    assert insert_rows(db, "mentions", iter(())) == 0


# The tables whose rows the build never holds whole: each is written from a generator (at 1,000 times
# the seeds the lists of the claims' and facts' rows put 140 MB on the build's peak, the sentences'
# about 200 MB).  The names are the modules that write them.
STREAMED = {"passages": "documents", "claims": "record", "facts": "facts", "sentences": "coverage",
            "source_segments": "segments", "mentions": "mentions", "claim_comparisons": "record",
            "sentence_claims": "coverage", "revision_changes": "revisions"}


def test_the_largest_tables_are_written_from_generators_not_lists(tmp_path, monkeypatch):
    import importlib

    from tests.build_helpers import build_into
    from tests.conftest import ROOT

    handed = {}
    for module_name in set(STREAMED.values()):
        module = importlib.import_module(f"build.tables.{module_name}")
        for writer in ("insert_rows", "insert_tuples"):  # rows as dicts, or as tuples in column order
            if not hasattr(module, writer):
                continue
            real = getattr(module, writer)

            def spy(db, table_name, rows, real=real):
                handed.setdefault(table_name, type(rows))
                return real(db, table_name, rows)
            monkeypatch.setattr(module, writer, spy)
    assert build_into(tmp_path, ROOT / "data", "--no-cache") == 0
    assert set(handed) >= set(STREAMED)
    held = {table: kind.__name__ for table, kind in handed.items()
            if table in STREAMED and issubclass(kind, (list, tuple, dict, set))}
    assert not held, f"written from a whole collection, not a generator: {held}"


def test_the_comparison_is_freed_before_the_coverage_tables_are_built(tmp_path, monkeypatch):
    """The comparisons, the resolved record and its facts live only inside ``compare_and_write``: by the
    time the sentence tables are built (the build's peak at scale), none of them is still held."""
    import gc

    import build.pipeline as pipeline
    from build.compare.record import Record
    from tests.build_helpers import build_into
    from tests.conftest import ROOT

    alive = []
    real = pipeline.add_coverage

    def spy(*args, **kwargs):
        gc.collect()
        alive.append(sum(isinstance(thing, Record) for thing in gc.get_objects()))
        return real(*args, **kwargs)
    monkeypatch.setattr(pipeline, "add_coverage", spy)
    assert build_into(tmp_path, ROOT / "data", "--no-cache") == 0
    assert alive == [0]


def test_a_segment_holds_its_fields_in_the_tables_column_order():
    """Segments go into SQLite as tuples: a field out of the declared order would land in another column."""
    from build.tables.schema import TABLES
    from build.tables.segments import Segment

    assert Segment._fields == tuple(TABLES["source_segments"].columns)
