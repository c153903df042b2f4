"""Generated reports: one snapshot of figures, drawn as PDFs, dashboards, exports and the public page."""
