"""Addresses are stored lower-cased since password resets arrived (a reset by address
compares lower-cased); this brings addresses stored before then in line."""

from django.db import migrations
from django.db.models.functions import Lower


def lower_emails(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    User.objects.exclude(email="").update(email=Lower("email"))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0007_email_index")]

    operations = [migrations.RunPython(lower_emails, migrations.RunPython.noop)]
