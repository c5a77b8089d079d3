"""Write a synthetic corpus N times the seeds, in exactly the input formats the build reads.

    python benchmarks/generate_corpus.py 10 100 1000 [--out benchmarks/corpus] [--force]

``benchmarks/corpus/<N>x/`` gets ``sources.yml`` (every file pinned by its real
sha256), ``sources/*.txt``, ``vocabularies/*.yml`` and ``claims/*.yml``.  It
holds the three real seed documents with their real curated claims, plus N-1
synthetic politicians, each with the same three documents the seeds are:

* an IPU Committee decision in the PDF-extracted layout (case header, U+F0FC
  bullets, hard-wrapped lines with trailing spaces, numbered decision
  paragraphs whose text continues after a blank line);
* a Wikipedia rendering A (rendered page: ``| |`` infobox rows, ``[edit]``
  glued to the first paragraph, ``[n]`` citation marks, a References list);
* a Wikipedia rendering B (wikitext: ``= Title =``, ``- Term Start2:`` infobox
  keys, ``==Section==``), a later revision that disagrees with A.

The text is the seeds' layout with other people, offices, places, dates and
figures.  Each curated claim quotes a sentence of its document verbatim; the
generator checks every quote occurs exactly once (two quotes deliberately occur
twice and use ``occurrence`` / ``section``, as curators do), so the real
parsers and quote anchoring run on everything.  Disagreements are planted the
way the seeds disagree, each with its own probability: B's lead gives another
start year for a term than its own infobox (within a source), A and B date an
award to different months, give different homicide rates for a year, name
different successors, give different birth years, and the IPU decision gives
another start year than Wikipedia.

Each person's office, award, organization, indicator and event is its own
vocabulary entry (named after the person's province); each source names its
person in the manifest (``about``), so every infobox fact, personal details
included, and every curated term is that person's.  A person's two renderings
are revisions 1 and 2 of one document; the IPU decision is revision 1 of the
person's case.

Deterministic: each person is drawn from ``random.Random(f"{SEED}:{k}")``.
"""

import argparse
import datetime
import hashlib
import random
import re
import shutil
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SEED_DATA = REPO / "data"
CORPUS = HERE / "corpus"
SEED = 8
GENERATOR_VERSION = "3"  # bump when the output format changes, so stale corpora are regenerated
YEARLY_FIGURES = 12  # yearly homicide rates and police operations per Wikipedia document, as claims
# Each synthetic document is padded with plain prose to about the size of its seed (in characters).
SEED_SIZES = {"ipu": 4000, "a": 12200, "b": 12200}

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
FIRST = [("Marta", "f"), ("Lucía", "f"), ("Andrés", "m"), ("Camila", "f"), ("Diego", "m"), ("Elena", "f"),
         ("Fernando", "m"), ("Gloria", "f"), ("Hugo", "m"), ("Inés", "f"), ("Javier", "m"), ("Karina", "f"),
         ("Leonardo", "m"), ("Mónica", "f"), ("Nicolás", "m"), ("Olga", "f"), ("Pablo", "m"), ("Raquel", "f"),
         ("Santiago", "m"), ("Teresa", "f"), ("Ulises", "m"), ("Valeria", "f"), ("Wilson", "m"), ("Ximena", "f"),
         ("Álvaro", "m"), ("Beatriz", "f"), ("Cristóbal", "m"), ("Daniela", "f"), ("Esteban", "m"), ("Fabiola", "f"),
         ("Gustavo", "m"), ("Hilda", "f"), ("Ignacio", "m"), ("Julia", "f"), ("Kevin", "m"), ("Lorena", "f")]
LAST = ["Quiroga", "Benítez", "Almeida", "Bravo", "Cedeño", "Duarte", "Espinoza", "Falconí", "Guerrero",
        "Herrera", "Iturralde", "Jaramillo", "Larrea", "Mendoza", "Noboa", "Ordóñez", "Paredes", "Quintero",
        "Robles", "Sandoval", "Tamayo", "Ulloa", "Vásquez", "Zambrano", "Aguirre", "Burbano", "Carrión",
        "Dávila", "Egas", "Fierro", "Granda", "Hidalgo", "Játiva", "Loor", "Montalvo", "Navas"]
# Second given names for persons past the first 1296 (person_names): in neither FIRST nor LAST.
SECOND_F = ["Isabel", "Rosario", "Soledad", "Pilar", "Amparo", "Victoria", "Esperanza", "Cecilia"]
SECOND_M = ["José", "Antonio", "Manuel", "Ramón", "Ernesto", "Rodrigo", "Alfonso", "Mauricio"]
ROOTS = ["Val", "Mor", "Cal", "Ser", "Tor", "Lum", "Ar", "Bel", "Cor", "Dal", "Es", "Far", "Gal", "Hor",
         "Is", "Jar", "Lar", "Mar", "Nor", "Or", "Pal", "Quel", "Ros", "Sal", "Tal", "Ur", "Ver", "Zar",
         "Alm", "Bran", "Cast", "Dor", "Ever", "Fal", "Gran", "Hel"]
ENDS = ["mora", "tania", "verde", "luna", "mar", "cruz", "bamba", "landa", "sierra", "llano", "rosa",
        "nía", "quilla", "pampa", "vista", "monte", "dora", "rica", "bria", "lena", "sol", "mina", "via",
        "tierra", "nova", "zona", "peña", "loma"]
CITIES = ["San Rafael", "Santa Elena", "Puerto Alegre", "Villa Nueva", "San Telmo", "Río Claro", "Los Pinos",
          "Bellavista", "San Bruno", "Las Palmas", "Alto Verde", "Piedra Blanca"]
# Plain prose with no figures or dates: it pads a revision to the seeds' length
# the way their biography paragraphs do, and gives the parsers sentences to split.
FILLER = [
    "Raised in a family of lawyers, {he} came to public life through the legal profession.",
    "{His} supporters describe {him} as a pragmatic reformer with a talent for negotiation.",
    "Critics have questioned several of the contracts awarded while {he} was in office.",
    "{He} has written regularly for regional newspapers on justice, security and governance.",
    "Colleagues from the provincial council recall long sessions on the budget of {region}.",
    "{He} has remained a consistent voice on organized crime and its links to corruption.",
    "The reforms {he} championed were debated at length in the press of {region}.",
    "{His} work with community organizations shaped {his} views on policing and rights.",
    "Observers note that {his} approach combined community policing with investment in training.",
    "{He} is known in {region} for frequent public appearances in rural districts.",
]


