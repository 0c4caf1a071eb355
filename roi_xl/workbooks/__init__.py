"""Workbook builders (openpyxl): one module per workbook or sheet, shared styles."""
