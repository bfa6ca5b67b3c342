from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and access"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_delete, post_save

        from accounts.middleware import start_idle_clock
        from config import dashboard

        user_logged_in.connect(start_idle_clock, dispatch_uid="accounts.start_idle_clock")
        # Here, where every process (web, worker, beat) connects them.
        for model in dashboard.sources():
            for event, signal in (("saved", post_save), ("deleted", post_delete)):
                signal.connect(
                    dashboard.figures_changed,
                    sender=model,
                    dispatch_uid=f"dashboard.{model._meta.label}.{event}",
                )