# --- people -------------------------------------------------------------------

class Person:
    """Everything the three documents of one synthetic politician say, with the planted disagreements."""

    def __init__(self, k: int, names: list[tuple[str, str, str]]):
        rng = random.Random(f"{SEED}:{k}")
        self.k, self.pid = k, f"p{k:04d}"
        self.first, self.last, self.gender = names[k]
        self.short = f"{self.first} {self.last}"
        self.full = f"{self.short} {LAST[(k * 7 + 3) % len(LAST)]}"
        self.mr = "Mr." if self.gender == "m" else "Ms."
        self.he, self.his, self.him = ("he", "his", "him") if self.gender == "m" else ("she", "her", "her")
        self.region = region_name(k)
        self.case = f"{strip_accents(self.region)[:3].upper()}-{100 + k}"
        self.city = rng.choice(CITIES)
        self.city2 = rng.choice([c for c in CITIES if c != self.city])
        others = [n for n in range(1, len(names)) if n != k]
        pool = rng.sample(others, 8) if len(others) >= 8 else [others[i % len(others)] for i in range(8)]
        self.pred1, self.succ1, self.pred2, self.succ2, self.pred3, self.succ3, self.governor, self.governor0 = (
            f"{names[n][0]} {names[n][1]}" for n in pool)

        b = rng.randint(1996, 2006)
        day = lambda: rng.randint(1, 28)  # noqa: E731  (every month has day 28)
        D = datetime.date
        self.birth = D(b - rng.randint(28, 40), rng.randint(1, 12), day())
        self.l_start, self.l_end = D(b, rng.randint(1, 6), day()), D(b + 1, rng.randint(7, 12), day())
        self.j_start, self.j_end = D(b + 4, rng.randint(1, 5), day()), D(b + 5, rng.randint(3, 6), day())
        self.s_start, self.s_end = self.j_end, D(b + 10, rng.randint(9, 12), day())
        self.election = D(b + 11, 2, day())
        self.p_start, self.p_end = D(b + 11, 5, day()), D(b + 12, rng.randint(2, 4), day())
        self.m_start, self.m_end = D(b + 11, 5, 1), D(b + 15, 5, day())
        self.pre, self.asylum, self.detention = D(b + 18, 7, 1), D(b + 15, 1, 1), D(b + 19, 8, day())
        self.awards = {  # key -> (name, organization key, date)
            "merit": (f"Order of Merit of {self.region}", "municipality", D(b + 8, 12, day())),
            "gold": (f"Gold Medal of the Provincial Police of {self.region}", "police", D(b + 10, 10, day())),
            "star": (f"Civic Star of {self.region}", "municipality", D(b + 10, 6, day())),
            "cross": (f"Grand Cross of the Chamber of Commerce of {self.region}", "chamber", D(b + 10, 11, day())),
            "honour": (f"Medal of Honour of {self.region}", "police", D(b + 9, 3, day())),
        }
        self.organizations = {"police": f"Provincial Police of {self.region}",
                              "chamber": f"Chamber of Commerce of {self.region}",
                              "municipality": f"Municipality of {self.region}"}
        self.offices = {"president": f"President of the Provincial Council of {self.region}",
                        "security": f"Minister of Security of {self.region}",
                        "justice": f"Minister of Justice of {self.region}",
                        "labour": f"Minister of Labour of {self.region}",
                        "member": f"Member of the Provincial Council of {self.region}"}
        self.y0, self.y2 = b + 4, self.s_end.year  # the homicide rate "from y0 to y2"
        start = rng.uniform(15, 26)
        self.rate = {b + 4 + i: f"{start * 0.9 ** i:.2f}" for i in range(YEARLY_FIGURES)}
        self.yearly_operations = {year: rng.randint(1000, 9000) for year in self.rate}
        self.operations, self.tons, self.gangs = rng.randint(8000, 60000), rng.randint(20, 90), rng.randint(40, 400)
        # 31-39 cannot be read inside any year of the quote (20xx), so the value anchors once.
        self.guards = (rng.randint(40, 90), rng.randint(31, 39), rng.choice(["five", "six", "seven", "eight"]))
        self.ordinal = f"{rng.randint(130, 150)}th"
        # Planted disagreements, each drawn on its own.
        self.b_start = self.s_start.replace(year=self.s_start.year + 1) if rng.random() < 0.6 else self.s_start
        self.a_gold_month = "September" if rng.random() < 0.5 else "October"  # B says 'On <day> October'
        self.b_rate0 = f"{float(self.rate[self.y0]) - rng.uniform(1, 4):.2f}" if rng.random() < 0.5 else self.rate[self.y0]
        self.b_succ3 = self.pred1 if rng.random() < 0.3 else self.succ3
        self.b_birth = self.birth.replace(year=self.birth.year + 1) if rng.random() < 0.2 else self.birth
        self.ipu_start_year = self.s_start.year - 1 if rng.random() < 0.4 else self.s_start.year
        self.filler = rng.sample(FILLER, len(FILLER))

    def fill(self, sentence: str) -> str:
        return sentence.format(he=self.he, He=self.he.capitalize(), his=self.his, His=self.his.capitalize(),
                               him=self.him, region=self.region)

    def filler_paragraph(self, n: int, size: int = 4) -> str:
        return " ".join(self.fill(self.filler[(n + i) % len(self.filler)]) for i in range(size))

    def pad(self, paragraphs: list[str], separator: str, size: int) -> list[str]:
        """Filler paragraphs, enough to bring the document to about ``size`` characters."""
        added, n = [], 0
        while len(separator.join(paragraphs + added)) < size and n < 100:  # bounded
            added.append(self.filler_paragraph(n, 5))
            n += 1
        return added


