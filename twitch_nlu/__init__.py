"""Custom Rasa NLU components: thin glue between Rasa and twitch/nlp_read.py."""
