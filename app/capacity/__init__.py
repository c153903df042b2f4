"""Capacity building: trainee exchanges and events."""
