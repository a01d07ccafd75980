"""The groups family on SQLite: the shared one (store/sql/groups.py) with SQLite's own centres query."""

from __future__ import annotations

from collections.abc import Iterable

from ..sql.connection import select_in
from ..sql.groups import Groups


class SQLiteGroups(Groups):
    """GroupStore over SQLite."""

    def centres(self, group_ids: Iterable[int] | None = None) -> dict[int, int]:
        # SQLite takes a bare column from the row holding the MAX: each group's canonical statement (marked,
        # or, in groups stored before it was marked, the member with similarity 1)
        sql = "SELECT group_id, claim_id, MAX(canonical * 2 + similarity) FROM claim_groups{where} GROUP BY group_id"
        if group_ids is None:
            rows = self._db.execute(sql.format(where="")).fetchall()
        else:
            rows = select_in(
                self._db, sql.format(where=" WHERE group_id IN ({marks})"), sorted(set(group_ids))
            )
        return {g: c for g, c, _ in rows}
