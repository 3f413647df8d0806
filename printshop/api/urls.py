"""Routes of the print shop API below /api/printshop/ (spec paths, no trailing slash)."""

printshop: list = []
