"""Readers and writers of exchange formats (TBX, TMX, XLIFF, CSV/TSV term tables)."""
