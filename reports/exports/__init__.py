"""Files the portal produces: the data-entry template, the summary workbook (summary.py, unit_rows.py, sheets.py,
background runs in jobs.py), admin exports. Every cell goes through reports.exports.cells.safe_cell, so no text
is ever read as a formula."""
