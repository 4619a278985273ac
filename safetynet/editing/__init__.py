"""Changing the data: editors' save plans, imports of CSV/Excel, normalising names, exports."""
