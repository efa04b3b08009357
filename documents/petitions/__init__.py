"""Release petitions: templates, drafting, four-eyes approval and PDF rendering."""
