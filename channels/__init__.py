"""Input channels: Rasa's own, made strict about what they accept."""
