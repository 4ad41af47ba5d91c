"""Signals other apps listen to (notifications), so workflows does not import them."""

from django.dispatch import Signal

# Sent after the transaction that changed a plan's stage commits: plan_id, decision_id.
stage_changed = Signal()
