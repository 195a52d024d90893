"""The fuzz campaign of issue 11 as a test asset: seeded generators of valid and malformed
facts files (:mod:`.generators`), a runner counting tracebacks, check/render disagreements,
leaks, lost figures and reports without their period (:mod:`.campaign`), and the long run
``python -m tests.fuzz --n 10000 --seed 1`` (see docs/reliability.md). tests/test_fuzz.py
runs a bounded number in the normal suite."""
