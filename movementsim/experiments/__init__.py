"""Experiments: many runs of scenarios, from one sweep to a Sobol design on a cluster."""
