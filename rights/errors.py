"""The one error the rights app raises for text it cannot read."""


class RestrictionError(ValueError):
    """Restriction text that cannot be read. `phrase` is the part that could not be."""

    def __init__(self, phrase: str, problem: str):
        self.phrase = phrase
        self.problem = problem
        super().__init__(f"Cannot read “{phrase}”: {problem}")
