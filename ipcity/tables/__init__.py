"""Tables in and out: the plan as a breakdown table (CSV, XLSX), and such a table read back."""
