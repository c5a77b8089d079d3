"""What every stage shares.

In: nothing of the other stages.  Out: ``BuildError`` and ``LayoutError``
(one-line errors naming the file and entry), ``load_yaml`` (hand-edited YAML
read safely, each mapping knowing its line), ``validate`` (pydantic schemas for
hand-edited input), dates and numbers as the sources write them, turned into
ISO 8601 values and intervals, and the text helpers.  Writes no table.
"""
