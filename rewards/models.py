"""Nominations, council and decisions (issue: Awards)."""
