"""Scheduled jobs: run by `flask --app wsgi scheduler` in its own process, never by web workers."""
