"""Quality measured on held-out public data with scorers written here (make eval)."""
