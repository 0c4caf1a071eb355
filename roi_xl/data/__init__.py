"""What comes in: helpdesk exports, vendor presets, touch logs, scenario files.

* :mod:`~roi_xl.data.reader`: CSV, ``.xlsx`` and Parquet exports read strictly
  in bounded memory (DuckDB);
* :mod:`~roi_xl.data.presets`: each helpdesk's field names onto the generic columns;
* :mod:`~roi_xl.data.baseline`: monthly KPIs and the baseline of an export;
* :mod:`~roi_xl.data.touchlog`: touch exports for attribution, and their results;
* :mod:`~roi_xl.data.scenario`: a business case described in TOML;
* :mod:`~roi_xl.data.track`: monthly KPIs into a copy of a business case;
* :mod:`~roi_xl.data.synthetic`: the seeded synthetic export shipped as the example.

Scenario files are checked against the workbooks' own input lists, so this
room sits above :mod:`roi_xl.workbooks`.
"""
