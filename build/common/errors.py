"""Errors the build reports to a curator as one readable line.

Every problem with the inputs becomes a ``BuildError`` naming *where* (a file, and
the entry or line inside it) and *what* is wrong.  The command line prints
``str(error)`` and exits non-zero; tracebacks are only shown with ``--debug``.
"""


class BuildError(Exception):
    """A problem with the build's inputs, reported as ``file: entry: problem``."""

    def __init__(self, where: str, problem: str, entry: str | None = None):
        self.where = where
        self.entry = entry
        self.problem = problem
        super().__init__(str(self))

    def __str__(self) -> str:
        parts = [self.where]
        if self.entry:
            parts.append(self.entry)
        parts.append(self.problem)
        # One line, always: a newline inside a quoted value must not split it.
        return ": ".join(parts).replace("\r", " ").replace("\n", " ")

    def __reduce__(self):
        # Whole across processes (a worker of the process pool or of a cluster raises it): pickle's
        # default would call the class with the message alone.
        return _rebuild, (type(self), dict(self.__dict__))


def _rebuild(cls, state: dict) -> BuildError:
    error = Exception.__new__(cls)
    error.__dict__.update(state)
    Exception.__init__(error, str(error))
    return error


class LayoutError(BuildError):
    """A source document whose layout a parser does not recognise.

    ``where`` is ``source <id>``; the problem says what was expected where.
    """

    def __init__(self, source_id: str, problem: str):
        super().__init__(f"source {source_id}", problem)
        self.source_id = source_id
