"""The domain core of sahel-tui.

Nothing below this package imports Textual: the CLI and the TUI are thin shells
over :class:`sahel_tui.core.workspace.Workspace`.
"""
