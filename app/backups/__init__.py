"""Backups: a consistent copy of the database and the data folders, with a SHA-256 manifest, and restore."""
