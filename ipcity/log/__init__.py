"""The status log: a new record, typed on the command line or read from a form, checked
against the plan before it is appended."""
