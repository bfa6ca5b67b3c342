from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = "Pages of the whole site"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from core.cache import figures_changed
        from pages import dashboard

        # Here, where every process (web, worker, beat) connects them: a change made
        # by a task or a management command starts a new generation of figures too.
        for model in dashboard.sources():
            for event, signal in (("saved", post_save), ("deleted", post_delete)):
                signal.connect(
                    figures_changed,
                    sender=model,
                    dispatch_uid=f"figures.{model._meta.label}.{event}",
                )
