"""Importing one-stop dossier logs: template columns, parsing, staging and the set-based upsert."""
