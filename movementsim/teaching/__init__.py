"""Teaching outputs: compare scenarios, report, animate, explain, and the figures they draw."""
