"""Data migrations do what they say, on the database the suite runs on."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


@pytest.mark.django_db(transaction=True)
def test_addresses_stored_before_resets_are_lower_cased():
    executor = MigrationExecutor(connection)
    before = [("accounts", "0007_email_index")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("accounts", "User")
    old.objects.create(username="Admin", username_key="admin", email="Admin@Example.COM")
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    from crossnote.accounts.models import User

    assert User.objects.get(username="Admin").email == "admin@example.com"
