"""Each session a mentor logged becomes a draft half-day claim for them to confirm.

Days used were worked out from session minutes; they are now approved claims. Rather
than guess what each session cost in days, the mentor sees a draft for each session
they logged and confirms it by sending it (changing it to a whole day, or deleting it,
where that is right). Nothing is lost: the sessions stay as they were."""

from django.db import migrations

BATCH = 1000
SUFFIX = " (to confirm)"


def _description(held_on) -> str:
    return f"Session on {held_on.day} {held_on:%B %Y}{SUFFIX}"


def sessions_to_drafts(apps, schema_editor):
    Session = apps.get_model("mentoring", "Session")
    DayClaim = apps.get_model("mentoring", "DayClaim")
    rows = (
        Session.objects.filter(logged_by__isnull=False, day_claims__isnull=True)
        .order_by("pk")
        .values_list("pk", "placement_id", "logged_by_id", "held_on", "created_at")
    )
    batch = []
    for pk, placement_id, mentor_id, held_on, created_at in rows.iterator(chunk_size=BATCH):
        batch.append(
            DayClaim(
                placement_id=placement_id,
                mentor_id=mentor_id,
                worked_on=held_on,
                length="half",
                purpose="session",
                session_id=pk,
                description=_description(held_on),
                status="draft",
                created_at=created_at,
            )
        )
        if len(batch) >= BATCH:
            DayClaim.objects.bulk_create(batch)
            batch = []
    DayClaim.objects.bulk_create(batch)


def delete_drafts(apps, schema_editor):
    DayClaim = apps.get_model("mentoring", "DayClaim")
    DayClaim.objects.filter(
        status="draft",
        purpose="session",
        session__isnull=False,
        description__startswith="Session on ",
        description__endswith=SUFFIX,
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("mentoring", "0012_day_claims"),
    ]

    operations = [migrations.RunPython(sessions_to_drafts, delete_drafts)]
