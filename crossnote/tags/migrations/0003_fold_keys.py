"""Tag keys now fold Traditional into Simplified. Recompute them; where two tags now share a
key, the newer becomes an alias of the older and keeps its old key."""

from django.db import migrations


def fold(apps, schema_editor):
    from crossnote.tags.parsing import tag_key

    Hashtag = apps.get_model("tags", "Hashtag")
    taken = {}
    for tag in Hashtag.objects.order_by("id"):
        key = tag_key(tag.name)
        if key in taken and taken[key] != tag.pk:
            tag.canonical_id = taken[key]
            tag.save(update_fields=["canonical"])
            continue
        taken[key] = tag.pk
        if tag.key != key:
            tag.key = key
            tag.save(update_fields=["key"])


class Migration(migrations.Migration):
    dependencies = [("tags", "0002_aliases")]
    operations = [migrations.RunPython(fold, migrations.RunPython.noop)]
