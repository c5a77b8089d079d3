"""Values as a reader writes them, in the HTML only: dates with their precision, 0/1 flags as words.

The database and every download keep ISO 8601 dates (``2011-05-13``, ``2012-05``, ``2016``) and
0/1 integers, which is what a program wants.  A reader wants "13 May 2011", "May 2012", "2016",
and "disputed" / "not disputed".  Datasette's ``render_cell`` hook renders every cell of a table,
row or canned query page; here it renders:

- a date column (``date``, ``*_date``, the interval bounds ``date_start`` / ``date_end`` and
  ``*_earliest`` / ``*_latest``, ``archived``, ``published``, ``inception``, ``dissolution``,
  ``adopted_on``...) as the words a reader writes, at the precision of the row's
  ``<column>_precision`` (or of the ISO form itself), inside ``<time datetime="...">`` so the ISO
  value stays in the markup; a value that is not an ISO date is left to Datasette;
- a 0/1 flag column (``disputed``, ``ongoing``, ``reviewed``...) as its word, the definition in a
  title; ``within_source`` links to its definition on /about.

No column is both a link (``plugins/serrano_links.py``) and a date or a flag, so the two
``render_cell`` hooks never compete for a cell.  The same words are template filters
(``reader_date``, ``flag_word``) for the custom pages and the facet lists.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from datasette import hookimpl

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

# Columns holding dates, by name; a column named like a date that holds something else is left alone
# (its values are not ISO dates).  Normalized claim values (claims.value, conflict_claims.value) are
# not here: they show the normalization itself, next to value_display.
DATE_COLUMNS = {"date", "date_start", "date_end", "archived", "published", "inception", "dissolution",
                "adopted_on", "revision_date", "retrieved"}
DATE_SUFFIXES = ("_date", "_earliest", "_latest", "_date_latest_revision", "date_latest_revision")

# 0/1 columns: (the word for 1, the word for 0, what the flag means).
FLAGS = {
    "disputed": ("disputed", "not disputed", "in a conflict or an error finding"),
    "within_source": ("within a source", "between sources", "one source gives values on more than one side"),
    "within_document": ("within a document", "between documents", "a document compared with itself"),
    "ongoing": ("ongoing", "not ongoing", "a source says the term had not ended"),
    "provisional": ("provisional", "confirmed", "only automatic extraction names it"),
    "is_record_subject": ("the record's subject", "another person", "the person the publication opens on"),
    "reviewed": ("reviewed", "not reviewed", "a curator has read the claim's words"),
    "collective": ("collective case", "individual case", "a case about several parliamentarians"),
    "revision_inferred": ("order inferred", "order stated", "the order of the revisions was inferred"),
    "covered": ("covered", "not covered", "some claim reads this mention"),
    "in_quote": ("in a quote", "not in a quote", "the mention lies inside some claim's quote"),
    "same_value": ("same value", "other value", "the rule read the value the claim gives"),
}
FLAG_LINKS = {"within_source": "/about#within-source"}


def is_date_column(column: str) -> bool:
    return column in DATE_COLUMNS or column.endswith(DATE_SUFFIXES)


def reader_date(value, precision: str | None = None) -> str | None:
    """'2011-05-13' -> '13 May 2011', '2012-05' -> 'May 2012', '2016' -> '2016'; 'A/B' -> 'A – B';
    several values joined by ' or ' each in words.  None when the value is not an ISO date."""
    if value is None:
        return None
    text = str(value).strip()
    if " or " in text:
        parts = [reader_date(part, precision) for part in text.split(" or ")]
        return None if None in parts else " or ".join(parts)
    if "/" in text:
        start, _, end = text.partition("/")
        parts = [reader_date(start), reader_date(end)]
        if None in parts:
            return None
        return "–".join(parts) if " " not in "".join(parts) else " – ".join(parts)
    match = ISO_DATE.match(text)
    if not match:
        return None
    year, month, day = match.groups()
    if precision == "year" or not month:
        return year
    if not 1 <= int(month) <= 12:
        return None
    if precision == "month" or not day:
        return f"{MONTHS[int(month) - 1]} {year}"
    return f"{int(day)} {MONTHS[int(month) - 1]} {year}"


def flag_word(column: str, value) -> str | None:
    """The word for a 0/1 flag (1 -> 'disputed', 0 -> 'not disputed'); None for anything else."""
    words = FLAGS.get(column)
    if words is None or value not in (0, 1, "0", "1"):
        return None
    return words[0] if int(value) == 1 else words[1]


def _value(value):
    return value["value"] if isinstance(value, dict) else value


def _row_value(row, column):
    try:
        return _value(row[column])
    except (KeyError, IndexError):
        return None


def render(row, value, column, datasette):
    raw = _value(value)
    if raw is None or raw == "":
        return None
    if column in FLAGS:
        word = flag_word(column, raw)
        if word is None:
            return None
        meaning = FLAGS[column][2]
        title = f"{column} = {int(raw)}: {'' if int(raw) == 1 else 'not '}{meaning}"
        if column in FLAG_LINKS and int(raw) == 1:
            return Markup(f'<a class="term-of-art flag flag-{int(raw)}" href="{escape(datasette.urls.path(FLAG_LINKS[column]))}" '
                          f'title="{escape(title)}">{escape(word)}</a>')
        return Markup(f'<span class="flag flag-{int(raw)}" title="{escape(title)}">{escape(word)}</span>')
    if isinstance(raw, str) and is_date_column(column):
        precision = _row_value(row, f"{column}_precision")
        words = reader_date(raw, precision if precision in ("year", "month", "day") else None)
        if words is None:
            return None
        datetime = raw if ISO_DATE.match(raw) else raw.split("/")[0].split(" or ")[0]
        return Markup(f'<time datetime="{escape(datetime)}" title="{escape(raw)}">{escape(words)}</time>')
    return None


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    return render(row, value, column, datasette)


@hookimpl
def prepare_jinja2_environment(env, datasette):
    env.filters["reader_date"] = lambda value, precision=None: reader_date(value, precision) or (value or "")
    env.filters["flag_word"] = lambda value, column: flag_word(column, value) or value
