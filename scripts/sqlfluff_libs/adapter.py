"""Stand-in for dbt's ``adapter`` in SQLFluff's Jinja templater (``make lint``).

``adapter.dispatch('name', 'cpi')(args...)`` renders as the call ``name(args...)``, which lints
like the engine-specific expression the dispatched macro produces in a real build.
"""


def dispatch(name, macro_namespace=None):
    def call(*args):
        return f"{name}({', '.join(str(a) for a in args)})"

    return call
