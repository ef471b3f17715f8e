"""Statements and positions: each actor's quotes grouped by subject, with a stance and changes.

subjects.py says what a statement is about, stance.py how the speaker stands toward it,
timeline.py groups an actor's statements by subject and marks where the stance changes.
Positions are derived when asked, from the stored quotes (docs/positions.md says why).
"""
