"""Shared code for the book 'Russia and Iran in Syria, 2015-2021': the source text, the validated
dataset, cooperation metrics, figure styling and the Sphinx/myst-nb glue."""

__version__ = "0.1.0"
