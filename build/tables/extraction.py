"""``extraction_reviews``: what the rules read that is not published as an extracted claim.

A finding whose words a curated (or carried) claim already reads as the same
property is ``superseded`` by it (``same_value`` says whether the rule read the
same value: a measure of the rules on curated text); one a curator refused
under ``rejections:`` is ``rejected``, with the reason.  Rows come from
``build.claims.extract``.
"""

from .bulk import insert_rows


def add_extraction_reviews(db, reviews: list[dict]) -> None:
    insert_rows(db, "extraction_reviews", sorted(reviews, key=lambda r: (r["source_id"], r["value_start"], r["id"])))
