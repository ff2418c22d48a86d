"""Chat channels: each an adapter with an inbound side (the platform's payload → one `Inbound`) and
an outbound side (an output that sends text, buttons where the platform has them)."""
