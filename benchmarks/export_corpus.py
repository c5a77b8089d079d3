"""A corpus with a MediaWiki export of N revisions of one page, for make bench-scale: the seeds plus one XML file.

    python benchmarks/export_corpus.py 1000 [--out benchmarks/corpus] [--force]

``benchmarks/corpus/export-<N>/`` is a copy of ``data/`` with ``sources/synthetic-export-<N>.xml``:
the history of a synthetic article (an invented politician, added to the copy's persons) in
MediaWiki's export format, N revisions, each made from the one before with one to three small
edits, as revision_corpus.py makes rendered revisions:

    number   4   a year in a sentence changes (or is written)
    reword   3   two adjacent words of a sentence swap
    delete   2   a sentence is deleted (only from a paragraph of two or more)
    add      2   a sentence is added, sometimes citing a new reference
    move     1   a sentence moves to another paragraph
    infobox  1   a date in the infobox changes

The article is wikitext as editors write it: an ``{{Infobox officeholder}}`` with three offices,
links, ``{{Start date}}`` templates, ``<ref>`` citations with ``{{cite web}}``/``{{cite news}}``,
named references reused, sections and a reference list.  About 9 KB of wikitext: some 70 sentences
and 75 dates and figures a revision, as in rendering B (75 and 82), so that the build has about the
work of the 1,000 rendered revisions to do (the size stays near the first revision's: deletions
weigh more while it is longer).  Deterministic: one
``random.Random(seed)``.  Regenerated only when this file, N or data/ change.
"""

import argparse
import datetime
import hashlib
import random
import shutil
import sys
from pathlib import Path
from xml.sax.saxutils import escape

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import generate_corpus  # noqa: E402

REPO = HERE.parent
SEED_DATA = REPO / "data"
CORPUS = HERE / "corpus"
VERSION = "1"
PERSON = ("synthetic-politician", "Rocío Andrade Synthetic")
TARGET_CHARS = 9_000  # of wikitext: the page stays near its first size, ~80 sentences like rendering B
FIRST_EDIT = datetime.datetime(2012, 1, 1, 9, 0, 0)
BOLD = "\'\'\'"
FIRST_REVISION = 100001  # the first revision's id; the others follow

PLACES = ["Cuenca", "Loja", "Quito", "Guayaquil", "Ambato", "Manta", "Ibarra", "Riobamba", "Machala", "Tena"]
NOUNS = ["committee", "reform", "budget", "law", "ministry", "council", "programme", "inquiry", "agency", "plan"]
VERBS = ["proposed", "approved", "opposed", "presented", "defended", "reviewed", "announced", "led", "funded",
         "criticised"]
ADJECTIVES = ["national", "regional", "public", "new", "provincial", "judicial", "electoral", "social", "fiscal"]
PEOPLE = ["Julio Endara Mora", "Ana Lucía Bravo", "Pedro Ortiz", "Camila Reyes", "Tomás Vaca", "Elena Cordero"]
SECTIONS = ["Early life", "Education", "Early career", "National Assembly", "Ministry", "Later career",
            "Political positions", "Personal life"]


