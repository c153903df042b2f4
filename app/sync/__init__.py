"""Federation: node instances that work offline and sync with the hub (issue 12, API.md "Sync")."""
