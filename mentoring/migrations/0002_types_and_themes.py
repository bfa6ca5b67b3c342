from decimal import Decimal

from django.db import migrations

# The IDeA programme's mentoring types and cost bands (seed 003).
TYPES = [
    # slug, name, cost from, cost to, mentor council rule, same party, min, max, group
    ("one-to-one", "One-to-one mentoring", "2600", "3800", "other", False, 1, 1, False,
     "One accredited peer mentor from another council with one councillor."),
    ("councillor-role", "Councillor role mentoring", "4400", "6900", "other", False, 2, 10, True,
     "An action-learning group of councillors with similar roles and one peer mentor."),
    ("political-group", "Political group mentoring", "4000", "7000", "other", True, 1, 60, True,
     "A mentor of the same party works with a political group facing change."),
    ("induction-buddy", "Induction (buddy) mentoring", "3100", "3100", "same", False, 1, 10, True,
     "Experienced councillors of the same council buddy newly elected ones."),
    ("ward-visit", "Ward visit", "500", "1200", "other", False, 1, 1, False,
     "A one-off diagnostic with a ward map of local issues and a report."),
]

THEMES = [
    "Leadership and vision",
    "Chairing meetings",
    "Scrutiny and challenge",
    "Working with officers",
    "Budget and finance",
    "Community leadership",
    "Dealing with the media",
    "Political group working",
    "Casework and ward work",
    "Governance and decision-making",
    "Personal resilience",
]


def add(apps, schema_editor):
    MentoringType = apps.get_model("mentoring", "MentoringType")
    Theme = apps.get_model("mentoring", "Theme")
    for order, (slug, name, low, high, rule, party, least, most, group, desc) in enumerate(TYPES):
        MentoringType.objects.update_or_create(
            slug=slug,
            defaults=dict(
                name=name,
                cost_from=Decimal(low),
                cost_to=Decimal(high),
                mentor_council_rule=rule,
                same_party=party,
                min_mentees=least,
                max_mentees=most,
                is_group=group,
                description=desc,
                order=order,
            ),
        )
    for order, name in enumerate(THEMES):
        Theme.objects.update_or_create(name=name, defaults={"order": order})


class Migration(migrations.Migration):
    dependencies = [("mentoring", "0001_initial")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
