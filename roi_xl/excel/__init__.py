"""What Excel calls: the ``CS_`` functions and the server that serves them.

* :mod:`~roi_xl.excel.udfs`: the ``CS_`` functions, thin layers over :mod:`roi_xl.core`
  (``roi_xl.udfs`` is the same module under the name xlwings add-ins use);
* :mod:`~roi_xl.excel.decorator`: how a Python function becomes an Excel function
  for both xlwings runtimes, and the one place a Python error becomes an Excel error;
* :mod:`~roi_xl.excel.serve`: ``roi-xl serve``, xlwings Server for Excel on the web
  and Mac, with its project folder :mod:`roi_xl.excel.server`.
"""
