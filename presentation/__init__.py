"""What the dashboard and the report share: the catalogue of strings (gettext .po through Babel),
locale-correct number formats, and the chart definitions (Vega-Lite specs, maps).

Imports nothing of the application (no streamlit, no cpi): both readers call it."""
