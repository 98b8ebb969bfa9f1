"""The crate: the library browser of the main window (sleeves, a record's page, the scan bar)."""

from app.ui.crate.crate_view import CrateView
from app.ui.crate.scan_bar import ScanBar

__all__ = ["CrateView", "ScanBar"]
