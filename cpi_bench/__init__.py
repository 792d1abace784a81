"""The benchmark (``cpi bench``, ``make bench``): a tool beside the pipeline.

It generates scaled synthetic waves from the demo waves, runs ``cpi build`` on them in a child
process while sampling the memory of that process and all its children, and times two
independent computations of the same item scores (a hand-written DuckDB query: the floor; a
pandas script: what a user would write). The pipeline (``cpi``) never imports this package (``cpi bench`` is an entry point).
"""
