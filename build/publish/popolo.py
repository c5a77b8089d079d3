"""Popolo JSON (popoloproject.com): persons, organizations, posts and memberships.

A post is an office; its organization is the government or legislature of the
office's jurisdiction, by its branch (an office the vocabulary does not place,
a provisional one, has a post with no organization).  Each term is a
membership: the person, the post, its start and end dates at the precision the
record gives (ISO 8601 reduced precision, as Popolo allows), whether a source
says it is ongoing, and as sources every document whose claims state it.
"""

from __future__ import annotations

import re

BRANCH_BODIES = {"executive": "Government of {}", "legislative": "Legislature of {}"}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def organization_of(office) -> tuple[str, str] | None:
    pattern = BRANCH_BODIES.get(office["branch"] or "")
    if not pattern or not office["jurisdiction"]:
        return None
    name = pattern.format(office["jurisdiction"])
    return _slug(name), name


def popolo(connection) -> dict:
    persons = [
        {"id": row["id"], "name": row["name"],
         **({"other_names": [{"name": alias.strip()} for alias in row["aliases"].split(",")]} if row["aliases"] else {}),
         **({"birth_date": row["birth_date"]} if row["birth_date"] else {}),
         **({"death_date": row["death_date"]} if row["death_date"] else {}),
         **({"notes": "provisional: named only by automatic extraction"} if row["provisional"] else {})}
        for row in connection.execute("select * from persons order by id")
    ]
    organizations, posts = {}, []
    for office in connection.execute("select * from offices order by id"):
        organization = organization_of(office)
        if organization:
            organizations[organization[0]] = {"id": organization[0], "name": organization[1],
                                              "classification": office["branch"]}
        posts.append({"id": office["id"], "label": office["name"],
                      **({"organization_id": organization[0]} if organization else {})})
    post_organization = {post["id"]: post.get("organization_id") for post in posts}
    sources = {}
    for row in connection.execute(
            "select c.term_id, s.id, s.title, s.url, s.document from claims c join sources s on s.id = c.source_id "
            "where c.term_id is not null group by c.term_id, s.id order by c.term_id, s.document, s.revision"):
        sources.setdefault(row["term_id"], []).append(
            {"url": row["url"] or f"/sources/{row['id']}", "note": f"{row['title']} ({row['id']})"})
    memberships = []
    for term in connection.execute("select * from terms order by person_id, start_date, id"):
        membership = {"id": term["id"], "person_id": term["person_id"], "post_id": term["office_id"],
                      "label": term["name"]}
        if post_organization.get(term["office_id"]):
            membership["organization_id"] = post_organization[term["office_id"]]
        if term["start_date"]:
            membership["start_date"] = term["start_date"]
        if term["end_date"]:
            membership["end_date"] = term["end_date"]
        if term["ongoing"]:
            membership["notes"] = "a source says this term had not ended"
        membership["sources"] = sources.get(term["id"], [])
        memberships.append(membership)
    return {"persons": persons, "organizations": sorted(organizations.values(), key=lambda o: o["id"]),
            "posts": posts, "memberships": memberships}
