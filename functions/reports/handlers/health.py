"""GET /reports/health: the function runs and reaches its database."""

from shared.health import health_endpoint

router, handler = health_endpoint("reports", "/reports/health")
