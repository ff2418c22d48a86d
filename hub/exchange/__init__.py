"""Exchange with other systems (docs/exchange.md).

model.py, tables.py, repository.py   records, tables, SQL
source_format.py                     the source-system messages read field by field (no storage)
partners.py                          source systems, their partner accounts, their sign-in
sources.py                           use cases of the inbound messages 1–7 (the service)
media.py                             fetching and checking a source's audio link
source_api.py                        `/api/nguon/v1/…` in the format's style (TrangThaiGui)
upstream.py                          the outbox of device status and play logs sent upward
cap.py, cap_export.py                CAP 1.2 read (with XML-DSig) and written
alerts.py, feeds.py, cap_api.py      CAP import (file, POST, feeds) and export (`/cap/v1/alerts`)
endpoints.py, card.py, cli.py        the backlog API, the dashboard card, `ttcs source`, `ttcs cap`
"""
