"""The briefing deck: its model and sections, and its PowerPoint and PDF files."""

# Every section registers itself with the deck model when its module is imported.
from safetynet.briefing import sections as _sections  # noqa: F401
