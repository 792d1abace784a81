"""The publish tests use the shared ``tiny_raw`` / ``tiny_build`` fixtures of tests/conftest.py."""
