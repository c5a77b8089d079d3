"""The mention patterns written for speed match exactly what their plain spellings match.

build/coverage/mentions.py checks a word boundary just after a pattern's first item instead of
before it ("\\d(?<!\\w\\d)" for "\\b\\d"), so that re can skip ahead to where that item
can match.  Each pair below is (plain spelling, pattern in use): they must give the same
matches, spans and groups, in the same order, on any text.
"""

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from build.coverage import mentions as m

PLAIN = {
    "date 13 May 2011": (rf"\b\d{{1,2}}\s+{m._MONTH}\s+{m._YEAR}\b", m.DATE_PATTERNS[0]),
    "date June 6, 2016": (rf"\b{m._MONTH}\s+\d{{1,2}},?\s+{m._YEAR}\b", m.DATE_PATTERNS[1]),
    "date May 2012": (rf"\b{m._MONTH}\s+{m._YEAR}\b", m.DATE_PATTERNS[2]),
    "date ISO": (r"(?<![\w.-])\d{4}-\d{2}-\d{2}(?![\w-])", m.DATE_PATTERNS[3]),
    "date bare year": (rf"(?<![\w.,§$/])(?:19|20)\d\d{m._FREE_END}", m.DATE_PATTERNS[5]),
    "skip footnote": (r"\bfootnote\s+\d+", m.SKIP_PATTERNS[1]),
    "skip Section": (r"\b[Ss]ection\s+[IVXLC]+(?:\.\d+)*(?:\([a-z0-9]+\))*", m.SKIP_PATTERNS[2]),
    "skip case id": (r"\b[A-Z]{2,}-\d+\b", m.SKIP_PATTERNS[3]),
    "skip U.S.C.": (r"\b\d+\s+U\.S\.C\.\s*§+\s*[\w.\-]+(?:\([\w]+\))*", m.SKIP_PATTERNS[4]),
    "day month": (rf"\b(?P<day>\d{{1,2}})\s+(?P<month>{m._MONTH})\b", m.DAY_MONTH_PATTERNS[0]),
    "month day": (rf"\b(?P<month>{m._MONTH})\s+(?P<day>\d{{1,2}})\b(?!\d)", m.DAY_MONTH_PATTERNS[1]),
    "ordinal digits": (r"\b\d+(?:st|nd|rd|th)\b", m.ORDINAL_PATTERNS[0]),
    "early/mid/late": (rf"\b(?i:early|mid|late)(?:-|\s+)(?:{m._MONTH}\s+)?{m._YEAR}\b", m.DATE_PATTERNS[4]),
    "the previous": (r"\b(?<![\w-])(?i:(?:over\s+)?the\s+(?:previous|past|last|preceding|next|following)"
                     rf"(?:\s+{m._AMOUNT})?\s+{m._TIME})\b", m.RELATIVE_PATTERNS[0]),
    "today": (r"(?<![\w-])(?i:today|yesterday|tomorrow)\b", m.RELATIVE_PATTERNS[1]),
    "shortly": (r"(?<![\w-])(?i:shortly\s+(?:afterwards?|after|before|thereafter))\b", m.RELATIVE_PATTERNS[2]),
    "one": (rf"(?<![\w-])(?i:one){m._UNIT}(?![\w-])", m.NUMBER_PATTERNS[2]),
    "figure": (rf"{m._FREE_START}(?:US\$|\$)?(?:{m.DIGITS}){m._SCALE}?{m._UNIT}?{m._FREE_END}", m.NUMBER_PATTERNS[0]),
}

# Characters the patterns care about, and a few that look like them: other digits and
# letters that are \w, and the neighbours the lookbehinds exclude.
PIECES = st.sampled_from(
    ["January", "May", "June", "Section", "section", "footnote", "U.S.C.", "§", "ECU", "th", "st",
     "19", "20", "2016", "-", "–", ".", ",", "$", "/", " ", "\n", "(", ")", "a", "I", "x", "Z",
     "0", "1", "7", "US$", "Early", "mid", "LATE", "over", " the", "previous", "PAST", " two",
     " years", "today", "Yesterday", "tomorrow", "shortly", "ſhortly", " after", "one", "ONE", "oNe", "3,500", " million", " cases", "%", "٣", "é", "_", "Mayday", "AMay"])


def _matches(pattern, text):
    return [(match.span(), match.groupdict()) for match in re.finditer(pattern, text)]


def test_case_blind_first_letters_have_only_the_cases_the_lookaheads_list():
    every_character = "".join(map(chr, range(0x110000)))
    for letter in "emlotys":
        cases = {letter, letter.upper()} | ({"ſ"} if letter == "s" else set())
        assert set(re.findall(f"(?i:{letter})", every_character)) == cases


@pytest.mark.parametrize("name", PLAIN)
def test_same_matches_in_the_sources(name):
    plain, fast = PLAIN[name]
    sources = sorted((Path(__file__).resolve().parents[2] / "data" / "sources").iterdir())
    assert len(sources) >= 3
    for path in sources:
        text = path.read_text(encoding="utf-8")
        assert _matches(fast, text) == _matches(plain, text)


EXAMPLES = [
    "ſhortly after the vote", "Shortly afterwards", "pre-shortly before", "TODAY, yesterday; x-tomorrow",
    "Over the past ٣ years", "the following year", "ONE per cent", "no-one cases", "Mid-2016", "xlate 2016",
    "13 May 2011", "x13 May 2011", "٣ May 2011", "June 6, 2016", "AMay 2012", "_May 2012", "(2012–2016)",
    "1.2016", "$2016", "a2016-03-27", "-2016-03-27", "footnote 125", "afootnote 1", "Section I.1(a)",
    "ASection I", "ECU-92", "aECU-92", "8 U.S.C. §1182(a)(9)", "a8 U.S.C. §1", "144th", "a3rd",
    "US$800 million", "41,551 anti-narcotics operations", "x41", "5 per 100,000 inhabitants",
]


@pytest.mark.parametrize("text", EXAMPLES)
def test_same_matches_on_examples(text):
    for plain, fast in PLAIN.values():
        assert _matches(fast, text) == _matches(plain, text), (plain, text)


@settings(max_examples=400, deadline=None)
@given(pieces=st.lists(PIECES, max_size=12))
def test_same_matches_on_any_text(pieces):
    text = "".join(pieces)
    for plain, fast in PLAIN.values():
        assert _matches(fast, text) == _matches(plain, text), (plain, text)
