"""The trainer's toolkit: session plans, cohort packets, cohort summaries and blank handouts.

Nothing here is imported by ``import mentoringkit``; each piece is loaded when a trainer command runs.
"""
