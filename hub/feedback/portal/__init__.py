"""The citizens' web side of feedback, without an account: the portal pages, their API, web filing."""
