"""The one exception of the package: an expected, explainable failure with an actionable message."""


class StatsError(Exception):
    """An estimator cannot produce a result; the message names the wave, the input and the fix."""
