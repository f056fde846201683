"""Turns core objects into text, files and figures (Jinja2 drafts, exports, charts)."""
