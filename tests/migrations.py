"""Running the real migrations inside a test: to a past state, and back to the latest."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(targets):
    """Migrate the test database to `targets`; return the apps registry of that state."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def migrate_to_latest():
    """Leave the database as every other test expects it."""
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
