"""In-app notices and their e-mail: a reminder is created once, by its key, and mailed once."""
