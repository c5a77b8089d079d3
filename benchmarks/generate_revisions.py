"""Synthetic revisions of one article: rendering B, edited a little at a time.

    python benchmarks/generate_revisions.py N --out DIR [--seed S]

Writes ``DIR/revision-0001.txt`` ... ``revision-N.txt`` and prints each file's
sha256 (as ``sha256sum`` does).  Revision k is revision k-1 (revision 0 being
``data/sources/wikipedia-rendering-b.txt``) with one to three small edits,
the kind of edit drawn with these weights:

    number   4   a date or number in a sentence changes ("2011" -> "2013", a day, a count)
    reword   3   two adjacent words swap, or an adverb is inserted
    delete   2   a sentence is deleted (only from a paragraph of two or more)
    add      2   a new sentence is added after one
                 (deleted sentences are longer than added ones, so while the
                 text is longer than the base, delete weighs 3 and add 1, and
                 the other way round while it is shorter: the article stays
                 near its 12 KB over thousands of revisions)
    move     1   a sentence goes after another sentence elsewhere
    infobox  1   a date in the infobox changes

Every revision stays parseable by ``build.sources.wikipedia``: after each edit
the text is parsed again, and an edit that raises, or changes the number of
sentences other than as it should (a deletion that merged two sentences, say),
is dropped and another drawn.  Deterministic: one ``random.Random`` seeded with
``--seed`` (default 0) drives everything.

``generate_revisions(n, seed)`` returns the revisions (text and the edits
made) for benchmarks and tests; no manifest is written here.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script from anywhere: build/ is a package of the checkout

from build.common.errors import LayoutError  # noqa: E402
from build.sources.wikipedia import WikiDocument, parse_wikipedia  # noqa: E402

BASE = ROOT / "data" / "sources" / "wikipedia-rendering-b.txt"
EDIT_WEIGHTS = {"number": 4, "reword": 3, "delete": 2, "add": 2, "move": 1, "infobox": 1}
MONTHS = ("January February March April May June July August September October November December").split()
ADVERBS = ("reportedly", "also", "later", "notably", "publicly", "formally")
VERBS = ("visited", "addressed", "criticised", "praised", "reviewed", "met representatives of")
PLACES = ("the National Assembly", "the police academy in Quito", "the Andean Community of Nations",
          "the Ministry of the Interior", "the Inter-American Commission on Human Rights", "the port of Guayaquil")
_NUMBER = re.compile(r"(?<![\w.,])\d+(?![\w])")
_WORD = re.compile(r"[A-Za-z]+")


@dataclass
class Revision:
    number: int  # 1..N
    text: str
    edits: list[str] = field(default_factory=list)  # "kind: what", in the order made


def read_base(path: Path = BASE) -> str:
    with open(path, encoding="utf-8", newline="") as handle:  # keep the file's own line endings
        return handle.read()


def generate_revisions(n: int, seed: int = 0, base: str | None = None) -> list[Revision]:
    """``n`` revisions, each derived from the one before (see the module docstring)."""
    rng = random.Random(f"revisions:{seed}")
    text = base_text = read_base() if base is None else base
    document = parse_wikipedia("revision", text)
    revisions = []
    for number in range(1, n + 1):
        edits: list[str] = []
        wanted = rng.choice((1, 1, 2, 2, 3))
        attempts = 0
        while len(edits) < wanted and attempts < 50:
            attempts += 1
            weights = dict(EDIT_WEIGHTS)
            longer = len(text) > len(base_text)
            weights["delete"], weights["add"] = (3, 1) if longer else (1, 3)
            kind = rng.choices(list(weights), weights=list(weights.values()))[0]
            edited = _EDITS[kind](rng, text, document)
            if edited is None:
                continue
            new_text, description, sentence_delta = edited
            try:
                new_document = parse_wikipedia("revision", new_text)
            except LayoutError:
                continue
            if _sentence_count(new_document) != _sentence_count(document) + sentence_delta:
                continue
            text, document = new_text, new_document
            edits.append(f"{kind}: {description}")
        revisions.append(Revision(number, text, edits))
    return revisions


def write_revisions(revisions: list[Revision], out: Path) -> list[tuple[Path, str]]:
    """Write each revision as ``revision-NNNN.txt`` (UTF-8, bytes as generated); (path, sha256) each."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for revision in revisions:
        data = revision.text.encode("utf-8")
        path = out / f"revision-{revision.number:04d}.txt"
        path.write_bytes(data)
        written.append((path, hashlib.sha256(data).hexdigest()))
    return written


# --- the edits: each returns (new text, description, change in sentence count) or None -------

def _sentences(document: WikiDocument) -> list[dict]:
    return [p for p in document.passages if p["kind"] == "sentence"]


def _sentence_count(document: WikiDocument) -> int:
    return len(_sentences(document))


def _ends_cleanly(text: str, sentence: dict) -> bool:
    # A sentence ending in a plain full stop can be moved or followed by another
    # without the splitter joining it to its neighbour.
    return text[sentence["char_end"] - 1] == "." and text[sentence["char_end"] - 3] != "."  # not "U.S."


def _cut(text: str, sentence: dict) -> tuple[int, int] | None:
    """The sentence's span widened by the one space that separates it from a neighbour on its line."""
    start, end = sentence["char_start"], sentence["char_end"]
    if end < len(text) and text[end] == " ":
        return start, end + 1
    if start > 0 and text[start - 1] == " ":
        return start - 1, end
    return None


