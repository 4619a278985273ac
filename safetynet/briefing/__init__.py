"""The briefing deck: its model and sections, and its PowerPoint and PDF files."""
