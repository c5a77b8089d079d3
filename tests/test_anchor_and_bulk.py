"""The two fast paths the build takes at scale, checked against the slow ways they replace.

``anchor.find_all`` searches a whitespace-squeezed copy of the text instead of
compiling a regex per quote; ``bulk.insert_rows`` inserts with ``executemany``
after sqlite-utils has created the table.  Each must give exactly what the
slow way gives.
"""

import random
import re

import pytest
import sqlite_utils

from build import anchor
from build.bulk import insert_rows


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


def test_insert_rows_gives_the_same_table_as_insert_all(tmp_path):
    rows = [{"id": f"r{n}", "n": n, "x": n / 3, "note": None if n % 7 else f"seventh {n}"} for n in range(1, 1000)]
    slow = sqlite_utils.Database(tmp_path / "slow.db")
    slow["t"].insert_all(rows, pk="id", column_order=("id", "n"))
    fast = sqlite_utils.Database(tmp_path / "fast.db")
    insert_rows(fast, "t", rows, pk="id", column_order=("id", "n"))
    assert fast["t"].schema == slow["t"].schema
    assert list(fast.query("select rowid, * from t")) == list(slow.query("select rowid, * from t"))


def test_insert_rows_refuses_a_key_the_table_has_no_column_for(tmp_path):
    db = sqlite_utils.Database(tmp_path / "t.db")
    rows = [{"id": n, "a": n} for n in range(300)] + [{"id": 300, "a": 1, "surprise": 2}]
    with pytest.raises(ValueError, match="row 301 has keys the table has no column for: surprise"):
        insert_rows(db, "t", rows, pk="id")
