"""Reference: the outside facts a plan is checked against, each with its source: administrative units
before and after 1 July 2025, bodies, national target programmes, documents, and names as people write them.
"""
