"""meedoen: a platform for a realistic activation policy."""

__version__ = "0.1.0"
