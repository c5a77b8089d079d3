"""What a sentence may refer back to within its paragraph: the office last named as the person's,
and the last span of dates stated ("from 2011 to 2016").

"He held the position until August 2006" ends the office the sentence before
named ("he was appointed Minister of Labour ... in June 2005"); "During this
period, the homicide rate fell from 20 to 5.5" is for the span a sentence before
gave.  Only the same paragraph is looked at, and only what a pattern read, so a
reference with nothing to refer to reads nothing.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(eq=False, repr=False)
class Context:
    # (vocabulary id or None, the office's words) of the office the person last held, took or left
    held_office: tuple[str | None, str] | None = None
    # the last span of dates a sentence stated: (start date, end date) as written
    last_range: tuple[str, str] | None = None
