"""Server-rendered pages (Jinja2), their UI strings (i18n.yaml) and static files."""
