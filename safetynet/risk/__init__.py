"""Risk-type shares of vulnerable-family cases."""
