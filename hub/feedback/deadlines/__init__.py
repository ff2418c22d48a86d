"""Deadlines in working days: the calendar, the public holidays, and the admin's holidays page."""
