"""Staffing: approved and hired posts, the what-if planner, its presets and saved scenarios."""
