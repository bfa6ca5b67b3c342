"""The pages that belong to no one app: home, the dashboard, the accessibility
statement, the health check and the error pages."""
