from django.db import migrations


class RunSQLOnPostgres(migrations.RunSQL):
    """RunSQL that runs on PostgreSQL only, for things SQLite has no equivalent of (GIN indexes).

    It leaves the migration state alone, so SQLite's table rebuilds never try to recreate it.
    """

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self):
        return "Raw SQL operation (PostgreSQL only)"
