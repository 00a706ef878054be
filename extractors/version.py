"""cleanwire's version, in a module of its own: the record (`extractors.article`) stamps it, and the
package's `__init__` re-exports it without an import circle."""

__version__ = "0.1.0"
