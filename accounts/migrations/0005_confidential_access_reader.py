from django.db import migrations, models


def readers_as_they_are(apps, schema_editor):
    """Earlier readings are named by the account's email now: the best there is."""
    ConfidentialAccess = apps.get_model("accounts", "ConfidentialAccess")
    User = apps.get_model("accounts", "User")
    emails = dict(User.objects.values_list("pk", "email"))
    for user_id in ConfidentialAccess.objects.values_list("user_id", flat=True).distinct():
        # The model's manager refuses updates (append-only); the historical one does not.
        ConfidentialAccess.objects.filter(user_id=user_id).update(reader_email=emails[user_id])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_confidential_access_recent_index")]

    operations = [
        migrations.AddField(
            model_name="confidentialaccess",
            name="reader_email",
            field=models.EmailField(
                default="", max_length=254, verbose_name="reading account's email address"
            ),
            preserve_default=False,
        ),
        migrations.RunPython(readers_as_they_are, migrations.RunPython.noop),
    ]
