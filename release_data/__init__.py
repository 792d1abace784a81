"""The one door to a published release: every read of the dashboard and of the report.

A release (``OUT/releases/<id>.duckdb``, published through the ``OUT/cpi.duckdb`` pointer) is
opened read-only by ``connection.Release``, which first checks that the file IS a published
release (``connection.check_release``). The reads are grouped by subject, one function per read,
each taking the ``Release`` first and returning a pandas frame whose columns its docstring lists:

* ``meta``: build info, the waves, which tables exist, weighting and population margins;
* ``labels``: the label seeds (``reference``) and the dims' names of items and regions;
* ``indicators``: the composite and the four indicators, their series, changes, contributions;
* ``items``: the index items' scores and their changes;
* ``groups``: answer distributions, indicators and items by social group, sample profile,
  factor differences;
* ``regions``: indicators by region, the regional clusters;
* ``projects``: awareness of and attitude to the projects;
* ``information``: sources, the funnel, multi-response questions, friendly countries.

This package imports neither Streamlit (the dashboard caches around it) nor the pipeline
(``cpi`` / ``ingest``): it reads files the pipeline wrote, nothing else.
"""
