"""Creates the portal's role groups and the dated award-form rules (reference data)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from campaigns.reference_data import AWARD_FORMS, ROLES, ensure_reference_data


def forwards(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    ensure_reference_data(
        Group=apps.get_model("auth", "Group"),
        Permission=apps.get_model("auth", "Permission"),
        AwardForm=apps.get_model("campaigns", "AwardForm"),
    )


def backwards(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()
    apps.get_model("campaigns", "AwardForm").objects.filter(code__in=[row[0] for row in AWARD_FORMS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
