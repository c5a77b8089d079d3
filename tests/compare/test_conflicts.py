"""Conflict detection on crafted claims: grouping, sides, neutral values, stable ids."""

from build.compare.conflicts import detect, fact_id, within_source
from build.common.dates import parse_date
from build.compare.resolve import resolve_fact


def date_claim(id, source, raw, subject="minister-of-the-interior-1", prop="start_date"):
    date = parse_date(raw)
    return {"id": id, "source_id": source, "subject_table": "terms", "subject_id": subject, "property": prop,
            "value_type": "date", "value": date.value, "precision": date.precision, "unit": None, "period": None,
            "item": None, "date_start": date.start.isoformat(), "date_end": date.end.isoformat(),
            "value_label": raw}


def number_claim(id, source, value, unit, period):
    return {"id": id, "source_id": source, "subject_table": "indicators", "subject_id": "homicide-rate",
            "property": "value", "value_type": "number", "value": value, "unit": unit, "period": period,
            "precision": None, "item": None, "value_label": value}


INTERIOR = [
    date_claim("a1", "wikipedia-a", "13 May 2011"), date_claim("a2", "wikipedia-a", "2011"),
    date_claim("a3", "wikipedia-a", "2012"), date_claim("b1", "wikipedia-b", "13 May 2012"),
    date_claim("b2", "wikipedia-b", "May 2012"), date_claim("b3", "wikipedia-b", "13 May 2011"),
    date_claim("i1", "ipu-ecu-92", "2011"),
]


def test_one_conflict_with_two_sides_and_a_self_contradicting_source():
    comparisons, conflicts, _ = detect(INTERIOR)
    (conflict,) = conflicts
    assert conflict.id == "terms-minister-of-the-interior-1-start-date" == fact_id(conflict.key)
    sides = [{c["id"] for c in side} for side in conflict.sides]
    assert sides == [{"a1", "a2", "b3", "i1"}, {"a3", "b1", "b2"}]
    assert within_source(conflict) and conflict.kind == "date"
    # Each claim against each other distinct value: 7 claims, 4 distinct values (2011-05-13, 2011,
    # 2012, 2012-05, 2012-05-13 are five): every claim meets the four values it does not give.
    values = {c["value"] for c in INTERIOR}
    assert len(values) == 5
    assert len(comparisons) == sum(len(values) - 1 for _ in INTERIOR)
    verdicts = {(r["claim_id"], r["other_value_key"]): r["verdict"] for r in comparisons}
    assert verdicts[("a2", "2011-05-13")] == "refines" and verdicts[("i1", "2011-05-13")] == "refines"
    assert verdicts[("a1", "2012-05-13")] == "conflicts" and verdicts[("a1", "2011")] == "refines"
    # Two claims with the same value are never compared with each other.
    assert ("a2", "2011") not in verdicts


def test_the_cost_grows_with_claims_not_with_their_square():
    """1,000 revisions repeating one date and one revision changing it: 1,001 claims, 2 values."""
    claims = [date_claim(f"r{n:04d}", f"rev{n}", "14 May 2017") for n in range(1000)]
    claims.append(date_claim("changed", "rev1000", "24 May 2017"))
    comparisons, (conflict,), facts = detect(claims)
    assert len(comparisons) == 1001  # each claim against the one other value; not 1001 * 1000 / 2 pairs
    (_, by_value, verdicts), = facts
    assert len(by_value) == 2 and len(verdicts) == 2  # one pair of values, both orders
    assert [len(side) for side in conflict.sides] == [1000, 1]


ARTICLE = {"wikipedia-a": ("article", 1), "wikipedia-b": ("article", 2), "ipu-ecu-92": ("ipu-case", 1)}


def test_the_resolved_value_follows_the_documented_rule():
    _, (conflict,), _ = detect(INTERIOR)
    chosen = resolve_fact(conflict.claims, conflict, ARTICLE)
    # 2011 is stated by two documents (the article, the IPU case), 2012 by one; the most precise 2011 is shown.
    assert (chosen.claim["value"], chosen.rule) == ("2011-05-13", "most_documents")


