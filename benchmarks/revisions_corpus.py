"""A corpus of N revisions of one article, for make bench-scale: the seeds plus N more.

    python benchmarks/revisions_corpus.py 1000 [--out benchmarks/corpus] [--force]

``benchmarks/corpus/revisions-<N>/`` is a copy of ``data/`` whose manifest
adds N synthetic revisions (``generate_revisions.py``: rendering B with a few
small random edits each, every one made from the one before) as revisions 3
to N+2 of the seed article, with no curated file of their own: so the build
aligns every consecutive pair and carries rendering B's curated claims down
the whole chain, and each fact is stated by up to N+2 revisions.
Regenerated only when the generator, N or data/ change.
"""

import argparse
import hashlib
import shutil
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import generate_corpus  # noqa: E402
import generate_revisions  # noqa: E402

REPO = HERE.parent
SEED_DATA = REPO / "data"
CORPUS = HERE / "corpus"
ARTICLE = "wikipedia-en-jose-serrano-ecuadorian-politician"
VERSION = "1"


def stamp(n: int) -> str:
    digest = hashlib.sha256(f"{VERSION}:{n}".encode())
    for path in (Path(__file__), HERE / "generate_revisions.py"):
        digest.update(path.read_bytes())
    for path in sorted(SEED_DATA.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(SEED_DATA).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


def generate(n: int, out: Path) -> Path:
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(SEED_DATA, out)
    manifest = yaml.safe_load((out / "sources.yml").read_text(encoding="utf-8"))
    for revision in generate_revisions.generate_revisions(n, seed=0):
        name = f"synthetic-revision-{revision.number:04d}"
        raw = revision.text.encode("utf-8")
        (out / "sources" / f"{name}.txt").write_bytes(raw)
        manifest["sources"].append({
            "id": name, "file": f"sources/{name}.txt", "sha256": hashlib.sha256(raw).hexdigest(),
            "kind": "wikipedia_revision", "title": f"Synthetic revision {revision.number} of rendering B",
            "publisher": "Synthetic benchmark corpus (benchmarks/generate_revisions.py)", "language": "en",
            "license": None, "notes": "Rendering B after a few random edits per revision; for benchmarks only.",
            "about": "jose-serrano-salgado", "document": ARTICLE, "revision": revision.number + 2,
        })
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    (out / "sources.yml").write_text(yaml.dump(manifest, Dumper=dumper, sort_keys=False, allow_unicode=True,
                                               width=10_000), encoding="utf-8")
    (out / ".stamp").write_text(stamp(n) + "\n")
    return out


def ensure(n: int, root: Path = CORPUS, force: bool = False) -> tuple[Path, bool]:
    return generate_corpus.ensure_folder(root / f"revisions-{n}", stamp(n), lambda out: generate(n, out), force)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("--out", type=Path, default=CORPUS)
    parser.add_argument("--force", action="store_true")
    args = parser.parse_args(argv)
    path, made = ensure(args.n, args.out, args.force)
    print(f"{args.n} revisions: {path} ({'generated' if made else 'up to date'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
