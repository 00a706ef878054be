"""The one exception extractors raise: bad input, said in words a user can act on."""


class ExtractionError(ValueError):
    """Input that cannot hold an article (binary, too large, undecodable...)."""
