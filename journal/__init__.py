"""The twitch journal (CONTRACT.md section 5): what the user logs, kept in tables of its
own, and what is made from it: patterns, a chart, a page for the doctor and a CSV.

- `journal.records`: the plain records every other module reads and returns.
- `journal.errors`: `JournalError`, raised for bad input, with a reply we wrote.
- `journal.store`: `Journal`, the one way in and out of the tables.
- `journal.patterns`, `journal.chart`, `journal.summary`, `journal.export`: pure
  functions from records to counts, a PNG, a page, a CSV.
- `journal.links`: the expiring links the web page server serves them under.
- `journal.migrate`: `python -m journal.migrate` brings the tables up to date.

docs/journal.md has the data model, the retention and the columns.
"""
