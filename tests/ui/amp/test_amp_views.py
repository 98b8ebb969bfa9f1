import itertools
import math

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QImage, QRegion
from PySide6.QtWidgets import QWidget

from app.ui.amp import AmplifierPanel, AnalyserStyle, MeterMode, SpectrumView, VuMeterView
from app.ui.amp.analyser_geometry import analyser_geometry
from app.ui.amp.dial_geometry import dial_geometry, figure_centre, ppm_figure_px
from app.ui.amp.meter_dial import (
    ANGLE_MAX_DEG,
    ANGLE_MIN_DEG,
    angle_of_fraction,
    needle_angle_deg,
    ppm_marks,
    vu_marks,
)
from app.ui.amp.panel_layout import panel_layout
from app.ui.amp.segments import (
    THIRD_OCTAVE_CENTRES_HZ,
    frequency_labels,
    grouped_max,
    lit_segment_count,
    lit_segment_counts,
    segment_plan,
    thin_labels,
)
from app.ui.theme import DAY, NIGHT
from app.visual.meter_scale import dbfs_of_ppm_mark, dbfs_of_vu

TWELFTH_OCTAVE_HZ = [1000.0 * 2.0 ** (k / 12) for k in range(-68, 52)]  # 120 bands, 20 Hz-19 kHz


class PaintCounter(QObject):
    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def _render(widget: QWidget, dpr: float = 1.0) -> QImage:
    image = QImage(
        round(widget.width() * dpr), round(widget.height() * dpr), QImage.Format.Format_ARGB32
    )
    image.fill(QColor(255, 0, 255))
    image.setDevicePixelRatio(dpr)
    widget.render(image, QPoint(), QRegion(), QWidget.RenderFlag.DrawChildren)
    return image


def _brightness(image: QImage, point: QPointF, dpr: float = 1.0, reach: int = 0) -> float:
    """Return the darkest brightness (0-255) within ``reach`` device pixels of ``point``."""
    x, y = round(point.x() * dpr), round(point.y() * dpr)
    return min(
        sum(image.pixelColor(x + dx, y + dy).getRgb()[:3]) / 3
        for dx in range(-reach, reach + 1)
        for dy in range(-reach, reach + 1)
    )


@pytest.fixture
def panel(qtbot) -> AmplifierPanel:
    view = AmplifierPanel(NIGHT)
    qtbot.addWidget(view)
    view.resize(700, 140)
    view.show()
    qtbot.waitExposed(view)
    return view


# ---------------------------------------------------------------- the needle's angle (pure)
def test_needle_rests_on_the_left_pin_in_silence() -> None:
    for mode in MeterMode:
        assert needle_angle_deg(-math.inf, mode) == ANGLE_MIN_DEG
        assert needle_angle_deg(math.nan, mode) == ANGLE_MIN_DEG
        assert needle_angle_deg(-200.0, mode) == pytest.approx(ANGLE_MIN_DEG, abs=0.01)


def test_vu_needle_meets_the_scale_ends_and_zero_vu() -> None:
    marks = {mark.label: mark for mark in vu_marks() if mark.major and not mark.red}
    minus_20 = needle_angle_deg(dbfs_of_vu(-20.0), MeterMode.VU)
    assert minus_20 == pytest.approx(angle_of_fraction(marks["20"].fraction))
    assert minus_20 == pytest.approx(ANGLE_MIN_DEG + 96.0 * 0.1 / 10 ** (3 / 20))
    assert needle_angle_deg(dbfs_of_vu(3.0), MeterMode.VU) == pytest.approx(ANGLE_MAX_DEG)
    zero = needle_angle_deg(-18.0, MeterMode.VU)  # EBU R68: 0 VU is -18 dBFS
    assert zero == pytest.approx(angle_of_fraction(marks["0"].fraction))
    assert zero == pytest.approx(ANGLE_MIN_DEG + 96.0 * 10 ** (-3 / 20))


def test_ppm_needle_points_up_at_mark_4_and_meets_marks_1_and_7() -> None:
    assert needle_angle_deg(-18.0, MeterMode.PPM) == pytest.approx(0.0)
    marks = {mark.label: mark for mark in ppm_marks()}
    for label in ("1", "7"):
        expected = angle_of_fraction(marks[label].fraction)
        assert needle_angle_deg(dbfs_of_ppm_mark(float(label)), MeterMode.PPM) == pytest.approx(
            expected
        )
    assert needle_angle_deg(dbfs_of_ppm_mark(1.0), MeterMode.PPM) == pytest.approx(
        -needle_angle_deg(dbfs_of_ppm_mark(7.0), MeterMode.PPM)
    )


