"""Formats: the pydantic models of each file format (plan, envelopes, scenario, progress) and the one
registry that says which format a file is.
"""
