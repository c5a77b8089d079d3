"""What changed between two consecutive revisions of an article, sentence by sentence.

``align_revisions(from_text, from_sentences, to_text, to_sentences,
from_fields, to_fields)`` returns change rows (shape and order:
``build/revisions/changes.py``): the infobox fields' (``build/revisions/fields.py``)
then the sentences', each sentence of either revision in exactly one row.
``align_sentences`` is the sentence half alone.  A sentence is a
``build.sources.sentences.Sentence(start, end, section)`` (a plain
``(start, end, section)`` tuple will do), as a parsed document owns them
(``ParsedSource.sentences``).

A sentence is compared by its reading text: ``strip_marks`` then whitespace
squeezed, exactly the ``text`` of its passage row.  So a sentence that only
gained or lost a citation mark, or was re-wrapped, is ``unchanged``.

The rules, in order:

1. **Anchor identical sentences.**  ``difflib.SequenceMatcher`` (``autojunk``
   off) over the two lists of reading texts; every sentence in a matching
   block is ``unchanged``.  Hashing whole sentences makes this near-linear
   when most sentences are unchanged, the usual case between consecutive
   revisions.  The unmatched sentences fall into *gaps*: gap *g* is what lies
   between matching blocks *g-1* and *g* on each side.
2. **Pair the leftovers**, and only them.  Candidates are a leftover old
   sentence and a leftover new one with

   * identical reading text (similarity 1.0; necessarily in different gaps,
     else the matcher would have matched them), or
   * word similarity (``build/revisions/words.py``: SequenceMatcher ratio over
     tokens) of at least ``REWORDED_MIN`` = 0.5 in the same gap, or at least
     ``MOVED_MIN`` = 0.8 across gaps.  A sentence that went elsewhere must be
     near-identical to count as the same sentence; in place, half its tokens
     in common is enough ("2011" -> "2012" in a 14-token sentence is 0.93;
     different sentences still share their "the", "of", "," and ".": over
     the 6,057 unpaired pairs of the two seed renderings the median is 0.12,
     99% are under 0.31, and the highest, 0.58, is one fact rewritten in
     another paragraph: too unlike to be called moved).

   Candidates are taken greedily, highest similarity first (ties: same gap
   first, then old position, then new position), each sentence at most once.
   The ratio is only computed when the cheap upper bounds
   (``real_quick_ratio``, ``quick_ratio``) reach the threshold.  If the
   leftovers would need more than ``MAX_FUZZY_PAIRS`` = 40,000 comparisons (a
   rewrite of some 200 sentences at once), only identical sentences are paired
   and the rest is reported removed and added, so the fuzzy pass has a ceiling
   whatever the input.
3. **Order.**  A pair across gaps crosses an anchor, so it is ``moved``.  In
   each gap, the heaviest (by similarity) set of pairs that keeps both
   revisions' order stays in place: ``reworded``.  A same-gap pair out of that
   order is ``moved`` if its similarity reaches ``MOVED_MIN``, otherwise it is
   split into ``removed`` + ``added``.
4. Every sentence left unpaired is ``removed`` (old) or ``added`` (new).

``reworded`` and changed ``moved`` rows carry the word-level operations for
highlighting.  Deterministic: no sets are iterated for output, every sort has
a total key (the same rows under any ``PYTHONHASHSEED``).

Cost, on one machine (``benchmarks/bench_revisions.py``): 1,000 consecutive
generated revisions of the 12 KB article (75-140 sentences) align in 1 to 2 s
in all, 1-2 ms a pair; the two seed renderings, which differ almost
everywhere (120 of their 156 sentences unpaired), in 17 ms.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import chain

from .changes import Change, change, in_document_order
from .fields import align_infobox_fields
from .words import WordDiff, matcher, token_words
from ..sources.sentences import Sentence, reading_text

__all__ = ["REWORDED_MIN", "MOVED_MIN", "MAX_FUZZY_PAIRS", "align_sentences", "align_revisions"]

REWORDED_MIN = 0.5
MOVED_MIN = 0.8
MAX_FUZZY_PAIRS = 40_000


def align_revisions(from_text: str, from_sentences: list, to_text: str, to_sentences: list,
                    from_fields: list[dict] = (), to_fields: list[dict] = ()) -> list[Change]:
    """Infobox field changes, then sentence changes (see the module docstring)."""
    return (align_infobox_fields(from_text, list(from_fields), to_text, list(to_fields))
            + align_sentences(from_text, from_sentences, to_text, to_sentences))


def align_sentences(from_text: str, from_sentences: list, to_text: str, to_sentences: list) -> list[dict]:
    """Every sentence of both revisions in exactly one change row, in document order."""
    old_sentences = [Sentence(*s) for s in from_sentences]
    new_sentences = [Sentence(*s) for s in to_sentences]
    old = [reading_text(from_text, s.start, s.end) for s in old_sentences]
    new = [reading_text(to_text, s.start, s.end) for s in new_sentences]

    # Rule 1.
    anchors, old_gap, new_gap = _anchor_identical(old, new)

    # Rule 2.
    old_left = [i for i, gap in enumerate(old_gap) if gap is not None]
    new_left = [j for j, gap in enumerate(new_gap) if gap is not None]
    pairs = _pair_leftovers(from_text, old_sentences, old, old_left, old_gap,
                            to_text, new_sentences, new, new_left, new_gap)

    # Rule 3.
    in_place, moved = _keep_order(pairs, old_gap, new_gap)

    def row(kind, i=None, j=None, similarity=0.0, ops=None):
        a = old_sentences[i] if i is not None else None
        b = new_sentences[j] if j is not None else None
        return change("sentence", kind, from_index=i, to_index=j,
                      from_span=a and (a.start, a.end), to_span=b and (b.start, b.end),
                      from_section=a and a.section, to_section=b and b.section,
                      similarity=similarity, word_ops=ops)

    def paired_row(kind, i, j):
        if old[i] == new[j]:
            return row(kind, i, j, 1.0)
        diff = WordDiff(from_text, old_sentences[i][:2], to_text, new_sentences[j][:2])
        return row(kind, i, j, diff.similarity, diff.operations())

    rows = [row("unchanged", i, j, 1.0) for i, j in anchors]
    rows += [paired_row("reworded", i, j) for i, j in in_place]
    rows += [paired_row("moved", i, j) for i, j in moved]
    # Rule 4.
    paired_old = {i for i, _ in in_place + moved}
    paired_new = {j for _, j in in_place + moved}
    rows += [row("removed", i=i) for i in old_left if i not in paired_old]
    rows += [row("added", j=j) for j in new_left if j not in paired_new]
    return in_document_order(rows)


def _anchor_identical(old: list[str], new: list[str]):
    """Rule 1: the matched (i, j) pairs, and each unmatched sentence's gap (None if matched)."""
    blocks = matcher(old, new).get_matching_blocks()  # ends with a (len(old), len(new), 0) sentinel
    anchors: list[tuple[int, int]] = []
    old_gap: list[int | None] = [None] * len(old)
    new_gap: list[int | None] = [None] * len(new)
    next_i = next_j = 0
    for gap, (i, j, size) in enumerate(blocks):
        old_gap[next_i:i] = [gap] * (i - next_i)
        new_gap[next_j:j] = [gap] * (j - next_j)
        anchors += [(i + k, j + k) for k in range(size)]
        next_i, next_j = i + size, j + size
    return anchors, old_gap, new_gap


