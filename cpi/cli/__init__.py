"""The ``cpi`` command: parse arguments, call the build, publish and ingest layers, print results."""
