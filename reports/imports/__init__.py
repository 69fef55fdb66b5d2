"""Spreadsheet imports: safe reading (xlsx), report values (import_values) and the union tree (import_orgs).

Every import is all-or-nothing: a file with any bad row changes nothing, and each problem is
reported with its row, its column and what is wrong.
"""
