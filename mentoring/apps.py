from django.apps import AppConfig


class MentoringConfig(AppConfig):
    name = "mentoring"
    verbose_name = "Mentoring"

    def ready(self):
        from accounts.signals import record_linked
        from mentoring.pair_access import account_linked

        record_linked.connect(account_linked, dispatch_uid="mentoring.pair_access")
