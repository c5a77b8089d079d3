"""How long aligning consecutive revisions, and carrying claims through them, takes.

    python benchmarks/bench_revisions.py [N] [--seed S]

Generates N revisions (default 1,000) of rendering B in memory
(``generate_revisions.py``), parses each once, then times, separately:

* aligning the N consecutive pairs (rendering B -> revision 1, ..., N-1 -> N)
  with ``build.revisions.align.align_revisions``;
* carrying the infobox's claims (each field's value as its quote and value)
  from revision to revision with ``build.revisions.carry.carry_claim``: a
  claim whose field was reworded goes on from the new field and value, one
  removed or orphaned stops.

Prints the figures and the change kinds counted over all pairs.  Not a test:
nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate_revisions import generate_revisions, read_base  # noqa: E402
from build.sources.wikipedia import parse_wikipedia  # noqa: E402
from build.revisions.align import align_revisions  # noqa: E402
from build.revisions.carry import carry_claim  # noqa: E402


def bench(n: int = 1000, seed: int = 0) -> dict:
    started = time.perf_counter()
    texts = [read_base()] + [revision.text for revision in generate_revisions(n, seed)]
    generated = time.perf_counter()
    documents = [parse_wikipedia(f"r{k}", text) for k, text in enumerate(texts)]
    sentences = [d.sentences for d in documents]
    parsed = time.perf_counter()
    alignments = [
        align_revisions(texts[k], sentences[k], texts[k + 1], sentences[k + 1],
                        documents[k].infobox_fields, documents[k + 1].infobox_fields)
        for k in range(n)
    ]
    aligned = time.perf_counter()
    claims = [(f["char_start"], f["char_end"]) for f in documents[0].infobox_fields]
    statuses: Counter = Counter()
    carries = 0
    for k in range(n):
        following = []
        for start, end in claims:
            result = carry_claim(texts[k], texts[k + 1], start, end, value_start=start, value_end=end,
                                 changes=alignments[k])
            carries += 1
            statuses[result["status"] + ("/value " + result["value_status"] if result["value_status"] else "")] += 1
            if result["status"] == "carried":
                following.append((result["char_start"], result["char_end"]))
            elif result["status"] == "reworded" and result["value_start"] is not None:
                following.append((result["value_start"], result["value_end"]))
        claims = following
    carried = time.perf_counter()
    kinds = Counter(f"{c['unit']} {c['kind']}" for changes in alignments for c in changes)
    return {
        "pairs": n, "generate_s": generated - started, "parse_s": parsed - generated,
        "align_s": aligned - parsed, "carry_s": carried - aligned, "carries": carries,
        "claims_left": len(claims), "statuses": dict(sorted(statuses.items())), "kinds": dict(sorted(kinds.items())),
        "sentences": (min(map(len, sentences)), max(map(len, sentences))),
        "chars": (min(map(len, texts)), max(map(len, texts))),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, nargs="?", default=1000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    r = bench(args.n, args.seed)
    print(f"{r['pairs']:,} revision pairs of a {r['chars'][0]:,}-{r['chars'][1]:,} character article "
          f"({r['sentences'][0]}-{r['sentences'][1]} sentences)")
    print(f"  generate {r['generate_s']:.2f} s   parse {r['parse_s']:.2f} s (both not counted below)")
    print(f"  align    {r['align_s']:.2f} s   ({1000 * r['align_s'] / r['pairs']:.2f} ms a pair)")
    print(f"  carry    {r['carry_s']:.2f} s   ({r['carries']:,} infobox claims carried pair to pair, "
          f"{r['claims_left']} still followed at the end)")
    print("  carry verdicts:", ", ".join(f"{k} {v:,}" for k, v in r["statuses"].items()))
    print("  changes:", ", ".join(f"{k} {v:,}" for k, v in r["kinds"].items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
