"""Models for Case library."""