def stamp(n: int) -> str:
    digest = hashlib.sha256(f"{VERSION}:{n}".encode())
    digest.update(Path(__file__).read_bytes())
    for path in sorted(SEED_DATA.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(SEED_DATA).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


class Article:
    """The page as sections of paragraphs of sentences (wikitext each), plus its infobox dates."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.references = 0
        self.infobox = {"term_start1": (2019, 3, 4), "term_end1": (2021, 5, 24), "term_start2": (2013, 5, 14),
                        "term_end2": (2017, 5, 14), "term_start3": (2009, 8, 10), "term_end3": (2013, 5, 13)}
        self.sections = [(name, [[self.sentence() for _ in range(rng.randint(2, 3))]
                                 for _ in range(2)]) for name in ["lead"] + SECTIONS]

    def reference(self) -> str:
        self.references += 1
        rng, n = self.rng, self.references
        if n > 3 and rng.random() < 0.6:
            return f'<ref name="r{rng.randint(1, 3)}" />'
        year, month, day = rng.randint(2005, 2023), rng.randint(1, 12), rng.randint(1, 28)
        kind = rng.choice(["cite web |website=Diario del Sur", "cite news |newspaper=El Observador",
                           "cite web |website=Radio Andina", "cite news |newspaper=La Voz de Azuay",
                           "cite web |publisher=Asamblea Nacional", "cite news |agency=Agencia Sur"])
        return (f'<ref name="r{n}">{{{{{kind} |title={rng.choice(ADJECTIVES).capitalize()} {rng.choice(NOUNS)} '
                f'in {rng.choice(PLACES)} |url=https://news.example/{n} |date={day} '
                f'{["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"][month - 1]}'
                f' {year} |access-date={rng.randint(1, 28)} March {rng.randint(2012, 2024)}}}}}</ref>')

    def sentence(self) -> str:
        """About twenty words with a link or two, a year in half of them, a figure in a third: the density
        of a biography's prose (rendering B: 75 sentences, 82 dates and figures)."""
        rng = self.rng
        opening = f"In {rng.randint(1995, 2023)} she" if rng.random() < 0.5 else "She"
        person = f"[[{rng.choice(PEOPLE)}]]" if rng.random() < 0.5 else "the minister"
        figure = f"{BOLD}{rng.randint(2, 90)}{BOLD}" if rng.random() < 0.3 else "several"
        words = (f"{opening} {rng.choice(VERBS)} the {rng.choice(ADJECTIVES)} "
                 f"[[{rng.choice(NOUNS).capitalize()} of {rng.choice(PLACES)}|{rng.choice(NOUNS)}]] with "
                 f"{person} in {rng.choice(PLACES)}, a {rng.choice(ADJECTIVES)} "
                 f"{rng.choice(NOUNS)} that {rng.choice(VERBS)} {figure} measures.")
        if rng.random() < 0.3:
            words += self.reference()
        return words

    def wikitext(self) -> str:
        date = "{{{{Start date|{}|{}|{}|df=y}}}}".format
        box = self.infobox
        infobox = f"""{{{{Infobox officeholder
| name         = {PERSON[1]}
| office1      = [[Ministry of Culture (Ecuador)|Minister of Culture]]
| term_start1  = {date(*box['term_start1'])}
| term_end1    = {date(*box['term_end1'])}
| predecessor1 = [[Julio Endara Mora|Julio Endara]]
| president1   = [[Lenín Moreno]]
| office2      = Member of the [[National Assembly (Ecuador)|National Assembly]]
| term_start2  = {date(*box['term_start2'])}
| term_end2    = {date(*box['term_end2'])}
| constituency2 = [[Azuay Province|Azuay]]
| office3      = Mayor of [[Cuenca, Ecuador|Cuenca]]
| term_start3  = {date(*box['term_start3'])}
| term_end3    = {date(*box['term_end3'])}
| birth_date   = {{{{birth date and age|1975|3|3|df=y}}}}
| birth_place  = [[Cuenca, Ecuador|Cuenca]], Ecuador
| party        = [[PAIS Alliance]] (2008–2018)<br />[[Revolución Ciudadana]] (2018–present)
| alma_mater   = [[University of Cuenca]]
}}}}
"""
        parts = [infobox]
        for name, paragraphs in self.sections:
            if name != "lead":
                parts.append(f"== {name} ==\n")
            parts += [" ".join(paragraph) + "\n\n" for paragraph in paragraphs if paragraph]
        parts.append("== References ==\n{{Reflist}}\n\n[[Category:Synthetic politicians]]\n")
        return "".join(parts)

    def edit(self, size: int) -> None:
        rng = self.rng
        paragraphs = [p for _, ps in self.sections for p in ps]
        weights = {"number": 4, "reword": 3, "delete": 3 if size > TARGET_CHARS else 1,
                   "add": 1 if size > TARGET_CHARS else 3, "move": 1, "infobox": 1}
        kind = rng.choices(list(weights), list(weights.values()))[0]
        paragraph = rng.choice([p for p in paragraphs if p])
        index = rng.randrange(len(paragraph))
        if kind == "number":
            paragraph[index] = _change_year(paragraph[index], rng)
        elif kind == "reword":
            paragraph[index] = _swap_words(paragraph[index], rng)
        elif kind == "delete" and len(paragraph) > 1:
            paragraph.pop(index)
        elif kind == "add":
            paragraph.insert(index + 1, self.sentence())
        elif kind == "move" and len(paragraph) > 1:
            moved = paragraph.pop(index)
            rng.choice(paragraphs).append(moved)
        elif kind == "infobox":
            key = rng.choice(sorted(self.infobox))
            year, month, day = self.infobox[key]
            self.infobox[key] = (year, month, max(1, min(28, day + rng.choice([-2, -1, 1, 2]))))


def _change_year(sentence: str, rng: random.Random) -> str:
    """A year written or changed: "In 2002 she ..." becomes "In 2011 she ...", "She ..." "In 2011 she ..."."""
    head, _, rest = sentence.partition("he ")
    return f"In {rng.randint(1995, 2023)} she {rest}" if head == "S" or head.startswith("In ") else sentence


def _swap_words(sentence: str, rng: random.Random) -> str:
    words = sentence.split(" ")
    plain = [i for i in range(len(words) - 1) if words[i].isalpha() and words[i + 1].isalpha()]
    if not plain:
        return sentence
    i = rng.choice(plain)
    words[i], words[i + 1] = words[i + 1], words[i]
    return " ".join(words)


def export_xml(n: int, seed: int = 0) -> str:
    rng = random.Random(seed)
    article = Article(rng)
    revisions, text = [], article.wikitext()
    for number in range(1, n + 1):
        if number > 1:
            for _ in range(rng.randint(1, 3)):
                article.edit(len(text))
            text = article.wikitext()
        stamp_ = (FIRST_EDIT + datetime.timedelta(hours=31 * number)).strftime("%Y-%m-%dT%H:%M:%SZ")
        parent = f"\n      <parentid>{FIRST_REVISION + number - 2}</parentid>" if number > 1 else ""
        revisions.append(f"""    <revision>
      <id>{FIRST_REVISION + number - 1}</id>{parent}
      <timestamp>{stamp_}</timestamp>
      <contributor>
        <username>Synthetic editor {number % 7}</username>
        <id>{number % 7 + 1}</id>
      </contributor>
      <comment>synthetic edit {number}</comment>
      <model>wikitext</model>
      <format>text/x-wiki</format>
      <text bytes="{len(text.encode())}" xml:space="preserve">{escape(text, {'"': '&quot;'})}</text>
    </revision>""")
    return ('<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11" xml:lang="en">\n'
            "  <siteinfo>\n    <sitename>Synthetic wiki</sitename>\n  </siteinfo>\n"
            f"  <page>\n    <title>{PERSON[1]}</title>\n    <ns>0</ns>\n    <id>4242</id>\n"
            + "\n".join(revisions) + "\n  </page>\n</mediawiki>\n")


def curated_claims(name: str) -> dict:
    """A curated file for the export's first revision: each sentence of its prose as a ``detail`` of the
    person, quoted whole.  The later revisions have none of their own, so the build carries these down
    the whole history, as it carries rendering B's claims down the 1,000 rendered revisions."""
    sys.path.insert(0, str(REPO))
    from build.sources.manifest import Source
    from build.sources.mediawiki import read_exports

    first = Source(id=name, file="", sha256="", kind="mediawiki_export", title="", publisher="", language="en",
                   license=None, notes="", about=PERSON[0], document="", revision=1, revision_date=None,
                   revision_inferred=False, description=None, url=None, retrieved=None, text=export_xml(1))
    sources, documents = read_exports([first])
    source = sources[0]
    document = documents[source.id]
    claims = []
    for n, sentence in enumerate(document.sentences, 1):
        if sentence.section in ("References",):
            continue
        words = " ".join(source.text[sentence.start:sentence.end].split())
        words = words.split("[")[0].rstrip()  # without its citation marks
        claims.append({"id": f"synthetic-{n}", "person": PERSON[1], "property": "detail", "value": words,
                       "quote": words})
    return {"source": source.id, "claims": claims}


def generate(n: int, out: Path) -> Path:
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(SEED_DATA, out)
    name = f"synthetic-export-{n}"
    raw = export_xml(n).encode("utf-8")
    (out / "sources" / f"{name}.xml").write_bytes(raw)
    with (out / "vocabularies" / "persons.yml").open("a", encoding="utf-8") as persons:
        persons.write(f"  - id: {PERSON[0]}\n    name: {PERSON[1]}\n    aliases: []\n")
    manifest = yaml.safe_load((out / "sources.yml").read_text(encoding="utf-8"))
    manifest["sources"].append({
        "id": name, "file": f"sources/{name}.xml", "sha256": hashlib.sha256(raw).hexdigest(),
        "kind": "mediawiki_export", "title": f"Synthetic export of {n} revisions",
        "publisher": "Synthetic benchmark corpus (benchmarks/export_corpus.py)", "language": "en", "license": None,
        "notes": "An invented article's history, a few random edits per revision; for benchmarks only.",
        "about": PERSON[0], "document": "wikipedia-en-synthetic-politician", "revision": 1,
    })
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    (out / "sources.yml").write_text(yaml.dump(manifest, Dumper=dumper, sort_keys=False, allow_unicode=True,
                                               width=10_000), encoding="utf-8")
    (out / "claims" / f"{name}-r{FIRST_REVISION}.yml").write_text(
        yaml.dump(curated_claims(name), Dumper=dumper, sort_keys=False, allow_unicode=True, width=10_000),
        encoding="utf-8")
    (out / ".stamp").write_text(stamp(n) + "\n")
    return out


def ensure(n: int, root: Path = CORPUS, force: bool = False) -> tuple[Path, bool]:
    return generate_corpus.ensure_folder(root / f"export-{n}", stamp(n), lambda out: generate(n, out), force)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("--out", type=Path, default=CORPUS)
    parser.add_argument("--force", action="store_true")
    args = parser.parse_args(argv)
    path, made = ensure(args.n, args.out, args.force)
    print(f"export of {args.n} revisions: {path} ({'generated' if made else 'up to date'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
