"""The service network: district boundaries, which centre and precinct serve each district,
catchment outlines, the map's layers and its picture for the briefing."""
