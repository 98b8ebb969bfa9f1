"""The turntable deck: :class:`DeckView` and the painters and controls it is made of."""

from app.ui.deck.deck_view import DeckView

__all__ = ["DeckView"]
