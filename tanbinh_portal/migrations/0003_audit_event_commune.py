"""The audit log becomes each commune's own (issue 15): every event records its commune.

A portal before this change held one commune: its existing events are that commune's. (The
dependency on campaigns is of the migration graph only, for the commune table; this package imports
no app.)
"""

from django.db import migrations, models


def events_of_the_single_commune(apps, schema_editor):
    communes = list(apps.get_model("campaigns", "Commune").objects.values_list("pk", flat=True)[:2])
    if len(communes) == 1:
        apps.get_model("tanbinh_portal", "AuditEvent").objects.update(commune_id=communes[0])


class Migration(migrations.Migration):
    dependencies = [
        ("tanbinh_portal", "0002_notification_email_status"),
        ("campaigns", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="commune_id",
            field=models.PositiveBigIntegerField(blank=True, db_index=True, null=True, verbose_name="Xã"),
        ),
        migrations.RunPython(events_of_the_single_commune, migrations.RunPython.noop),
    ]
