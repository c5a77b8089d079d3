"""The index of a publication split by person group: which group holds each person.

``python -m build.groups`` writes ``<out>/index.db`` once every group is published: a small database
that answers the question a reader of many group databases asks first (where is this person?), as
*Serving at that size* in the README describes.  Three tables, read from the groups' own databases:

* ``groups``: each group, its database's sha256 and its counts;
* ``persons``: each person whose documents a group holds (a source is ``about`` them), with that
  group and the counts of their row there;
* ``person_mentions``: each group that names a person (as a predecessor, a successor...), held
  there or not, with the claims about them in that group.

A person's documents belong to one group (conflicts and the record group claims by person): a
person held by two groups is an error, and the previous index stays.  Written to a temporary file
and renamed into place, as the groups' databases are.
"""

import contextlib
import json
import os
import sqlite3
from pathlib import Path

from ..common.errors import BuildError
from .files import INSPECT_FILE

INDEX = "index.db"
SCHEMA = """
create table groups (name text primary key, sha256 text not null, sources integer not null,
                     claims integer not null, persons_held integer not null);
create table persons (id text primary key, name text not null, group_name text not null references groups(name),
                      sources_count integer, claims_count integer, conflicts_count integer, findings_count integer);
create table person_mentions (person_id text not null, group_name text not null references groups(name),
                              claims_count integer, held integer not null, primary key (person_id, group_name));
create index person_mentions_group on person_mentions(group_name);
"""


def write_group_index(out: Path, names: list[str], database: str) -> int:
    """Write ``out/index.db`` from ``out/<name>/<database>`` for each group; the number of persons held."""
    groups, held, mentions = [], {}, []
    for name in names:
        path = out / name / database
        inspect = json.loads(path.with_name(INSPECT_FILE).read_text(encoding="utf-8"))
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            subjects = {row[0] for row in db.execute("select distinct about from sources where about is not null")}
            rows = db.execute("select id, name, sources_count, claims_count, conflicts_count, findings_count "
                              "from persons order by id").fetchall()
            counts = [db.execute(f"select count(*) from {table}").fetchone()[0] for table in ("sources", "claims")]
        for row in rows:
            if row[0] in subjects:
                if row[0] in held:
                    raise BuildError(f"{out / INDEX}", f"{row[0]}'s documents are in groups {held[row[0]][0]} and "
                                                       f"{name}: a person's documents belong to one group")
                held[row[0]] = (name, row)
            mentions.append((row[0], name, row[3], int(row[0] in subjects)))
        groups.append((name, inspect[Path(database).stem]["hash"], *counts, len(subjects & {r[0] for r in rows})))
    for stale in out.glob(f".{INDEX}.*"):  # left by a killed run
        stale.unlink(missing_ok=True)
    staged = out / f".{INDEX}.{os.getpid()}"
    try:
        with contextlib.closing(sqlite3.connect(staged)) as db, db:  # closed, and committed first
            db.execute("pragma foreign_keys = on")
            db.executescript(SCHEMA)
            db.executemany("insert into groups values (?, ?, ?, ?, ?)", groups)
            db.executemany("insert into persons values (?, ?, ?, ?, ?, ?, ?)",
                           [(row[0], row[1], name, *row[2:]) for name, row in sorted(held.values(), key=lambda v: v[1][0])])
            db.executemany("insert into person_mentions values (?, ?, ?, ?)", sorted(mentions))
        os.replace(staged, out / INDEX)
    finally:
        staged.unlink(missing_ok=True)
    return len(held)
