"""Views of the injuries app, split by topic: cards, units and accidents, statistics, transfer."""
