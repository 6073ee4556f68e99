"""Core: exact figures. Money in integer đồng, the fact table, the compiled plan, the display route (the one
rounding), funding, targets, deadlines, progress and the comparison of two plans.
"""
