"""Readers for depositaries' live status pages (pure parsers: text in, typed records out)."""
