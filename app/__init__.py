"""Starlight Turntable: a desktop music player shaped like a turntable."""

__version__ = "0.1.0"
