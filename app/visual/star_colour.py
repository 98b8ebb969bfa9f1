"""The colour of a star: B-V colour index to temperature, and temperature to sRGB.

B-V to temperature uses Ballesteros' formula (Ballesteros 2012, EPL 97, 34008; see
``shared/docs/reference.md`` section 6)::

    T = 4600 K * (1 / (0.92 * BV + 1.7) + 1 / (0.92 * BV + 0.62))

Temperature to colour integrates Planck's law against the CIE 1931 2-degree colour matching
functions, in the multi-lobe Gaussian fit of Wyman, Sloan and Shirley (JCGT 2, 2013), converts
CIE XYZ to linear sRGB (D65 white, so a 6,500 K star is nearly white), scales each colour so
its brightest channel is 1 and encodes it with the sRGB curve. Everything is vectorised.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = [
    "BV_RANGE",
    "bv_to_temperature_k",
    "star_rgb",
    "temperature_to_srgb",
]

FloatArray = npt.NDArray[np.float64]

#: B-V values outside this range are clipped (the formula is fitted for real stars).
BV_RANGE = (-0.4, 2.0)

_PLANCK_C2_M_K = 1.438777e-2  # second radiation constant h c / k, in metre kelvin
_WAVELENGTHS_NM = np.arange(380.0, 781.0, 5.0)
# Wyman, Sloan & Shirley (2013) lobes: (weight, mean nm, sigma below, sigma above) per channel.
_LOBES = (
    ((1.056, 599.8, 37.9, 31.0), (0.362, 442.0, 16.0, 26.7), (-0.065, 501.1, 20.4, 26.2)),
    ((0.821, 568.8, 46.9, 40.5), (0.286, 530.9, 16.3, 31.1)),
    ((1.217, 437.0, 11.8, 36.0), (0.681, 459.0, 26.0, 13.8)),
)
_XYZ_TO_LINEAR_SRGB = np.array(
    [
        [3.2406, -1.5372, -0.4986],
        [-0.9689, 1.8758, 0.0415],
        [0.0557, -0.2040, 1.0570],
    ]
)


def _matching_functions() -> FloatArray:
    """Return the CIE 1931 x, y, z matching functions at :data:`_WAVELENGTHS_NM`, (3, n)."""
    curves = np.zeros((3, _WAVELENGTHS_NM.size))
    for channel, lobes in enumerate(_LOBES):
        for weight, mean_nm, below_nm, above_nm in lobes:
            sigma = np.where(mean_nm > _WAVELENGTHS_NM, below_nm, above_nm)
            curves[channel] += weight * np.exp(-0.5 * ((_WAVELENGTHS_NM - mean_nm) / sigma) ** 2)
    return curves


_CMF = _matching_functions()


def bv_to_temperature_k(bv: npt.ArrayLike) -> FloatArray:
    """Return the effective temperature in kelvin for B-V colour index ``bv`` (Ballesteros).

    Parameters
    ----------
    bv
        One B-V value or an array of them; clipped to :data:`BV_RANGE`.

    Returns
    -------
    numpy.ndarray
        Temperatures in kelvin, the shape of ``bv`` (a 0-d array for a scalar).

    """
    index = np.clip(np.asarray(bv, dtype=np.float64), *BV_RANGE)
    return 4600.0 * (1.0 / (0.92 * index + 1.7) + 1.0 / (0.92 * index + 0.62))


def _srgb_encode(linear: FloatArray) -> FloatArray:
    """Return linear light 0..1 encoded with the sRGB transfer curve."""
    linear = np.clip(linear, 0.0, 1.0)
    return np.where(linear <= 0.0031308, 12.92 * linear, 1.055 * np.power(linear, 1 / 2.4) - 0.055)


def temperature_to_srgb(temperature_k: npt.ArrayLike) -> FloatArray:
    """Return the sRGB colour (0..1, brightest channel 1) of a black body at ``temperature_k``.

    Parameters
    ----------
    temperature_k
        One temperature or an array of them, in kelvin (clipped to 1,000-40,000 K).

    Returns
    -------
    numpy.ndarray
        The colours, shape ``temperature_k.shape + (3,)``, as red, green, blue in 0..1.

    """
    kelvin = np.clip(np.asarray(temperature_k, dtype=np.float64), 1000.0, 40000.0)
    metres = _WAVELENGTHS_NM * 1e-9
    # Planck's law up to a constant factor, which the normalisation below removes.
    exponent = _PLANCK_C2_M_K / (metres * kelvin[..., np.newaxis])
    radiance = 1.0 / (metres**5 * np.expm1(exponent))
    xyz = radiance @ _CMF.T
    linear = xyz @ _XYZ_TO_LINEAR_SRGB.T
    linear = np.clip(linear, 0.0, None)
    linear /= np.max(linear, axis=-1, keepdims=True)
    return _srgb_encode(linear)


_COLOUR_SLICE = 512


def star_rgb(bv: npt.ArrayLike, saturation: float = 1.0) -> FloatArray:
    """Return the sRGB colour (0..1) of stars with colour index ``bv``.

    Parameters
    ----------
    bv
        One B-V value or an array of them.
    saturation
        1 gives the true black-body colour; more deepens it away from grey (stars look
        paler to the eye than on a picture, so a drawing may want 1.3-1.6), keeping the
        brightest channel at 1.

    Returns
    -------
    numpy.ndarray
        The colours, shape ``bv.shape + (3,)``.

    """
    values = np.asarray(bv, dtype=np.float64)
    flat = values.reshape(-1)
    rgb = np.empty((flat.size, 3))
    # In slices: the spectra of thousands of stars at once would take tens of megabytes.
    for start in range(0, flat.size, _COLOUR_SLICE):
        part = flat[start : start + _COLOUR_SLICE]
        rgb[start : start + part.size] = temperature_to_srgb(bv_to_temperature_k(part))
    rgb = rgb.reshape((*values.shape, 3))
    if saturation != 1.0:
        grey = rgb.mean(axis=-1, keepdims=True)
        rgb = np.clip(grey + (rgb - grey) * saturation, 0.0, None)
        rgb = np.clip(rgb / np.max(rgb, axis=-1, keepdims=True), 0.0, 1.0)
    return rgb
