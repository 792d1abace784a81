"""Waves in: codebooks, data-file readers, the validation gate, identifiers and the raw store."""
