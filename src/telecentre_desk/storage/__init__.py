"""Persistence: SQLAlchemy 2 models, the engine, Alembic migrations, backups. No Qt."""
