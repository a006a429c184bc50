"""Report formats. Each takes the results of a run and returns text."""
