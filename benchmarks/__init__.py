"""Benchmarks: `make bench` (python -m benchmarks). Each prints its figures next to a baseline
measured in the same run, on this machine."""
