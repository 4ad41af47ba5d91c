"""Models for Notifications and reminders."""
