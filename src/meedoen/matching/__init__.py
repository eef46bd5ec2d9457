"""Matching and allocation. No Django imports."""
