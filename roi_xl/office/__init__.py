"""LibreOffice, headless: recalculation, printing, checking a workbook against the core.

* :mod:`~roi_xl.office.recalc`: recalculate a workbook and read it back by defined name;
* :mod:`~roi_xl.office.printout`: the PDF (and a PNG of its first page) of a workbook;
* :mod:`~roi_xl.office.verify`: compare recalculated names with :mod:`roi_xl.core`;
* :mod:`~roi_xl.office.simulate`: Monte Carlo of a recalculated case's Scenarios sheet.
"""
