"""Look-alike usernames are refused (accounts.usernames.username_skeleton): every account
gets the TR39 skeleton of its name. Where existing accounts already look alike, the oldest
keeps the skeleton and the later ones keep their names with none (NULL), so the unique
index of the next migration can be built and nobody new can take that skeleton.

Skeletons follow ICU's Unicode data: should an ICU upgrade change some, a data migration
like this one recomputes them."""

from django.db import migrations, models

from crossnote.accounts.usernames import username_skeleton

BATCH = 1000


def backfill(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    seen: set[str] = set()
    batch = []
    for user in User.objects.order_by("pk").only("pk", "username").iterator(chunk_size=BATCH):
        skeleton = username_skeleton(user.username)
        user.username_skeleton = None if skeleton in seen else skeleton
        seen.add(skeleton)
        batch.append(user)
        if len(batch) >= BATCH:
            User.objects.bulk_update(batch, ["username_skeleton"])
            batch = []
    User.objects.bulk_update(batch, ["username_skeleton"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0008_lowercase_emails")]

    operations = [
        migrations.AddField(
            model_name="user",
            name="username_skeleton",
            field=models.TextField(editable=False, null=True),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
