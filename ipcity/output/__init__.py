"""Drawing answers: a terminal table, JSON, CSV, Markdown, HTML, XLSX."""
