"""Crossnote: an open, self-hostable, bilingual lifestyle social network."""
