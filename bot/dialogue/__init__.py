"""The channel-neutral dialogue: a stored conversation, a message understood by the NLU, replies of
text and choices. Channels render the choices as buttons; the hotline reads them as "bấm phím N"."""
