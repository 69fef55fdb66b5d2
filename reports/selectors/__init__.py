"""Reads of reports for pages, e-mails and commands: no writes, no HTTP.

- sheet: one unit's report for one period, as the form and the report page show it;
- agenda: an officer's reports due, overdue, returned and past;
- review: a reviewer's queue and the status grid of units by periods;
- history: a report's transitions and changes, readable;
- paging: long lists counted up to a limit ("200+").
"""
