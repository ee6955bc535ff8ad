"""The records: customers, products, deliveries, payments, contacts, complaints, the maintained forecast tables (supply), due, plan. Imports store and rules."""