@pytest.mark.parametrize("mode", list(MeterMode))
def test_levels_beyond_the_dial_clamp_to_the_right_pin(mode: MeterMode) -> None:
    for level in (0.0, 12.0, math.inf):
        assert needle_angle_deg(level, mode) == ANGLE_MAX_DEG
    levels = np.linspace(-80.0, 6.0, 200)
    angles = [needle_angle_deg(float(level), mode) for level in levels]
    assert all(b >= a for a, b in itertools.pairwise(angles))


# ---------------------------------------------------------------- segments (pure)
def test_lit_segment_count_across_the_range() -> None:
    count = lambda level: lit_segment_count(level, -60.0, 0.0, 20)  # noqa: E731
    assert count(-60.0) == 0 and count(-math.inf) == 0 and count(math.nan) == 0
    assert count(-59.9) == 1
    assert count(-30.0) == 10 and count(-29.9) == 11
    assert count(0.0) == 20 and count(6.0) == 20 and count(math.inf) == 20
    counts = lit_segment_counts(np.array([-70.0, -45.0, -3.1, 3.0]), -60.0, 0.0, 20)
    assert counts.tolist() == [0, 5, 19, 20]


def test_segment_plan_uses_round_steps_that_fit() -> None:
    plan = segment_plan(-60.0, 0.0, 84.0, 9.0)
    assert plan.segments == 20 and plan.segment_db == pytest.approx(3.0)
    assert plan.label_step_db % plan.segment_db == pytest.approx(0.0)
    assert plan.label_step_db * 84.0 / 60.0 >= 9.0 * 1.6
    small = segment_plan(-60.0, 0.0, 40.0, 6.0)
    assert 40.0 / small.segments >= 3.0
    with pytest.raises(ValueError, match="above its floor"):
        segment_plan(0.0, -60.0, 80.0, 9.0)


def test_grouped_columns_show_their_loudest_band() -> None:
    counts = np.array([1, 5, 2, 2, 7], dtype=np.int32)
    assert grouped_max(counts, 2).tolist() == [5, 2, 7]
    assert grouped_max(counts, 1) is counts


def test_frequency_labels_and_thinning_keep_1k() -> None:
    third = frequency_labels(THIRD_OCTAVE_CENTRES_HZ)
    assert [text for _, text in third] == [
        "31", "63", "125", "250", "500", "1k", "2k", "4k", "8k", "16k"
    ]  # fmt: skip
    assert THIRD_OCTAVE_CENTRES_HZ[third[5][0]] == 1000.0
    assert len(frequency_labels(TWELFTH_OCTAVE_HZ)) == 10
    centres = [10.0 * index for index in range(10)]
    kept = thin_labels(centres, [12.0] * 10, 2.0, anchor=5)
    assert 5 in kept and len(kept) < 10
    assert all(centres[b] - centres[a] >= 14.0 for a, b in itertools.pairwise(kept))


# ---------------------------------------------------------------- the meter view
def test_meter_set_level_moves_the_needle_and_repaints(qtbot) -> None:
    meter = VuMeterView(NIGHT, "R")
    qtbot.addWidget(meter)
    meter.resize(156, 101)
    meter.show()
    qtbot.waitExposed(meter)
    paints = PaintCounter(meter)
    meter.set_level(-18.0)
    assert meter.level_dbfs == -18.0
    assert meter.angle_deg == pytest.approx(needle_angle_deg(-18.0, MeterMode.VU))
    qtbot.waitUntil(lambda: paints.count > 0)
    meter.set_level(30.0)
    assert meter.angle_deg == ANGLE_MAX_DEG
    meter.set_mode(MeterMode.PPM)
    meter.set_level(-18.0)
    assert meter.angle_deg == pytest.approx(0.0)


def test_meter_asks_for_a_frame_only_when_something_shows(qtbot, monkeypatch) -> None:
    meter = VuMeterView(NIGHT, "L")
    qtbot.addWidget(meter)
    updates = []
    monkeypatch.setattr(meter, "update", lambda: updates.append(1))
    meter.set_level(-20.0)
    meter.set_level(-20.0)
    meter.set_peak_lamp(True)
    meter.set_peak_lamp(True)
    assert len(updates) == 2 and meter.peak_lamp
    meter.set_mode(MeterMode.VU)
    assert len(updates) == 2


def test_meter_draws_its_needle_where_the_level_points(qtbot) -> None:
    meter = VuMeterView(NIGHT, "L")
    qtbot.addWidget(meter)
    meter.resize(156, 101)
    geo = dial_geometry(156, 101)
    for level, away in ((-18.0, -60.0), (-60.0, -18.0)):
        meter.set_level(level)
        image = _render(meter, dpr=2.0)
        on = geo.point(needle_angle_deg(level, MeterMode.VU), geo.radius * 0.8)
        off = geo.point(needle_angle_deg(away, MeterMode.VU), geo.radius * 0.8)
        assert _brightness(image, on, 2.0, reach=2) < 60 < _brightness(image, off, 2.0, reach=2)


