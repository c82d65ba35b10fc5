"""abduction-facts: check statements against a curated, sourced claims base."""

__version__ = "0.1.0"
