"""The bookkeeping of a schema's migration steps that both backends share: the ordered set of named steps
and which of them are still to apply. Reading and writing the record of applied steps is each backend's
own (its table, its transactions): ``Migrations`` in store/sqlite/database.py and store/postgres/database.py."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


def workbench_version() -> str:
    """This installation's version of Claim Workbench (named when a database is newer than it)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("claim-workbench")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree without installing
        return "unknown"


@dataclass
class Migration:
    """One step of the schema: its name (the function's) and the function that takes a Database."""

    name: str
    fn: Callable


class MigrationSet:
    """An ordered set of named schema steps; a backend's subclass says which are applied and applies them."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._migrations: list[Migration] = []

    def __call__(self, *, name: str | None = None) -> Callable:
        """Decorator: ``@migrations()`` adds the function as the next step."""

        def add(fn: Callable) -> Callable:
            step = name or fn.__name__
            if any(m.name == step for m in self._migrations):
                raise ValueError(f"migration {step!r} is already in set {self.name!r}")
            self._migrations.append(Migration(step, fn))
            return fn

        return add

    @property
    def names(self) -> list[str]:
        """Every step's name, in order."""
        return [m.name for m in self._migrations]

    def applied(self, db) -> list[str]:
        """The names of this set's steps applied to ``db``, in the order they were applied."""
        raise NotImplementedError

    def pending(self, db) -> list[Migration]:
        """The steps not applied to ``db`` yet, in order."""
        done = set(self.applied(db))
        return [m for m in self._migrations if m.name not in done]
