"""Stored glosses from the first offline engine are dropped: issue 10 rewrote the gloss, and
stored translations are keyed by source text, not by engine version, so old word salad would
otherwise be shown until each note is edited. A gloss costs nothing to make again; stored
translations from other engines are kept."""

from django.db import migrations


def forget_old_glosses(apps, schema_editor):
    apps.get_model("translation", "Translation").objects.filter(engine="offline").delete()


class Migration(migrations.Migration):
    dependencies = [("translation", "0001_initial")]

    operations = [migrations.RunPython(forget_old_glosses, migrations.RunPython.noop)]
