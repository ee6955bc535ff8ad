"""Insight over the records: value, risk, segments, profile, messages, reports as of a day. Imports records, store, rules."""
