"""Data requests, their deliveries, and T+1 measured from SatCloud's push log."""
