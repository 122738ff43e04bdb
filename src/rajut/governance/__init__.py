"""Governance: who may do what (roles), users, data-sharing agreements and the audit log.

roles       the five roles and the permissions each holds
passwords   argon2 hashing and the strong-password rule
users       create / list / disable users (CLI and web)
audit       the tamper-evident audit log: append, query, verify
agreements  per-field data-sharing agreements between agencies, with the owner's consent
"""
