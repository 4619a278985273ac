"""Reusable Streamlit UI pieces: sidebar, data access with caching, KPI cards, tables, map."""
