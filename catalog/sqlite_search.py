"""Full-text search on SQLite (the embedded default): an FTS5 index of each clip's
search_document, kept in step by triggers on the clips table, so a search reads the matching
clips' ids from the index instead of comparing every clip's text (PostgreSQL has its own GIN
index of search_vector).

The index is "external content": it stores only the words and the clip's id. Migrations that
rebuild the clips table on SQLite drop its triggers; `install` puts them back, and the suite
fails if a search misses a clip made after a migration.
"""

import re

from django.db import connections

TABLE = "catalog_asset_fts"
# Spelled out (no names pasted into SQL): the index, and the triggers that keep it in step.
_CREATE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS catalog_asset_fts USING fts5(search_document, "
    "content='catalog_videoasset', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')"
)
_TRIGGERS = {
    "catalog_asset_fts_insert": """
        CREATE TRIGGER IF NOT EXISTS catalog_asset_fts_insert
        AFTER INSERT ON catalog_videoasset BEGIN
            INSERT INTO catalog_asset_fts(rowid, search_document)
                VALUES (new.id, new.search_document);
        END""",
    "catalog_asset_fts_delete": """
        CREATE TRIGGER IF NOT EXISTS catalog_asset_fts_delete
        AFTER DELETE ON catalog_videoasset BEGIN
            INSERT INTO catalog_asset_fts(catalog_asset_fts, rowid, search_document)
                VALUES ('delete', old.id, old.search_document);
        END""",
    "catalog_asset_fts_update": """
        CREATE TRIGGER IF NOT EXISTS catalog_asset_fts_update
        AFTER UPDATE OF search_document ON catalog_videoasset BEGIN
            INSERT INTO catalog_asset_fts(catalog_asset_fts, rowid, search_document)
                VALUES ('delete', old.id, old.search_document);
            INSERT INTO catalog_asset_fts(rowid, search_document)
                VALUES (new.id, new.search_document);
        END""",
}
MATCH = "SELECT rowid FROM catalog_asset_fts WHERE catalog_asset_fts MATCH %s"
# Words as FTS5 sees them with the unicode61 tokenizer: runs of letters and digits.
_WORD = re.compile(r"\w+")
_available: dict[str, bool] = {}


def install(connection) -> None:
    """Make (or re-make) the index and its triggers, and fill it from the clips table."""
    with connection.cursor() as cursor:
        cursor.execute(_CREATE)
        for statement in _TRIGGERS.values():
            cursor.execute(statement)
        cursor.execute("INSERT INTO catalog_asset_fts(catalog_asset_fts) VALUES ('rebuild')")
    _available.pop(connection.alias, None)


def uninstall(connection) -> None:
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER IF EXISTS catalog_asset_fts_insert")
        cursor.execute("DROP TRIGGER IF EXISTS catalog_asset_fts_delete")
        cursor.execute("DROP TRIGGER IF EXISTS catalog_asset_fts_update")
        cursor.execute("DROP TABLE IF EXISTS catalog_asset_fts")
    _available.pop(connection.alias, None)


def available(alias: str) -> bool:
    """Whether the database `alias` has the index: an SQLite database migrated by an SQLite
    with FTS5."""
    if alias not in _available:
        if connections[alias].vendor != "sqlite":
            return False
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1 FROM sqlite_master WHERE name = %s", [TABLE])
            _available[alias] = cursor.fetchone() is not None
    return _available[alias]


def match_expression(text: str) -> str | None:
    """The words of `text` as an FTS5 query: every word, each also as the start of a longer
    one ("flood" finds "floods" and "flooding"), quoted so no word is read as an operator.
    None when `text` holds no word."""
    words = _WORD.findall(text.casefold())[:10]
    if not words:
        return None
    return " AND ".join(f'"{word}"*' for word in words)
