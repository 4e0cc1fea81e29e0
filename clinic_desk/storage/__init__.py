"""Storage: SQLAlchemy rows, repositories and the unit of work (SQLite or PostgreSQL)."""
