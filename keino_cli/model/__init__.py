"""Pydantic models: criteria sets, procurement descriptions, profiles and assessment results."""
