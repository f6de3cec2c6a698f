"""ipcity: a city's work plan as version-controlled data."""

__version__ = "0.1.0"
