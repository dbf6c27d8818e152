"""yangguang (阳光): let public power run in the sunlight."""

__version__ = "0.1.0"
