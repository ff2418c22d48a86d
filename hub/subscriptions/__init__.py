"""Subscriptions: citizens who asked to be told of new bulletins of an area, on their chat channel."""
