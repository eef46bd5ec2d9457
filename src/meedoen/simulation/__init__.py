"""Synthetic municipality and policy microsimulation. No Django imports."""
