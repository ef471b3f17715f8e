"""Analysis stages over a cleaned Article."""
