"""The web layer, above auth and below the domains: page helpers that ask the policy, static assets, help."""
