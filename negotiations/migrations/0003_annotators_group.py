from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "annotators"
PERMISSION = "annotate_statement"


def create_group(apps, schema_editor):
    # Permissions are normally created after all migrations ran; the group needs its one now.
    app_config = apps.get_app_config("negotiations")
    # A migration's app config is a stub without models_module, which create_permissions
    # takes as "this app has no models".
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(Permission.objects.get(content_type__app_label="negotiations", codename=PERMISSION))


def remove_permission(apps, schema_editor):
    # The group may hold people; only take back what this migration gave it.
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name=GROUP):
        group.permissions.remove(*group.permissions.filter(codename=PERMISSION))


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("negotiations", "0002_annotate_permission"),
    ]

    operations = [migrations.RunPython(create_group, remove_permission)]
