"""All claims: curated ones first (they decide which holding an infobox block is),
then the infobox claims of every Wikipedia source."""

from pathlib import Path

from .claims_curated import load_curated_claims
from .claims_infobox import infobox_claims, known_start_intervals
from .documents import ParsedSource


def collect_claims(data_dir: Path, parsed: list[ParsedSource], vocabularies) -> list[dict]:
    by_id = {item.source.id: item for item in parsed}
    curated = load_curated_claims(data_dir, by_id, vocabularies)
    starts = known_start_intervals(curated)
    automatic = [claim for item in parsed for claim in infobox_claims(item, vocabularies, starts)]
    # Stable order: by source, then position in the source, then id.
    return sorted(curated + automatic, key=lambda c: (c["source_id"], c["char_start"], c["char_end"], c["id"]))
