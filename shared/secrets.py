"""Secrets from AWS Secrets Manager through Powertools parameters (cached)."""

from __future__ import annotations

SECRET_CACHE_SECONDS = 300


def get_secret(arn: str) -> str:
    # Imported here: boto3 costs ~180 ms of cold start and only AWS deployments need it.
    from aws_lambda_powertools.utilities import parameters

    value = parameters.get_secret(arn, max_age=SECRET_CACHE_SECONDS)
    if isinstance(value, bytes):
        return value.decode()
    return str(value)
