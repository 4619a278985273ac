"""The briefing deck: its model and sections, and its PowerPoint and PDF files."""

# The case-analysis section registers itself beside the sections of deck.py.
from safetynet.briefing import cases as _cases  # noqa: F401
