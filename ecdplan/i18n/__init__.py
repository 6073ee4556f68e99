"""Languages: labels and messages through the gettext catalogue (`locale/`), numbers and amounts in words
as each language writes them.
"""
