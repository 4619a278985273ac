"""The store: table specs, reading the shipped files, the database, its audit log, logins,
backups and the Alembic migrations of its schema."""
