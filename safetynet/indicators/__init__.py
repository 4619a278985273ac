"""Performance indicators: yearly targets, actuals and status, and their display tables."""
