"""Helpers shared by every app (below hospitals in the app graph; imports only Django):
list exports, filter widgets, admin helpers and the project's system checks."""
