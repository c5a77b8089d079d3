"""The templates a page shows as text, rendered the way the wiki renders them (as plain text).

Only templates whose output is text the record reads are rendered; any other template (a hatnote,
a maintenance tag, a navigation box, ``{{Use dmy dates}}``) shows nothing here.

* dates: ``{{Start date|2017|5|14}}`` "May 14, 2017", with ``df=y`` "14 May 2017"; ``{{Start
  date|2017|5}}`` "May 2017"; ``{{Start date|2017}}`` "2017" (the precision the template gives).
  The same for End date, Birth date, Birth date and age, Death date, Death date and age (its first
  date), Start date and age.  The age a page computes when it is viewed is left out: it depends on
  the day the page is read, and the rendering must not.
* citations: ``{{cite web|title=...|date=...|publisher=...|access-date=...|archive-date=...}}``
  (any ``cite ...`` template, and ``{{citation}}``) in the order the citation style prints them:
  authors (date). "Title" (in Language). Work. Publisher. Date. Archived from the original on
  D. Retrieved D.  ``citation_pieces`` says which piece is which field, so the reference keeps
  the span of its title, publisher and dates.
* text wrappers: ``{{lang|es|...}}``, ``{{nowrap|...}}``, ``{{small|...}}`` show their text;
  ``{{nbsp}}``, ``{{ndash}}``, ``{{mdash}}`` their character; ``{{marriage|Name|1995|2004}}``
  "Name (m. 1995–2004)"; list templates (``{{ubl}}``, ``{{plainlist}}``...) their items.

Names are compared as the wiki does: the first letter in either case, "_" as a space.
"""

from __future__ import annotations

from ..common.dates import DateError, MONTH_NAMES, parse_date

DATE_TEMPLATES = frozenset({
    "start date", "end date", "birth date", "birth date and age", "death date", "death date and age",
    "start date and age", "end date and age", "birth-date", "start-date", "end-date", "dob",
})
LIST_TEMPLATES = frozenset({"ubl", "unbulleted list", "plainlist", "plain list", "flatlist", "flat list", "hlist",
                            "bulleted list", "ublist", "collapsible list"})
REFERENCE_LISTS = frozenset({"reflist", "references", "refs", "reference list"})
# Templates showing one of their parameters as it is: name -> which positional parameter.
WRAPPERS = {"nowrap": 1, "small": 1, "nobr": 1, "big": 1, "lang": 2, "transl": 2, "nobold": 1, "noitalic": 1,
            "abbr": 1, "sic": 1, "keep together": 1, "nowrap begin": 0}
CHARACTERS = {"nbsp": "\u00a0", "ndash": "–", "mdash": "—", "snd": " – ", "spaced ndash": " – ",
              "spaced en dash": " – ", "•": " • ", "middot": " · ", "dot": " · "}
LANGUAGES = {"es": "Spanish", "en": "English", "pt": "Portuguese", "fr": "French", "de": "German",
             "it": "Italian", "qu": "Quechua", "ca": "Catalan", "gl": "Galician", "eu": "Basque"}


def template_name(template) -> str:
    """As the wiki compares template names: no spaces around, "_" as a space, case folded."""
    return " ".join(str(template.name).replace("_", " ").split()).lower()


def is_infobox(template) -> bool:
    return template_name(template).startswith("infobox")


def is_citation(template) -> bool:
    name = template_name(template)
    return name.startswith("cite ") or name == "citation"


def parameters(template, offset: int) -> tuple[dict, list]:
    """Where each parameter is: ({name: (value Wikicode, offset of the value, offset of the parameter)},
    [(value, offset of the value) of the positional ones]).

    ``offset`` is where the template starts in the wikitext; a template prints as "{{" name,
    then "|" and each parameter ("name=value", or the value alone).  A name given twice: the last
    one counts, as on the wiki.
    """
    named, positional = {}, []
    position = offset + 2 + len(str(template.name))
    for param in template.params:
        position += 1  # the "|"
        printed = str(param)
        if param.showkey:
            value_offset = position + len(str(param.name)) + 1
            named[" ".join(str(param.name).split()).lower()] = (param.value, value_offset, position)
        else:
            positional.append((param.value, position))
            named[str(len(positional))] = (param.value, position, position)
        position += len(printed)
    return named, positional


def render_date(template) -> str | None:
    """The date a date template shows, or None when its numbers make no date."""
    named, positional = parameters(template, 0)
    numbers = [str(value).strip() for value, _ in positional[:3]]
    numbers = [n for n in numbers if n]
    if not numbers or not all(n.isdigit() for n in numbers):
        return None
    year = int(numbers[0])
    month = int(numbers[1]) if len(numbers) > 1 else None
    day = int(numbers[2]) if len(numbers) > 2 else None
    if month is not None and not 1 <= month <= 12:
        return None
    day_first = _flag(named, "df")
    if month is None:
        shown = f"{year}"
    elif day is None:
        shown = f"{MONTH_NAMES[month]} {year}"
    elif day_first:
        shown = f"{day} {MONTH_NAMES[month]} {year}"
    else:
        shown = f"{MONTH_NAMES[month]} {day}, {year}"
    try:
        parse_date(shown)
    except DateError:
        return None  # 31 February
    return shown


def _flag(named: dict, name: str) -> bool:
    value = named.get(name)
    return value is not None and str(value[0]).strip().lower() in ("y", "yes", "true", "1")


def language_name(value: str) -> str:
    """'es' -> 'Spanish'; a name is kept as written."""
    return LANGUAGES.get(value.strip().lower(), value.strip())


def is_english(value: str) -> bool:
    return value.strip().lower() in ("en", "english")


# What a citation prints, in order: (field, the parameters that give it, text before, text after).
AUTHOR_PARAMETERS = ("author", "author1", "authors", "last", "last1")
WORK_PARAMETERS = ("work", "website", "newspaper", "magazine", "journal", "periodical", "agency", "encyclopedia")
DATE_PARAMETERS = ("date", "publication-date", "publicationdate", "year")
ARCHIVE_PARAMETERS = ("archive-date", "archivedate")
ACCESS_PARAMETERS = ("access-date", "accessdate")
LANGUAGE_PARAMETERS = ("language", "lang")


def first(named: dict, names) -> tuple | None:
    for name in names:
        value = named.get(name)
        if value is not None and str(value[0]).strip():
            return value
    return None
