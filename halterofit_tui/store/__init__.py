"""Local store: SQLModel tables, engine, migrations and repositories."""
