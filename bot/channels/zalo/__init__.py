"""Zalo Official Account API v3: the webhook (signed events), the consultation-message output, and
the OA's access token kept fresh with its rotating refresh token. There is no usable Zalo SDK: this
is our client, on httpx."""
