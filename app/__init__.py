"""Starlight Turntable: a desktop music player shaped like a turntable."""
