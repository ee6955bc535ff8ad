"""The book file: connection, transactions, migrations, lock, backups, undo journal, monthly jobs. No business rules; imports only rules, errors, i18n."""
