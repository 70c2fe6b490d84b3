"""Custom Rasa NLU components, thin glue between Rasa and twitch/nlp_read.py, and the
Rasa server's check of action-server replies (action_replies.py)."""
