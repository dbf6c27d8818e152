"""Power lists in and out of Excel (权力清单导入导出).

* ``safety``: refuse what is not a spreadsheet, too large, or a zip bomb, before openpyxl
  ever opens it;
* ``columns``: the known column headers and their synonyms, header detection (title rows,
  two-row merged headers) and the optional JSON mapping file;
* ``cells``: parsing and formatting of cell text (time limits, legal bases,
  responsibility items, accountability circumstances) and formula neutralisation;
* ``reader``: the sheet as rows; ``plan``: the preview (row-level errors, what would be
  created or changed), which writes nothing;
* ``apply``: the set-wise writer behind ``services.power_items_import``;
* ``writer``: the export, in the same layout;
* ``jobs``: uploaded files and the progress of running imports (for the back office).
"""
