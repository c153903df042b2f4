"""The home page and the health check: pages that span every domain."""