def _splittable(document: WikiDocument) -> list[dict]:
    """Sentences of paragraphs that hold two or more (deleting one leaves the paragraph)."""
    per_paragraph: dict[int, int] = {}
    for s in _sentences(document):
        per_paragraph[s["parent"]] = per_paragraph.get(s["parent"], 0) + 1
    return [s for s in _sentences(document) if per_paragraph[s["parent"]] > 1]


def _new_number(rng: random.Random, text: str, match: re.Match) -> str:
    digits = match.group()
    value = int(digits)
    following = text[match.end():match.end() + 12].split()[:1]
    if len(digits) == 4 and 1900 <= value <= 2099:
        return str(value + rng.choice((-3, -2, -1, 1, 2, 3)))
    if value <= 31 and following and following[0].strip(",") in MONTHS:
        return str(rng.choice([d for d in range(1, 29) if d != value]))
    spread = max(1, value // 5)
    return str(max(1, value + rng.choice((-1, 1)) * rng.randint(1, spread)))


def _edit_number(rng, text, document):
    candidates = [(s, m) for s in _sentences(document)
                  for m in _NUMBER.finditer(text, s["char_start"], s["char_end"])]
    if not candidates:
        return None
    sentence, match = rng.choice(candidates)
    new = _new_number(rng, text, match)
    if new == match.group():
        return None
    return (text[:match.start()] + new + text[match.end():],
            f"{match.group()!r} -> {new!r} at {match.start()}", 0)


def _edit_reword(rng, text, document):
    sentence = rng.choice(_sentences(document))
    words = list(_WORD.finditer(text, sentence["char_start"], sentence["char_end"]))
    if len(words) < 4:
        return None
    if rng.random() < 0.5:
        k = rng.randrange(1, len(words) - 1)
        a, b = words[k], words[k + 1]
        if text[a.end():b.start()] != " ":
            return None  # only swap two words separated by a bare space
        swapped = text[:a.start()] + b.group() + " " + a.group() + text[b.end():]
        return swapped, f"swapped {a.group()!r} and {b.group()!r} at {a.start()}", 0
    word = words[rng.randrange(1, len(words))]
    adverb = rng.choice(ADVERBS)
    return text[:word.start()] + adverb + " " + text[word.start():], f"inserted {adverb!r} at {word.start()}", 0


def _edit_delete(rng, text, document):
    candidates = [s for s in _splittable(document) if _cut(text, s)]
    if not candidates:
        return None
    sentence = rng.choice(candidates)
    start, end = _cut(text, sentence)
    return text[:start] + text[end:], f"deleted {sentence['text'][:40]!r} at {sentence['char_start']}", -1


def _new_sentence(rng: random.Random) -> str:
    year = rng.randint(2005, 2025)
    when = (f"On {rng.randint(1, 28)} {rng.choice(MONTHS)} {year}" if rng.random() < 0.5
            else f"In {rng.choice(MONTHS)} {year}")
    return f"{when}, Serrano {rng.choice(VERBS)} {rng.choice(PLACES)}."


def _edit_add(rng, text, document):
    after = [s for s in _sentences(document) if _ends_cleanly(text, s)]
    if not after:
        return None
    sentence = rng.choice(after)
    new = _new_sentence(rng)
    at = sentence["char_end"]
    return text[:at] + " " + new + text[at:], f"added {new!r} at {at}", 1


def _edit_move(rng, text, document):
    movable = [s for s in _splittable(document) if _ends_cleanly(text, s) and _cut(text, s)]
    targets = [s for s in _sentences(document) if _ends_cleanly(text, s)]
    if not movable:
        return None
    sentence, target = rng.choice(movable), rng.choice(targets)
    start, end = _cut(text, sentence)
    at = target["char_end"]
    if start <= at <= end:
        return None
    raw = text[sentence["char_start"]:sentence["char_end"]]
    if at > end:
        moved = text[:start] + text[end:at] + " " + raw + text[at:]
    else:
        moved = text[:at] + " " + raw + text[at:start] + text[end:]
    if moved == text:
        return None  # put back where it was
    return moved, f"moved {sentence['text'][:40]!r} from {sentence['char_start']} to after {at}", 0


def _edit_infobox(rng, text, document):
    dates = [f for f in document.infobox_fields if f["key"] in ("term_start", "term_end", "birth_date")]
    matches = [(f, m) for f in dates for m in _NUMBER.finditer(text, f["char_start"], f["char_end"])]
    if not matches:
        return None
    field_, match = rng.choice(matches)
    new = _new_number(rng, text, match)
    if new == match.group():
        return None
    return (text[:match.start()] + new + text[match.end():],
            f"{field_['block']}/{field_['key']} {match.group()!r} -> {new!r}", 0)


_EDITS = {"number": _edit_number, "reword": _edit_reword, "delete": _edit_delete,
          "add": _edit_add, "move": _edit_move, "infobox": _edit_infobox}
assert set(_EDITS) == set(EDIT_WEIGHTS)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="how many revisions")
    parser.add_argument("--out", type=Path, required=True, help="folder to write revision-NNNN.txt into")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    for path, sha in write_revisions(generate_revisions(args.n, args.seed), args.out):
        print(f"{sha}  {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
