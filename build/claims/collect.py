"""All claims: curated ones first (they decide which holding an infobox block is),
then those carried into other revisions that have no curated file of their own
(build.claims.carried), then the infobox claims of every Wikipedia source, then
what the rules read from the prose that no curated or carried claim already
reads (build.claims.extract; off with ``extraction=False``)."""

from pathlib import Path

from .curated import load_curated_claims
from .extract import Extracted, extract_claims
from .infobox import infobox_claims, known_start_intervals
from ..sources.documents import ParsedSource
from ..common.errors import BuildError
from ..common.executors import LOCAL
from ..revisions.pairs import RevisionPair
from .carried import Carried, carry_all


def collect_claims(data_dir: Path, parsed: list[ParsedSource], vocabularies,
                   pairs: list[RevisionPair] = (), extraction: bool = True, work=LOCAL,
                   vocabularies_key: str | None = None) -> tuple[list[dict], Carried, Extracted]:
    """``work``: where the per-document steps (each curated file's claims, each source's reading by the
    rules) run and are cached (``vocabularies_key``: the vocabulary files' hash, part of their keys)."""
    by_id = {item.source.id: item for item in parsed}
    rejections: dict[str, dict] = {}
    curated, curated_sources = load_curated_claims(data_dir, by_id, vocabularies, rejections, work, vocabularies_key)
    carried = carry_all(list(pairs), curated, curated_sources, vocabularies)
    starts = known_start_intervals(curated + carried.claims)
    automatic = [claim for item in parsed for claim in infobox_claims(item, vocabularies, starts)]
    extracted = Extracted()
    if extraction:
        extracted = extract_claims(parsed, vocabularies, curated + carried.claims, rejections, starts, work,
                                   vocabularies_key)
    refuse_taken_ids(curated, carried.claims + automatic + extracted.claims)
    refuse_unknown_credited_terms(curated, carried.claims + automatic)
    # Stable order: by source, then position in the source, then id.
    claims = sorted(curated + carried.claims + automatic + extracted.claims,
                    key=lambda c: (c["source_id"], c["char_start"], c["char_end"], c["id"]))
    return claims, carried, extracted


def refuse_unknown_credited_terms(curated: list[dict], made: list[dict]) -> None:
    """A figure credited to a term needs that term in the record (some claim about it)."""
    terms = {c["subject_id"] for c in curated + made if c["subject_table"] == "terms"}
    for claim in curated:
        credited = claim.get("credited_term_id")
        if credited and credited not in terms:
            file, _, line = claim["curated_in"].rpartition(":")
            raise BuildError(file, f"credited_to names the term {credited!r}, which no claim states; name an office "
                                   "the person held in this record", f"entry at line {line}")


def refuse_taken_ids(curated: list[dict], made: list[dict]) -> None:
    """A curated id may not be one the build gives its own claims (infobox, carried, extracted)."""
    taken = {claim["id"]: claim for claim in made}
    for claim in curated:
        if claim["id"] in taken:
            file, _, line = claim["curated_in"].rpartition(":")
            raise BuildError(file, f"claim id {claim['id']!r} is the id the build gives the "
                                   f"{taken[claim['id']]['method']} claim of {taken[claim['id']]['source_id']}; "
                                   "choose another", f"entry at line {line}")
