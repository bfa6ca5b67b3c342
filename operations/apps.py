from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "operations"
    verbose_name = "Operations"

    def ready(self):
        from django.db.backends.signals import connection_created

        from core.files import keep_sqlite_private

        connection_created.connect(keep_sqlite_private, dispatch_uid="core.keep_sqlite_private")
