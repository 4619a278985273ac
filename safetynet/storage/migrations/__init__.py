"""Alembic revisions of the store's schema (see ``safetynet.storage.store.upgrade_schema``).

Revision ``0002`` is the baseline: the schema version 2 that releases before
Alembic wrote (and the upgrade of a version-1 store to it). Every later
schema change is a revision here, numbered on from there, and each sets
``meta.schema_version`` to its number so that an older release refuses a
store it cannot read.
"""
