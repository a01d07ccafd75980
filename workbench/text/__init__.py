"""Pure language code, no I/O: sentences, attribution (speakers, roles), details (numbers, dates, places,
actors), check-worthiness and the shared word lists. German and English."""
