"""The unique index that makes refusing look-alike usernames race-free (apart from the
backfill in 0009, so PostgreSQL builds it after that data migration has committed)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("accounts", "0009_username_skeleton")]

    operations = [
        migrations.AddConstraint(
            model_name="user",
            constraint=models.UniqueConstraint(
                fields=("username_skeleton",), name="unique_username_skeleton"
            ),
        ),
    ]
