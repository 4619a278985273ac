"""Alembic's environment for the store: migrations run on a connection the caller gives.

``safetynet.storage.store`` passes the connection of its locked write transaction in
``config.attributes["connection"]``; the revisions then run inside that
transaction and commit or roll back with it. Run by Alembic's own command
line, the store URL is ``$SAFETYNET_DATABASE_URL`` (as for the app).
"""

from __future__ import annotations

from alembic import context

connection = context.config.attributes.get("connection")
if connection is None:  # Alembic's command line: open the configured store
    from safetynet.storage.store import create_engine, database_url

    engine = create_engine(database_url())
    with engine.begin() as conn:
        context.configure(connection=conn)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()
else:
    context.configure(connection=connection)
    with context.begin_transaction():
        context.run_migrations()
