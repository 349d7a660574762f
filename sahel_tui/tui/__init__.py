"""The Textual shell over :class:`sahel_tui.core.workspace.Workspace`."""
