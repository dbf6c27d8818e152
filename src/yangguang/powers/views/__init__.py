"""Pages of the power lists: ``public`` (the catalogue, 阳光示权) and ``office`` (the
working lists, their import and export, the review report)."""
