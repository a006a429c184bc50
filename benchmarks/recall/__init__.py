"""Recall by bug injection: see run.py."""
