"""The plan: its models, units, deadlines and periods, and the rules its files must keep."""
