"""The web page with the chat widget, and the support site's FAQ page."""
