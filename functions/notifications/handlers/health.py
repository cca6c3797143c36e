"""GET /notifications/health: the function runs and reaches its database."""

from shared.health import health_endpoint

router, handler = health_endpoint("notifications", "/notifications/health")