def region_name(k: int) -> str:
    # Past the root x end names, a suffix of letters (k's digits as a-j), not digits: a region named
    # "...2008" would put a year in every quote that names it (the 10,000x corpus's person 2008).
    suffix = "" if k < len(ROOTS) * len(ENDS) else "".join(chr(ord("a") + int(d)) for d in str(k))
    return ROOTS[k % len(ROOTS)] + ENDS[(k // len(ROOTS)) % len(ENDS)] + suffix


def strip_accents(text: str) -> str:
    import unicodedata
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def person_names(count: int) -> list[tuple[str, str, str]]:
    """(first, last, gender) for persons 0..count-1, every "first last" distinct (index 0 unused: the seeds)."""
    # k = 36 * q + r gives first name r and surname (q + r) mod 36: distinct pairs for k < 1296.  Past
    # that (the 10,000x corpus), each further 1296 people take a second given name, one that is no
    # first name or surname of the lists, so no person's name is written inside another's.
    pairs = len(FIRST) * len(LAST)
    if count > pairs * (1 + len(SECOND_F)):
        raise SystemExit(f"generate_corpus: at most {pairs * (1 + len(SECOND_F))} distinct people, not {count}")
    names = []
    for k in range(count):
        first, gender = FIRST[k % len(FIRST)]
        if k >= pairs:
            first += " " + (SECOND_F if gender == "f" else SECOND_M)[k // pairs - 1]
        names.append((first, LAST[(k // len(FIRST) + k) % len(LAST)], gender))
    return names


def dmy(d): return f"{d.day} {MONTHS[d.month - 1]} {d.year}"
def mdy(d): return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"
def my(d): return f"{MONTHS[d.month - 1]} {d.year}"


# --- documents ----------------------------------------------------------------

class Document:
    """One source text and its curated claims, each claim quoting a sentence of the text."""

    def __init__(self, source_id: str, person: Person):
        self.id, self.p, self.claims = source_id, person, []

    def claim(self, subject_key: str, subject: str, prop: str, value: str, quote: str, **extra) -> None:
        slug = re.sub(r"[^a-z0-9]+", "-", f"{subject_key}-{prop}".lower())
        entry = {"id": f"{self.id}-{len(self.claims) + 1:03d}-{slug}", subject_key: subject,
                 "property": prop, "value": value, "quote": quote}
        entry.update(extra)
        self.claims.append(entry)

    def term(self, office: str, prop: str, value: str, quote: str, **extra) -> None:
        self.claim("term", self.p.offices[office], prop, value, quote, **extra)

    def check(self, text: str) -> None:
        """Every quote once in the text (or disambiguated), every value once in its quote: else a generator bug."""
        for entry in self.claims:
            found = len(occurrences(text, entry["quote"]))
            if found != 1 and "occurrence" not in entry and "section" not in entry:
                raise AssertionError(f"{entry['id']}: quote occurs {found} times: {entry['quote']!r}")
            found = len(occurrences(entry["quote"], entry["value"]))
            if found < entry.get("value_occurrence", 1) or (found > 1 and "value_occurrence" not in entry):
                raise AssertionError(f"{entry['id']}: value {entry['value']!r} occurs {found} times in its quote")


def occurrences(text: str, quote: str) -> list[int]:
    """Start of every (overlapping) whitespace-insensitive match, as the build anchors quotes."""
    pattern = re.compile(r"\s+".join(re.escape(word) for word in quote.split()))
    found, position = [], 0
    while (match := pattern.search(text, position)) and len(found) < 10:
        found.append(match.start())
        position = match.start() + 1
    return found


def rendered_a(p: Person) -> tuple[str, Document]:
    doc, o = Document(f"{p.pid}-wikipedia-a", p), p.offices
    name, region = p.short, p.region
    lines = [f"{name} (politician from {region})", f"{name} | |", "---|---|",
             f"{o['president']} | |", f"In office {dmy(p.p_start)} – {dmy(p.p_end)} | |",
             f"Preceded by | {p.pred1} |", f"Succeeded by | {p.succ1} |",
             f"{o['security']} | |", f"In office {dmy(p.s_start)} – {dmy(p.s_end)} | |", f"President | {p.governor} |",
             f"Preceded by | {p.pred2} |", f"Succeeded by | {p.succ2} |",
             f"{o['justice']} | |", f"In office {dmy(p.j_start)} – {dmy(p.j_end)} | |", f"President | {p.governor} |",
             f"Preceded by | {p.pred3} |", f"Succeeded by | {p.succ3} |",
             "Personal details | |", f"Born | {p.city}, {region} | {dmy(p.birth)}"]
    born = f"{p.full} (born {dmy(p.birth)})"
    s_pres = f"{p.he.capitalize()} was {o['president']} between {dmy(p.p_start)} and {dmy(p.p_end)}."
    s_sec = f"{p.he.capitalize()} was {o['security']} from {dmy(p.s_start)} to {dmy(p.s_end)}."
    lines.append(f"{born}[1] is a politician from {region}. {s_pres} {s_sec} {p.he.capitalize()} previously held other cabinet posts.")
    doc.claim("person", p.full, "birth_date", dmy(p.birth), born)
    doc.term("president", "start_date", dmy(p.p_start), s_pres)
    doc.term("president", "end_date", dmy(p.p_end), s_pres)
    doc.term("security", "start_date", dmy(p.s_start), s_sec)
    doc.term("security", "end_date", dmy(p.s_end), s_sec)

    lines.append("Personal life")
    birth = f"born on {mdy(p.birth)}, in {p.city}, {region}"
    tenure = (f"Serving as {region}’s security minister from {p.s_start.year} to {p.s_end.year}, {p.last} led "
              f"significant security reforms, which resulted in a drastic reduction of the homicide rate in "
              f"{region}, from {p.rate[p.y0]} per 100,000 inhabitants in {p.y0} to just {p.rate[p.y2]} per 100,000 "
              f"by the end of {p.y2}.")
    star = p.awards["star"]
    recognition = (f"{p.his.capitalize()} leadership in the security sector earned {p.him} recognition, including "
                   f"the {star[0]} in {star[2].year}, for {p.his} contributions to the fight against organized crime.")
    lines.append(f"[edit]{name}, {birth}[1] {p.he.capitalize()} is a politician with a long career in the public "
                 f"sector.[2] {p.filler_paragraph(0, 2)} {tenure} {recognition}")
    lines.append(p.filler_paragraph(2))
    doc.claim("person", p.full, "birth_date", mdy(p.birth), birth)
    doc.claim("person", p.full, "birth_place", f"{p.city}, {region}", birth)
    doc.term("security", "start_date", str(p.s_start.year), tenure)
    doc.term("security", "end_date", str(p.s_end.year), tenure, value_occurrence=1)
    doc.claim("indicator", f"Homicide rate in {region}", "value", f"{p.rate[p.y0]} per 100,000 inhabitants", tenure, period=str(p.y0))
    doc.claim("indicator", f"Homicide rate in {region}", "value", f"{p.rate[p.y2]} per 100,000", tenure, period=str(p.y2))
    doc.claim("award", star[0], "name", star[0], recognition)
    doc.claim("award", star[0], "date", str(star[2].year), recognition)

    lines.append("Education")
    education = (f"{name} holds a Master's degree in Public Policy from the University of {region},[3] a "
                 f"post-graduate degree in Project Management from the Catholic University of {region}, and a "
                 f"Doctorate in Law from the National University of {p.city}.")
    lines.append(f"[edit]{education} {p.filler_paragraph(4, 1)}")
    doc.claim("person", p.full, "degree", "Master's degree in Public Policy", education, item="public-policy")
    doc.claim("person", p.full, "degree", "Doctorate in Law", education, item="law")

    lines.append("Political career")
    labour = (f"{p.last}’s political journey began in {my(p.l_start)} when {p.he} was appointed {o['labour']} "
              f"under {p.governor0}.")
    labour_end = f"{p.he.capitalize()} held the position until {my(p.l_end)} and later served in other posts."
    justice = f"In {my(p.j_start)}, {p.last} was appointed {o['justice']}, serving until {my(p.j_end)}."
    designated = f"On {dmy(p.s_start)}, {p.last} was designated {o['security']} by {p.governor}."
    lines.append(f"[edit]{labour} {labour_end} {p.filler_paragraph(5, 2)}")
    lines.append(f"{justice} {designated}")
    doc.term("labour", "start_date", my(p.l_start), labour)
    doc.term("labour", "served_under", p.governor0, labour)
    doc.term("labour", "end_date", my(p.l_end), labour_end)
    doc.term("justice", "start_date", my(p.j_start), justice)
    doc.term("justice", "end_date", my(p.j_end), justice)
    doc.term("security", "start_date", dmy(p.s_start), designated)
    doc.term("security", "appointed_by", p.governor, designated)
    operations = (f"Under {p.his} leadership the police of {region} carried out {p.operations:,} operations "
                  f"between {p.y0} and {p.y2}.")
    resigned = f"In {p.s_end.year}, {p.last} resigned as {o['security']} to run for the Provincial Council."
    elected = (f"{p.he.capitalize()} was elected as the most voted member of the Provincial Council of {region} in "
               f"{my(p.election)} and became its president in {my(p.p_start)}.")
    lines.append(f"{operations} {resigned} {elected}[4]")
    doc.claim("indicator", f"Police operations in {region}", "value", f"{p.operations:,} operations", operations,
              period=f"{p.y0}–{p.y2}")
    doc.term("security", "end_date", str(p.s_end.year), resigned)
    doc.claim("event", f"Election to the Provincial Council of {region}", "date", my(p.election), elected)
    doc.claim("event", f"Election to the Provincial Council of {region}", "detail", "the most voted member", elected,
              item="most-voted")
    doc.term("president", "start_date", my(p.p_start), elected)
    pre = f"In {p.pre.year}, {p.last} registered as a pre-candidate for governor of {region}."
    lines.append(f"{pre} However, {p.he} withdrew {p.his} candidacy a month later due to serious threats against {p.his} life.")
    doc.claim("event", f"Pre-candidacy of {p.short}", "date", str(p.pre.year), pre)

    lines.append("Tenure")
    yearly = [f"In {year}, the homicide rate in {region} stood at {rate} per 100,000 inhabitants."
              for year, rate in p.rate.items()]
    lines.append("[edit]" + " ".join(yearly[:6]))
    lines.append(" ".join(yearly[6:]))
    for (year, rate), sentence in zip(p.rate.items(), yearly):
        doc.claim("indicator", f"Homicide rate in {region}", "value", f"{rate} per 100,000 inhabitants", sentence,
                  period=str(year))
    operations_by_year = [f"In {year} the police of {region} carried out {count:,} operations."
                          for year, count in p.yearly_operations.items()]
    lines.append(" ".join(operations_by_year))
    for (year, count), sentence in zip(p.yearly_operations.items(), operations_by_year):
        doc.claim("indicator", f"Police operations in {region}", "value", f"{count:,} operations", sentence,
                  period=str(year))

    lines.append("Decorations")
    awards = p.awards
    honour = (f"On {mdy(awards['honour'][2])}, {name} was honored by the {p.organizations['police']} for {p.his} "
              f"leadership in the fight against drug trafficking.[5]")
    gold = (f"In {p.a_gold_month} {awards['gold'][2].year}, {name} was honored with the {awards['gold'][0]} for "
            f"{p.his} contributions to community security.")
    cross = (f"On {mdy(awards['cross'][2])}, {name} was awarded the {awards['cross'][0]} by the "
             f"{p.organizations['chamber']} in recognition of {p.his} leadership.")
    merit = (f"On {mdy(awards['merit'][2])}, {name} was awarded the {awards['merit'][0]} by the "
             f"{p.organizations['municipality']} “for exceptional services in internal security”, presented in {p.city2}.")
    lines += ["[edit]" + honour, gold, cross, merit]
    doc.claim("award", awards["honour"][0], "date", mdy(awards["honour"][2]), honour[:-3])
    doc.claim("award", awards["honour"][0], "conferred_by", p.organizations["police"], honour[:-3])
    doc.claim("award", awards["gold"][0], "name", awards["gold"][0], gold)
    doc.claim("award", awards["gold"][0], "date", f"{p.a_gold_month} {awards['gold'][2].year}", gold)
    doc.claim("award", awards["cross"][0], "date", mdy(awards["cross"][2]), cross)
    doc.claim("award", awards["cross"][0], "name", awards["cross"][0], cross)
    doc.claim("award", awards["cross"][0], "conferred_by", p.organizations["chamber"], cross,
              value_occurrence=2)  # the first is inside the award's name
    doc.claim("award", awards["merit"][0], "date", mdy(awards["merit"][2]), merit)
    doc.claim("award", awards["merit"][0], "name", awards["merit"][0], merit)
    doc.claim("award", awards["merit"][0], "conferred_by", p.organizations["municipality"], merit)
    doc.claim("award", awards["merit"][0], "place", p.city2, merit)

    lines.append("Legacy")
    lines.append("[edit]" + p.filler_paragraph(6))
    lines += [p.filler_paragraph(n, 5) for n in range(7, 10)]
    lines += p.pad(lines, "\n", SEED_SIZES["a"] - 700)  # the References below are ~700 characters
    lines.append("References")
    lines += [f"[edit]- ^ a b c (in Spanish) \"Curriculum Vitae\" Archived {p.s_start.isoformat()} at the Wayback "
              f"Machine, Ministry of Security of {region}",
              f"- ^ \"The new head of the council of {region} was formed in politics\". {dmy(p.p_start)}.",
              f"- ^ \"Home\". University of {region}.",
              f"- ^ \"{p.last} is the most voted councillor, according to the electoral council\". {dmy(p.election)}.",
              f"- ^ \"Police of {region} honor the minister for the fight against drug trafficking\"."]
    text = "\n".join(lines) + "\n"
    doc.check(text)
    return text, doc


def wikitext_b(p: Person) -> tuple[str, Document]:
    doc, o = Document(f"{p.pid}-wikipedia-b", p), p.offices
    name, region = p.short, p.region
    box = [f"- Office1: {o['president']}", f"- Term Start1: {dmy(p.p_start)}", f"- Term End1: {dmy(p.p_end)}",
           f"- Predecessor1: {p.pred1}", f"- Successor1: {p.succ1}",
           f"- Office2: {o['security']}", f"- President2: {p.governor}", f"- Term Start2: {dmy(p.s_start)}",
           f"- Term End2: {dmy(p.s_end)}", f"- Predecessor2: {p.pred2}", f"- Successor2: {p.succ2}",
           f"- Office3: {o['justice']}", f"- President3: {p.governor}", f"- Term Start3: {dmy(p.j_start)}",
           f"- Term End3: {dmy(p.j_end)}", f"- Predecessor3: {p.pred3}", f"- Successor3: {p.b_succ3}",
           f"- Birth Place: {p.city}, {region}"]
    born = f"{p.full} (born {dmy(p.b_birth)})"
    s_pres = f"{p.he.capitalize()} was {o['president']} between {dmy(p.p_start)} and {dmy(p.p_end)}."
    # This sentence is written twice (lead and Political career), as the seeds repeat facts:
    # its claims say which one they quote, with occurrence and section.
    s_sec = f"{p.he.capitalize()} was {o['security']} from {dmy(p.b_start)} to {dmy(p.s_end)}."
    paragraphs = [f"= {p.full} (politician from {region}) =", name + "\n" + "\n".join(box),
                  f"{born} is a politician from {region}. {s_pres} {s_sec} {p.he.capitalize()} previously held "
                  f"other cabinet posts."]
    doc.claim("person", p.full, "birth_date", dmy(p.b_birth), born)
    doc.term("president", "start_date", dmy(p.p_start), s_pres)
    doc.term("president", "end_date", dmy(p.p_end), s_pres)
    doc.term("security", "start_date", dmy(p.b_start), s_sec, occurrence=1)
    doc.term("security", "end_date", dmy(p.s_end), s_sec, occurrence=1)

    birth = f"{name} was born {dmy(p.b_birth)} in {p.city}, {region}."
    served = f"{p.he.capitalize()} served as {o['security']} from {my(p.b_start)} until {my(p.s_end)}."
    fell = (f"During {p.his} tenure as {o['security']} ({p.b_start.year}–{p.s_end.year}) the homicide rate in "
            f"{region} fell significantly, from {p.b_rate0} cases in {p.y0} to {p.rate[p.y0 + 5]} cases in "
            f"{p.y0 + 5} and closed {p.y2} with {p.rate[p.y2]} cases per 100,000 inhabitants.")
    paragraphs += ["==Personal life==", f"{birth} {p.filler_paragraph(1, 3)}", f"{served} {p.filler_paragraph(3, 2)}", fell]
    doc.claim("person", p.full, "birth_date", dmy(p.b_birth), birth)
    doc.claim("person", p.full, "birth_place", f"{p.city}, {region}", birth)
    doc.term("security", "start_date", my(p.b_start), served)
    doc.term("security", "end_date", my(p.s_end), served)
    doc.term("security", "start_date", str(p.b_start.year), fell)
    doc.term("security", "end_date", str(p.s_end.year), fell, value_occurrence=1)
    for value, period, unit in ((p.b_rate0, p.y0, "per 100,000 inhabitants"), (p.rate[p.y0 + 5], p.y0 + 5, "per 100,000 inhabitants"),
                                (f"{p.rate[p.y2]} cases per 100,000 inhabitants", p.y2, None)):
        extra = {"unit": unit} if unit else {}
        doc.claim("indicator", f"Homicide rate in {region}", "value", value, fell, period=str(period), **extra)

    education = (f"{p.last} has a Master's degree in Public Policy from the University of {region}, and {p.he} has "
                 f"a Doctorate in Law from the National University of {p.city}.")
    paragraphs += ["==Education==", education]
    doc.claim("person", p.full, "degree", "Master's degree in Public Policy", education, item="public-policy")
    doc.claim("person", p.full, "degree", "Doctorate in Law", education, item="law")

    first_post = (f"{p.last} got {p.his} first ministerial post under {p.governor0} when {p.he} was made "
                  f"{o['labour']} in {my(p.l_start)}.")
    kept = f"{p.he.capitalize()} kept this position until {my(p.l_end)}."
    justice = f"Following this, {p.he} was made {o['justice']}, serving between {my(p.j_start)} and {my(p.j_end)}."
    designated = f"On {dmy(p.s_start)}, {p.last} was designated {o['security']} by {p.governor}."
    resigned = f"On {dmy(p.s_end)} {p.last} resigned as {o['security']}, to become the lead candidate of {p.his} party."
    won = f"In {my(p.election)} {p.he} won the elections as the most voted member of the Provincial Council."
    chosen = f"On {dmy(p.p_start)} {p.he} was elected {o['president']}."
    pre = f"In {my(p.pre)}, {p.last} registered as a pre-candidate for governor of {region}."
    asylum = f"{p.last} applied for asylum abroad in {p.asylum.year}, citing death threats from organized crime groups."
    detained = f"On {dmy(p.detention)}, {p.he} was detained by immigration officers outside {p.his} home."
    paragraphs += ["==Political career==", f"{first_post} {kept} {p.filler_paragraph(8, 1)}",
                   f"{justice} {designated} {s_sec}", f"{resigned} {won} {chosen}",
                   f"{pre} A month later, {p.he} withdrew {p.his} candidacy, stating that {p.he} had received threats.",
                   f"{asylum} {detained}"]
    doc.term("labour", "start_date", my(p.l_start), first_post)
    doc.term("labour", "served_under", p.governor0, first_post)
    doc.term("labour", "end_date", my(p.l_end), kept)
    doc.term("justice", "start_date", my(p.j_start), justice)
    doc.term("justice", "end_date", my(p.j_end), justice)
    doc.term("security", "start_date", dmy(p.s_start), designated)
    doc.term("security", "appointed_by", p.governor, designated)
    doc.term("security", "start_date", dmy(p.b_start), s_sec, section="Political career")
    doc.term("security", "end_date", dmy(p.s_end), resigned)
    doc.claim("event", f"Election to the Provincial Council of {region}", "date", my(p.election), won)
    doc.claim("event", f"Election to the Provincial Council of {region}", "detail", "the most voted member", won,
              item="most-voted")
    doc.term("president", "start_date", dmy(p.p_start), chosen)
    doc.claim("event", f"Pre-candidacy of {p.short}", "date", my(p.pre), pre)
    doc.claim("event", f"Asylum application of {p.short}", "date", str(p.asylum.year), asylum)
    doc.claim("event", f"Detention of {p.short}", "date", dmy(p.detention), detained)

    yearly = [f"The homicide rate in {region} was {rate} cases per 100,000 inhabitants in {year}."
              for year, rate in p.rate.items() if year != p.y0]
    yearly.insert(0, f"The homicide rate in {region} was {p.b_rate0} cases per 100,000 inhabitants in {p.y0}.")
    operations_by_year = [f"The police of {region} carried out {count:,} operations in {year}."
                          for year, count in p.yearly_operations.items()]
    paragraphs += ["==Security record==", " ".join(yearly[:6]), " ".join(yearly[6:]), " ".join(operations_by_year)]
    for (year, count), sentence in zip(p.yearly_operations.items(), operations_by_year):
        doc.claim("indicator", f"Police operations in {region}", "value", f"{count:,} operations", sentence,
                  period=str(year))
    for year, sentence in zip(p.rate, yearly):
        value = p.b_rate0 if year == p.y0 else p.rate[year]
        doc.claim("indicator", f"Homicide rate in {region}", "value", f"{value} cases per 100,000 inhabitants",
                  sentence, period=str(year))

    awards, orgs = p.awards, p.organizations
    honour = (f"The {orgs['police']} honored {region}’s {o['security']}, {p.full}, in recognition of the results of "
              f"the fight against drug trafficking.")
    tons = f"By mid-{awards['honour'][2].year}, the police had seized over {p.tons} metric tons of drugs and dismantled {p.gangs} criminal organizations."
    merit = (f"The {orgs['municipality']} has awarded the {awards['merit'][0]} to {p.full} “for {p.his} exceptional "
             f"services in internal security”.")
    gold = (f"On {dmy(awards['gold'][2])}, the {orgs['police']} presented {p.him} with the {awards['gold'][0]} for "
            f"{p.his} contributions to public security.")
    cross = f"{p.he.capitalize()} received the {awards['cross'][0]} by the {orgs['chamber']} for {p.his} work in reforming the labour laws."
    star = f"{p.last} was also awarded the {awards['star'][0]} in {my(awards['star'][2])}, during the celebrations of the province."
    paragraphs += ["==Decorations==", f"{honour} {tons}", merit, gold, cross, star,
                   "==Legacy==", p.filler_paragraph(6), p.filler_paragraph(0, 5)]
    paragraphs += p.pad(paragraphs, "\n\n", SEED_SIZES["b"])
    doc.claim("award", awards["honour"][0], "conferred_by", orgs["police"], honour)
    doc.claim("indicator", f"Narcotics seized in {region}", "value", f"{p.tons} metric tons", tons,
              period=f"by mid-{awards['honour'][2].year}")
    doc.claim("indicator", f"Criminal organizations dismantled in {region}", "value", f"{p.gangs} criminal organizations",
              tons, period=f"by mid-{awards['honour'][2].year}")
    doc.claim("award", awards["merit"][0], "name", awards["merit"][0], merit)
    doc.claim("award", awards["merit"][0], "conferred_by", orgs["municipality"], merit)
    doc.claim("award", awards["gold"][0], "date", dmy(awards["gold"][2]), gold)
    doc.claim("award", awards["gold"][0], "name", awards["gold"][0], gold)
    doc.claim("award", awards["gold"][0], "conferred_by", orgs["police"], gold, value_occurrence=1)
    doc.claim("award", awards["cross"][0], "name", awards["cross"][0], cross)
    doc.claim("award", awards["cross"][0], "conferred_by", orgs["chamber"], cross, value_occurrence=2)
    doc.claim("award", awards["star"][0], "name", awards["star"][0], star)
    doc.claim("award", awards["star"][0], "date", my(awards["star"][2]), star)
    text = "\n\n".join(paragraphs) + "\n"
    doc.check(text)
    return text, doc


def wrap(paragraph: str, width: int = 64) -> list[str]:
    """Hard-wrap like PDF extraction does, each line keeping a trailing space."""
    lines, line = [], ""
    for word in paragraph.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line + " ")
            line = word
        else:
            line = f"{line} {word}" if line else word
    return lines + [line + " "]


def ipu_decision(p: Person) -> tuple[str, Document]:
    doc, o = Document(f"{p.pid}-ipu", p), p.offices
    who = f"{p.mr} {p.full.split(' ', 1)[1]}"
    member = f"was a member of the Provincial Council of {p.region} between {p.m_start.year} and {p.m_end.year}"
    served = f"From {p.ipu_start_year} to {p.s_end.year}, {p.he} served as {o['security']}"
    threats = "the target of serious and systematic death threats"
    guards = (f"going from {p.guards[0]} police officers in {p.s_end.year}, when {who} was a minister, to "
              f"{p.guards[1]} in {p.m_start.year}, at the beginning of {p.his} mandate, and {p.guards[2]} "
              f"towards the end of {p.his} mandate")
    ended = (f"when {p.his} term of office as President ended in {my(p.p_end)} until the end of {p.his} "
             f"mandate in {my(p.m_end)}")
    summary = [
        f"{who} {member}. {served}, leading an active campaign against organized crime in {p.region}, which has "
        f"made {p.him} and {p.his} family {threats}. This situation continued during and after {p.his} mandate.",
        f"The complainant asserts that, despite being aware of the situation, the authorities of {p.region} have "
        f"taken no concrete steps to effectively ensure {who}’s protection.",
        f"According to the complainant, security arrangements have been reduced over time, {guards}.",
        f"The delegation of {p.region}, during the hearing at the {p.ordinal} IPU Assembly, stated that when "
        f"{p.he} was President of the Provincial Council {who} was provided with a security detail. The security "
        f"detail was maintained, although on a reduced scale given {p.his} change in status, {ended}.",
        f"{who} currently lives outside {p.region}.",
        f"The complainant further states that the threats intensified whenever {who} spoke publicly about "
        f"organized crime, and that requests for protection addressed to the authorities of {p.region} went "
        f"unanswered for long periods.",
    ]
    decision = [
        f"Thanks the delegation of {p.region} for the information provided and for meeting with the members of "
        f"the Committee on the Human Rights of Parliamentarians at the {p.ordinal} IPU Assembly to discuss the case "
        f"and its concerns;",
        "Notes that the complaint was submitted in due form by a qualified complainant under Section I.1(a) of "
        "the Procedure for the examination and treatment of complaints;",
        "Notes that the complaint concerns an incumbent member of parliament at the time of the alleged facts;",
        "Notes further that the complaint concerns allegations of threats and acts of intimidation, which fall "
        "within the Committee’s mandate;",
        f"Notes also that the threats to which {who} was subjected began well before {p.his} election and "
        f"continued after the expiry of {p.his} mandate; considers that a direct link between the acts giving "
        f"rise to the complaint and the exercise of {p.his} mandate cannot be established in a conclusive manner:",
        f"Notes further that {who} enjoyed reinforced police protection during {p.his} mandate, which ended in "
        f"{my(p.m_end)}, that {p.he} is currently located outside {p.region}, and that the complainant has not "
        f"provided updated information, despite repeated requests;",
        "Concludes, therefore, that the complaint is not admissible under the provisions of section IV of the "
        "Procedure and decides not to examine the case;",
        "Requests the Secretary General to convey this decision to the relevant authorities and the complainant.",
    ]
    lines = [f" {p.case} – {p.full} ", " ", "Alleged human rights violations ", " ",
             "\uf0fc Threats, acts of intimidation ", " ", "A. Summary of the case ", " "]
    for paragraph in summary:
        lines += wrap(paragraph) + [" "]
    lines += [" ", "B. Decision ", " ", "The Committee on the Human Rights of Parliamentarians ", " "]
    for number, paragraph in enumerate(decision, 1):
        first, *rest = wrap(f"{number}. {paragraph}", 92)
        lines += [first, ""] + rest + ["", " "]  # the blank line inside a paragraph, as PDF extraction leaves it
    text = "\n".join(lines) + "\n"
    if any(re.match(r"\s*\d{1,3}\.(\s|$)", line) for line in lines if not line.startswith(tuple(f"{n}. " for n in range(1, 9)))):
        raise AssertionError(f"{doc.id}: a wrapped line would read as a numbered decision paragraph")

    doc.term("member", "start_date", str(p.m_start.year), member)
    doc.term("member", "end_date", str(p.m_end.year), member)
    doc.term("security", "start_date", str(p.ipu_start_year), served)
    doc.term("security", "end_date", str(p.s_end.year), served)
    doc.claim("event", f"Death threats against {p.short}", "detail", "serious and systematic death threats", threats,
              item="threats")
    for value, period, unit in ((f"{p.guards[0]} police officers", str(p.s_end.year), None),
                                (str(p.guards[1]), str(p.m_start.year), "police officers"),
                                (p.guards[2], f"end of mandate ({p.m_end.year})", "police officers")):
        extra = {"unit": unit} if unit else {}
        doc.claim("indicator", f"Police officers protecting {p.short}", "value", value, guards, period=period,
                  value_occurrence=1, **extra)
    doc.term("president", "end_date", my(p.p_end), ended)
    doc.term("member", "end_date", my(p.m_end), ended)
    doc.term("member", "end_date", my(p.m_end), f"mandate, which ended in {my(p.m_end)}")
    doc.claim("event", f"Residence of {p.short} outside {p.region}", "place", f"outside {p.region}",
              f"{who} currently lives outside {p.region}.", attributed_to="committee")
    doc.check(text)
    return text, doc


# --- vocabularies and manifest -----------------------------------------------

def vocabulary_entries(p: Person) -> dict[str, list[dict]]:
    slug = lambda key: f"{p.pid}-{key}"  # noqa: E731
    return {
        "persons": [{"id": slug("person"), "name": p.full, "aliases": [p.short]}],
        "offices": [{"id": slug(key), "name": name, "branch": "legislative" if key in ("president", "member") else "executive",
                     "jurisdiction": p.region, "aliases": []} for key, name in p.offices.items()],
        "organizations": [{"id": slug(key), "name": name, "country": p.region, "aliases": []}
                          for key, name in p.organizations.items()],
        "awards": [{"id": slug(key), "name": name, "conferred_by": slug(org), "country": p.region, "aliases": []}
                   for key, (name, org, _) in p.awards.items()],
        "indicators": [{"id": slug(key), "name": name, "description": f"Synthetic figure for {p.region}.", "aliases": []}
                       for key, name in (("homicide-rate", f"Homicide rate in {p.region}"),
                                         ("operations", f"Police operations in {p.region}"),
                                         ("narcotics", f"Narcotics seized in {p.region}"),
                                         ("gangs", f"Criminal organizations dismantled in {p.region}"),
                                         ("guards", f"Police officers protecting {p.short}"))],
        "events": [{"id": slug(key), "name": name, "aliases": []}
                   for key, name in (("election", f"Election to the Provincial Council of {p.region}"),
                                     ("pre-candidacy", f"Pre-candidacy of {p.short}"),
                                     ("asylum", f"Asylum application of {p.short}"),
                                     ("detention", f"Detention of {p.short}"),
                                     ("threats", f"Death threats against {p.short}"),
                                     ("residence", f"Residence of {p.short} outside {p.region}"))],
    }


def manifest_entry(doc: Document, text: str, kind: str, title: str, document: str, revision: int) -> dict:
    return {"id": doc.id, "file": f"sources/{doc.id}.txt",
            "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(), "kind": kind, "title": title,
            "publisher": "Synthetic benchmark corpus (benchmarks/generate_corpus.py)", "language": "en",
            "license": None, "url": None, "retrieved": None,
            "notes": "Synthetic document in the layout of a seed document; for benchmarks only.",
            "about": f"{doc.p.pid}-person", "document": document, "revision": revision}


def dump(path: Path, data) -> None:
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml when present: 1,000x is ~250,000 entries
    path.write_text(yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=10_000),
                    encoding="utf-8")


def stamp(n: int) -> str:
    """What the corpus was made from: this generator, its N and the seed data it copies."""
    digest = hashlib.sha256(f"{GENERATOR_VERSION}:{n}:{SEED}".encode())
    digest.update(Path(__file__).read_bytes())
    for path in sorted(SEED_DATA.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(SEED_DATA).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


def generate(n: int, out: Path) -> Path:
    """Write the N x corpus into ``out`` (replacing it) and return it."""
    if n < 1 or n == 2:  # at 2x the one synthetic person has no one else to name as predecessor or successor
        raise ValueError(f"a corpus of {n}x cannot be generated: use 1 (the seeds) or 3 and more")
    if out.exists():
        shutil.rmtree(out)
    (out / "sources").mkdir(parents=True)
    (out / "claims").mkdir()
    (out / "vocabularies").mkdir()
    # The seeds themselves, unchanged: their real sources, curated claims and vocabularies.
    manifest = yaml.safe_load((SEED_DATA / "sources.yml").read_text(encoding="utf-8"))
    for path in (SEED_DATA / "sources").iterdir():
        shutil.copyfile(path, out / "sources" / path.name)
    for path in (SEED_DATA / "claims").glob("*.yml"):
        shutil.copyfile(path, out / "claims" / path.name)
    vocabularies = {path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
                    for path in (SEED_DATA / "vocabularies").glob("*.yml")}

    names = person_names(n)
    for k in range(1, n):  # person 0 is the seed record
        person = Person(k, names)
        article, case = f"{person.pid}-wikipedia", f"{person.pid}-ipu-case"
        for build, kind, document, revision, title in (
                (ipu_decision, "ipu_decision", case, 1, f"IPU Committee decision on case {person.case} ({person.full})"),
                (rendered_a, "wikipedia_revision", article, 1,
                 f"{person.short}, Wikipedia: rendering A (earlier revision)"),
                (wikitext_b, "wikipedia_revision", article, 2,
                 f"{person.short}, Wikipedia: rendering B (later revision)")):
            text, doc = build(person)
            (out / "sources" / f"{doc.id}.txt").write_bytes(text.encode("utf-8"))
            manifest["sources"].append(manifest_entry(doc, text, kind, title, document, revision))
            dump(out / "claims" / f"{doc.id}.yml", {"source": doc.id, "claims": doc.claims})
        for table, entries in vocabulary_entries(person).items():
            vocabularies[table][table].extend(entries)
    dump(out / "sources.yml", manifest)
    for table, document in vocabularies.items():
        dump(out / "vocabularies" / f"{table}.yml", document)
    (out / ".stamp").write_text(stamp(n) + "\n")
    return out


def ensure_folder(out: Path, wanted_stamp: str, make, force: bool = False) -> tuple[Path, bool]:
    """``out``, made by ``make(out)`` only when missing or stamped from other inputs; (path, made now)."""
    current = (out / ".stamp").read_text().strip() if (out / ".stamp").exists() else None
    if force or current != wanted_stamp:
        return make(out), True
    return out, False


def ensure(n: int, root: Path = CORPUS, force: bool = False) -> tuple[Path, bool]:
    """The N x corpus, generated only when missing or made from other inputs; (path, generated now)."""
    return ensure_folder(root / f"{n}x", stamp(n), lambda out: generate(n, out), force)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[10, 100, 1000])
    parser.add_argument("--out", type=Path, default=CORPUS)
    parser.add_argument("--force", action="store_true", help="regenerate even when up to date")
    args = parser.parse_args(argv)
    for n in args.sizes:
        path, made = ensure(n, args.out, args.force)
        sources = len(list((path / "sources").glob("*.txt")))
        print(f"{n}x: {path} ({sources} sources, {'generated' if made else 'up to date'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
