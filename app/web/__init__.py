"""Web plumbing shared by every page: static assets."""
