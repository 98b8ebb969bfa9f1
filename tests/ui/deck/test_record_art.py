import math

import pytest
from PySide6.QtGui import QColor, QImage

from app.core.record import RecordSize
from app.ui.deck.deck_geometry import LIGHT_AXIS_DEG
from app.ui.deck.record_art import label_colours, render_label, render_vinyl
from app.ui.theme import NIGHT
from app.visual.deck import LP, SINGLE
from tests.ui.deck.support import loud_and_quiet_map, make_side, solid_image

PX_PER_MM = 3.0
pytestmark = pytest.mark.usefixtures("qapp")  # lettering needs a QGuiApplication


def _lightness(image: QImage, radius_mm: float, angle_deg: float = LIGHT_AXIS_DEG) -> float:
    centre = image.width() / 2
    x = centre + radius_mm * PX_PER_MM * math.cos(math.radians(angle_deg))
    y = centre + radius_mm * PX_PER_MM * math.sin(math.radians(angle_deg))
    return QColor(image.pixel(int(x), int(y))).lightnessF()


def _mean_lightness(image: QImage, inner_mm: float, outer_mm: float) -> float:
    steps = 12
    return (
        sum(
            _lightness(image, inner_mm + (outer_mm - inner_mm) * (i + 0.5) / steps)
            for i in range(steps)
        )
        / steps
    )


def test_loud_grooves_catch_the_light_and_quiet_ones_stay_dark() -> None:
    side = make_side()
    image = render_vinyl(LP, loud_and_quiet_map(side), PX_PER_MM, NIGHT)
    band = side.layout.bands[1]
    middle = (band.outer_mm + band.inner_mm) / 2
    loud = _mean_lightness(image, middle + 2.0, band.outer_mm - 1.0)
    quiet = _mean_lightness(image, band.inner_mm + 1.0, middle - 2.0)
    assert loud > quiet + 0.05


def test_the_gaps_between_tracks_show_as_dark_rings() -> None:
    side = make_side()
    groove = loud_and_quiet_map(side)
    image = render_vinyl(LP, groove, PX_PER_MM, NIGHT)
    gap_mm = (side.layout.bands[0].inner_mm + side.layout.bands[1].outer_mm) / 2
    loud_mm = side.layout.bands[1].outer_mm - 1.5
    assert _lightness(image, gap_mm) < _lightness(image, loud_mm) - 0.05


def test_a_plain_record_is_evenly_grooved_and_the_shine_stands_towards_the_lamp() -> None:
    image = render_vinyl(LP, None, PX_PER_MM, NIGHT)
    assert _mean_lightness(image, 80, 90) == pytest.approx(
        _mean_lightness(image, 120, 130), abs=0.04
    )
    towards = _lightness(image, 110.0)
    across = _lightness(image, 110.0, LIGHT_AXIS_DEG + 90.0)
    assert towards > across + 0.1


def test_the_disc_is_round_with_a_hole() -> None:
    image = render_vinyl(SINGLE, None, PX_PER_MM, NIGHT)
    centre = image.width() // 2
    assert QColor.fromRgba(image.pixel(centre, centre)).alpha() == 0  # the jukebox hole
    assert QColor.fromRgba(image.pixel(0, 0)).alpha() == 0  # outside the disc
    inside = round(centre + 70 * PX_PER_MM)
    assert QColor.fromRgba(image.pixel(inside, centre)).alpha() == 255


def test_a_cover_label_is_cut_round() -> None:
    side = make_side()
    label = render_label(side, solid_image("#30a040"), LP, PX_PER_MM, NIGHT)
    size = label.width()
    assert size == math.ceil(2 * LP.label_radius_mm * PX_PER_MM)
    near_edge = QColor.fromRgba(label.pixel(size // 2, round(size * 0.2)))
    assert near_edge.green() > near_edge.red() and near_edge.alpha() == 255
    assert QColor.fromRgba(label.pixel(0, 0)).alpha() == 0  # the corner is cut away


def test_a_printed_label_keeps_its_record_colours_on_every_side() -> None:
    side_a, side_b = make_side("A"), make_side("B")
    assert label_colours(side_a) == label_colours(side_b)
    label = render_label(side_a, None, LP, PX_PER_MM, NIGHT)
    paper = label_colours(side_a)[0]
    sample = QColor.fromRgba(label.pixel(round(label.width() * 0.5), round(label.width() * 0.08)))
    assert abs(sample.hueF() - paper.hueF()) < 0.08 or paper.saturationF() < 0.1


def test_a_single_gets_an_adapter_in_its_wide_hole() -> None:
    side = make_side(size=RecordSize.SINGLE_7_INCH, durations=(200.0,))
    label = render_label(side, None, SINGLE, PX_PER_MM, NIGHT)
    centre = label.width() // 2
    ring = QColor.fromRgba(label.pixel(centre, round(centre - 5.5 * PX_PER_MM)))
    assert ring.alpha() == 255  # the adapter's brass ring, not a see-through hole
    x = centre + 14 * PX_PER_MM * math.cos(math.radians(30))  # the spokes stand at 90, 210, 330
    y = centre + 14 * PX_PER_MM * math.sin(math.radians(30))
    between_spokes = QColor.fromRgba(label.pixel(round(x), round(y)))
    assert between_spokes.alpha() == 0
