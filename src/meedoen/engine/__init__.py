"""Evidence engine: what works for whom. No Django imports."""
