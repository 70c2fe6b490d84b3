"""State that several Rasa instances share through Redis: the conversation lock
(`state.lock_store`) and the Redis settings of the channels' shared state (`state.redis`)."""
