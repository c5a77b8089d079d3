"""``source_segments``: each source's text cut at every claim boundary.

The source reader page renders a whole document with every claim highlighted.
Claims overlap (a sentence quote and a date inside it), so the text is cut at
every claim start and end; each segment lists the claims covering it.  Doing
this in the build keeps the template a plain loop, and the cut is tested here.
"""

from .bulk import insert_rows
from .tables_record import display_value


def segment_rows(source_id: str, text: str, claims: list[dict], disputed_ids: set[str]) -> list[dict]:
    bounds = sorted({0, len(text)} | {c["char_start"] for c in claims} | {c["char_end"] for c in claims})
    starts: dict[int, list[str]] = {}
    for claim in claims:
        starts.setdefault(claim["char_start"], []).append(claim["id"])
    rows = []
    for start, end in zip(bounds, bounds[1:]):
        covering = sorted((c for c in claims if c["char_start"] <= start and end <= c["char_end"]),
                          key=lambda c: c["id"])
        rows.append({
            "id": f"{source_id}-segment-{len(rows) + 1}",
            "source_id": source_id,
            "ordinal": len(rows) + 1,
            "char_start": start,
            "char_end": end,
            "text": text[start:end],
            "claim_ids": " ".join(c["id"] for c in covering) or None,
            "labels": "; ".join(f"{c['property'].replace('_', ' ')}: {display_value(c)}" for c in covering) or None,
            "disputed": int(any(c["id"] in disputed_ids for c in covering)),
            "anchors": " ".join(sorted(starts.get(start, []))) or None,
        })
    return rows


def add_source_segments(db, sources, claims: list[dict], disputed_ids: set[str]) -> None:
    by_source: dict[str, list[dict]] = {}
    for claim in claims:
        by_source.setdefault(claim["source_id"], []).append(claim)
    insert_rows(db, "source_segments", [
        row for source in sources
        for row in segment_rows(source.id, source.text, by_source.get(source.id, []), disputed_ids)
    ])
