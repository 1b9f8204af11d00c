"""Board names are distinct per person, ignoring case. Boards that already share a name get
a number appended first (" 2", " 3"), so the constraint can be added to any database."""

import django.db.models.functions.text
from django.conf import settings
from django.db import migrations, models


def number_duplicates(apps, schema_editor):
    Board = apps.get_model("engagement", "Board")
    seen: set[tuple[int, str]] = set()
    for board in Board.objects.order_by("owner_id", "id").iterator():
        base, n = board.name, 1
        name = base
        while (board.owner_id, name.casefold()) in seen:
            n += 1
            name = f"{base[: 40 - len(str(n)) - 1]} {n}"
        seen.add((board.owner_id, name.casefold()))
        if name != board.name:
            Board.objects.filter(pk=board.pk).update(name=name)


class Migration(migrations.Migration):
    dependencies = [
        ("engagement", "0002_comment_is_answer"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(number_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="board",
            constraint=models.UniqueConstraint(
                models.F("owner"),
                django.db.models.functions.text.Lower("name"),
                name="unique_board_name",
            ),
        ),
    ]
