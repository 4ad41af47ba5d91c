"""Models for Governance reports."""
