"""Officials in chat: their chat account linked to their hub account, and their commands."""
