"""sahel-tui: a terminal intelligence browser for conflict analysts following the Sahel."""

__version__ = "0.1.0"
