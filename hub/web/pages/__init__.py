"""The officials' pages, one module per subject; each exposes `router`."""