def test_revisions_of_one_document_do_not_outvote_another_document():
    revisions = {f"rev{n}": ("article", n) for n in (1, 2, 3)} | {"ipu": ("ipu-case", 1), "press": ("press", 1)}
    copies = [date_claim(f"x{n}", f"rev{n}", "13 May 2012") for n in (1, 2, 3)]
    others = [date_claim("y", "ipu", "2011"), date_claim("z", "press", "13 May 2011")]
    _, (conflict,), _ = detect(copies + others)
    chosen = resolve_fact(conflict.claims, conflict, revisions)
    assert (chosen.claim["value"], chosen.rule) == ("2011-05-13", "most_documents")
    # One document against one: the article's three revisions count once, so neither side outnumbers.
    _, (conflict,), _ = detect(copies + others[:1])
    chosen = resolve_fact(conflict.claims, conflict, revisions)
    assert (chosen.claim["value"], chosen.rule) == ("2012-05-13", "tie_most_precise")


def test_a_value_compatible_with_every_side_is_neutral():
    claims = [date_claim("a", "wikipedia-a", "September 2016", "castellon", "date"),
              date_claim("b", "wikipedia-b", "5 October 2016", "castellon", "date"),
              date_claim("c", "wikipedia-b", "2016", "castellon", "date")]
    _, (conflict,), _ = detect(claims)
    assert [c["id"] for c in conflict.neutral] == ["c"]
    assert [[c["id"] for c in side] for side in conflict.sides] in ([["a"], ["b"]], [["b"], ["a"]])
    assert not within_source(conflict)  # wikipedia-b's "2016" takes no side


def test_refinements_alone_are_not_a_conflict():
    claims = [date_claim("a", "wikipedia-a", "June 2016", "dea", "date"),
              date_claim("b", "wikipedia-b", "6 June 2016", "dea", "date"),
              date_claim("c", "wikipedia-b", "2016", "dea", "date")]
    comparisons, conflicts, _ = detect(claims)
    assert conflicts == [] and {r["verdict"] for r in comparisons} == {"refines"}


def test_figures_are_compared_only_for_the_same_period():
    claims = [number_claim("a", "wikipedia-a", "20", "per 100,000 inhabitants", "2010"),
              number_claim("b", "wikipedia-b", "17.57", "per 100,000 inhabitants", "2010"),
              number_claim("c", "wikipedia-a", "5", "per 100,000 inhabitants", "2016"),
              number_claim("d", "wikipedia-b", "5", "per 100,000 inhabitants", "2016"),
              number_claim("e", "wikipedia-a", "20", "percent", "start of tenure"),
              number_claim("f", "wikipedia-b", "20", "per 100,000 inhabitants", "start of tenure")]
    comparisons, conflicts, _ = detect(claims)
    assert len(comparisons) == 4  # 2010 and start of tenure: each claim against the other value; 2016 agrees; never across periods
    kinds = {c.key[3]: c.kind for c in conflicts}
    assert kinds == {"2010": "number", "start of tenure": "unit"}


def test_detection_is_stable_whatever_the_input_order():
    first = detect(INTERIOR)
    second = detect(list(reversed(INTERIOR)))
    assert list(first[0]) == list(second[0]) and len(first[0]) == len(second[0]) > 0
    assert [(c.id, [[x["id"] for x in s] for s in c.sides]) for c in first[1]] == \
           [(c.id, [[x["id"] for x in s] for s in c.sides]) for c in second[1]]


def text_claim(id, source, value, attributed_to):
    return {"id": id, "source_id": source, "subject_table": "events", "subject_id": "security", "property": "detail",
            "value_type": "text", "value": value, "precision": None, "unit": None, "period": None,
            "item": "protection", "value_label": value, "attributed_to": attributed_to}


def test_parties_that_disagree_in_one_source_make_a_conflict_of_their_own_kind():
    claims = [text_claim("c", "ipu", "unprotected", "complainant"),
              text_claim("a", "ipu", "protected", "authorities"),
              text_claim("k", "ipu", "protected", "committee")]
    _, (conflict,), _ = detect(claims)
    assert conflict.kind == "parties"
    assert [sorted(c["attributed_to"] for c in side) for side in conflict.sides] == [
        ["authorities", "committee"], ["complainant"]]
    # The same disagreement in two articles' own voice is an ordinary text conflict.
    own_voice = [dict(c, attributed_to="article", source_id=f"s{n}") for n, c in enumerate(claims)]
    _, (conflict,), _ = detect(own_voice)
    assert conflict.kind == "text"
