"""Views of the hazards app, one module per topic (places, hazards, inspections, dangers, actions)."""
