"""Extraction rules: each module turns readout text into one kind of field."""
