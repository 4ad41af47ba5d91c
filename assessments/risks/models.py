"""Models for Risks, benefits and exit strategy."""
