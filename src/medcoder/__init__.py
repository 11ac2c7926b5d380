"""medcoder: open-source medical coding over the official code sets."""

__version__ = "0.1.0"
