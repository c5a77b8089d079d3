"""The bounds the README's "Hostile visitors" table states are the ones the plugins set.

The behaviour tests (test_hostile_serving.py) read each limit from its plugin and check that it holds;
this file checks that the plugin's value is the one the README promises, so neither can drift alone
(a limit raised in the code without the README, or the README's figure without the code).
"""

import importlib.util
import re

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def plugin(name: str):
    spec = importlib.util.spec_from_file_location(f"plugin_{name}", ROOT / "plugins" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def hostile_visitors_table() -> dict[str, str]:
    """Each row of the table under "## Hostile visitors": its first cell (bound) -> its second (value)."""
    section = README.split("\n## Hostile visitors\n", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("| ") and len(cells) >= 2 and not set(cells[0]) <= {"-"}:
            rows[cells[0]] = cells[1]
    return rows


TABLE = hostile_visitors_table()


def documented(bound: str, pattern: str) -> tuple[int, ...]:
    row = next((value for name, value in TABLE.items() if name.startswith(bound)), None)
    assert row is not None, f"the README's Hostile visitors table has no row for {bound}"
    match = re.match(pattern, row)
    assert match, f"the README's value for {bound} reads {row!r}"
    return tuple(int(number.replace(",", "")) for number in match.groups())


KIB = 1024


def test_sqlite_limits_are_the_documented_ones():
    limits = plugin("sqlite_limits")
    pages, visitors = documented("`SQLITE_LIMIT_LENGTH`", r"(\d+) KiB; (\d+) KiB on the visitors' connections")
    assert limits.LIMITS["SQLITE_LIMIT_LENGTH"] == pages * KIB
    assert limits.VISITORS_LIMITS == {"SQLITE_LIMIT_LENGTH": visitors * KIB}
    assert limits.LIMITS["SQLITE_LIMIT_COLUMN"] == documented("`SQLITE_LIMIT_COLUMN`", r"(\d+)$")[0]
    assert limits.LIMITS["SQLITE_LIMIT_LIKE_PATTERN_LENGTH"] == \
        documented("`SQLITE_LIMIT_LIKE_PATTERN_LENGTH`", r"(\d+) characters")[0]
    assert limits.LIMITS["SQLITE_LIMIT_SQL_LENGTH"] == documented("`SQLITE_LIMIT_SQL_LENGTH`", r"(\d+) KiB$")[0] * KIB
    assert limits.LIMITS["SQLITE_LIMIT_EXPR_DEPTH"] == documented("`SQLITE_LIMIT_EXPR_DEPTH`", r"(\d+) ")[0]
    assert limits.RESULT_BYTES_CAP == documented("bytes one statement returns", r"(\d+) MiB, then 400")[0] * KIB * KIB
    assert set(limits.LIMITS) == {"SQLITE_LIMIT_LENGTH", "SQLITE_LIMIT_COLUMN", "SQLITE_LIMIT_LIKE_PATTERN_LENGTH",
                                  "SQLITE_LIMIT_SQL_LENGTH", "SQLITE_LIMIT_EXPR_DEPTH"}


def test_the_query_string_cap_is_the_documented_one():
    assert plugin("guards").MAX_PARAMETERS == documented("query-string parameters", r"at most (\d+), then 400")[0]


def test_the_gate_and_time_limit_are_the_documented_ones():
    gate = plugin("sql_gate")
    at_once, wait_s, retry_after = documented(
        "visitors' SQL running at once", r"(\d+); a request waits at most (\d+) s, then 429 with `Retry-After: (\d+)`")
    assert (gate.AT_ONCE, gate.WAIT_S, gate.RETRY_AFTER_S) == (at_once, wait_s, retry_after)
    assert gate.TIME_LIMIT_MS == documented("visitors' SQL time limit", r"(\d+) ms")[0]
