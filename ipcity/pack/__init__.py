"""Packs of files assembled from the plan's documents and its evidence: the 验收 dossier."""
