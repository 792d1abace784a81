"""One build: discover waves, decide whether anything changed, run the stages, hand over to publish."""
