"""Synthetic kabupaten: agency exports with ground truth, for demos and tests."""
