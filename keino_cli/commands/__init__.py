"""One module per command group; `keino_cli.cli` registers them. Heavy imports stay inside functions."""
