"""Rules: the checks that turn a plan into findings, the finding type and the rule catalogue, and the runner
that runs every check of a file (with its context) and stamps codes and positions.
"""
