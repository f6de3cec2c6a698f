"""The index: a plan and what is derived from it, kept in SQLite between commands.

The YAML files stay the source of truth; the index is derived and disposable (deleting
it changes nothing but speed). It is inert: tables of text and numbers, never code.

- columns.py  how a field of a record, a part or a task becomes a column, and back
- schema.py   the tables, indexes and views (the same in `export --format sqlite`)
- fresh.py    whether the files are still the bytes the index was built from
- write.py    an index written whole from a loaded plan, or extended by a log's tail
- source.py   a plan read back from an index: its log and kept answers read when asked
- queries.py  what `list` and `due` read straight from the rows, without a plan
- store.py    where index files live, and how a new one replaces the old
- open.py     a data directory's plan: from its index when fresh, else loaded and indexed
"""
