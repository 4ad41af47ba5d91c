"""Models for Success framework and assessments."""
