"""Split a generated corpus into person groups, one data folder each, for ``python -m build.groups``.

    python benchmarks/group_corpus.py 1000 --per-group 100 [--out benchmarks/corpus]

``benchmarks/corpus/<N>x-groups-<P>/g001/`` ... each hold the sources of P people of the N x corpus
(``generate_corpus.py``: the seed record and the synthetic people, in the manifest's order, every
source with the person its manifest entry is ``about``), their curated files, and vocabularies:
``persons.yml`` whole (the people a group's documents name as predecessors resolve to who they
are, as in one database), the other tables the seeds' entries (the shared vocabulary: the
synthetic documents use some of its words) and the group's own people's (``p0001-...``).

Made again only when the corpus or this script changed (a stamp, as the corpus has).
"""

import argparse
import hashlib
import shutil
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate_corpus  # noqa: E402


def _owner(entry_id: str) -> str | None:
    """The synthetic person whose vocabulary entry this is (``p0001``), or None for the seeds' own."""
    head = entry_id.split("-", 1)[0]
    return head if len(head) == 5 and head[0] == "p" and head[1:].isdigit() else None


def split(corpus: Path, per_group: int, out: Path) -> Path:
    """Write the groups of ``corpus`` into ``out`` (replacing it) and return it."""
    if out.exists():
        shutil.rmtree(out)
    manifest = yaml.load((corpus / "sources.yml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    people = list(dict.fromkeys(entry["about"] for entry in manifest["sources"]))
    group_of = {person: f"g{index // per_group + 1:03d}" for index, person in enumerate(people)}
    vocabularies = {path.stem: yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
                    for path in (corpus / "vocabularies").glob("*.yml")}
    curated = {}
    for path in (corpus / "claims").glob("*.yml"):
        curated.setdefault(_source_of(path), []).append(path)
    # Each table's entries by owner, once: at 10,000x a table has 50,000 entries and there are 100 groups.
    owned = {table: {} for table in vocabularies}
    for table, document in vocabularies.items():
        for entry in document[table]:
            owned[table].setdefault(_owner(entry["id"]), []).append(entry)
    members_of, entries_of = {}, {}
    for person, group in group_of.items():
        members_of.setdefault(group, set()).add(person)
    for entry in manifest["sources"]:
        entries_of.setdefault(group_of[entry["about"]], []).append(entry)
    persons = out / "persons.yml"  # the same in every group: written once, copied
    out.mkdir(parents=True)
    generate_corpus.dump(persons, vocabularies["persons"])
    for group in sorted(members_of):
        owners = {_owner(person) for person in members_of[group]} | {None}  # None: the seeds' shared entries
        folder = out / group
        for sub in ("sources", "claims", "vocabularies"):
            (folder / sub).mkdir(parents=True)
        for entry in entries_of[group]:
            shutil.copyfile(corpus / entry["file"], folder / entry["file"])
            for path in curated.get(entry["id"], []):
                shutil.copyfile(path, folder / "claims" / path.name)
        generate_corpus.dump(folder / "sources.yml", {**manifest, "sources": entries_of[group]})
        for table, document in vocabularies.items():
            if table == "persons":
                shutil.copyfile(persons, folder / "vocabularies" / "persons.yml")
                continue
            kept = [entry for owner in sorted(owners, key=str) for entry in owned[table].get(owner, [])]
            generate_corpus.dump(folder / "vocabularies" / f"{table}.yml", {**document, table: kept})
    persons.unlink()
    return out


def _source_of(path: Path) -> str:
    """The ``source`` a curated file names: its first ``source:`` line when it has one at the top
    level (the generator's files), else the YAML read whole (a curator's file with comments first)."""
    text = path.read_text(encoding="utf-8")
    if text.startswith("source: "):
        line = text.split("\n", 1)[0][len("source: "):].strip()
        if line and not line.startswith(("'", '"', "&", "*", "!", "[", "{")):
            return line
    return yaml.load(text, Loader=yaml.CSafeLoader)["source"]


def stamp(n: int, per_group: int, corpus: Path) -> str:
    digest = hashlib.sha256(f"{n}:{per_group}:".encode() + (corpus / ".stamp").read_bytes())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()


def ensure(n: int, per_group: int, root: Path = generate_corpus.CORPUS, force: bool = False) -> tuple[Path, bool]:
    """The N x corpus in groups of ``per_group`` people, made only when missing or stale; (path, made now)."""
    corpus, _ = generate_corpus.ensure(n, root)

    def make(out: Path) -> Path:
        split(corpus, per_group, out)
        (out / ".stamp").write_text(stamp(n, per_group, corpus) + "\n")
        return out
    return generate_corpus.ensure_folder(root / f"{n}x-groups-{per_group}", stamp(n, per_group, corpus), make, force)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", type=int)
    parser.add_argument("--per-group", type=int, default=100)
    parser.add_argument("--out", type=Path, default=generate_corpus.CORPUS)
    parser.add_argument("--force", action="store_true")
    args = parser.parse_args(argv)
    path, made = ensure(args.size, args.per_group, args.out, args.force)
    groups = sorted(p.name for p in path.iterdir() if p.is_dir())
    print(f"{args.size}x in groups of {args.per_group}: {path} ({len(groups)} groups, "
          f"{'made' if made else 'up to date'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