def test_meter_rejects_an_unknown_channel(qtbot) -> None:
    with pytest.raises(ValueError, match="'L' or 'R'"):
        VuMeterView(NIGHT, "C")


# ---------------------------------------------------------------- the analyser view
def test_spectrum_copies_levels_and_repaints(qtbot) -> None:
    view = SpectrumView(NIGHT)
    qtbot.addWidget(view)
    view.resize(290, 101)
    view.show()
    qtbot.waitExposed(view)
    paints = PaintCounter(view)
    levels, peaks = np.full(31, -30.0), np.full(31, -12.0)
    view.set_levels(levels, peaks)
    levels[:] = 0.0
    assert view.levels_db.tolist() == [-30.0] * 31 and view.peaks_db[0] == -12.0
    qtbot.waitUntil(lambda: paints.count > 0)
    with pytest.raises(ValueError, match="31 bands"):
        view.set_levels(np.zeros(30), np.zeros(30))


def test_spectrum_lights_the_counted_segments(qtbot) -> None:
    view = SpectrumView(NIGHT)
    qtbot.addWidget(view)
    view.resize(290, 101)
    view.set_levels(np.full(31, -30.0), np.full(31, -30.0 + 1e-9))
    image = _render(view)
    geo = view.painted_geometry
    assert geo is not None
    lit = lit_segment_count(-30.0, -60.0, 0.0, geo.segments)
    assert 0 < lit < geo.segments
    for column in (0, 15, geo.columns - 1):
        below = QRectF(geo.segment_rect(column, lit - 1)).center()
        above = QRectF(geo.segment_rect(column, lit)).center()
        assert _brightness(image, below) > 2 * _brightness(image, above)


def test_spectrum_takes_any_band_count_and_draws_thinner_columns(qtbot) -> None:
    view = SpectrumView(NIGHT)
    qtbot.addWidget(view)
    view.resize(290, 101)
    _render(view)
    wide = view.painted_geometry
    view.set_bands(TWELFTH_OCTAVE_HZ)
    assert view.levels_db.size == 120 and np.all(view.levels_db == -np.inf)
    view.set_levels(np.full(120, -20.0), np.full(120, -10.0))
    _render(view)
    thin = view.painted_geometry
    assert wide is not None and thin is not None
    assert thin.columns * thin.group >= 120 and thin.columns > wide.columns
    assert thin.x_edges[1] - thin.x_edges[0] < wide.x_edges[1] - wide.x_edges[0]


def test_spectrum_range_and_style(qtbot) -> None:
    view = SpectrumView(NIGHT)
    qtbot.addWidget(view)
    view.set_range(-48.0, 6.0)
    assert view.range_db == (-48.0, 6.0)
    with pytest.raises(ValueError, match="above its floor"):
        view.set_range(0.0, -10.0)
    view.set_style(AnalyserStyle.VFD)
    assert view.analyser_style is AnalyserStyle.VFD


# ---------------------------------------------------------------- the panel
def test_clicking_a_meter_toggles_vu_and_ppm(qtbot, panel: AmplifierPanel) -> None:
    with qtbot.waitSignal(panel.meter_mode_toggled, timeout=1000) as blocker:
        qtbot.mouseClick(panel.vu_right, Qt.MouseButton.LeftButton)
    assert blocker.args == [MeterMode.PPM]
    assert panel.vu_left.mode is MeterMode.PPM and panel.vu_right.mode is MeterMode.PPM
    with qtbot.waitSignal(panel.meter_mode_toggled, timeout=1000) as blocker:
        qtbot.mouseClick(panel.vu_left, Qt.MouseButton.LeftButton)
    assert blocker.args == [MeterMode.VU] and panel.meter_mode is MeterMode.VU


def test_clicking_the_analyser_cycles_led_and_vfd(qtbot, panel: AmplifierPanel) -> None:
    with qtbot.waitSignal(panel.analyser_style_toggled, timeout=1000) as blocker:
        qtbot.mouseClick(panel.spectrum, Qt.MouseButton.LeftButton)
    assert blocker.args == [AnalyserStyle.VFD] and panel.analyser_style is AnalyserStyle.VFD
    with qtbot.waitSignal(panel.analyser_style_toggled, timeout=1000) as blocker:
        qtbot.mouseClick(panel.spectrum, Qt.MouseButton.LeftButton)
    assert blocker.args == [AnalyserStyle.LED]


