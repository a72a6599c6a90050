"""keino: assess how sustainable and innovative a public procurement is."""

__version__ = "0.1.0"
