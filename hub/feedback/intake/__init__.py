"""Intake: the one way a citizen's feedback becomes a case (`filing`), with its photos and links."""
