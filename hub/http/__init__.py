"""What every HTTP endpoint shares: dependencies, problem+json errors, limits, metrics, paging."""