def _pair_leftovers(from_text, old_sentences, old, old_left, old_gap,
                    to_text, new_sentences, new, new_left, new_gap) -> list[tuple[float, int, int]]:
    """Rule 2: (similarity, i, j) pairs, each leftover sentence in at most one."""
    candidates = []
    by_text = defaultdict(list)
    for j in new_left:
        by_text[new[j]].append(j)
    for i in old_left:
        candidates += [(1.0, i, j) for j in by_text.get(old[i], ())]

    if len(old_left) * len(new_left) <= MAX_FUZZY_PAIRS:
        old_words = {i: token_words(from_text, *old_sentences[i][:2]) for i in old_left}
        old_lengths = {i: len(sentence_words) for i, sentence_words in old_words.items()}
        # word -> layers: layers[k - 1] lists the old sentences that have the word at least k times.
        # A new sentence that has it m times shares min(n, m) of it with an old one that has it n
        # times: once in each of the first m layers.  So one Counter over those layers counts the
        # words in common with all old sentences at once, in C.
        layers = defaultdict(list)
        for i, sentence_words in old_words.items():
            for word, n in Counter(sentence_words).items():
                word_layers = layers[word]
                while len(word_layers) < n:
                    word_layers.append([])
                for k in range(n):
                    word_layers[k].append(i)
        compare = matcher()
        for j in new_left:
            new_words = token_words(to_text, *new_sentences[j][:2])
            common_with = Counter(chain.from_iterable(  # old sentence -> words in common, repeats counted
                ids for word, m in Counter(new_words).items() for ids in layers.get(word, ())[:m]))
            compare.set_seq2(new_words)  # indexed once per new sentence
            # A pair with no word in common (not counted) cannot reach either threshold.  The words
            # in common bound the similarity from above (difflib's quick_ratio): only pairs that pass
            # get the real ratio.  (The order pairs are tried in does not matter: candidates are sorted.)
            gap, length = new_gap[j], len(new_words)
            for i, common in common_with.items():
                need = REWORDED_MIN if old_gap[i] == gap else MOVED_MIN
                if 2 * common < need * (old_lengths[i] + length) or old[i] == new[j]:
                    continue  # an identical pair is already a candidate, at 1.0
                compare.set_seq1(old_words[i])
                similarity = compare.ratio()
                if similarity >= need:
                    candidates.append((similarity, i, j))

    candidates.sort(key=lambda c: (-c[0], old_gap[c[1]] != new_gap[c[2]], c[1], c[2]))
    pairs, used_old, used_new = [], set(), set()
    for similarity, i, j in candidates:
        if i not in used_old and j not in used_new:
            pairs.append((similarity, i, j))
            used_old.add(i)
            used_new.add(j)
    return pairs


