"""Checking data before it is stored: problems, one table against its spec, a whole city."""
