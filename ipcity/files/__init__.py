"""A data directory on disk: YAML read with positions and messages, the plan loaded and cached."""
