"""Built-in audit steps: the main job's stages, from loading to handover."""
