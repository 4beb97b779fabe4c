"""The forward plan: notices of proposed decisions, from the workspace (services, forms, views)
to the public's pages and feeds (public)."""