def _keep_order(pairs, old_gap, new_gap) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Rule 3: (in-place pairs, moved pairs), each as (i, j) sorted by i."""
    in_place, moved = [], []
    by_gap = defaultdict(list)
    for similarity, i, j in pairs:
        if old_gap[i] == new_gap[j]:
            by_gap[old_gap[i]].append((similarity, i, j))
        else:
            moved.append((i, j))
    for gap in sorted(by_gap):
        group = sorted(by_gap[gap], key=lambda p: p[1])
        keep = _heaviest_increasing(group)
        for index, (similarity, i, j) in enumerate(group):
            if index in keep:
                in_place.append((i, j))
            elif similarity >= MOVED_MIN:
                moved.append((i, j))
    return sorted(in_place), sorted(moved)


def _heaviest_increasing(group: list[tuple[float, int, int]]) -> set[int]:
    """Indexes of the heaviest subsequence of ``group`` (sorted by i) whose j also increase.

    Quadratic in the pairs of one gap, which are few between consecutive
    revisions (and at most some dozens between the seed renderings).
    """
    best, previous = [], []
    for a, (similarity, _, j) in enumerate(group):
        weight, link = similarity, None
        for b in range(a):
            if group[b][2] < j and best[b] + similarity > weight:
                weight, link = best[b] + similarity, b
        best.append(weight)
        previous.append(link)
    if not group:
        return set()
    end = max(range(len(group)), key=lambda a: (best[a], -a))
    chain = set()
    while end is not None:
        chain.add(end)
        end = previous[end]
    return chain
