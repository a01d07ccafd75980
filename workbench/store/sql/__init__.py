"""The store's table families written once for both backends: each class runs the same SQL on SQLite and
on PostgreSQL, over the small connection interface in ``connection.py``. Statements use ``?`` placeholders
and SQL both dialects read (``ON CONFLICT``, ``IS DISTINCT FROM``, ``CAST``); PostgreSQL's adapter turns
``?`` into ``%s``. Where the dialects really differ (an id list, a group's canonical member), a family has
one small method that ``store/sqlite/`` and ``store/postgres/`` override."""
