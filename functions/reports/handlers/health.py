"""GET /reports/health: the function runs, reaches its database and its file store."""

from shared.health import health_endpoint

router, handler = health_endpoint("reports", "/reports/health", files=True)
