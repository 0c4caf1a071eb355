"""The xlwings Server project that ``roi-xl serve`` runs (see :mod:`roi_xl.excel.serve`).

xlwings Server imports the top-level modules ``custom_functions`` and
``custom_scripts`` from its project folder; this folder is that project.
"""
