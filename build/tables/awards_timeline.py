"""``awards_timeline``: every award a source names, in date order, read straight from the claims.

It was a canned query grouping every award claim on each request: at 1,000 times the seeds
(24,038 award claims, 5,002 awards) that was 117 ms of SQL and a page of 200 rows, the slowest
page of the site, and a list that grows with the record with no next page.  Written once at
build time it is a table like the others: paginated, sorted by ``timeline_order`` through its
index, faceted, downloadable whole.

Nothing here is chosen by a rule: ``date`` is the narrowest date any claim gives (fewest days,
then the smallest value; every date given is in ``dates_given`` with its source), and
``conferred_by`` and ``place`` list every value the claims give.  The ``awards`` table holds the
value each rule chose.
"""

# One pass over the awards' claims (index claims_award_property), then the timeline's order.
# "disputed" is an IN over the conflicts' award ids, which SQLite lists once, not a correlated EXISTS:
# this runs before the build makes its other indexes, so that EXISTS scanned every conflict once per
# award (awards x conflicts: 1.8 s at 1,000x the seeds, a hundred times that at 10,000x; 0.1 s now).
# "is not null": an IN over a list holding NULL is NULL, not 0, for an award not in it.
# The narrowest date: the days it spans, zero-padded, in front of the value, so that the
# smallest string is the one wanted.
TIMELINE_SQL = """
insert into awards_timeline (award_id, timeline_order, year, date, award, conferred_by, place,
                             dates_given, sources, claims, disputed, status, awards)
with awards_named as (
  select
    award_id,
    max(subject_name) as award,
    group_concat(distinct source_id) as sources,
    count(*) as claims,
    group_concat(case when property = 'date' then value || ' (' || source_id || ')' end, '; ') as dates_given,
    group_concat(distinct case when property = 'conferred_by' then value_label end) as conferred_by,
    group_concat(distinct case when property = 'place' then value_label end) as place,
    min(case when property = 'date'
        then printf('%010d', julianday(date_end) - julianday(date_start)) || value end) as narrowest_date
  from claims
  where award_id is not null
  group by award_id
),
dated as (
  select a.*, substr(a.narrowest_date, 11) as date,
         a.award_id in (select award_id from source_conflicts where award_id is not null) as disputed
  from awards_named a
)
select
  award_id,
  row_number() over (order by date is null, date, award, award_id),
  substr(date, 1, 4),
  date, award, conferred_by, place, dates_given, sources, claims, disputed,
  case when disputed then 'disputed' else 'undisputed' end,
  1
from dated
order by 2
"""


def add_awards_timeline(db) -> None:
    """Fill ``awards_timeline`` from the ``claims`` and ``source_conflicts`` already written."""
    with db.conn:
        db.conn.execute(TIMELINE_SQL)
