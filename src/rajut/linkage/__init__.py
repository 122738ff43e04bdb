"""Linkage: which records of which agencies are the same person and the same household.

records        the linkage input (``link.records``): one row per source record, latest version
deterministic  NIK pass that refuses to merge NIK ganda / a parent's NIK in a child's row
probabilistic  Splink (behind ``splink_adapter``) for everything NIK cannot settle
clusters       edges + review decisions + cannot-link constraints → clusters
ids            persistent person IDs across runs, merges and splits with reasons
households     household entities from No. KK, source household ids and mothers
"""
