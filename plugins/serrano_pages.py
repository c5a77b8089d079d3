"""Helpers that keep long pages short: links that change one argument, and a diff's hunks.

- ``path_with_args(request, {"_columns": "all", "page": None})``: this page's path with some query-string
  arguments set or removed (None removes), as Datasette's table pages have it; canned query and custom
  pages need it too (the "all columns" link, the pages of a list).
- ``diff_hunks(rows, context=1)``: the rows of two revisions' alignment, in document order, cut as a diff
  is: each change with up to ``context`` unchanged rows on either side, and every longer run of unchanged
  rows folded into one entry (the compare page, ``/revisions/<from>/<to>``, shows a fold as a count that
  opens).
- ``page_window(page, per_page, total)``: which page of a list this is (1-based, clamped), its first row's
  offset and the number of pages, for the custom pages that list what grows with the record.
"""

from __future__ import annotations

from datasette import hookimpl
from datasette.utils import path_with_replaced_args


def path_with_args(request, changes: dict) -> str:
    return path_with_replaced_args(request, changes)


def diff_hunks(rows, context: int = 1) -> list[dict]:
    """[{"row": row} | {"folded": [rows]}] in the rows' order; a row is unchanged when its kind is."""
    rows = list(rows)
    changed = [i for i, row in enumerate(rows) if row["kind"] != "unchanged"]
    near = set()
    for i in changed:
        near.update(range(max(0, i - context), min(len(rows), i + context + 1)))
    hunks, run = [], []
    for i, row in enumerate(rows):
        if i in near:
            if run:
                hunks.append({"folded": run})
                run = []
            hunks.append({"row": row})
        else:
            run.append(row)
    if run:
        hunks.append({"folded": run})
    # A fold of one row saves nothing: show it.
    return [hunk for h in hunks for hunk in ([{"row": h["folded"][0]}] if "folded" in h and len(h["folded"]) == 1 else [h])]


def page_window(page, per_page: int, total: int) -> dict:
    """{"page", "pages", "offset", "first", "last"} for a 1-based ``page`` (any text; clamped to what exists)."""
    pages = max(1, -(-int(total or 0) // per_page))
    try:
        number = int(str(page or "1").strip())
    except ValueError:
        number = 1
    number = min(max(1, number), pages)
    offset = (number - 1) * per_page
    return {"page": number, "pages": pages, "offset": offset, "first": offset + 1 if total else 0,
            "last": min(offset + per_page, int(total or 0))}


@hookimpl
def extra_template_vars(request):
    return {
        "path_with_args": lambda changes: path_with_args(request, changes),
        "diff_hunks": diff_hunks,
        "page_window": page_window,
    }
