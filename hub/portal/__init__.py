"""The citizen portal at `/`: choose a commune, read its bulletins, search; installable (PWA)."""
