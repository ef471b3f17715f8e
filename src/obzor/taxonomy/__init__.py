"""Taxonomies as YAML data with ids, and their validating loaders."""
