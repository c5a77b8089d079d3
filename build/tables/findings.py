"""``consistency_rules``, ``consistency_findings`` and ``finding_claims``: the checks run over
the facts (build.compare.rules) and what they found, each finding linked to the claims involved."""

from collections import Counter

from .bulk import insert_rows
from ..compare.consistency import Finding


def add_findings(db, rules, findings: list[Finding]) -> None:
    counts = Counter(f.rule for f in findings)
    insert_rows(db, "consistency_rules", [
        {"id": r.name, "description": r.description, "severity": r.severity, "reads": r.reads,
         "findings_count": counts[r.name]} for r in rules])
    insert_rows(db, "consistency_findings", [
        {"id": f.id, "rule": f.rule, "severity": f.severity, "summary": f.summary, "person_id": f.person_id,
         "claims_count": len({c["id"] for c, _ in f.claims})} for f in findings])
    links, seen = [], set()
    for f in findings:
        for claim, role in f.claims:
            if (f.id, claim["id"]) not in seen:  # a claim plays one role per finding: its first
                seen.add((f.id, claim["id"]))
                links.append({"finding_id": f.id, "claim_id": claim["id"], "role": role,
                              "source_id": claim["source_id"]})
    insert_rows(db, "finding_claims", links)
