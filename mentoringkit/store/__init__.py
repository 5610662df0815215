"""Where work lives: change-level saving (three-way merge under a lock), so two tabs, two pages or two
people writing to one document never erase each other's work. See docs/store.md for the design.

Nothing is imported here eagerly: ``import mentoringkit`` must stay cheap.
"""
