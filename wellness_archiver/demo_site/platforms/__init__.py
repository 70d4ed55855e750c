"""One renderer module per blog platform; see ``_html.py`` for the shared interface."""
