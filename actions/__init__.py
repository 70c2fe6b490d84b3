"""Custom actions: thin glue between Rasa and the pure modules in twitch/."""
