"""One-stop dossiers, monthly figures and computed indicators (issue: One-stop logs to KPIs)."""
