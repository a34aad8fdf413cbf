"""Alembic environment: runs on the connection handed over by halterofit_tui.store.migrate."""

from alembic import context

connection = context.config.attributes["connection"]
# Batch mode: SQLite can only change most column definitions by rebuilding the table.
context.configure(connection=connection, render_as_batch=True, transaction_per_migration=True)
with context.begin_transaction():
    context.run_migrations()
