"""The groups family on PostgreSQL: the shared one (store/sql/groups.py) with PostgreSQL's own centres query."""

from __future__ import annotations

from collections.abc import Iterable

from ..sql.connection import select_in
from ..sql.groups import Groups


class PGGroups(Groups):
    """GroupStore over PostgreSQL."""

    def centres(self, group_ids: Iterable[int] | None = None) -> dict[int, int]:
        # each group's canonical statement (marked, or, in groups stored before it was marked, the member
        # with similarity 1): the first row per group by that order; on a tie, the lowest claim id
        sql = (
            "SELECT DISTINCT ON (group_id) group_id, claim_id FROM claim_groups{where}"
            " ORDER BY group_id, canonical * 2 + similarity DESC, claim_id"
        )
        if group_ids is None:
            return dict(self._db.execute(sql.format(where="")).fetchall())
        return dict(
            select_in(self._db, sql.format(where=" WHERE group_id IN ({marks})"), sorted(set(group_ids)))
        )
