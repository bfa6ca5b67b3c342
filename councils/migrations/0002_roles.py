from django.db import migrations

# The role kinds of DOMAIN.md. single_holder: one councillor at a time per
# committee or portfolio.
ROLES = [
    ("leader", "Leader", True),
    ("deputy-leader", "Deputy Leader", True),
    ("cabinet-member", "Cabinet member", True),
    ("group-leader", "Group leader", True),
    ("leader-of-the-opposition", "Leader of the Opposition", True),
    ("chair", "Chair", True),
    ("vice-chair", "Vice Chair", True),
    ("frontline", "Frontline (ward) councillor", False),
]


def add_roles(apps, schema_editor):
    Role = apps.get_model("councils", "Role")
    for order, (slug, name, single) in enumerate(ROLES):
        Role.objects.update_or_create(
            slug=slug, defaults={"name": name, "order": order, "single_holder": single}
        )


class Migration(migrations.Migration):
    dependencies = [("councils", "0001_initial")]
    operations = [migrations.RunPython(add_roles, migrations.RunPython.noop)]
