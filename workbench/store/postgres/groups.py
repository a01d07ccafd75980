"""The groups family on PostgreSQL: the shared one (store/sql/groups.py) with PostgreSQL's own centres query."""

from __future__ import annotations

from ..sql.groups import Groups


class PGGroups(Groups):
    """GroupStore over PostgreSQL."""

    def centres(self) -> dict[int, int]:
        # each group's canonical statement (marked, or, in groups stored before it was marked, the member
        # with similarity 1): the first row per group by that order; on a tie, the lowest claim id
        return dict(
            self._db.execute(
                "SELECT DISTINCT ON (group_id) group_id, claim_id FROM claim_groups"
                " ORDER BY group_id, canonical * 2 + similarity DESC, claim_id"
            ).fetchall()
        )
