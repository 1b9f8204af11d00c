"""Reports say what they are about in a column that survives deletions, and the database
keeps one open report per reporter, person and subject."""

from django.db import migrations, models


def fill_subjects(apps, schema_editor):
    """Old rows: a comment report, then a note report, then a person report. Open duplicates
    (filed twice before this migration, or made alike when a note was deleted) stay open and
    visible, each marked with its own id so the new constraint holds."""
    Report = apps.get_model("moderation", "Report")
    taken = set()
    for report in Report.objects.order_by("id").iterator():
        if report.comment_id is not None:
            subject = f"comment:{report.comment_id}"
        elif report.note_id is not None:
            subject = f"note:{report.note_id}"
        else:
            subject = "person"
        key = (report.reporter_id, report.person_id, subject)
        if report.state == "open":
            if key in taken:
                subject = f"{subject}#{report.pk}"
            taken.add(key)
        Report.objects.filter(pk=report.pk).update(subject=subject)


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0005_restore_kinds"),
    ]

    operations = [
        migrations.AddField(
            model_name="report",
            name="subject",
            field=models.CharField(default="", editable=False, max_length=40),
            preserve_default=False,
        ),
        migrations.RunPython(fill_subjects, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="report",
            constraint=models.UniqueConstraint(
                condition=models.Q(("state", "open")),
                fields=("reporter", "person", "subject"),
                name="one_open_report_per_subject",
            ),
        ),
    ]
