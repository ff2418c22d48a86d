"""Storage: SQLAlchemy 2 engine, imperative ORM mapping of the domain classes, unit of work, Alembic."""
