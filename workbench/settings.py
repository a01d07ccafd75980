"""Settings that stay, in the database: the desk's (organisation, fact-check address template, verdict words),
which an admin changes, and each account's own preferences (its verdict words, its queue filters).

The command line's options and ``WORKBENCH_*`` variables override the desk's settings for one command; the
app reads them from here on every page, so revisiting a page never clears them.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from .accounts import acting
from .records import (
    DEFAULT_LABELS,
    AccessDenied,
    Account,
    DeskSettings,
    SettingsError,
    check_labels,
    check_url_template,
    utc_now,
)

if TYPE_CHECKING:
    from .store.base import Store

DESK_KEYS = ("organisation", "url_template", "labels")
# An account's preferences: the verdict words it reads ("" follows the desk) and its queue filters (JSON).
PREFERENCE_KEYS = ("labels", "queue_filters")
MAX_VALUE = 2000  # characters of one stored setting


def desk_settings(db: Store) -> DeskSettings:
    """The desk's settings as stored (defaults for those never set)."""
    stored = db.settings.desk()
    settings = DeskSettings(**{k: stored[k] for k in DESK_KEYS if k in stored})
    if settings.labels not in ("en", "de"):  # written by a later version, say: fall back, never fail a page
        settings.labels = DEFAULT_LABELS
    return settings


def _text(value: str, what: str) -> str:
    if not isinstance(value, str) or len(value) > MAX_VALUE:
        raise SettingsError(f"the {what} must be text of at most {MAX_VALUE} characters")
    return value.strip()


def set_desk_settings(
    db: Store,
    by: Account | str | None,
    *,
    organisation: str | None = None,
    url_template: str | None = None,
    labels: str | None = None,
) -> DeskSettings:
    """Change the desk's settings (an admin's change; ``None`` keeps a setting). A bad template or label
    language raises SettingsError and changes nothing."""
    values = {}
    if organisation is not None:
        values["organisation"] = " ".join(_text(organisation, "organisation").split())
    if url_template is not None:
        values["url_template"] = check_url_template(_text(url_template, "URL template"))
    if labels is not None:
        values["labels"] = check_labels(labels)
    with db.write():
        actor = acting(db, by, "desk_settings")
        now = utc_now()
        for key, value in values.items():
            db.settings.set_desk(key, value, actor.name, now)
    return desk_settings(db)


def _own(db: Store, account: Account | str | None) -> Account:
    """The stored, active account whose preferences these are."""
    name = account.name if isinstance(account, Account) else (account or "")
    stored = db.accounts.get(name.strip().lower()) if name.strip() else None
    if stored is None or not stored.active:
        raise AccessDenied("sign in to keep your preferences")
    return stored


def preferences(db: Store, account: Account | str) -> dict[str, str]:
    """An account's own preferences, by key (keys never set are absent)."""
    return db.settings.preferences(_own(db, account).id)


def set_preference(db: Store, account: Account | str, key: str, value: str) -> None:
    """Keep one of an account's own preferences (PREFERENCE_KEYS); only the account itself sets them."""
    if key not in PREFERENCE_KEYS:
        raise SettingsError(f"unknown preference {key!r}; choose one of {', '.join(PREFERENCE_KEYS)}")
    value = _text(value, key)
    if key == "labels" and value:
        value = check_labels(value)
    with db.write():
        db.settings.set_preference(_own(db, account).id, key, value)


def labels_for(db: Store, account: Account | str | None) -> str:
    """The verdict-word language an account reads: its own preference, else the desk's."""
    own = ""
    if account:
        try:
            own = preferences(db, account).get("labels", "")
        except AccessDenied:
            own = ""
    return own if own in ("en", "de") else desk_settings(db).labels


def queue_filters(db: Store, account: Account | str) -> dict:
    """An account's last queue filters (article, group, statuses, last reviewer); {} when none were kept."""
    try:
        stored = json.loads(preferences(db, account).get("queue_filters", "") or "{}")
    except (ValueError, AccessDenied):
        return {}
    return stored if isinstance(stored, dict) else {}


def keep_queue_filters(db: Store, account: Account | str, filters: dict) -> None:
    """Keep an account's queue filters for its next visit (only when they changed: no write per page view)."""
    if queue_filters(db, account) != filters:
        set_preference(db, account, "queue_filters", json.dumps(filters, sort_keys=True))
