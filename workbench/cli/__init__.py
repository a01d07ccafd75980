"""The ``workbench`` command line: thin click commands over the library, one module per area, no SQL.

Commands that write act as an account (``--as NAME`` or ``$WORKBENCH_USER``): whoever runs them has the
database file, so no password is asked; the account's role decides what it may do.

Heavy modules (numpy, the embedding model, streamlit) are imported inside commands so ``workbench --help``
answers at once. The entry point is ``workbench.cli:cli``.
"""

from . import accounts, admin, archive, articles, feeds, groups, review  # noqa: F401  (each registers its commands)
from .common import cli

__all__ = ["cli"]
