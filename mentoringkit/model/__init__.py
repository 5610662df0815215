"""The guides' tools as plain rules (no widgets, no files); each module is imported only when used."""
