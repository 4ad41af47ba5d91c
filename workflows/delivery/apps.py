from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    name = "workflows.delivery"
    label = "delivery"
    verbose_name = "Milestones and delivery confidence"

    def ready(self):
        # What delivery adds to plans is listed in workflows/delivery/plugin.py. Here only the
        # receiver that fixes milestone baselines when a plan enters delivery: it listens to
        # the decision-log row the stage change writes, in the same transaction.
        from workflows.delivery import receivers

        receivers.connect()
