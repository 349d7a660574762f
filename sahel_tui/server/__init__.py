"""Running sahel-tui for a team on one server: the built-in SSH server and the OpenSSH launcher.

Nothing in the domain core imports this package (import-linter contract).
"""