def test_set_meter_mode_reaches_both_meters_without_a_signal(qtbot, panel: AmplifierPanel) -> None:
    with qtbot.assertNotEmitted(panel.meter_mode_toggled):
        panel.set_meter_mode(MeterMode.PPM)
    assert panel.vu_left.mode is MeterMode.PPM and panel.vu_right.mode is MeterMode.PPM


def test_set_theme_renders_the_layers_again(qtbot, panel: AmplifierPanel) -> None:
    night = _render(panel)
    renders = (panel.faceplate_renders, panel.vu_left.layer_renders, panel.spectrum.layer_renders)
    _render(panel)
    assert (panel.faceplate_renders, panel.vu_left.layer_renders) == renders[:2]
    panel.set_theme(DAY)
    day = _render(panel)
    assert panel.faceplate_renders == renders[0] + 1
    assert panel.vu_left.layer_renders == renders[1] + 1
    assert panel.spectrum.layer_renders == renders[2] + 1
    plate = QPoint(panel.width() // 2, panel.height() - 3)
    assert day.pixelColor(plate).lightness() > night.pixelColor(plate).lightness()


def test_views_have_accessible_names(panel: AmplifierPanel) -> None:
    assert panel.vu_left.accessibleName() == "Left channel level meter"
    assert panel.vu_right.accessibleName() == "Right channel level meter"
    assert panel.spectrum.accessibleName() == "Spectrum analyser"
    assert "PPM" in panel.vu_left.accessibleDescription()
    assert panel.sizeHint().height() == 140 and panel.minimumSizeHint().height() == 96


@pytest.mark.parametrize(("width", "height"), [(420, 96), (700, 140), (1100, 180)])
def test_layout_keeps_the_windows_apart_and_inside(width: int, height: int) -> None:
    layout = panel_layout(width, height)
    left, spectrum, right = layout.windows()
    bezel = layout.bezel_px
    for window in layout.windows():
        assert layout.plate.contains(window.adjusted(-bezel, -bezel, bezel, bezel))
        assert window.bottom() + bezel < layout.strip.top() + 1
    assert (
        left.right() + 2 * bezel < spectrum.left() and spectrum.right() + 2 * bezel < right.left()
    )
    assert spectrum.width() > 0.35 * layout.plate.width()


def test_smallest_dial_keeps_its_scale_and_needle_on_the_face(qtbot) -> None:
    layout = panel_layout(420, 96)
    geo = dial_geometry(layout.meter_left.width(), layout.meter_left.height())
    for marks, figure_px in ((vu_marks(), geo.figure_px), (ppm_marks(), ppm_figure_px(geo))):
        metrics = QFontMetricsF(NIGHT.caption_font(figure_px))
        for mark in (mark for mark in marks if mark.label):
            centre = figure_centre(geo, mark, figure_px)
            half = QPointF(metrics.horizontalAdvance(mark.label) / 2, metrics.capHeight() / 2)
            assert geo.face.contains(QRectF(centre - half, centre + half)), mark
    for angle in (ANGLE_MIN_DEG, ANGLE_MAX_DEG):
        assert geo.face.contains(geo.point(angle, geo.needle_length))


def test_smallest_analyser_draws_within_its_window(qtbot) -> None:
    layout = panel_layout(420, 96)
    for dpr in (1.0, 2.0):
        window = layout.spectrum
        geo = analyser_geometry(NIGHT, window.width(), window.height(), dpr, 120, -60.0, 0.0)
        device = QRectF(0, 0, window.width() * dpr, window.height() * dpr)
        assert geo.columns * geo.group >= 120
        for column in (0, geo.columns - 1):
            for segment in (0, geo.segments - 1):
                assert device.contains(QRectF(geo.segment_rect(column, segment)))
        assert geo.y_of_db(0.0) - geo.scale_px / 2 >= 0
        assert geo.strip_top + geo.label_px <= window.height()


@pytest.mark.parametrize("dpr", [1.0, 2.0])
def test_panel_paints_at_the_smallest_size(qtbot, dpr: float) -> None:
    panel = AmplifierPanel(NIGHT)
    qtbot.addWidget(panel)
    panel.resize(420, 96)
    panel.spectrum.set_levels(np.full(31, -20.0), np.full(31, -6.0))
    for mode in MeterMode:
        panel.set_meter_mode(mode)
        for style in AnalyserStyle:
            panel.set_analyser_style(style)
            image = _render(panel, dpr)
            middle = image.pixelColor(round(210 * dpr), round(48 * dpr))
            assert middle != QColor(255, 0, 255)  # the panel covered the image it was given
    assert panel.vu_left.layer_renders == 2  # one per mode: the cache holds both
