"""readout-site: a static site generator for archives of diplomatic readouts."""

__version__ = "0.1.0"
