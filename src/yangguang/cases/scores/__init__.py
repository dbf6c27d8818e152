"""Performance scores (绩效测评): services (``services.py``), the set-wise computation
(``selectors.py``) and the office page (``views.py``)."""
