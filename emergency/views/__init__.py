"""Views of the emergency app, one module per topic."""
