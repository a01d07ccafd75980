"""The groups family on SQLite: the shared one (store/sql/groups.py) with SQLite's own centres query."""

from __future__ import annotations

from ..sql.groups import Groups


class SQLiteGroups(Groups):
    """GroupStore over SQLite."""

    def centres(self) -> dict[int, int]:
        # SQLite takes a bare column from the row holding the MAX: each group's canonical statement (marked,
        # or, in groups stored before it was marked, the member with similarity 1)
        return {
            g: c
            for g, c, _ in self._db.execute(
                "SELECT group_id, claim_id, MAX(canonical * 2 + similarity) FROM claim_groups GROUP BY group_id"
            )
        }
