"""The ambient mode's words: the title and artist under the label, and the hint to leave.

Each is drawn once into a picture with a soft shadow under the letters (so they stay legible
over a bright patch of sky), then copied every frame. The title is set in the shop's reading
face, the artist in its engraved capitals; both fall back to a font with Hangul for Korean.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPen

from app.ui.ambient.ambient_art import blank_image
from app.ui.ambient.ambient_layout import AmbientLayout
from app.ui.theme import Theme

# Key names stay as the keycaps print them; the words are translated where they are drawn.
HINT_PARTS = (
    ("key", "F"),
    ("word", QT_TRANSLATE_NOOP("AmbientText", "or")),
    ("key", "Esc"),
    ("word", QT_TRANSLATE_NOOP("AmbientText", "to leave")),
)
PAUSED_NOTE = QT_TRANSLATE_NOOP("AmbientText", "PAUSED")
_PAUSED_DIM = 0.62  # the words' opacity while paused
_CJK_START = 0x1100  # Hangul Jamo; the CJK blocks all lie above it
_BLUR = 3  # the shadow is drawn at 1/_BLUR of the size and smoothed back up

Draw = Callable[[QPainter, bool], None]  # draws the words; True: as a shadow mask


def text_block(
    title: str, artist: str, paused: bool, layout: AmbientLayout, dpr: float, theme: Theme
) -> QImage:
    """Return the title, the artist and (when ``paused``) the note, centred in the text box."""
    box = layout.text_rect
    title_font = theme.text_font(layout.title_px)
    artist_font = theme.caption_font(layout.artist_px)
    spacing = 116 if _is_latin(artist) else 100  # spaced-out Hangul reads as single letters
    artist_font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, spacing)
    title_line = QFontMetricsF(title_font).height()
    artist_line = QFontMetricsF(artist_font).height()
    gap = layout.title_px * 0.3
    dim = _PAUSED_DIM if paused else 1.0

    def draw(painter: QPainter, mask: bool) -> None:
        top = 0.0
        for text, font, colour, line in (
            (title, title_font, theme.ink, title_line),
            (artist.upper(), artist_font, theme.brass_light, artist_line),
        ):
            tint = QColor(0, 0, 0) if mask else _faded(colour, dim)
            _line(painter, font, tint, QRectF(0, top, box.width(), line), text)
            top += line + gap
        if paused:
            _paused_note(painter, theme, layout.note_px, box.width(), top + gap * 0.4, mask)

    return _with_shadow(box.width(), box.height(), dpr, draw)


def _is_latin(text: str) -> bool:
    """Return whether ``text`` has nothing from Hangul or the CJK blocks above it."""
    return all(ord(char) < _CJK_START for char in text)


def _line(painter: QPainter, font: QFont, colour: QColor, box: QRectF, text: str) -> None:
    """Draw one centred line of ``text``, elided at the end if it is too long.

    A margin is kept at both ends, so the shadow is not cut off at the picture's edge.
    """
    painter.setFont(font)
    painter.setPen(colour)
    room = box.width() - 2 * font.pixelSize()
    fitted = QFontMetricsF(font).elidedText(text, Qt.TextElideMode.ElideRight, room)
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, fitted)


def _paused_note(
    painter: QPainter, theme: Theme, size_px: float, width: float, top: float, mask: bool
) -> None:
    """Draw a small pause mark and the word beside it, centred."""
    note = QCoreApplication.translate("AmbientText", PAUSED_NOTE)
    font = theme.caption_font(size_px)
    spacing = 135 if _is_latin(note) else 100  # spaced-out Hangul reads as single letters
    font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, spacing)
    metrics = QFontMetricsF(font)
    word_w = metrics.horizontalAdvance(note)
    bar_w, bar_gap, after = size_px * 0.16, size_px * 0.16, size_px * 0.45
    total = 2 * bar_w + bar_gap + after + word_w
    left = (width - total) / 2
    colour = QColor(0, 0, 0) if mask else theme.accent
    bar_h = metrics.capHeight()
    line_h = metrics.height()
    bar_top = top + (line_h - bar_h) / 2
    for offset in (0.0, bar_w + bar_gap):
        painter.fillRect(QRectF(left + offset, bar_top, bar_w, bar_h), colour)
    painter.setFont(font)
    painter.setPen(colour)
    box = QRectF(left + 2 * bar_w + bar_gap + after, top, word_w + size_px, line_h)
    painter.drawText(box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, note)


def hint(layout: AmbientLayout, dpr: float, theme: Theme) -> QImage:
    """Return "F or Esc to leave", the keys drawn as small keycaps, centred in the hint box."""
    box = layout.hint_rect
    word_font = theme.text_font(layout.hint_px)
    key_font = theme.caption_font(layout.hint_px * 1.05)
    pad, space = layout.hint_px * 0.5, layout.hint_px * 0.45
    parts = [
        (kind, text if kind == "key" else QCoreApplication.translate("AmbientText", text))
        for kind, text in HINT_PARTS
    ]
    widths = [
        QFontMetricsF(key_font if kind == "key" else word_font).horizontalAdvance(text)
        + (2 * pad if kind == "key" else 0)
        for kind, text in parts
    ]
    cap_h = layout.hint_px * 1.6

    def draw(painter: QPainter, mask: bool) -> None:
        left = (box.width() - sum(widths) - space * (len(widths) - 1)) / 2
        ink = QColor(0, 0, 0) if mask else theme.ink_dim
        for (kind, text), width in zip(parts, widths, strict=True):
            cell = QRectF(left, (box.height() - cap_h) / 2, width, cap_h)
            if kind == "key":
                edge = _faded(ink, 0.7)
                painter.setPen(QPen(edge, max(1.0, layout.hint_px * 0.07)))
                painter.setBrush(_faded(ink, 0.08))
                radius = cap_h * 0.22
                painter.drawRoundedRect(cell.adjusted(0.5, 0.5, -0.5, -0.5), radius, radius)
            painter.setFont(key_font if kind == "key" else word_font)
            painter.setPen(ink)
            painter.drawText(cell, Qt.AlignmentFlag.AlignCenter, text)
            left += width + space

    return _with_shadow(box.width(), box.height(), dpr, draw)


def _with_shadow(width: float, height: float, dpr: float, draw: Draw) -> QImage:
    """Return the words ``draw`` draws, over a soft shadow of themselves."""
    mask = blank_image(width, height, dpr)
    painter = _text_painter(mask)
    draw(painter, True)
    painter.end()
    small = mask.scaled(
        max(1, mask.width() // _BLUR),
        max(1, mask.height() // _BLUR),
        Qt.AspectRatioMode.IgnoreAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )
    image = blank_image(width, height, dpr)
    painter = _text_painter(image)
    painter.setOpacity(0.7)
    painter.drawImage(QRectF(0, 1.0, width, height), small)
    painter.setOpacity(1.0)
    draw(painter, False)
    painter.end()
    return image


def _text_painter(image: QImage) -> QPainter:
    painter = QPainter(image)
    painter.setRenderHints(
        QPainter.RenderHint.Antialiasing
        | QPainter.RenderHint.TextAntialiasing
        | QPainter.RenderHint.SmoothPixmapTransform
    )
    return painter


def _faded(colour: QColor, share: float) -> QColor:
    result = QColor(colour)
    result.setAlphaF(colour.alphaF() * share)
    return result
