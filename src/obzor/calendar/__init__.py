"""The forward calendar: announced events tracked to their outcome (docs/calendar.md)."""
