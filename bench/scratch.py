"""Scratch databases for benchmarks: never the one in DATABASE_URL."""


def create_scratch_database(url: str) -> None:
    """Drop and create the PostgreSQL database `url` names; SQLite files need nothing."""
    if not url.startswith("postgres"):
        return
    import dj_database_url
    import psycopg

    db = dj_database_url.parse(url)
    admin = psycopg.connect(
        host=db["HOST"],
        port=db["PORT"] or 5432,
        user=db["USER"],
        password=db["PASSWORD"],
        dbname="postgres",
        autocommit=True,
    )
    admin.execute(f'DROP DATABASE IF EXISTS "{db["NAME"]}"')
    admin.execute(f'CREATE DATABASE "{db["NAME"]}"')
    admin.close()
