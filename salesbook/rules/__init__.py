"""Pure rules: forecast, pay cycles, text parsing. No SQL, no book; imports only errors and i18n."""
